import { z } from 'zod';
import { DOSSIER_STATES } from '../domain/dossiers';
import { ORG_KINDS } from '../domain/orgs';
import { Id, Paging, listOf } from './common';

/**
 * Figures of the registry and the level dossiers (issue #3 "Figures"; Form 08 of Decree 331, the
 * "received 19, approved 10" of the Sơn La directive). Definitions, each counted exactly from the data:
 *
 * - systems: registered information systems whose lifecycle is not `retired`, by operating unit;
 *   important: of them, `is_important`; classified: of them, with a proposed level.
 * - byProposedLevel / byApprovedLevel: the same systems by `proposed_level` / `approved_level` (none: null).
 * - dossiers (every dossier of a unit of the subtree, one per row of `dossiers`, any system):
 *   drafting: state `draft`; submitted: ever sent (received_at set, whatever the state now);
 *   underAppraisal: `submitted` or `under_appraisal` (Form 08 "Đã gửi thẩm định");
 *   returned: `returned_incomplete` or `returned_for_revision`; appraised: `appraised` or
 *   `submitted_for_approval` (Form 08 "Đã thẩm định"); approved; rejected; overdue: the dossier list's
 *   `overdue` filter (a running legal clock past its due date, or a directive's deadline passed
 *   before approval). Withdrawn dossiers count only in `submitted` (if they had been sent).
 * - units: reporting units — organisations of kind department, agency or commune — in the subtree;
 *   unitsWithoutSubmission: those of them under which no dossier was ever sent (no dossier with
 *   received_at anywhere in the unit's own subtree, e.g. its service centre's).
 */
export const FIGURE_UNIT_KINDS = ['department', 'agency', 'commune'] as const;

export const LEVEL_KEYS = ['1', '2', '3', '4', '5', 'none'] as const;
export type LevelKey = (typeof LEVEL_KEYS)[number];

const Count = z.number().int().min(0);
export const LevelCounts = z.object({ '1': Count, '2': Count, '3': Count, '4': Count, '5': Count, none: Count });
export type LevelCounts = z.infer<typeof LevelCounts>;

export const DOSSIER_METRICS = ['drafting', 'submitted', 'underAppraisal', 'returned', 'appraised', 'approved', 'rejected', 'overdue'] as const;
export type DossierMetric = (typeof DOSSIER_METRICS)[number];
export const SYSTEM_METRICS = ['systems', 'important', 'classified', 'proposedLevel', 'approvedLevel'] as const;
export type SystemMetric = (typeof SYSTEM_METRICS)[number];
export const DRILL_METRICS = [...SYSTEM_METRICS, ...DOSSIER_METRICS] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export const DossierCounts = z.object(Object.fromEntries(DOSSIER_METRICS.map((m) => [m, Count])) as Record<DossierMetric, typeof Count>);
export type DossierCounts = z.infer<typeof DossierCounts>;

export const FigureCounters = z.object({
  units: Count,
  unitsWithoutSubmission: Count,
  systems: Count,
  important: Count,
  classified: Count,
  byProposedLevel: LevelCounts,
  byApprovedLevel: LevelCounts,
  dossiers: DossierCounts,
});
export type FigureCounters = z.infer<typeof FigureCounters>;

export const FigureOrg = z.object({ id: Id, code: z.string(), name: z.string(), kind: z.enum(ORG_KINDS) });
export type FigureOrg = z.infer<typeof FigureOrg>;

export const FigureRow = FigureCounters.extend({
  org: FigureOrg,
  /**
   * true: the focused organisation's own records (its own systems and dossiers, itself as a
   * reporting unit), so that the rows add up to the totals.
   */
  own: z.boolean(),
  /** Whether the organisation has sub-organisations to focus on. */
  hasChildren: z.boolean(),
});
export type FigureRow = z.infer<typeof FigureRow>;

export const SystemFiguresQuery = z.object({
  /** The organisation to focus on; default: the caller's visible roots. */
  orgId: Id.optional(),
});
export type SystemFiguresQuery = z.infer<typeof SystemFiguresQuery>;

export const SystemFigures = z.object({
  /** The focused organisation; null when the caller sees several separate subtrees (rows: one per root). */
  org: FigureOrg.extend({ parentId: Id.nullable() }).nullable(),
  /** The day (Vietnam) overdue is measured against. */
  asOf: z.iso.date(),
  totals: FigureCounters,
  rows: z.array(FigureRow),
});
export type SystemFigures = z.infer<typeof SystemFigures>;

export const UnitsWithoutSubmissionQuery = Paging.extend({ orgId: Id.optional() });
export type UnitsWithoutSubmissionQuery = z.infer<typeof UnitsWithoutSubmissionQuery>;

