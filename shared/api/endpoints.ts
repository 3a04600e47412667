/**
 * Contracts of the endpoints capability (issue #4): the inventory of computers, their protection,
 * coverage figures with drill-down and trend, the central anti-malware product list, violations,
 * enrol secrets for osquery agents and live queries. The osquery remote API itself is in
 * shared/api/osquery.ts (osquery's own shapes, not ours).
 */
import { z } from 'zod';
import { ENDPOINT_SOURCES, OS_LICENCES, OS_PLATFORMS, VIOLATION_KINDS } from '../domain/endpoints';
import { Id, Name, OptionalText, Paging, listOf } from './common';

const Bool = z.enum(['true', 'false']);

export const Hostname = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\s\p{Cc}]+$/u);
const Ip = z.string().trim().max(64).pipe(z.union([z.ipv4(), z.ipv6()]));
const Mac = z
  .string()
  .trim()
  .max(64)
  .regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/);

export const AvProductInput = z.object({
  name: z.string().trim().min(1).max(255),
  /** null: not known. */
  enabled: z.boolean().nullable().default(null),
  upToDate: z.boolean().nullable().default(null),
});
export type AvProductInput = z.infer<typeof AvProductInput>;

/** Manual entry of a machine with no agent (and edits of what people, not agents, know). */
export const CreateEndpointBody = z.object({
  orgId: Id,
  hostname: Hostname,
  hardwareUuid: OptionalText(128),
  serial: OptionalText(128),
  osPlatform: z.enum(OS_PLATFORMS).nullable().optional(),
  osName: OptionalText(255),
  osVersion: OptionalText(100),
  osLicence: z.enum(OS_LICENCES).default('unknown'),
  ipAddresses: z.array(Ip).max(32).default([]),
  macAddresses: z.array(Mac).max(32).default([]),
  assignedTo: OptionalText(255),
  stateSecret: z.boolean().default(false),
  notes: OptionalText(2000),
  avProducts: z.array(AvProductInput).max(20).default([]),
});
export type CreateEndpointBody = z.infer<typeof CreateEndpointBody>;

/** Every field optional and without defaults: a field left out keeps its value. */
export const UpdateEndpointBody = z.object({
  orgId: Id.optional(),
  hostname: Hostname.optional(),
  hardwareUuid: OptionalText(128),
  serial: OptionalText(128),
  osPlatform: z.enum(OS_PLATFORMS).nullable().optional(),
  osName: OptionalText(255),
  osVersion: OptionalText(100),
  osLicence: z.enum(OS_LICENCES).optional(),
  ipAddresses: z.array(Ip).max(32).optional(),
  macAddresses: z.array(Mac).max(32).optional(),
  assignedTo: OptionalText(255),
  stateSecret: z.boolean().optional(),
  notes: OptionalText(2000),
  avProducts: z.array(AvProductInput).max(20).optional(),
  /** Decommissioned: leaves the coverage figures (true), or back in service (false). */
  retired: z.boolean().optional(),
});
export type UpdateEndpointBody = z.infer<typeof UpdateEndpointBody>;

export const AvProduct = z.object({
  name: z.string(),
  enabled: z.boolean().nullable(),
  upToDate: z.boolean().nullable(),
  /** One of the province's centrally managed products (central_av_products). */
  central: z.boolean(),
  source: z.enum(ENDPOINT_SOURCES),
  reportedAt: z.string(),
});
export type AvProduct = z.infer<typeof AvProduct>;

