/**
 * The figures' queries: a few aggregates over the whole subtree, grouped by the child organisation
 * read off the materialised path (`split_part(path, '/', depth + 3)` is the id at depth + 1), so the
 * cost grows with the rows counted, not with organisations × rows. Definitions: shared/api/figures.ts.
 */
import { and, asc, eq, isNull, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { FIGURE_UNIT_KINDS, type DossierMetric, type LevelKey, type SystemMetric } from '@shared/api/figures';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../http/context';
import { inScope, pathInScope } from '../../authz/scope';
import { dossiers, informationSystems, orgs } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { overdueCondition } from '../dossiers';

const orgColumns = { id: orgs.id, code: orgs.code, name: orgs.name, kind: orgs.kind, parentId: orgs.parentId, path: orgs.path, depth: orgs.depth };
export type FocusOrg = { id: string; code: string; name: string; kind: (typeof orgs.$inferSelect)['kind']; parentId: string | null; path: string; depth: number };

const count = sql<number>`count(*)::int`;
const countIf = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;

/** Rows under any of the given subtrees (paths end with '/', hold only uuids: no LIKE metacharacters). */
function underAny(pathColumn: SQL | typeof orgs.path, paths: string[]): SQL {
  return sql`${pathColumn} LIKE ANY(${sql.param(paths.map((p) => `${p}%`))}::text[])`;
}

/**
 * The id of the child of the focus (at `depth`) an organisation of the query's `orgs` lies under;
 * '' for the focus itself. Written with the table name: in a select list drizzle leaves columns unqualified.
 */
function childKey(depth: number): SQL<string> {
  if (!Number.isInteger(depth) || depth < 0) throw new Error('bad depth');
  return sql<string>`split_part("orgs"."path", '/', ${sql.raw(String(depth + 3))})`;
}

/** A registered system, still in the registry (a retired one is history). */
const activeSystem = ne(informationSystems.lifecycle, 'retired');

export function dossierMetricCondition(metric: DossierMetric, today: string): SQL {
  switch (metric) {
    case 'drafting':
      return sql`${dossiers.state} = 'draft'`;
    case 'submitted':
      return sql`${dossiers.receivedAt} IS NOT NULL`;
    case 'underAppraisal':
      return sql`${dossiers.state} IN ('submitted','under_appraisal')`;
    case 'returned':
      return sql`${dossiers.state} IN ('returned_incomplete','returned_for_revision')`;
    case 'appraised':
      return sql`${dossiers.state} IN ('appraised','submitted_for_approval')`;
    case 'approved':
      return sql`${dossiers.state} = 'approved'`;
    case 'rejected':
      return sql`${dossiers.state} = 'rejected'`;
    case 'overdue':
      return overdueCondition(today);
  }
}

function levelCondition(column: AnyColumn, level: LevelKey): SQL {
  return level === 'none' ? sql`${column} IS NULL` : sql`${column} = ${Number(level)}`;
}

export function systemMetricCondition(metric: SystemMetric, level: LevelKey | undefined): SQL {
  switch (metric) {
    case 'systems':
      return sql`true`;
    case 'important':
      return sql`${informationSystems.isImportant}`;
    case 'classified':
      return sql`${informationSystems.proposedLevel} IS NOT NULL`;
    case 'proposedLevel':
      return level ? levelCondition(informationSystems.proposedLevel, level) : sql`true`;
    case 'approvedLevel':
      return level ? levelCondition(informationSystems.approvedLevel, level) : sql`true`;
  }
}

const LEVELS: LevelKey[] = ['1', '2', '3', '4', '5', 'none'];

/** The organisation to focus on, if the actor sees it. */
export async function findOrg(ctx: Ctx, id: string): Promise<FocusOrg | undefined> {
  const [row] = await ctx.db
    .select(orgColumns)
    .from(orgs)
    .where(and(eq(orgs.id, id), pathInScope(ctx, 'system.read', orgs.path)));
  return row;
}

/** The tops of the actor's visible subtrees: visible organisations whose parent is not visible. */
export async function listRootOrgs(ctx: Ctx): Promise<FocusOrg[]> {
  const parent = alias(orgs, 'parent');
  return ctx.db
    .select(orgColumns)
    .from(orgs)
    .leftJoin(parent, and(eq(parent.id, orgs.parentId), pathInScope(ctx, 'system.read', parent.path)))
    .where(and(pathInScope(ctx, 'system.read', orgs.path), isNull(parent.id)))
    .orderBy(asc(orgs.depth), asc(orgs.name));
}

/** Direct children of an organisation (visible with it: scope is a subtree), with whether they have children. */
export async function listChildOrgs(ctx: Ctx, parentId: string) {
  return ctx.db
    .select({
      ...orgColumns,
      hasChildren: sql<boolean>`exists (select 1 from orgs grandchild where grandchild.parent_id = "orgs"."id")`,
    })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), pathInScope(ctx, 'system.read', orgs.path)))
    .orderBy(asc(orgs.kind), asc(orgs.name));
}

