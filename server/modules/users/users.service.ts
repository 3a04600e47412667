import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AddRoleBody, CreateUserBody, ListUsersQuery, ResetPasswordBody, UpdateUserBody, User, UserList } from '@shared/api/users';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, authorize, can } from '../../authz/scope';
import { roleAssignments, sessions, users, type UserRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { hashPassword } from '../auth/passwords';
import * as repo from './users.repo';

function present(ctx: Ctx, row: repo.UserWithOrg, roles: Awaited<ReturnType<typeof repo.assignmentsOf>>): User {
  const u = row.user;
  const manage = can(ctx, 'user.manage', { orgPath: row.orgPath });
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    email: u.email,
    phone: u.phone,
    title: u.title,
    itQualification: u.itQualification,
    locale: u.locale,
    orgId: u.orgId,
    orgName: row.orgName,
    disabled: u.disabledAt !== null,
    lockedUntil: u.lockedUntil && u.lockedUntil > ctx.clock() ? u.lockedUntil.toISOString() : null,
    totpEnabled: u.totpEnabledAt !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    roles: roles.filter((r) => r.userId === u.id).map(({ id, role, orgId, orgName, orgCode }) => ({ id, role, orgId, orgName, orgCode })),
    createdAt: u.createdAt.toISOString(),
    can: { update: manage, resetPassword: manage, manageRoles: manage },
  };
}

/** What the audit log keeps of a user: everything but secrets (audit.ts redacts those too). */
function auditable(u: UserRow) {
  const { passwordHash: _p, totpSecret: _t, totpPendingSecret: _s, ...rest } = u;
  return rest;
}

export async function listUsers(ctx: Ctx, q: ListUsersQuery): Promise<UserList> {
  let subtreeOf: string | null = null;
  if (q.orgId && q.subtree === 'true') {
    const org = await repo.findOrgForWrite(ctx, q.orgId);
    if (!org) return { items: [], total: 0 };
    subtreeOf = org.path;
  }
  const { items, total } = await repo.listUsers(ctx, q, subtreeOf);
  const roles = await repo.assignmentsOf(ctx, items.map((i) => i.user.id));
  return { items: items.map((i) => present(ctx, i, roles)), total };
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  return present(ctx, row, await repo.assignmentsOf(ctx, [id]));
}

async function checkRoleOrgs(ctx: Ctx, roles: { role: string; orgId: string }[]) {
  for (const [i, r] of roles.entries()) {
    const org = await repo.findOrgForWrite(ctx, r.orgId);
    if (!org) throw fieldError(`roles.${i}.orgId`, 'errors.notFound');
    authorize(ctx, 'user.manage', { orgPath: org.path });
  }
}

/** Creates a user in an organisation the actor manages, with an initial password to change at first sign-in. */
export async function createUser(ctx: Ctx, body: CreateUserBody): Promise<User> {
  const requestedOrg = await repo.findOrgForWrite(ctx, body.orgId);
  assertInScope(ctx, 'user.manage', requestedOrg);
  await checkRoleOrgs(ctx, body.roles);
  if (await repo.usernameTaken(ctx, body.username)) throw fieldError('username', 'errors.users.usernameTaken', { username: body.username });
  const passwordHash = await hashPassword(body.password);
  const id = uuidv7();
  const actorId = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
  return withTx(ctx, async (tx) => {
    const [created] = await tx.db
      .insert(users)
      .values({
        id,
        orgId: body.orgId,
        username: body.username,
        fullName: body.fullName,
        email: body.email ?? null,
        phone: body.phone ?? null,
        title: body.title ?? null,
        itQualification: body.itQualification ?? null,
        locale: body.locale,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    const unique = [...new Map(body.roles.map((r) => [`${r.role}|${r.orgId}`, r])).values()];
    if (unique.length) {
      await tx.db.insert(roleAssignments).values(unique.map((r) => ({ id: uuidv7(), userId: id, role: r.role, orgId: r.orgId, createdBy: actorId })));
    }
    if (created) await record(tx, { action: 'user.created', entityType: 'user', entityId: id, orgId: body.orgId, after: { ...auditable(created), roles: unique } });
    return getUser(tx, id);
  });
}

export async function updateUser(ctx: Ctx, id: string, body: UpdateUserBody): Promise<User> {
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'user.manage', { orgPath: row.orgPath });
  if (body.orgId && body.orgId !== row.user.orgId) {
    const target = await repo.findOrgForWrite(ctx, body.orgId);
    assertInScope(ctx, 'user.manage', target);
  }
  const self = ctx.principal?.kind === 'user' && ctx.principal.userId === id;
  if (body.disabled === true && self) throw new AppError('invalid_state', 'errors.users.cannotDisableSelf');
  return withTx(ctx, async (tx) => {
    const { disabled, ...fields } = body;
    const now = tx.clock();
    const set: Partial<UserRow> = { ...fields, updatedAt: now };
    if (disabled !== undefined) set.disabledAt = disabled ? (row.user.disabledAt ?? now) : null;
    const [after] = await tx.db.update(users).set(set).where(eq(users.id, id)).returning();
    if (disabled) await tx.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, id));
    if (after) await record(tx, { action: disabled === true ? 'user.disabled' : 'user.updated', entityType: 'user', entityId: id, orgId: after.orgId, before: auditable(row.user), after: auditable(after) });
    return getUser(tx, id);
  });
}