export const Endpoint = z.object({
  id: Id,
  orgId: Id,
  orgCode: z.string(),
  orgName: z.string(),
  hostname: z.string(),
  hardwareUuid: z.string().nullable(),
  serial: z.string().nullable(),
  osPlatform: z.enum(OS_PLATFORMS).nullable(),
  osName: z.string().nullable(),
  osVersion: z.string().nullable(),
  osBuild: z.string().nullable(),
  osLicence: z.enum(OS_LICENCES),
  ipAddresses: z.array(z.string()),
  macAddresses: z.array(z.string()),
  assignedTo: z.string().nullable(),
  stateSecret: z.boolean(),
  source: z.enum(ENDPOINT_SOURCES),
  hasAnyAv: z.boolean(),
  hasCentralAv: z.boolean(),
  avUpToDate: z.boolean().nullable(),
  avProducts: z.array(AvProduct),
  /** Whether an osquery agent is enrolled for it. */
  agent: z.boolean(),
  /** The latest of the agent's check-in and the last-seen reported by an import or by hand. */
  lastSeenAt: z.string().nullable(),
  notes: z.string().nullable(),
  retiredAt: z.string().nullable(),
  updatedAt: z.string(),
  can: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type Endpoint = z.infer<typeof Endpoint>;

export const EndpointList = listOf(Endpoint);
export type EndpointList = z.infer<typeof EndpointList>;

/** Which machines a list (or a coverage drill-down) shows. */
export const ENDPOINT_FILTERS = ['all', 'no_central_av', 'no_av', 'unlicensed_os', 'not_seen', 'state_secret', 'retired'] as const;
export type EndpointFilter = (typeof ENDPOINT_FILTERS)[number];

export const ListEndpointsQuery = Paging.extend({
  /** The organisation and its subtree. */
  orgId: Id.optional(),
  /** Only the machines of orgId itself, not of its subtree (the drill-down of a coverage row with `own`). */
  ownOnly: Bool.optional(),
  q: z.string().trim().max(100).optional(),
  filter: z.enum(ENDPOINT_FILTERS).default('all'),
  /** Window for `not_seen` (days). */
  seenDays: z.coerce.number().int().min(1).max(365).default(7),
  source: z.enum(ENDPOINT_SOURCES).optional(),
  osLicence: z.enum(OS_LICENCES).optional(),
  sort: z.enum(['hostname', 'org', 'os', 'lastSeen', 'updatedAt']).default('hostname'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListEndpointsQuery = z.infer<typeof ListEndpointsQuery>;

export const ExportEndpointsQuery = ListEndpointsQuery.omit({ limit: true, offset: true });
export type ExportEndpointsQuery = z.infer<typeof ExportEndpointsQuery>;

// --- Coverage ------------------------------------------------------------------------------------

/**
 * The counts behind "31/812 computers at 125 centers". `total` excludes state-secret machines and
 * retired ones; `excluded` counts the state-secret machines (retired ones are not counted at all).
 */
export const CoverageCounts = z.object({
  total: z.number().int(),
  centralAv: z.number().int(),
  anyAv: z.number().int(),
  licensedOs: z.number().int(),
  seen: z.number().int(),
  excluded: z.number().int(),
});
export type CoverageCounts = z.infer<typeof CoverageCounts>;

export const CoverageRow = CoverageCounts.extend({
  orgId: Id,
  orgCode: z.string(),
  orgName: z.string(),
  orgKind: z.string(),
  /** Whether the organisation has children (the row can be expanded). */
  hasChildren: z.boolean(),
  /**
   * The focus organisation's own machines (not those of its children), listed as a row of its own
   * when it has any; drill down with GET /api/endpoints?orgId=…&ownOnly=true.
   */
  own: z.boolean(),
});
export type CoverageRow = z.infer<typeof CoverageRow>;

export const CoverageQuery = z.object({
  /** The organisation whose children are listed (default: the caller's widest root). */
  orgId: Id.optional(),
  /** `children`: one row per child (subtree sums); `centers`: one row per Public Administrative Service Center in the subtree. */
  groupBy: z.enum(['children', 'centers']).default('children'),
  seenDays: z.coerce.number().int().min(1).max(365).default(7),
  sort: z.enum(['name', 'total', 'centralAvRatio', 'anyAvRatio', 'licensedRatio', 'seenRatio']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type CoverageQuery = z.infer<typeof CoverageQuery>;

export const Coverage = z.object({
  orgId: Id,
  orgName: z.string(),
  seenDays: z.number().int(),
  /** The whole subtree of orgId. */
  summary: CoverageCounts,
  /** Public Administrative Service Centers in the subtree and their machines (the directive's figure). */
  /** `count`: centers with machines on record (the directive's "at 125 centers"); `withoutMachines`: centers with none recorded yet. */
  centers: CoverageCounts.extend({ count: z.number().int(), withoutMachines: z.number().int() }),
  rows: z.array(CoverageRow),
});
export type Coverage = z.infer<typeof Coverage>;

export const CoverageHistoryQuery = z.object({
  orgId: Id.optional(),
  days: z.coerce.number().int().min(7).max(730).default(90),
  /** Only Public Administrative Service Centers of the subtree. */
  centersOnly: Bool.optional(),
});
export type CoverageHistoryQuery = z.infer<typeof CoverageHistoryQuery>;

export const CoverageHistory = z.object({
  orgId: Id,
  points: z.array(CoverageCounts.extend({ day: z.string() })),
});
export type CoverageHistory = z.infer<typeof CoverageHistory>;

// --- Central anti-malware products ---------------------------------------------------------------

export const CentralAvProduct = z.object({
  id: Id,
  pattern: z.string(),
  vendor: z.string().nullable(),
  note: z.string().nullable(),
  /** Machines whose products match this pattern now. */
  matches: z.number().int(),
  createdAt: z.string(),
});
export type CentralAvProduct = z.infer<typeof CentralAvProduct>;
export const CentralAvProductList = listOf(CentralAvProduct);

export const CreateCentralAvProductBody = z.object({
  pattern: z.string().trim().min(2).max(255),
  vendor: OptionalText(255),
  note: OptionalText(500),
});
export type CreateCentralAvProductBody = z.infer<typeof CreateCentralAvProductBody>;

// --- Violations ----------------------------------------------------------------------------------

export const Violation = z.object({
  id: Id,
  kind: z.enum(VIOLATION_KINDS),
  endpointId: Id,
  hostname: z.string(),
  orgId: Id,
  orgCode: z.string(),
  orgName: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  occurrences: z.number().int(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  can: z.object({ resolve: z.boolean() }),
});
export type Violation = z.infer<typeof Violation>;
export const ViolationList = listOf(Violation);
export const ListViolationsQuery = Paging.extend({ orgId: Id.optional(), open: Bool.default('true') });
export type ListViolationsQuery = z.infer<typeof ListViolationsQuery>;
export const ExportViolationsQuery = ListViolationsQuery.omit({ limit: true, offset: true });
export type ExportViolationsQuery = z.infer<typeof ExportViolationsQuery>;
export const ResolveViolationBody = z.object({ note: z.string().trim().min(3).max(2000) });

// --- Enrol secrets (osquery agents) --------------------------------------------------------------

export const EnrollSecret = z.object({
  id: Id,
  orgId: Id,
  orgCode: z.string(),
  orgName: z.string(),
  name: z.string(),
  /** The first characters, to tell secrets apart; the secret itself is shown once. */
  hint: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  nodes: z.number().int(),
  can: z.object({ revoke: z.boolean() }),
});
export type EnrollSecret = z.infer<typeof EnrollSecret>;
export const EnrollSecretList = listOf(EnrollSecret);
export const ListEnrollSecretsQuery = Paging.extend({ orgId: Id.optional(), revoked: Bool.optional() });

export const CreateEnrollSecretBody = z.object({ orgId: Id, name: Name });
export type CreateEnrollSecretBody = z.infer<typeof CreateEnrollSecretBody>;

/** Returned once, on creation: the secret and the server certificate (the flag file is GET /api/agents/flagfile). */
export const CreatedEnrollSecret = EnrollSecret.extend({
  secret: z.string(),
  serverCertificate: z.string(),
});
export type CreatedEnrollSecret = z.infer<typeof CreatedEnrollSecret>;

/**
 * The files an agent needs, as the flag file names them: put in osquery's folder of the platform
 * (AGENT_DIRS) beside the flag file, then run osqueryd --flagfile=<folder>/osquery.flags.
 */
export const AGENT_FILES = { flags: 'osquery.flags', secret: 'khien-enroll-secret.txt', certificate: 'khien-server.pem' } as const;
export const AGENT_PLATFORMS = ['windows', 'linux'] as const;
export type AgentPlatform = (typeof AGENT_PLATFORMS)[number];
export const AGENT_DIRS: Record<AgentPlatform, string> = { windows: 'C:\\Program Files\\osquery', linux: '/etc/osquery' };
export const FlagfileQuery = z.object({ platform: z.enum(AGENT_PLATFORMS).default('windows') });

// --- Live (distributed) queries ------------------------------------------------------------------

export const CreateLiveQueryBody = z.object({
  /** Machines of this organisation's subtree … */
  orgId: Id,
  /** … or this one machine. */
  endpointId: Id.optional(),
  name: Name,
  /** osquery SQL: a single SELECT (checked), at most 10,000 characters. */
  sql: z.string().trim().min(8).max(10_000),
  /** Agents that have not answered in this time stop being asked. */
  ttlMinutes: z.number().int().min(1).max(24 * 60).default(60),
});
export type CreateLiveQueryBody = z.infer<typeof CreateLiveQueryBody>;

export const LiveQuery = z.object({
  id: Id,
  orgId: Id,
  endpointId: Id.nullable(),
  name: z.string(),
  sql: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  targets: z.number().int(),
  answered: z.number().int(),
});
export type LiveQuery = z.infer<typeof LiveQuery>;
export const LiveQueryList = listOf(LiveQuery);

export const LiveQueryResult = z.object({
  endpointId: Id,
  hostname: z.string(),
  status: z.number().int(),
  message: z.string().nullable(),
  rows: z.array(z.record(z.string(), z.string())),
  receivedAt: z.string(),
});
export const LiveQueryResults = z.object({ query: LiveQuery, results: z.array(LiveQueryResult) });