export async function hasChildren(ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.parentId, id), pathInScope(ctx, 'system.read', orgs.path)))
    .limit(1);
  return !!row;
}

export type Tally = Record<string, number>;

/** Systems of the subtree, per child of the focus ('' = the focus's own). */
export async function countSystems(ctx: Ctx, focus: FocusOrg): Promise<Map<string, Tally>> {
  const key = childKey(focus.depth);
  const fields: Record<string, SQL<number>> = {
    systems: count,
    important: countIf(systemMetricCondition('important', undefined)),
    classified: countIf(systemMetricCondition('classified', undefined)),
  };
  for (const l of LEVELS) {
    fields[`p${l}`] = countIf(levelCondition(informationSystems.proposedLevel, l));
    fields[`a${l}`] = countIf(levelCondition(informationSystems.approvedLevel, l));
  }
  const rows = await ctx.db
    .select({ key, ...fields })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(and(underAny(orgs.path, [focus.path]), activeSystem, inScope(ctx, 'system.read', informationSystems.orgId)))
    .groupBy(key);
  return byKey(rows);
}

/** Dossiers of the subtree, per child of the focus. */
export async function countDossiers(ctx: Ctx, focus: FocusOrg, today: string): Promise<Map<string, Tally>> {
  const key = childKey(focus.depth);
  const fields: Record<string, SQL<number>> = {};
  for (const m of ['drafting', 'submitted', 'underAppraisal', 'returned', 'appraised', 'approved', 'rejected', 'overdue'] as const) {
    fields[m] = countIf(dossierMetricCondition(m, today));
  }
  const rows = await ctx.db
    .select({ key, ...fields })
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .where(and(underAny(orgs.path, [focus.path]), inScope(ctx, 'dossier.read', dossiers.orgId)))
    .groupBy(key);
  return byKey(rows);
}

/**
 * A derived table `sub(x)`: the ids (as text) of every organisation under which a dossier of the given
 * subtrees was ever sent — the ancestors, read off the path, of each sending organisation. A reporting
 * unit "has submitted" iff its id is there. Distinct sending organisations first (at most one row per
 * organisation), so that the set stays small and is joined by hash, not probed per unit.
 */
function submittedUnder(ctx: Ctx, paths: string[]): SQL {
  return sql`(SELECT DISTINCT a.x FROM
      (SELECT DISTINCT sd.org_id FROM dossiers sd WHERE sd.received_at IS NOT NULL AND ${inScope(ctx, 'dossier.read', sql`sd.org_id`)}) s
    JOIN orgs so ON so.id = s.org_id
    CROSS JOIN LATERAL unnest(string_to_array(so.path, '/')) AS a(x)
    WHERE ${underAny(sql`so.path`, paths)}) AS sub`;
}

const unitKinds = sql.param([...FIGURE_UNIT_KINDS]);
const isReportingUnit = sql`"orgs"."kind" = ANY(${unitKinds}::text[])`;

