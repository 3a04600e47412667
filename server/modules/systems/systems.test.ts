import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, classifications, informationSystems, systemComponents, type OrgRow } from '../../db/schema';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let centerA: OrgRow;
let admin: LoggedIn;
let officerA: LoggedIn;
let officerB: LoggedIn;
let leader: LoggedIn;
let viewerA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  centerA = await makeOrg(db, communeA, 'service_center');
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  leader = await login(env.app, await makeUser(db, { org: province, role: 'leadership' }));
  viewerA = await login(env.app, await makeUser(db, { org: communeA, role: 'viewer' }));
});
afterAll(() => env.close());

const auditOf = async (action: string) => (await env.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]?.n ?? 0;
const systemCount = async () => (await env.database.db.select({ n: count() }).from(informationSystems))[0]?.n ?? 0;

const docSystem = (orgId: string, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: 'Hệ thống quản lý văn bản và điều hành',
  systemType: 'internal',
  infoTypes: ['public', 'private'],
  audiences: ['internal'],
  hosting: 'provincial_dc',
  components: [
    { kind: 'operating_system', vendor: 'Microsoft', product: 'Windows Server', version: '2019' },
    { kind: 'web_server', vendor: 'Apache', product: 'Tomcat', version: '9.0.80' },
  ],
  ...extra,
});

async function create(who: LoggedIn, body: Record<string, unknown>) {
  return env.app.inject({ method: 'POST', url: '/api/systems', headers: who.headers, payload: body });
}

