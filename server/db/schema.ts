/**
 * Table definitions and row types for the query layer (Drizzle). The SQL migrations in ./migrations
 * are the source of truth for the database; this file mirrors them and schema.test.ts compares the
 * two through information_schema, so they cannot drift. Column names are snake_case in SQL and
 * camelCase here (casing: 'snake_case' in connect.ts).
 */
import {
  bigint,
  boolean,
  char,
  customType,
  date,
  integer,
  primaryKey,
  smallint,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { OrgKind, AdminUnitKind } from '@shared/domain/orgs';
import type { ItQualification, Role } from '@shared/domain/roles';
import type { DossierEventKind, DossierSection, DossierState } from '@shared/domain/dossiers';
import type { AppraisalCouncil } from '@shared/api/dossiers';

type AttachmentSection = DossierSection | 'other';
import type { Locale } from '@shared/api/common';
import type {
  Audience,
  ComponentKind,
  Hosting,
  IcsWorksGrade,
  InfoType,
  InfraScope,
  Lifecycle,
  Regime,
  StateSecretHarm,
  SystemType,
} from '@shared/domain/systems';
import type { EndpointSource, OsLicence, OsPlatform, ViolationKind } from '@shared/domain/endpoints';
import type { AlertChannel, AlertSeverity, AlertSource, AlertStatus, SocCenterKind, SocConnectionStatus } from '@shared/domain/alerts';
import type { AssessmentKind, AssessmentState, InspectionKind, ItemStatus, PerformerKind, RequirementFamily, TestForm, TriggerKind } from '@shared/domain/assessments';
import type { AdvisorySource, AdvisoryStatus, AssetKind, MatchedKind, NameMatch, Resolution, Severity, TargetStatus, Tlp, VersionReason, VersionRule, VersionStatus } from '@shared/domain/advisories';
import type * as Inc from '@shared/domain/incidents';

const ts = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: 'date' }) : timestamp({ withTimezone: true, mode: 'date' });

export const orgs = pgTable('orgs', {
  id: uuid().primaryKey(),
  code: varchar({ length: 32 }).notNull(),
  name: varchar({ length: 255 }).notNull(),
  nameEn: varchar({ length: 255 }),
  kind: text().$type<OrgKind>().notNull(),
  adminUnitKind: text().$type<AdminUnitKind>(),
  parentId: uuid(),
  path: text().notNull(),
  depth: integer().notNull(),
  address: varchar({ length: 500 }),
  phone: varchar({ length: 32 }),
  email: varchar({ length: 254 }),
  securityOfficerId: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type OrgRow = typeof orgs.$inferSelect;

export const users = pgTable('users', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  username: varchar({ length: 64 }).notNull(),
  fullName: varchar({ length: 255 }).notNull(),
  email: varchar({ length: 254 }),
  phone: varchar({ length: 32 }),
  title: varchar({ length: 255 }),
  itQualification: text().$type<ItQualification>(),
  locale: text().$type<Locale>().notNull().default('vi'),
  passwordHash: text().notNull(),
  mustChangePassword: boolean().notNull().default(false),
  totpSecret: text(),
  totpPendingSecret: text(),
  totpEnabledAt: ts(),
  totpLastStep: bigint({ mode: 'number' }),
  failedLogins: integer().notNull().default(0),
  lockedUntil: ts(),
  disabledAt: ts(),
  lastLoginAt: ts(),
  passwordChangedAt: ts().notNull().defaultNow(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type UserRow = typeof users.$inferSelect;

export const roleAssignments = pgTable('role_assignments', {
  id: uuid().primaryKey(),
  userId: uuid().notNull(),
  role: text().$type<Role>().notNull(),
  orgId: uuid().notNull(),
  createdAt: ts().notNull().defaultNow(),
  createdBy: uuid(),
});

export const sessions = pgTable('sessions', {
  id: text().primaryKey(),
  userId: uuid().notNull(),
  csrfToken: text().notNull(),
  mfa: text().$type<'none' | 'verify' | 'enroll'>().notNull(),
  ip: varchar({ length: 64 }),
  userAgent: varchar({ length: 500 }),
  createdAt: ts().notNull().defaultNow(),
  lastSeenAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
  revokedAt: ts(),
});
export type SessionRow = typeof sessions.$inferSelect;

export const apiTokens = pgTable('api_tokens', {
  id: uuid().primaryKey(),
  name: varchar({ length: 255 }).notNull(),
  prefix: varchar({ length: 16 }).notNull(),
  secretHash: text().notNull(),
  orgId: uuid().notNull(),
  actions: text().array().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  lastUsedAt: ts(),
  expiresAt: ts(),
  revokedAt: ts(),
});
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  count: integer().notNull(),
  expiresAt: ts().notNull(),
});

export const imports = pgTable('imports', {
  id: uuid().primaryKey(),
  kind: text().$type<'orgs' | 'systems' | 'endpoints'>().notNull(),
  orgId: uuid().notNull(),
  createdBy: uuid().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  rows: jsonb().notNull(),
  createdAt: ts().notNull().defaultNow(),
  committedAt: ts(),
});

export const auditLog = pgTable('audit_log', {
  seq: bigint({ mode: 'number' }).primaryKey(),
  at: ts().notNull(),
  actorId: uuid(),
  actorLabel: varchar({ length: 255 }).notNull(),
  orgId: uuid(),
  action: varchar({ length: 100 }).notNull(),
  entityType: varchar({ length: 100 }).notNull(),
  entityId: varchar({ length: 100 }),
  before: jsonb(),
  after: jsonb(),
  ip: varchar({ length: 64 }),
  requestId: varchar({ length: 64 }),
  prevHash: char({ length: 64 }).notNull(),
  hash: char({ length: 64 }).notNull(),
});
export type AuditRow = typeof auditLog.$inferSelect;

export const auditHead = pgTable('audit_head', {
  id: boolean().primaryKey().default(true),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: char({ length: 64 }).notNull(),
});

const day = () => date({ mode: 'string' });

export const legalRegimes = pgTable('legal_regimes', {
  code: text().$type<Regime>().primaryKey(),
  nameVi: varchar({ length: 255 }).notNull(),
  nameEn: varchar({ length: 255 }).notNull(),
  legalRef: varchar({ length: 255 }).notNull(),
  effectiveFrom: day().notNull(),
  effectiveTo: day(),
  updatedAt: ts().notNull().defaultNow(),
});
export type LegalRegimeRow = typeof legalRegimes.$inferSelect;

export const levelCriteria = pgTable('level_criteria', {
  id: uuid().primaryKey(),
  regime: text().$type<Regime>().notNull(),
  code: varchar({ length: 64 }).notNull(),
  level: smallint().notNull(),
  legalRef: varchar({ length: 255 }).notNull(),
  textVi: varchar({ length: 2000 }).notNull(),
  textEn: varchar({ length: 2000 }).notNull(),
  condition: jsonb().notNull(),
  verified: boolean().notNull().default(true),
  sort: integer().notNull().default(0),
  updatedAt: ts().notNull().defaultNow(),
  updatedBy: uuid(),
});
export type LevelCriterionRow = typeof levelCriteria.$inferSelect;

export const levelAuthorities = pgTable(
  'level_authorities',
  {
    regime: text().$type<Regime>().notNull(),
    level: smallint().notNull(),
    appraiserVi: varchar({ length: 500 }).notNull(),
    appraiserEn: varchar({ length: 500 }).notNull(),
    approverVi: varchar({ length: 500 }).notNull(),
    approverEn: varchar({ length: 500 }).notNull(),
    legalRef: varchar({ length: 255 }).notNull(),
    verified: boolean().notNull().default(true),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regime, t.level] })],
);
export type LevelAuthorityRow = typeof levelAuthorities.$inferSelect;

