/**
 * Level dossiers (hồ sơ đề xuất cấp độ): states and the actions that move them, as both the server
 * and the web app name them. The state machine itself is server/modules/dossiers/dossiers.rules.ts.
 * Legal reference: ../shared/domain/legal-framework.md §10.5 (Decree 85 Art 14–17, Decree 331 Art 20–25).
 */
export const DOSSIER_STATES = [
  'draft',
  'submitted',
  'returned_incomplete',
  'under_appraisal',
  'returned_for_revision',
  'appraised',
  'submitted_for_approval',
  'approved',
  'rejected',
  'withdrawn',
  // An approval replaced by a later one for the same system (re-determination of the level).
  'superseded',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export const DOSSIER_TRANSITIONS = [
  'submit',
  'accept',
  'return_incomplete',
  'return_for_revision',
  'appraise',
  'submit_for_approval',
  'approve',
  'reject',
  'withdraw',
] as const;
export type DossierTransition = (typeof DOSSIER_TRANSITIONS)[number];

/** What a history entry records: a transition someone took, or `supersede` — the consequence for an
 * earlier approval when a re-determined level is approved. */
export const DOSSIER_EVENT_KINDS = [...DOSSIER_TRANSITIONS, 'supersede'] as const;
export type DossierEventKind = (typeof DOSSIER_EVENT_KINDS)[number];

/** Approval status columns of the annual report, Form 08 of Decree 331 (§3.8). */
export const FORM08_STATUSES = ['drafting', 'sent_for_appraisal', 'appraised', 'approved'] as const;
export type Form08Status = (typeof FORM08_STATUSES)[number];

/** The states in which the unit may still change the dossier (a new, unfrozen version). */
export const EDITABLE_STATES: readonly DossierState[] = ['draft', 'returned_incomplete', 'returned_for_revision'];

/** The sections the regulation requires (Decree 85 Art 15; Decree 331 Art 21–22). */
export const DOSSIER_SECTIONS = ['overview', 'design', 'level_rationale', 'security_plan', 'specialised_opinion'] as const;
export type DossierSection = (typeof DOSSIER_SECTIONS)[number];

/** The seven parts of the security plan (Decree 85 Art 19; Decree 331 Art 29.2). */
export const SECURITY_PLAN_PARTS = [
  'design_build',
  'operation',
  'inspection',
  'risk',
  'monitoring',
  'backup_response_recovery',
  'decommissioning',
] as const;
export type SecurityPlanPart = (typeof SECURITY_PLAN_PARTS)[number];

/**
 * The documents generated from a dossier (Decree 331 Forms 01/02, 03, 04, 05, 06, 07; the dossier
 * overview; under Decree 85 their equivalents): `opinion_request` asks the owner's specialised unit
 * for its professional opinion (levels 4–5), `plan_decision` approves the security plan (level 5).
 */
export const DOCUMENT_FORMS = ['request', 'opinion_request', 'appraisal_opinion', 'submission', 'decision', 'plan_decision', 'overview'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

/**
 * Which states (and levels: the approved one, else the proposed one) a document can be produced in:
 * a decision exists only once approved; the specialised unit's opinion only for levels 4–5
 * (Decree 331 Art 20.2; Decree 85 Art 14.2); the plan's approval only for level 5 (Decree 331 Art 20.5,
 * Form 07; Decree 85 Art 12).
 */
export function isFormAvailable(form: DocumentForm, state: DossierState, level: number | null = null): boolean {
  switch (form) {
    case 'opinion_request':
      return state !== 'withdrawn' && level !== null && level >= 4;
    case 'plan_decision':
      return (state === 'approved' || state === 'superseded') && level === 5;
    case 'overview':
      return true;
    case 'request':
      return state !== 'withdrawn';
    case 'appraisal_opinion':
      return ['appraised', 'submitted_for_approval', 'approved', 'superseded', 'returned_for_revision'].includes(state);
    case 'submission':
      return ['appraised', 'submitted_for_approval', 'approved', 'superseded'].includes(state);
    case 'decision':
      return state === 'approved' || state === 'superseded';
  }
}
