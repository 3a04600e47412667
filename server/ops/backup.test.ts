import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { createTestEnv, openTestDatabase, type TestEnv } from '../test/harness';
import { login, makeCommune, makeProvince, makeUser } from '../test/factories';
import { auditLog, orgs } from '../db/schema';
import type { Database } from '../db/connect';
import { verifyAudit } from '../audit/audit';
import { backupDatabase, restoreDatabase, RestoreRefused } from './backup';

let env: TestEnv;
let dir: string;
const extra: Database[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'khien-backup-'));
  env = await createTestEnv({ startJobs: false });
  const db = env.database.db;
  const province = await makeProvince(db);
  const commune = await makeCommune(db, province);
  const admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  const officer = await makeUser(db, { org: commune, role: 'security_officer' });
  // Audit rows through the API, an org pointing at a user (orgs ↔ users cycle), jsonb, arrays, nulls.
  for (let i = 0; i < 5; i++) {
    const r = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: admin.headers, payload: { code: `BK${i}${commune.code}`, name: `Đơn vị «${i}» "quoted"`, kind: 'unit', parentId: commune.id } });
    expect(r.statusCode).toBe(200);
  }
  const d = await env.app.inject({ method: 'POST', url: `/api/orgs/${commune.id}/security-officer`, headers: admin.headers, payload: { userId: officer.id } });
  expect(d.statusCode).toBe(200);
  const t = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'SOC', orgId: province.id, actions: ['org.read'], expiresInDays: 30 } });
  expect(t.statusCode).toBe(200);
});
afterAll(async () => {
  for (const d of extra) await d.close();
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

async function freshDb(): Promise<Database> {
  const d = await openTestDatabase();
  extra.push(d);
  return d;
}

describe('logical backup', () => {
  it('round-trips byte for byte through a fresh database, audit chain intact', async () => {
    const first = path.join(dir, 'a.jsonl');
    const second = path.join(dir, 'b.jsonl');
    const counts = await backupDatabase(env.database, first);
    expect(counts.orgs).toBeGreaterThanOrEqual(7);
    expect(counts.audit_log).toBeGreaterThanOrEqual(7);
    expect(counts.api_tokens).toBe(1);
    const target = await freshDb();
    const progress: string[] = [];
    await restoreDatabase(target, first, (table) => progress.push(table));
    expect(progress).toContain('orgs');
    await backupDatabase(target, second);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect((await verifyAudit(target.db)).ok).toBe(true);
    const withOfficer = await target.db.select().from(orgs).where(sql`${orgs.securityOfficerId} IS NOT NULL`);
    expect(withOfficer).toHaveLength(1);
  });

  it('refuses to restore into a database that has data, and changes nothing', async () => {
    const file = path.join(dir, 'c.jsonl');
    await backupDatabase(env.database, file);
    const target = await freshDb();
    await makeProvince(target.db);
    await expect(restoreDatabase(target, file)).rejects.toThrow(RestoreRefused);
    const [n] = await target.db.select({ n: sql<number>`count(*)::int` }).from(orgs);
    expect(n?.n).toBe(1);
  });
});

describe('audit verification', () => {
  it('detects an altered row', async () => {
    const file = path.join(dir, 'd.jsonl');
    await backupDatabase(env.database, file);
    const target = await freshDb();
    await restoreDatabase(target, file);
    await target.raw.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await target.db.update(auditLog).set({ actorLabel: 'kẻ giả mạo' }).where(eq(auditLog.seq, 3));
    const v = await verifyAudit(target.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'altered' });
  });

  it('detects a deleted middle row', async () => {
    const file = path.join(dir, 'e.jsonl');
    await backupDatabase(env.database, file);
    const target = await freshDb();
    await restoreDatabase(target, file);
    await target.raw.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await target.db.delete(auditLog).where(eq(auditLog.seq, 4));
    const v = await verifyAudit(target.db);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'missing' });
  });
});
