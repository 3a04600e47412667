/**
 * Level dossiers: a unit prepares one for a system, sends it to the provincial police, the police
 * check it, appraise it, send it back with comments or on for approval, and the approval decision
 * sets the system's approved level. The state machine is dossiers.rules.ts; this file gathers the
 * facts, applies the decision in one transaction with its audit row, event and notifications.
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { CreateCommentBody, CreateDossierBody, Dossier, DossierList, DossierSections, ListDossiersQuery, TransitionBody, UpdateDossierBody } from '@shared/api/dossiers';
import { EDITABLE_STATES, type DossierState, type DossierTransition } from '@shared/domain/dossiers';
import { vnDay, dueDate } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, notFound } from '../../http/errors';
import { translator } from '../../http/i18n';
import { authorize, can } from '../../authz/scope';
import type { Action } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { dossierComments, dossierEvents, dossierVersions, dossiers, informationSystems, type DossierRow } from '../../db/schema';
import { loadCalendar, regimeInForce } from '../legal';
import { notify } from '../notifications';
import * as repo from './dossiers.repo';
import * as rules from './dossiers.rules';
import { presentDossier, presentSummary, sectionsOf, missingSections } from './dossiers.present';

/** Today in Vietnam, the day legal periods are counted in. */
export function today(ctx: Ctx): string {
  return vnDay(ctx.clock());
}

export async function listDossiers(ctx: Ctx, q: ListDossiersQuery): Promise<DossierList> {
  const day = today(ctx);
  const { items, total } = await repo.listDossiers(ctx, q, day);
  return { items: items.map((r) => presentSummary(r, day)), total };
}

export async function getDossier(ctx: Ctx, id: string): Promise<Dossier> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  return presentDossier(ctx, row, today(ctx));
}

/** The written content of one version (a frozen one is what the police received). */
export async function getVersion(ctx: Ctx, id: string, version: number) {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  const v = await repo.findVersion(ctx, id, version);
  if (!v) throw notFound();
  return { version: v.version, sections: sectionsOf(v.sections), frozenAt: v.frozenAt?.toISOString() ?? null, proposedLevel: v.proposedLevel };
}

/** The level-rationale text a classification gives: each matched criterion with its article. */
function rationaleFrom(ctx: Ctx, level: number | null, result: unknown): string {
  const t = translator(ctx.locale);
  const lines: string[] = [];
  if (level !== null) lines.push(t('dossiers.rationale.proposed', { level }));
  const matched = result && typeof result === 'object' && 'matched' in result && Array.isArray(result.matched) ? result.matched : [];
  for (const m of matched) {
    if (m && typeof m === 'object' && 'legalRef' in m && 'level' in m) {
      const text = ctx.locale === 'en' ? ('textEn' in m ? m.textEn : '') : 'textVi' in m ? m.textVi : '';
      lines.push(`- ${String(m.legalRef)} (${t('dossiers.rationale.level', { level: Number(m.level) })}): ${String(text)}`);
    }
  }
  return lines.join('\n');
}

