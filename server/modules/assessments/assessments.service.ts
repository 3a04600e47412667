/**
 * Self-assessments (the unit's, Decree 331 Art 31) and inspections (the authority's, Art 26–27) of an
 * approved system against the requirement list of its level: opened as a draft with one item per
 * requirement, answered in bulk, completed once every item has a status — then scored, given the
 * date of the next one from the level's period, and frozen (trigger of migration 0007).
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Assessment, AssessmentList, CompleteAssessmentBody, CreateAssessmentBody, ListAssessmentsQuery, UpdateAssessmentBody } from '@shared/api/assessments';
import { addMonths, assessmentScore, type ItemStatus } from '@shared/domain/assessments';
import { vnDay } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { authorize } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { assessmentItems, assessments, type AssessmentItemRow, type AssessmentRow } from '../../db/schema';
import { regimeInForce } from '../legal';
import { notify } from '../notifications';
import * as repo from './assessments.repo';
import { presentAssessment, presentSummary, writeAction } from './assessments.present';

/** Today in Vietnam. */
export function today(ctx: Ctx): string {
  return vnDay(ctx.clock());
}

export async function listAssessments(ctx: Ctx, q: ListAssessmentsQuery): Promise<AssessmentList> {
  const day = today(ctx);
  const { items, total } = await repo.listAssessments(ctx, q);
  const statuses = await repo.listStatuses(ctx, items.map((r) => r.assessment.id));
  const byId = new Map<string, (ItemStatus | null)[]>();
  for (const s of statuses) byId.set(s.assessmentId, [...(byId.get(s.assessmentId) ?? []), s.status]);
  return { items: items.map((r) => presentSummary(r, byId.get(r.assessment.id) ?? [], day)), total };
}

export async function getAssessment(ctx: Ctx, id: string): Promise<Assessment> {
  const row = await repo.findAssessment(ctx, id);
  if (!row) throw notFound();
  return presentAssessment(ctx, row, today(ctx));
}

function assertNotFuture(ctx: Ctx, performedOn: string | null | undefined): void {
  if (performedOn && performedOn > today(ctx)) throw fieldError('performedOn', 'errors.assessments.performedInFuture', { date: performedOn });
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = 'cause' in e ? e.cause : undefined) {
    if ('code' in e && e.code === '23505') return true;
  }
  return false;
}

/**
 * Opens a draft for a system's approved level, with the requirement list of the catalogue of the
 * regime it was approved under. The unit's officer or head opens a self-assessment; the authority's
 * appraiser opens an inspection.
 */
export async function createAssessment(ctx: Ctx, body: CreateAssessmentBody): Promise<Assessment> {
  const found = await repo.findSystem(ctx, body.systemId);
  if (!found) throw notFound();
  authorize(ctx, writeAction(body.kind), { orgPath: found.orgPath });
  const system = found.system;
  if (system.approvedLevel === null) throw new AppError('invalid_state', 'errors.assessments.notApproved', { system: system.name });
  assertNotFuture(ctx, body.performedOn);
  const level = system.approvedLevel;
  const regime = system.approvedRegime ?? (await regimeInForce(ctx));
  const catalogue = await repo.catalogueFor(ctx, regime, today(ctx));
  if (!catalogue) throw new AppError('invalid_state', 'errors.assessments.noCatalogue', { level });
  const list = await repo.listRequirements(ctx, catalogue.code, level);
  if (list.length === 0) throw new AppError('invalid_state', 'errors.assessments.noCatalogue', { level });
  const id = uuidv7();
  const userId = principalUserId(ctx.principal);
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    try {
      await tx.db.insert(assessments).values({
        id,
        orgId: system.orgId,
        systemId: system.id,
        kind: body.kind,
        catalogue: catalogue.code,
        regime,
        level,
        performedOn: body.performedOn ?? null,
        performerKind: body.performerKind ?? (body.kind === 'inspection' ? 'mps' : null),
        inspectionKind: body.inspectionKind ?? null,
        triggerKind: body.triggerKind ?? null,
        testForm: body.testForm ?? null,
        independentOfOperator: body.independentOfOperator ?? null,
        conclusion: body.conclusion ?? null,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', 'errors.assessments.draftExists', { system: system.name });
      throw err;
    }
    await tx.db.insert(assessmentItems).values(list.map((q) => ({ assessmentId: id, requirementId: q.id, orgId: system.orgId, updatedAt: now })));
    await record(tx, {
      action: 'assessment.created',
      entityType: 'assessment',
      entityId: id,
      orgId: system.orgId,
      after: { systemId: system.id, kind: body.kind, catalogue: catalogue.code, regime, level, items: list.length },
    });
  });
  return getAssessment(ctx, id);
}

/** A draft the actor may write, locked; a completed one answers 409. */
async function editableDraft(tx: Ctx, row: repo.AssessmentWithNames): Promise<void> {
  authorize(tx, writeAction(row.assessment.kind), { orgPath: row.orgPath });
  const locked = await repo.lockAssessment(tx, row.assessment.id);
  if (!locked) throw notFound();
  if (locked.state !== 'draft') throw new AppError('invalid_state', 'errors.assessments.completed');
}