export const regimeDeadlines = pgTable(
  'regime_deadlines',
  {
    regime: text().$type<Regime>().notNull(),
    step: text().$type<'completeness' | 'opinion' | 'appraisal' | 'approval'>().notNull(),
    levelMin: smallint().notNull(),
    levelMax: smallint().notNull(),
    days: integer().notNull(),
    dayKind: text().$type<'working' | 'calendar'>().notNull(),
    legalRef: varchar({ length: 255 }).notNull(),
    verified: boolean().notNull().default(true),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regime, t.step, t.levelMin] })],
);
export type RegimeDeadlineRow = typeof regimeDeadlines.$inferSelect;

export const publicHolidays = pgTable('public_holidays', {
  day: day().primaryKey(),
  kind: text().$type<'day_off' | 'working_day'>().notNull(),
  nameVi: varchar({ length: 255 }).notNull(),
  nameEn: varchar({ length: 255 }).notNull(),
});
export type PublicHolidayRow = typeof publicHolidays.$inferSelect;

export const informationSystems = pgTable('information_systems', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  ownerOrgId: uuid(),
  code: varchar({ length: 32 }).notNull(),
  name: varchar({ length: 255 }).notNull(),
  purpose: varchar({ length: 2000 }),
  audiences: text().array().$type<Audience[]>().notNull().default([]),
  systemType: text().$type<SystemType>().notNull(),
  infoTypes: text().array().$type<InfoType[]>().notNull().default([]),
  servesDefenceSecurity: boolean().notNull().default(false),
  stateSecretHarm: text().$type<StateSecretHarm>().notNull().default('none'),
  onlinePublicServiceLevel: smallint().notNull().default(0),
  conditionalBusinessService: boolean().notNull().default(false),
  handlesAdminProcedures: boolean().notNull().default(false),
  userCount: integer().notNull().default(0),
  personalBasicSubjects: integer().notNull().default(0),
  personalSensitiveSubjects: integer().notNull().default(0),
  infraScope: text().$type<InfraScope>(),
  requires24x7: boolean('requires_24x7').notNull().default(false),
  nationalEgov: boolean().notNull().default(false),
  centralNationalDataStore: boolean().notNull().default(false),
  icsWorksGrade: text().$type<IcsWorksGrade>().notNull().default('none'),
  nsCriticalSigns: boolean().notNull().default(false),
  decidedLevel: smallint(),
  riskAssessedLevel: smallint(),
  hosting: text().$type<Hosting>(),
  hostingProvider: varchar({ length: 255 }),
  lifecycle: text().$type<Lifecycle>().notNull().default('operating'),
  investmentStartedOn: day(),
  isImportant: boolean().notNull().default(false),
  parentSystemId: uuid(),
  contactName: varchar({ length: 255 }),
  contactPhone: varchar({ length: 32 }),
  contactEmail: varchar({ length: 254 }),
  regime: text().$type<Regime>(),
  proposedLevel: smallint(),
  classifiedAt: ts(),
  approvedLevel: smallint(),
  approvedRegime: text().$type<Regime>(),
  approvedOn: day(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type InformationSystemRow = typeof informationSystems.$inferSelect;

export const systemComponents = pgTable('system_components', {
  id: uuid().primaryKey(),
  systemId: uuid().notNull(),
  kind: text().$type<ComponentKind>().notNull(),
  vendor: varchar({ length: 255 }),
  product: varchar({ length: 255 }).notNull(),
  version: varchar({ length: 100 }),
  sort: integer().notNull().default(0),
});
export type SystemComponentRow = typeof systemComponents.$inferSelect;

export const classifications = pgTable('classifications', {
  id: uuid().primaryKey(),
  systemId: uuid().notNull(),
  orgId: uuid().notNull(),
  regime: text().$type<Regime>().notNull(),
  answers: jsonb().notNull(),
  level: smallint().notNull(),
  result: jsonb().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
export type ClassificationRow = typeof classifications.$inferSelect;

export const dossiers = pgTable('dossiers', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  systemId: uuid().notNull(),
  regime: text().$type<Regime>().notNull(),
  state: text().$type<DossierState>().notNull().default('draft'),
  proposedLevel: smallint(),
  currentVersion: integer().notNull().default(1),
  receivedAt: ts(),
  acceptedAt: ts(),
  appraisedAt: ts(),
  submittedForApprovalAt: ts(),
  decidedAt: ts(),
  clock: text().$type<'completeness' | 'appraisal' | 'approval'>(),
  dueOn: day(),
  directiveDueOn: day(),
  regulationNo: varchar({ length: 64 }),
  regulationIssuedOn: day(),
  appraisalOpinion: varchar({ length: 4000 }),
  decisionNo: varchar({ length: 64 }),
  decisionDate: day(),
  approvedLevel: smallint(),
  decidedBy: uuid(),
  headEndorsedVersion: integer(),
  headEndorsedBy: uuid(),
  /** The independent appraisal council, when the appraiser's own unit operates the system. */
  appraisalCouncil: jsonb().$type<AppraisalCouncil>(),
  /** Re-determination: the later approved dossier that replaced this one's approval. */
  supersededBy: uuid(),
  supersededAt: ts(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type DossierRow = typeof dossiers.$inferSelect;

export const dossierVersions = pgTable('dossier_versions', {
  id: uuid().primaryKey(),
  dossierId: uuid().notNull(),
  orgId: uuid().notNull(),
  version: integer().notNull(),
  sections: jsonb().notNull().default({}),
  proposedLevel: smallint(),
  frozenAt: ts(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type DossierVersionRow = typeof dossierVersions.$inferSelect;

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const dossierAttachments = pgTable('dossier_attachments', {
  id: uuid().primaryKey(),
  dossierId: uuid().notNull(),
  versionId: uuid().notNull(),
  orgId: uuid().notNull(),
  section: text().$type<AttachmentSection>().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  mediaType: varchar({ length: 100 }).notNull(),
  sizeBytes: integer().notNull(),
  sha256: char({ length: 64 }).notNull(),
  content: bytea().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
export type DossierAttachmentRow = typeof dossierAttachments.$inferSelect;

export const dossierComments = pgTable('dossier_comments', {
  id: uuid().primaryKey(),
  dossierId: uuid().notNull(),
  versionId: uuid().notNull(),
  orgId: uuid().notNull(),
  section: text().$type<AttachmentSection>().notNull(),
  body: varchar({ length: 4000 }).notNull(),
  authorId: uuid(),
  createdAt: ts().notNull().defaultNow(),
  resolvedAt: ts(),
  resolvedBy: uuid(),
});
export type DossierCommentRow = typeof dossierComments.$inferSelect;

export const dossierEvents = pgTable('dossier_events', {
  id: uuid().primaryKey(),
  dossierId: uuid().notNull(),
  orgId: uuid().notNull(),
  transition: text().$type<DossierEventKind>().notNull(),
  fromState: text().$type<DossierState>().notNull(),
  toState: text().$type<DossierState>().notNull(),
  version: integer().notNull(),
  note: varchar({ length: 4000 }),
  dueOn: day(),
  actorId: uuid(),
  at: ts().notNull().defaultNow(),
});
export type DossierEventRow = typeof dossierEvents.$inferSelect;

export const notifications = pgTable('notifications', {
  id: uuid().primaryKey(),
  userId: uuid().notNull(),
  orgId: uuid().notNull(),
  kind: varchar({ length: 64 }).notNull(),
  subjectType: varchar({ length: 64 }).notNull(),
  subjectId: uuid().notNull(),
  params: jsonb().notNull().default({}),
  createdAt: ts().notNull().defaultNow(),
  readAt: ts(),
});
export type NotificationRow = typeof notifications.$inferSelect;

// --- Endpoints (issue #4, migration 0006) -------------------------------------------------------

export const centralAvProducts = pgTable('central_av_products', {
  id: uuid().primaryKey(),
  pattern: varchar({ length: 255 }).notNull(),
  vendor: varchar({ length: 255 }),
  note: varchar({ length: 500 }),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
export type CentralAvProductRow = typeof centralAvProducts.$inferSelect;

export const endpoints = pgTable('endpoints', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  hostname: varchar({ length: 255 }).notNull(),
  hardwareUuid: varchar({ length: 128 }),
  serial: varchar({ length: 128 }),
  osPlatform: text().$type<OsPlatform>(),
  osName: varchar({ length: 255 }),
  osVersion: varchar({ length: 100 }),
  osBuild: varchar({ length: 100 }),
  osLicence: text().$type<OsLicence>().notNull().default('unknown'),
  ipAddresses: text().array().notNull().default([]),
  macAddresses: text().array().notNull().default([]),
  assignedTo: varchar({ length: 255 }),
  stateSecret: boolean().notNull().default(false),
  source: text().$type<EndpointSource>().notNull(),
  hasAnyAv: boolean().notNull().default(false),
  hasCentralAv: boolean().notNull().default(false),
  avUpToDate: boolean(),
  reportedSeenAt: ts(),
  notes: varchar({ length: 2000 }),
  retiredAt: ts(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type EndpointRow = typeof endpoints.$inferSelect;

export const endpointAvProducts = pgTable(
  'endpoint_av_products',
  {
    endpointId: uuid().notNull(),
    name: varchar({ length: 255 }).notNull(),
    enabled: boolean(),
    upToDate: boolean(),
    source: text().$type<EndpointSource>().notNull(),
    reportedAt: ts().notNull(),
  },
  (t) => [primaryKey({ columns: [t.endpointId, t.name] })],
);
export type EndpointAvProductRow = typeof endpointAvProducts.$inferSelect;

export const endpointPrograms = pgTable(
  'endpoint_programs',
  {
    endpointId: uuid().notNull(),
    name: varchar({ length: 255 }).notNull(),
    version: varchar({ length: 100 }).notNull().default(''),
    publisher: varchar({ length: 255 }),
  },
  (t) => [primaryKey({ columns: [t.endpointId, t.name, t.version] })],
);

export const endpointCheckins = pgTable('endpoint_checkins', {
  endpointId: uuid().primaryKey(),
  seenAt: ts().notNull(),
  ip: varchar({ length: 64 }),
});

export const enrollSecrets = pgTable('enroll_secrets', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  name: varchar({ length: 255 }).notNull(),
  secretHash: char({ length: 64 }).notNull(),
  hint: varchar({ length: 16 }).notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  lastUsedAt: ts(),
  revokedAt: ts(),
  revokedBy: uuid(),
});
export type EnrollSecretRow = typeof enrollSecrets.$inferSelect;

export const agentNodes = pgTable('agent_nodes', {
  id: uuid().primaryKey(),
  endpointId: uuid().notNull(),
  orgId: uuid().notNull(),
  enrollSecretId: uuid(),
  nodeKeyHash: char({ length: 64 }).notNull(),
  hostIdentifier: varchar({ length: 255 }).notNull(),
  platform: varchar({ length: 64 }),
  osqueryVersion: varchar({ length: 64 }),
  enrolledAt: ts().notNull().defaultNow(),
  revokedAt: ts(),
});
export type AgentNodeRow = typeof agentNodes.$inferSelect;

export const agentQueryState = pgTable(
  'agent_query_state',
  {
    nodeId: uuid().notNull(),
    queryName: varchar({ length: 128 }).notNull(),
    digest: char({ length: 64 }).notNull(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.queryName] })],
);

export const distributedQueries = pgTable('distributed_queries', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  endpointId: uuid(),
  name: varchar({ length: 255 }).notNull(),
  sql: varchar({ length: 10000 }).notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  expiresAt: ts().notNull(),
});
export type DistributedQueryRow = typeof distributedQueries.$inferSelect;

export const distributedResults = pgTable(
  'distributed_results',
  {
    queryId: uuid().notNull(),
    nodeId: uuid().notNull(),
    orgId: uuid().notNull(),
    status: integer().notNull(),
    rows: jsonb().notNull().default([]),
    message: varchar({ length: 2000 }),
    receivedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.queryId, t.nodeId] })],
);

export const endpointViolations = pgTable('endpoint_violations', {
  id: uuid().primaryKey(),
  endpointId: uuid().notNull(),
  orgId: uuid().notNull(),
  kind: text().$type<ViolationKind>().notNull(),
  firstSeenAt: ts().notNull(),
  lastSeenAt: ts().notNull(),
  occurrences: integer().notNull().default(1),
  resolvedAt: ts(),
  resolvedBy: uuid(),
  resolutionNote: varchar({ length: 2000 }),
});
export type EndpointViolationRow = typeof endpointViolations.$inferSelect;

export const coverageDaily = pgTable(
  'coverage_daily',
  {
    day: day().notNull(),
    orgId: uuid().notNull(),
    total: integer().notNull(),
    excluded: integer().notNull(),
    centralAv: integer().notNull(),
    anyAv: integer().notNull(),
    licensedOs: integer().notNull(),
    seen: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.orgId] })],
);

export const importMappings = pgTable('import_mappings', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  source: varchar({ length: 100 }).notNull(),
  mapping: jsonb().notNull(),
  updatedBy: uuid(),
  updatedAt: ts().notNull().defaultNow(),
});

// --- Assessments and inspections (issue #3, migration 0007) -------------------------------------

export const requirementCatalogues = pgTable('requirement_catalogues', {
  code: varchar({ length: 64 }).primaryKey(),
  regime: text().$type<Regime>().notNull(),
  nameVi: varchar({ length: 255 }).notNull(),
  nameEn: varchar({ length: 255 }).notNull(),
  legalRef: varchar({ length: 255 }).notNull(),
  effectiveFrom: day().notNull(),
  verified: boolean().notNull().default(true),
  updatedAt: ts().notNull().defaultNow(),
});
export type RequirementCatalogueRow = typeof requirementCatalogues.$inferSelect;

export const requirements = pgTable('requirements', {
  id: uuid().primaryKey(),
  catalogue: varchar({ length: 64 }).notNull(),
  code: varchar({ length: 64 }).notNull(),
  family: text().$type<RequirementFamily>().notNull(),
  groupCode: varchar({ length: 16 }).notNull(),
  groupNameVi: varchar({ length: 255 }).notNull(),
  groupNameEn: varchar({ length: 255 }).notNull(),
  textVi: varchar({ length: 2000 }).notNull(),
  textEn: varchar({ length: 2000 }).notNull(),
  minLevel: smallint().notNull(),
  maxLevel: smallint().notNull(),
  legalRef: varchar({ length: 255 }).notNull(),
  verified: boolean().notNull().default(true),
  sort: integer().notNull().default(0),
  updatedAt: ts().notNull().defaultNow(),
  updatedBy: uuid(),
});
export type RequirementRow = typeof requirements.$inferSelect;

export const assessmentSchedules = pgTable(
  'assessment_schedules',
  {
    regime: text().$type<Regime>().notNull(),
    levelMin: smallint().notNull(),
    levelMax: smallint().notNull(),
    months: integer().notNull(),
    externalRequired: boolean().notNull().default(false),
    legalRef: varchar({ length: 255 }).notNull(),
    verified: boolean().notNull().default(true),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regime, t.levelMin] })],
);
export type AssessmentScheduleRow = typeof assessmentSchedules.$inferSelect;

export const assessments = pgTable('assessments', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  systemId: uuid().notNull(),
  kind: text().$type<AssessmentKind>().notNull(),
  catalogue: varchar({ length: 64 }).notNull(),
  regime: text().$type<Regime>().notNull(),
  level: smallint().notNull(),
  state: text().$type<AssessmentState>().notNull().default('draft'),
  performedOn: day(),
  performerKind: text().$type<PerformerKind>(),
  inspectionKind: text().$type<InspectionKind>(),
  triggerKind: text().$type<TriggerKind>(),
  testForm: text().$type<TestForm>(),
  independentOfOperator: boolean(),
  conclusion: varchar({ length: 4000 }),
  score: numeric({ mode: 'number' }),
  nextDueOn: day(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
  completedBy: uuid(),
  completedAt: ts(),
});
export type AssessmentRow = typeof assessments.$inferSelect;

export const assessmentItems = pgTable(
  'assessment_items',
  {
    assessmentId: uuid().notNull(),
    requirementId: uuid().notNull(),
    orgId: uuid().notNull(),
    status: text().$type<ItemStatus>(),
    note: varchar({ length: 2000 }),
    remediation: varchar({ length: 2000 }),
    remediationDue: day(),
    updatedBy: uuid(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.requirementId] })],
);
export type AssessmentItemRow = typeof assessmentItems.$inferSelect;