/** Opens a draft dossier for a system; its level and rationale come from the system's classification. */
export async function createDossier(ctx: Ctx, body: CreateDossierBody): Promise<Dossier> {
  const found = await repo.findSystem(ctx, body.systemId, 'system.read');
  if (!found) throw notFound();
  authorize(ctx, 'dossier.prepare', { orgPath: found.orgPath });
  const system = found.system;
  const regime = body.regime ?? (await regimeInForce(ctx, ctx.clock()));
  const classification = await repo.latestClassification(ctx, system.id, regime);
  const level = classification?.level ?? (system.regime === regime ? system.proposedLevel : null);
  const sections: DossierSections = { level_rationale: classification ? rationaleFrom(ctx, classification.level, classification.result) : undefined };
  const id = uuidv7();
  const userId = ctx.principal ? principalUserId(ctx.principal) : null;
  await withTx(ctx, async (tx) => {
    try {
      await tx.db.insert(dossiers).values({
        id,
        orgId: system.orgId,
        systemId: system.id,
        regime,
        proposedLevel: level,
        directiveDueOn: body.directiveDueOn ?? null,
        createdBy: userId,
        createdAt: tx.clock(),
        updatedAt: tx.clock(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', 'errors.dossiers.openExists', { system: system.name });
      throw err;
    }
    await tx.db.insert(dossierVersions).values({ id: uuidv7(), dossierId: id, orgId: system.orgId, version: 1, sections, proposedLevel: level, createdBy: userId });
    await record(tx, { action: 'dossier.created', entityType: 'dossier', entityId: id, orgId: system.orgId, after: { systemId: system.id, regime, proposedLevel: level } });
  });
  return getDossier(ctx, id);
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = 'cause' in e ? e.cause : undefined) {
    if ('code' in e && e.code === '23505') return true;
  }
  return false;
}

function mergeSections(before: DossierSections, patch: DossierSections): DossierSections {
  return { ...before, ...patch, security_plan: { ...before.security_plan, ...patch.security_plan } };
}

/** Edits the current version while the dossier is with its unit; a sent version is frozen. */
export async function updateDossier(ctx: Ctx, id: string, body: UpdateDossierBody): Promise<Dossier> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'dossier.prepare', { orgPath: row.orgPath });
  const d = row.dossier;
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockDossier(tx, id);
    if (!locked) throw notFound();
    const regulationOnly = body.sections === undefined && body.directiveDueOn === undefined;
    // The internal regulation can be recorded at any step before approval; the content only while editable.
    if (!EDITABLE_STATES.includes(locked.state) && !(regulationOnly && locked.state !== 'approved')) throw notEditable(ctx, locked.state);
    const version = await repo.findVersion(tx, id, locked.currentVersion);
    if (!version) throw notFound();
    if (body.sections) {
      const sections = mergeSections(sectionsOf(version.sections), body.sections);
      await tx.db.update(dossierVersions).set({ sections, updatedAt: tx.clock() }).where(eq(dossierVersions.id, version.id));
    }
    const set: Partial<DossierRow> = { updatedAt: tx.clock() };
    if (body.regulationNo !== undefined) set.regulationNo = body.regulationNo;
    if (body.regulationIssuedOn !== undefined) set.regulationIssuedOn = body.regulationIssuedOn;
    if (body.directiveDueOn !== undefined) set.directiveDueOn = body.directiveDueOn;
    // Any edit of the content needs a fresh endorsement by the head.
    if (body.sections) set.headEndorsedVersion = null;
    await tx.db.update(dossiers).set(set).where(eq(dossiers.id, id));
    await record(tx, {
      action: 'dossier.updated',
      entityType: 'dossier',
      entityId: id,
      orgId: d.orgId,
      before: { regulationNo: d.regulationNo, regulationIssuedOn: d.regulationIssuedOn, directiveDueOn: d.directiveDueOn },
      after: { ...body, version: locked.currentVersion },
    });
  });
  return getDossier(ctx, id);
}

function notEditable(ctx: Ctx, state: DossierState): AppError {
  const t = translator(ctx.locale);
  return new AppError('invalid_state', 'errors.dossiers.notEditable', { state: t(`dossierStates.${state}`) });
}

/** The head of the unit endorses the current version, so that the officer may send it. */
export async function endorseDossier(ctx: Ctx, id: string): Promise<Dossier> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'dossier.submit', { orgPath: row.orgPath });
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockDossier(tx, id);
    if (!locked) throw notFound();
    if (!EDITABLE_STATES.includes(locked.state)) throw notEditable(ctx, locked.state);
    await tx.db
      .update(dossiers)
      .set({ headEndorsedVersion: locked.currentVersion, headEndorsedBy: principalUserId(tx.principal), updatedAt: tx.clock() })
      .where(eq(dossiers.id, id));
    await record(tx, { action: 'dossier.endorsed', entityType: 'dossier', entityId: id, orgId: row.dossier.orgId, after: { version: locked.currentVersion } });
    await notify(tx, {
      action: 'dossier.prepare',
      orgId: row.dossier.orgId,
      orgPath: row.orgPath,
      kind: 'dossierEndorsed',
      subjectType: 'dossier',
      subjectId: id,
      params: { system: row.systemName },
      link: `/dossiers/${id}`,
    });
  });
  return getDossier(ctx, id);
}

/** The translated list of who may act next, for a 409 or 403. */
function whoMayAct(ctx: Ctx, actions: readonly Action[]): string {
  const t = translator(ctx.locale);
  return actions.map((a) => t(`dossiers.actors.${a.replace('dossier.', '')}`)).join(t('dossiers.actors.or'));
}

function refusalError(ctx: Ctx, refusal: rules.Refusal): AppError {
  const t = translator(ctx.locale);
  if (refusal.kind === 'guard') {
    const key = `errors.dossiers.guard.${refusal.key}`;
    if (refusal.field) return new AppError('validation', 'errors.validation', {}, { [refusal.field]: { key } });
    return new AppError('invalid_state', key);
  }
  const params = { state: t(`dossierStates.${refusal.state}`), who: refusal.mayAct.length ? whoMayAct(ctx, refusal.mayAct) : t('dossiers.actors.nobody') };
  return refusal.kind === 'invalid_state'
    ? new AppError('invalid_state', 'errors.dossiers.invalidTransition', params)
    : new AppError('forbidden', 'errors.dossiers.notYourStep', params);
}

