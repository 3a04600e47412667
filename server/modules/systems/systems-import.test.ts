import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { count, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, informationSystems, systemComponents, type OrgRow } from '../../db/schema';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let officerA: LoggedIn;
let admin: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
});
afterAll(() => env.close());

function multipart(fileName: string, content: Buffer | string) {
  const boundary = `----khien${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(who: LoggedIn, fileName: string, content: Buffer | string) {
  const m = multipart(fileName, content);
  return env.app.inject({ method: 'POST', url: '/api/systems/import', headers: { ...who.headers, ...m.headers }, payload: m.payload });
}
const commit = (who: LoggedIn, id: string, acceptValidRows?: boolean) =>
  env.app.inject({ method: 'POST', url: `/api/systems/import/${id}/commit`, headers: who.headers, payload: acceptValidRows === undefined ? {} : { acceptValidRows } });
const systemsWithCodes = (codes: string[]) =>
  env.database.db.select().from(informationSystems).where(inArray(sql`lower(${informationSystems.code})`, codes.map((c) => c.toLowerCase())));
const systemCount = async () => (await env.database.db.select({ n: count() }).from(informationSystems))[0]?.n ?? 0;

describe('information-system import', () => {
  it('serves a template that opens in Excel and imports as it is', async () => {
    const r = await env.app.inject({ url: '/api/systems/import/template.xlsx', headers: officerA.headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/mau-nhap-he-thong-thong-tin\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(r.rawPayload).buffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).text).toBe('Mã đơn vị vận hành');
    expect(sheet?.getRow(2).getCell(3).text).toBe('Hệ thống quản lý văn bản và điều hành');
    // The example names unit X001, which this database does not have: one row, clear errors.
    const preview = await upload(officerA, 'mau.xlsx', r.rawPayload);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().rows[0].errors).toEqual(['Không tìm thấy đơn vị có mã «X001».', 'Không tìm thấy đơn vị chủ quản có mã «X001».']);
  });

  it('previews per-row errors, commits only valid rows when asked, and a second import of the same codes updates', async () => {
    const t = randomBytes(2).toString('hex').toUpperCase();
    const csv =
      '\uFEFFMã đơn vị vận hành,Mã hệ thống,Tên hệ thống,Loại hệ thống,Loại thông tin xử lý,Hệ thống quan trọng,Số người sử dụng,Thành phần\r\n' +
      `${communeA.code},QLVB-${t},Quản lý văn bản và điều hành,Phục vụ hoạt động nội bộ,"Thông tin công cộng; thông tin riêng",Không,45,"Hệ điều hành | Microsoft | Windows Server | 2019; Máy chủ web | nginx | nginx | 1.24"\r\n` +
      `${communeA.code},,Thư điện tử công vụ,internal,public,,,\r\n` +
      `${communeB.code},WEB-${t},Cổng thông tin điện tử xã,citizen_business,public,,,\r\n` +
      `NOPE,X-${t},Không rõ đơn vị,internal,,,,\r\n` +
      `${communeA.code},MC-${t},Một cửa điện tử,hành tinh,,có lẽ,nhiều,\r\n`;
    const r = await upload(officerA, 'he-thong.csv', csv);
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({ valid: 2, invalid: 3 });
    expect(p.rows.map((x: { action: string }) => x.action)).toEqual(['create', 'create', 'error', 'error', 'error']);
    expect(p.rows[2].errors).toEqual([`Đơn vị «${communeB.code}» nằm ngoài phạm vi quản lý của bạn.`]);
    expect(p.rows[3].errors[0]).toMatch(/Không tìm thấy đơn vị có mã «NOPE»/);
    expect(p.rows[4].errors.join(' ')).toMatch(/Loại hệ thống/);
    expect(p.rows[4].errors.join(' ')).toMatch(/Hệ thống quan trọng/);
    expect(p.rows[4].errors.join(' ')).toMatch(/Số người sử dụng/);
    const before = await systemCount();

    const refused = await commit(officerA, p.importId);
    expect(refused.statusCode).toBe(409);
    expect(await systemCount()).toBe(before);

    const c = await commit(officerA, p.importId, true);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ created: 2, updated: 0, skipped: 3 });
    const [qlvb] = await systemsWithCodes([`QLVB-${t}`]);
    expect(qlvb).toMatchObject({ orgId: communeA.id, systemType: 'internal', infoTypes: ['public', 'private'], userCount: 45, isImportant: false });
    const comps = await env.database.db.select().from(systemComponents).where(eq(systemComponents.systemId, qlvb?.id ?? ''));
    expect(comps.map((x) => [x.kind, x.vendor, x.product, x.version])).toEqual([
      ['operating_system', 'Microsoft', 'Windows Server', '2019'],
      ['web_server', 'nginx', 'nginx', '1.24'],
    ]);
    const [mail] = await env.database.db.select().from(informationSystems).where(eq(informationSystems.name, 'Thư điện tử công vụ'));
    expect(mail?.code).toBe(`${communeA.code}-HT01`);
    const audit = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'system.imported'));
    expect(audit).toHaveLength(2);
    expect((await commit(officerA, p.importId, true)).statusCode).toBe(409);

    // The same file again: the row with a code updates; an empty cell keeps the value.
    const csv2 =
      'Mã đơn vị vận hành,Mã hệ thống,Tên hệ thống,Loại hệ thống,Số người sử dụng,Thành phần\r\n' +
      `${communeA.code},qlvb-${t},Quản lý văn bản và điều hành (iOffice),internal,60,\r\n`;
    const r2 = await upload(officerA, 'lan-2.csv', csv2);
    expect(r2.json()).toMatchObject({ valid: 1, invalid: 0 });
    expect(r2.json().rows[0].action).toBe('update');
    const c2 = await commit(officerA, r2.json().importId);
    expect(c2.json()).toEqual({ created: 0, updated: 1, skipped: 0 });
    const again = await systemsWithCodes([`QLVB-${t}`]);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ name: 'Quản lý văn bản và điều hành (iOffice)', userCount: 60, infoTypes: ['public', 'private'] });
    expect(await env.database.db.select().from(systemComponents).where(eq(systemComponents.systemId, qlvb?.id ?? ''))).toHaveLength(2);
  });

  it('reports a code held by a system outside the actor\'s scope, and lets nobody else commit the import', async () => {
    const t = randomBytes(2).toString('hex').toUpperCase();
    const made = await env.app.inject({ method: 'POST', url: '/api/systems', headers: admin.headers, payload: { orgId: communeB.id, code: `B-${t}`, name: 'Cổng TTĐT', systemType: 'citizen_business', infoTypes: ['public'] } });
    expect(made.statusCode).toBe(200);
    const r = await upload(officerA, 'x.csv', `Mã đơn vị,Mã hệ thống,Tên hệ thống,Loại hệ thống\r\n${communeA.code},B-${t},Chiếm mã,internal\r\n`);
    expect(r.json().rows[0].errors).toEqual([`Mã hệ thống «B-${t}» đã thuộc một đơn vị nằm ngoài phạm vi quản lý của bạn.`]);
    const ok = await upload(officerA, 'y.csv', `Mã đơn vị,Tên hệ thống,Loại hệ thống\r\n${communeA.code},Kế toán,internal\r\n`);
    expect((await commit(admin, ok.json().importId)).statusCode).toBe(404);
  });

  it('refuses a file without the required columns, or not a workbook, in Vietnamese', async () => {
    const r = await upload(officerA, 'a.csv', 'Tên hệ thống\r\nA\r\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/thiếu cột bắt buộc «Mã đơn vị vận hành»/);
    const x = await upload(officerA, 'a.xlsx', 'not a zip');
    expect(x.statusCode).toBe(400);
  });
});
