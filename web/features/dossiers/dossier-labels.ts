import type { TFunction } from 'i18next';
import type { AttachmentSection } from '@shared/api/dossiers';
import { SECURITY_PLAN_PARTS, type DossierEventKind, type DossierState, type DossierTransition, type SecurityPlanPart } from '@shared/domain/dossiers';

/** Translated names of the dossier constants; the catalogue test in this folder checks each exists. */
export function stateLabel(t: TFunction, state: DossierState): string {
  return t(`dossierStates.${state}`);
}

export function sectionLabel(t: TFunction, section: AttachmentSection): string {
  return t(`dossiersUi.sections.${section}.label`);
}

export function planPartLabel(t: TFunction, part: SecurityPlanPart): string {
  return t(`dossiersUi.planParts.${part}`);
}

/** The button that takes a step, in plain words ("Gửi hồ sơ", "Trả lại để chỉnh sửa"…). */
export function transitionLabel(t: TFunction, transition: DossierTransition): string {
  return t(`dossiersUi.transitions.${transition}.button`);
}

/** The step as recorded in the history ("đã gửi hồ sơ"). */
export function eventLabel(t: TFunction, kind: DossierEventKind): string {
  return kind === 'supersede' ? t('dossiersUi.superseded.event') : t(`dossiersUi.transitions.${kind}.event`);
}

function isPlanPart(value: string): value is SecurityPlanPart {
  return SECURITY_PLAN_PARTS.some((p) => p === value);
}

/** A `missingSections` entry (`overview`, `security_plan.risk`) as the officer reads it. */
export function missingLabel(t: TFunction, key: string): string {
  const [head, part] = key.split('.');
  if (head === 'security_plan' && part && isPlanPart(part)) {
    return `${sectionLabel(t, 'security_plan')} — ${planPartLabel(t, part)}`;
  }
  return t(`dossiersUi.sections.${head ?? key}.label`, { defaultValue: key });
}

/** Tag colour per state: grey while with the unit, blue at the police, green/red at the end. */
export const STATE_COLORS: Record<DossierState, string> = {
  draft: 'default',
  submitted: 'blue',
  returned_incomplete: 'orange',
  under_appraisal: 'processing',
  returned_for_revision: 'orange',
  appraised: 'cyan',
  submitted_for_approval: 'purple',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  superseded: 'default',
};

/** The procedure's five steps (Decree 331 Art 22–25) and where each state stands in it. */
export const PROCEDURE_STEPS = ['prepare', 'completeness', 'appraisal', 'approval', 'decision'] as const;

export function stepOf(state: DossierState): number {
  switch (state) {
    case 'draft':
    case 'returned_incomplete':
    case 'returned_for_revision':
    case 'withdrawn':
      return 0;
    case 'submitted':
      return 1;
    case 'under_appraisal':
      return 2;
    case 'appraised':
    case 'submitted_for_approval':
      return 3;
    case 'approved':
    case 'rejected':
    case 'superseded':
      return 4;
  }
}

/** Transitions that send the dossier back or end it: their note is the reason, and is required. */
export const NOTE_REQUIRED: readonly DossierTransition[] = ['return_incomplete', 'reject'];

/** Transitions shown as danger buttons. */
export const DANGER_TRANSITIONS: readonly DossierTransition[] = ['return_incomplete', 'return_for_revision', 'reject', 'withdraw'];

/** The step the unit or the police usually wants next: shown as the primary button. */
export const PRIMARY_TRANSITIONS: readonly DossierTransition[] = ['submit', 'accept', 'appraise', 'submit_for_approval', 'approve'];

/** Shortened SHA-256 for display: the first and last 8 hex digits. */
export function shortHash(sha256: string): string {
  return sha256.length > 20 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}

/** `1536` → `1,5 KB`. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const n = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${n} ${units[unit] ?? 'B'}`;
}