export const assessmentEvidence = pgTable('assessment_evidence', {
  id: uuid().primaryKey(),
  assessmentId: uuid().notNull(),
  requirementId: uuid(),
  orgId: uuid().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  mediaType: varchar({ length: 100 }).notNull(),
  sizeBytes: integer().notNull(),
  sha256: char({ length: 64 }).notNull(),
  content: bytea().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
export type AssessmentEvidenceRow = typeof assessmentEvidence.$inferSelect;
// --- end of assessments ------------------------------------------------------------------------

// --- SOC connections and alerts (issue #5) -----------------------------------------------------
// Migration 0008. Pure types in shared/domain/alerts.ts.
export const socConnections = pgTable('soc_connections', {
  systemId: uuid().primaryKey(),
  orgId: uuid().notNull(),
  status: text().$type<SocConnectionStatus>().notNull().default('not_connected'),
  centerKind: text().$type<SocCenterKind>(),
  centerName: varchar({ length: 255 }),
  provider: varchar({ length: 255 }),
  connectedOn: date({ mode: 'string' }),
  sourceIdentifiers: text().array().notNull().default([]),
  logRetentionDays: integer(),
  lastEventAt: ts(),
  note: varchar({ length: 2000 }),
  updatedBy: uuid(),
  updatedAt: ts().notNull().defaultNow(),
});
export type SocConnectionRow = typeof socConnections.$inferSelect;

export const socSettings = pgTable('soc_settings', {
  id: boolean().primaryKey().default(true),
  quietHours: integer().notNull().default(24),
  updatedBy: uuid(),
  updatedAt: ts().notNull().defaultNow(),
});

export const alerts = pgTable('alerts', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  systemId: uuid(),
  source: text().$type<AlertSource>().notNull(),
  sourceRef: varchar({ length: 255 }),
  dedupKey: char({ length: 64 }).notNull(),
  occurredAt: ts().notNull(),
  receivedAt: ts().notNull().defaultNow(),
  ruleId: varchar({ length: 100 }),
  ruleName: varchar({ length: 1000 }).notNull(),
  ruleGroups: text().array().notNull().default([]),
  severity: text().$type<AlertSeverity>().notNull(),
  sourceSeverity: varchar({ length: 50 }),
  host: varchar({ length: 255 }),
  hostIp: varchar({ length: 64 }),
  srcIp: varchar({ length: 64 }),
  srcPort: integer(),
  dstIp: varchar({ length: 64 }),
  dstPort: integer(),
  status: text().$type<AlertStatus>().notNull().default('new'),
  incidentId: uuid(),
  triagedBy: uuid(),
  triagedAt: ts(),
  triageNote: varchar({ length: 2000 }),
  raw: jsonb().notNull(),
});
export type AlertRow = typeof alerts.$inferSelect;

export const alertRejections = pgTable(
  'alert_rejections',
  {
    day: day().notNull(),
    channel: text().$type<AlertChannel>().notNull(),
    reason: varchar({ length: 100 }).notNull(),
    source: varchar({ length: 255 }).notNull().default(''),
    orgId: uuid(),
    count: bigint({ mode: 'number' }).notNull().default(0),
    lastSample: varchar({ length: 500 }),
    lastAt: ts().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.reason, t.source] })],
);
// Syslog senders (migration 0011, helper syslog): who may send CEF over syslog, for which organisation.
export const syslogSources = pgTable('syslog_sources', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  name: varchar({ length: 255 }).notNull(),
  senders: text().array().notNull(),
  enabled: boolean().notNull().default(true),
  note: varchar({ length: 1000 }),
  receivedCount: bigint({ mode: 'number' }).notNull().default(0),
  storedCount: bigint({ mode: 'number' }).notNull().default(0),
  lastReceivedAt: ts(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedBy: uuid(),
  updatedAt: ts().notNull().defaultNow(),
});
export type SyslogSourceRow = typeof syslogSources.$inferSelect;
// --- end of SOC --------------------------------------------------------------------------------