const DETAIL_KEYS = ['performerKind', 'inspectionKind', 'triggerKind', 'testForm', 'independentOfOperator', 'performedOn', 'conclusion'] as const;

/** Edits a draft: its details and any number of items (status, note, remediation) in one go. */
export async function updateAssessment(ctx: Ctx, id: string, body: UpdateAssessmentBody): Promise<Assessment> {
  const row = await repo.findAssessment(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, writeAction(row.assessment.kind), { orgPath: row.orgPath });
  assertNotFuture(ctx, body.performedOn);
  const seen = new Set<string>();
  for (const item of body.items ?? []) {
    if (seen.has(item.requirementId)) throw fieldError('items', 'errors.assessments.duplicateItem', { id: item.requirementId });
    seen.add(item.requirementId);
  }
  await withTx(ctx, async (tx) => {
    await editableDraft(tx, row);
    const now = tx.clock();
    const userId = principalUserId(tx.principal);
    const set: Partial<AssessmentRow> = { updatedAt: now };
    const changedDetails: Record<string, unknown> = {};
    for (const k of DETAIL_KEYS) {
      if (body[k] !== undefined) {
        Object.assign(set, { [k]: body[k] });
        changedDetails[k] = body[k];
      }
    }
    await tx.db.update(assessments).set(set).where(eq(assessments.id, id));
    const changedItems: Record<string, unknown>[] = [];
    for (const item of body.items ?? []) {
      const itemSet: Partial<AssessmentItemRow> = { updatedAt: now, updatedBy: userId };
      if (item.status !== undefined) itemSet.status = item.status;
      if (item.note !== undefined) itemSet.note = item.note || null;
      if (item.remediation !== undefined) itemSet.remediation = item.remediation || null;
      if (item.remediationDue !== undefined) itemSet.remediationDue = item.remediationDue;
      const done = await tx.db
        .update(assessmentItems)
        .set(itemSet)
        .where(and(eq(assessmentItems.assessmentId, id), eq(assessmentItems.requirementId, item.requirementId)))
        .returning({ id: assessmentItems.requirementId });
      // A requirement outside this assessment's list: refused, and the transaction undoes the rest.
      if (done.length === 0) throw fieldError('items', 'errors.assessments.unknownRequirement', { id: item.requirementId });
      changedItems.push({ ...item });
    }
    await record(tx, {
      action: 'assessment.updated',
      entityType: 'assessment',
      entityId: id,
      orgId: row.assessment.orgId,
      after: { ...changedDetails, items: changedItems },
    });
  });
  return getAssessment(ctx, id);
}

/**
 * Completes a draft: every item must have a status; the score is computed, the next assessment's
 * date follows the level's period (assessment_schedules), and the record is frozen. An inspection
 * is announced to the unit.
 */
export async function completeAssessment(ctx: Ctx, id: string, body: CompleteAssessmentBody): Promise<Assessment> {
  const row = await repo.findAssessment(ctx, id);
  if (!row) throw notFound();
  const a = row.assessment;
  authorize(ctx, writeAction(a.kind), { orgPath: row.orgPath });
  assertNotFuture(ctx, body.performedOn);
  const schedule = await repo.findScheduleFor(ctx, a.regime, a.level);
  await withTx(ctx, async (tx) => {
    await editableDraft(tx, row);
    const unanswered = await repo.countUnanswered(tx, id);
    if (unanswered > 0) throw new AppError('invalid_state', 'errors.assessments.unanswered', { count: unanswered });
    const items = await repo.listItems(tx, id);
    const score = assessmentScore(items.map((i) => i.item.status));
    const now = tx.clock();
    const performedOn = body.performedOn ?? a.performedOn ?? vnDay(now);
    const nextDueOn = schedule ? addMonths(performedOn, schedule.months) : null;
    const conclusion = body.conclusion === undefined ? a.conclusion : body.conclusion;
    await tx.db
      .update(assessments)
      .set({ state: 'completed', score, performedOn, nextDueOn, conclusion, completedAt: now, completedBy: principalUserId(tx.principal), updatedAt: now })
      .where(and(eq(assessments.id, id), eq(assessments.state, 'draft')));
    await record(tx, {
      action: 'assessment.completed',
      entityType: 'assessment',
      entityId: id,
      orgId: a.orgId,
      after: { kind: a.kind, score, performedOn, nextDueOn, months: schedule?.months ?? null },
    });
    if (a.kind === 'inspection') {
      await notify(tx, {
        action: 'assessment.perform',
        orgId: a.orgId,
        orgPath: row.orgPath,
        kind: 'assessment.inspectionCompleted',
        subjectType: 'assessment',
        subjectId: id,
        // Dates in messages read the Vietnamese way (dd/mm/yyyy).
        params: { system: row.systemName, score: score === null ? '—' : score, date: performedOn.split('-').reverse().join('/') },
        link: `/assessments/${id}`,
      });
    }
  });
  return getAssessment(ctx, id);
}
