/** The inventory's queries. Every read of endpoints / endpoint_violations carries inScope. */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ExportEndpointsQuery, ListEndpointsQuery, ListViolationsQuery } from '@shared/api/endpoints';
import type { Ctx } from '../../http/context';
import { centralAvProducts, endpointAvProducts, endpointCheckins, endpointViolations, endpoints, orgs, type EndpointAvProductRow } from '../../db/schema';
import { inScope, pathInScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';

/** The latest of the agent's check-in and the last-seen reported by an import or by hand (GREATEST skips NULLs). */
export const lastSeenAt = sql<Date | null>`GREATEST(${endpointCheckins.seenAt}, ${endpoints.reportedSeenAt})`.mapWith(endpoints.reportedSeenAt);

const agentEnrolled = sql<boolean>`EXISTS (SELECT 1 FROM agent_nodes n WHERE n.endpoint_id = ${endpoints.id} AND n.revoked_at IS NULL)`.mapWith(Boolean);

const endpointColumns = {
  endpoint: endpoints,
  orgCode: orgs.code,
  orgName: orgs.name,
  orgPath: orgs.path,
  lastSeenAt,
  agent: agentEnrolled,
};

function baseQuery(ctx: Ctx) {
  // scope-exempt: a builder; every caller adds inScope(ctx, …, endpoints.orgId) to its .where(…).
  return ctx.db
    .select(endpointColumns)
    .from(endpoints)
    .innerJoin(orgs, eq(orgs.id, endpoints.orgId))
    .leftJoin(endpointCheckins, eq(endpointCheckins.endpointId, endpoints.id));
}

export type EndpointRecord = NonNullable<Awaited<ReturnType<typeof findEndpoint>>>;

/** One machine the actor may see (endpoint.read by default), or undefined. */
export async function findEndpoint(ctx: Ctx, id: string, action: Action = 'endpoint.read') {
  const [row] = await baseQuery(ctx).where(and(eq(endpoints.id, id), inScope(ctx, action, endpoints.orgId)));
  return row;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The instant before which a machine counts as not seen. */
export function seenSince(now: Date, seenDays: number): Date {
  return new Date(now.getTime() - seenDays * 86_400_000);
}

/**
 * The filters of the list, the export and the coverage drill-down. The coverage columns' complements
 * (no_central_av, no_av, unlicensed_os, not_seen) count machines in service and not state-secret, so
 * that a drill-down lists exactly `total − count` machines; `unlicensed_os` is every OS licence
 * that is not known to be valid (not licensed, or unknown).
 */
function filters(ctx: Ctx, q: ExportEndpointsQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (q.orgId && q.ownOnly === 'true') conds.push(eq(endpoints.orgId, q.orgId));
  else if (q.orgId) conds.push(sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${q.orgId}) || '%'`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      or(
        sql`${endpoints.hostname} ILIKE ${like}`,
        sql`${endpoints.serial} ILIKE ${like}`,
        sql`${endpoints.hardwareUuid} ILIKE ${like}`,
        sql`${endpoints.assignedTo} ILIKE ${like}`,
        sql`array_to_string(${endpoints.ipAddresses}, ' ') ILIKE ${like}`,
      ),
    );
  }
  if (q.source) conds.push(eq(endpoints.source, q.source));
  if (q.osLicence) conds.push(eq(endpoints.osLicence, q.osLicence));
  const inService = isNull(endpoints.retiredAt);
  const counted = and(inService, eq(endpoints.stateSecret, false));
  switch (q.filter) {
    case 'all':
      conds.push(inService);
      break;
    case 'no_central_av':
      conds.push(counted, eq(endpoints.hasCentralAv, false));
      break;
    case 'no_av':
      conds.push(counted, eq(endpoints.hasAnyAv, false));
      break;
    case 'unlicensed_os':
      conds.push(counted, sql`${endpoints.osLicence} <> 'licensed'`);
      break;
    case 'not_seen':
      conds.push(counted, sql`(${lastSeenAt} IS NULL OR ${lastSeenAt} < ${seenSince(ctx.clock(), q.seenDays).toISOString()}::timestamptz)`);
      break;
    case 'state_secret':
      conds.push(inService, eq(endpoints.stateSecret, true));
      break;
    case 'retired':
      conds.push(isNotNull(endpoints.retiredAt));
      break;
  }
  return and(...conds);
}

function ordering(q: ExportEndpointsQuery): SQL[] {
  const dir = q.order === 'desc' ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`;
  const column: SQL = {
    hostname: sql`lower(${endpoints.hostname})`,
    org: sql`${orgs.name}`,
    os: sql`${endpoints.osName}`,
    lastSeen: lastSeenAt,
    updatedAt: sql`${endpoints.updatedAt}`,
  }[q.sort];
  return [sql`${column} ${dir}`, asc(endpoints.hostname), asc(endpoints.id)];
}

export async function listEndpoints(ctx: Ctx, q: ListEndpointsQuery) {
  const where = and(inScope(ctx, 'endpoint.read', endpoints.orgId), filters(ctx, q));
  const items = await baseQuery(ctx).where(where).orderBy(...ordering(q)).limit(q.limit).offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db
    .select({ n: count() })
    .from(endpoints)
    .innerJoin(orgs, eq(orgs.id, endpoints.orgId))
    .leftJoin(endpointCheckins, eq(endpointCheckins.endpointId, endpoints.id))
    .where(where);
  return { items, total: total?.n ?? 0 };
}

/** Every machine the filters match, for the export (no paging; the scope bounds it). */
export async function allEndpoints(ctx: Ctx, q: ExportEndpointsQuery) {
  const where = and(inScope(ctx, 'endpoint.read', endpoints.orgId), filters(ctx, q));
  return baseQuery(ctx).where(where).orderBy(...ordering(q));
}

/** The antivirus products of machines already read through a scoped query. */
export async function productsOf(ctx: Ctx, endpointIds: string[]): Promise<Map<string, EndpointAvProductRow[]>> {
  const out = new Map<string, EndpointAvProductRow[]>();
  if (endpointIds.length === 0) return out;
  const rows = await ctx.db
    .select()
    .from(endpointAvProducts)
    .where(inArray(endpointAvProducts.endpointId, endpointIds))
    .orderBy(asc(endpointAvProducts.endpointId), asc(endpointAvProducts.name));
  for (const r of rows) out.set(r.endpointId, [...(out.get(r.endpointId) ?? []), r]);
  return out;
}

/** The province's central product patterns (province-wide configuration, not organisation data). */
export async function centralPatterns(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db.select({ pattern: centralAvProducts.pattern }).from(centralAvProducts);
  return rows.map((r) => r.pattern);
}

/** An organisation the actor sees under `action`. */
export async function findOrg(ctx: Ctx, id: string, action: Action) {
  const [row] = await ctx.db.select().from(orgs).where(and(eq(orgs.id, id), pathInScope(ctx, action, orgs.path)));
  return row;
}

/** Another machine of the same organisation with this hardware id (the unique key), if any. */
export async function hardwareTaken(ctx: Ctx, orgId: string, hardwareUuid: string, exceptId?: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.orgId, orgId),
        sql`lower(${endpoints.hardwareUuid}) = lower(${hardwareUuid})`,
        exceptId ? sql`${endpoints.id} <> ${exceptId}` : undefined,
        inScope(ctx, 'endpoint.read', endpoints.orgId),
      ),
    );
  return !!row;
}

