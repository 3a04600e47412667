import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { count, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, orgs, type OrgRow } from '../../db/schema';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let admin: LoggedIn;
let adminB: LoggedIn;
let officer: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  adminB = await login(env.app, await makeUser(db, { org: communeB, role: 'admin' }));
  officer = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
});
afterAll(() => env.close());

const tag = () => randomBytes(3).toString('hex').toUpperCase();

/** A multipart/form-data body with one file field, built by hand. */
function multipart(fileName: string, content: Buffer | string, field = 'file') {
  const boundary = `----khien${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(who: LoggedIn, fileName: string, content: Buffer | string, extra: Record<string, string> = {}) {
  const m = multipart(fileName, content);
  return env.app.inject({ method: 'POST', url: '/api/orgs/import', headers: { ...who.headers, ...m.headers, ...extra }, payload: m.payload });
}

const commit = (who: LoggedIn, id: string, acceptValidRows?: boolean) =>
  env.app.inject({ method: 'POST', url: `/api/orgs/import/${id}/commit`, headers: who.headers, payload: acceptValidRows === undefined ? {} : { acceptValidRows } });

const orgsWithCodes = (codes: string[]) => env.database.db.select().from(orgs).where(inArray(sql`lower(${orgs.code})`, codes.map((c) => c.toLowerCase())));
const orgCount = async () => (await env.database.db.select({ n: count() }).from(orgs))[0]?.n ?? 0;

describe('organisation import', () => {
  it('creates a commune and its service center from a CSV with Vietnamese headers and a BOM, audited', async () => {
    const t = tag();
    const csv =
      '\uFEFFMã,Tên,Loại,Mã đơn vị cha,Loại đơn vị hành chính,Điện thoại\r\n' +
      `X${t},UBND xã Hòa An ${t},commune,${province.code},Xã,0207 3822 111\r\n` +
      `TT${t},"Trung tâm Phục vụ hành chính công xã Hòa An, ${t}",service_center,X${t},,\r\n`;
    const r = await upload(admin, 'don-vi.csv', csv);
    expect(r.statusCode).toBe(200);
    const preview = r.json();
    expect(preview).toMatchObject({ valid: 2, invalid: 0 });
    expect(preview.rows.map((x: { action: string }) => x.action)).toEqual(['create', 'create']);
    expect(await orgsWithCodes([`X${t}`, `TT${t}`])).toHaveLength(0);

    const c = await commit(admin, preview.importId);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ created: 2, updated: 0, skipped: 0 });
    const rows = await orgsWithCodes([`X${t}`, `TT${t}`]);
    const commune = rows.find((o) => o.code === `X${t}`);
    const center = rows.find((o) => o.code === `TT${t}`);
    expect(commune).toMatchObject({ kind: 'commune', adminUnitKind: 'commune', parentId: province.id, depth: 1, phone: '0207 3822 111' });
    expect(center).toMatchObject({ kind: 'service_center', parentId: commune?.id, depth: 2, name: `Trung tâm Phục vụ hành chính công xã Hòa An, ${t}` });
    expect(center?.path).toBe(`${commune?.path}${center?.id}/`);
    const audit = await env.database.db.select().from(auditLog).where(inArray(auditLog.entityId, rows.map((o) => o.id)));
    expect(audit.map((a) => a.action)).toEqual(['org.imported', 'org.imported']);

    const again = await commit(admin, preview.importId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/đã được ghi/);
  });

  it('reads an XLSX workbook made by Excel (detected by content), English headers', async () => {
    const t = tag();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Đơn vị');
    ws.addRow(['Code', 'Name', 'Kind', 'Parent code', 'Email']);
    ws.addRow([`P${t}`, `UBND phường Tân Hà ${t}`, 'UBND xã/phường/đặc khu', province.code, `p${t.toLowerCase()}@tuyenquang.gov.vn`]);
    ws.addRow([`U${t}`, `Bộ phận một cửa ${t}`, 'unit', `P${t}`, null]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(admin, 'danh-sach', data);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ valid: 2, invalid: 0 });
    const c = await commit(admin, r.json().importId);
    expect(c.json()).toEqual({ created: 2, updated: 0, skipped: 0 });
    const [ward] = await orgsWithCodes([`P${t}`]);
    expect(ward).toMatchObject({ kind: 'commune', email: `p${t.toLowerCase()}@tuyenquang.gov.vn` });
  });

  it('shows a bad row in Vietnamese; refuses to commit it (409, nothing written) unless valid rows are accepted', async () => {
    const t = tag();
    const csv =
      'code,name,kind,parentCode\n' +
      `A${t},Sở A ${t},department,${province.code}\n` +
      `B${t},Trung tâm B,department,${communeA.code}\n` +
      `C${t},Đơn vị C,unit,NOPE${t}\n` +
      `D${t},Đơn vị D,unit,A${t}\n`;
    const r = await upload(admin, 'loi.csv', csv);
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({ valid: 2, invalid: 2 });
    expect(p.rows[1]).toMatchObject({ row: 3, code: `B${t}`, action: 'error' });
    expect(p.rows[1].errors[0]).toMatch(/Không thể đặt đơn vị loại «Sở» dưới đơn vị loại «UBND xã/);
    expect(p.rows[2].errors[0]).toContain(`Không tìm thấy đơn vị cha có mã «NOPE${t}»`);

    const before = await orgCount();
    const refused = await commit(admin, p.importId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'invalid_state' });
    expect(refused.json().error.message).toContain('Có 2 dòng lỗi');
    expect(await orgCount()).toBe(before);

    const ok = await commit(admin, p.importId, true);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ created: 2, updated: 0, skipped: 2 });
    expect((await orgsWithCodes([`A${t}`, `B${t}`, `C${t}`, `D${t}`])).map((o) => o.code).sort()).toEqual([`A${t}`, `D${t}`]);
  });

  it('answers row errors in English when asked', async () => {
    const r = await upload(admin, 'x.csv', `code,name,kind,parentCode\nE${tag()},E,planet,${province.code}\n`, { 'accept-language': 'en' });
    expect(r.json().rows[0].errors[0]).toMatch(/^Kind: /);
  });

  it('updates on re-import instead of duplicating', async () => {
    const t = tag();
    const csv = (name: string) => `Mã,Tên,Loại,Mã đơn vị cha\nR${t},${name},agency,${province.code}\n`;
    const first = await upload(admin, 'a.csv', csv('Ban Dân tộc'));
    await commit(admin, first.json().importId);
    const second = await upload(admin, 'a.csv', csv('Ban Dân tộc tỉnh'));
    expect(second.json().rows[0].action).toBe('update');
    expect((await commit(admin, second.json().importId)).json()).toEqual({ created: 0, updated: 1, skipped: 0 });
    const rows = await orgsWithCodes([`R${t}`]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe('Ban Dân tộc tỉnh');
  });

  it("keeps a sibling commune's administrator out: rows outside their scope fail, another's import is 404", async () => {
    const t = tag();
    const mine = await upload(admin, 'm.csv', `code,name,kind,parentCode\nS${t},Đơn vị S,unit,${communeA.code}\n`);
    const theirs = await upload(adminB, 'b.csv', `code,name,kind,parentCode\nS${t},Đơn vị S,unit,${communeA.code}\n`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().rows[0].errors[0]).toContain('nằm ngoài phạm vi quản lý');
    const rename = await upload(adminB, 'b.csv', `code,name,kind,parentCode\n${communeA.code},Đổi tên,commune,${province.code}\n`);
    expect(rename.json().rows[0].errors[0]).toContain(`Mã «${communeA.code}» đã thuộc một đơn vị nằm ngoài`);
    const stolen = await commit(adminB, mine.json().importId, true);
    expect(stolen.statusCode).toBe(404);
    expect(await orgsWithCodes([`S${t}`])).toHaveLength(0);
  });

  it('forbids a role without org.manage (403)', async () => {
    const r = await upload(officer, 'o.csv', `code,name,kind,parentCode\nO${tag()},O,unit,${communeA.code}\n`);
    expect(r.statusCode).toBe(403);
  });

  it('refuses a text file named .xlsx with a clear message', async () => {
    const r = await upload(admin, 'danh-sach.xlsx', 'đây không phải tệp Excel');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('không phải tệp Excel hợp lệ');
  });

  it('names a missing required column (400)', async () => {
    const r = await upload(admin, 'thieu.csv', 'Mã,Tên,Mã đơn vị cha\nQ1,Q,TQ\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('Tệp thiếu cột bắt buộc «Loại (kind)»');
  });

  it('answers 400 without a file and 401 without a session', async () => {
    const other = multipart('a.csv', 'x', 'other');
    const noFile = await env.app.inject({ method: 'POST', url: '/api/orgs/import', headers: { ...admin.headers, ...other.headers }, payload: other.payload });
    expect(noFile.statusCode).toBe(400);
    const anon = await env.app.inject({ method: 'POST', url: '/api/orgs/import', ...multipart('a.csv', 'x') });
    expect(anon.statusCode).toBe(401);
    const [saved] = await env.database.db.select({ n: count() }).from(orgs).where(eq(orgs.code, 'x'));
    expect(saved?.n).toBe(0);
  });
});
