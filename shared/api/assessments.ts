/**
 * Self-assessments and inspections of approved systems against their level's requirements, and the
 * rule data behind them (requirement catalogues, periods). Server and web share these contracts.
 */
import { z } from 'zod';
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_STATES,
  DUE_STATUSES,
  INSPECTION_KINDS,
  ITEM_STATUSES,
  PERFORMER_KINDS,
  REQUIREMENT_FAMILIES,
  TEST_FORMS,
  TRIGGER_KINDS,
} from '../domain/assessments';
import { Regime, SecurityLevel } from './classification';
import { Id, OptionalText, Paging, listOf } from './common';

const Day = z.iso.date();
const LegalRef = z.string().trim().min(1).max(255);

export const AssessmentKind = z.enum(ASSESSMENT_KINDS);
export const AssessmentState = z.enum(ASSESSMENT_STATES);
export const ItemStatus = z.enum(ITEM_STATUSES);
export const RequirementFamily = z.enum(REQUIREMENT_FAMILIES);
export const PerformerKind = z.enum(PERFORMER_KINDS);
export const InspectionKind = z.enum(INSPECTION_KINDS);
export const TriggerKind = z.enum(TRIGGER_KINDS);
export const TestForm = z.enum(TEST_FORMS);
export const CatalogueCode = z.string().trim().min(1).max(64);

// ── Rule data ─────────────────────────────────────────────────────────────────────────────────

export const RequirementCatalogue = z.object({
  code: z.string(),
  regime: Regime,
  nameVi: z.string(),
  nameEn: z.string(),
  legalRef: z.string(),
  effectiveFrom: z.string(),
  verified: z.boolean(),
});
export type RequirementCatalogue = z.infer<typeof RequirementCatalogue>;
export const RequirementCatalogueList = listOf(RequirementCatalogue);
export type RequirementCatalogueList = z.infer<typeof RequirementCatalogueList>;

