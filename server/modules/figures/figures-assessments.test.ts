/**
 * Periodic assessments due, per organisation (GET /api/figures/assessments): counted exactly, per
 * unit, equal to the assessments module's own due list (GET /api/assessments/due) for the same unit,
 * and within the caller's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { AssessmentFigures } from '@shared/api/figures';
import type { DueList } from '@shared/api/assessments';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { assessments, informationSystems, type OrgRow } from '../../db/schema';

// Tuesday 15 September 2026 in Hanoi.
const NOW = new Date('2026-09-15T03:00:00Z');

let env: TestEnv;
let app: FastifyInstance;
let province: OrgRow;
let c1: OrgRow;
let c1centre: OrgRow;
let c2: OrgRow;
let authority: LoggedIn;
let officer1: LoggedIn;

/** An approved system and, when `nextDueOn` is given, a completed assessment due then. */
async function approvedSystem(org: OrgRow, name: string, nextDueOn: string | null, approved = true): Promise<void> {
  const db = env.database.db;
  const id = uuidv7();
  await db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-8)}`,
    name,
    systemType: 'internal',
    infoTypes: ['private'],
    regime: 'nd331_2026',
    proposedLevel: 3,
    approvedLevel: approved ? 3 : null,
    approvedRegime: approved ? 'nd331_2026' : null,
  });
  if (nextDueOn) {
    await db.insert(assessments).values({
      id: uuidv7(),
      orgId: org.id,
      systemId: id,
      kind: 'self',
      catalogue: 'tcvn14423_2026',
      regime: 'nd331_2026',
      level: 3,
      state: 'completed',
      performedOn: '2025-09-01',
      score: 80,
      nextDueOn,
      completedAt: new Date('2025-09-01T08:00:00Z'),
    });
  }
}

const get = async <T>(who: LoggedIn, url: string) => {
  const r = await app.inject({ method: 'GET', url, headers: who.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<T>();
};

beforeAll(async () => {
  env = await createTestEnv({ clock: () => NOW });
  app = env.app;
  const db = env.database.db;
  province = await makeProvince(db);
  const police = await makeOrg(db, province, 'police', 'Công an tỉnh');
  c1 = await makeOrg(db, province, 'commune', 'UBND xã Một');
  c1centre = await makeOrg(db, c1, 'service_center', 'Trung tâm phục vụ hành chính công xã Một');
  c2 = await makeOrg(db, province, 'commune', 'UBND xã Hai');
  authority = await login(app, await makeUser(db, { org: police, role: 'authority_appraiser', roleOrg: province }));
  officer1 = await login(app, await makeUser(db, { org: c1, role: 'security_officer' }));

  await approvedSystem(c1, 'Hệ thống chưa từng đánh giá', null);
  await approvedSystem(c1, 'Hệ thống quá hạn đánh giá', '2026-08-31');
  await approvedSystem(c1centre, 'Hệ thống một cửa xã Một', '2026-09-30');
  await approvedSystem(c1, 'Hệ thống còn hạn', '2027-06-01');
  await approvedSystem(c1, 'Hệ thống chưa phê duyệt', null, false);
  await approvedSystem(c2, 'Hệ thống xã Hai quá hạn', '2026-09-14');
  await approvedSystem(province, 'Nền tảng của tỉnh', null);
}, 120_000);
afterAll(() => env?.close());

describe('assessment figures', () => {
  it('counts never / overdue / due soon per unit, exactly as the assessments due list', async () => {
    const f = await get<AssessmentFigures>(authority, '/api/figures/assessments');
    expect(f.org?.id).toBe(province.id);
    expect(f.withinDays).toBe(30);
    expect(f.totals).toEqual({ never: 2, overdue: 2, dueSoon: 1 });
    const row = (id: string, own = false) => f.rows.find((r) => r.org.id === id && r.own === own);
    expect(row(c1.id)).toMatchObject({ never: 1, overdue: 1, dueSoon: 1, hasChildren: true });
    expect(row(c2.id)).toMatchObject({ never: 0, overdue: 1, dueSoon: 0 });
    expect(row(province.id, true)).toMatchObject({ never: 1, overdue: 0, dueSoon: 0 });
    // The same numbers as the assessments module's list, unit by unit.
    for (const org of [c1, c2]) {
      const due = await get<DueList>(authority, `/api/assessments/due?orgId=${org.id}&withinDays=30`);
      const r = row(org.id);
      expect({ never: r?.never, overdue: r?.overdue, dueSoon: r?.dueSoon }).toEqual(due.counts);
    }
    const all = await get<DueList>(authority, '/api/assessments/due?withinDays=30');
    expect(f.totals).toEqual(all.counts);
  });

  it('follows the window and a focused unit', async () => {
    const narrow = await get<AssessmentFigures>(authority, '/api/figures/assessments?withinDays=7');
    expect(narrow.totals).toEqual({ never: 2, overdue: 2, dueSoon: 0 });
    const c1f = await get<AssessmentFigures>(authority, `/api/figures/assessments?orgId=${c1.id}`);
    expect(c1f.totals).toEqual({ never: 1, overdue: 1, dueSoon: 1 });
    expect(c1f.rows.find((r) => r.own)).toMatchObject({ never: 1, overdue: 1, dueSoon: 0 });
    expect(c1f.rows.find((r) => r.org.id === c1centre.id)).toMatchObject({ dueSoon: 1 });
  });

  it("shows an officer only their unit's systems and hides other units", async () => {
    const f = await get<AssessmentFigures>(officer1, '/api/figures/assessments');
    expect(f.org?.id).toBe(c1.id);
    expect(f.totals).toEqual({ never: 1, overdue: 1, dueSoon: 1 });
    expect((await app.inject({ method: 'GET', url: `/api/figures/assessments?orgId=${c2.id}`, headers: officer1.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/figures/assessments' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/figures/assessments?withinDays=-1', headers: officer1.headers })).statusCode).toBe(400);
  });
});