function isSectionsComplete(sections: DossierSections): boolean {
  return missingSections(sections, null).length === 0;
}

/** Who is told of a transition: the other side of the procedure. */
const NOTIFY: Record<DossierTransition, Action> = {
  submit: 'dossier.appraise',
  withdraw: 'dossier.appraise',
  accept: 'dossier.prepare',
  return_incomplete: 'dossier.prepare',
  return_for_revision: 'dossier.prepare',
  appraise: 'dossier.prepare',
  submit_for_approval: 'dossier.approve',
  approve: 'dossier.prepare',
  reject: 'dossier.prepare',
};

/** Moves a dossier one step of the procedure, if the state, the role and the law allow it. */
export async function transitionDossier(ctx: Ctx, id: string, t: DossierTransition, body: TransitionBody): Promise<Dossier> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  const calendar = await loadCalendar(ctx);
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockDossier(tx, id);
    if (!locked) throw notFound();
    const d = { ...row.dossier, state: locked.state, currentVersion: locked.currentVersion };
    const version = await repo.findVersion(tx, id, d.currentVersion);
    if (!version) throw notFound();
    const sections = sectionsOf(version.sections);
    const system = await repo.findSystem(tx, d.systemId, 'dossier.read');
    const proposedLevel = system?.system.regime === d.regime ? system.system.proposedLevel : d.proposedLevel;
    const attachments = await repo.listAttachments(tx, id);
    const facts: rules.DossierFacts = {
      state: d.state,
      proposedLevel: proposedLevel ?? null,
      sectionsComplete: isSectionsComplete(sections),
      hasSpecialisedOpinion: !!sections.specialised_opinion?.trim() || attachments.some((a) => a.version === d.currentVersion && a.section === 'specialised_opinion'),
      headEndorsed: d.headEndorsedVersion === d.currentVersion,
      regulationIssuedOn: d.regulationIssuedOn,
      appraiserIsOperator: t === 'appraise' && (await repo.actsOnOwnUnit(tx, row.orgPath)),
    };
    const actor: rules.Actor = { holds: (a) => can(tx, a, { orgPath: row.orgPath }) };
    const decision = rules.decide(facts, t, actor, tx.config.dossierSubmitMode, {
      note: body.note,
      commentCount: await repo.countComments(tx, version.id),
      approvedLevel: body.approvedLevel,
      decisionDate: body.decisionDate,
      hasCouncil: !!body.council,
    });
    if (!decision.ok) throw refusalError(tx, decision.refusal);
    if (t === 'approve' && !body.decisionNo) throw new AppError('validation', 'errors.validation', {}, { decisionNo: { key: 'validation.required' } });

    const now = tx.clock();
    const set: Partial<DossierRow> = { state: decision.to, updatedAt: now };
    const clock = rules.clockOf(decision.to);
    set.clock = clock;
    set.dueOn = null;
    const level = t === 'submit' ? (proposedLevel ?? null) : d.proposedLevel;
    if (clock && level !== null) {
      const deadline = await repo.findDeadline(tx, d.regime, clock, level);
      if (deadline) set.dueOn = dueDate(now, deadline, calendar);
    }
    switch (t) {
      case 'submit':
        // The version the police receive is frozen; the receipt starts the completeness clock.
        await tx.db.update(dossierVersions).set({ frozenAt: now, proposedLevel: level, updatedAt: now }).where(eq(dossierVersions.id, version.id));
        Object.assign(set, { receivedAt: now, proposedLevel: level });
        break;
      case 'accept':
        set.acceptedAt = now;
        break;
      case 'return_incomplete':
      case 'return_for_revision': {
        // The unit revises in a new version that starts as a copy of the one sent (text and files);
        // the one sent stays as it was received.
        const nextVersionId = uuidv7();
        await tx.db.insert(dossierVersions).values({
          id: nextVersionId,
          dossierId: id,
          orgId: d.orgId,
          version: d.currentVersion + 1,
          sections,
          proposedLevel: level,
          createdBy: principalUserId(tx.principal),
        });
        await repo.copyAttachments(tx, version.id, nextVersionId);
        Object.assign(set, { currentVersion: d.currentVersion + 1, headEndorsedVersion: null });
        break;
      }
      case 'appraise':
        Object.assign(set, { appraisedAt: now, appraisalOpinion: body.opinion ?? body.note ?? null, appraisalCouncil: body.council ?? null });
        break;
      case 'submit_for_approval':
        set.submittedForApprovalAt = now;
        break;
      case 'approve':
        // Re-determination: the system's earlier approval gives way to this one (kept as history).
        await supersedeEarlierApproval(tx, { id, systemId: d.systemId, decisionNo: body.decisionNo ?? '', now });
        Object.assign(set, {
          decidedAt: now,
          decidedBy: principalUserId(tx.principal),
          decisionNo: body.decisionNo,
          decisionDate: body.decisionDate,
          approvedLevel: body.approvedLevel,
        });
        await tx.db
          .update(informationSystems)
          .set({ approvedLevel: body.approvedLevel, approvedRegime: d.regime, approvedOn: body.decisionDate, updatedAt: now })
          .where(eq(informationSystems.id, d.systemId));
        break;
      case 'reject':
        Object.assign(set, { decidedAt: now, decidedBy: principalUserId(tx.principal) });
        break;
      case 'withdraw':
        break;
    }
    await tx.db.update(dossiers).set(set).where(and(eq(dossiers.id, id), eq(dossiers.state, d.state)));
    await tx.db.insert(dossierEvents).values({
      id: uuidv7(),
      dossierId: id,
      orgId: d.orgId,
      transition: t,
      fromState: d.state,
      toState: decision.to,
      version: d.currentVersion,
      note: body.note ?? body.opinion ?? null,
      dueOn: set.dueOn ?? null,
      actorId: principalUserId(tx.principal),
      at: now,
    });
    await record(tx, {
      action: `dossier.${t}`,
      entityType: 'dossier',
      entityId: id,
      orgId: d.orgId,
      before: { state: d.state, version: d.currentVersion },
      after: { state: decision.to, note: body.note ?? null, dueOn: set.dueOn ?? null, ...(t === 'approve' ? { approvedLevel: body.approvedLevel, decisionNo: body.decisionNo, decisionDate: body.decisionDate } : {}) },
    });
    await notify(tx, {
      action: NOTIFY[t],
      orgId: d.orgId,
      orgPath: row.orgPath,
      kind: `dossier.${t}`,
      subjectType: 'dossier',
      subjectId: id,
      params: { system: row.systemName, org: row.orgName, ...(t === 'approve' && body.approvedLevel ? { level: body.approvedLevel } : {}) },
      link: `/dossiers/${id}`,
    });
  });
  return getDossier(ctx, id);
}

