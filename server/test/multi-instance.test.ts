/**
 * "Several app instances can share one database behind a load balancer": two real app instances
 * (buildApp), each with its own connection pool and its own job queue, on ONE PostgreSQL database.
 * Sessions, rate-limit and lockout counters, jobs and data must live in the database, not in an
 * instance's memory. PostgreSQL only: PGlite is embedded in one process by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { openDatabase, queryRows, type Database } from '../db/connect';
import { createJobs, type EmailJob, type Jobs } from '../jobs/queue';
import type { OrgRow } from '../db/schema';
import { sql } from 'drizzle-orm';
import { systemCtx, withTx } from '../http/context';
import { openTestDatabase, testConfig } from './harness';
import { withDb } from './global-setup';
import { cookieOf, login, makeCommune, makeProvince, makeUser } from './factories';

const onPostgres = !!inject('pgTemplate');

interface Instance {
  app: FastifyInstance;
  database: Database;
  jobs: Jobs;
}

/** One app instance: its own pool on the given database, its own pg-boss, the same code as main.ts. */
async function instance(database: Database): Promise<Instance> {
  const config = testConfig();
  const jobs = createJobs(database, { pollingIntervalSeconds: 0.5 });
  await jobs.start({ schedule: false });
  const app = await buildApp({ config, database, jobs, logger: false });
  await app.ready();
  return { app, database, jobs };
}

let a: Instance;
let b: Instance;
let commune: OrgRow;
/** email.send jobs handled by instance B's worker (instance A runs none). */
const deliveredByB: EmailJob[] = [];

const newIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

function postLogin(on: Instance, username: string, password: string, ip = newIp()): Promise<LightMyRequestResponse> {
  return on.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)('two app instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    // Instance A on a fresh database cloned from the migrated template; instance B opens a second,
    // separate pool on that same database.
    const dbA = await openTestDatabase();
    const [row] = await queryRows(dbA.db, sql`SELECT current_database() AS name`);
    const dbB = await openDatabase({ kind: 'postgres', url: withDb(inject('pgBaseUrl'), String(row?.name)), max: 5 });
    a = await instance(dbA);
    b = await instance(dbB);
    await b.jobs.work('email.send', async (data) => {
      deliveredByB.push(data);
    });
    const province = await makeProvince(a.database.db);
    commune = await makeCommune(a.database.db, province);
  });

  afterAll(async () => {
    for (const i of [b, a]) {
      if (!i) continue;
      await i.app.close();
      await i.jobs.stop();
    }
    await b?.database.close();
    await a?.database.close(); // drops the test database
  });

  it('accepts on instance B a session signed in on instance A, and a logout on B ends it on A', async () => {
    const user = await makeUser(a.database.db, { org: commune, role: 'security_officer' });
    const session = await login(a.app, user);
    const onB = await b.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json().user.username).toBe(user.username);
    expect((await b.app.inject({ method: 'GET', url: '/api/orgs?limit=20', headers: { cookie: session.cookie } })).statusCode).toBe(200);

    const out = await b.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(out.statusCode).toBeLessThan(300);
    expect((await a.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('reads on instance B what was written through instance A', async () => {
    const user = await makeUser(a.database.db, { org: commune, role: 'security_officer' });
    const session = await login(b.app, user);
    const fullName = `Đổi trên A ${randomBytes(3).toString('hex')}`;
    const write = await a.app.inject({ method: 'PATCH', url: '/api/me', payload: { fullName }, headers: session.headers });
    expect(write.statusCode).toBe(200);
    const read = await b.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie } });
    expect(read.json().user.fullName).toBe(fullName);
  });

  it('counts failed sign-ins alternated between A and B against one lockout; the job it enqueues on A runs on B', async () => {
    const email = `khoa.${randomBytes(3).toString('hex')}@xa.tinh.test`;
    const user = await makeUser(a.database.db, { org: commune, role: 'security_officer', email });
    const max = testConfig().loginMaxFailures;
    // Failures alternate B, A, B, A, …, ending on A, so that A is the instance that locks and enqueues.
    for (let i = max; i >= 1; i--) {
      const on = i % 2 === 1 ? a : b;
      const r = await postLogin(on, user.username, `sai-lan-${i}-mat-khau`);
      expect(r.statusCode).toBe(401);
    }
    for (const on of [a, b]) {
      const right = await postLogin(on, user.username, user.password);
      expect(right.statusCode).toBe(429);
      expect(right.json().error.message).toContain('Tài khoản đang tạm khóa');
      expect(right.headers['set-cookie']).toBeUndefined();
    }
    // The lock notice was enqueued in A's transaction; only B has a worker.
    await until('instance B to deliver the lock notice', () => deliveredByB.some((m) => m.to === email));
    expect(deliveredByB.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('shares the per-address sign-in rate limit between the instances', async () => {
    const user = await makeUser(a.database.db, { org: commune, role: 'security_officer' });
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      const r = await postLogin(i % 2 === 0 ? a : b, `khongco${i}x${randomBytes(2).toString('hex')}`, 'sai-mat-khau-roi', ip);
      expect(r.statusCode).toBe(401);
    }
    for (const on of [a, b]) {
      const limited = await postLogin(on, user.username, user.password, ip);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
    }
    // From another address the same user still signs in, on either instance.
    const ok = await postLogin(b, user.username, user.password);
    expect(ok.statusCode).toBe(200);
    expect(cookieOf(ok.headers['set-cookie'])).toMatch(/^khien_sid=/);
  });

  it('hands a job enqueued through instance A to the worker of instance B', async () => {
    const to = `hang.doi.${randomBytes(3).toString('hex')}@tinh.test`;
    // Enqueued in a transaction on A's pool, through A's pg-boss, as every service does it.
    const ctx = systemCtx({ db: a.database.db, database: a.database, config: testConfig(), jobs: a.jobs, clock: () => new Date(), log: a.app.log }, 'multi-instance-test');
    await withTx(ctx, (tx) => tx.jobs.enqueue(tx, 'email.send', { to, subject: 'Khiên: thử hàng đợi', text: 'Gửi qua A, xử lý ở B.' }));
    await until('instance B to process the job', () => deliveredByB.some((m) => m.to === to));
  });
});

if (!onPostgres) console.log('[multi-instance.test] runs on PostgreSQL only (set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)');
