/**
 * Queries of assessments (organisation-owned: every read carries inScope) and of their rule data
 * (requirement catalogues, requirements, periods: province-wide reference data, gated by the route).
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DueQuery, ListAssessmentsQuery } from '@shared/api/assessments';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { inScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';
import { queryRows } from '../../db/connect';
import {
  assessmentEvidence,
  assessmentItems,
  assessmentSchedules,
  assessments,
  informationSystems,
  orgs,
  requirementCatalogues,
  requirements,
  users,
  type AssessmentScheduleRow,
  type RequirementCatalogueRow,
  type RequirementRow,
} from '../../db/schema';

const creator = alias(users, 'creator');
const completer = alias(users, 'completer');

const summaryColumns = {
  assessment: assessments,
  orgName: orgs.name,
  orgPath: orgs.path,
  systemName: informationSystems.name,
  systemCode: informationSystems.code,
  // Only the latest completed assessment of a system carries its "next due" date.
  isLatest: sql<boolean>`NOT EXISTS (SELECT 1 FROM assessments b WHERE b.system_id = ${assessments.systemId} AND b.state = 'completed'
    AND (b.performed_on, b.completed_at) > (${assessments.performedOn}, ${assessments.completedAt}))`,
};

export type AssessmentWithNames = NonNullable<Awaited<ReturnType<typeof findAssessment>>>;

/** One assessment the actor may see (assessment.read by default), with its unit, system and people. */
export async function findAssessment(ctx: Ctx, id: string, action: Action = 'assessment.read') {
  const [row] = await ctx.db
    .select({ ...summaryColumns, createdByName: creator.fullName, completedByName: completer.fullName })
    .from(assessments)
    .innerJoin(orgs, eq(orgs.id, assessments.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, assessments.systemId))
    .leftJoin(creator, eq(creator.id, assessments.createdBy))
    .leftJoin(completer, eq(completer.id, assessments.completedBy))
    .where(and(eq(assessments.id, id), inScope(ctx, action, assessments.orgId)));
  return row;
}

/** Locks the assessment row for a write (two people completing at once get one winner). */
export async function lockAssessment(tx: Ctx, id: string) {
  const [row] = await tx.db
    .select({ id: assessments.id, state: assessments.state })
    .from(assessments)
    .where(and(eq(assessments.id, id), inScope(tx, 'assessment.read', assessments.orgId)))
    .for('update');
  return row;
}

export async function listAssessments(ctx: Ctx, q: ListAssessmentsQuery) {
  const conds: (SQL | undefined)[] = [inScope(ctx, 'assessment.read', assessments.orgId)];
  if (q.orgId) conds.push(sql`${assessments.orgId} IN (SELECT c.id FROM orgs c, orgs p WHERE p.id = ${q.orgId} AND c.path LIKE p.path || '%')`);
  if (q.systemId) conds.push(eq(assessments.systemId, q.systemId));
  if (q.kind) conds.push(eq(assessments.kind, q.kind));
  if (q.state) conds.push(eq(assessments.state, q.state));
  const where = and(...conds);
  const items = await ctx.db
    .select(summaryColumns)
    .from(assessments)
    .innerJoin(orgs, eq(orgs.id, assessments.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, assessments.systemId))
    .where(where)
    .orderBy(desc(assessments.createdAt), asc(assessments.id))
    .limit(q.limit)
    .offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db.select({ n: count() }).from(assessments).where(where);
  return { items, total: total?.n ?? 0 };
}

/** The statuses of the items of some assessments (for their counts and live scores). */
export async function listStatuses(ctx: Ctx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .select({ assessmentId: assessmentItems.assessmentId, status: assessmentItems.status })
    .from(assessmentItems)
    .where(and(inArray(assessmentItems.assessmentId, [...ids]), inScope(ctx, 'assessment.read', assessmentItems.orgId)));
}

/** The items of one assessment with their requirement, in catalogue order. */
export async function listItems(ctx: Ctx, assessmentId: string) {
  return ctx.db
    .select({ item: assessmentItems, requirement: requirements })
    .from(assessmentItems)
    .innerJoin(requirements, eq(requirements.id, assessmentItems.requirementId))
    .where(and(eq(assessmentItems.assessmentId, assessmentId), inScope(ctx, 'assessment.read', assessmentItems.orgId)))
    .orderBy(asc(requirements.sort), asc(requirements.code));
}

export async function listEvidence(ctx: Ctx, assessmentId: string) {
  return ctx.db
    .select({
      id: assessmentEvidence.id,
      requirementId: assessmentEvidence.requirementId,
      fileName: assessmentEvidence.fileName,
      mediaType: assessmentEvidence.mediaType,
      sizeBytes: assessmentEvidence.sizeBytes,
      sha256: assessmentEvidence.sha256,
      createdAt: assessmentEvidence.createdAt,
    })
    .from(assessmentEvidence)
    .where(and(eq(assessmentEvidence.assessmentId, assessmentId), inScope(ctx, 'assessment.read', assessmentEvidence.orgId)))
    .orderBy(asc(assessmentEvidence.createdAt), asc(assessmentEvidence.id));
}

/** The system an assessment is for, if the actor may read assessments of its unit. */
export async function findSystem(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ system: informationSystems, orgPath: orgs.path })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(and(eq(informationSystems.id, id), inScope(ctx, 'assessment.read', informationSystems.orgId)));
  return row;
}

// ── Rule data (province-wide reference data: no scope applies; the route's action gates it) ──

