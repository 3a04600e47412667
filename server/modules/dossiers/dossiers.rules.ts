/**
 * The level-dossier state machine: which transition leads where, who may take it, and the legal
 * guards on it. Pure: the service gathers the facts, this file decides. Legal reference:
 * ../shared/domain/legal-framework.md §10.5 (Decree 85 Art 14–17; Decree 331 Art 20–25; Circular 12
 * Art 9.7 and Decree 331 Art 30.6 for the internal security regulation).
 */
import type { DossierState, DossierTransition, Form08Status } from '@shared/domain/dossiers';
import type { Action } from '../../authz/policies';

/** Who sends a unit's dossier: its head, or its security officer once the head has endorsed the version. */
export type SubmitMode = 'head' | 'officer_with_head_endorsement';

interface TransitionRule {
  from: readonly DossierState[];
  to: DossierState;
  /** The action the actor must hold on the dossier's organisation. */
  action: Action;
  /** The side that acts: the unit that prepares the dossier, or the security authority. */
  side: 'unit' | 'authority';
}

export const TRANSITIONS: Record<DossierTransition, TransitionRule> = {
  submit: { from: ['draft', 'returned_incomplete', 'returned_for_revision'], to: 'submitted', action: 'dossier.submit', side: 'unit' },
  // Completeness check (Decree 331 Art 23: incomplete → guidance within 5 working days).
  accept: { from: ['submitted'], to: 'under_appraisal', action: 'dossier.appraise', side: 'authority' },
  return_incomplete: { from: ['submitted'], to: 'returned_incomplete', action: 'dossier.appraise', side: 'authority' },
  return_for_revision: { from: ['under_appraisal', 'submitted_for_approval'], to: 'returned_for_revision', action: 'dossier.appraise', side: 'authority' },
  // Appraisal opinion "suitable" (Form 04).
  appraise: { from: ['under_appraisal'], to: 'appraised', action: 'dossier.appraise', side: 'authority' },
  // Submission for approval (Form 05, Tờ trình).
  submit_for_approval: { from: ['appraised'], to: 'submitted_for_approval', action: 'dossier.appraise', side: 'authority' },
  // Approval decision (Form 06) or refusal.
  approve: { from: ['submitted_for_approval'], to: 'approved', action: 'dossier.approve', side: 'authority' },
  reject: { from: ['submitted_for_approval'], to: 'rejected', action: 'dossier.approve', side: 'authority' },
  withdraw: { from: ['draft', 'submitted', 'returned_incomplete', 'returned_for_revision'], to: 'withdrawn', action: 'dossier.submit', side: 'unit' },
};

/** The approver may also send a dossier back for revision from the approval step. */
function actionFor(t: DossierTransition, state: DossierState): Action {
  if (t === 'return_for_revision' && state === 'submitted_for_approval') return 'dossier.approve';
  return TRANSITIONS[t].action;
}

/** What the service knows about the dossier when someone asks to move it. */
export interface DossierFacts {
  state: DossierState;
  /** The level proposed in the current version (from the system's classification). */
  proposedLevel: number | null;
  /** Every required section of the current version has content. */
  sectionsComplete: boolean;
  /** Levels 4–5: the specialised unit's professional opinion is in the dossier (Decree 331 Art 21.5). */
  hasSpecialisedOpinion: boolean;
  /** The head of the unit has endorsed the current version (for SubmitMode officer_with_head_endorsement). */
  headEndorsed: boolean;
  /** Date the system's internal security regulation (quy chế) was issued, if it has been. */
  regulationIssuedOn: string | null;
  /** The appraiser's own unit operates the system (conflict of interest → independent council). */
  appraiserIsOperator: boolean;
}

/** What the actor brings: the actions they hold on the dossier's organisation. */
export interface Actor {
  holds: (action: Action) => boolean;
}

/** Extra input some transitions need. */
export interface TransitionInput {
  note?: string | null;
  commentCount?: number;
  approvedLevel?: number;
  decisionDate?: string;
  hasCouncil?: boolean;
}

export type Refusal =
  | { kind: 'invalid_state'; state: DossierState; mayAct: Action[] }
  | { kind: 'forbidden'; state: DossierState; mayAct: Action[] }
  | { kind: 'guard'; key: GuardKey; field?: string };

export type GuardKey =
  | 'notClassified'
  | 'sectionsIncomplete'
  | 'specialisedOpinionMissing'
  | 'headEndorsementMissing'
  | 'noteRequired'
  | 'commentsRequired'
  | 'regulationNotIssued'
  | 'regulationAfterDecision'
  | 'approvedLevelRequired'
  | 'decisionDateRequired'
  | 'councilRequired';

export type Decision = { ok: true; to: DossierState } | { ok: false; refusal: Refusal };

/** The transitions available from a state (whoever may take them). */
export function transitionsFrom(state: DossierState): DossierTransition[] {
  return (Object.keys(TRANSITIONS) as DossierTransition[]).filter((t) => TRANSITIONS[t].from.includes(state));
}

