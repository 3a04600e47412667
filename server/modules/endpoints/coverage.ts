/**
 * Coverage: how many computers of an organisation's subtree run the central anti-malware, any
 * antivirus, a licensed OS, were seen recently — for the subtree, each child (or each Public
 * Administrative Service Center) and the directive's "31/812 computers at 125 centers" figure.
 *
 * Definitions (shared/api/endpoints.ts CoverageCounts): retired machines are not counted at all;
 * state-secret machines count in `excluded` and in nothing else; `seen` = last seen (check-in or
 * reported) within `seenDays` of now. One GROUP BY over the subtree's machines per organisation
 * (≤ one row per organisation), rolled up along orgs.path here: no query per organisation.
 */
import { and, asc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Coverage, CoverageCounts, CoverageHistory, CoverageHistoryQuery, CoverageQuery, CoverageRow } from '@shared/api/endpoints';
import { DEFAULT_SEEN_DAYS } from '@shared/domain/endpoints';
import type { OrgKind } from '@shared/domain/orgs';
import { addCalendarDays, vnDay } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import type { Db } from '../../db/connect';
import { queryRows } from '../../db/connect';
import { notFound } from '../../http/errors';
import { inScope, pathInScope } from '../../authz/scope';
import { coverageDaily, orgs } from '../../db/schema';
import { seenSince } from './endpoints.repo';

/** The organisation kind of the Public Administrative Service Centers (Decree 118/2025/NĐ-CP). */
export const CENTER_KIND: OrgKind = 'service_center';

const orgColumns = { id: orgs.id, code: orgs.code, name: orgs.name, kind: orgs.kind, path: orgs.path, depth: orgs.depth };
type FocusOrg = { id: string; code: string; name: string; kind: OrgKind; path: string; depth: number };

const zero = (): CoverageCounts => ({ total: 0, centralAv: 0, anyAv: 0, licensedOs: 0, seen: 0, excluded: 0 });
const KEYS = ['total', 'centralAv', 'anyAv', 'licensedOs', 'seen', 'excluded'] as const;
function addInto(into: CoverageCounts, from: CoverageCounts): CoverageCounts {
  for (const k of KEYS) into[k] += from[k];
  return into;
}

/** The organisation asked for (404 when the actor does not see it), or the actor's widest visible root. */
async function resolveFocus(ctx: Ctx, orgId: string | undefined): Promise<FocusOrg> {
  if (orgId) {
    const [org] = await ctx.db
      .select(orgColumns)
      .from(orgs)
      .where(and(eq(orgs.id, orgId), pathInScope(ctx, 'endpoint.read', orgs.path)));
    if (!org) throw notFound();
    return org;
  }
  const parent = alias(orgs, 'parent');
  const [root] = await ctx.db
    .select(orgColumns)
    .from(orgs)
    .leftJoin(parent, and(eq(parent.id, orgs.parentId), pathInScope(ctx, 'endpoint.read', parent.path)))
    .where(and(pathInScope(ctx, 'endpoint.read', orgs.path), isNull(parent.id)))
    .orderBy(asc(orgs.depth), asc(orgs.name))
    .limit(1);
  if (!root) throw notFound();
  return root;
}

interface OrgTally {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  path: string;
  depth: number;
  counts: CoverageCounts;
}

/** The per-machine counting expressions (machines `e`, check-ins `c`), shared by the live figures and the snapshot. */
function countColumns(since: SQL): SQL {
  return sql`
    count(*) FILTER (WHERE NOT e.state_secret)::int AS total,
    count(*) FILTER (WHERE e.state_secret)::int AS excluded,
    count(*) FILTER (WHERE NOT e.state_secret AND e.has_central_av)::int AS central_av,
    count(*) FILTER (WHERE NOT e.state_secret AND e.has_any_av)::int AS any_av,
    count(*) FILTER (WHERE NOT e.state_secret AND e.os_licence = 'licensed')::int AS licensed_os,
    count(*) FILTER (WHERE NOT e.state_secret AND GREATEST(c.seen_at, e.reported_seen_at) >= ${since})::int AS seen`;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const countsOf = (r: Record<string, unknown>): CoverageCounts => ({
  total: num(r.total),
  centralAv: num(r.central_av),
  anyAv: num(r.any_av),
  licensedOs: num(r.licensed_os),
  seen: num(r.seen),
  excluded: num(r.excluded),
});

/** The organisation of a counted machine (`mo` below: its path carries the subtree and the scope). */
const machineOrg = alias(orgs, 'mo');

/** Every organisation of the focus's subtree with the counts of its own machines (one GROUP BY). */
async function tallyByOrg(ctx: Ctx, focus: FocusOrg, seenDays: number): Promise<OrgTally[]> {
  const since = sql`${seenSince(ctx.clock(), seenDays).toISOString()}::timestamptz`;
  const under = `${focus.path}%`;
  const rows = await queryRows(
    ctx.db,
    sql`
    SELECT orgs.id, orgs.code, orgs.name, orgs.kind, orgs.parent_id, orgs.path, orgs.depth, t.*
    FROM orgs
    LEFT JOIN (
      SELECT e.org_id, ${countColumns(since)}
      FROM endpoints e
      JOIN orgs mo ON mo.id = e.org_id
      LEFT JOIN endpoint_checkins c ON c.endpoint_id = e.id
      WHERE e.retired_at IS NULL AND mo.path LIKE ${under} AND ${pathInScope(ctx, 'endpoint.read', machineOrg.path)}
      GROUP BY e.org_id
    ) t ON t.org_id = orgs.id
    WHERE orgs.path LIKE ${under} AND ${pathInScope(ctx, 'endpoint.read', orgs.path)}`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    code: String(r.code),
    name: String(r.name),
    kind: r.kind as OrgKind,
    parentId: r.parent_id === null ? null : String(r.parent_id),
    path: String(r.path),
    depth: Number(r.depth),
    counts: countsOf(r),
  }));
}