// --- Early warnings / advisories (issue #5) ----------------------------------------------------

export const advisories = pgTable('advisories', {
  id: uuid().primaryKey(),
  orgId: uuid().notNull(),
  code: varchar({ length: 32 }).notNull(),
  title: varchar({ length: 500 }).notNull(),
  description: varchar({ length: 20000 }),
  guidance: varchar({ length: 20000 }),
  severity: text().$type<Severity>().notNull().default('medium'),
  cvssScore: numeric({ mode: 'number' }),
  cvssVector: varchar({ length: 200 }),
  cveIds: text().array().notNull().default([]),
  tlp: text().$type<Tlp>().notNull().default('clear'),
  knownExploited: boolean().notNull().default(false),
  ackDueAt: ts(),
  remediationDueAt: ts(),
  status: text().$type<AdvisoryStatus>().notNull().default('draft'),
  source: text().$type<AdvisorySource>().notNull().default('manual'),
  sourceRecord: jsonb(),
  publishedBy: uuid(),
  publishedAt: ts(),
  withdrawnBy: uuid(),
  withdrawnAt: ts(),
  withdrawReason: varchar({ length: 2000 }),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type AdvisoryRow = typeof advisories.$inferSelect;

export const advisoryProducts = pgTable('advisory_products', {
  id: uuid().primaryKey(),
  advisoryId: uuid().notNull(),
  sort: integer().notNull().default(0),
  vendor: varchar({ length: 255 }),
  product: varchar({ length: 255 }).notNull(),
  allVersions: boolean().notNull().default(false),
  defaultStatus: text().$type<VersionStatus>().notNull().default('unaffected'),
  versions: jsonb().$type<VersionRule[]>().notNull().default([]),
});
export type AdvisoryProductRow = typeof advisoryProducts.$inferSelect;

export const advisoryEvidence = pgTable('advisory_evidence', {
  id: uuid().primaryKey(),
  advisoryId: uuid().notNull(),
  orgId: uuid().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  mediaType: varchar({ length: 100 }).notNull(),
  sizeBytes: integer().notNull(),
  sha256: char({ length: 64 }).notNull(),
  content: bytea().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});

export const advisoryTargets = pgTable('advisory_targets', {
  id: uuid().primaryKey(),
  advisoryId: uuid().notNull(),
  orgId: uuid().notNull(),
  assetKind: text().$type<AssetKind>().notNull(),
  systemId: uuid(),
  endpointId: uuid(),
  assetName: varchar({ length: 255 }).notNull(),
  /** advisory_matches.ord of the same advisory: what matched and why. */
  matchOrd: integer().notNull(),
  status: text().$type<TargetStatus>().notNull().default('pending'),
  resolution: text().$type<Resolution>(),
  note: varchar({ length: 2000 }),
  evidenceId: uuid(),
  actedBy: uuid(),
  actedAt: ts(),
  createdAt: ts().notNull().defaultNow(),
});
export type AdvisoryTargetRow = typeof advisoryTargets.$inferSelect;

/** What matched (a component, program or operating system), against which product rule and why: once per advisory (migration 0014). */
export const advisoryMatches = pgTable('advisory_matches', {
  advisoryId: uuid().notNull(),
  ord: integer().notNull(),
  matchedKind: text().$type<MatchedKind>().notNull(),
  matchedVendor: varchar({ length: 255 }),
  matchedName: varchar({ length: 255 }).notNull(),
  matchedVersion: varchar({ length: 100 }),
  productId: uuid(),
  nameMatch: text().$type<NameMatch>().notNull(),
  versionRule: smallint(),
  versionReason: text().$type<VersionReason>().notNull(),
});

export const advisoryOrgStatus = pgTable('advisory_org_status', {
  id: uuid().primaryKey(),
  advisoryId: uuid().notNull(),
  orgId: uuid().notNull(),
  acknowledgedBy: uuid(),
  acknowledgedAt: ts(),
  ackRemindedAt: ts(),
  ackOverdueAt: ts(),
  remediationRemindedAt: ts(),
  remediationOverdueAt: ts(),
});
export type AdvisoryOrgStatusRow = typeof advisoryOrgStatus.$inferSelect;
// --- end of advisories -------------------------------------------------------------------------

// --- Incidents (issue #5) ----------------------------------------------------------------------
// Migration 0010. Pure types and rules in shared/domain/incidents.ts.
export const incidentDeadlineRules = pgTable('incident_deadline_rules', {
  code: varchar({ length: 64 }).primaryKey(),
  regime: text().$type<Regime>().notNull(),
  reportType: text().$type<Inc.DeadlineReportType>().notNull(),
  appliesWhen: text().$type<Inc.DeadlineCondition>().notNull(),
  anchor: text().$type<Inc.DeadlineAnchor>().notNull(),
  hours: integer().notNull(),
  legalRef: varchar({ length: 255 }).notNull(),
  textVi: varchar({ length: 1000 }).notNull(),
  textEn: varchar({ length: 1000 }).notNull(),
  verified: boolean().notNull().default(true),
  sort: integer().notNull().default(0),
  updatedAt: ts().notNull().defaultNow(),
  updatedBy: uuid(),
});
export type IncidentDeadlineRuleRow = typeof incidentDeadlineRules.$inferSelect;

export const incidentCodeCounters = pgTable('incident_code_counters', {
  year: integer().primaryKey(),
  last: integer().notNull(),
});

export const incidents = pgTable('incidents', {
  id: uuid().primaryKey(),
  code: varchar({ length: 20 }).notNull(),
  orgId: uuid().notNull(),
  reporterName: varchar({ length: 255 }).notNull(),
  reporterTitle: varchar({ length: 255 }),
  reporterPhone: varchar({ length: 32 }).notNull(),
  reporterEmail: varchar({ length: 254 }),
  detectedAt: ts().notNull(),
  reportedAt: ts().notNull(),
  regime: text().$type<Regime>().notNull(),
  type: text().$type<Inc.IncidentType>().notNull(),
  severity: text().$type<Inc.IncidentSeverity>().notNull(),
  serious: boolean().notNull().default(false),
  nationalSecuritySign: boolean().notNull().default(false),
  beyondCapacity: boolean().notNull().default(false),
  personalDataInvolved: boolean().notNull().default(false),
  title: varchar({ length: 255 }).notNull(),
  description: varchar({ length: 8000 }).notNull(),
  infrastructureProvider: varchar({ length: 500 }),
  actionsTaken: varchar({ length: 4000 }),
  supportRequested: varchar({ length: 4000 }),
  status: text().$type<Inc.IncidentStatus>().notNull().default('reported'),
  tlp: text().$type<Inc.TlpMarking>().notNull().default('amber'),
  responseEndedAt: ts(),
  closingCause: varchar({ length: 4000 }),
  closingScope: varchar({ length: 4000 }),
  closingRemedy: varchar({ length: 4000 }),
  closingLessons: varchar({ length: 4000 }),
  closedAt: ts(),
  closedBy: uuid(),
  reopenedAt: ts(),
  reopenedBy: uuid(),
  reopenReason: varchar({ length: 2000 }),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});
export type IncidentRow = typeof incidents.$inferSelect;

export const incidentSystems = pgTable(
  'incident_systems',
  {
    incidentId: uuid().notNull(),
    systemId: uuid().notNull(),
    orgId: uuid().notNull(),
    addedBy: uuid(),
    addedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.systemId] })],
);

