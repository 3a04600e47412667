import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../http/context';
import { orgs, roleAssignments, users } from '../../db/schema';
import { inScope } from '../../authz/scope';
import type { ListUsersQuery } from '@shared/api/users';

const userColumns = { user: users, orgName: orgs.name, orgPath: orgs.path };

export async function findUser(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select(userColumns)
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, id), inScope(ctx, 'user.read', users.orgId)));
  return row;
}

export type UserWithOrg = NonNullable<Awaited<ReturnType<typeof findUser>>>;

export async function listUsers(ctx: Ctx, q: ListUsersQuery, subtreeOf: string | null) {
  const conds: (SQL | undefined)[] = [inScope(ctx, 'user.read', users.orgId)];
  if (q.orgId && !subtreeOf) conds.push(eq(users.orgId, q.orgId));
  if (subtreeOf) conds.push(sql`${orgs.path} LIKE ${`${subtreeOf}%`}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(users.username, like), ilike(users.fullName, like), ilike(users.email, like)));
  }
  if (q.role) {
    conds.push(sql`EXISTS (SELECT 1 FROM ${roleAssignments} ra WHERE ra.user_id = ${users.id} AND ra.role = ${q.role})`);
  }
  const where = and(...conds);
  const items = await ctx.db.select(userColumns).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where).orderBy(asc(orgs.path), asc(users.fullName)).limit(q.limit).offset(q.offset);
  // A first page that is not full is the whole list: no need to count.
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db.select({ n: count() }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where);
  return { items, total: total?.n ?? 0 };
}

/** Role assignments of the given users, with their organisations. */
export async function assignmentsOf(ctx: Ctx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return ctx.db
    .select({ id: roleAssignments.id, userId: roleAssignments.userId, role: roleAssignments.role, orgId: roleAssignments.orgId, orgName: orgs.name, orgCode: orgs.code })
    .from(roleAssignments)
    .innerJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.userId, userIds), inScope(ctx, 'user.read', users.orgId)))
    .orderBy(asc(orgs.depth), asc(roleAssignments.role));
}

export async function usernameTaken(ctx: Ctx, username: string): Promise<boolean> {
  // scope-exempt: usernames are unique platform-wide; only a yes/no leaves this function.
  const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return !!row;
}

export async function countAdmins(ctx: Ctx): Promise<number> {
  // scope-exempt: a platform-wide count used to keep at least one administrator.
  const [r] = await ctx.db.select({ n: sql<number>`count(DISTINCT ${roleAssignments.userId})::int` }).from(roleAssignments).innerJoin(users, eq(users.id, roleAssignments.userId)).where(and(eq(roleAssignments.role, 'admin'), sql`${users.disabledAt} IS NULL`));
  return r?.n ?? 0;
}

export async function findAssignment(ctx: Ctx, userId: string, assignmentId: string) {
  const [row] = await ctx.db
    .select({ assignment: roleAssignments, orgPath: orgs.path })
    .from(roleAssignments)
    .innerJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.id, assignmentId), eq(roleAssignments.userId, userId), inScope(ctx, 'user.read', users.orgId)));
  return row;
}

export async function findOrgForWrite(ctx: Ctx, orgId: string) {
  const [row] = await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.id, orgId), inScope(ctx, 'org.read', orgs.id)));
  return row;
}