/** The ids on an organisation's path, from the root down to itself. */
const pathIds = (path: string) => path.split('/').filter(Boolean);

type RatioKey = 'centralAv' | 'anyAv' | 'licensedOs' | 'seen';
const RATIO_OF: Record<string, RatioKey> = { centralAvRatio: 'centralAv', anyAvRatio: 'anyAv', licensedRatio: 'licensedOs', seenRatio: 'seen' };

const collator = new Intl.Collator('vi');

/** Sorts rows; a ratio of a row with no machines is unknown and sorts last either way. */
function sortRows(rows: CoverageRow[], sort: CoverageQuery['sort'], order: CoverageQuery['order']): CoverageRow[] {
  const dir = order === 'desc' ? -1 : 1;
  const byName = (a: CoverageRow, b: CoverageRow) => collator.compare(a.orgName, b.orgName) || collator.compare(a.orgCode, b.orgCode);
  const ratioKey = RATIO_OF[sort];
  return [...rows].sort((a, b) => {
    if (sort === 'name') return dir * byName(a, b);
    if (sort === 'total') return dir * (a.total - b.total) || byName(a, b);
    const key = ratioKey ?? 'centralAv';
    const ra = a.total > 0 ? a[key] / a.total : null;
    const rb = b.total > 0 ? b[key] / b.total : null;
    if (ra === null || rb === null) return ra === rb ? byName(a, b) : ra === null ? 1 : -1;
    return dir * (ra - rb) || byName(a, b);
  });
}

export async function getCoverage(ctx: Ctx, q: CoverageQuery): Promise<Coverage> {
  const focus = await resolveFocus(ctx, q.orgId);
  const tallies = await tallyByOrg(ctx, focus, q.seenDays);
  const byId = new Map(tallies.map((t) => [t.id, t]));
  const hasChildren = new Set(tallies.map((t) => t.parentId).filter((id): id is string => id !== null));
  const subtree = new Map<string, CoverageCounts>();
  const summary = zero();
  const centers = { ...zero(), count: 0, withoutMachines: 0 };
  for (const t of tallies) {
    addInto(summary, t.counts);
    const ids = pathIds(t.path);
    // Every ancestor within the subtree (and the organisation itself) gets its machines.
    for (const id of ids.slice(focus.depth)) subtree.set(id, addInto(subtree.get(id) ?? zero(), t.counts));
    if (ids.slice(focus.depth).some((id) => byId.get(id)?.kind === CENTER_KIND)) addInto(centers, t.counts);
  }
  // "… at 125 centers" counts the centers with machines on record; one with none is a gap in the data, shown apart.
  for (const t of tallies) {
    if (t.kind !== CENTER_KIND) continue;
    const c = subtree.get(t.id);
    if (c && c.total + c.excluded > 0) centers.count += 1;
    else centers.withoutMachines += 1;
  }
  const rowOf = (t: OrgTally, counts: CoverageCounts, own = false): CoverageRow => ({
    ...counts,
    orgId: t.id,
    orgCode: t.code,
    orgName: t.name,
    orgKind: t.kind,
    hasChildren: !own && hasChildren.has(t.id),
    own,
  });
  let rows: CoverageRow[];
  if (q.groupBy === 'centers') {
    rows = tallies.filter((t) => t.kind === CENTER_KIND).map((t) => rowOf(t, subtree.get(t.id) ?? zero()));
  } else {
    rows = tallies.filter((t) => t.parentId === focus.id).map((t) => rowOf(t, subtree.get(t.id) ?? zero()));
    const self = byId.get(focus.id);
    // The focus's own machines (e.g. the provincial office's), when it has any.
    if (self && self.counts.total + self.counts.excluded > 0) rows.push(rowOf(self, self.counts, true));
  }
  return { orgId: focus.id, orgName: focus.name, seenDays: q.seenDays, summary, centers, rows: sortRows(rows, q.sort, q.order) };
}

