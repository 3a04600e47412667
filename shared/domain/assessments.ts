/**
 * Self-assessments and inspections of approved systems against the requirements of their level
 * (issue #3; legal reference ../shared/domain/legal-framework.md §3.6, §4.2–§4.4, §5, §10.6).
 * The requirement lists and the periods are data (migration 0007); this file holds the enumerations
 * and the pure rules both the server and the web app apply: the score and the next due date.
 */

export const ASSESSMENT_KINDS = ['self', 'inspection'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_STATES = ['draft', 'completed'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

/** Status of one requirement (§10.6: MET | PARTIAL | NOT_MET | N_A). */
export const ITEM_STATUSES = ['met', 'partial', 'not_met', 'not_applicable'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const REQUIREMENT_FAMILIES = ['management', 'technical', 'design'] as const;
export type RequirementFamily = (typeof REQUIREMENT_FAMILIES)[number];

/** Who performed it (§10.6; Decree 331 Art 31: internal independent unit or an external body). */
export const PERFORMER_KINDS = ['internal_independent', 'specialised_unit', 'licensed_org', 'state_org', 'mps'] as const;
export type PerformerKind = (typeof PERFORMER_KINDS)[number];

/** Inspection content (Circular 12 Art 11; Decree 331 Art 27) and other kinds of §10.6. */
export const INSPECTION_KINDS = ['compliance', 'effectiveness', 'vuln_pentest', 'readiness_before_go_live', 'mps_inspection', 'ns_annual_self_check'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const TRIGGER_KINDS = ['periodic', 'ad_hoc', 'post_incident', 'major_change', 'on_request'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** Test forms of Circular 12 Art 12 and Decree 331 Art 27. */
export const TEST_FORMS = ['black_box', 'gray_box', 'white_box'] as const;
export type TestForm = (typeof TEST_FORMS)[number];

export interface StatusCounts {
  total: number;
  met: number;
  partial: number;
  notMet: number;
  notApplicable: number;
  unanswered: number;
}

/** How many items carry each status (null: not answered yet). */
export function countStatuses(statuses: readonly (ItemStatus | null)[]): StatusCounts {
  const c: StatusCounts = { total: statuses.length, met: 0, partial: 0, notMet: 0, notApplicable: 0, unanswered: 0 };
  for (const s of statuses) {
    if (s === 'met') c.met += 1;
    else if (s === 'partial') c.partial += 1;
    else if (s === 'not_met') c.notMet += 1;
    else if (s === 'not_applicable') c.notApplicable += 1;
    else c.unanswered += 1;
  }
  return c;
}

/**
 * The score: (met + ½ × partial) / applicable × 100, where applicable items are those not marked
 * "not applicable" (unanswered ones count as applicable and not met, so a draft's live score never
 * flatters it). `null` when nothing applies. Rounded to two decimals, as stored.
 */
export function assessmentScore(statuses: readonly (ItemStatus | null)[]): number | null {
  const c = countStatuses(statuses);
  const applicable = c.total - c.notApplicable;
  if (applicable === 0) return null;
  return Math.round(((c.met + 0.5 * c.partial) / applicable) * 10_000) / 100;
}

/** An ISO day plus a number of months; the 31st becomes the month's last day (31/1 + 1 → 28 or 29/2). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(Math.min(d, last))}`;
}

/** Where a system stands with its periodic assessment. */
export const DUE_STATUSES = ['never', 'overdue', 'due_soon'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

/** `never` assessed, `overdue` (due date passed), `due_soon` (within the window), or `null` (fine). */
export function dueStatus(nextDueOn: string | null, today: string, withinDays: number): DueStatus | null {
  if (nextDueOn === null) return 'never';
  if (nextDueOn < today) return 'overdue';
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + withinDays);
  return nextDueOn <= limit.toISOString().slice(0, 10) ? 'due_soon' : null;
}