export const UnitWithoutSubmission = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  parentName: z.string().nullable(),
  /** Systems registered (not retired) by the unit and its sub-units. */
  systemCount: Count,
  /** Dossiers being prepared, never sent. */
  draftCount: Count,
  /** Flag: nothing registered at all. */
  hasNoSystem: z.boolean(),
});
export type UnitWithoutSubmission = z.infer<typeof UnitWithoutSubmission>;
export const UnitsWithoutSubmissionList = listOf(UnitWithoutSubmission);
export type UnitsWithoutSubmissionList = z.infer<typeof UnitsWithoutSubmissionList>;

export const FigureDrillQuery = Paging.extend({
  orgId: Id.optional(),
  metric: z.enum(DRILL_METRICS),
  /** For proposedLevel / approvedLevel. */
  level: z.enum(LEVEL_KEYS).optional(),
  /** 'true': only the organisation's own records (the `own` row), not its sub-organisations'. */
  own: z.enum(['true', 'false']).optional(),
});
export type FigureDrillQuery = z.infer<typeof FigureDrillQuery>;

export const FigureDrillItem = z.object({
  systemId: Id,
  systemCode: z.string(),
  systemName: z.string(),
  orgId: Id,
  orgName: z.string(),
  proposedLevel: z.number().int().nullable(),
  approvedLevel: z.number().int().nullable(),
  isImportant: z.boolean(),
  /** Set for dossier metrics. */
  dossierId: Id.nullable(),
  dossierState: z.enum(DOSSIER_STATES).nullable(),
  receivedAt: z.string().nullable(),
  dueOn: z.iso.date().nullable(),
  directiveDueOn: z.iso.date().nullable(),
});
export type FigureDrillItem = z.infer<typeof FigureDrillItem>;
export const FigureDrillList = z.object({ kind: z.enum(['systems', 'dossiers']), items: z.array(FigureDrillItem), total: Count });
export type FigureDrillList = z.infer<typeof FigureDrillList>;

/**
 * The annual report of cybersecurity work for information systems (Form 08 of Decree 331, Art 35–36;
 * Circular 12/2022 Art 13–14 under Decree 85): data period 15/12 of the previous year to 14/12 of
 * `year`; a unit reports to the owner before 20/12, the owner (the province) to the Ministry of
 * Public Security before 25/12. Totals come from the figures above; the table lists each system.
 */
export const AnnualReportQuery = z.object({
  year: z.coerce.number().int().min(2016).max(2100),
  /** The organisation reporting (its subtree); default: the caller's one visible root. */
  orgId: Id.optional(),
  format: z.enum(['docx', 'pdf']).default('docx'),
});
export type AnnualReportQuery = z.infer<typeof AnnualReportQuery>;

/** Form 08's columns "plan deployment" and "inspection" (Decree 331 appendix). */
export const PLAN_DEPLOYMENTS = ['none', 'partial', 'full'] as const;
export type PlanDeployment = (typeof PLAN_DEPLOYMENTS)[number];
export const REPORT_CHECKS = ['before_use', 'periodic', 'both'] as const;
export type ReportCheck = (typeof REPORT_CHECKS)[number];

/** The data period of a report year: 15/12 of the previous year to 14/12 (Decree 331 Art 36). */
export function reportPeriod(year: number): { from: string; to: string; internalDue: string; externalDue: string } {
  return { from: `${year - 1}-12-15`, to: `${year}-12-14`, internalDue: `${year}-12-20`, externalDue: `${year}-12-25` };
}

/**
 * Periodic self-assessments and inspections due, per organisation: approved systems never assessed,
 * overdue (the latest completed assessment's next due date has passed), or due within `withinDays`
 * — the definition of GET /api/assessments/due, rolled up like the figures above.
 */
export const AssessmentFiguresQuery = z.object({
  orgId: Id.optional(),
  withinDays: z.coerce.number().int().min(0).max(730).default(30),
});
export type AssessmentFiguresQuery = z.infer<typeof AssessmentFiguresQuery>;

export const DueCounts = z.object({ never: Count, overdue: Count, dueSoon: Count });
export type DueCounts = z.infer<typeof DueCounts>;

export const AssessmentFigureRow = DueCounts.extend({ org: FigureOrg, own: z.boolean(), hasChildren: z.boolean() });
export type AssessmentFigureRow = z.infer<typeof AssessmentFigureRow>;

export const AssessmentFigures = z.object({
  org: FigureOrg.extend({ parentId: Id.nullable() }).nullable(),
  asOf: z.iso.date(),
  withinDays: z.number().int(),
  totals: DueCounts,
  rows: z.array(AssessmentFigureRow),
});
export type AssessmentFigures = z.infer<typeof AssessmentFigures>;
