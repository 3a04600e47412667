import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, roleAssignments, sessions, users, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let admin: LoggedIn;
let adminA: LoggedIn;
let adminAId: string;
let headA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  const a = await makeUser(db, { org: communeA, role: 'admin' });
  adminAId = a.id;
  adminA = await login(env.app, a);
  headA = await login(env.app, await makeUser(db, { org: communeA, role: 'org_head' }));
});
afterAll(() => env.close());

const userCount = async () => (await env.database.db.select({ n: count() }).from(users))[0]?.n ?? 0;
const auditOf = (action: string, entityId: string) =>
  env.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
const liveSessions = async (userId: string) =>
  (await env.database.db.select().from(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.revokedAt} IS NULL`))).length;
const newUsername = () => `cb${Math.random().toString(36).slice(2, 10)}`;

describe('users', () => {
  it('refuses an anonymous caller with 401', async () => {
    const r = await env.app.inject({ url: '/api/users' });
    expect(r.statusCode).toBe(401);
  });

  it('lets an administrator create a user with roles, who must change the password; audited without secrets', async () => {
    const username = newUsername();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: {
        username: username.toUpperCase(),
        fullName: 'Trần Văn Bình',
        orgId: communeA.id,
        email: `${username}@xa.tinh.test`,
        password: 'Mat-khau-ban-dau-1',
        roles: [{ role: 'security_officer', orgId: communeA.id }],
      },
    });
    expect(r.statusCode).toBe(200);
    const created = r.json();
    expect(created).toMatchObject({ username, fullName: 'Trần Văn Bình', orgId: communeA.id, disabled: false, totpEnabled: false });
    expect(created.roles).toEqual([expect.objectContaining({ role: 'security_officer', orgId: communeA.id })]);
    const [row] = await env.database.db.select().from(users).where(eq(users.id, created.id));
    expect(row?.mustChangePassword).toBe(true);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    const [entry] = await auditOf('user.created', created.id);
    expect(entry?.orgId).toBe(communeA.id);
    expect(entry?.after).toMatchObject({ username, roles: [{ role: 'security_officer', orgId: communeA.id }] });
    expect(JSON.stringify(entry?.after)).not.toContain(row?.passwordHash ?? '$argon2');
    expect(JSON.stringify(entry?.after)).not.toContain('Mat-khau-ban-dau-1');
  });

  it('refuses a username already in use with a Vietnamese message on the field, and creates nothing', async () => {
    const existing = await makeUser(env.database.db, { org: communeA });
    const before = await userCount();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: existing.username, fullName: 'Trùng tên', orgId: communeA.id, password: 'Mat-khau-ban-dau-1' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields.username).toBe(`Tên đăng nhập: Tên đăng nhập «${existing.username}» đã có người dùng.`);
    expect(await userCount()).toBe(before);
  });

  it('answers 400 naming the fields on invalid input, and creates nothing', async () => {
    const before = await userCount();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: 'a b', fullName: '', orgId: 'khong-phai-id', password: 'ngan' },
    });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.fields)).toEqual(expect.arrayContaining(['username', 'fullName', 'orgId', 'password']));
    expect(r.json().error.fields.password).toContain('ít nhất 10 ký tự');
    expect(await userCount()).toBe(before);
  });

  it('keeps a commune administrator out of a sibling commune and off the province', async () => {
    const before = await userCount();
    const inB = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: adminA.headers,
      payload: { username: newUsername(), fullName: 'Người xã B', orgId: communeB.id, password: 'Mat-khau-ban-dau-1' },
    });
    expect(inB.statusCode).toBe(404);
    // A role on an organisation outside their scope is refused on the field, exactly as for one that does not exist.
    const onProvince = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: adminA.headers,
      payload: { username: newUsername(), fullName: 'Người xã A', orgId: communeA.id, password: 'Mat-khau-ban-dau-1', roles: [{ role: 'admin', orgId: province.id }] },
    });
    expect(onProvince.statusCode).toBe(400);
    expect(onProvince.json().error.fields['roles.0.orgId']).toContain('Không tìm thấy');
    expect(await userCount()).toBe(before);

    const ownUser = await makeUser(env.database.db, { org: communeA, role: 'viewer' });
    const grant = await env.app.inject({ method: 'POST', url: `/api/users/${ownUser.id}/roles`, headers: adminA.headers, payload: { role: 'admin', orgId: province.id } });
    expect(grant.statusCode).toBe(400);
    expect(grant.json().error.fields.orgId).toContain('Không tìm thấy');
    expect(await env.database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, ownUser.id))).toHaveLength(1);
  });

  it("hides a sibling commune's users from a commune administrator (list and read)", async () => {
    const userA = await makeUser(env.database.db, { org: communeA });
    const userB = await makeUser(env.database.db, { org: communeB });
    const list = await env.app.inject({ url: '/api/users?limit=500', headers: adminA.headers });
    expect(list.statusCode).toBe(200);
    const orgIds = new Set(list.json().items.map((u: { orgId: string }) => u.orgId));
    expect([...orgIds]).toEqual([communeA.id]);
    expect(list.json().items.map((u: { id: string }) => u.id)).toContain(userA.id);
    const filtered = await env.app.inject({ url: `/api/users?orgId=${communeB.id}`, headers: adminA.headers });
    expect(filtered.json()).toEqual({ items: [], total: 0 });
    expect((await env.app.inject({ url: `/api/users/${userB.id}`, headers: adminA.headers })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'PATCH', url: `/api/users/${userB.id}`, headers: adminA.headers, payload: { fullName: 'X' } })).statusCode).toBe(404);
    expect((await env.app.inject({ url: `/api/users/${userB.id}`, headers: admin.headers })).statusCode).toBe(200);
  });

  it("lets the head of commune A read A's users but not create one (403)", async () => {
    const userA = await makeUser(env.database.db, { org: communeA });
    const got = await env.app.inject({ url: `/api/users/${userA.id}`, headers: headA.headers });
    expect(got.statusCode).toBe(200);
    expect(got.json().can).toEqual({ update: false, resetPassword: false, manageRoles: false });
    const before = await userCount();
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: headA.headers,
      payload: { username: newUsername(), fullName: 'Không được', orgId: communeA.id, password: 'Mat-khau-ban-dau-1' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toBe('Bạn không có quyền thực hiện thao tác này.');
    expect(await userCount()).toBe(before);
  });

  it('disables a user and ends their sessions; audited', async () => {
    const target = await makeUser(env.database.db, { org: communeA, role: 'security_officer' });
    const s = await login(env.app, target);
    const r = await env.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: adminA.headers, payload: { disabled: true } });
    expect(r.statusCode).toBe(200);
    expect(r.json().disabled).toBe(true);
    expect(await liveSessions(target.id)).toBe(0);
    expect((await env.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const [entry] = await auditOf('user.disabled', target.id);
    expect(entry?.before).toMatchObject({ disabledAt: null });
    expect(entry?.after).toMatchObject({ disabledAt: expect.any(String) });
  });

  it('refuses to let an administrator disable their own account', async () => {
    const r = await env.app.inject({ method: 'PATCH', url: `/api/users/${adminAId}`, headers: adminA.headers, payload: { disabled: true } });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toBe('Bạn không thể tự vô hiệu hóa tài khoản của mình.');
    const [row] = await env.database.db.select().from(users).where(eq(users.id, adminAId));
    expect(row?.disabledAt).toBeNull();
  });

  it('resets a password and two-factor: sessions end, the user must change it, an e-mail is queued', async () => {
    const email = `reset.${newUsername()}@xa.tinh.test`;
    const target = await makeUser(env.database.db, { org: communeA, role: 'soc_analyst', email });
    const s = await login(env.app, target);
    const r = await env.app.inject({
      method: 'POST',
      url: `/api/users/${target.id}/reset-password`,
      headers: adminA.headers,
      payload: { newPassword: 'Mat-khau-moi-2026', resetTotp: true },
    });
    expect(r.statusCode).toBe(200);
    expect((await env.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const [row] = await env.database.db.select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ mustChangePassword: true, totpSecret: null, totpEnabledAt: null });
    const jobs = await queryRows(env.database.db, sql`SELECT data->>'subject' AS subject FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = ${email}`);
    expect(jobs).toEqual([{ subject: expect.stringContaining('mật khẩu đã được đặt lại') }]);
    expect((await auditOf('user.password_reset', target.id))[0]?.after).toEqual({ resetTotp: true });
    // The new password works; two-factor must be enrolled again.
    const again = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: 'Mat-khau-moi-2026' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ mfa: 'enroll', user: { mustChangePassword: true } });
  });

  it('unlocks a locked account; audited', async () => {
    const target = await makeUser(env.database.db, { org: communeA });
    await env.database.db.update(users).set({ lockedUntil: new Date(Date.now() + 10 * 60_000), failedLogins: 3 }).where(eq(users.id, target.id));
    expect((await env.app.inject({ url: `/api/users/${target.id}`, headers: adminA.headers })).json().lockedUntil).not.toBeNull();
    const r = await env.app.inject({ method: 'POST', url: `/api/users/${target.id}/unlock`, headers: adminA.headers });
    expect(r.statusCode).toBe(200);
    expect(r.json().lockedUntil).toBeNull();
    const [row] = await env.database.db.select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ lockedUntil: null, failedLogins: 0 });
    expect(await auditOf('user.unlocked', target.id)).toHaveLength(1);
    expect((await env.app.inject({ method: 'POST', url: `/api/users/${target.id}/unlock`, headers: headA.headers })).statusCode).toBe(403);
  });

  it('adds and removes a role, each audited; a duplicate role is a conflict', async () => {
    const target = await makeUser(env.database.db, { org: communeA, role: 'viewer' });
    const added = await env.app.inject({ method: 'POST', url: `/api/users/${target.id}/roles`, headers: adminA.headers, payload: { role: 'org_head', orgId: communeA.id } });
    expect(added.statusCode).toBe(200);
    const role = added.json().roles.find((x: { role: string }) => x.role === 'org_head');
    expect(role).toMatchObject({ orgId: communeA.id });
    expect((await auditOf('user.role_added', target.id))[0]?.after).toMatchObject({ assignmentId: role.id, role: 'org_head', orgId: communeA.id });

    const dup = await env.app.inject({ method: 'POST', url: `/api/users/${target.id}/roles`, headers: adminA.headers, payload: { role: 'org_head', orgId: communeA.id } });
    expect(dup.statusCode).toBe(409);

    const removed = await env.app.inject({ method: 'DELETE', url: `/api/users/${target.id}/roles/${role.id}`, headers: adminA.headers });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().roles.map((x: { role: string }) => x.role)).toEqual(['viewer']);
    expect((await auditOf('user.role_removed', target.id))[0]?.before).toMatchObject({ id: role.id, role: 'org_head' });
  });
});

describe('the last administrator', () => {
  it('cannot lose the admin role', async () => {
    const own = await createTestEnv();
    try {
      const db = own.database.db;
      const prov = await makeProvince(db);
      const only = await makeUser(db, { org: prov, role: 'admin' });
      const s = await login(own.app, only);
      const [assignment] = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, only.id));
      const r = await own.app.inject({ method: 'DELETE', url: `/api/users/${only.id}/roles/${assignment?.id}`, headers: s.headers });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.message).toBe('Không thể bỏ vai trò quản trị của quản trị viên cuối cùng.');
      expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, only.id))).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});
