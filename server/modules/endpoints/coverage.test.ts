import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { addCalendarDays, vnDay } from '@shared/domain/working-days';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import type { OrgRow } from '../../db/schema';
import { snapshotCoverage } from './coverage';

/**
 * A province with a department, two communes and one Public Administrative Service Center each, and
 * machines in every state, counted by hand below.
 */
let env: TestEnv;
let province: OrgRow;
let dept: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let centerA: OrgRow;
let centerB: OrgRow;
let centerEmpty: OrgRow;
let admin: LoggedIn;
let leader: LoggedIn;
let officerA: LoggedIn;
const ids: Record<string, string> = {};

const KES = { name: 'Kaspersky Endpoint Security 12.3', enabled: true, upToDate: true };
const DEFENDER = { name: 'Windows Defender', enabled: true, upToDate: false };

async function machine(key: string, orgId: string, extra: Record<string, unknown> = {}) {
  const r = await env.app.inject({ method: 'POST', url: '/api/endpoints', headers: admin.headers, payload: { orgId, hostname: key, ...extra } });
  if (r.statusCode !== 200) throw new Error(`${key}: ${r.statusCode} ${r.body}`);
  ids[key] = r.json<{ id: string }>().id;
}

const exec = (q: ReturnType<typeof sql>) => env.database.db.execute(q);

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  dept = await makeOrg(db, province, 'department', 'Sở Nội vụ');
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  centerA = await makeOrg(db, communeA, 'service_center', 'Trung tâm PVHCC xã A');
  centerB = await makeOrg(db, communeB, 'service_center', 'Trung tâm PVHCC xã B');
  // A center with no machine on record: not among "the N centers" of the figure, counted apart.
  centerEmpty = await makeOrg(db, communeB, 'service_center', 'Trung tâm PVHCC xã B (điểm 2)');
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  leader = await login(env.app, await makeUser(db, { org: province, role: 'leadership' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  const r = await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: admin.headers, payload: { pattern: 'Kaspersky Endpoint' } });
  if (r.statusCode !== 200) throw new Error(r.body);

  // Center A: central; other AV and not seen; none and unlicensed; central but disabled; state-secret; retired.
  await machine('ca-central', centerA.id, { osLicence: 'licensed', avProducts: [KES] });
  await machine('ca-other', centerA.id, { osLicence: 'licensed', avProducts: [DEFENDER] });
  await machine('ca-none', centerA.id, { osLicence: 'unlicensed' });
  await machine('ca-disabled', centerA.id, { avProducts: [{ ...KES, enabled: false }] });
  await machine('ca-secret', centerA.id, { stateSecret: true, osLicence: 'licensed', avProducts: [KES] });
  await machine('ca-retired', centerA.id, { osLicence: 'licensed', avProducts: [KES] });
  // Commune A itself.
  await machine('a-central', communeA.id, { osLicence: 'licensed', avProducts: [KES] });
  await machine('a-unlicensed', communeA.id, { osLicence: 'unlicensed', avProducts: [DEFENDER] });
  // Center B and commune B.
  await machine('cb-central', centerB.id, { osLicence: 'licensed', avProducts: [KES] });
  await machine('cb-none', centerB.id, {});
  await machine('b-secret', communeB.id, { stateSecret: true });
  // The provincial office's own computer.
  await machine('p-own', province.id, { osLicence: 'licensed', avProducts: [KES] });

  const r2 = await env.app.inject({ method: 'PATCH', url: `/api/endpoints/${ids['ca-retired']}`, headers: admin.headers, payload: { retired: true } });
  if (r2.statusCode !== 200) throw new Error(r2.body);
  // Not seen: reported a month ago (ca-other), or never (cb-none).
  await exec(sql`UPDATE endpoints SET reported_seen_at = now() - interval '30 days' WHERE id = ${ids['ca-other']}`);
  await exec(sql`UPDATE endpoints SET reported_seen_at = NULL WHERE id = ${ids['cb-none']}`);
  // a-central was reported long ago but its agent checked in an hour ago: it is seen.
  await exec(sql`UPDATE endpoints SET reported_seen_at = now() - interval '60 days' WHERE id = ${ids['a-central']}`);
  await exec(sql`INSERT INTO endpoint_checkins (endpoint_id, seen_at) VALUES (${ids['a-central']}, now() - interval '1 hour')`);
});
afterAll(() => env.close());

