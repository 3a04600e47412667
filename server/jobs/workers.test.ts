/**
 * The worker's one job context (server/jobs/context.ts): handlers registered by startWorkers run with
 * the database, configuration and clock they were given where the worker starts — a clock years
 * ahead of the machine's shows that nothing falls back to its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestEnv, testConfig, type TestEnv } from '../test/harness';
import { makeProvince, makeUser, type TestUser } from '../test/factories';
import { coverageDaily, imports, rateLimits, sessions, type OrgRow } from '../db/schema';
import { vnDay } from '@shared/domain/working-days';
import { jobCtx, type WorkerCtx } from './context';
import { startWorkers } from './workers';

const NOW = new Date('2031-03-15T03:00:00Z');
const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

let env: TestEnv;
let worker: WorkerCtx;
let province: OrgRow;
let user: TestUser;

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  // A configuration that differs from the process environment's, and a clock of its own.
  worker = { db: env.database.db, database: env.database, config: testConfig({ KHIEN_DOSSIER_SUBMIT: 'head' }), jobs: env.jobs, clock: () => NOW, log: env.app.log };
  await startWorkers(worker, { send: () => Promise.resolve() });
  province = await makeProvince(env.database.db);
  user = await makeUser(env.database.db, { org: province, role: 'admin' });
});
afterAll(async () => {
  await env?.close();
});

describe('job context', () => {
  it("gives each handler a province-wide system context named after its queue, on the worker's config, database and clock", () => {
    const ctx = jobCtx(worker, 'incident.deadlines');
    expect(ctx.principal).toEqual({ kind: 'system', name: 'incident.deadlines', roots: ['/'] });
    expect(ctx.requestId).toBe('system:incident.deadlines');
    expect(ctx.inTx).toBe(false);
    expect(ctx.config).toBe(worker.config);
    expect(ctx.config.dossierSubmitMode).toBe('head');
    expect(ctx.database).toBe(env.database);
    expect(ctx.jobs).toBe(env.jobs);
    expect(ctx.clock()).toEqual(NOW);
  });

  it("maintenance.cleanup, run by the queue, removes what expired before the worker's now and keeps the rest", async () => {
    const db = env.database.db;
    const session = (id: string, expiresAt: Date) => ({ id, userId: user.id, csrfToken: randomUUID(), mfa: 'none' as const, expiresAt });
    const sfx = randomUUID().slice(0, 8);
    await db.insert(sessions).values([session(`old-${sfx}`, at(-8 * DAY_MS)), session(`recent-${sfx}`, at(-6 * DAY_MS))]);
    await db.insert(rateLimits).values([
      { key: `gone-${sfx}`, count: 1, expiresAt: at(-60_000) },
      { key: `kept-${sfx}`, count: 1, expiresAt: at(60_000) },
    ]);
    const oldImport = randomUUID();
    const newImport = randomUUID();
    const upload = (id: string, createdAt: Date) => ({ id, kind: 'orgs' as const, orgId: province.id, createdBy: user.id, fileName: 'don-vi.xlsx', rows: [], createdAt });
    await db.insert(imports).values([upload(oldImport, at(-3 * DAY_MS)), upload(newImport, at(-DAY_MS))]);

    const ctx = jobCtx(worker, 'maintenance.cleanup');
    await ctx.jobs.enqueue(ctx, 'maintenance.cleanup', {});
    await until('the cleanup', async () => {
      const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, `old-${sfx}`));
      const limits = await db.select({ key: rateLimits.key }).from(rateLimits).where(eq(rateLimits.key, `gone-${sfx}`));
      const uploads = await db.select({ id: imports.id }).from(imports).where(eq(imports.id, oldImport));
      return left.length + limits.length + uploads.length === 0;
    });
    expect((await db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, [`old-${sfx}`, `recent-${sfx}`]))).map((r) => r.id)).toEqual([`recent-${sfx}`]);
    expect((await db.select({ key: rateLimits.key }).from(rateLimits).where(inArray(rateLimits.key, [`gone-${sfx}`, `kept-${sfx}`]))).map((r) => r.key)).toEqual([`kept-${sfx}`]);
    expect((await db.select({ id: imports.id }).from(imports).where(inArray(imports.id, [oldImport, newImport]))).map((r) => r.id)).toEqual([newImport]);
  });

  it("coverage.snapshot, run by the queue, writes the worker's calendar day (Asia/Ho_Chi_Minh)", async () => {
    const db = env.database.db;
    const day = vnDay(NOW);
    expect(day).toBe('2031-03-15');
    const ctx = jobCtx(worker, 'coverage.snapshot');
    await ctx.jobs.enqueue(ctx, 'coverage.snapshot', {});
    const rowsOfDay = () => db.select().from(coverageDaily).where(and(eq(coverageDaily.day, day), eq(coverageDaily.orgId, province.id)));
    await until('the snapshot', async () => (await rowsOfDay()).length > 0);
    expect(await rowsOfDay()).toEqual([{ day, orgId: province.id, total: 0, excluded: 0, centralAv: 0, anyAv: 0, licensedOs: 0, seen: 0 }]);
  });
});
