import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { apiTokens, auditLog, orgs, type OrgRow } from '../../db/schema';
import { sha256 } from '../auth/tokens';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let unitA: OrgRow;
let admin: LoggedIn;
let adminA: LoggedIn;
let officerA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  unitA = await makeOrg(db, communeA, 'unit');
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  adminA = await login(env.app, await makeUser(db, { org: communeA, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
});
afterAll(() => env.close());

async function createToken(as: LoggedIn, orgId: string, actions: string[]) {
  const r = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: as.headers, payload: { name: 'Hệ thống giám sát', orgId, actions } });
  expect(r.statusCode).toBe(200);
  return r.json<{ token: { id: string; prefix: string }; secret: string }>();
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('API tokens', () => {
  it('refuses an anonymous caller and a commune officer', async () => {
    expect((await env.app.inject({ url: '/api/tokens' })).statusCode).toBe(401);
    expect((await env.app.inject({ url: '/api/tokens', headers: officerA.headers })).statusCode).toBe(403);
  });

  it('shows the secret once and stores only its SHA-256; audited without the secret', async () => {
    const { token, secret } = await createToken(admin, communeA.id, ['org.read']);
    expect(secret).toMatch(new RegExp(`^khn_${token.prefix}_`));
    const [row] = await env.database.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.secretHash).toBe(sha256(secret));
    expect(row?.secretHash).not.toBe(secret);
    for (const value of Object.values(row ?? {})) expect(JSON.stringify(value) ?? '').not.toContain(secret.slice(4 + token.prefix.length + 1));
    const list = await env.app.inject({ url: '/api/tokens', headers: admin.headers });
    expect(list.body).not.toContain(secret);
    expect(list.json().items.map((t: { id: string }) => t.id)).toContain(token.id);
    const audit = await env.database.db.select().from(auditLog).where(eq(auditLog.entityId, token.id));
    expect(audit.map((a) => a.action)).toEqual(['token.created']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('authenticates with Bearer and sees only its organisation subtree', async () => {
    const { secret } = await createToken(admin, communeA.id, ['org.read']);
    const r = await env.app.inject({ url: '/api/orgs?limit=500', headers: bearer(secret) });
    expect(r.statusCode).toBe(200);
    const ids = r.json().items.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([communeA.id, unitA.id]));
    expect(ids).not.toContain(communeB.id);
    expect(ids).not.toContain(province.id);
    expect((await env.app.inject({ url: `/api/orgs/${communeB.id}`, headers: bearer(secret) })).statusCode).toBe(404);
    expect((await env.app.inject({ url: `/api/orgs/${unitA.id}`, headers: bearer(secret) })).statusCode).toBe(200);
  });

  it('refuses actions the token does not hold and every write (403), changing nothing', async () => {
    const { secret } = await createToken(admin, communeA.id, ['org.read']);
    const users = await env.app.inject({ url: '/api/users', headers: bearer(secret) });
    expect(users.statusCode).toBe(403);
    expect(users.json().error.message).toBe('Bạn không có quyền thực hiện thao tác này.');
    expect((await env.app.inject({ url: '/api/audit', headers: bearer(secret) })).statusCode).toBe(403);
    expect((await env.app.inject({ url: '/api/tokens', headers: bearer(secret) })).statusCode).toBe(403);
    const before = (await env.database.db.select({ n: count() }).from(orgs))[0]?.n;
    const write = await env.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: bearer(secret),
      payload: { code: 'TOKEN-WRITE', name: 'Không được', kind: 'unit', parentId: communeA.id },
    });
    expect(write.statusCode).toBe(403);
    expect((await env.database.db.select({ n: count() }).from(orgs))[0]?.n).toBe(before);
  });

  it('is refused with the Vietnamese tokenInvalid message once revoked, or when unknown', async () => {
    const { token, secret } = await createToken(admin, communeA.id, ['org.read', 'user.read']);
    expect((await env.app.inject({ url: '/api/users', headers: bearer(secret) })).statusCode).toBe(200);
    const revoke = await env.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: admin.headers });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const r = await env.app.inject({ url: '/api/orgs', headers: bearer(secret) });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.message).toBe('Mã truy cập API không hợp lệ, đã bị thu hồi hoặc đã hết hạn.');
    expect((await env.app.inject({ url: '/api/orgs', headers: bearer(`${secret}x`) })).statusCode).toBe(401);
    expect(await env.database.db.select().from(auditLog).where(eq(auditLog.entityId, token.id))).toHaveLength(2);
  });

  it('refuses to grant an action a token cannot carry (400) and an organisation outside the creator’s scope (404)', async () => {
    const before = (await env.database.db.select({ n: count() }).from(apiTokens))[0]?.n;
    const manage = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'Quá quyền', orgId: communeA.id, actions: ['org.manage'] } });
    expect(manage.statusCode).toBe(400);
    expect(Object.keys(manage.json().error.fields)).toEqual(['actions.0']);
    const sibling = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: adminA.headers, payload: { name: 'Xã B', orgId: communeB.id, actions: ['org.read'] } });
    expect(sibling.statusCode).toBe(404);
    const up = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: adminA.headers, payload: { name: 'Tỉnh', orgId: province.id, actions: ['audit.read'] } });
    expect(up.statusCode).toBe(404);
    expect((await env.database.db.select({ n: count() }).from(apiTokens))[0]?.n).toBe(before);
  });

  it("hides and protects another commune's tokens from a commune administrator", async () => {
    const { token } = await createToken(admin, communeB.id, ['org.read']);
    const list = await env.app.inject({ url: '/api/tokens', headers: adminA.headers });
    expect(list.json().items.map((t: { id: string }) => t.id)).not.toContain(token.id);
    expect((await env.app.inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: adminA.headers })).statusCode).toBe(404);
  });
});
