import type { Dossier, DossierSummary } from '@shared/api/dossiers';
import { DossierSections } from '@shared/api/dossiers';
import { EDITABLE_STATES, SECURITY_PLAN_PARTS } from '@shared/domain/dossiers';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { DossierRow } from '../../db/schema';
import * as repo from './dossiers.repo';
import * as rules from './dossiers.rules';

/** A version's stored sections, read back through the schema (unknown keys dropped). */
export function sectionsOf(value: unknown): DossierSections {
  const parsed = DossierSections.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** The sections still empty; the specialised unit's opinion is required from level 4 (Decree 331 Art 21.5). */
export function missingSections(s: DossierSections, level: number | null, hasOpinionFile = false): string[] {
  const missing: string[] = [];
  for (const key of ['overview', 'design', 'level_rationale'] as const) if (!s[key]?.trim()) missing.push(key);
  for (const part of SECURITY_PLAN_PARTS) if (!s.security_plan?.[part]?.trim()) missing.push(`security_plan.${part}`);
  if (level !== null && level >= 4 && !s.specialised_opinion?.trim() && !hasOpinionFile) missing.push('specialised_opinion');
  return missing;
}

function isOverdue(d: DossierRow, today: string): boolean {
  if (d.dueOn && d.dueOn < today) return true;
  return !!d.directiveDueOn && d.directiveDueOn < today && !['approved', 'rejected', 'withdrawn'].includes(d.state);
}

export function presentSummary(r: { dossier: DossierRow; orgName: string; systemName: string; systemCode: string }, today: string): DossierSummary {
  const d = r.dossier;
  return {
    id: d.id,
    orgId: d.orgId,
    orgName: r.orgName,
    systemId: d.systemId,
    systemName: r.systemName,
    systemCode: r.systemCode,
    regime: d.regime,
    state: d.state,
    form08Status: rules.form08Status(d.state),
    proposedLevel: d.proposedLevel,
    approvedLevel: d.approvedLevel,
    currentVersion: d.currentVersion,
    receivedAt: d.receivedAt?.toISOString() ?? null,
    clock: d.clock,
    dueOn: d.dueOn,
    directiveDueOn: d.directiveDueOn,
    isOverdue: isOverdue(d, today),
    decisionNo: d.decisionNo,
    decisionDate: d.decisionDate,
    supersededBy: d.supersededBy,
    supersededAt: d.supersededAt?.toISOString() ?? null,
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The whole dossier as its reader sees it, with what they may do next. */
export async function presentDossier(ctx: Ctx, row: repo.DossierWithNames, today: string): Promise<Dossier> {
  const d = row.dossier;
  const [versions, comments, events, attachments, current] = await Promise.all([
    repo.listVersions(ctx, d.id),
    repo.listComments(ctx, d.id),
    repo.listEvents(ctx, d.id),
    repo.listAttachments(ctx, d.id),
    repo.findVersion(ctx, d.id, d.currentVersion),
  ]);
  const sections = sectionsOf(current?.sections);
  const holds = (a: Parameters<typeof can>[1]) => can(ctx, a, { orgPath: row.orgPath });
  const editable = EDITABLE_STATES.includes(d.state);
  const hasOpinionFile = attachments.some((a) => a.version === d.currentVersion && a.section === 'specialised_opinion');
  const facts: rules.DossierFacts = {
    state: d.state,
    proposedLevel: d.proposedLevel,
    sectionsComplete: true,
    hasSpecialisedOpinion: true,
    headEndorsed: d.headEndorsedVersion === d.currentVersion,
    regulationIssuedOn: d.regulationIssuedOn,
    appraiserIsOperator: false,
  };
  const appraises = holds('dossier.appraise');
  return {
    ...presentSummary(row, today),
    sections,
    frozen: !!current?.frozenAt,
    regulationNo: d.regulationNo,
    regulationIssuedOn: d.regulationIssuedOn,
    appraisalOpinion: d.appraisalOpinion,
    appraisalCouncil: d.appraisalCouncil,
    headEndorsedVersion: d.headEndorsedVersion,
    versions: versions.map((v) => ({ version: v.version, frozenAt: v.frozenAt?.toISOString() ?? null, proposedLevel: v.proposedLevel })),
    comments: comments.map((c) => ({
      id: c.comment.id,
      version: c.version,
      section: c.comment.section,
      body: c.comment.body,
      authorName: c.authorName,
      createdAt: c.comment.createdAt.toISOString(),
      resolvedAt: c.comment.resolvedAt?.toISOString() ?? null,
    })),
    events: events.map((e) => ({
      id: e.event.id,
      transition: e.event.transition,
      fromState: e.event.fromState,
      toState: e.event.toState,
      version: e.event.version,
      note: e.event.note,
      dueOn: e.event.dueOn,
      actorName: e.actorName,
      at: e.event.at.toISOString(),
    })),
    attachments: attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    missingSections: missingSections(sections, d.proposedLevel, hasOpinionFile),
    can: {
      edit: editable && holds('dossier.prepare'),
      endorse: editable && holds('dossier.submit') && d.headEndorsedVersion !== d.currentVersion,
      comment: ['submitted', 'under_appraisal', 'submitted_for_approval'].includes(d.state) && holds('dossier.appraise'),
      // Guards (missing sections, the regulation…) are explained when the button is pressed.
      transitions: rules.availableTransitions(facts, { holds }, ctx.config.dossierSubmitMode),
      councilRequired: appraises && d.state === 'under_appraisal' && (await repo.actsOnOwnUnit(ctx, row.orgPath)),
    },
  };
}
