import { and, eq, ne } from 'drizzle-orm';
import type { ChangePasswordBody, LoginBody, MfaStep, SessionInfo, UpdateProfileBody } from '@shared/api/auth';
import { requiresMfa } from '@shared/domain/roles';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, unauthenticated } from '../../http/errors';
import { apiTokens, sessions, users, type SessionRow, type UserRow } from '../../db/schema';
import { abilities, ACTIONS, type Action } from '../../authz/policies';
import type { Principal } from '../../authz/principal';
import { record } from '../../audit/audit';
import * as repo from './auth.repo';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { randomToken, sha256 } from './tokens';
import { checkTotp, newTotpSecret, totpSetup } from './totp';

export interface Authenticated {
  principal: Principal;
  session: SessionRow | null;
}

const TOUCH_EVERY_MS = 60_000;

/** Resolves a session cookie value to its principal, or null. Sliding idle expiry, touched at most once a minute. */
export async function resolveSession(ctx: Ctx, cookieValue: string): Promise<Authenticated | null> {
  const now = ctx.clock();
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  const row = await repo.findLiveSession(ctx.db, sha256(cookieValue), now, idleSince);
  if (!row) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
  }
  const { user } = row;
  return {
    principal: { kind: 'user', userId: user.id, username: user.username, fullName: user.fullName, orgId: user.orgId, sessionId: row.session.id, assignments: row.assignments },
    session: row.session,
  };
}

/**
 * Resolved tokens, per database, for TOKEN_CACHE_MS: machine clients (a Wazuh integration at 2,000
 * alerts/s) must not cost a database round trip per request. Revoking through this instance takes
 * effect at once (forgetApiToken); on another instance, or by hand in the database, a revoked or
 * deleted token keeps working for at most TOKEN_CACHE_MS. Unknown secrets are remembered too (bounded).
 */
export const TOKEN_CACHE_MS = 30_000;
const tokenCache = new WeakMap<object, Map<string, { at: number; found: Authenticated | null; expiresAt: Date | null }>>();

/** Drops a token from this instance's cache (after revocation). */
export function forgetApiToken(ctx: Ctx, tokenId: string): void {
  const cache = tokenCache.get(ctx.database);
  if (!cache) return;
  for (const [k, v] of cache) if (v.found?.principal.kind === 'token' && v.found.principal.tokenId === tokenId) cache.delete(k);
}

/** Resolves `Authorization: Bearer khn_…` to a token principal, or null. */
export async function resolveApiToken(ctx: Ctx, secret: string): Promise<Authenticated | null> {
  const hash = sha256(secret);
  let cache = tokenCache.get(ctx.database);
  if (!cache) {
    cache = new Map();
    tokenCache.set(ctx.database, cache);
  }
  const hit = cache.get(hash);
  const mono = performance.now();
  if (hit && mono - hit.at < TOKEN_CACHE_MS && (!hit.expiresAt || hit.expiresAt > ctx.clock())) return hit.found;
  const found = await resolveApiTokenFromDb(ctx, hash);
  if (cache.size >= 10_000) cache.clear();
  cache.set(hash, { at: mono, found: found?.auth ?? null, expiresAt: found?.expiresAt ?? null });
  return found?.auth ?? null;
}

async function resolveApiTokenFromDb(ctx: Ctx, hash: string): Promise<{ auth: Authenticated; expiresAt: Date | null } | null> {
  const row = await repo.findLiveToken(ctx.db, hash, ctx.clock());
  if (!row) return null;
  const { token } = row;
  const now = ctx.clock();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  }
  return {
    auth: {
      principal: {
        kind: 'token',
        tokenId: token.id,
        name: token.name,
        orgId: token.orgId,
        orgPath: row.orgPath,
        actions: token.actions.filter(isAction),
      },
      session: null,
    },
    expiresAt: token.expiresAt,
  };
}

