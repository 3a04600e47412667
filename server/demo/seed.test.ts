import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { openTestDatabase } from '../test/harness';
import { queryRows, type Database } from '../db/connect';
import { auditLog, orgs, roleAssignments, users } from '../db/schema';
import { verifyAudit } from '../audit/audit';
import { verifyPassword } from '../modules/auth/passwords';
import { COMMUNE_COUNT, COMMUNES_WITHOUT_OFFICER, DEMO_ACCOUNTS, DEMO_PASSWORD, buildDemoProvince, isEmpty, seedDemo } from './seed';

describe('demo province seed', () => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    expect(await isEmpty(a.db)).toBe(true);
    const first = await seedDemo(a.db);
    expect(first.seeded).toBe(true);
    await seedDemo(b.db);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('is deterministic: two databases get identical org codes and ids', async () => {
    const q = (d: Database) => d.db.select({ id: orgs.id, code: orgs.code, name: orgs.name, path: orgs.path }).from(orgs).orderBy(asc(orgs.code));
    const [ra, rb] = await Promise.all([q(a), q(b)]);
    expect(ra.length).toBeGreaterThan(250);
    expect(ra).toEqual(rb);
    const ua = await a.db.select({ id: users.id, username: users.username, fullName: users.fullName }).from(users).orderBy(asc(users.username));
    const ub = await b.db.select({ id: users.id, username: users.username, fullName: users.fullName }).from(users).orderBy(asc(users.username));
    expect(ua).toEqual(ub);
    expect(buildDemoProvince()).toEqual(buildDemoProvince());
  });

  it('has one province root, the police with PA05, and at least 25 departments and agencies', async () => {
    const all = await a.db.select().from(orgs);
    expect(all.filter((o) => o.kind === 'province').map((o) => o.code)).toEqual(['TQ']);
    const police = all.find((o) => o.code === 'CAT');
    expect(police?.kind).toBe('police');
    expect(all.find((o) => o.code === 'PA05')?.parentId).toBe(police?.id);
    expect(all.filter((o) => o.kind === 'department' || o.kind === 'agency').length).toBeGreaterThanOrEqual(25);
    expect(all.find((o) => o.code === 'TTPVHCC')?.kind).toBe('service_center');
    for (const o of all) {
      expect(o.email).toMatch(/@tuyenquang\.gov\.vn$/);
      expect(o.phone).toBeTruthy();
      expect(o.address).toBeTruthy();
    }
  });

  it('has exactly 125 communes and wards, each with exactly one service center', async () => {
    const communes = await a.db.select().from(orgs).where(eq(orgs.kind, 'commune'));
    expect(communes).toHaveLength(COMMUNE_COUNT);
    expect(new Set(communes.map((c) => c.name)).size).toBe(COMMUNE_COUNT);
    expect(communes.some((c) => c.adminUnitKind === 'ward')).toBe(true);
    expect(communes.some((c) => c.adminUnitKind === 'commune')).toBe(true);
    const centers = await a.db
      .select({ parentId: orgs.parentId, n: count() })
      .from(orgs)
      .where(eq(orgs.kind, 'service_center'))
      .groupBy(orgs.parentId);
    const perParent = new Map(centers.map((c) => [c.parentId, c.n]));
    for (const c of communes) expect(perParent.get(c.id)).toBe(1);
  });

  it('designates a security officer for most units and leaves ~15 % of communes without one', async () => {
    const missing = await a.db.select({ n: count() }).from(orgs).where(and(eq(orgs.kind, 'commune'), isNull(orgs.securityOfficerId)));
    expect(missing[0]?.n).toBe(COMMUNES_WITHOUT_OFFICER);
    const depts = await a.db.select({ n: count() }).from(orgs).where(and(sql`${orgs.kind} IN ('department','agency')`, isNull(orgs.securityOfficerId)));
    expect(depts[0]?.n).toBe(0);
    const unqualified = await a.db.select({ n: count() }).from(users).where(eq(users.itQualification, 'none'));
    expect(unqualified[0]?.n).toBeGreaterThan(10);
  });

  it('creates every demo account with its role and the demo password', async () => {
    for (const acc of DEMO_ACCOUNTS) {
      const [u] = await a.db.select().from(users).where(eq(users.username, acc.username));
      expect(u, acc.username).toBeDefined();
      if (!u) continue;
      const roles = await a.db.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.userId, u.id));
      expect(roles.map((r) => r.role)).toContain(acc.role);
    }
    const [xa] = await a.db.select().from(users).where(eq(users.username, 'xa.attt'));
    expect(await verifyPassword(xa?.passwordHash ?? '', DEMO_PASSWORD)).toBe(true);
  });

  it('classifies most systems and has dossiers in every state, about 19 received and 10 approved', async () => {
    const states = await queryRows(a.db, sql`SELECT state, count(*)::int AS n FROM dossiers GROUP BY state`);
    const byState = Object.fromEntries(states.map((r) => [String(r.state), Number(r.n)]));
    expect(Object.keys(byState).sort()).toEqual(
      ['appraised', 'approved', 'draft', 'rejected', 'returned_for_revision', 'returned_incomplete', 'submitted', 'submitted_for_approval', 'under_appraisal', 'withdrawn'].sort(),
    );
    expect(byState.approved).toBe(10);
    const [received] = await queryRows(a.db, sql`SELECT count(*)::int AS n FROM dossiers WHERE received_at IS NOT NULL`);
    expect(Number(received?.n)).toBe(19);
    const [sys] = await queryRows(a.db, sql`SELECT count(*)::int AS n, count(proposed_level)::int AS classified, count(approved_level)::int AS approved FROM information_systems`);
    expect(Number(sys?.classified)).toBeGreaterThan(Number(sys?.n) * 0.8);
    expect(Number(sys?.approved)).toBe(10);
    // Every sent version is frozen, and the approved ones carry a decision.
    const [bad] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n FROM dossiers d JOIN dossier_versions v ON v.dossier_id = d.id AND v.version = 1
       WHERE (d.received_at IS NOT NULL) <> (v.frozen_at IS NOT NULL)`);
    expect(Number(bad?.n)).toBe(0);
  });

  it('is a no-op the second time, and leaves a verifiable audit trail', async () => {
    const before = await a.db.select({ n: count() }).from(orgs);
    const again = await seedDemo(a.db);
    expect(again.seeded).toBe(false);
    expect(await a.db.select({ n: count() }).from(orgs)).toEqual(before);
    const rows = await a.db.select().from(auditLog).where(eq(auditLog.action, 'demo.seeded'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actorLabel).toBe('system:seed-demo');
    const v = await verifyAudit(a.db);
    expect(v.ok).toBe(true);
  });
});
