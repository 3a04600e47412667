import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../test/factories';
import { auditLog, orgs, type AuditRow, type OrgRow } from '../db/schema';
import { verifyAudit } from './audit';

const MINUTE = 60_000;
let env: TestEnv;
/** The injected clock runs this far ahead of real time. */
let clockOffsetMs = 0;
let t0: number;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let admin: LoggedIn;
let officerA: LoggedIn;
let headA: LoggedIn;
let headAUserId: string;
let unitAId: string;
let unitBId: string;

async function createUnit(parent: OrgRow, code: string): Promise<string> {
  const r = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: admin.headers, payload: { code, name: `Phòng ${code}`, kind: 'unit', parentId: parent.id } });
  expect(r.statusCode).toBe(200);
  return r.json<{ id: string }>().id;
}

beforeAll(async () => {
  env = await createTestEnv({ clock: () => new Date(Date.now() + clockOffsetMs) });
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  t0 = Date.now();
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  const head = await makeUser(db, { org: communeA, role: 'org_head' });
  headAUserId = head.id;
  headA = await login(env.app, head);
  // Audited writes at known times: A's unit ten minutes in, B's twenty.
  clockOffsetMs = 10 * MINUTE;
  unitAId = await createUnit(communeA, `PA${communeA.code}`);
  clockOffsetMs = 20 * MINUTE;
  unitBId = await createUnit(communeB, `PB${communeB.code}`);
  const me = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: admin.headers, payload: { title: 'Quản trị hệ thống' } });
  expect(me.statusCode).toBe(200);
  clockOffsetMs = 0;
});
afterAll(() => env.close());

const auditCount = async () => (await env.database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
const rowAt = async (seq: number): Promise<AuditRow> => {
  const [row] = await env.database.db.select().from(auditLog).where(eq(auditLog.seq, seq));
  if (!row) throw new Error(`no audit row ${seq}`);
  return row;
};

/** The message of an error and of its causes (the driver's error sits under the query builder's). */
function messages(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  while (cur instanceof Error) {
    parts.push(cur.message);
    cur = cur.cause;
  }
  return parts.join(' | ');
}
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return messages(e);
  }
  return 'no error';
}

/** Runs `fn` with the append-only trigger off, as an attacker with table-owner rights could. */
async function tampering(fn: () => Promise<void>) {
  await env.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
  try {
    await fn();
  } finally {
    await env.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  }
}

describe('the audit chain', () => {
  it('verifies every record written by audited API calls', async () => {
    const n = await auditCount();
    expect(n).toBeGreaterThanOrEqual(6);
    expect(await verifyAudit(env.database.db)).toEqual({ ok: true, checked: n, firstBadSeq: null, reason: null });
    const r = await env.app.inject({ url: '/api/audit/verify', headers: admin.headers });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, checked: n });
    // The whole-chain check is for root holders only.
    expect((await env.app.inject({ url: '/api/audit/verify', headers: headA.headers })).statusCode).toBe(403);
  });

  it('refuses UPDATE and DELETE on audit_log', async () => {
    const first = await rowAt(1);
    expect(await refusal(env.database.db.update(auditLog).set({ action: 'auth.nothing' }).where(eq(auditLog.seq, 1)))).toContain('append-only');
    expect(await refusal(env.database.db.delete(auditLog).where(eq(auditLog.seq, 1)))).toContain('append-only');
    expect(await rowAt(1)).toEqual(first);
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });

  it("detects a record whose 'after' was altered, at its seq", async () => {
    const seq = 3;
    const original = await rowAt(seq);
    await tampering(async () => {
      await env.database.db.update(auditLog).set({ after: { forged: true } }).where(eq(auditLog.seq, seq));
      expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'altered', checked: seq - 1 });
      await env.database.db.update(auditLog).set({ after: original.after }).where(eq(auditLog.seq, seq));
    });
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });

  it("detects a deleted middle record as 'missing'", async () => {
    const seq = 2;
    const original = await rowAt(seq);
    await tampering(async () => {
      await env.database.db.delete(auditLog).where(eq(auditLog.seq, seq));
      expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'missing' });
      await env.database.db.insert(auditLog).values(original);
    });
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });

  it("detects a deleted tail as 'head_mismatch'", async () => {
    const last = await auditCount();
    const original = await rowAt(last);
    await tampering(async () => {
      await env.database.db.delete(auditLog).where(eq(auditLog.seq, last));
      expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, reason: 'head_mismatch', firstBadSeq: last - 1, checked: last - 1 });
      await env.database.db.insert(auditLog).values(original);
    });
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});

describe('GET /api/audit', () => {
  type Entry = { seq: number; at: string; action: string; entityType: string; orgId: string | null; entityId: string | null };
  const list = async (who: LoggedIn, query = '') => {
    const r = await env.app.inject({ url: `/api/audit?limit=200${query}`, headers: who.headers });
    expect(r.statusCode).toBe(200);
    return r.json<{ items: Entry[]; total: number }>();
  };

  it('lists every entry to a province administrator, newest first', async () => {
    const { items, total } = await list(admin);
    expect(total).toBe(await auditCount());
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs[0]).toBe(total);
  });

  it('filters by action prefix, entity type and time window', async () => {
    const byAction = await list(admin, '&action=org.');
    expect(byAction.items.map((e) => e.entityId)).toEqual([unitBId, unitAId]);
    expect(byAction.items.every((e) => e.action === 'org.created')).toBe(true);

    const byType = await list(admin, '&entityType=org');
    expect(byType.total).toBe(2);
    const users = await list(admin, '&entityType=user&action=auth.login');
    expect(users.items.length).toBeGreaterThanOrEqual(3);
    expect(users.items.every((e) => e.entityType === 'user' && e.action.startsWith('auth.login'))).toBe(true);

    // A's unit was created 10 minutes in, B's 20: a window around 10 holds only A's.
    const from = new Date(t0 + 5 * MINUTE).toISOString();
    const to = new Date(t0 + 15 * MINUTE).toISOString();
    const windowed = await list(admin, `&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(windowed.items.map((e) => [e.action, e.entityId])).toEqual([['org.created', unitAId]]);
    const late = await list(admin, `&from=${encodeURIComponent(new Date(t0 + 15 * MINUTE).toISOString())}&entityType=org`);
    expect(late.items.map((e) => e.entityId)).toEqual([unitBId]);

    const bad = await env.app.inject({ url: '/api/audit?from=hom-qua', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.from).toContain('không phải ngày giờ hợp lệ');
  });

  it('is forbidden to a commune security officer', async () => {
    const r = await env.app.inject({ url: '/api/audit', headers: officerA.headers });
    expect(r.statusCode).toBe(403);
  });

  it("shows the head of commune A only A's entries", async () => {
    const { items } = await list(headA);
    expect(items.length).toBeGreaterThan(0);
    const aSubtree = await env.database.db.select({ id: orgs.id }).from(orgs).where(sql`${orgs.path} LIKE ${`${communeA.path}%`}`);
    const allowed = new Set(aSubtree.map((o) => o.id));
    expect(items.every((e) => e.orgId !== null && allowed.has(e.orgId))).toBe(true);
    expect(items.map((e) => e.entityId)).toContain(unitAId);
    expect(items.map((e) => e.entityId)).toContain(headAUserId);
    expect(items.map((e) => e.entityId)).not.toContain(unitBId);
    const filteredToB = await list(headA, `&orgId=${communeB.id}`);
    expect(filteredToB).toEqual({ items: [], total: 0 });
  });
});