export const Requirement = z.object({
  id: Id,
  catalogue: z.string(),
  code: z.string(),
  family: RequirementFamily,
  groupCode: z.string(),
  groupNameVi: z.string(),
  groupNameEn: z.string(),
  textVi: z.string(),
  textEn: z.string(),
  minLevel: z.number().int(),
  maxLevel: z.number().int(),
  legalRef: z.string(),
  verified: z.boolean(),
  sort: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type Requirement = z.infer<typeof Requirement>;
export const RequirementList = listOf(Requirement);
export type RequirementList = z.infer<typeof RequirementList>;

export const RequirementsQuery = z.object({
  catalogue: CatalogueCode.optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
});
export type RequirementsQuery = z.infer<typeof RequirementsQuery>;

const RequirementText = z.string().trim().min(1).max(2000);
export const UpdateRequirementBody = z.strictObject({
  textVi: RequirementText.optional(),
  textEn: RequirementText.optional(),
  legalRef: LegalRef.optional(),
  minLevel: SecurityLevel.optional(),
  maxLevel: SecurityLevel.optional(),
  verified: z.boolean().optional(),
});
export type UpdateRequirementBody = z.infer<typeof UpdateRequirementBody>;

export const AssessmentSchedule = z.object({
  regime: Regime,
  levelMin: z.number().int(),
  levelMax: z.number().int(),
  months: z.number().int(),
  externalRequired: z.boolean(),
  legalRef: z.string(),
  verified: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type AssessmentSchedule = z.infer<typeof AssessmentSchedule>;
export const AssessmentScheduleList = listOf(AssessmentSchedule);
export type AssessmentScheduleList = z.infer<typeof AssessmentScheduleList>;

export const ScheduleParams = z.object({ regime: Regime, levelMin: z.coerce.number().int().min(1).max(5) });
export const UpdateScheduleBody = z.strictObject({
  months: z.number().int().min(1).max(120).optional(),
  externalRequired: z.boolean().optional(),
  legalRef: LegalRef.optional(),
  verified: z.boolean().optional(),
});
export type UpdateScheduleBody = z.infer<typeof UpdateScheduleBody>;

// ── Assessments ───────────────────────────────────────────────────────────────────────────────

const Counts = z.object({
  total: z.number().int(),
  met: z.number().int(),
  partial: z.number().int(),
  notMet: z.number().int(),
  notApplicable: z.number().int(),
  unanswered: z.number().int(),
});

export const AssessmentSummary = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  systemId: Id,
  systemName: z.string(),
  systemCode: z.string(),
  kind: AssessmentKind,
  state: AssessmentState,
  catalogue: z.string(),
  regime: Regime,
  level: z.number().int(),
  performedOn: z.string().nullable(),
  performerKind: PerformerKind.nullable(),
  /** Stored at completion; for a draft, the live score of the answers so far. */
  score: z.number().nullable(),
  nextDueOn: z.string().nullable(),
  /** The next assessment's date has passed (only the latest completed one of a system counts). */
  isOverdue: z.boolean(),
  counts: Counts,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;
export const AssessmentList = listOf(AssessmentSummary);
export type AssessmentList = z.infer<typeof AssessmentList>;

export const Evidence = z.object({
  id: Id,
  requirementId: Id.nullable(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const AssessmentItem = z.object({
  requirementId: Id,
  code: z.string(),
  /** In the caller's language. */
  text: z.string(),
  legalRef: z.string(),
  verified: z.boolean(),
  status: ItemStatus.nullable(),
  note: z.string().nullable(),
  remediation: z.string().nullable(),
  remediationDue: z.string().nullable(),
  evidence: z.array(Evidence),
});
export type AssessmentItem = z.infer<typeof AssessmentItem>;

export const AssessmentGroup = z.object({
  family: RequirementFamily,
  groupCode: z.string(),
  groupName: z.string(),
  items: z.array(AssessmentItem),
});
export type AssessmentGroup = z.infer<typeof AssessmentGroup>;

export const Assessment = AssessmentSummary.extend({
  catalogueName: z.string(),
  inspectionKind: InspectionKind.nullable(),
  triggerKind: TriggerKind.nullable(),
  testForm: TestForm.nullable(),
  independentOfOperator: z.boolean().nullable(),
  conclusion: z.string().nullable(),
  /** The period of the level (months) and whether an external body must do it (assessment_schedules). */
  schedule: z.object({ months: z.number().int(), externalRequired: z.boolean(), legalRef: z.string(), verified: z.boolean() }).nullable(),
  groups: z.array(AssessmentGroup),
  /** Evidence for the whole assessment (not tied to one requirement). */
  evidence: z.array(Evidence),
  createdByName: z.string().nullable(),
  completedByName: z.string().nullable(),
  can: z.object({ edit: z.boolean(), complete: z.boolean() }),
});
export type Assessment = z.infer<typeof Assessment>;

export const ListAssessmentsQuery = Paging.extend({
  systemId: Id.optional(),
  /** The organisation and its subtree. */
  orgId: Id.optional(),
  kind: AssessmentKind.optional(),
  state: AssessmentState.optional(),
});
export type ListAssessmentsQuery = z.infer<typeof ListAssessmentsQuery>;

const Details = {
  performerKind: PerformerKind.nullable().optional(),
  inspectionKind: InspectionKind.nullable().optional(),
  triggerKind: TriggerKind.nullable().optional(),
  testForm: TestForm.nullable().optional(),
  independentOfOperator: z.boolean().nullable().optional(),
  performedOn: Day.nullable().optional(),
  conclusion: OptionalText(4000),
};

export const CreateAssessmentBody = z.strictObject({ systemId: Id, kind: AssessmentKind, ...Details });
export type CreateAssessmentBody = z.infer<typeof CreateAssessmentBody>;

export const ItemUpdate = z.strictObject({
  requirementId: Id,
  status: ItemStatus.nullable().optional(),
  note: OptionalText(2000),
  remediation: OptionalText(2000),
  remediationDue: Day.nullable().optional(),
});
export type ItemUpdate = z.infer<typeof ItemUpdate>;

/** Bulk edit of a draft: its details and any number of items at once. */
export const UpdateAssessmentBody = z.strictObject({ ...Details, items: z.array(ItemUpdate).max(300).optional() });
export type UpdateAssessmentBody = z.infer<typeof UpdateAssessmentBody>;

export const CompleteAssessmentBody = z.strictObject({ performedOn: Day.optional(), conclusion: OptionalText(4000) });
export type CompleteAssessmentBody = z.infer<typeof CompleteAssessmentBody>;

export const EvidenceParams = z.object({ id: Id, evidenceId: Id });

// ── Due dates ─────────────────────────────────────────────────────────────────────────────────

export const DueQuery = z.object({
  withinDays: z.coerce.number().int().min(0).max(730).default(30),
  orgId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DueQuery = z.infer<typeof DueQuery>;

export const DueSystem = z.object({
  systemId: Id,
  systemName: z.string(),
  systemCode: z.string(),
  orgId: Id,
  orgName: z.string(),
  approvedLevel: z.number().int(),
  regime: Regime,
  lastAssessedOn: z.string().nullable(),
  lastKind: AssessmentKind.nullable(),
  nextDueOn: z.string().nullable(),
  status: z.enum(DUE_STATUSES),
  externalRequired: z.boolean(),
});
export type DueSystem = z.infer<typeof DueSystem>;
export const DueList = z.object({
  items: z.array(DueSystem),
  total: z.number().int(),
  counts: z.object({ never: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }),
});
export type DueList = z.infer<typeof DueList>;