export const incidentMembers = pgTable(
  'incident_members',
  {
    incidentId: uuid().notNull(),
    userId: uuid().notNull(),
    orgId: uuid().notNull(),
    role: text().$type<Inc.MemberRole>().notNull(),
    addedBy: uuid(),
    addedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.userId] })],
);

export const incidentReports = pgTable('incident_reports', {
  id: uuid().primaryKey(),
  incidentId: uuid().notNull(),
  orgId: uuid().notNull(),
  reportType: text().$type<Inc.ReportType>().notNull(),
  content: jsonb(),
  dueAt: ts(),
  sentAt: ts(),
  sentBy: uuid(),
  remindedAt: ts(),
  escalatedAt: ts(),
  createdAt: ts().notNull().defaultNow(),
});
export type IncidentReportRow = typeof incidentReports.$inferSelect;

export const incidentEvents = pgTable('incident_events', {
  id: uuid().primaryKey(),
  incidentId: uuid().notNull(),
  orgId: uuid().notNull(),
  kind: varchar({ length: 64 }).notNull(),
  fromStatus: text(),
  toStatus: text(),
  body: varchar({ length: 4000 }),
  params: jsonb().notNull().default({}),
  actorId: uuid(),
  at: ts().notNull().defaultNow(),
});
export type IncidentEventRow = typeof incidentEvents.$inferSelect;