type Counts = { total: number; centralAv: number; anyAv: number; licensedOs: number; seen: number; excluded: number };
interface CoverageBody {
  orgId: string;
  summary: Counts;
  centers: Counts & { count: number; withoutMachines: number };
  rows: (Counts & { orgId: string; orgKind: string; hasChildren: boolean; own: boolean })[];
}

async function coverage(who: LoggedIn, query = ''): Promise<CoverageBody> {
  const r = await env.app.inject({ url: `/api/endpoints/coverage${query}`, headers: who.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<CoverageBody>();
}

const c = (total: number, centralAv: number, anyAv: number, licensedOs: number, seen: number, excluded: number): Counts => ({ total, centralAv, anyAv, licensedOs, seen, excluded });

// Hand counts. Center A: ca-central, ca-other, ca-none, ca-disabled (ca-secret excluded, ca-retired not counted).
const CENTER_A = c(4, 1, 2, 2, 3, 1);
const COMMUNE_A_OWN = c(2, 1, 2, 1, 2, 0);
const COMMUNE_A = c(6, 2, 4, 3, 5, 1);
const CENTER_B = c(2, 1, 1, 1, 1, 0);
const COMMUNE_B = c(2, 1, 1, 1, 1, 1);
const PROVINCE_OWN = c(1, 1, 1, 1, 1, 0);
const PROVINCE = c(9, 4, 6, 5, 7, 2);

describe('coverage', () => {
  it('counts the province exactly: summary, the centers figure, one row per child and the province\'s own machines', async () => {
    const cov = await coverage(leader);
    expect(cov.orgId).toBe(province.id);
    expect(cov.summary).toEqual(PROVINCE);
    expect(cov.centers).toEqual({ ...c(6, 2, 3, 3, 4, 1), count: 2, withoutMachines: 1 });
    const row = (id: string) => cov.rows.find((r) => r.orgId === id && !r.own);
    expect(row(communeA.id)).toMatchObject({ ...COMMUNE_A, orgKind: 'commune', hasChildren: true });
    expect(row(communeB.id)).toMatchObject(COMMUNE_B);
    expect(row(dept.id)).toMatchObject({ ...c(0, 0, 0, 0, 0, 0), hasChildren: false });
    expect(cov.rows.find((r) => r.own)).toMatchObject({ ...PROVINCE_OWN, orgId: province.id, hasChildren: false });
    expect(cov.rows).toHaveLength(4);
  });

  it('drills down to a commune, then a center, with the same definitions', async () => {
    const a = await coverage(leader, `?orgId=${communeA.id}`);
    expect(a.summary).toEqual(COMMUNE_A);
    expect(a.rows.find((r) => r.orgId === centerA.id)).toMatchObject({ ...CENTER_A, orgKind: 'service_center', own: false });
    expect(a.rows.find((r) => r.own)).toMatchObject({ ...COMMUNE_A_OWN, orgId: communeA.id });
    const center = await coverage(leader, `?orgId=${centerA.id}`);
    expect(center.summary).toEqual(CENTER_A);
    expect(center.centers).toEqual({ ...CENTER_A, count: 1, withoutMachines: 0 });
  });

  it('reaches the machines behind a figure with the list\'s filters (province → commune → center → machine)', async () => {
    const list = async (q: string) => {
      const r = await env.app.inject({ url: `/api/endpoints?${q}`, headers: leader.headers });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: { hostname: string; stateSecret: boolean }[]; total: number }>();
    };
    const noCentral = await list(`orgId=${centerA.id}&filter=no_central_av`);
    expect(noCentral.items.map((m) => m.hostname).sort()).toEqual(['ca-disabled', 'ca-none', 'ca-other']);
    expect(noCentral.total).toBe(CENTER_A.total - CENTER_A.centralAv);
    const noAv = await list(`orgId=${communeA.id}&filter=no_av`);
    expect(noAv.total).toBe(COMMUNE_A.total - COMMUNE_A.anyAv);
    const notSeen = await list(`filter=not_seen&seenDays=7&orgId=${province.id}`);
    expect(notSeen.items.map((m) => m.hostname).sort()).toEqual(['ca-other', 'cb-none']);
    const unlicensed = await list(`orgId=${province.id}&filter=unlicensed_os`);
    expect(unlicensed.total).toBe(PROVINCE.total - PROVINCE.licensedOs);
    const own = await list(`orgId=${communeA.id}&ownOnly=true`);
    expect(own.items.map((m) => m.hostname).sort()).toEqual(['a-central', 'a-unlicensed']);
    const secret = await list(`orgId=${province.id}&filter=state_secret`);
    expect(secret.items.map((m) => m.hostname).sort()).toEqual(['b-secret', 'ca-secret']);
    expect(secret.total).toBe(PROVINCE.excluded);
    const machine = await env.app.inject({ url: `/api/endpoints/${ids['ca-none']}`, headers: leader.headers });
    expect(machine.json()).toMatchObject({ hostname: 'ca-none', hasAnyAv: false, osLicence: 'unlicensed', orgId: centerA.id });
  });

  it('exports the table the page shows as XLSX, with the subtree total and the centers figure', async () => {
    const r = await env.app.inject({ url: `/api/endpoints/coverage/export.xlsx?orgId=${communeA.id}`, headers: leader.headers });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.worksheets[0]?.getSheetValues() ?? []).filter(Array.isArray).map((v) => (v as unknown[]).slice(1));
    expect(rows[0]?.slice(0, 4)).toEqual(['Mã đơn vị', 'Đơn vị', 'Tổng số máy', 'Có PM PCMĐ tập trung']);
    const center = rows.find((v) => v[1] === centerA.name);
    expect(center?.slice(2, 5)).toEqual([CENTER_A.total, CENTER_A.centralAv, 25]);
    const total = rows.find((v) => String(v[1]).startsWith('Toàn bộ'));
    expect(total?.slice(2, 4)).toEqual([COMMUNE_A.total, COMMUNE_A.centralAv]);
    const centers = rows.find((v) => String(v[1]).endsWith('Trung tâm phục vụ hành chính công'));
    expect(centers?.[1]).toBe('1 Trung tâm phục vụ hành chính công');
    const foreign = await env.app.inject({ url: `/api/endpoints/coverage/export.xlsx?orgId=${communeB.id}`, headers: officerA.headers });
    expect(foreign.statusCode).toBe(404);
  });

  it('widens the seen window on request', async () => {
    const cov = await coverage(leader, '?seenDays=60');
    expect(cov.summary.seen).toBe(PROVINCE.seen + 1); // ca-other, seen 30 days ago
  });

  it('lists one row per center in the subtree with groupBy=centers, sortable by ratio', async () => {
    const asc = await coverage(leader, '?groupBy=centers&sort=centralAvRatio&order=asc');
    expect(asc.rows.map((r) => r.orgId)).toEqual([centerA.id, centerB.id, centerEmpty.id]); // 1/4, then 1/2, then none
    expect(asc.rows[0]).toMatchObject(CENTER_A);
    expect(asc.rows[1]).toMatchObject(CENTER_B);
    const desc = await coverage(leader, '?groupBy=centers&sort=centralAvRatio&order=desc');
    expect(desc.rows.map((r) => r.orgId)).toEqual([centerB.id, centerA.id, centerEmpty.id]);
    const seen = await coverage(leader, '?groupBy=centers&sort=seenRatio&order=desc');
    expect(seen.rows.map((r) => r.orgId)).toEqual([centerA.id, centerB.id, centerEmpty.id]); // 3/4, then 1/2, then none
  });

  it('sorts child rows by ratio with the organisations without machines last either way', async () => {
    const desc = await coverage(leader, '?sort=centralAvRatio&order=desc');
    expect(desc.rows.map((r) => r.orgId)).toEqual([province.id, communeB.id, communeA.id, dept.id]); // 1, 1/2, 1/3, none
    const asc = await coverage(leader, '?sort=centralAvRatio&order=asc');
    expect(asc.rows.map((r) => r.orgId)).toEqual([communeA.id, communeB.id, province.id, dept.id]);
    const total = await coverage(leader, '?sort=total&order=desc');
    expect(total.rows[0]?.orgId).toBe(communeA.id);
  });

  it('starts a commune officer at their commune and hides the rest of the province (404)', async () => {
    const cov = await coverage(officerA);
    expect(cov.orgId).toBe(communeA.id);
    expect(cov.summary).toEqual(COMMUNE_A);
    const r = await env.app.inject({ url: `/api/endpoints/coverage?orgId=${communeB.id}`, headers: officerA.headers });
    expect(r.statusCode).toBe(404);
    const h = await env.app.inject({ url: `/api/endpoints/coverage/history?orgId=${province.id}`, headers: officerA.headers });
    expect(h.statusCode).toBe(404);
  });

  it('lets a machine client with an endpoint.read token read its commune\'s coverage', async () => {
    const t = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'Bảng điều khiển', orgId: communeB.id, actions: ['endpoint.read'] } });
    expect(t.statusCode, t.body).toBe(200);
    const r = await env.app.inject({ url: '/api/endpoints/coverage', headers: { authorization: `Bearer ${t.json<{ secret: string }>().secret}` } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<CoverageBody>().summary).toEqual(COMMUNE_B);
  });

  it('follows a central-product change: removing the pattern drops every central machine, adding it back restores them', async () => {
    const list = await env.app.inject({ url: '/api/endpoints/central-products', headers: leader.headers });
    const [product] = list.json<{ items: { id: string; matches: number }[] }>().items;
    expect(product?.matches).toBe(5); // ca-central, ca-secret, a-central, cb-central, p-own (ca-disabled: disabled; ca-retired: retired)
    const del = await env.app.inject({ method: 'DELETE', url: `/api/endpoints/central-products/${product?.id}`, headers: admin.headers });
    expect(del.statusCode).toBe(200);
    expect((await coverage(leader)).summary).toEqual({ ...PROVINCE, centralAv: 0 });
    const add = await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: admin.headers, payload: { pattern: 'kaspersky endpoint' } });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({ pattern: 'kaspersky endpoint', matches: 5 });
    expect((await coverage(leader)).summary).toEqual(PROVINCE);
  });

  it('keeps a daily history: snapshots summed over the subtree per day, today computed live', async () => {
    const today = vnDay(new Date());
    const d2 = addCalendarDays(today, -2);
    const d1 = addCalendarDays(today, -1);
    // Everything existed a week ago except cb-central, bought yesterday at noon.
    await exec(sql`UPDATE endpoints SET created_at = now() - interval '7 days'`);
    await exec(sql`UPDATE endpoints SET created_at = ${`${d1}T12:00:00+07:00`}::timestamptz WHERE id = ${ids['cb-central']}`);
    // ca-retired left service three days ago: counted on neither day.
    await exec(sql`UPDATE endpoints SET retired_at = now() - interval '3 days' WHERE id = ${ids['ca-retired']}`);
    const written = await snapshotCoverage(env.database.db, d2);
    expect(written).toBe(7); // one row per organisation, machines or not
    await snapshotCoverage(env.database.db, d1);
    await snapshotCoverage(env.database.db, d1); // idempotent: upsert
    const [n] = (await env.database.raw.query(`SELECT count(*)::int AS n FROM coverage_daily WHERE org_id = '${centerA.id}'`)).rows;
    expect(n?.n).toBe(2);

    const r = await env.app.inject({ url: `/api/endpoints/coverage/history?orgId=${province.id}&days=7`, headers: leader.headers });
    expect(r.statusCode, r.body).toBe(200);
    const points = r.json<{ points: (Counts & { day: string })[] }>().points;
    expect(points.map((p) => p.day)).toEqual([d2, d1, today]);
    // The day before yesterday: without cb-central; seen as of that day's end (ca-other and cb-none not seen).
    expect(points[0]).toEqual({ day: d2, ...PROVINCE, total: 8, centralAv: 3, anyAv: 5, licensedOs: 4, seen: 6 });
    expect(points[1]).toEqual({ day: d1, ...PROVINCE });
    expect(points[2]).toEqual({ day: today, ...PROVINCE });

    const centers = await env.app.inject({ url: `/api/endpoints/coverage/history?orgId=${province.id}&days=7&centersOnly=true`, headers: leader.headers });
    expect(centers.json<{ points: (Counts & { day: string })[] }>().points.map((p) => p.total)).toEqual([5, 6, 6]);
    const commune = await env.app.inject({ url: `/api/endpoints/coverage/history?orgId=${communeA.id}&days=7`, headers: officerA.headers });
    expect(commune.json<{ points: Counts[] }>().points.map((p) => p.total)).toEqual([6, 6, 6]);
  });

  it('refuses a bad query naming the field', async () => {
    const r = await env.app.inject({ url: '/api/endpoints/coverage?groupBy=planets&seenDays=0', headers: leader.headers });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.fields)).toEqual(expect.arrayContaining(['groupBy', 'seenDays']));
  });
});