/** Organisations lying in a Public Administrative Service Center of the focus's subtree (or being one). */
function inCenterOf(focusPath: string): SQL {
  return sql`EXISTS (SELECT 1 FROM orgs c WHERE c.id = ANY(string_to_array(trim(both '/' from ${orgs.path}), '/')::uuid[])
    AND c.kind = ${CENTER_KIND} AND c.path LIKE ${`${focusPath}%`})`;
}

/** The daily trend of a subtree: coverage_daily summed per day, today computed live. */
export async function getCoverageHistory(ctx: Ctx, q: CoverageHistoryQuery): Promise<CoverageHistory> {
  const focus = await resolveFocus(ctx, q.orgId);
  const today = vnDay(ctx.clock());
  const from = addCalendarDays(today, -(q.days - 1));
  const centersOnly = q.centersOnly === 'true';
  const rows = await ctx.db
    .select({
      day: coverageDaily.day,
      total: sql<number>`sum(${coverageDaily.total})::int`.mapWith(Number),
      excluded: sql<number>`sum(${coverageDaily.excluded})::int`.mapWith(Number),
      centralAv: sql<number>`sum(${coverageDaily.centralAv})::int`.mapWith(Number),
      anyAv: sql<number>`sum(${coverageDaily.anyAv})::int`.mapWith(Number),
      licensedOs: sql<number>`sum(${coverageDaily.licensedOs})::int`.mapWith(Number),
      seen: sql<number>`sum(${coverageDaily.seen})::int`.mapWith(Number),
    })
    .from(coverageDaily)
    .where(
      and(
        inScope(ctx, 'endpoint.read', coverageDaily.orgId),
        sql`${coverageDaily.orgId} IN (SELECT ${orgs.id} FROM ${orgs} WHERE ${orgs.path} LIKE ${`${focus.path}%`} ${centersOnly ? sql`AND ${inCenterOf(focus.path)}` : sql``})`,
        gte(coverageDaily.day, from),
        lt(coverageDaily.day, today),
      ),
    )
    .groupBy(coverageDaily.day)
    .orderBy(asc(coverageDaily.day));
  const live = await getCoverage(ctx, { orgId: focus.id, groupBy: 'children', seenDays: DEFAULT_SEEN_DAYS, sort: 'name', order: 'asc' });
  const { count: _count, withoutMachines: _none, ...centerCounts } = live.centers;
  const todayPoint = { day: today, ...(centersOnly ? centerCounts : live.summary) };
  return { orgId: focus.id, points: [...rows.map((r) => ({ ...r, day: String(r.day) })), todayPoint] };
}

/**
 * Writes the coverage of every organisation's own machines for `day` (YYYY-MM-DD, Asia/Ho_Chi_Minh)
 * into coverage_daily, in one statement (rows of that day are replaced). The machines are counted as
 * of the end of that day or now, whichever is earlier: created by then, not retired by then; `seen`
 * when last seen no earlier than `seenDays` before that instant. Protection flags are today's: the
 * trend of a past day written late (the demo's back-fill) shows how the inventory grew. No user is
 * acting: province-wide on purpose (the cron job and the demo seed call it).
 */
export async function snapshotCoverage(db: Db, day: string, seenDays: number = DEFAULT_SEEN_DAYS, now: Date = new Date()): Promise<number> {
  const d = vnDay(day);
  const endOfDay = new Date(`${addCalendarDays(d, 1)}T00:00:00+07:00`);
  const asOf = endOfDay < now ? endOfDay : now;
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const since = sql`${seenSince(asOf, seenDays).toISOString()}::timestamptz`;
  // scope-exempt: the province-wide snapshot job; no user is acting and no row leaves the database.
  const rows = await queryRows(
    db,
    sql`
    INSERT INTO coverage_daily (day, org_id, total, excluded, central_av, any_av, licensed_os, seen)
    SELECT ${d}::date, o.id, coalesce(t.total, 0), coalesce(t.excluded, 0), coalesce(t.central_av, 0),
           coalesce(t.any_av, 0), coalesce(t.licensed_os, 0), coalesce(t.seen, 0)
    FROM orgs o
    LEFT JOIN (
      SELECT e.org_id, ${countColumns(since)}
      FROM endpoints e
      LEFT JOIN endpoint_checkins c ON c.endpoint_id = e.id
      WHERE e.created_at <= ${at} AND (e.retired_at IS NULL OR e.retired_at > ${at})
      GROUP BY e.org_id
    ) t ON t.org_id = o.id
    ON CONFLICT (day, org_id) DO UPDATE SET
      total = EXCLUDED.total, excluded = EXCLUDED.excluded, central_av = EXCLUDED.central_av,
      any_av = EXCLUDED.any_av, licensed_os = EXCLUDED.licensed_os, seen = EXCLUDED.seen
    RETURNING 1`,
  );
  return rows.length;
}
