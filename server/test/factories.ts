/**
 * Builders for the organisations and users a test needs. Each makes its own province unless given
 * one, so tests never depend on each other or on demo data.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generate } from 'otplib';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/connect';
import { orgs, roleAssignments, users, type OrgRow } from '../db/schema';
import type { OrgKind } from '@shared/domain/orgs';
import { requiresMfa, type Role } from '@shared/domain/roles';
import { hashPassword } from '../modules/auth/passwords';
import { newTotpSecret } from '../modules/auth/totp';

const uniq = () => randomBytes(3).toString('hex').toUpperCase();
export const PASSWORD = 'Mat-khau-thu-2026';
let cachedHash: Promise<string> | undefined;

export async function makeOrg(db: Db, parent: OrgRow | null, kind: OrgKind = parent ? 'commune' : 'province', name?: string): Promise<OrgRow> {
  const id = uuidv7();
  const code = `${kind.slice(0, 3).toUpperCase()}${uniq()}`;
  const [row] = await db
    .insert(orgs)
    .values({ id, code, name: name ?? `${kind} ${code}`, kind, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 })
    .returning();
  if (!row) throw new Error('org not created');
  return row;
}

export const makeProvince = (db: Db) => makeOrg(db, null, 'province');
export const makeCommune = (db: Db, province: OrgRow) => makeOrg(db, province, 'commune');

export interface TestUser {
  id: string;
  username: string;
  password: string;
  totpSecret: string | null;
  org: OrgRow;
}

/** A user of `org` holding `role` on `roleOrg` (default: the same organisation). MFA roles get TOTP enrolled. */
export async function makeUser(db: Db, opts: { org: OrgRow; role?: Role; roleOrg?: OrgRow; email?: string }): Promise<TestUser> {
  cachedHash ??= hashPassword(PASSWORD);
  const id = uuidv7();
  const username = `u${uniq().toLowerCase()}${randomBytes(2).toString('hex')}`;
  const totpSecret = opts.role && requiresMfa([opts.role]) ? newTotpSecret() : null;
  await db.insert(users).values({
    id,
    orgId: opts.org.id,
    username,
    fullName: `Người dùng ${username}`,
    email: opts.email ?? null,
    passwordHash: await cachedHash,
    totpSecret,
    totpEnabledAt: totpSecret ? new Date() : null,
  });
  if (opts.role) await db.insert(roleAssignments).values({ id: uuidv7(), userId: id, role: opts.role, orgId: (opts.roleOrg ?? opts.org).id });
  return { id, username, password: PASSWORD, totpSecret, org: opts.org };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the session cookie and, for writes, the CSRF token. */
  headers: Record<string, string>;
}

/** Signs in through the real API (password, then TOTP when enrolled). */
export async function login(app: FastifyInstance, user: TestUser): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  let cookie = cookieOf(res.headers['set-cookie']);
  let body = res.json<{ csrfToken: string; mfa: string }>();
  if (body.mfa === 'verify' && user.totpSecret) {
    const code = await generate({ secret: user.totpSecret });
    const r2 = await app.inject({ method: 'POST', url: '/api/auth/totp/verify', payload: { code }, headers: { cookie, 'x-csrf-token': body.csrfToken } });
    if (r2.statusCode !== 200) throw new Error(`totp failed: ${r2.statusCode} ${r2.body}`);
    cookie = cookieOf(r2.headers['set-cookie']);
    body = r2.json();
  }
  return { cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

export function cookieOf(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const sid = all.find((c) => c.startsWith('khien_sid='));
  if (!sid) throw new Error('no session cookie');
  return sid.split(';')[0] ?? '';
}
