import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { cookieOf, makeCommune, makeProvince, makeUser, type LoggedIn, type TestUser } from '../../test/factories';
import { auditLog, rateLimits, sessions, users, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';

let env: TestEnv;
let province: OrgRow;
let commune: OrgRow;
/** The injected clock runs this far ahead of real time. */
let clockOffsetMs = 0;

const BAD_CREDENTIALS = 'Tên đăng nhập hoặc mật khẩu không đúng.';

beforeAll(async () => {
  env = await createTestEnv({ clock: () => new Date(Date.now() + clockOffsetMs) });
  province = await makeProvince(env.database.db);
  commune = await makeCommune(env.database.db, province);
});
afterAll(() => env.close());

/** Each caller its own address, so that the per-IP login limit only counts what a test means it to. */
const newIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

function postLogin(username: string, password: string, opts: { ip?: string; cookie?: string } = {}) {
  return env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: opts.ip ?? newIp(),
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
}

function loggedIn(res: LightMyRequestResponse): LoggedIn {
  const cookie = cookieOf(res.headers['set-cookie']);
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Password and, when enrolled, the TOTP step, each from a fresh address. */
async function signIn(user: TestUser): Promise<LoggedIn> {
  const res = await postLogin(user.username, user.password);
  expect(res.statusCode).toBe(200);
  const first = loggedIn(res);
  if (res.json<{ mfa: string }>().mfa !== 'verify' || !user.totpSecret) return first;
  const r2 = await env.app.inject({
    method: 'POST',
    url: '/api/auth/totp/verify',
    remoteAddress: newIp(),
    headers: first.headers,
    payload: { code: await generate({ secret: user.totpSecret }) },
  });
  expect(r2.statusCode).toBe(200);
  return loggedIn(r2);
}

const me = (s: { cookie: string }) => env.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } });
const userRow = async (id: string) => (await env.database.db.select().from(users).where(eq(users.id, id)))[0];
const auditOf = (action: string, entityId: string) =>
  env.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

describe('signing in with a password', () => {
  it('sets an HttpOnly SameSite=Strict session cookie and returns the session, complete for a security officer', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const res = await postLogin(officer.username, officer.password);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^khien_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const body = res.json();
    expect(body).toMatchObject({ mfa: 'none', user: { id: officer.id, username: officer.username, orgId: commune.id, orgName: commune.name } });
    expect(body.user.roles).toEqual([expect.objectContaining({ role: 'security_officer', orgId: commune.id })]);
    expect(body.can).toMatchObject({ 'org.read': true, 'user.manage': false });
    expect(body.csrfToken).toEqual(expect.any(String));
    // The cookie value itself is never stored, only its hash.
    const raw = cookieOf(res.headers['set-cookie']).slice('khien_sid='.length);
    expect(await env.database.db.select().from(sessions).where(eq(sessions.id, raw))).toHaveLength(0);
    expect((await me(loggedIn(res))).statusCode).toBe(200);
    expect(await auditOf('auth.login', officer.id)).toHaveLength(1);
  });

  it('answers a wrong password with the generic Vietnamese message, counts the failure and audits it', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const res = await postLogin(officer.username, 'sai-mat-khau-roi');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'unauthenticated', message: BAD_CREDENTIALS });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await userRow(officer.id))?.failedLogins).toBe(1);
    const [failed] = await auditOf('auth.login_failed', officer.id);
    expect(failed?.after).toMatchObject({ username: officer.username, failures: 1, reason: 'bad_password' });
  });

  it('answers an unknown username with the same message, audited without an organisation', async () => {
    const username = `khongco${randomBytes(3).toString('hex')}`;
    const res = await postLogin(username, 'sai-mat-khau-roi');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'unauthenticated', message: BAD_CREDENTIALS });
    const rows = await queryRows(env.database.db, sql`SELECT org_id FROM audit_log WHERE action = 'auth.login_failed' AND after->>'username' = ${username}`);
    expect(rows).toEqual([{ org_id: null }]);
  });

  it('locks the account after KHIEN_LOGIN_MAX_FAILURES failures and then refuses even the right password', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    for (let i = 1; i <= env.config.loginMaxFailures; i++) {
      const r = await postLogin(officer.username, `sai-lan-${i}-mat-khau`);
      expect(r.statusCode).toBe(401);
    }
    const row = await userRow(officer.id);
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + (env.config.lockoutMinutes - 1) * 60_000);
    expect(await auditOf('auth.login_failed', officer.id)).toHaveLength(env.config.loginMaxFailures);
    expect(await auditOf('auth.locked', officer.id)).toHaveLength(1);

    const right = await postLogin(officer.username, officer.password);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('rate_limited');
    expect(right.json().error.message).toContain('Tài khoản đang tạm khóa');
    expect(right.json().error.message).toContain(`${env.config.lockoutMinutes} phút`);
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(await auditOf('auth.login_refused_locked', officer.id)).toHaveLength(1);
  });

  it('refuses the 11th sign-in attempt from one address within a minute with 429, counted in rate_limits', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      const r = await postLogin(`khongco${i}x${randomBytes(2).toString('hex')}`, 'sai-mat-khau-roi', { ip });
      expect(r.statusCode).toBe(401);
    }
    const limited = await postLogin(officer.username, officer.password, { ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toMatch(/thử lại sau/);
    expect(limited.headers['set-cookie']).toBeUndefined();
    // One counter per route and address: the login route's own, not shared with the other limited routes.
    const counters = await env.database.db.select().from(rateLimits).where(sql`${rateLimits.key} LIKE ${`%${ip}`}`);
    expect(counters.map((c) => [c.key, c.count])).toEqual([[`rl:POST:/api/auth/login:${ip}`, 11]]);
    // Another address is not affected.
    expect((await postLogin(officer.username, officer.password)).statusCode).toBe(200);
  });

  it('revokes the session whose cookie comes with a new sign-in (session rotation)', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const first = loggedIn(await postLogin(officer.username, officer.password));
    const again = await postLogin(officer.username, officer.password, { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const second = loggedIn(again);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
  });

  it('refuses a disabled account after a right password', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    await env.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, officer.id));
    const r = await postLogin(officer.username, officer.password);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toContain('vô hiệu hóa');
  });
});