/**
 * Marks the system's current approved dossier, if any, as superseded by the dossier being approved
 * (Decree 85 Art 14, Decree 331 Art 18/25: a level is determined again when the system changes or a
 * new regime applies). Runs before the new approval is written: one approved dossier per system.
 */
async function supersedeEarlierApproval(tx: Ctx, next: { id: string; systemId: string; decisionNo: string; now: Date }): Promise<void> {
  const earlier = await repo.approvedDossiersOf(tx, next.systemId);
  for (const old of earlier.filter((e) => e.id !== next.id)) {
    await tx.db
      .update(dossiers)
      .set({ state: 'superseded', supersededBy: next.id, supersededAt: next.now, updatedAt: next.now })
      .where(and(eq(dossiers.id, old.id), eq(dossiers.state, 'approved')));
    await tx.db.insert(dossierEvents).values({
      id: uuidv7(),
      dossierId: old.id,
      orgId: old.orgId,
      transition: 'supersede',
      fromState: 'approved',
      toState: 'superseded',
      version: old.currentVersion,
      note: next.decisionNo,
      dueOn: null,
      actorId: principalUserId(tx.principal),
      at: next.now,
    });
    await record(tx, {
      action: 'dossier.superseded',
      entityType: 'dossier',
      entityId: old.id,
      orgId: old.orgId,
      before: { state: 'approved', decisionNo: old.decisionNo },
      after: { state: 'superseded', supersededBy: next.id, byDecisionNo: next.decisionNo },
    });
  }
}

/** The appraiser's comment on a section of the version under appraisal. */
export async function addComment(ctx: Ctx, id: string, body: CreateCommentBody): Promise<Dossier> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'dossier.appraise', { orgPath: row.orgPath });
  if (!['submitted', 'under_appraisal', 'submitted_for_approval'].includes(row.dossier.state)) throw notEditable(ctx, row.dossier.state);
  await withTx(ctx, async (tx) => {
    const version = await repo.findVersion(tx, id, row.dossier.currentVersion);
    if (!version) throw notFound();
    const commentId = uuidv7();
    await tx.db.insert(dossierComments).values({
      id: commentId,
      dossierId: id,
      versionId: version.id,
      orgId: row.dossier.orgId,
      section: body.section,
      body: body.body,
      authorId: principalUserId(tx.principal),
      createdAt: tx.clock(),
    });
    await record(tx, { action: 'dossier.commented', entityType: 'dossier', entityId: id, orgId: row.dossier.orgId, after: { commentId, section: body.section, body: body.body } });
  });
  return getDossier(ctx, id);
}

