/**
 * The rule data of assessments — requirement catalogues, requirements per level, periods — read by
 * everyone and corrected by a province administrator (audited), and the list of systems whose periodic
 * assessment is due.
 */
import type {
  AssessmentSchedule,
  AssessmentScheduleList,
  DueList,
  DueQuery,
  Requirement,
  RequirementCatalogueList,
  RequirementList,
  RequirementsQuery,
  UpdateRequirementBody,
  UpdateScheduleBody,
} from '@shared/api/assessments';
import { dueStatus } from '@shared/domain/assessments';
import { AssessmentKind } from '@shared/api/assessments';
import { Regime } from '@shared/api/classification';
import type { Regime as RegimeCode } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound, unauthenticated } from '../../http/errors';
import { grantRoots } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import type { AssessmentScheduleRow, RequirementRow } from '../../db/schema';
import { regimeInForce } from '../legal';
import * as repo from './assessments.repo';
import { today } from './assessments.service';

const presentRequirement = (r: RequirementRow): Requirement => ({ ...r, updatedAt: r.updatedAt.toISOString() });
const presentSchedule = (r: AssessmentScheduleRow): AssessmentSchedule => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export async function listCatalogues(ctx: Ctx): Promise<RequirementCatalogueList> {
  const items = (await repo.listCatalogues(ctx)).map(({ updatedAt: _u, ...c }) => c);
  return { items, total: items.length };
}

/** The checklist of a catalogue (default: the one of the regime in force) at a level (default: all). */
export async function listRequirements(ctx: Ctx, q: RequirementsQuery): Promise<RequirementList> {
  const catalogue = q.catalogue ?? (await repo.catalogueFor(ctx, await regimeInForce(ctx), today(ctx)))?.code;
  if (q.catalogue && !(await repo.findCatalogue(ctx, q.catalogue))) throw fieldError('catalogue', 'errors.assessments.unknownCatalogue', { catalogue: q.catalogue });
  const items = (await repo.listRequirements(ctx, catalogue, q.level)).map(presentRequirement);
  return { items, total: items.length };
}

export async function listSchedules(ctx: Ctx): Promise<AssessmentScheduleList> {
  const items = (await repo.listSchedules(ctx)).map(presentSchedule);
  return { items, total: items.length };
}

/** Rule data applies to the whole province: 'legal.manage' must be held at the top of the tree. */
function assertProvinceWide(ctx: Ctx): void {
  if (!ctx.principal) throw unauthenticated();
  const topLevel = grantRoots(ctx.principal, 'legal.manage').some((path) => path.split('/').filter(Boolean).length <= 1);
  if (!topLevel) throw new AppError('forbidden', 'errors.legal.provinceAdminOnly');
}

/** Corrects a requirement: its texts, reference, level range or verification. */
export async function updateRequirement(ctx: Ctx, id: string, body: UpdateRequirementBody): Promise<Requirement> {
  assertProvinceWide(ctx);
  const before = await repo.findRequirement(ctx, id);
  if (!before) throw notFound();
  const minLevel = body.minLevel ?? before.minLevel;
  const maxLevel = body.maxLevel ?? before.maxLevel;
  if (minLevel > maxLevel) throw fieldError('maxLevel', 'errors.legal.levelRange', { levelMin: minLevel, levelMax: maxLevel });
  return withTx(ctx, async (tx) => {
    const after = await repo.updateRequirement(tx, id, { ...body, updatedAt: tx.clock(), updatedBy: principalUserId(tx.principal) });
    if (!after) throw notFound();
    await record(tx, { action: 'assessment.requirement_updated', entityType: 'requirement', entityId: id, before, after });
    return presentRequirement(after);
  });
}

/** Corrects the period of a level range: months, external body, reference, verification. */
export async function updateSchedule(ctx: Ctx, regime: RegimeCode, levelMin: number, body: UpdateScheduleBody): Promise<AssessmentSchedule> {
  assertProvinceWide(ctx);
  const before = await repo.findSchedule(ctx, regime, levelMin);
  if (!before) throw notFound();
  return withTx(ctx, async (tx) => {
    const after = await repo.updateSchedule(tx, regime, levelMin, { ...body, updatedAt: tx.clock() });
    if (!after) throw notFound();
    await record(tx, { action: 'assessment.schedule_updated', entityType: 'assessment_schedule', entityId: `${regime}/${levelMin}`, before, after });
    return presentSchedule(after);
  });
}

/** A system due for its periodic assessment, with its unit's path (for the figures' roll-up). */
export type DueSystemWithPath = DueList['items'][number] & { orgPath: string };

/**
 * Every approved system in scope (of `orgId`'s subtree) never assessed, overdue, or due within
 * `withinDays` — most urgent first. The one definition of "due" the assessments list and the
 * figures page both read.
 */
export async function listDueSystems(ctx: Ctx, q: Pick<DueQuery, 'orgId' | 'withinDays'>): Promise<DueSystemWithPath[]> {
  const day = today(ctx);
  const until = new Date(`${day}T00:00:00Z`);
  until.setUTCDate(until.getUTCDate() + q.withinDays);
  const rows = await repo.listDue(ctx, q, until.toISOString().slice(0, 10), await regimeInForce(ctx));
  return rows.map((r) => {
    const nextDueOn = r.next_due_on === null ? null : String(r.next_due_on);
    return {
      orgPath: String(r.org_path),
      systemId: String(r.system_id),
      systemName: String(r.system_name),
      systemCode: String(r.system_code),
      orgId: String(r.org_id),
      orgName: String(r.org_name),
      approvedLevel: Number(r.approved_level),
      regime: Regime.parse(r.regime),
      lastAssessedOn: r.last_assessed_on === null ? null : String(r.last_assessed_on),
      lastKind: r.last_kind === null ? null : AssessmentKind.parse(r.last_kind),
      nextDueOn,
      status: dueStatus(nextDueOn, day, q.withinDays) ?? 'due_soon',
      externalRequired: r.external_required === true,
    };
  });
}

/** Counts of due systems by status. */
export function countDue(items: readonly { status: DueList['items'][number]['status'] }[]): DueList['counts'] {
  const counts = { never: 0, overdue: 0, dueSoon: 0 };
  for (const s of items) {
    if (s.status === 'never') counts.never += 1;
    else if (s.status === 'overdue') counts.overdue += 1;
    else counts.dueSoon += 1;
  }
  return counts;
}

/** Approved systems never assessed, overdue, or due within `withinDays` — most urgent first. */
export async function listDue(ctx: Ctx, q: DueQuery): Promise<DueList> {
  const all = (await listDueSystems(ctx, q)).map(({ orgPath: _p, ...s }) => s);
  return { items: all.slice(0, q.limit), total: all.length, counts: countDue(all) };
}