describe('two-factor authentication', () => {
  it('makes an administrator without TOTP enrol before anything else, then completes the session', async () => {
    const adminUser = await makeUser(env.database.db, { org: province, role: 'admin' });
    await env.database.db.update(users).set({ totpSecret: null, totpEnabledAt: null }).where(eq(users.id, adminUser.id));
    const res = await postLogin(adminUser.username, adminUser.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfa: 'enroll', can: {} });
    const pending = loggedIn(res);

    for (const url of ['/api/orgs', '/api/users', '/api/audit', '/api/tokens']) {
      const r = await env.app.inject({ url, headers: pending.headers });
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.message).toBe('Bạn cần hoàn tất xác thực hai lớp để tiếp tục.');
    }
    const write = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: pending.headers, payload: { fullName: 'Không được' } });
    expect(write.statusCode).toBe(401);

    const setup = await env.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: pending.headers });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toContain(`secret=${secret}`);

    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: pending.headers, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(Object.keys(wrong.json().error.fields)).toEqual(['code']);

    const enabled = await env.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: pending.headers,
      payload: { code: await generate({ secret }) },
    });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ mfa: 'none', user: { totpEnabled: true } });
    const complete = loggedIn(enabled);
    expect(complete.cookie).not.toBe(pending.cookie);
    expect((await env.app.inject({ url: '/api/orgs', headers: complete.headers })).statusCode).toBe(200);
    expect((await me(pending)).statusCode).toBe(401);
    const row = await userRow(adminUser.id);
    expect(row?.totpSecret).toBe(secret);
    expect(row?.totpPendingSecret).toBeNull();
    expect(await auditOf('auth.totp_enabled', adminUser.id)).toHaveLength(1);
  });

  it('asks a user with TOTP for a code: a wrong code is a 400 on the field, the right one completes the session', async () => {
    const adminUser = await makeUser(env.database.db, { org: province, role: 'admin' });
    const res = await postLogin(adminUser.username, adminUser.password);
    expect(res.json().mfa).toBe('verify');
    const pending = loggedIn(res);
    expect((await env.app.inject({ url: '/api/orgs', headers: pending.headers })).statusCode).toBe(401);
    // A session waiting for its code cannot start a new enrolment.
    expect((await env.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: pending.headers })).statusCode).toBe(409);

    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/totp/verify', remoteAddress: newIp(), headers: pending.headers, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.code).toContain('Mã xác thực không đúng');
    expect(await auditOf('auth.totp_failed', adminUser.id)).toHaveLength(1);

    const code = await generate({ secret: adminUser.totpSecret ?? '' });
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/totp/verify', remoteAddress: newIp(), headers: pending.headers, payload: { code } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ mfa: 'none', can: { 'user.manage': true } });
    const complete = loggedIn(right);
    expect((await env.app.inject({ url: '/api/orgs', headers: complete.headers })).statusCode).toBe(200);
    expect((await me(pending)).statusCode).toBe(401);

    // The same code cannot be used again (a code seen over someone's shoulder is spent).
    const again = loggedIn(await postLogin(adminUser.username, adminUser.password));
    const replay = await env.app.inject({ method: 'POST', url: '/api/auth/totp/verify', remoteAddress: newIp(), headers: again.headers, payload: { code } });
    expect(replay.statusCode).toBe(400);
  });
});

