import { z } from 'zod';
import { DOSSIER_EVENT_KINDS, DOSSIER_SECTIONS, DOSSIER_STATES, DOSSIER_TRANSITIONS, FORM08_STATUSES, SECURITY_PLAN_PARTS } from '../domain/dossiers';
import { Regime, SecurityLevel } from './classification';
import { Id, Name, OptionalText, Paging, listOf } from './common';

const SectionText = z.string().trim().max(20_000);
const Day = z.iso.date();

/** The written content of a version; attachments (diagrams, decisions) come separately. */
export const DossierSections = z.object({
  overview: SectionText.optional(),
  design: SectionText.optional(),
  level_rationale: SectionText.optional(),
  security_plan: z.object(Object.fromEntries(SECURITY_PLAN_PARTS.map((p) => [p, SectionText.optional()])) as Record<(typeof SECURITY_PLAN_PARTS)[number], z.ZodOptional<typeof SectionText>>).optional(),
  specialised_opinion: SectionText.optional(),
});
export type DossierSections = z.infer<typeof DossierSections>;

export const AttachmentSection = z.enum([...DOSSIER_SECTIONS, 'other']);
export type AttachmentSection = z.infer<typeof AttachmentSection>;

export const CreateDossierBody = z.object({
  systemId: Id,
  /** Defaults to the regime in force today. */
  regime: Regime.optional(),
  directiveDueOn: Day.nullable().optional(),
});
export type CreateDossierBody = z.infer<typeof CreateDossierBody>;

export const UpdateDossierBody = z.object({
  sections: DossierSections.optional(),
  regulationNo: OptionalText(64),
  regulationIssuedOn: Day.nullable().optional(),
  directiveDueOn: Day.nullable().optional(),
});
export type UpdateDossierBody = z.infer<typeof UpdateDossierBody>;

/**
 * The independent council that appraises when the appraising body itself operates the system
 * (conflict of interest, legal-framework.md §10.5): its establishing decision and its members.
 */
export const AppraisalCouncil = z.object({
  decisionNo: z.string().trim().min(1).max(64),
  members: z
    .array(z.object({ name: Name, title: OptionalText(255), org: OptionalText(255) }))
    .min(3)
    .max(15),
});
export type AppraisalCouncil = z.infer<typeof AppraisalCouncil>;

export const TransitionBody = z.object({
  note: OptionalText(4000),
  /** approve */
  approvedLevel: SecurityLevel.optional(),
  decisionNo: z.string().trim().min(1).max(64).optional(),
  decisionDate: Day.optional(),
  /** appraise: the appraisal opinion (Form 04). */
  opinion: OptionalText(4000),
  /** appraise, when the appraiser's own unit operates the system: the independent council. */
  council: AppraisalCouncil.optional(),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const TransitionParams = z.object({ id: Id, transition: z.enum(DOSSIER_TRANSITIONS) });

export const CreateCommentBody = z.object({ section: AttachmentSection, body: z.string().trim().min(1).max(4000) });
export type CreateCommentBody = z.infer<typeof CreateCommentBody>;

export const DossierComment = z.object({
  id: Id,
  version: z.number().int(),
  section: AttachmentSection,
  body: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const DossierEvent = z.object({
  id: Id,
  transition: z.enum(DOSSIER_EVENT_KINDS),
  fromState: z.enum(DOSSIER_STATES),
  toState: z.enum(DOSSIER_STATES),
  version: z.number().int(),
  note: z.string().nullable(),
  dueOn: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const DossierAttachment = z.object({
  id: Id,
  version: z.number().int(),
  section: AttachmentSection,
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type DossierAttachment = z.infer<typeof DossierAttachment>;

export const DossierSummary = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  systemId: Id,
  systemName: z.string(),
  systemCode: z.string(),
  regime: Regime,
  state: z.enum(DOSSIER_STATES),
  form08Status: z.enum(FORM08_STATUSES).nullable(),
  proposedLevel: SecurityLevel.nullable(),
  approvedLevel: SecurityLevel.nullable(),
  currentVersion: z.number().int(),
  receivedAt: z.string().nullable(),
  clock: z.enum(['completeness', 'appraisal', 'approval']).nullable(),
  dueOn: z.string().nullable(),
  directiveDueOn: z.string().nullable(),
  /** The running legal clock is past its due date, or the directive's deadline passed before approval. */
  isOverdue: z.boolean(),
  decisionNo: z.string().nullable(),
  decisionDate: z.string().nullable(),
  /** Re-determination: the later approved dossier that replaced this approval, and when. */
  supersededBy: Id.nullable(),
  supersededAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type DossierSummary = z.infer<typeof DossierSummary>;

export const Dossier = DossierSummary.extend({
  sections: DossierSections,
  frozen: z.boolean(),
  regulationNo: z.string().nullable(),
  regulationIssuedOn: z.string().nullable(),
  appraisalOpinion: z.string().nullable(),
  appraisalCouncil: AppraisalCouncil.nullable(),
  headEndorsedVersion: z.number().int().nullable(),
  versions: z.array(z.object({ version: z.number().int(), frozenAt: z.string().nullable(), proposedLevel: SecurityLevel.nullable() })),
  comments: z.array(DossierComment),
  events: z.array(DossierEvent),
  attachments: z.array(DossierAttachment),
  /** Sections still empty in the current version (the submit button explains what is missing). */
  missingSections: z.array(z.string()),
  can: z.object({
    edit: z.boolean(),
    endorse: z.boolean(),
    comment: z.boolean(),
    transitions: z.array(z.enum(DOSSIER_TRANSITIONS)),
    /** The reader would appraise their own unit's system: the appraisal needs an independent council. */
    councilRequired: z.boolean(),
  }),
});
export type Dossier = z.infer<typeof Dossier>;

export const DossierList = listOf(DossierSummary);
export type DossierList = z.infer<typeof DossierList>;

export const ListDossiersQuery = Paging.extend({
  orgId: Id.optional(),
  systemId: Id.optional(),
  state: z.enum(DOSSIER_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListDossiersQuery = z.infer<typeof ListDossiersQuery>;

export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1).max(10_000) });
export const DossierVersion = z.object({ version: z.number().int(), sections: DossierSections, frozenAt: z.string().nullable(), proposedLevel: SecurityLevel.nullable() });
