/**
 * notifyMany: one notice and one e-mail per person for the organisations they answer for (through a
 * role on the organisation or above it), in the caller's transaction; disabled people and people
 * without the action are left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { makeCommune, makeProvince, makeUser, type TestUser } from '../../test/factories';
import type { OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { systemCtx, withTx } from '../../http/context';
import { notifyMany } from './notifications.service';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let communeC: OrgRow;
let provinceOfficer: TestUser;
let officerA: TestUser;
let officerB: TestUser;
let officerC: TestUser;

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  communeC = await makeCommune(db, province);
  provinceOfficer = await makeUser(db, { org: province, role: 'security_officer', email: 'tinh@example.vn' });
  officerA = await makeUser(db, { org: communeA, role: 'security_officer', email: 'a@example.vn' });
  officerB = await makeUser(db, { org: communeB, role: 'security_officer' });
  officerC = await makeUser(db, { org: communeC, role: 'security_officer', email: 'c@example.vn' });
  // Neither is told: a viewer does not hold advisory.respond; a disabled officer is gone.
  await makeUser(db, { org: communeA, role: 'viewer', email: 'viewer@example.vn' });
  const gone = await makeUser(db, { org: communeA, role: 'security_officer', email: 'gone@example.vn' });
  await queryRows(db, sql`UPDATE users SET disabled_at = now() WHERE id = ${gone.id}`);
}, 60_000);
afterAll(() => env?.close());

describe('notifyMany', () => {
  it('tells each person once, about the organisations they answer for, in the app and by e-mail', async () => {
    const subjectId = uuidv7();
    const ctx = systemCtx({ db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => new Date(), log: env.app.log }, 'test');
    const seen: string[][] = [];
    const told = await withTx(ctx, (tx) =>
      notifyMany(tx, {
        action: 'advisory.respond',
        orgs: [communeA, communeB].map((o) => ({ id: o.id, path: o.path })),
        subjectType: 'advisory',
        subjectId,
        link: `/advisories/${subjectId}`,
        message: (covered) => {
          seen.push([...covered].sort());
          return { kind: covered.length === 1 ? 'advisory.published' : 'advisory.publishedMany', orgId: covered[0] as string, params: { code: 'CB-2026-009', title: 'Thử', count: covered.length, orgs: covered.length, org: 'X', ackDue: '-', remediationDue: '-' } };
        },
      }),
    );
    expect(told).toBe(3);
    const rows = await queryRows(env.database.db, sql`SELECT user_id, kind FROM notifications WHERE subject_id = ${subjectId}`);
    const kinds = new Map(rows.map((r) => [String(r.user_id), String(r.kind)]));
    expect(rows).toHaveLength(3);
    expect(kinds.get(provinceOfficer.id)).toBe('advisory.publishedMany');
    expect(kinds.get(officerA.id)).toBe('advisory.published');
    expect(kinds.get(officerB.id)).toBe('advisory.published');
    expect(kinds.has(officerC.id)).toBe(false);
    expect(seen).toContainEqual([communeA.id, communeB.id].sort());
    // E-mails: the province's officer and A's (B's officer has no address), one statement for all.
    const mails = await queryRows(env.database.db, sql`SELECT data->>'to' AS to, data->>'text' AS text FROM pgboss.job WHERE name = 'email.send' AND data->>'text' LIKE ${`%/advisories/${subjectId}%`} ORDER BY 1`);
    expect(mails.map((m) => m.to)).toEqual(['a@example.vn', 'tinh@example.vn']);
    expect(String(mails[1]?.text)).toContain('2 đơn vị thuộc phạm vi của bạn');
  });

  it('tells nobody about no organisation, and leaves out the person acting', async () => {
    const ctx = systemCtx({ db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => new Date(), log: env.app.log }, 'test');
    const none = await withTx(ctx, (tx) => notifyMany(tx, { action: 'advisory.respond', orgs: [], subjectType: 'advisory', subjectId: uuidv7(), link: '/', message: () => ({ kind: 'x', orgId: communeA.id, params: {} }) }));
    expect(none).toBe(0);
    const asA: typeof ctx = { ...ctx, principal: { kind: 'user', userId: officerA.id, username: officerA.username, fullName: 'A', orgId: communeA.id, sessionId: null, assignments: [] } };
    const subjectId = uuidv7();
    const told = await withTx(asA, (tx) =>
      notifyMany(tx, { action: 'advisory.respond', orgs: [{ id: communeA.id, path: communeA.path }], subjectType: 'advisory', subjectId, link: '/', message: (c) => ({ kind: 'advisory.published', orgId: c[0] as string, params: {} }) }),
    );
    expect(told).toBe(1); // the province's officer, not A's officer who acts
    const rows = await queryRows(env.database.db, sql`SELECT user_id FROM notifications WHERE subject_id = ${subjectId}`);
    expect(rows.map((r) => r.user_id)).toEqual([provinceOfficer.id]);
  });
});
