/**
 * Incidents: a unit's report, the response team's case, the reports the law asks for, and the
 * deadline rules behind their due dates. Server and web share these contracts.
 */
import { z } from 'zod';
import {
  DEADLINE_ANCHORS,
  DEADLINE_CONDITIONS,
  DEADLINE_REPORT_TYPES,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  INDICATOR_KINDS,
  MEMBER_ROLES,
  REPORT_TYPES,
  TLP_MARKINGS,
} from '../domain/incidents';
import { Regime } from './classification';
import { Email, Id, Name, OptionalText, Paging, Phone, listOf } from './common';

export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export const IncidentType = z.enum(INCIDENT_TYPES);
export const IncidentSeverity = z.enum(INCIDENT_SEVERITIES);
export const Tlp = z.enum(TLP_MARKINGS);
export const ReportType = z.enum(REPORT_TYPES);
export const DeadlineReportType = z.enum(DEADLINE_REPORT_TYPES);
export const IndicatorKind = z.enum(INDICATOR_KINDS);
export const MemberRole = z.enum(MEMBER_ROLES);
export const IncidentTransition = z.enum(['triage', 'respond', 'contain', 'recover', 'close', 'reopen']);
export type IncidentTransition = z.infer<typeof IncidentTransition>;

const Instant = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);

// ── Deadline rules ───────────────────────────────────────────────────────────────────────────

export const DeadlineRule = z.object({
  code: z.string(),
  regime: Regime,
  reportType: DeadlineReportType,
  appliesWhen: z.enum(DEADLINE_CONDITIONS),
  anchor: z.enum(DEADLINE_ANCHORS),
  hours: z.number().int(),
  legalRef: z.string(),
  textVi: z.string(),
  textEn: z.string(),
  verified: z.boolean(),
  updatedAt: Instant,
});
export type DeadlineRule = z.infer<typeof DeadlineRule>;
export const DeadlineRuleList = z.object({
  items: z.array(DeadlineRule),
  total: z.number().int(),
  /** The regimes' effective dates, so the report form can tell which rules apply on the detection day. */
  regimes: z.array(z.object({ code: Regime, effectiveFrom: z.string(), effectiveTo: z.string().nullable() })),
});
export type DeadlineRuleList = z.infer<typeof DeadlineRuleList>;
export const DeadlineRuleParams = z.object({ code: z.string().trim().min(1).max(64).regex(/^[a-z0-9_.]+$/) });
export const UpdateDeadlineRuleBody = z.strictObject({
  hours: z.number().int().min(0).max(8760).optional(),
  legalRef: z.string().trim().min(1).max(255).optional(),
  textVi: Text(1000).optional(),
  textEn: Text(1000).optional(),
  verified: z.boolean().optional(),
});
export type UpdateDeadlineRuleBody = z.infer<typeof UpdateDeadlineRuleBody>;

// ── Reporting ────────────────────────────────────────────────────────────────────────────────

const Flags = {
  serious: z.boolean().default(false),
  nationalSecuritySign: z.boolean().default(false),
  beyondCapacity: z.boolean().default(false),
  personalDataInvolved: z.boolean().default(false),
};

/** The initial report (Decision 05/2017 Art 11.4; Circular 20/2017 Form 03). */
export const ReportIncidentBody = z.strictObject({
  /** The reporting unit; defaults to the reporter's own. A police analyst may report for a unit. */
  orgId: Id.optional(),
  reporterName: Name,
  reporterTitle: OptionalText(255),
  reporterPhone: Phone,
  reporterEmail: Email.optional().nullable(),
  detectedAt: Instant,
  type: IncidentType,
  severity: IncidentSeverity,
  ...Flags,
  title: Text(255),
  description: Text(8000),
  infrastructureProvider: OptionalText(500),
  actionsTaken: OptionalText(4000),
  supportRequested: OptionalText(4000),
  systemIds: z.array(Id).max(50).default([]),
  /** Alerts promoted to this incident (only those the reporter may read). */
  alertIds: z.array(Id).max(500).default([]),
  tlp: Tlp.default('amber'),
});
export type ReportIncidentBody = z.infer<typeof ReportIncidentBody>;
export type ReportIncidentInput = z.input<typeof ReportIncidentBody>;

/** The response team's triage details. */
export const UpdateIncidentBody = z.strictObject({
  type: IncidentType.optional(),
  severity: IncidentSeverity.optional(),
  serious: z.boolean().optional(),
  nationalSecuritySign: z.boolean().optional(),
  beyondCapacity: z.boolean().optional(),
  personalDataInvolved: z.boolean().optional(),
  tlp: Tlp.optional(),
  title: Text(255).optional(),
  description: Text(8000).optional(),
});
export type UpdateIncidentBody = z.infer<typeof UpdateIncidentBody>;

/** An update, the final (end-of-response) report, or one of the timed reports. */
export const SendReportBody = z.strictObject({
  reportType: ReportType.exclude(['notification']),
  summary: Text(8000),
  actionsTaken: OptionalText(4000),
  cause: OptionalText(4000),
  scope: OptionalText(4000),
  remedy: OptionalText(4000),
  recommendations: OptionalText(4000),
});
export type SendReportBody = z.infer<typeof SendReportBody>;

export const ClosingReportBody = z.strictObject({
  cause: Text(4000),
  scope: Text(4000),
  remedy: Text(4000),
  lessons: OptionalText(4000),
});
export type ClosingReportBody = z.infer<typeof ClosingReportBody>;

export const TransitionBody = z.strictObject({ note: OptionalText(4000), reason: OptionalText(2000) });
export type TransitionBody = z.infer<typeof TransitionBody>;
export const TransitionParams = z.object({ id: Id, transition: IncidentTransition });

