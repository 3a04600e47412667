import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../http/context';
import { orgs, users } from '../../db/schema';
import { inScope, pathInScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';
import type { ListOrgsQuery } from '@shared/api/orgs';

const officer = alias(users, 'officer');

const orgColumns = {
  org: orgs,
  officerName: officer.fullName,
  officerQualification: officer.itQualification,
  childCount: sql<number>`(SELECT count(*)::int FROM orgs c WHERE c.parent_id = ${orgs.id})`.as('child_count'),
};

export type OrgWithDetails = Awaited<ReturnType<typeof listOrgs>>['items'][number];

/** One organisation the actor may see (org.read by default), or undefined. */
export async function findOrg(ctx: Ctx, id: string, action: Action = 'org.read') {
  const [row] = await ctx.db
    .select(orgColumns)
    .from(orgs)
    .leftJoin(officer, eq(officer.id, orgs.securityOfficerId))
    .where(and(eq(orgs.id, id), pathInScope(ctx, action, orgs.path)));
  return row;
}

export async function listOrgs(ctx: Ctx, q: ListOrgsQuery & { rootPaths?: string[] }) {
  const conds: (SQL | undefined)[] = [pathInScope(ctx, 'org.read', orgs.path)];
  if (q.parentId) conds.push(eq(orgs.parentId, q.parentId));
  if (q.kind) conds.push(eq(orgs.kind, q.kind));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(orgs.name, like), ilike(orgs.code, like)));
  }
  if (q.rootPaths) conds.push(q.rootPaths.length ? sql`${orgs.path} = ANY(${sql.param(q.rootPaths)}::text[])` : sql`false`);
  const where = and(...conds);
  const items = await ctx.db
    .select(orgColumns)
    .from(orgs)
    .leftJoin(officer, eq(officer.id, orgs.securityOfficerId))
    .where(where)
    .orderBy(asc(orgs.depth), asc(orgs.kind), asc(orgs.name))
    .limit(q.limit)
    .offset(q.offset);
  // A first page that is not full is the whole list: no need to count.
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db.select({ n: count() }).from(orgs).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function rootExists(ctx: Ctx): Promise<boolean> {
  // scope-exempt: whether the province root exists is not organisation data.
  const [row] = await ctx.db.select({ id: orgs.id }).from(orgs).where(isNull(orgs.parentId)).limit(1);
  return !!row;
}

export async function codeTaken(ctx: Ctx, code: string, exceptId?: string): Promise<boolean> {
  // scope-exempt: codes are unique province-wide; only a yes/no leaves this function.
  const [row] = await ctx.db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(sql`lower(${orgs.code}) = lower(${code})`, exceptId ? sql`${orgs.id} <> ${exceptId}` : undefined));
  return !!row;
}

export async function countChildren(ctx: Ctx, id: string): Promise<number> {
  const [r] = await ctx.db.select({ n: count() }).from(orgs).where(and(eq(orgs.parentId, id), pathInScope(ctx, 'org.read', orgs.path)));
  return r?.n ?? 0;
}

export async function countUsers(ctx: Ctx, id: string): Promise<number> {
  const [r] = await ctx.db.select({ n: count() }).from(users).where(and(eq(users.orgId, id), inScope(ctx, 'user.read', users.orgId)));
  return r?.n ?? 0;
}

export async function findUserOfOrg(ctx: Ctx, userId: string, orgId: string) {
  const [u] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId), inScope(ctx, 'org.read', users.orgId)));
  return u;
}

/** Rewrites the materialised path of an organisation and its whole subtree after a move. */
export async function movePaths(ctx: Ctx, oldPrefix: string, newPrefix: string, depthDelta: number) {
  await ctx.db.execute(sql`
    UPDATE orgs SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}), depth = depth + ${depthDelta}
    WHERE path LIKE ${`${oldPrefix}%`}`);
}