describe('the signed-in session', () => {
  it('refuses a cookie write without the CSRF token (403) and changes nothing', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const s = await signIn(officer);
    const r = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: s.cookie }, payload: { fullName: 'Tên mới' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/tải lại trang/);
    const bad = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf}x` }, payload: { fullName: 'Tên mới' } });
    expect(bad.statusCode).toBe(403);
    expect((await userRow(officer.id))?.fullName).toBe(`Người dùng ${officer.username}`);
  });

  it('refuses a password change with a wrong current password on the field currentPassword', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const s = await signIn(officer);
    const before = (await userRow(officer.id))?.passwordHash;
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: s.headers,
      remoteAddress: newIp(),
      payload: { currentPassword: 'khong-phai-mat-khau', newPassword: 'Mat-khau-moi-2026' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields.currentPassword).toBe('Mật khẩu hiện tại: Mật khẩu hiện tại không đúng.');
    expect((await userRow(officer.id))?.passwordHash).toBe(before);
  });

  it('changes the password, clears mustChangePassword and signs out every other session', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    await env.database.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, officer.id));
    const other = await signIn(officer);
    const current = await signIn(officer);
    expect((await me(current)).json().user.mustChangePassword).toBe(true);
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: current.headers,
      remoteAddress: newIp(),
      payload: { currentPassword: officer.password, newPassword: 'Mat-khau-moi-2026' },
    });
    expect(r.statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    const still = await me(current);
    expect(still.statusCode).toBe(200);
    expect(still.json().user.mustChangePassword).toBe(false);
    expect((await postLogin(officer.username, officer.password)).statusCode).toBe(401);
    expect((await postLogin(officer.username, 'Mat-khau-moi-2026')).statusCode).toBe(200);
    expect(await auditOf('auth.password_changed', officer.id)).toHaveLength(1);
  });

  it('updates the profile and audits the fields before and after', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const s = await signIn(officer);
    const r = await env.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: s.headers,
      payload: { fullName: 'Nguyễn Thị Hoa', phone: '0912 345 678', locale: 'en' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().user).toMatchObject({ fullName: 'Nguyễn Thị Hoa', phone: '0912 345 678', locale: 'en' });
    expect(String(r.headers['set-cookie'])).toContain('khien_lang=en');
    const [entry] = await auditOf('user.profile_updated', officer.id);
    expect(entry?.before).toEqual({ fullName: `Người dùng ${officer.username}`, phone: null, locale: 'vi' });
    expect(entry?.after).toEqual({ fullName: 'Nguyễn Thị Hoa', phone: '0912 345 678', locale: 'en' });
    expect(entry?.orgId).toBe(commune.id);

    const invalid = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: s.headers, payload: { email: 'khong-phai-email' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields.email).toContain('không phải địa chỉ thư điện tử hợp lệ');
  });

  it('revokes the session on logout', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const s = await signIn(officer);
    const r = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['set-cookie'])).toMatch(/khien_sid=;/);
    expect((await me(s)).statusCode).toBe(401);
    const live = await env.database.db.select().from(sessions).where(and(eq(sessions.userId, officer.id), isNull(sessions.revokedAt)));
    expect(live).toHaveLength(0);
    expect(await auditOf('auth.logout', officer.id)).toHaveLength(1);
  });

  it('refuses a session left idle longer than KHIEN_SESSION_IDLE_MINUTES', async () => {
    const officer = await makeUser(env.database.db, { org: commune, role: 'security_officer' });
    const idle = await signIn(officer);
    const active = await signIn(officer);
    try {
      // Keep one session in use just inside the window; leave the other alone.
      clockOffsetMs = (env.config.sessionIdleMinutes - 2) * 60_000;
      expect((await me(active)).statusCode).toBe(200);
      clockOffsetMs = (env.config.sessionIdleMinutes + 1) * 60_000;
      const r = await me(idle);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
      expect((await me(active)).statusCode).toBe(200);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('never writes password hashes or TOTP secrets into the audit log', async () => {
    const rows = await env.database.db.select().from(auditLog);
    expect(rows.length).toBeGreaterThan(20);
    const text = JSON.stringify(rows);
    const secrets = await env.database.db.select({ h: users.passwordHash, t: users.totpSecret, p: users.totpPendingSecret }).from(users);
    for (const s of secrets) {
      expect(text).not.toContain(s.h);
      if (s.t) expect(text).not.toContain(s.t);
      if (s.p) expect(text).not.toContain(s.p);
    }
    expect(text).not.toMatch(/\$argon2/);
    expect(text).not.toMatch(/"(passwordHash|totpSecret|totpPendingSecret)":"(?!\[redacted\])/);
  });
});