export const CommentBody = z.strictObject({ body: Text(4000) });
export const AddMemberBody = z.strictObject({ userId: Id, role: MemberRole.default('member') });
export type AddMemberBody = z.input<typeof AddMemberBody>;
export const MemberParams = z.object({ id: Id, userId: Id });

export const IndicatorBody = z.strictObject({
  kind: IndicatorKind,
  value: z.string().trim().min(1).max(2048),
  description: OptionalText(1000),
  firstSeen: Instant.optional().nullable(),
});
export type IndicatorBody = z.infer<typeof IndicatorBody>;
export const UpdateIndicatorBody = z.strictObject({ description: OptionalText(1000), firstSeen: Instant.optional().nullable() });
export type UpdateIndicatorBody = z.infer<typeof UpdateIndicatorBody>;
export const IndicatorParams = z.object({ id: Id, indicatorId: Id });
export const EvidenceParams = z.object({ id: Id, evidenceId: Id });
export const LinkSystemBody = z.strictObject({ systemId: Id });
export const SystemParams = z.object({ id: Id, systemId: Id });
export const LinkAlertsBody = z.strictObject({ alertIds: z.array(Id).min(1).max(500) });
export const AlertParams = z.object({ id: Id, alertId: Id });

export const ListIncidentsQuery = Paging.extend({
  status: IncidentStatus.optional(),
  type: IncidentType.optional(),
  severity: IncidentSeverity.optional(),
  orgId: Id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Open cases only (every status but closed). */
  open: z.enum(['true', 'false']).optional(),
});
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuery>;

// ── Responses ────────────────────────────────────────────────────────────────────────────────

export const IncidentReport = z.object({
  id: Id,
  reportType: ReportType,
  dueAt: Instant.nullable(),
  sentAt: Instant.nullable(),
  sentByName: z.string().nullable(),
  isLate: z.boolean(),
  legalRef: z.string().nullable(),
  verified: z.boolean(),
  content: z.record(z.string(), z.unknown()).nullable(),
});
export type IncidentReport = z.infer<typeof IncidentReport>;

export const IncidentSummary = z.object({
  id: Id,
  code: z.string(),
  orgId: Id,
  orgName: z.string(),
  title: z.string(),
  type: IncidentType,
  severity: IncidentSeverity,
  serious: z.boolean(),
  status: IncidentStatus,
  regime: Regime,
  detectedAt: Instant,
  reportedAt: Instant,
  /** The earliest due date of a report not yet sent. */
  nextDueAt: Instant.nullable(),
  isOverdue: z.boolean(),
  tlp: Tlp,
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;
export const IncidentList = listOf(IncidentSummary);
export type IncidentList = z.infer<typeof IncidentList>;

export const IncidentEvent = z.object({
  id: Id,
  kind: z.string(),
  fromStatus: IncidentStatus.nullable(),
  toStatus: IncidentStatus.nullable(),
  body: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  actorName: z.string().nullable(),
  at: Instant,
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const IncidentIndicator = z.object({
  id: Id,
  kind: IndicatorKind,
  value: z.string(),
  description: z.string().nullable(),
  firstSeen: Instant.nullable(),
  createdAt: Instant,
});
export type IncidentIndicator = z.infer<typeof IncidentIndicator>;

export const IncidentEvidence = z.object({
  id: Id,
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdByName: z.string().nullable(),
  createdAt: Instant,
});
export type IncidentEvidence = z.infer<typeof IncidentEvidence>;

export const IncidentMember = z.object({ userId: Id, fullName: z.string(), role: MemberRole, addedAt: Instant });
export type IncidentMember = z.infer<typeof IncidentMember>;

export const LinkedSystem = z.object({ id: Id, code: z.string(), name: z.string() });
export const LinkedAlert = z.object({ id: Id, ruleName: z.string(), severity: IncidentSeverity, occurredAt: Instant, host: z.string().nullable(), srcIp: z.string().nullable() });
export type LinkedAlert = z.infer<typeof LinkedAlert>;

export const Incident = IncidentSummary.extend({
  reporterName: z.string(),
  reporterTitle: z.string().nullable(),
  reporterPhone: z.string(),
  reporterEmail: z.string().nullable(),
  nationalSecuritySign: z.boolean(),
  beyondCapacity: z.boolean(),
  personalDataInvolved: z.boolean(),
  description: z.string(),
  infrastructureProvider: z.string().nullable(),
  actionsTaken: z.string().nullable(),
  supportRequested: z.string().nullable(),
  responseEndedAt: Instant.nullable(),
  closing: z.object({ cause: z.string().nullable(), scope: z.string().nullable(), remedy: z.string().nullable(), lessons: z.string().nullable() }),
  closedAt: Instant.nullable(),
  closedByName: z.string().nullable(),
  reopenedAt: Instant.nullable(),
  reopenReason: z.string().nullable(),
  createdByName: z.string().nullable(),
  systems: z.array(LinkedSystem),
  alerts: z.array(LinkedAlert),
  members: z.array(IncidentMember),
  reports: z.array(IncidentReport),
  events: z.array(IncidentEvent),
  indicators: z.array(IncidentIndicator),
  evidence: z.array(IncidentEvidence),
  /** What the caller may do now (the web shows buttons from it). */
  can: z.object({
    transitions: z.array(IncidentTransition),
    sendReport: z.boolean(),
    contribute: z.boolean(),
    manage: z.boolean(),
    share: z.boolean(),
  }),
});
export type Incident = z.infer<typeof Incident>;

export const Responder = z.object({ id: Id, fullName: z.string(), orgName: z.string() });
export const ResponderList = listOf(Responder);
export type ResponderList = z.infer<typeof ResponderList>;
