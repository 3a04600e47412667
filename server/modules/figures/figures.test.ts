/**
 * The figures through the HTTP API on a real database: a small province with systems and dossiers in
 * every state inserted directly, every counter asserted exactly, per unit, behind each number, and
 * within the caller's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { FigureCounters, FigureDrillList, FigureRow, SystemFigures, UnitsWithoutSubmissionList } from '@shared/api/figures';
import type { DossierState } from '@shared/domain/dossiers';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { dossiers, informationSystems, roleAssignments, type OrgRow } from '../../db/schema';

// Tuesday 15 September 2026, 10:00 in Hanoi: "today" for overdue is 2026-09-15.
const NOW = new Date('2026-09-15T03:00:00Z');
const PAST = '2026-09-01';
const FUTURE = '2026-10-30';

let env: TestEnv;
let app: FastifyInstance;
let province: OrgRow;
let d1: OrgRow;
let d1unit: OrgRow;
let d2: OrgRow;
let c1: OrgRow;
let c1center: OrgRow;
let c2: OrgRow;
let c3: OrgRow;
let c4: OrgRow;
let leader: LoggedIn;
let c1officer: LoggedIn;
let twoCommunes: LoggedIn;

interface SystemSpec {
  name: string;
  proposed?: number | null;
  approved?: number | null;
  important?: boolean;
  retired?: boolean;
}

async function makeSystem(org: OrgRow, s: SystemSpec): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-10)}`,
    name: s.name,
    systemType: 'internal',
    regime: s.proposed ? 'nd85_2016' : null,
    proposedLevel: s.proposed ?? null,
    approvedLevel: s.approved ?? null,
    isImportant: s.important ?? false,
    lifecycle: s.retired ? 'retired' : 'operating',
  });
  return id;
}

interface DossierSpec {
  state: DossierState;
  received?: boolean;
  dueOn?: string;
  directiveDueOn?: string;
  approvedLevel?: number;
}

async function makeDossier(org: OrgRow, systemId: string, d: DossierSpec): Promise<void> {
  await env.database.db.insert(dossiers).values({
    id: uuidv7(),
    orgId: org.id,
    systemId,
    regime: 'nd85_2016',
    state: d.state,
    receivedAt: d.received ? new Date('2026-08-10T02:00:00Z') : null,
    dueOn: d.dueOn ?? null,
    directiveDueOn: d.directiveDueOn ?? null,
    ...(d.state === 'approved' ? { decisionNo: '12/QĐ-UBND', decisionDate: '2026-08-20', approvedLevel: d.approvedLevel ?? 3 } : {}),
  });
}

function get<T>(who: LoggedIn, url: string): Promise<{ status: number; body: T }> {
  return app.inject({ method: 'GET', url, headers: who.headers }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
}

function zero(): FigureCounters {
  const levels = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 };
  return {
    units: 0,
    unitsWithoutSubmission: 0,
    systems: 0,
    important: 0,
    classified: 0,
    byProposedLevel: { ...levels },
    byApprovedLevel: { ...levels },
    dossiers: { drafting: 0, submitted: 0, underAppraisal: 0, returned: 0, appraised: 0, approved: 0, rejected: 0, overdue: 0 },
  };
}

function rowOf(f: SystemFigures, org: OrgRow, own = false): FigureRow {
  const row = f.rows.find((r) => r.org.id === org.id && r.own === own);
  if (!row) throw new Error(`no row for ${org.name}`);
  return row;
}

function counters(row: FigureRow): FigureCounters {
  const { org: _o, own: _w, hasChildren: _h, ...c } = row;
  return c;
}

beforeAll(async () => {
  env = await createTestEnv({ clock: () => NOW });
  app = env.app;
  const db = env.database.db;
  province = await makeProvince(db);
  d1 = await makeOrg(db, province, 'department', 'Sở Y tế');
  d1unit = await makeOrg(db, d1, 'unit', 'Trung tâm Kiểm soát bệnh tật');
  d2 = await makeOrg(db, province, 'department', 'Sở Xây dựng');
  c1 = await makeOrg(db, province, 'commune', 'Xã Tân Lập');
  c1center = await makeOrg(db, c1, 'service_center', 'Trung tâm phục vụ hành chính công xã Tân Lập');
  c2 = await makeOrg(db, province, 'commune', 'Xã Minh Hòa');
  c3 = await makeOrg(db, province, 'commune', 'Xã Yên Phú');
  c4 = await makeOrg(db, province, 'commune', 'Phường An Tường');

  // The province's own system, approved.
  const sp1 = await makeSystem(province, { name: 'Cổng thông tin điện tử tỉnh', proposed: 3, approved: 3, important: true });
  await makeDossier(province, sp1, { state: 'approved', received: true, approvedLevel: 3 });
  // Sở Y tế: one overdue under appraisal, one approved after a rejection, one unclassified, one retired.
  const s1 = await makeSystem(d1, { name: 'Hệ thống quản lý khám chữa bệnh', proposed: 2 });
  await makeDossier(d1, s1, { state: 'under_appraisal', received: true, dueOn: PAST });
  const s2 = await makeSystem(d1, { name: 'Hệ thống hồ sơ sức khỏe', proposed: 3, approved: 3, important: true });
  await makeDossier(d1, s2, { state: 'rejected', received: true });
  await makeDossier(d1, s2, { state: 'approved', received: true, approvedLevel: 3 });
  await makeSystem(d1, { name: 'Trang tin nội bộ Sở Y tế' });
  await makeSystem(d1, { name: 'Phần mềm kế toán cũ', proposed: 1, retired: true });
  const s5 = await makeSystem(d1unit, { name: 'Hệ thống giám sát dịch bệnh', proposed: 1 });
  await makeDossier(d1unit, s5, { state: 'draft' });
  // Sở Xây dựng: a draft only, past the directive's deadline.
  const s6 = await makeSystem(d2, { name: 'Hệ thống cấp phép xây dựng', proposed: 4 });
  await makeDossier(d2, s6, { state: 'draft', directiveDueOn: PAST });
  // Xã Tân Lập: sent through its service centre and itself.
  const s7 = await makeSystem(c1center, { name: 'Hệ thống một cửa điện tử xã Tân Lập', proposed: 2 });
  await makeDossier(c1center, s7, { state: 'returned_for_revision', received: true });
  const s8 = await makeSystem(c1, { name: 'Hệ thống quản lý văn bản xã Tân Lập', proposed: 2, approved: 2 });
  await makeDossier(c1, s8, { state: 'appraised', received: true });
  const s9 = await makeSystem(c1, { name: 'Mạng nội bộ xã Tân Lập' });
  await makeDossier(c1, s9, { state: 'submitted', received: true, dueOn: FUTURE });
  // Xã Minh Hòa: a dossier withdrawn before it was ever sent.
  const s10 = await makeSystem(c2, { name: 'Hệ thống camera xã Minh Hòa' });
  await makeDossier(c2, s10, { state: 'withdrawn' });
  // Xã Yên Phú: nothing registered. Phường An Tường: submitted for approval.
  const s11 = await makeSystem(c4, { name: 'Hệ thống điều hành đô thị thông minh', proposed: 5 });
  await makeDossier(c4, s11, { state: 'submitted_for_approval', received: true });

  leader = await login(app, await makeUser(db, { org: province, role: 'leadership' }));
  c1officer = await login(app, await makeUser(db, { org: c1, role: 'security_officer' }));
  const viewer = await makeUser(db, { org: c2, role: 'viewer' });
  await db.insert(roleAssignments).values({ id: uuidv7(), userId: viewer.id, role: 'viewer', orgId: c3.id });
  twoCommunes = await login(app, viewer);
}, 60_000);
afterAll(() => env?.close());

describe('GET /api/figures/systems', () => {
  it('counts the province exactly: systems by level, dossiers by state, units without submission', async () => {
    const r = await get<SystemFigures>(leader, '/api/figures/systems');
    expect(r.status).toBe(200);
    expect(r.body.org?.id).toBe(province.id);
    expect(r.body.asOf).toBe('2026-09-15');
    expect(r.body.totals).toEqual({
      units: 6,
      unitsWithoutSubmission: 3,
      systems: 11,
      important: 2,
      classified: 8,
      byProposedLevel: { '1': 1, '2': 3, '3': 2, '4': 1, '5': 1, none: 3 },
      byApprovedLevel: { '1': 0, '2': 1, '3': 2, '4': 0, '5': 0, none: 8 },
      dossiers: { drafting: 2, submitted: 8, underAppraisal: 2, returned: 1, appraised: 2, approved: 2, rejected: 1, overdue: 2 },
    });
  });

  it('gives one row per direct child for its whole subtree, plus the province’s own, adding up to the totals', async () => {
    const { body } = await get<SystemFigures>(leader, `/api/figures/systems?orgId=${province.id}`);
    expect(body.rows.map((r) => r.org.name).sort()).toEqual([province.name, 'Phường An Tường', 'Sở Xây dựng', 'Sở Y tế', 'Xã Minh Hòa', 'Xã Tân Lập', 'Xã Yên Phú'].sort());
    const z = zero();
    expect(counters(rowOf(body, province, true))).toEqual({
      ...z,
      systems: 1,
      important: 1,
      classified: 1,
      byProposedLevel: { ...z.byProposedLevel, '3': 1 },
      byApprovedLevel: { ...z.byApprovedLevel, '3': 1 },
      dossiers: { ...z.dossiers, submitted: 1, approved: 1 },
    });
    const health = rowOf(body, d1);
    expect(health.hasChildren).toBe(true);
    expect(counters(health)).toEqual({
      ...z,
      units: 1,
      systems: 4,
      important: 1,
      classified: 3,
      byProposedLevel: { ...z.byProposedLevel, '1': 1, '2': 1, '3': 1, none: 1 },
      byApprovedLevel: { ...z.byApprovedLevel, '3': 1, none: 3 },
      dossiers: { ...z.dossiers, drafting: 1, submitted: 3, underAppraisal: 1, approved: 1, rejected: 1, overdue: 1 },
    });
    expect(counters(rowOf(body, d2))).toEqual({
      ...z,
      units: 1,
      unitsWithoutSubmission: 1,
      systems: 1,
      classified: 1,
      byProposedLevel: { ...z.byProposedLevel, '4': 1 },
      byApprovedLevel: { ...z.byApprovedLevel, none: 1 },
      dossiers: { ...z.dossiers, drafting: 1, overdue: 1 },
    });
    expect(counters(rowOf(body, c1))).toMatchObject({ units: 1, unitsWithoutSubmission: 0, systems: 3, classified: 2, dossiers: { ...z.dossiers, submitted: 3, underAppraisal: 1, returned: 1, appraised: 1 } });
    expect(counters(rowOf(body, c2))).toEqual({ ...z, units: 1, unitsWithoutSubmission: 1, systems: 1, byApprovedLevel: { ...z.byApprovedLevel, none: 1 }, byProposedLevel: { ...z.byProposedLevel, none: 1 } });
    expect(counters(rowOf(body, c3))).toEqual({ ...z, units: 1, unitsWithoutSubmission: 1 });
    expect(rowOf(body, c3).hasChildren).toBe(false);
    expect(counters(rowOf(body, c4))).toMatchObject({ units: 1, systems: 1, dossiers: { ...z.dossiers, submitted: 1, appraised: 1 } });
    // The rows add up to the totals, counter by counter.
    const sum = (f: (c: FigureCounters) => number) => body.rows.reduce((n, r) => n + f(r), 0);
    expect(sum((c) => c.systems)).toBe(body.totals.systems);
    expect(sum((c) => c.units)).toBe(body.totals.units);
    expect(sum((c) => c.dossiers.submitted)).toBe(body.totals.dossiers.submitted);
    expect(sum((c) => c.byApprovedLevel.none)).toBe(body.totals.byApprovedLevel.none);
  });

  it('counts overdue as the dossier list’s overdue filter does', async () => {
    const { body: f } = await get<SystemFigures>(leader, '/api/figures/systems');
    const list = await get<{ total: number }>(leader, '/api/dossiers?overdue=true&limit=100');
    expect(list.status).toBe(200);
    expect(f.totals.dossiers.overdue).toBe(list.body.total);
  });

  it('focuses on a sub-tree: a commune with its service centre', async () => {
    const { body } = await get<SystemFigures>(leader, `/api/figures/systems?orgId=${c1.id}`);
    expect(body.org).toMatchObject({ id: c1.id, parentId: province.id, kind: 'commune' });
    expect(body.totals).toMatchObject({ units: 1, unitsWithoutSubmission: 0, systems: 3 });
    expect(rowOf(body, c1, true)).toMatchObject({ units: 1, systems: 2, dossiers: { submitted: 2, appraised: 1, underAppraisal: 1 } });
    expect(rowOf(body, c1center)).toMatchObject({ units: 0, systems: 1, dossiers: { submitted: 1, returned: 1 } });
  });
});

describe('GET /api/figures/systems/units-without-submission', () => {
  it('lists the departments, agencies and communes that never sent a dossier, flagging those with no system', async () => {
    const r = await get<UnitsWithoutSubmissionList>(leader, '/api/figures/systems/units-without-submission');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(3);
    const byName = Object.fromEntries(r.body.items.map((u) => [u.name, u]));
    expect(Object.keys(byName).sort()).toEqual(['Sở Xây dựng', 'Xã Minh Hòa', 'Xã Yên Phú']);
    expect(byName['Sở Xây dựng']).toMatchObject({ kind: 'department', parentName: province.name, systemCount: 1, draftCount: 1, hasNoSystem: false });
    expect(byName['Xã Minh Hòa']).toMatchObject({ kind: 'commune', systemCount: 1, draftCount: 0, hasNoSystem: false });
    expect(byName['Xã Yên Phú']).toMatchObject({ code: c3.code, systemCount: 0, hasNoSystem: true });
  });

  it('pages, keeping the total', async () => {
    const r = await get<UnitsWithoutSubmissionList>(leader, '/api/figures/systems/units-without-submission?limit=2&offset=2');
    expect(r.body.items).toHaveLength(1);
    expect(r.body.total).toBe(3);
    const past = await get<UnitsWithoutSubmissionList>(leader, '/api/figures/systems/units-without-submission?limit=2&offset=10');
    expect(past.body).toEqual({ items: [], total: 3 });
  });
});

describe('GET /api/figures/systems/drill', () => {
  const names = (l: FigureDrillList) => l.items.map((i) => i.systemName).sort();

  it('names the systems behind a level count', async () => {
    const r = await get<FigureDrillList>(leader, '/api/figures/systems/drill?metric=proposedLevel&level=2');
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('systems');
    expect(r.body.total).toBe(3);
    expect(names(r.body)).toEqual(['Hệ thống một cửa điện tử xã Tân Lập', 'Hệ thống quản lý khám chữa bệnh', 'Hệ thống quản lý văn bản xã Tân Lập']);
    const none = await get<FigureDrillList>(leader, '/api/figures/systems/drill?metric=approvedLevel&level=none&limit=5');
    expect(none.body.total).toBe(8);
    expect(none.body.items).toHaveLength(5);
  });

  it('names the dossiers behind a dossier count, with their unit and state', async () => {
    const r = await get<FigureDrillList>(leader, '/api/figures/systems/drill?metric=overdue');
    expect(r.body.kind).toBe('dossiers');
    expect(r.body.items.map((i) => [i.systemName, i.orgName, i.dossierState]).sort()).toEqual([
      ['Hệ thống cấp phép xây dựng', 'Sở Xây dựng', 'draft'],
      ['Hệ thống quản lý khám chữa bệnh', 'Sở Y tế', 'under_appraisal'],
    ]);
    const sent = await get<FigureDrillList>(leader, `/api/figures/systems/drill?metric=submitted&orgId=${c1.id}`);
    expect(names(sent.body)).toEqual(['Hệ thống một cửa điện tử xã Tân Lập', 'Hệ thống quản lý văn bản xã Tân Lập', 'Mạng nội bộ xã Tân Lập']);
    expect(sent.body.items.every((i) => i.receivedAt !== null)).toBe(true);
  });

  it('drills into an organisation’s own records only', async () => {
    const r = await get<FigureDrillList>(leader, `/api/figures/systems/drill?metric=systems&orgId=${province.id}&own=true`);
    expect(names(r.body)).toEqual(['Cổng thông tin điện tử tỉnh']);
  });

  it('refuses a metric it does not know and `own` without an organisation, in Vietnamese', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/figures/systems/drill?metric=secret', headers: leader.headers });
    expect(bad.statusCode).toBe(400);
    const own = await app.inject({ method: 'GET', url: '/api/figures/systems/drill?metric=systems&own=true', headers: leader.headers });
    expect(own.statusCode).toBe(400);
    expect(own.json<{ error: { fields: Record<string, string> } }>().error.fields.own).toMatch(/đơn vị/);
  });
});

describe('scope', () => {
  it('shows a commune officer only their commune’s figures', async () => {
    const { status, body } = await get<SystemFigures>(c1officer, '/api/figures/systems');
    expect(status).toBe(200);
    expect(body.org?.id).toBe(c1.id);
    expect(body.totals).toMatchObject({ units: 1, unitsWithoutSubmission: 0, systems: 3 });
    expect(body.totals.dossiers).toMatchObject({ submitted: 3, overdue: 0, approved: 0 });
    const drill = await get<FigureDrillList>(c1officer, '/api/figures/systems/drill?metric=systems');
    expect(drill.body.items.every((i) => [c1.id, c1center.id].includes(i.orgId))).toBe(true);
    const units = await get<UnitsWithoutSubmissionList>(c1officer, '/api/figures/systems/units-without-submission');
    expect(units.body).toEqual({ items: [], total: 0 });
  });

  it('answers 404 for another commune and for the province above', async () => {
    for (const url of [
      `/api/figures/systems?orgId=${c2.id}`,
      `/api/figures/systems?orgId=${province.id}`,
      `/api/figures/systems/drill?metric=systems&orgId=${c2.id}`,
      `/api/figures/systems/units-without-submission?orgId=${c3.id}`,
    ]) {
      const r = await app.inject({ method: 'GET', url, headers: c1officer.headers });
      expect(r.statusCode, url).toBe(404);
    }
  });

  it('gives one row per subtree to someone who sees two separate communes', async () => {
    const { body } = await get<SystemFigures>(twoCommunes, '/api/figures/systems');
    expect(body.org).toBeNull();
    expect(body.rows.map((r) => r.org.id).sort()).toEqual([c2.id, c3.id].sort());
    expect(body.totals).toMatchObject({ units: 2, unitsWithoutSubmission: 2, systems: 1 });
    const units = await get<UnitsWithoutSubmissionList>(twoCommunes, '/api/figures/systems/units-without-submission');
    expect(units.body.items.map((u) => u.id).sort()).toEqual([c2.id, c3.id].sort());
  });

  it('refuses anonymous callers', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/figures/systems' });
    expect(r.statusCode).toBe(401);
  });
});
