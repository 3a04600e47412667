import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import ExcelJS from 'exceljs';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { multipartBody } from '../../test/multipart';
import { verifyAudit } from '../../audit/audit';
import { auditLog, centralAvProducts, endpointAvProducts, endpoints, importMappings, type EndpointRow, type OrgRow } from '../../db/schema';

const NOW = new Date('2026-12-01T03:00:00Z');
let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let officerA: LoggedIn;
let secondOfficerA: LoggedIn;
let officerB: LoggedIn;
let viewerA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv({ clock: () => NOW });
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  secondOfficerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  viewerA = await login(env.app, await makeUser(db, { org: communeA, role: 'viewer' }));
  await db.insert(centralAvProducts).values({ id: uuidv7(), pattern: 'Kaspersky Endpoint' });
});
afterAll(() => env.close());

const db = () => env.database.db;
/** A fresh unit under commune A, so that each test counts only its own machines. */
const unitOfA = () => makeOrg(db(), communeA, 'unit');

interface PreviewFields {
  orgId: string;
  source: string;
  mapping?: Record<string, string>;
}
async function preview(who: LoggedIn, fileName: string, content: Buffer | string, f: PreviewFields) {
  const m = multipartBody({ name: fileName, content }, { orgId: f.orgId, source: f.source, ...(f.mapping ? { mapping: JSON.stringify(f.mapping) } : {}) });
  return env.app.inject({ method: 'POST', url: '/api/endpoints/import/preview', headers: { ...who.headers, ...m.headers }, payload: m.payload });
}
const commit = (who: LoggedIn, importId: string, saveMapping?: boolean) =>
  env.app.inject({ method: 'POST', url: '/api/endpoints/import/commit', headers: who.headers, payload: { importId, ...(saveMapping === undefined ? {} : { saveMapping }) } });
const machinesOf = (orgId: string) => db().select().from(endpoints).where(eq(endpoints.orgId, orgId)).orderBy(endpoints.hostname);
const total = async () => (await db().select({ n: count() }).from(endpoints))[0]?.n ?? 0;
async function machine(orgId: string, values: Partial<EndpointRow> & { hostname: string }) {
  const [row] = await db()
    .insert(endpoints)
    .values({ id: uuidv7(), orgId, source: 'manual', ...values })
    .returning();
  if (!row) throw new Error('no machine');
  return row;
}
const byId = async (id: string) => (await db().select().from(endpoints).where(eq(endpoints.id, id)))[0];

type Row = { action: string; match: { endpointId: string; by: string } | null; changes: string[]; errors: { field: string | null; message: string }[] };

const VI_HEADER =
  'Mã đơn vị,Tên máy,Mã phần cứng,Số sê-ri,Địa chỉ IP,Địa chỉ MAC,Hệ điều hành,Phiên bản HĐH,Bản quyền HĐH,Phần mềm diệt virus,Bảo vệ thời gian thực,Cơ sở dữ liệu cập nhật,Lần cuối kết nối,Người sử dụng\r\n';

