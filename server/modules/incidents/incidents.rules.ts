/**
 * The incident state machine: which transition leads where, which action it needs on the incident's
 * organisation, and its guards. Pure: the service gathers the facts, this file decides. The steps
 * follow the response procedure of Circular 20/2017 Art 11 (receive and verify → contain → eradicate
 * and recover → lessons and report) and Decision 05/2017 Art 14; the coordinator records an incident
 * as closed only after the end-of-response report (Circular 20/2017 Art 9, Form 04).
 */
import type { IncidentStatus } from '@shared/domain/incidents';
import type { Action } from '../../authz/policies';

export const INCIDENT_TRANSITIONS = ['triage', 'respond', 'contain', 'recover', 'close', 'reopen'] as const;
export type IncidentTransition = (typeof INCIDENT_TRANSITIONS)[number];

interface TransitionRule {
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  action: Action;
}

/** Every state change is the response team's (incident.respond); the unit reports and sends its reports. */
export const TRANSITIONS: Record<IncidentTransition, TransitionRule> = {
  triage: { from: ['reported'], to: 'triaged', action: 'incident.respond' },
  respond: { from: ['triaged'], to: 'responding', action: 'incident.respond' },
  contain: { from: ['responding'], to: 'contained', action: 'incident.respond' },
  recover: { from: ['contained'], to: 'recovered', action: 'incident.respond' },
  close: { from: ['recovered'], to: 'closed', action: 'incident.respond' },
  reopen: { from: ['closed'], to: 'responding', action: 'incident.respond' },
};

/** The other steps of a case and the action each needs, for the `can` map and the route checks. */
export const STEP_ACTIONS = {
  /** The reporting unit's updates and final report; the response team may send them for it too. */
  sendReport: ['incident.report', 'incident.respond'],
  /** Comments on the timeline, indicators and evidence: both sides contribute. */
  contribute: ['incident.report', 'incident.respond'],
  /** Triage details (severity, flags, TLP), members, linked alerts and systems, the closing report. */
  manage: ['incident.respond'],
} as const satisfies Record<string, readonly Action[]>;

export interface IncidentFacts {
  status: IncidentStatus;
  /** A final (end-of-response) report has been sent. */
  finalReportSent: boolean;
  /** Cause, scope and remedy of the closing report are written. */
  closingReportComplete: boolean;
}

export interface Actor {
  holds: (action: Action) => boolean;
}

export type GuardKey = 'finalReportMissing' | 'closingReportIncomplete' | 'reasonRequired';

export type Refusal =
  | { kind: 'invalid_state'; state: IncidentStatus; mayAct: Action[] }
  | { kind: 'forbidden'; state: IncidentStatus; mayAct: Action[] }
  | { kind: 'guard'; key: GuardKey; field?: string };

export type Decision = { ok: true; to: IncidentStatus } | { ok: false; refusal: Refusal };

export function transitionsFrom(state: IncidentStatus): IncidentTransition[] {
  return INCIDENT_TRANSITIONS.filter((t) => TRANSITIONS[t].from.includes(state));
}

/** The actions that may move an incident out of `state`, named in a 409 so the user knows who acts next. */
export function actionsFrom(state: IncidentStatus): Action[] {
  return [...new Set(transitionsFrom(state).map((t) => TRANSITIONS[t].action))];
}

/**
 * Decides a transition: the state must allow it, the actor must hold its action, the guards must
 * pass — in that order, so a 409 names the state before a 403 names the role.
 */
export function decide(facts: IncidentFacts, t: IncidentTransition, actor: Actor, input: { reason?: string | null } = {}): Decision {
  const rule = TRANSITIONS[t];
  if (!rule.from.includes(facts.status)) return { ok: false, refusal: { kind: 'invalid_state', state: facts.status, mayAct: actionsFrom(facts.status) } };
  if (!actor.holds(rule.action)) return { ok: false, refusal: { kind: 'forbidden', state: facts.status, mayAct: actionsFrom(facts.status) } };
  if (t === 'close') {
    if (!facts.finalReportSent) return { ok: false, refusal: { kind: 'guard', key: 'finalReportMissing' } };
    if (!facts.closingReportComplete) return { ok: false, refusal: { kind: 'guard', key: 'closingReportIncomplete', field: 'closing' } };
  }
  if (t === 'reopen' && !input.reason?.trim()) return { ok: false, refusal: { kind: 'guard', key: 'reasonRequired', field: 'reason' } };
  return { ok: true, to: rule.to };
}

/** The transitions this actor could take now (guards aside): the buttons the case view shows. */
export function availableTransitions(state: IncidentStatus, actor: Actor): IncidentTransition[] {
  return transitionsFrom(state).filter((t) => actor.holds(TRANSITIONS[t].action));
}

/** Whether the actor may take a non-transition step on an incident that is `state`. A closed case takes none. */
export function mayStep(step: keyof typeof STEP_ACTIONS, state: IncidentStatus, actor: Actor): boolean {
  if (state === 'closed') return false;
  return STEP_ACTIONS[step].some((a) => actor.holds(a));
}

/** The end of the response (the legacy final report's clock) is the move to 'recovered'. */
export function endsResponse(t: IncidentTransition): boolean {
  return t === 'recover';
}