export function listCatalogues(ctx: Ctx): Promise<RequirementCatalogueRow[]> {
  return ctx.db.select().from(requirementCatalogues).orderBy(asc(requirementCatalogues.effectiveFrom), asc(requirementCatalogues.code));
}

/** The catalogue a regime's work uses on a day: the latest one in effect (else the regime's first). */
export async function catalogueFor(ctx: Ctx, regime: Regime, day: string): Promise<RequirementCatalogueRow | undefined> {
  const rows = await ctx.db
    .select()
    .from(requirementCatalogues)
    .where(eq(requirementCatalogues.regime, regime))
    .orderBy(desc(requirementCatalogues.effectiveFrom));
  return rows.find((r) => r.effectiveFrom <= day) ?? rows.at(-1);
}

export async function findCatalogue(ctx: Ctx, code: string): Promise<RequirementCatalogueRow | undefined> {
  const [row] = await ctx.db.select().from(requirementCatalogues).where(eq(requirementCatalogues.code, code));
  return row;
}

export function listRequirements(ctx: Ctx, catalogue?: string, level?: number): Promise<RequirementRow[]> {
  return ctx.db
    .select()
    .from(requirements)
    .where(
      and(
        catalogue ? eq(requirements.catalogue, catalogue) : undefined,
        level ? and(lte(requirements.minLevel, level), gte(requirements.maxLevel, level)) : undefined,
      ),
    )
    .orderBy(asc(requirements.catalogue), asc(requirements.sort), asc(requirements.code));
}

export async function findRequirement(ctx: Ctx, id: string): Promise<RequirementRow | undefined> {
  const [row] = await ctx.db.select().from(requirements).where(eq(requirements.id, id));
  return row;
}

export async function updateRequirement(tx: Ctx, id: string, set: Partial<RequirementRow>): Promise<RequirementRow | undefined> {
  const [row] = await tx.db.update(requirements).set(set).where(eq(requirements.id, id)).returning();
  return row;
}

export function listSchedules(ctx: Ctx): Promise<AssessmentScheduleRow[]> {
  return ctx.db.select().from(assessmentSchedules).orderBy(asc(assessmentSchedules.regime), asc(assessmentSchedules.levelMin));
}

/** The period that applies to a level under a regime. */
export async function findScheduleFor(ctx: Ctx, regime: Regime, level: number): Promise<AssessmentScheduleRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(assessmentSchedules)
    .where(and(eq(assessmentSchedules.regime, regime), lte(assessmentSchedules.levelMin, level), gte(assessmentSchedules.levelMax, level)));
  return row;
}

const scheduleKey = (regime: Regime, levelMin: number) => and(eq(assessmentSchedules.regime, regime), eq(assessmentSchedules.levelMin, levelMin));

export async function findSchedule(ctx: Ctx, regime: Regime, levelMin: number): Promise<AssessmentScheduleRow | undefined> {
  const [row] = await ctx.db.select().from(assessmentSchedules).where(scheduleKey(regime, levelMin));
  return row;
}

export async function updateSchedule(tx: Ctx, regime: Regime, levelMin: number, set: Partial<AssessmentScheduleRow>) {
  const [row] = await tx.db.update(assessmentSchedules).set(set).where(scheduleKey(regime, levelMin)).returning();
  return row;
}

// ── Due dates ─────────────────────────────────────────────────────────────────────────────────

/**
 * Approved, not retired systems in scope whose latest completed assessment (self or inspection) is
 * due by `until`, or that were never assessed. `regime` falls back to the one in force for systems
 * approved before the approving regime was recorded.
 */
export async function listDue(ctx: Ctx, q: Pick<DueQuery, 'orgId'>, until: string, fallbackRegime: Regime) {
  const sub = q.orgId ? sql`AND s.org_id IN (SELECT c.id FROM orgs c, orgs p WHERE p.id = ${q.orgId} AND c.path LIKE p.path || '%')` : sql``;
  const rows = await queryRows(
    ctx.db,
    sql`SELECT s.id AS system_id, s.name AS system_name, s.code AS system_code, s.org_id, o.name AS org_name, o.path AS org_path,
               s.approved_level, COALESCE(s.approved_regime, ${fallbackRegime}) AS regime,
               la.performed_on::text AS last_assessed_on, la.kind AS last_kind, la.next_due_on::text AS next_due_on,
               COALESCE(sch.external_required, false) AS external_required
          FROM information_systems s
          JOIN orgs o ON o.id = s.org_id
          LEFT JOIN LATERAL (
            SELECT a.performed_on, a.kind, a.next_due_on FROM assessments a
             WHERE a.system_id = s.id AND a.state = 'completed' AND ${inScope(ctx, 'assessment.read', sql`a.org_id`)}
             ORDER BY a.performed_on DESC, a.completed_at DESC LIMIT 1) la ON true
          LEFT JOIN assessment_schedules sch ON sch.regime = COALESCE(s.approved_regime, ${fallbackRegime})
               AND s.approved_level BETWEEN sch.level_min AND sch.level_max
         WHERE s.approved_level IS NOT NULL AND s.lifecycle <> 'retired'
           AND ${inScope(ctx, 'assessment.read', sql`s.org_id`)} ${sub}
           AND (la.next_due_on IS NULL OR la.next_due_on <= ${until}::date)
         ORDER BY la.next_due_on ASC NULLS FIRST, s.name ASC, s.id ASC`,
  );
  return rows;
}

/** Whether any item of an assessment is still unanswered. */
export async function countUnanswered(ctx: Ctx, assessmentId: string): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), isNull(assessmentItems.status), inScope(ctx, 'assessment.read', assessmentItems.orgId)));
  return r?.n ?? 0;
}