describe('console export import', () => {
  it('guesses the mapping from Vietnamese headers, reports per-row errors, writes nothing at preview and only valid rows at commit, idempotently', async () => {
    const unit = await unitOfA();
    const sub = await makeOrg(db(), unit, 'unit');
    const csv =
      '\uFEFF' +
      VI_HEADER +
      ',PC-KT-01,4C4C4544-0001,SN001,"10.0.0.11, 10.0.0.12",00-1A-2B-3C-4D-5E,Windows 10 Pro,22H2,Có bản quyền,Kaspersky Endpoint Security 12.3,Có,Có,30/11/2026 08:15,Nguyễn Văn A\r\n' +
      `${sub.code},PC-VP-02,,,10.0.0.21,,Windows 11 Pro,23H2,không,BKAV Pro,bật,không,2026-11-29 17:00,\r\n` +
      ',PC-BAD-IP,,,10.0.0.300,,,,,,,,,\r\n' +
      ',PC-BAD-MAC,,,,00:1A:2B:3C,,,,,,,,\r\n' +
      'KHONGCO,PC-X,,,,,,,,,,,,\r\n' +
      `${communeB.code},PC-B,,,,,,,,,,,,\r\n` +
      ',,HW-NOHOST,,,,,,,,,,,\r\n';
    const before = await total();
    const r = await preview(officerA, 'ksc.csv', csv, { orgId: unit.id, source: 'Kaspersky Security Center' });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.mappingFrom).toBe('guessed');
    expect(p.mapping).toEqual({
      orgCode: 'Mã đơn vị',
      hostname: 'Tên máy',
      hardwareUuid: 'Mã phần cứng',
      serial: 'Số sê-ri',
      ipAddresses: 'Địa chỉ IP',
      macAddresses: 'Địa chỉ MAC',
      osName: 'Hệ điều hành',
      osVersion: 'Phiên bản HĐH',
      osLicence: 'Bản quyền HĐH',
      avProduct: 'Phần mềm diệt virus',
      avEnabled: 'Bảo vệ thời gian thực',
      avUpToDate: 'Cơ sở dữ liệu cập nhật',
      lastSeen: 'Lần cuối kết nối',
      assignedTo: 'Người sử dụng',
    });
    expect(p.headers).toHaveLength(14);
    expect(p.summary).toEqual({ total: 7, create: 2, update: 0, unchanged: 0, error: 5 });
    const rows: Row[] = p.rows;
    expect(rows.map((x) => x.action)).toEqual(['create', 'create', 'error', 'error', 'error', 'error', 'error']);
    expect(rows[2]?.errors).toEqual([{ field: 'ipAddresses', message: '«10.0.0.300» không phải địa chỉ IP hợp lệ.' }]);
    expect(rows[3]?.errors).toEqual([{ field: 'macAddresses', message: '«00:1A:2B:3C» không phải địa chỉ MAC hợp lệ (dạng AA:BB:CC:DD:EE:FF).' }]);
    expect(rows[4]?.errors).toEqual([{ field: 'orgCode', message: 'Không tìm thấy đơn vị có mã «KHONGCO».' }]);
    expect(rows[5]?.errors).toEqual([{ field: 'orgCode', message: `Đơn vị «${communeB.code}» nằm ngoài phạm vi quản lý của bạn.` }]);
    expect(rows[6]?.errors).toEqual([{ field: 'hostname', message: 'Chưa có «Tên máy».' }]);
    expect(await total()).toBe(before);

    const c = await commit(officerA, p.importId);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 5, mappingSaved: false });
    expect(await total()).toBe(before + 2);
    const [kt] = await machinesOf(unit.id);
    expect(kt).toMatchObject({
      hostname: 'PC-KT-01',
      hardwareUuid: '4C4C4544-0001',
      serial: 'SN001',
      ipAddresses: ['10.0.0.11', '10.0.0.12'],
      macAddresses: ['00:1a:2b:3c:4d:5e'],
      osName: 'Windows 10 Pro',
      osVersion: '22H2',
      osLicence: 'licensed',
      assignedTo: 'Nguyễn Văn A',
      source: 'import',
      hasAnyAv: true,
      hasCentralAv: true,
      avUpToDate: true,
    });
    // 08:15 in Vietnam (UTC+7).
    expect(kt?.reportedSeenAt?.toISOString()).toBe('2026-11-30T01:15:00.000Z');
    const [vp] = await machinesOf(sub.id);
    expect(vp).toMatchObject({ hostname: 'PC-VP-02', osLicence: 'unlicensed', hasAnyAv: true, hasCentralAv: false, avUpToDate: false });
    const products = await db().select().from(endpointAvProducts).where(eq(endpointAvProducts.endpointId, kt?.id ?? ''));
    expect(products.map((x) => [x.name, x.enabled, x.upToDate, x.source])).toEqual([['Kaspersky Endpoint Security 12.3', true, true, 'import']]);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'endpoint.imported'), inArray(auditLog.entityId, [kt?.id ?? '', vp?.id ?? ''])));
    expect(audit).toHaveLength(2);
    // Written in one batch, the audit rows still chain.
    expect(await verifyAudit(db())).toMatchObject({ ok: true });

    // Twice: refused. By someone else: not found.
    expect((await commit(officerA, p.importId)).statusCode).toBe(409);
    const again = await preview(officerA, 'ksc.csv', csv, { orgId: unit.id, source: 'Kaspersky Security Center' });
    expect(again.json().summary).toEqual({ total: 7, create: 0, update: 0, unchanged: 2, error: 5 });
    expect((await commit(secondOfficerA, again.json().importId)).statusCode).toBe(404);
    const c2 = await commit(officerA, again.json().importId);
    expect(c2.json()).toEqual({ created: 0, updated: 0, unchanged: 2, skipped: 5, mappingSaved: false });
    expect(await total()).toBe(before + 2);
  });

  it('reads an XLSX export with English headers below a title, and updates a known machine by hardware id', async () => {
    const unit = await unitOfA();
    const known = await machine(unit.id, { hostname: 'OLD-NAME', hardwareUuid: 'ABCD-1234', osLicence: 'licensed' });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Devices');
    sheet.addRow(['Kaspersky Security Center 14 — report of managed devices']);
    sheet.addRow([]);
    sheet.addRow(['Computer name', 'Hardware ID', 'Serial number', 'IP address', 'MAC address', 'Operating system', 'OS version', 'License status', 'Antivirus', 'Real-time protection', 'Databases up to date', 'Last seen', 'User']);
    sheet.addRow(['NEW-NAME', 'abcd-1234', '', '192.168.1.10', 'AA:BB:CC:DD:EE:01', 'Windows 10 Pro', '22H2', 'Unknown', 'Kaspersky Endpoint Security 12', 'Yes', 'No', new Date(Date.UTC(2026, 10, 30, 9, 30)), 'Trần Thị B']);
    // A machine the console lists without protection: the flags describe nothing, no error.
    sheet.addRow(['LAPTOP-07', '', 'SN-77', '192.168.1.11', '', 'Ubuntu', '24.04', 'Licensed', '', 'Not installed', '', '11/29/2026 4:05 PM', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await preview(officerA, 'ksc.xlsx', xlsx, { orgId: unit.id, source: 'KSC' });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.mapping).toMatchObject({ hostname: 'Computer name', hardwareUuid: 'Hardware ID', serial: 'Serial number', ipAddresses: 'IP address', macAddresses: 'MAC address', osLicence: 'License status', avProduct: 'Antivirus', avEnabled: 'Real-time protection', avUpToDate: 'Databases up to date', lastSeen: 'Last seen', assignedTo: 'User' });
    expect(p.mapping.orgCode).toBeUndefined();
    const rows: Row[] = p.rows;
    expect(rows[0]).toMatchObject({ action: 'update', match: { endpointId: known.id, by: 'hardwareUuid' } });
    // "Unknown" licence does not erase a known one.
    expect(rows[0]?.changes).not.toContain('osLicence');
    expect(rows[0]?.changes).toEqual(expect.arrayContaining(['hostname', 'ipAddresses', 'avProduct', 'lastSeen']));
    expect(rows[1]?.action).toBe('create');
    expect((await commit(officerA, p.importId)).json()).toMatchObject({ created: 1, updated: 1 });
    const after = await byId(known.id);
    expect(after).toMatchObject({ hostname: 'NEW-NAME', hardwareUuid: 'ABCD-1234', osLicence: 'licensed', hasCentralAv: true, avUpToDate: false, source: 'manual' });
    // The sheet's wall-clock 09:30 is Vietnamese time.
    expect(after?.reportedSeenAt?.toISOString()).toBe('2026-11-30T02:30:00.000Z');
    const laptop = (await machinesOf(unit.id)).find((m) => m.hostname === 'LAPTOP-07');
    expect(laptop?.reportedSeenAt?.toISOString()).toBe('2026-11-29T09:05:00.000Z');
    expect(laptop?.hasAnyAv).toBe(false);
  });

  it('matches by hardware id, then serial, then hostname, within the organisation only, and flips central coverage', async () => {
    const unit = await unitOfA();
    const other = await unitOfA();
    const e1 = await machine(unit.id, { hostname: 'PC-01', hardwareUuid: 'HW-1' });
    const e2 = await machine(unit.id, { hostname: 'PC-02', serial: 'SN-2' });
    const e3 = await machine(unit.id, { hostname: 'PC-03' });
    const twinElsewhere = await machine(other.id, { hostname: 'PC-03' });
    // Same hostname, but its own hardware id says it is another machine.
    const e5 = await machine(unit.id, { hostname: 'PC-05', hardwareUuid: 'HW-5' });
    const csv =
      'Tên máy,Mã phần cứng,Số sê-ri,Hệ điều hành,Phần mềm diệt virus\r\n' +
      'PC-01-MOI,hw-1,,,\r\n' +
      'PC-02,,sn-2,Windows 11 Pro,\r\n' +
      'pc-03,,,,Kaspersky Endpoint Security 12\r\n' +
      'PC-05,HW-6,,,\r\n' +
      'PC-04,,,,\r\n';
    const r = await preview(officerA, 'may.csv', csv, { orgId: unit.id, source: 'Tự lập' });
    const rows: Row[] = r.json().rows;
    expect(rows.map((x) => [x.action, x.match?.endpointId ?? null, x.match?.by ?? null])).toEqual([
      ['update', e1.id, 'hardwareUuid'],
      ['update', e2.id, 'serial'],
      ['update', e3.id, 'hostname'],
      ['create', null, null],
      ['create', null, null],
    ]);
    expect((await byId(e3.id))?.hasCentralAv).toBe(false);
    expect((await commit(officerA, r.json().importId)).json()).toMatchObject({ created: 2, updated: 3, skipped: 0 });
    expect((await byId(e1.id))?.hostname).toBe('PC-01-MOI');
    expect((await byId(e2.id))?.osName).toBe('Windows 11 Pro');
    expect(await byId(e3.id)).toMatchObject({ hostname: 'pc-03', hasAnyAv: true, hasCentralAv: true });
    expect(await byId(e5.id)).toEqual(e5);
    expect(await byId(twinElsewhere.id)).toEqual(twinElsewhere);
    expect(await machinesOf(unit.id)).toHaveLength(6);
    expect(await machinesOf(other.id)).toHaveLength(1);
    expect(await verifyAudit(db())).toMatchObject({ ok: true });
  });

  it('saves the mapping per organisation and source when asked, and reuses it on the next import', async () => {
    const unit = await unitOfA();
    const mapping = { hostname: 'Máy', hardwareUuid: 'Định danh', avProduct: 'Bảo vệ bởi' };
    const csv = 'Máy,Định danh,Bảo vệ bởi,Ghi chú\r\nPC-A,ID-A,BKAV Endpoint,\r\n';
    const r = await preview(officerA, 'bkav.csv', csv, { orgId: unit.id, source: 'BKAV Endpoint Console', mapping });
    expect(r.json()).toMatchObject({ mappingFrom: 'request', mapping, summary: { create: 1 } });
    expect((await commit(officerA, r.json().importId, true)).json()).toMatchObject({ created: 1, mappingSaved: true });
    const saved = await db().select().from(importMappings).where(eq(importMappings.orgId, unit.id));
    expect(saved.map((s) => [s.source, s.mapping])).toEqual([['BKAV Endpoint Console', mapping]]);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'import_mapping.saved'), eq(auditLog.entityId, saved[0]?.id ?? '')))).toHaveLength(1);

    const next = await preview(officerA, 'bkav-2.csv', 'Ghi chú,Bảo vệ bởi,Máy,Định danh\r\n,BKAV Endpoint,PC-A,ID-A\r\n,,PC-B,ID-B\r\n', { orgId: unit.id, source: 'bkav endpoint console' });
    expect(next.json()).toMatchObject({ mappingFrom: 'saved', mapping, summary: { create: 1, unchanged: 1 } });

    const listed = await env.app.inject({ url: `/api/endpoints/import/mappings?orgId=${unit.id}`, headers: officerA.headers });
    expect(listed.json().items.map((m: { source: string; orgId: string }) => [m.source, m.orgId])).toEqual([['BKAV Endpoint Console', unit.id]]);
    const elsewhere = await env.app.inject({ url: '/api/endpoints/import/mappings', headers: officerB.headers });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.body).not.toContain(unit.id);
  });

  it('names the wrong column or the unmapped field', async () => {
    const unit = await unitOfA();
    const csv = 'Tên máy,Số sê-ri\r\nPC-1,S1\r\n';
    const wrong = await preview(officerA, 'a.csv', csv, { orgId: unit.id, source: 'X', mapping: { hostname: 'Tên máy', serial: 'Số máy' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('Tệp không có cột «Số máy» (đã chọn cho trường «Số sê-ri»). Hãy chọn lại cột.');
    expect(wrong.json().error.fields['mapping.serial']).toMatch(/Số máy/);
    const unmapped = await preview(officerA, 'a.csv', csv, { orgId: unit.id, source: 'X', mapping: { serial: 'Số sê-ri' } });
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.json().error.message).toBe('Chưa chọn cột cho trường bắt buộc «Tên máy».');
    const twice = await preview(officerA, 'a.csv', csv, { orgId: unit.id, source: 'X', mapping: { hostname: 'Tên máy', assignedTo: 'tên máy' } });
    expect(twice.json().error.message).toMatch(/Cột «tên máy» đã được chọn cho trường «Tên máy»/);

    // A saved mapping the new export no longer fits: the preview proposes, names the column, keeps nothing.
    await db().insert(importMappings).values({ id: uuidv7(), orgId: unit.id, source: 'Old console', mapping: { hostname: 'Tên máy', serial: 'Serial cũ' } });
    const stale = await preview(officerA, 'b.csv', csv, { orgId: unit.id, source: 'Old console' });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ importId: null, mappingFrom: 'saved', rows: [], headers: ['Tên máy', 'Số sê-ri'] });
    expect(stale.json().mappingErrors).toEqual([{ field: 'serial', column: 'Serial cũ', message: 'Tệp không có cột «Serial cũ» (đã chọn cho trường «Số sê-ri»). Hãy chọn lại cột.' }]);
    const noHost = await preview(officerA, 'c.csv', 'Máy trạm,IP\r\nPC-1,10.0.0.1\r\n', { orgId: unit.id, source: 'Y' });
    expect(noHost.json().mappingErrors).toEqual([{ field: 'hostname', column: null, message: 'Chưa chọn cột cho trường bắt buộc «Tên máy».' }]);

    const notXlsx = await preview(officerA, 'a.xlsx', 'not a zip', { orgId: unit.id, source: 'X' });
    expect(notXlsx.statusCode).toBe(400);
  });

  it('refuses rows naming the same machine twice and bad dates, in English when asked', async () => {
    const unit = await unitOfA();
    const csv = 'Hostname,Serial,Last seen,OS licence\r\nPC-1,S-1,31/02/2026 10:00,maybe\r\nPC-1B,s-1,,\r\n';
    const m = multipartBody({ name: 'x.csv', content: csv }, { orgId: unit.id, source: 'X' });
    const r = await env.app.inject({ method: 'POST', url: '/api/endpoints/import/preview', headers: { ...officerA.headers, ...m.headers, 'accept-language': 'en' }, payload: m.payload });
    const rows: Row[] = r.json().rows;
    expect(rows[0]?.errors).toEqual([
      { field: 'osLicence', message: 'The licence value «maybe» is not understood. Write «Licensed», «Unlicensed» or «Unknown».' },
      { field: 'lastSeen', message: 'The time «31/02/2026 10:00» is not understood. Write day/month/year hour:minute, e.g. 30/11/2026 08:15.' },
    ]);
    expect(rows[1]?.errors).toEqual([{ field: null, message: 'This row is the same machine as row 2 of the file.' }]);
  });

  it('keeps the organisation and the action to those who manage endpoints there', async () => {
    const csv = 'Tên máy\r\nPC-1\r\n';
    expect((await preview(officerA, 'a.csv', csv, { orgId: communeB.id, source: 'X' })).statusCode).toBe(404);
    expect((await preview(viewerA, 'a.csv', csv, { orgId: communeA.id, source: 'X' })).statusCode).toBe(403);
    const missing = await preview(officerA, 'a.csv', csv, { orgId: 'nope', source: 'X' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.orgId).toBeTruthy();
  });
});