/** Reporting units of the subtree and those without any submission, per child of the focus. */
export async function countUnits(ctx: Ctx, focus: FocusOrg): Promise<Map<string, Tally>> {
  const key = childKey(focus.depth);
  const rows = await ctx.db
    .select({ key, units: count, unitsWithoutSubmission: countIf(sql`sub.x IS NULL`) })
    .from(orgs)
    .leftJoin(submittedUnder(ctx, [focus.path]), sql`sub.x = "orgs"."id"::text`)
    .where(and(underAny(orgs.path, [focus.path]), isReportingUnit, pathInScope(ctx, 'system.read', orgs.path)))
    .groupBy(key);
  return byKey(rows);
}

function byKey(rows: Record<string, unknown>[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const tally: Tally = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'key') tally[k] = Number(v);
    out.set(String(r.key), tally);
  }
  return out;
}

/** Reporting units of the subtrees with no dossier ever sent under them, a page at a time. */
export async function listUnitsWithoutSubmission(ctx: Ctx, paths: string[], limit: number, offset: number) {
  const parent = alias(orgs, 'parent');
  const rows = await ctx.db
    .select({
      id: orgs.id,
      code: orgs.code,
      name: orgs.name,
      kind: orgs.kind,
      path: orgs.path,
      parentName: parent.name,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(orgs)
    .leftJoin(parent, eq(parent.id, orgs.parentId))
    .leftJoin(submittedUnder(ctx, paths), sql`sub.x = "orgs"."id"::text`)
    .where(and(underAny(orgs.path, paths), isReportingUnit, pathInScope(ctx, 'system.read', orgs.path), sql`sub.x IS NULL`))
    .orderBy(asc(parent.name), asc(orgs.name), asc(orgs.id))
    .limit(limit)
    .offset(offset);
  return rows;
}

/** Systems and draft dossiers under each of the given units (by ancestor id on the path). */
export async function countUnderUnits(ctx: Ctx, unitIds: string[]) {
  if (unitIds.length === 0) return { systems: new Map<string, number>(), drafts: new Map<string, number>() };
  const ids = sql.param(unitIds);
  const anc = sql`a.x`;
  const sys = await ctx.db
    .select({ unit: sql<string>`${anc}`, n: count })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .innerJoin(sql`unnest(string_to_array(${orgs.path}, '/')) AS a(x)`, sql`${anc} = ANY(${ids}::text[])`)
    .where(and(activeSystem, inScope(ctx, 'system.read', informationSystems.orgId)))
    .groupBy(anc);
  const drafts = await ctx.db
    .select({ unit: sql<string>`${anc}`, n: count })
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .innerJoin(sql`unnest(string_to_array(${orgs.path}, '/')) AS a(x)`, sql`${anc} = ANY(${ids}::text[])`)
    .where(and(eq(dossiers.state, 'draft'), inScope(ctx, 'dossier.read', dossiers.orgId)))
    .groupBy(anc);
  return { systems: new Map(sys.map((r) => [r.unit, r.n])), drafts: new Map(drafts.map((r) => [r.unit, r.n])) };
}

/** Where the records counted lie: whole subtrees, or one organisation's own records. */
export type Place = { paths: string[] } | { ownOrgId: string };

function placeCondition(place: Place): SQL {
  return 'ownOrgId' in place ? eq(orgs.id, place.ownOrgId) : underAny(orgs.path, place.paths);
}

const systemItem = {
  systemId: informationSystems.id,
  systemCode: informationSystems.code,
  systemName: informationSystems.name,
  orgId: orgs.id,
  orgName: orgs.name,
  proposedLevel: informationSystems.proposedLevel,
  approvedLevel: informationSystems.approvedLevel,
  isImportant: informationSystems.isImportant,
  total: sql<number>`(count(*) over ())::int`,
};

/** The systems behind a system counter. */
export async function listDrillSystems(ctx: Ctx, place: Place, metric: SystemMetric, level: LevelKey | undefined, limit: number, offset: number) {
  return ctx.db
    .select(systemItem)
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(and(placeCondition(place), activeSystem, systemMetricCondition(metric, level), inScope(ctx, 'system.read', informationSystems.orgId)))
    .orderBy(asc(orgs.name), asc(informationSystems.name), asc(informationSystems.id))
    .limit(limit)
    .offset(offset);
}

/** The dossiers behind a dossier counter, with their systems. */
export async function listDrillDossiers(ctx: Ctx, place: Place, metric: DossierMetric, today: string, limit: number, offset: number) {
  return ctx.db
    .select({
      ...systemItem,
      dossierId: dossiers.id,
      dossierState: dossiers.state,
      receivedAt: dossiers.receivedAt,
      dueOn: dossiers.dueOn,
      directiveDueOn: dossiers.directiveDueOn,
    })
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, dossiers.systemId))
    .where(and(placeCondition(place), dossierMetricCondition(metric, today), inScope(ctx, 'dossier.read', dossiers.orgId)))
    .orderBy(asc(orgs.name), asc(informationSystems.name), asc(dossiers.createdAt), asc(dossiers.id))
    .limit(limit)
    .offset(offset);
}

