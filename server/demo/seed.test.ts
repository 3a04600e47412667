import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { openTestDatabase } from '../test/harness';
import { queryRows, type Database } from '../db/connect';
import { auditLog, orgs, roleAssignments, users } from '../db/schema';
import { verifyAudit } from '../audit/audit';
import { verifyPassword } from '../modules/auth/passwords';
import { COMMUNE_COUNT, COMMUNES_WITHOUT_OFFICER, DEMO_ACCOUNTS, DEMO_PASSWORD, buildDemoProvince, isEmpty, seedDemo } from './seed';
import {
  CENTER_CENTRAL_AV, CENTER_CENTRAL_AV_START, CENTER_COMPUTERS, CENTRAL_AV_PRODUCT, HISTORY_DAYS, STATE_SECRET_MACHINES, buildDemoEndpoints,
} from './seed-endpoints';
import { vnDay } from '@shared/domain/working-days';

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
      ['appraised', 'approved', 'draft', 'rejected', 'returned_for_revision', 'returned_incomplete', 'submitted', 'submitted_for_approval', 'superseded', 'under_appraisal', 'withdrawn'].sort(),
    );
    expect(byState.approved).toBe(10);
    // One system's level was determined again under Decree 331: its old approval is superseded.
    expect(byState.superseded).toBe(1);
    const [re] = await queryRows(a.db, sql`
      SELECT n.regime, n.state FROM dossiers o JOIN dossiers n ON n.id = o.superseded_by WHERE o.state = 'superseded' AND o.regime = 'nd85_2016'`);
    expect(re).toMatchObject({ regime: 'nd331_2026', state: 'approved' });
    const [received] = await queryRows(a.db, sql`SELECT count(*)::int AS n FROM dossiers WHERE received_at IS NOT NULL`);
    expect(Number(received?.n)).toBe(19);
    // One of those under appraisal is of a system the appraiser's own division (PA05) runs: a council appraises it.
    const own = await queryRows(a.db, sql`
      SELECT d.state FROM dossiers d JOIN orgs o ON o.id = d.org_id WHERE o.code = 'PA05'`);
    expect(own.map((r) => r.state)).toEqual(['under_appraisal']);
    const [sys] = await queryRows(a.db, sql`SELECT count(*)::int AS n, count(proposed_level)::int AS classified, count(approved_level)::int AS approved FROM information_systems`);
    expect(Number(sys?.classified)).toBeGreaterThan(Number(sys?.n) * 0.8);
    expect(Number(sys?.approved)).toBe(10);
    // Every sent version is frozen, and the approved ones carry a decision.
    const [bad] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n FROM dossiers d JOIN dossier_versions v ON v.dossier_id = d.id AND v.version = 1
       WHERE (d.received_at IS NOT NULL) <> (v.frozen_at IS NOT NULL)`);
    expect(Number(bad?.n)).toBe(0);
  });

  // --- Endpoints (issue #4), asserted through the tables ------------------------------------------

  /** Machines at the 125 commune service centers (not the provincial center, which has none). */
  const AT_CENTERS = sql`
    FROM endpoints e JOIN orgs c ON c.id = e.org_id JOIN orgs p ON p.id = c.parent_id
   WHERE c.kind = 'service_center' AND p.kind = 'commune' AND e.retired_at IS NULL`;

  it('puts exactly 812 computers at the 125 centers, 31 of them running the central anti-malware', async () => {
    const [row] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n, count(DISTINCT c.id)::int AS centers, count(*) FILTER (WHERE e.state_secret)::int AS secret,
             count(*) FILTER (WHERE e.has_central_av)::int AS central,
             count(*) FILTER (WHERE e.has_central_av AND e.av_up_to_date)::int AS central_fresh ${AT_CENTERS}`);
    expect(Number(row?.n)).toBe(CENTER_COMPUTERS);
    expect(CENTER_COMPUTERS).toBe(812);
    expect(Number(row?.centers)).toBe(COMMUNE_COUNT);
    expect(Number(row?.secret)).toBe(0);
    expect(Number(row?.central)).toBe(CENTER_CENTRAL_AV);
    expect(CENTER_CENTRAL_AV).toBe(31);
    // Mostly up to date, not all.
    expect(Number(row?.central_fresh)).toBeGreaterThan(20);
    expect(Number(row?.central_fresh)).toBeLessThan(31);
    // The same figure over every service center (the provincial one has no machines of its own).
    const [all] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE e.has_central_av)::int AS central
        FROM endpoints e JOIN orgs c ON c.id = e.org_id WHERE c.kind = 'service_center'`);
    expect([Number(all?.n), Number(all?.central)]).toEqual([812, 31]);
    // The flags come from the products and the configured pattern: disabled Kaspersky and the home
    // editions do not count.
    const patterns = await queryRows(a.db, sql`SELECT pattern FROM central_av_products`);
    expect(patterns.map((p) => p.pattern)).toEqual([CENTRAL_AV_PRODUCT.pattern]);
    const [kes] = await queryRows(a.db, sql`
      SELECT count(*) FILTER (WHERE p.enabled IS FALSE)::int AS disabled,
             count(*) FILTER (WHERE p.enabled IS NOT FALSE AND NOT e.has_central_av)::int AS wrong
        FROM endpoint_av_products p JOIN endpoints e ON e.id = p.endpoint_id
       WHERE p.name ILIKE '%kaspersky endpoint security%'`);
    expect(Number(kes?.disabled)).toBeGreaterThan(0);
    expect(Number(kes?.wrong)).toBe(0);
    const [home] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE e.has_central_av)::int AS central
        FROM endpoint_av_products p JOIN endpoints e ON e.id = p.endpoint_id WHERE p.name IN ('Kaspersky Free', 'Kaspersky Internet Security')`);
    expect(Number(home?.n)).toBeGreaterThan(0);
    expect(Number(home?.central)).toBe(0);
  });

  it('gives the centers and offices plausible OS, licence and antivirus mixes, and every source', async () => {
    const [c] = await queryRows(a.db, sql`
      SELECT count(*) FILTER (WHERE NOT e.has_any_av)::int AS no_av, count(*) FILTER (WHERE e.os_licence <> 'licensed')::int AS not_licensed,
             count(*) FILTER (WHERE e.os_name LIKE '%Windows 7%')::int AS win7, count(*) FILTER (WHERE e.os_platform = 'linux')::int AS linux ${AT_CENTERS}`);
    expect(Number(c?.no_av)).toBeGreaterThan(CENTER_COMPUTERS * 0.4);
    expect(Number(c?.not_licensed)).toBeGreaterThan(CENTER_COMPUTERS * 0.6);
    expect(Number(c?.win7)).toBeGreaterThan(50);
    expect(Number(c?.linux)).toBeGreaterThan(0);
    expect(Number(c?.linux)).toBeLessThan(CENTER_COMPUTERS * 0.1);

    const [t] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE source = 'import')::int AS import, count(*) FILTER (WHERE source = 'agent')::int AS agent,
             count(*) FILTER (WHERE source = 'manual')::int AS manual, count(*) FILTER (WHERE av_up_to_date IS FALSE)::int AS stale,
             count(*) FILTER (WHERE has_central_av)::int AS central
        FROM endpoints`);
    expect(Number(t?.n)).toBeGreaterThan(3000);
    expect(Number(t?.n)).toBeLessThan(6000);
    expect(Number(t?.import)).toBeGreaterThan(Number(t?.agent));
    expect(Number(t?.agent)).toBeGreaterThan(Number(t?.manual));
    expect(Number(t?.manual)).toBeGreaterThan(0);
    expect(Number(t?.stale)).toBeGreaterThan(0);
    // Departments run the central product far more often than the centers.
    expect(Number(t?.central)).toBeGreaterThan(300);
    const names = await queryRows(a.db, sql`SELECT name, count(*) FILTER (WHERE enabled IS FALSE)::int AS off FROM endpoint_av_products GROUP BY name`);
    const byName = new Map(names.map((r) => [String(r.name), Number(r.off)]));
    for (const n of ['Windows Defender', 'Bkav Home', 'Avast Free Antivirus', 'Kaspersky Endpoint Security for Windows']) expect(byName.has(n), n).toBe(true);
    expect(byName.get('Windows Defender')).toBeGreaterThan(0); // switched off by activators on cracked Windows

    // Last seen spread over weeks: some machines not seen for more than 7 days.
    const [seen] = await queryRows(a.db, sql`
      SELECT count(*) FILTER (WHERE s.at < now() - interval '7 days')::int AS stale, count(*) FILTER (WHERE s.at >= now() - interval '1 day')::int AS fresh,
             count(*) FILTER (WHERE s.at IS NULL)::int AS never
        FROM endpoints e LEFT JOIN endpoint_checkins ch ON ch.endpoint_id = e.id, LATERAL (SELECT greatest(e.reported_seen_at, ch.seen_at) AS at) s`);
    expect(Number(seen?.stale)).toBeGreaterThan(100);
    expect(Number(seen?.fresh)).toBeGreaterThan(1000);
    expect(Number(seen?.never)).toBe(0);
    // Hardware ids are unique within an organisation (the import's first match key).
    const [dup] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM endpoints WHERE hardware_uuid IS NOT NULL GROUP BY org_id, lower(hardware_uuid) HAVING count(*) > 1) d`);
    expect(Number(dup?.n)).toBe(0);
  });

  it('gives agent machines a node (random key, hashed), a check-in and their installed programs', async () => {
    const [g] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n, count(n.id)::int AS nodes, count(ch.endpoint_id)::int AS checkins,
             count(*) FILTER (WHERE e.reported_seen_at IS NULL)::int AS no_reported,
             count(*) FILTER (WHERE (SELECT count(*) FROM endpoint_programs p WHERE p.endpoint_id = e.id) >= 3)::int AS with_programs
        FROM endpoints e LEFT JOIN agent_nodes n ON n.endpoint_id = e.id AND n.revoked_at IS NULL LEFT JOIN endpoint_checkins ch ON ch.endpoint_id = e.id
       WHERE e.source = 'agent'`);
    const n = Number(g?.n);
    expect(n).toBeGreaterThan(300);
    expect([Number(g?.nodes), Number(g?.checkins), Number(g?.no_reported), Number(g?.with_programs)]).toEqual([n, n, n, n]);
    const keys = await queryRows(a.db, sql`SELECT node_key_hash FROM agent_nodes`);
    for (const k of keys) expect(String(k.node_key_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(keys.map((k) => k.node_key_hash)).size).toBe(keys.length);
    // Node keys are random: the second database's differ.
    const other = await queryRows(b.db, sql`SELECT node_key_hash FROM agent_nodes`);
    expect(other.some((k) => keys.some((x) => x.node_key_hash === k.node_key_hash))).toBe(false);
    const progs = await queryRows(a.db, sql`SELECT DISTINCT name FROM endpoint_programs`);
    const names = progs.map((p) => String(p.name));
    for (const want of ['Google Chrome', 'VNPT-CA Plugin', 'UniKey', 'Zalo', 'osquery']) expect(names, want).toContain(want);
    expect(names.some((x) => x.startsWith('Microsoft Office'))).toBe(true);
    expect(names.some((x) => x.startsWith('7-Zip'))).toBe(true);
    const [imported] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n FROM endpoint_programs p JOIN endpoints e ON e.id = p.endpoint_id WHERE e.source <> 'agent'`);
    expect(Number(imported?.n)).toBe(0);
  });

  it('designates six state-secret machines, one of which checked in with an agent: one open violation', async () => {
    const [s] = await queryRows(a.db, sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE cardinality(ip_addresses) = 0)::int AS offline FROM endpoints WHERE state_secret`);
    expect(Number(s?.n)).toBe(STATE_SECRET_MACHINES);
    expect(STATE_SECRET_MACHINES).toBe(6);
    expect(Number(s?.offline)).toBe(STATE_SECRET_MACHINES - 2);
    const open = await queryRows(a.db, sql`
      SELECT v.kind, v.occurrences, e.state_secret, e.hostname, o.code, n.revoked_at AS node_revoked, ch.seen_at
        FROM endpoint_violations v JOIN endpoints e ON e.id = v.endpoint_id JOIN orgs o ON o.id = v.org_id AND o.id = e.org_id
        JOIN agent_nodes n ON n.endpoint_id = e.id JOIN endpoint_checkins ch ON ch.endpoint_id = e.id
       WHERE v.resolved_at IS NULL`);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'state_secret_agent', state_secret: true, code: 'X001', node_revoked: null });
    expect(Date.now() - new Date(String(open[0]?.seen_at)).getTime()).toBeLessThan(86_400_000);
    const [resolved] = await queryRows(a.db, sql`SELECT count(*)::int AS n FROM endpoint_violations WHERE resolved_at IS NOT NULL AND resolution_note IS NOT NULL`);
    expect(Number(resolved?.n)).toBe(1);
    // No other state-secret machine has a live agent.
    const [agents] = await queryRows(a.db, sql`
      SELECT count(*)::int AS n FROM agent_nodes n JOIN endpoints e ON e.id = n.endpoint_id WHERE e.state_secret AND n.revoked_at IS NULL`);
    expect(Number(agents?.n)).toBe(1);
  });

  it('writes 90 days of coverage history: the centers rise from 10 to 31, and today matches the live figures', async () => {
    const days = await queryRows(a.db, sql`SELECT DISTINCT day::text AS day FROM coverage_daily ORDER BY 1`);
    expect(days).toHaveLength(HISTORY_DAYS);
    expect(days[days.length - 1]?.day).toBe(vnDay(new Date()));
    const curve = await queryRows(a.db, sql`
      SELECT d.day::text AS day, sum(d.central_av)::int AS central, sum(d.total)::int AS total
        FROM coverage_daily d JOIN orgs c ON c.id = d.org_id JOIN orgs p ON p.id = c.parent_id
       WHERE c.kind = 'service_center' AND p.kind = 'commune' GROUP BY d.day ORDER BY d.day`);
    expect(curve).toHaveLength(HISTORY_DAYS);
    expect(Number(curve[0]?.central)).toBe(CENTER_CENTRAL_AV_START);
    expect(Number(curve[curve.length - 1]?.central)).toBe(CENTER_CENTRAL_AV);
    expect(Number(curve[curve.length - 1]?.total)).toBe(CENTER_COMPUTERS);
    for (let i = 1; i < curve.length; i++) expect(Number(curve[i]?.central)).toBeGreaterThanOrEqual(Number(curve[i - 1]?.central));
    expect(Number(curve[0]?.total)).toBeLessThan(CENTER_COMPUTERS); // machines discovered since

    // Today's rows are what the tables say now (7-day window), organisation by organisation.
    const diff = await queryRows(a.db, sql`
      WITH live AS (
        SELECT e.org_id, count(*) FILTER (WHERE NOT e.state_secret)::int AS total, count(*) FILTER (WHERE e.state_secret)::int AS excluded,
               count(*) FILTER (WHERE NOT e.state_secret AND e.has_central_av)::int AS central_av,
               count(*) FILTER (WHERE NOT e.state_secret AND e.has_any_av)::int AS any_av,
               count(*) FILTER (WHERE NOT e.state_secret AND e.os_licence = 'licensed')::int AS licensed_os,
               count(*) FILTER (WHERE NOT e.state_secret AND greatest(e.reported_seen_at, ch.seen_at) >= now() - interval '7 days')::int AS seen
          FROM endpoints e LEFT JOIN endpoint_checkins ch ON ch.endpoint_id = e.id WHERE e.retired_at IS NULL GROUP BY e.org_id)
      SELECT l.org_id, d.org_id AS hist FROM live l
        FULL JOIN (SELECT * FROM coverage_daily WHERE day = (SELECT max(day) FROM coverage_daily)) d ON d.org_id = l.org_id
       WHERE (l.total, l.excluded, l.central_av, l.any_av, l.licensed_os, l.seen) IS DISTINCT FROM (d.total, d.excluded, d.central_av, d.any_av, d.licensed_os, d.seen)`);
    expect(diff).toEqual([]);
  });

  it('generates the same machines every time', async () => {
    const orgsList = buildDemoProvince().orgs;
    expect(buildDemoEndpoints(orgsList)).toEqual(buildDemoEndpoints(orgsList));
    const q = (d: Database) => queryRows(d.db, sql`SELECT id, org_id, hostname, hardware_uuid, has_central_av FROM endpoints ORDER BY id`);
    const [ra, rb] = await Promise.all([q(a), q(b)]);
    expect(ra.length).toBeGreaterThan(3000);
    expect(ra).toEqual(rb);
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