/** The actions that may move a dossier out of `state`: named in a 409 so the user knows who acts next. */
export function actionsFrom(state: DossierState): Action[] {
  return [...new Set(transitionsFrom(state).map((t) => actionFor(t, state)))];
}

/** Whether the actor may take transition `t` under the configured submit mode (state not considered). */
function holdsFor(t: DossierTransition, state: DossierState, actor: Actor, mode: SubmitMode): boolean {
  const action = actionFor(t, state);
  if (actor.holds(action)) return true;
  // An officer may send (or withdraw) the dossier when the province lets officers submit.
  return mode === 'officer_with_head_endorsement' && action === 'dossier.submit' && actor.holds('dossier.prepare');
}

/**
 * Decides a transition: the state must allow it, the actor must hold its action, and the legal guards
 * must pass. Checked in that order, so a 409 names the state before a 403 names the role.
 */
export function decide(facts: DossierFacts, t: DossierTransition, actor: Actor, mode: SubmitMode, input: TransitionInput = {}): Decision {
  const rule = TRANSITIONS[t];
  if (!rule.from.includes(facts.state)) {
    return { ok: false, refusal: { kind: 'invalid_state', state: facts.state, mayAct: actionsFrom(facts.state) } };
  }
  if (!holdsFor(t, facts.state, actor, mode)) {
    return { ok: false, refusal: { kind: 'forbidden', state: facts.state, mayAct: actionsFrom(facts.state) } };
  }
  const guard = guardFor(t, facts, actor, mode, input);
  return guard ? { ok: false, refusal: guard } : { ok: true, to: rule.to };
}

function guardFor(t: DossierTransition, f: DossierFacts, actor: Actor, mode: SubmitMode, input: TransitionInput): Refusal | null {
  const refuse = (key: GuardKey, field?: string): Refusal => ({ kind: 'guard', key, ...(field ? { field } : {}) });
  const hasNote = !!input.note?.trim();
  switch (t) {
    case 'submit':
      if (f.proposedLevel === null) return refuse('notClassified');
      if (!f.sectionsComplete) return refuse('sectionsIncomplete');
      // Levels 4–5 go with the specialised unit's professional opinion (Decree 85 Art 15.5; Decree 331 Art 21.5).
      if (f.proposedLevel >= 4 && !f.hasSpecialisedOpinion) return refuse('specialisedOpinionMissing');
      if (mode === 'officer_with_head_endorsement' && !actor.holds('dossier.submit') && !f.headEndorsed) return refuse('headEndorsementMissing');
      return null;
    case 'return_incomplete':
    case 'reject':
      return hasNote ? null : refuse('noteRequired', 'note');
    case 'return_for_revision':
      return hasNote || (input.commentCount ?? 0) > 0 ? null : refuse('commentsRequired', 'note');
    case 'appraise':
      // Nobody appraises their own unit's system: an independent council does (legal-framework.md §10.5).
      return f.appraiserIsOperator && !input.hasCouncil ? refuse('councilRequired', 'council') : null;
    case 'approve': {
      if (input.approvedLevel === undefined) return refuse('approvedLevelRequired', 'approvedLevel');
      if (!input.decisionDate) return refuse('decisionDateRequired', 'decisionDate');
      // The internal security regulation must be issued before the dossier is approved
      // (Circular 12/2022 Art 9.7; Decree 331 Art 30.6).
      if (!f.regulationIssuedOn) return refuse('regulationNotIssued', 'regulationIssuedOn');
      if (f.regulationIssuedOn > input.decisionDate) return refuse('regulationAfterDecision', 'regulationIssuedOn');
      return null;
    }
    default:
      return null;
  }
}

/** The transitions this actor could take now (for the `can` map the web shows buttons from). */
export function availableTransitions(facts: DossierFacts, actor: Actor, mode: SubmitMode): DossierTransition[] {
  return transitionsFrom(facts.state).filter((t) => holdsFor(t, facts.state, actor, mode));
}

/** Form 08's approval-status column (Decree 331 appendix) for a dossier state. */
export function form08Status(state: DossierState): Form08Status | null {
  switch (state) {
    case 'draft':
    case 'returned_incomplete':
    case 'returned_for_revision':
      return 'drafting';
    case 'submitted':
    case 'under_appraisal':
      return 'sent_for_appraisal';
    case 'appraised':
    case 'submitted_for_approval':
      return 'appraised';
    case 'approved':
      return 'approved';
    case 'rejected':
    case 'withdrawn':
    case 'superseded':
      return null;
  }
}

/** The legal clock that runs in a state, if any: the step of regime_deadlines it is measured against. */
export function clockOf(state: DossierState): 'completeness' | 'appraisal' | 'approval' | null {
  switch (state) {
    case 'submitted':
      return 'completeness';
    case 'under_appraisal':
      return 'appraisal';
    case 'submitted_for_approval':
      return 'approval';
    default:
      return null;
  }
}