/**
 * The per-system table of the annual report (Form 08 of Decree 331; Circular 12 Art 13–14): every
 * registered system of the subtree with its latest dossier (not withdrawn), its latest completed
 * assessment, and whether it was checked before going live (ever) or periodically (within the data
 * period `from`–`to`). Each part is scoped with its own action, so a reader sees only what they may.
 */
export async function listReportSystems(ctx: Ctx, path: string, from: string, to: string) {
  return queryRows(
    ctx.db,
    sql`SELECT s.id, s.code, s.name, o.name AS org_name, s.proposed_level, s.approved_level, s.is_important,
               ld.state AS dossier_state, ld.decision_no, ld.decision_date::text AS decision_date, ld.decider_org,
               ld.regulation_no, ld.regulation_issued_on::text AS regulation_issued_on,
               ld.due_on::text AS due_on, ld.directive_due_on::text AS directive_due_on,
               la.score, la.remediation_due::text AS remediation_due,
               EXISTS (SELECT 1 FROM assessments r WHERE r.system_id = s.id AND r.state = 'completed'
                         AND r.inspection_kind = 'readiness_before_go_live' AND ${inScope(ctx, 'assessment.read', sql`r.org_id`)}) AS checked_before_use,
               EXISTS (SELECT 1 FROM assessments q WHERE q.system_id = s.id AND q.state = 'completed'
                         AND q.inspection_kind IS DISTINCT FROM 'readiness_before_go_live'
                         AND q.performed_on BETWEEN ${from}::date AND ${to}::date AND ${inScope(ctx, 'assessment.read', sql`q.org_id`)}) AS checked_periodically
          FROM information_systems s
          JOIN orgs o ON o.id = s.org_id
          LEFT JOIN LATERAL (
            SELECT d.state, d.decision_no, d.decision_date, d.regulation_no, d.regulation_issued_on, d.due_on, d.directive_due_on,
                   -- scope-exempt: the name of the body that signed a decision on a dossier read in scope.
                   (SELECT dorg.name FROM users u JOIN orgs dorg ON dorg.id = u.org_id WHERE u.id = d.decided_by) AS decider_org
              FROM dossiers d
             WHERE d.system_id = s.id AND d.state <> 'withdrawn' AND ${inScope(ctx, 'dossier.read', sql`d.org_id`)}
             ORDER BY d.created_at DESC, d.id DESC LIMIT 1) ld ON true
          LEFT JOIN LATERAL (
            SELECT a.score,
                   (SELECT max(i.remediation_due) FROM assessment_items i
                     WHERE i.assessment_id = a.id AND ${inScope(ctx, 'assessment.read', sql`i.org_id`)}) AS remediation_due
              FROM assessments a
             WHERE a.system_id = s.id AND a.state = 'completed' AND ${inScope(ctx, 'assessment.read', sql`a.org_id`)}
             ORDER BY a.performed_on DESC, a.completed_at DESC LIMIT 1) la ON true
         WHERE ${underAny(sql`o.path`, [path])} AND s.lifecycle <> 'retired' AND ${inScope(ctx, 'system.read', sql`s.org_id`)}
         ORDER BY o.name ASC, s.name ASC, s.id ASC`,
  );
}