export const incidentIndicators = pgTable('incident_indicators', {
  id: uuid().primaryKey(),
  incidentId: uuid().notNull(),
  orgId: uuid().notNull(),
  kind: text().$type<Inc.IndicatorKind>().notNull(),
  value: varchar({ length: 2048 }).notNull(),
  description: varchar({ length: 1000 }),
  firstSeen: ts(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
export type IncidentIndicatorRow = typeof incidentIndicators.$inferSelect;

export const incidentEvidence = pgTable('incident_evidence', {
  id: uuid().primaryKey(),
  incidentId: uuid().notNull(),
  orgId: uuid().notNull(),
  fileName: varchar({ length: 255 }).notNull(),
  mediaType: varchar({ length: 100 }).notNull(),
  sizeBytes: integer().notNull(),
  sha256: char({ length: 64 }).notNull(),
  content: bytea().notNull(),
  createdBy: uuid(),
  createdAt: ts().notNull().defaultNow(),
});
// --- end of incidents --------------------------------------------------------------------------

/** Tables whose rows belong to an organisation: every read of them goes through authz/scope.ts. */
export const ORG_OWNED_TABLES = [
  'orgs', 'users', 'role_assignments', 'api_tokens', 'imports', 'audit_log', 'information_systems', 'classifications', 'dossiers', 'dossier_versions', 'dossier_attachments', 'dossier_comments', 'dossier_events', 'notifications', 'endpoints', 'enroll_secrets', 'agent_nodes', 'distributed_queries', 'distributed_results', 'endpoint_violations', 'coverage_daily', 'import_mappings', 'assessments', 'assessment_items', 'assessment_evidence',
  // soc-owned-tables (issue #5, SOC and alerts)
  'soc_connections', 'alerts', 'alert_rejections',
  'syslog_sources',
  // advisory-owned-tables (issue #5, early warnings)
  'advisories', 'advisory_targets', 'advisory_org_status', 'advisory_evidence',
  // incident-owned-tables (issue #5, incidents)
  'incidents', 'incident_systems', 'incident_members', 'incident_reports', 'incident_events', 'incident_indicators', 'incident_evidence',
] as const;
