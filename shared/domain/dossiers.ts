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

/** The documents generated from a dossier (Decree 331 Forms 01/02, 04, 05, 06; the dossier overview). */
export const DOCUMENT_FORMS = ['request', 'appraisal_opinion', 'submission', 'decision', 'overview'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

/** Which states a document can be produced in: a decision exists only once approved, and so on. */
export function isFormAvailable(form: DocumentForm, state: DossierState): boolean {
  switch (form) {
    case 'overview':
      return true;
    case 'request':
      return state !== 'withdrawn';
    case 'appraisal_opinion':
      return ['appraised', 'submitted_for_approval', 'approved', 'returned_for_revision'].includes(state);
    case 'submission':
      return ['appraised', 'submitted_for_approval', 'approved'].includes(state);
    case 'decision':
      return state === 'approved';
  }
}
