/**
 * Contracts of SOC coverage and the alert queue (issue #5): the SOC connection of each important
 * system, coverage figures with the systems missing, the quiet threshold, alert intake replies, the
 * analyst queue and triage, and the counters of refused input.
 */
import { z } from 'zod';
import { ALERT_CHANNELS, ALERT_SEVERITIES, ALERT_SOURCES, ALERT_STATUSES, SOC_CENTER_KINDS, SOC_CONNECTION_STATUSES, TRIAGE_ACTIONS } from '../domain/alerts';
import { Id, OptionalText, Paging } from './common';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A source identifier: an agent name, a host name, an address, "<manager>:<agent id>". Stored lower-cased. */
export const SourceIdentifier = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(255)
  .regex(/^[^\s\p{Cc},]+$/u);

export const SocConnection = z.object({
  systemId: Id,
  systemCode: z.string(),
  systemName: z.string(),
  isImportant: z.boolean(),
  orgId: Id,
  orgName: z.string(),
  status: z.enum(SOC_CONNECTION_STATUSES),
  centerKind: z.enum(SOC_CENTER_KINDS).nullable(),
  centerName: z.string().nullable(),
  provider: z.string().nullable(),
  connectedOn: z.string().nullable(),
  sourceIdentifiers: z.array(z.string()),
  logRetentionDays: z.number().int().nullable(),
  lastEventAt: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** Connected and its feed heard within the quiet threshold. */
  monitored: z.boolean(),
  quietHours: z.number().int(),
  /** The actor may change this connection. */
  canManage: z.boolean(),
});
export type SocConnection = z.infer<typeof SocConnection>;

export const UpdateSocConnectionBody = z.object({
  status: z.enum(SOC_CONNECTION_STATUSES),
  centerKind: z.enum(SOC_CENTER_KINDS).nullable().optional(),
  centerName: OptionalText(255),
  provider: OptionalText(255),
  connectedOn: Day.nullable().optional(),
  sourceIdentifiers: z.array(SourceIdentifier).max(50).default([]),
  logRetentionDays: z.number().int().min(0).max(36500).nullable().optional(),
  note: OptionalText(2000),
});
export type UpdateSocConnectionBody = z.infer<typeof UpdateSocConnectionBody>;

export const MISSING_REASONS = ['not_connected', 'in_progress', 'quiet', 'no_events'] as const;
export type MissingReason = (typeof MISSING_REASONS)[number];

export const CoverageFigures = z.object({ important: z.number().int(), connected: z.number().int(), monitored: z.number().int() });

export const SocCoverage = z.object({
  quietHours: z.number().int(),
  /** The actor may change the quiet threshold (soc.manage at province level). */
  canSetThreshold: z.boolean(),
  total: CoverageFigures,
  orgs: z.array(CoverageFigures.extend({ orgId: Id, orgCode: z.string(), orgName: z.string() })),
  missing: z.array(
    z.object({
      systemId: Id,
      systemCode: z.string(),
      systemName: z.string(),
      orgId: Id,
      orgName: z.string(),
      reason: z.enum(MISSING_REASONS),
      lastEventAt: z.string().nullable(),
    }),
  ),
});
export type SocCoverage = z.infer<typeof SocCoverage>;

export const SocCoverageQuery = z.object({ orgId: Id.optional() });

export const SocSettings = z.object({ quietHours: z.number().int(), updatedAt: z.string().nullable() });
export type SocSettings = z.infer<typeof SocSettings>;
export const UpdateSocSettingsBody = z.object({ quietHours: z.number().int().min(1).max(8760) });

// ── Intake ────────────────────────────────────────────────────────────────────────────────────

/** The reply to POST /api/alerts/wazuh: what was stored, what was already there, what was refused and why. */
export const IntakeReply = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string(), message: z.string() })),
});
export type IntakeReply = z.infer<typeof IntakeReply>;

// ── Queue ─────────────────────────────────────────────────────────────────────────────────────

export const ALERT_GROUPINGS = ['rule', 'host', 'system'] as const;
export type AlertGrouping = (typeof ALERT_GROUPINGS)[number];

export const ListAlertsQuery = Paging.extend({
  orgId: Id.optional(),
  systemId: Id.optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  source: z.enum(ALERT_SOURCES).optional(),
  ruleId: z.string().trim().min(1).max(100).optional(),
  host: z.string().trim().min(1).max(255).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  groupBy: z.enum(ALERT_GROUPINGS).optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>;

export const Alert = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  systemId: Id.nullable(),
  systemName: z.string().nullable(),
  source: z.enum(ALERT_SOURCES),
  sourceRef: z.string().nullable(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  ruleGroups: z.array(z.string()),
  severity: z.enum(ALERT_SEVERITIES),
  sourceSeverity: z.string().nullable(),
  host: z.string().nullable(),
  hostIp: z.string().nullable(),
  srcIp: z.string().nullable(),
  srcPort: z.number().int().nullable(),
  dstIp: z.string().nullable(),
  dstPort: z.number().int().nullable(),
  status: z.enum(ALERT_STATUSES),
  incidentId: Id.nullable(),
  triagedByName: z.string().nullable(),
  triagedAt: z.string().nullable(),
  triageNote: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertDetail = Alert.extend({ raw: z.unknown(), canTriage: z.boolean() });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const AlertGroup = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  newCount: z.number().int(),
  maxSeverity: z.enum(ALERT_SEVERITIES),
  lastAt: z.string(),
});
export type AlertGroup = z.infer<typeof AlertGroup>;

export const AlertList = z.object({
  items: z.array(Alert),
  total: z.number().int(),
  /** With groupBy: the groups (largest first, at most 200) of the whole filtered set. */
  groups: z.array(AlertGroup).optional(),
  canTriage: z.boolean(),
});
export type AlertList = z.infer<typeof AlertList>;

export const TriageBody = z.object({
  ids: z.array(Id).min(1).max(500),
  action: z.enum(TRIAGE_ACTIONS),
  note: OptionalText(2000),
});
export type TriageBody = z.infer<typeof TriageBody>;

export const TriageReply = z.object({ updated: z.number().int(), skipped: z.number().int() });

export const RejectionsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });

export const AlertRejection = z.object({
  day: z.string(),
  channel: z.enum(ALERT_CHANNELS),
  reason: z.string(),
  source: z.string(),
  count: z.number().int(),
  lastSample: z.string().nullable(),
  lastAt: z.string(),
});
export const AlertRejectionList = z.object({ items: z.array(AlertRejection), total: z.number().int() });
export type AlertRejectionList = z.infer<typeof AlertRejectionList>;