/** An administrator sets a new password (to be changed at next sign-in), optionally clearing 2FA; all sessions end. */
export async function resetPassword(ctx: Ctx, id: string, body: ResetPasswordBody): Promise<void> {
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'user.manage', { orgPath: row.orgPath });
  const passwordHash = await hashPassword(body.newPassword);
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    await tx.db
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: now,
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: now,
        ...(body.resetTotp ? { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null } : {}),
      })
      .where(eq(users.id, id));
    await tx.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, id));
    await record(tx, { action: 'user.password_reset', entityType: 'user', entityId: id, orgId: row.user.orgId, after: { resetTotp: body.resetTotp } });
    if (row.user.email) {
      await tx.jobs.enqueue(tx, 'email.send', {
        to: row.user.email,
        subject: 'Khiên: mật khẩu đã được đặt lại / your password was reset',
        text:
          `Quản trị viên vừa đặt lại mật khẩu tài khoản ${row.user.username}${body.resetTotp ? ' và xác thực hai lớp' : ''}. Bạn sẽ phải đổi mật khẩu ở lần đăng nhập tới.\n\n` +
          `An administrator reset the password of ${row.user.username}${body.resetTotp ? ' and its two-factor authentication' : ''}. You will have to change it at your next sign-in.`,
      });
    }
  });
}

export async function unlockUser(ctx: Ctx, id: string): Promise<User> {
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'user.manage', { orgPath: row.orgPath });
  return withTx(ctx, async (tx) => {
    await tx.db.update(users).set({ lockedUntil: null, failedLogins: 0, updatedAt: tx.clock() }).where(eq(users.id, id));
    await record(tx, { action: 'user.unlocked', entityType: 'user', entityId: id, orgId: row.user.orgId });
    return getUser(tx, id);
  });
}

export async function addRole(ctx: Ctx, id: string, body: AddRoleBody): Promise<User> {
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'user.manage', { orgPath: row.orgPath });
  const org = await repo.findOrgForWrite(ctx, body.orgId);
  if (!org) throw fieldError('orgId', 'errors.notFound');
  authorize(ctx, 'user.manage', { orgPath: org.path });
  const existing = await repo.assignmentsOf(ctx, [id]);
  if (existing.some((a) => a.role === body.role && a.orgId === body.orgId)) throw new AppError('conflict', 'errors.users.roleExists');
  const actorId = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
  return withTx(ctx, async (tx) => {
    const assignmentId = uuidv7();
    await tx.db.insert(roleAssignments).values({ id: assignmentId, userId: id, role: body.role, orgId: body.orgId, createdBy: actorId });
    await record(tx, { action: 'user.role_added', entityType: 'user', entityId: id, orgId: row.user.orgId, after: { assignmentId, ...body } });
    return getUser(tx, id);
  });
}

export async function removeRole(ctx: Ctx, id: string, assignmentId: string): Promise<User> {
  const found = await repo.findAssignment(ctx, id, assignmentId);
  if (!found) throw notFound();
  const row = await repo.findUser(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'user.manage', { orgPath: row.orgPath });
  authorize(ctx, 'user.manage', { orgPath: found.orgPath });
  if (found.assignment.role === 'admin' && (await repo.countAdmins(ctx)) <= 1) {
    const others = (await repo.assignmentsOf(ctx, [id])).filter((a) => a.role === 'admin');
    if (others.length <= 1) throw new AppError('invalid_state', 'errors.users.lastAdmin');
  }
  return withTx(ctx, async (tx) => {
    await tx.db.delete(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    await record(tx, { action: 'user.role_removed', entityType: 'user', entityId: id, orgId: row.user.orgId, before: found.assignment });
    return getUser(tx, id);
  });
}