describe('information-system registry', () => {
  let sysA = '';
  let sysB = '';

  it('refuses an anonymous caller with 401', async () => {
    const r = await env.app.inject({ url: '/api/systems' });
    expect(r.statusCode).toBe(401);
  });

  it('lets a commune officer register a system in their commune, with a generated code and its components, audited', async () => {
    const before = await auditOf('system.created');
    const r = await create(officerA, docSystem(communeA.id));
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.code).toBe(`${communeA.code}-HT01`);
    expect(s).toMatchObject({ orgId: communeA.id, orgCode: communeA.code, lifecycle: 'operating', proposedLevel: null, can: { update: true, delete: true, classify: true } });
    expect(s.components.map((c: { product: string }) => c.product)).toEqual(['Windows Server', 'Tomcat']);
    expect(await auditOf('system.created')).toBe(before + 1);
    sysA = s.id;
    const second = await create(officerA, docSystem(centerA.id, { name: 'Một cửa điện tử', systemType: 'citizen_business' }));
    expect(second.json().code).toBe(`${centerA.code}-HT01`);
    const third = await create(officerA, docSystem(communeA.id, { name: 'Thư điện tử công vụ' }));
    expect(third.json().code).toBe(`${communeA.code}-HT02`);
    const b = await create(officerB, docSystem(communeB.id, { name: 'Cổng thông tin điện tử xã', code: `${communeB.code}-WEB`, components: [{ kind: 'application', vendor: 'WordPress', product: 'WordPress', version: '6.4' }] }));
    expect(b.statusCode).toBe(200);
    sysB = b.json().id;
  });

  it('answers 400 naming the field in Vietnamese, and writes nothing, on bad input', async () => {
    const before = await systemCount();
    const r = await create(officerA, { orgId: communeA.id, name: '', systemType: 'planet', infoTypes: ['gossip'], contactEmail: 'not-mail', components: [{ kind: 'database', product: '' }] });
    expect(r.statusCode).toBe(400);
    const f = r.json().error.fields;
    expect(f.name).toMatch(/^Tên/);
    expect(f.systemType).toMatch(/^Loại hệ thống/);
    expect(f.contactEmail).toMatch(/^Thư điện tử liên hệ/);
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['infoTypes.0', 'components.0.product']));
    expect(await systemCount()).toBe(before);
  });

  it('refuses a code already used, naming the field', async () => {
    const r = await create(admin, docSystem(communeA.id, { code: `${communeB.code}-web` }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields.code).toMatch(/đã được dùng/);
  });

  it('hides another commune\'s systems (404) and its unit (404 on create)', async () => {
    expect((await env.app.inject({ url: `/api/systems/${sysB}`, headers: officerA.headers })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysB}`, headers: officerA.headers, payload: { name: 'X' } })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/systems/${sysB}`, headers: officerA.headers })).statusCode).toBe(404);
    expect((await create(officerA, docSystem(communeB.id))).statusCode).toBe(404);
    expect((await create(officerA, docSystem(communeA.id, { parentSystemId: sysB }))).statusCode).toBe(404);
    expect((await create(officerA, docSystem(communeA.id, { ownerOrgId: communeB.id }))).statusCode).toBe(404);
    const list = await env.app.inject({ url: '/api/systems?limit=500', headers: officerA.headers });
    const ids = list.json().items.map((s: { id: string }) => s.id);
    expect(ids).toContain(sysA);
    expect(ids).not.toContain(sysB);
    expect(list.json().total).toBe(3);
  });

  it('lets the leadership read every system but change none (403)', async () => {
    const list = await env.app.inject({ url: '/api/systems?limit=500', headers: leader.headers });
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([sysA, sysB]));
    expect(list.json().items.every((s: { can: { update: boolean } }) => !s.can.update)).toBe(true);
    const r = await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysA}`, headers: leader.headers, payload: { name: 'Đổi tên' } });
    expect(r.statusCode).toBe(403);
  });

  it('lets a viewer read but not write (403), and changes nothing', async () => {
    expect((await env.app.inject({ url: `/api/systems/${sysA}`, headers: viewerA.headers })).statusCode).toBe(200);
    const before = await systemCount();
    expect((await create(viewerA, docSystem(communeA.id))).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/systems/${sysA}`, headers: viewerA.headers })).statusCode).toBe(403);
    expect(await systemCount()).toBe(before);
  });

  it('filters by unit subtree, type and importance, searches name, code and component product, sorts and pages', async () => {
    const q = (s: string) => env.app.inject({ url: `/api/systems?${s}`, headers: admin.headers }).then((r) => r.json());
    expect((await q(`orgId=${centerA.id}`)).items.map((s: { name: string }) => s.name)).toEqual(['Một cửa điện tử']);
    expect((await q(`orgId=${communeA.id}`)).total).toBe(3);
    expect((await q(`systemType=citizen_business&orgId=${communeA.id}`)).total).toBe(1);
    expect((await q('q=wordpress')).items.map((s: { id: string }) => s.id)).toEqual([sysB]);
    expect((await q(`q=${communeA.code}-HT02`)).items[0].name).toBe('Thư điện tử công vụ');
    expect((await q('q=thư điện tử')).total).toBe(1);
    expect((await q('important=true')).total).toBe(0);
    expect((await q('unclassified=true')).total).toBe(4);
    const sorted = await q(`orgId=${communeA.id}&sort=name&order=desc`);
    expect(sorted.items.map((s: { name: string }) => s.name)).toEqual(['Thư điện tử công vụ', 'Một cửa điện tử', 'Hệ thống quản lý văn bản và điều hành']);
    const page = await q(`orgId=${communeA.id}&sort=name&limit=2&offset=2`);
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(1);
  });

  it('updates only the fields sent, replaces the components as a whole, audited', async () => {
    const before = await auditOf('system.updated');
    const r = await env.app.inject({
      method: 'PATCH',
      url: `/api/systems/${sysA}`,
      headers: officerA.headers,
      payload: { isImportant: true, components: [{ kind: 'database', vendor: 'PostgreSQL', product: 'PostgreSQL', version: '14' }] },
    });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ isImportant: true, name: 'Hệ thống quản lý văn bản và điều hành', hosting: 'provincial_dc', audiences: ['internal'] });
    expect(s.answers.infoTypes).toEqual(['public', 'private']);
    expect(s.components).toEqual([{ kind: 'database', vendor: 'PostgreSQL', product: 'PostgreSQL', version: '14' }]);
    const rows = await env.database.db.select().from(systemComponents).where(eq(systemComponents.systemId, sysA));
    expect(rows).toHaveLength(1);
    expect(await auditOf('system.updated')).toBe(before + 1);
    const renamed = await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysA}`, headers: officerA.headers, payload: { name: 'QLVB xã' } });
    expect(renamed.json()).toMatchObject({ name: 'QLVB xã', isImportant: true });
    expect(renamed.json().components).toHaveLength(1);
  });

  it('moves a system to another unit only with system.manage on both', async () => {
    const r = await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysA}`, headers: officerA.headers, payload: { orgId: communeB.id } });
    expect(r.statusCode).toBe(404);
    const moved = await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysA}`, headers: officerA.headers, payload: { orgId: centerA.id } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().orgId).toBe(centerA.id);
    expect(await auditOf('system.moved')).toBe(1);
  });

  it('refuses to delete a system with sub-systems (409), then deletes it once they are gone, audited', async () => {
    const child = await create(officerA, docSystem(communeA.id, { name: 'Phân hệ lưu trữ', parentSystemId: sysA }));
    expect(child.statusCode).toBe(200);
    expect(child.json().parentSystemName).toBe('QLVB xã');
    const cycle = await env.app.inject({ method: 'PATCH', url: `/api/systems/${sysA}`, headers: officerA.headers, payload: { parentSystemId: child.json().id } });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.fields.parentSystemId).toBeTruthy();
    const refused = await env.app.inject({ method: 'DELETE', url: `/api/systems/${sysA}`, headers: officerA.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/1 hệ thống thành phần/);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/systems/${child.json().id}`, headers: officerA.headers })).statusCode).toBe(200);
    expect(await auditOf('system.deleted')).toBe(1);
  });

  it('exports the systems in scope as a real XLSX with Vietnamese headers and joined components', async () => {
    const r = await env.app.inject({ url: `/api/systems/export.xlsx?orgId=${communeA.id}`, headers: officerA.headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="he-thong-thong-tin-\d{4}-\d\d-\d\d\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(r.rawPayload).buffer);
    const sheet = wb.worksheets[0];
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Mã đơn vị vận hành', 'Mã hệ thống', 'Tên hệ thống', 'Loại hệ thống', 'Cấp độ đề xuất']));
    expect(sheet?.rowCount).toBe(4);
    const texts: string[] = [];
    sheet?.eachRow((row) => texts.push(row.values?.toString() ?? ''));
    const all = texts.join('\n');
    expect(all).toContain('Cơ sở dữ liệu | PostgreSQL | PostgreSQL | 14');
    expect(all).toContain('Phục vụ hoạt động nội bộ');
    expect(all).not.toContain('Cổng thông tin điện tử xã');
  });

  it('classifies a system: stores the answers and the result in the history, sets the proposed level, audited', async () => {
    const answers = { systemType: 'citizen_business', infoTypes: ['public', 'personal'], handlesAdminProcedures: true, personalBasicSubjects: 50_000 };
    const r = await env.app.inject({ method: 'POST', url: `/api/systems/${sysA}/classify`, headers: officerA.headers, payload: { regime: 'nd331_2026', answers } });
    expect(r.statusCode).toBe(200);
    const { system, classification } = r.json();
    expect(system.proposedLevel).toBeGreaterThanOrEqual(3);
    expect(system.regime).toBe('nd331_2026');
    expect(system.classifiedAt).toBeTruthy();
    expect(system.answers).toMatchObject({ systemType: 'citizen_business', handlesAdminProcedures: true, personalBasicSubjects: 50_000 });
    expect(classification).toMatchObject({ systemId: sysA, regime: 'nd331_2026', level: system.proposedLevel });
    expect(Array.isArray(classification.result.matched)).toBe(true);
    const history = await env.app.inject({ url: `/api/systems/${sysA}/classifications`, headers: viewerA.headers });
    expect(history.json().total).toBe(1);
    expect(history.json().items[0].answers.systemType).toBe('citizen_business');
    expect(await env.database.db.select().from(classifications).where(eq(classifications.systemId, sysA))).toHaveLength(1);
    expect(await auditOf('system.classified')).toBe(1);
    const b = await env.app.inject({ method: 'POST', url: `/api/systems/${sysB}/classify`, headers: officerA.headers, payload: { answers } });
    expect(b.statusCode).toBe(404);
    const v = await env.app.inject({ method: 'POST', url: `/api/systems/${sysA}/classify`, headers: viewerA.headers, payload: { answers } });
    expect(v.statusCode).toBe(403);
  });

  it('shows the parent of a composite system only to those who may see it', async () => {
    const platform = await create(admin, docSystem(province.id, { name: 'Cổng dịch vụ công tỉnh', systemType: 'citizen_business' }));
    const part = await create(admin, docSystem(communeA.id, { name: 'Một cửa điện tử xã', parentSystemId: platform.json().id }));
    expect(part.json().parentSystemId).toBe(platform.json().id);
    const seen = await env.app.inject({ url: `/api/systems/${part.json().id}`, headers: officerA.headers });
    expect(seen.json()).toMatchObject({ parentSystemId: null, parentSystemName: null });
    expect(seen.body).not.toContain(platform.json().id);
  });

  it('answers in English when asked', async () => {
    const r = await create({ ...officerA, headers: { ...officerA.headers, 'accept-language': 'en' } }, { orgId: communeA.id, name: '', systemType: 'internal', infoTypes: [] });
    expect(r.json().error.fields.name).toMatch(/^Name/);
  });
});