// --- Violations ----------------------------------------------------------------------------------

export async function listViolations(ctx: Ctx, q: ListViolationsQuery) {
  const where = and(
    inScope(ctx, 'endpoint.read', endpointViolations.orgId),
    q.orgId ? sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${q.orgId}) || '%'` : undefined,
    q.open === 'true' ? isNull(endpointViolations.resolvedAt) : isNotNull(endpointViolations.resolvedAt),
  );
  const columns = { v: endpointViolations, hostname: endpoints.hostname, orgCode: orgs.code, orgName: orgs.name, orgPath: orgs.path };
  const items = await ctx.db
    .select(columns)
    .from(endpointViolations)
    .innerJoin(endpoints, eq(endpoints.id, endpointViolations.endpointId))
    .innerJoin(orgs, eq(orgs.id, endpointViolations.orgId))
    .where(where)
    .orderBy(desc(endpointViolations.lastSeenAt), asc(endpointViolations.id))
    .limit(q.limit)
    .offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db.select({ n: count() }).from(endpointViolations).innerJoin(orgs, eq(orgs.id, endpointViolations.orgId)).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function findViolation(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ v: endpointViolations, hostname: endpoints.hostname, orgCode: orgs.code, orgName: orgs.name, orgPath: orgs.path })
    .from(endpointViolations)
    .innerJoin(endpoints, eq(endpoints.id, endpointViolations.endpointId))
    .innerJoin(orgs, eq(orgs.id, endpointViolations.orgId))
    .where(and(eq(endpointViolations.id, id), inScope(ctx, 'endpoint.read', endpointViolations.orgId)));
  return row;
}
