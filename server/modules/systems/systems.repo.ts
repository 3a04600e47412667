/** The registry's queries. Every read of information_systems / classifications carries inScope. */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ExportSystemsQuery, ListSystemsQuery } from '@shared/api/systems';
import type { Ctx } from '../../http/context';
import { queryRows } from '../../db/connect';
import { classifications, informationSystems, orgs, systemComponents, users, type SystemComponentRow } from '../../db/schema';
import { inScope, pathInScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';

const owner = alias(orgs, 'owner_org');
const parent = alias(informationSystems, 'parent_system');

const systemColumns = {
  system: informationSystems,
  orgName: orgs.name,
  orgCode: orgs.code,
  orgPath: orgs.path,
  ownerOrgName: owner.name,
  ownerOrgCode: owner.code,
  /** The parent, only when the reader may see it (a composite system may span units). */
  visibleParentId: parent.id,
  parentSystemName: parent.name,
  childCount: sql<number>`(SELECT count(*)::int FROM information_systems c WHERE c.parent_system_id = ${informationSystems.id})`.as('child_count'),
};

/** The list's and export's base query: the system, its unit, owner and (visible) parent. */
function baseQuery(ctx: Ctx) {
  return ctx.db
    .select(systemColumns)
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .leftJoin(owner, eq(owner.id, informationSystems.ownerOrgId))
    .leftJoin(parent, and(eq(parent.id, informationSystems.parentSystemId), inScope(ctx, 'system.read', parent.orgId)));
}

export type SystemRecord = NonNullable<Awaited<ReturnType<typeof findSystem>>>;

/** One system the actor may see (system.read by default), or undefined. */
export async function findSystem(ctx: Ctx, id: string, action: Action = 'system.read') {
  const [row] = await baseQuery(ctx).where(and(eq(informationSystems.id, id), inScope(ctx, action, informationSystems.orgId)));
  return row;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters of the list and the export (the scope predicate is added by each query). */
function filters(q: ExportSystemsQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (q.orgId) conds.push(sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${q.orgId}) || '%'`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      or(
        ilike(informationSystems.name, like),
        ilike(informationSystems.code, like),
        sql`EXISTS (SELECT 1 FROM system_components sc WHERE sc.system_id = ${informationSystems.id} AND sc.product ILIKE ${like})`,
      ),
    );
  }
  if (q.systemType) conds.push(eq(informationSystems.systemType, q.systemType));
  const levelColumn = q.levelOf === 'approved' ? informationSystems.approvedLevel : informationSystems.proposedLevel;
  if (q.level) conds.push(eq(levelColumn, q.level));
  if (q.unclassified === 'true') conds.push(isNull(informationSystems.proposedLevel));
  if (q.unclassified === 'false') conds.push(isNotNull(informationSystems.proposedLevel));
  if (q.important) conds.push(eq(informationSystems.isImportant, q.important === 'true'));
  if (q.lifecycle) conds.push(eq(informationSystems.lifecycle, q.lifecycle));
  return and(...conds);
}

const SORT_COLUMNS = {
  name: informationSystems.name,
  code: informationSystems.code,
  org: orgs.name,
  proposedLevel: informationSystems.proposedLevel,
  approvedLevel: informationSystems.approvedLevel,
  updatedAt: informationSystems.updatedAt,
} as const;

function ordering(q: ExportSystemsQuery): SQL[] {
  const column = SORT_COLUMNS[q.sort];
  const dir = q.order === 'desc' ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`;
  return [sql`${column} ${dir}`, asc(informationSystems.code)];
}

export async function listSystems(ctx: Ctx, q: ListSystemsQuery) {
  const where = and(inScope(ctx, 'system.read', informationSystems.orgId), filters(q));
  const items = await baseQuery(ctx).where(where).orderBy(...ordering(q)).limit(q.limit).offset(q.offset);
  // A first page that is not full is the whole list: no need to count.
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db
    .select({ n: count() })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(where);
  return { items, total: total?.n ?? 0 };
}

/** Every system the filters match, for the export (no paging; the scope bounds it). */
export async function allSystems(ctx: Ctx, q: ExportSystemsQuery) {
  const where = and(inScope(ctx, 'system.read', informationSystems.orgId), filters(q));
  return baseQuery(ctx).where(where).orderBy(...ordering(q));
}

/** The components of systems already read through a scoped query, in their order. */
export async function componentsOf(ctx: Ctx, systemIds: string[]): Promise<Map<string, SystemComponentRow[]>> {
  const out = new Map<string, SystemComponentRow[]>();
  if (systemIds.length === 0) return out;
  const rows = await ctx.db
    .select()
    .from(systemComponents)
    .where(inArray(systemComponents.systemId, systemIds))
    .orderBy(asc(systemComponents.systemId), asc(systemComponents.sort));
  for (const r of rows) out.set(r.systemId, [...(out.get(r.systemId) ?? []), r]);
  return out;
}

/** An organisation the actor sees under `action`, for checks on a requested unit or owner. */
export async function findOrg(ctx: Ctx, id: string, action: Action) {
  const [row] = await ctx.db.select().from(orgs).where(and(eq(orgs.id, id), pathInScope(ctx, action, orgs.path)));
  return row;
}

export async function codeTaken(ctx: Ctx, code: string, exceptId?: string): Promise<boolean> {
  // scope-exempt: system codes are unique province-wide; only a yes/no leaves this function.
  const [row] = await ctx.db
    .select({ id: informationSystems.id })
    .from(informationSystems)
    .where(and(sql`lower(${informationSystems.code}) = lower(${code})`, exceptId ? sql`${informationSystems.id} <> ${exceptId}` : undefined));
  return !!row;
}

/** The codes already used with a prefix (case-insensitive), to number the next one. */
export async function codesWithPrefix(ctx: Ctx, prefix: string): Promise<string[]> {
  // scope-exempt: codes are unique province-wide; only codes with the unit's own prefix leave this function.
  const rows = await ctx.db
    .select({ code: informationSystems.code })
    .from(informationSystems)
    .where(sql`lower(${informationSystems.code}) LIKE ${`${escapeLike(prefix.toLowerCase())}%`}`);
  return rows.map((r) => r.code);
}

export async function countChildren(ctx: Ctx, id: string): Promise<number> {
  // scope-exempt: a count of sub-systems (any unit) decides whether a delete may proceed; no row leaves.
  const [r] = await ctx.db.select({ n: count() }).from(informationSystems).where(eq(informationSystems.parentSystemId, id));
  return r?.n ?? 0;
}

/** The chain of parents above a system (ids only), to refuse a cycle. */
export async function ancestorIds(ctx: Ctx, id: string): Promise<string[]> {
  // scope-exempt: ids only, walked from a system the caller already read in scope.
  const rows = await queryRows(ctx.db, sql`
    WITH RECURSIVE up(id, parent_system_id, n) AS (
      SELECT id, parent_system_id, 0 FROM information_systems WHERE id = ${id}
      UNION ALL
      SELECT s.id, s.parent_system_id, up.n + 1 FROM information_systems s JOIN up ON s.id = up.parent_system_id WHERE up.n < 100
    ) SELECT id FROM up`);
  return rows.map((r) => String(r.id));
}

/** The levels of the system's direct sub-systems: approved where there is one, else proposed. */
export async function childLevels(ctx: Ctx, id: string): Promise<number[]> {
  // scope-exempt: only the levels of sub-systems leave this function (Decree 85 Art 7.3 / Decree 331:
  // a composite system takes the highest level of its parts), never the rows.
  const rows = await ctx.db
    .select({ approved: informationSystems.approvedLevel, proposed: informationSystems.proposedLevel })
    .from(informationSystems)
    .where(eq(informationSystems.parentSystemId, id));
  return rows.flatMap((r) => (r.approved ?? r.proposed ? [r.approved ?? r.proposed ?? 0] : []));
}

export async function listClassifications(ctx: Ctx, systemId: string) {
  return ctx.db
    .select({ c: classifications, createdByName: users.fullName })
    .from(classifications)
    .leftJoin(users, eq(users.id, classifications.createdBy))
    .where(and(eq(classifications.systemId, systemId), inScope(ctx, 'system.read', classifications.orgId)))
    .orderBy(desc(classifications.createdAt), desc(classifications.id));
}