function isAction(a: string): a is Action {
  return (ACTIONS as readonly string[]).includes(a);
}

async function userPrincipal(ctx: Ctx, user: UserRow, sessionId: string | null): Promise<Principal> {
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    fullName: user.fullName,
    orgId: user.orgId,
    sessionId,
    assignments: await repo.listAssignments(ctx.db, user.id),
  };
}

async function createSession(ctx: Ctx, user: UserRow, mfa: MfaStep, userAgent: string | null) {
  const token = randomToken(32);
  const now = ctx.clock();
  const [session] = await ctx.db
    .insert(sessions)
    .values({
      id: sha256(token),
      userId: user.id,
      csrfToken: randomToken(24),
      mfa,
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionHours * 3_600_000),
    })
    .returning();
  if (!session) throw new AppError('internal', 'errors.internal', { requestId: ctx.requestId });
  return { token, session };
}

async function revokeSession(ctx: Ctx, sessionId: string | null | undefined) {
  if (!sessionId) return;
  await ctx.db.update(sessions).set({ revokedAt: ctx.clock() }).where(eq(sessions.id, sessionId));
}

export async function sessionInfo(ctx: Ctx, user: UserRow, session: SessionRow): Promise<SessionInfo> {
  const principal = await userPrincipal(ctx, user, session.id);
  const assignments = principal.kind === 'user' ? principal.assignments : [];
  return {
    user: {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      email: user.email,
      phone: user.phone,
      title: user.title,
      itQualification: user.itQualification,
      locale: user.locale,
      orgId: user.orgId,
      orgName: await repo.orgNameOf(ctx.db, user.orgId),
      mustChangePassword: user.mustChangePassword,
      totpEnabled: user.totpEnabledAt !== null,
      roles: assignments.map(({ id, role, orgId, orgName, orgCode }) => ({ id, role, orgId, orgName, orgCode })),
    },
    mfa: session.mfa,
    csrfToken: session.csrfToken,
    can: session.mfa === 'none' ? abilities(principal) : {},
    expiresAt: session.expiresAt.toISOString(),
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * Password step of signing in. Failures are counted and audited in their own committed transaction
 * before the error is thrown; repeated failures lock the account for a while and tell its owner.
 */
export async function login(ctx: Ctx, body: LoginBody, oldSessionId: string | null, userAgent: string | null) {
  const user = await repo.findUserByUsername(ctx.db, body.username);
  const now = ctx.clock();
  if (!user) {
    await burnPasswordCheck(body.password);
    await withTx(ctx, (tx) =>
      record(tx, { action: 'auth.login_failed', entityType: 'user', after: { username: body.username, reason: 'unknown_user' } }),
    );
    throw new AppError('unauthenticated', 'errors.auth.badCredentials');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000));
    await withTx(ctx, (tx) =>
      record(tx, { action: 'auth.login_refused_locked', entityType: 'user', entityId: user.id, orgId: user.orgId }),
    );
    throw new AppError('rate_limited', 'errors.auth.locked', { minutes });
  }
  const passwordOk = await verifyPassword(user.passwordHash, body.password);
  const outcome: Outcome<{ token: string; info: SessionInfo }> = await withTx(ctx, async (tx) => {
    if (!passwordOk) {
      const failures = user.failedLogins + 1;
      const lock = failures >= tx.config.loginMaxFailures;
      await tx.db
        .update(users)
        .set(
          lock
            ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + tx.config.lockoutMinutes * 60_000) }
            : { failedLogins: failures },
        )
        .where(eq(users.id, user.id));
      await record(tx, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        orgId: user.orgId,
        after: { username: user.username, failures, reason: 'bad_password' },
      });
      if (lock) {
        await record(tx, { action: 'auth.locked', entityType: 'user', entityId: user.id, orgId: user.orgId, after: { minutes: tx.config.lockoutMinutes } });
        if (user.email) {
          await tx.jobs.enqueue(tx, 'email.send', {
            to: user.email,
            subject: 'Khiên: tài khoản tạm khóa / account temporarily locked',
            text:
              `Tài khoản ${user.username} vừa bị tạm khóa ${tx.config.lockoutMinutes} phút vì nhập sai mật khẩu nhiều lần (từ địa chỉ ${tx.ip ?? '?'}). ` +
              `Nếu không phải bạn, hãy báo ngay cho quản trị viên.\n\n` +
              `The account ${user.username} was locked for ${tx.config.lockoutMinutes} minutes after repeated failed sign-ins (from ${tx.ip ?? '?'}). ` +
              `If this was not you, tell your administrator at once.`,
          });
        }
      }
      return { ok: false, error: new AppError('unauthenticated', 'errors.auth.badCredentials') };
    }
    if (user.disabledAt) {
      await record(tx, { action: 'auth.login_refused_disabled', entityType: 'user', entityId: user.id, orgId: user.orgId });
      return { ok: false, error: new AppError('forbidden', 'errors.auth.disabled') };
    }
    const assignments = await repo.listAssignments(tx.db, user.id);
    const mfa: MfaStep = user.totpEnabledAt ? 'verify' : requiresMfa(assignments.map((a) => a.role)) ? 'enroll' : 'none';
    const [updated] = await tx.db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(users.id, user.id))
      .returning();
    await revokeSession(tx, oldSessionId);
    const { token, session } = await createSession(tx, updated ?? user, mfa, userAgent);
    await record(tx, { action: 'auth.login', entityType: 'user', entityId: user.id, orgId: user.orgId, after: { mfa } });
    return { ok: true, value: { token, info: await sessionInfo(tx, updated ?? user, session) } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function requireUser(auth: Authenticated | null): { user: Extract<Principal, { kind: 'user' }>; session: SessionRow } {
  if (!auth || auth.principal.kind !== 'user' || !auth.session) throw unauthenticated();
  return { user: auth.principal, session: auth.session };
}

async function loadUser(ctx: Ctx, id: string): Promise<UserRow> {
  const u = await repo.findUserById(ctx.db, id);
  if (!u) throw unauthenticated();
  return u;
}

/** Second step of signing in: the TOTP code. A new session id is issued on success. */
export async function verifyTotpStep(ctx: Ctx, auth: Authenticated | null, code: string, userAgent: string | null) {
  const { user: p, session } = requireUser(auth);
  if (session.mfa !== 'verify') throw new AppError('invalid_state', 'errors.auth.totpNotPending');
  const user = await loadUser(ctx, p.userId);
  const step = user.totpSecret !== null ? await checkTotp(user.totpSecret, code, user.totpLastStep) : null;
  const outcome: Outcome<{ token: string; info: SessionInfo }> = await withTx(ctx, async (tx) => {
    if (step === null) {
      await record(tx, { action: 'auth.totp_failed', entityType: 'user', entityId: user.id, orgId: user.orgId });
      return { ok: false, error: fieldError('code', 'errors.auth.badTotp') };
    }
    await tx.db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
    await revokeSession(tx, session.id);
    const created = await createSession(tx, user, 'none', userAgent);
    await record(tx, { action: 'auth.totp_verified', entityType: 'user', entityId: user.id, orgId: user.orgId });
    return { ok: true, value: { token: created.token, info: await sessionInfo(tx, user, created.session) } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Starts TOTP enrolment: a fresh secret, kept pending until a code proves the app holds it. */
export async function setupTotp(ctx: Ctx, auth: Authenticated | null) {
  const { user: p, session } = requireUser(auth);
  if (session.mfa === 'verify') throw new AppError('invalid_state', 'errors.mfaRequired');
  const secret = newTotpSecret();
  await withTx(ctx, async (tx) => {
    await tx.db.update(users).set({ totpPendingSecret: secret, updatedAt: tx.clock() }).where(eq(users.id, p.userId));
    await record(tx, { action: 'auth.totp_setup_started', entityType: 'user', entityId: p.userId, orgId: p.orgId });
  });
  return totpSetup(secret, p.username);
}

export async function enableTotp(ctx: Ctx, auth: Authenticated | null, code: string, userAgent: string | null) {
  const { user: p, session } = requireUser(auth);
  if (session.mfa === 'verify') throw new AppError('invalid_state', 'errors.mfaRequired');
  const user = await loadUser(ctx, p.userId);
  if (!user.totpPendingSecret) throw new AppError('invalid_state', 'errors.auth.totpNotSetUp');
  const step = await checkTotp(user.totpPendingSecret, code, null);
  if (step === null) throw fieldError('code', 'errors.auth.badTotp');
  return withTx(ctx, async (tx) => {
    const [updated] = await tx.db
      .update(users)
      .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: tx.clock(), totpLastStep: step, updatedAt: tx.clock() })
      .where(eq(users.id, user.id))
      .returning();
    await record(tx, { action: 'auth.totp_enabled', entityType: 'user', entityId: user.id, orgId: user.orgId });
    // Enrolment completes the sign-in of a session that was waiting for it: issue a new session id.
    if (session.mfa === 'enroll') {
      await revokeSession(tx, session.id);
      const created = await createSession(tx, updated ?? user, 'none', userAgent);
      return { token: created.token, info: await sessionInfo(tx, updated ?? user, created.session) };
    }
    return { token: null, info: await sessionInfo(tx, updated ?? user, session) };
  });
}

export async function logout(ctx: Ctx, auth: Authenticated | null) {
  if (!auth?.session || auth.principal.kind !== 'user') return;
  const p = auth.principal;
  const sessionId = auth.session.id;
  await withTx(ctx, async (tx) => {
    await revokeSession(tx, sessionId);
    await record(tx, { action: 'auth.logout', entityType: 'user', entityId: p.userId, orgId: p.orgId });
  });
}

/** Changes one's own password; every other session of the user is signed out. */
export async function changePassword(ctx: Ctx, auth: Authenticated | null, body: ChangePasswordBody) {
  const { user: p, session } = requireUser(auth);
  const user = await loadUser(ctx, p.userId);
  if (!(await verifyPassword(user.passwordHash, body.currentPassword))) throw fieldError('currentPassword', 'errors.auth.wrongCurrentPassword');
  if (body.currentPassword === body.newPassword) throw fieldError('newPassword', 'errors.auth.samePassword');
  const passwordHash = await hashPassword(body.newPassword);
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    await tx.db.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await tx.db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, user.id), ne(sessions.id, session.id)));
    await record(tx, { action: 'auth.password_changed', entityType: 'user', entityId: user.id, orgId: user.orgId });
  });
}

export async function updateProfile(ctx: Ctx, auth: Authenticated | null, body: UpdateProfileBody): Promise<SessionInfo> {
  const { user: p, session } = requireUser(auth);
  const before = await loadUser(ctx, p.userId);
  return withTx(ctx, async (tx) => {
    const [after] = await tx.db.update(users).set({ ...body, updatedAt: tx.clock() }).where(eq(users.id, p.userId)).returning();
    if (!after) throw unauthenticated();
    await record(tx, {
      action: 'user.profile_updated',
      entityType: 'user',
      entityId: p.userId,
      orgId: before.orgId,
      before: pick(before, Object.keys(body)),
      after: pick(after, Object.keys(body)),
    });
    return sessionInfo(tx, after, session);
  });
}

function pick(row: UserRow, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => keys.includes(k)));
}

export async function currentSessionInfo(ctx: Ctx, auth: Authenticated | null): Promise<SessionInfo> {
  const { user: p, session } = requireUser(auth);
  return sessionInfo(ctx, await loadUser(ctx, p.userId), session);
}
