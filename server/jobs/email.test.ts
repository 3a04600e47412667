import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../test/factories';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { queryRows } from '../db/connect';
import { systemCtx, withTx } from '../http/context';
import type { OrgRow } from '../db/schema';
import { createMailer } from './mailer';
import { startWorkers } from './workers';

let sink: SmtpSink;
let env: TestEnv;
let province: OrgRow;
let commune: OrgRow;
let admin: LoggedIn;

/** Every email.send job in pg-boss's table, whatever its state. */
async function emailJobs(): Promise<number> {
  const rows = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send'`);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  sink = await startSmtpSink();
  env = await createTestEnv({ config: { SMTP_URL: sink.url, MAIL_FROM: 'Khiên <khien@tinh.test>' } });
  const worker = { db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => new Date(), log: env.app.log };
  await startWorkers(worker, createMailer(env.config, () => undefined));
  const db = env.database.db;
  province = await makeProvince(db);
  commune = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
});
afterAll(async () => {
  await env?.close();
  await sink?.close();
});

describe('e-mail delivery', () => {
  it('delivers the Vietnamese password-reset notice to the user through SMTP', async () => {
    const target = await makeUser(env.database.db, { org: commune, email: 'can.bo@xa.tinh.test' });
    const r = await env.app.inject({
      method: 'POST',
      url: `/api/users/${target.id}/reset-password`,
      headers: admin.headers,
      payload: { newPassword: 'Mat-khau-moi-2026' },
    });
    expect(r.statusCode).toBe(200);
    const mail = await sink.waitFor((m) => m.to.includes('can.bo@xa.tinh.test'));
    expect(mail.from).toBe('khien@tinh.test');
    expect(mail.subject).toContain('mật khẩu đã được đặt lại');
    expect(mail.text).toContain(`Quản trị viên vừa đặt lại mật khẩu tài khoản ${target.username}`);
    expect(mail.text).toContain('đổi mật khẩu ở lần đăng nhập tới');
  });

  it('enqueues nothing when the request that would enqueue fails (unknown user → 404)', async () => {
    const pendingBefore = await env.jobs.pending('email.send');
    const jobsBefore = await emailJobs();
    const r = await env.app.inject({
      method: 'POST',
      url: `/api/users/${randomUUID()}/reset-password`,
      headers: admin.headers,
      payload: { newPassword: 'Mat-khau-moi-2026' },
    });
    expect(r.statusCode).toBe(404);
    expect(await env.jobs.pending('email.send')).toBe(pendingBefore);
    expect(await emailJobs()).toBe(jobsBefore);
  });

  it('rolls an enqueued job back with the transaction that enqueued it (outbox)', async () => {
    const jobsBefore = await emailJobs();
    const ctx = systemCtx(
      { db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => new Date(), log: env.app.log },
      'email-outbox-test',
    );
    await expect(
      withTx(ctx, async (tx) => {
        await tx.jobs.enqueue(tx, 'email.send', { to: 'rollback@tinh.test', subject: 'không được gửi', text: 'không được gửi' });
        expect(await queryRows(tx.db, sql`SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = 'rollback@tinh.test'`)).toHaveLength(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await emailJobs()).toBe(jobsBefore);
    expect(sink.messages.some((m) => m.to.includes('rollback@tinh.test'))).toBe(false);
  });
});
