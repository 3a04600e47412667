import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, orgs, type OrgRow } from '../../db/schema';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let admin: LoggedIn;
let officerA: LoggedIn;
let officerB: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
});
afterAll(() => env.close());

const auditCount = async () => (await env.database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

describe('organisations', () => {
  it('refuses an anonymous caller with 401', async () => {
    const r = await env.app.inject({ url: '/api/orgs' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('unauthenticated');
  });

  it('lets an administrator create a service center under a commune, audited', async () => {
    const before = await auditCount();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: admin.headers,
      payload: { code: `TT-${communeA.code}`, name: 'Trung tâm Phục vụ hành chính công', kind: 'service_center', parentId: communeA.id },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'service_center', parentId: communeA.id, depth: 2 });
    expect(await auditCount()).toBe(before + 1);
  });

  it('answers 400 in Vietnamese naming the field, and writes nothing, on bad input', async () => {
    const before = (await env.database.db.select({ n: count() }).from(orgs))[0]?.n;
    const r = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: admin.headers, payload: { code: '', name: 'x'.repeat(300), kind: 'planet', parentId: 'nope' } });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('validation');
    expect(e.fields.code).toContain('Mã');
    expect(e.fields.name).toContain('tối đa 255');
    expect(Object.keys(e.fields)).toEqual(expect.arrayContaining(['kind', 'parentId']));
    expect((await env.database.db.select({ n: count() }).from(orgs))[0]?.n).toBe(before);
  });

  it('refuses a kind that cannot sit under the parent', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: admin.headers, payload: { code: 'BADKIND1', name: 'Sở X', kind: 'department', parentId: communeA.id } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields.kind).toMatch(/Không thể đặt/);
  });

  it('shows a commune officer their own commune and answers 404 for a sibling commune', async () => {
    const own = await env.app.inject({ url: `/api/orgs/${communeA.id}`, headers: officerA.headers });
    expect(own.statusCode).toBe(200);
    const other = await env.app.inject({ url: `/api/orgs/${communeB.id}`, headers: officerA.headers });
    expect(other.statusCode).toBe(404);
    const list = await env.app.inject({ url: '/api/orgs?limit=500', headers: officerA.headers });
    const ids = list.json().items.map((o: { id: string }) => o.id);
    expect(ids).toContain(communeA.id);
    expect(ids).not.toContain(communeB.id);
    expect(ids).not.toContain(province.id);
  });

  it('forbids an officer from editing their own commune (403) and changes nothing', async () => {
    const r = await env.app.inject({ method: 'PATCH', url: `/api/orgs/${communeB.id}`, headers: officerB.headers, payload: { name: 'Đổi tên' } });
    expect(r.statusCode).toBe(403);
    const [row] = await env.database.db.select().from(orgs).where(eq(orgs.id, communeB.id));
    expect(row?.name).toBe(communeB.name);
  });

  it('refuses a cookie write without the CSRF token', async () => {
    const r = await env.app.inject({ method: 'PATCH', url: `/api/orgs/${communeA.id}`, headers: { cookie: admin.cookie }, payload: { name: 'X' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/tải lại trang/);
  });

  it('moves an organisation with its subtree', async () => {
    const dept = await makeOrg(env.database.db, province, 'department');
    const unit = await makeOrg(env.database.db, dept, 'unit');
    const sub = await makeOrg(env.database.db, unit, 'unit');
    const r = await env.app.inject({ method: 'PATCH', url: `/api/orgs/${unit.id}`, headers: admin.headers, payload: { parentId: communeB.id } });
    expect(r.statusCode).toBe(200);
    const [moved] = await env.database.db.select().from(orgs).where(eq(orgs.id, sub.id));
    expect(moved?.path).toBe(`${communeB.path}${unit.id}/${sub.id}/`);
    expect(moved?.depth).toBe(3);
    const cycle = await env.app.inject({ method: 'PATCH', url: `/api/orgs/${unit.id}`, headers: admin.headers, payload: { parentId: sub.id } });
    expect(cycle.statusCode).toBe(400);
  });

  it('answers in English when asked', async () => {
    const r = await env.app.inject({ url: `/api/orgs/${communeB.id}`, headers: { ...officerA.headers, 'accept-language': 'en-US,en;q=0.9' } });
    expect(r.json().error.message).toMatch(/not found/);
  });
});
