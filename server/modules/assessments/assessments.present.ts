import type { Assessment, AssessmentGroup, AssessmentSummary, Evidence } from '@shared/api/assessments';
import { assessmentScore, countStatuses, type ItemStatus, type RequirementFamily } from '@shared/domain/assessments';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { AssessmentRow } from '../../db/schema';
import * as repo from './assessments.repo';

/** The action that writes an assessment of this kind: the unit's own, or the authority's inspection. */
export function writeAction(kind: AssessmentRow['kind']) {
  return kind === 'self' ? ('assessment.perform' as const) : ('inspection.record' as const);
}

type SummaryRow = { assessment: AssessmentRow; orgName: string; systemName: string; systemCode: string; isLatest: boolean };

export function presentSummary(r: SummaryRow, statuses: readonly (ItemStatus | null)[], today: string): AssessmentSummary {
  const a = r.assessment;
  const completed = a.state === 'completed';
  return {
    id: a.id,
    orgId: a.orgId,
    orgName: r.orgName,
    systemId: a.systemId,
    systemName: r.systemName,
    systemCode: r.systemCode,
    kind: a.kind,
    state: a.state,
    catalogue: a.catalogue,
    regime: a.regime,
    level: a.level,
    performedOn: a.performedOn,
    performerKind: a.performerKind,
    score: completed ? (a.score === null ? null : Number(a.score)) : assessmentScore(statuses),
    nextDueOn: a.nextDueOn,
    isOverdue: completed && r.isLatest && a.nextDueOn !== null && a.nextDueOn < today,
    counts: countStatuses(statuses),
    createdAt: a.createdAt.toISOString(),
    completedAt: a.completedAt?.toISOString() ?? null,
  };
}

const FAMILY_ORDER: Record<RequirementFamily, number> = { management: 0, technical: 1, design: 2 };

const presentEvidence = (e: Awaited<ReturnType<typeof repo.listEvidence>>[number]): Evidence => ({ ...e, createdAt: e.createdAt.toISOString() });

/** The whole assessment: its checklist grouped by family and group, in the caller's language. */
export async function presentAssessment(ctx: Ctx, row: repo.AssessmentWithNames, today: string): Promise<Assessment> {
  const a = row.assessment;
  const [items, evidence, catalogue, schedule] = await Promise.all([
    repo.listItems(ctx, a.id),
    repo.listEvidence(ctx, a.id),
    repo.findCatalogue(ctx, a.catalogue),
    repo.findScheduleFor(ctx, a.regime, a.level),
  ]);
  const en = ctx.locale === 'en';
  const groups = new Map<string, AssessmentGroup>();
  const sorted = [...items].sort(
    (x, y) => FAMILY_ORDER[x.requirement.family] - FAMILY_ORDER[y.requirement.family] || x.requirement.sort - y.requirement.sort || x.requirement.code.localeCompare(y.requirement.code),
  );
  for (const { item, requirement: q } of sorted) {
    const key = `${q.family}/${q.groupCode}`;
    let group = groups.get(key);
    if (!group) {
      group = { family: q.family, groupCode: q.groupCode, groupName: en ? q.groupNameEn : q.groupNameVi, items: [] };
      groups.set(key, group);
    }
    group.items.push({
      requirementId: q.id,
      code: q.code,
      text: en ? q.textEn : q.textVi,
      legalRef: q.legalRef,
      verified: q.verified,
      status: item.status,
      note: item.note,
      remediation: item.remediation,
      remediationDue: item.remediationDue,
      evidence: evidence.filter((e) => e.requirementId === q.id).map(presentEvidence),
    });
  }
  const editable = a.state === 'draft' && can(ctx, writeAction(a.kind), { orgPath: row.orgPath });
  return {
    ...presentSummary(row, items.map((i) => i.item.status), today),
    catalogueName: catalogue ? (en ? catalogue.nameEn : catalogue.nameVi) : a.catalogue,
    inspectionKind: a.inspectionKind,
    triggerKind: a.triggerKind,
    testForm: a.testForm,
    independentOfOperator: a.independentOfOperator,
    conclusion: a.conclusion,
    schedule: schedule ? { months: schedule.months, externalRequired: schedule.externalRequired, legalRef: schedule.legalRef, verified: schedule.verified } : null,
    groups: [...groups.values()],
    evidence: evidence.filter((e) => e.requirementId === null).map(presentEvidence),
    createdByName: row.createdByName,
    completedByName: row.completedByName,
    can: { edit: editable, complete: editable },
  };
}
