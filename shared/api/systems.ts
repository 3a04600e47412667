import { z } from 'zod';
import { AUDIENCES, COMPONENT_KINDS, HOSTINGS, LIFECYCLES, SYSTEM_TYPES } from '../domain/systems';
import { ClassificationAnswers, Regime, SecurityLevel } from './classification';
import { Email, Id, Name, OptionalText, Paging, Phone, listOf } from './common';

export const SystemCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);

export const SystemComponent = z.object({
  kind: z.enum(COMPONENT_KINDS),
  vendor: OptionalText(255),
  product: z.string().trim().min(1).max(255),
  version: OptionalText(100),
});
export type SystemComponent = z.infer<typeof SystemComponent>;

/** The registry's own fields (who, what, where); the classification facts come from ClassificationAnswers. */
const RegistryFields = z.object({
  name: Name,
  purpose: OptionalText(2000),
  ownerOrgId: Id.nullable().optional(),
  audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length).default([]),
  hosting: z.enum(HOSTINGS).nullable().optional(),
  hostingProvider: OptionalText(255),
  lifecycle: z.enum(LIFECYCLES).default('operating'),
  investmentStartedOn: z.iso.date().nullable().optional(),
  isImportant: z.boolean().default(false),
  parentSystemId: Id.nullable().optional(),
  contactName: OptionalText(255),
  contactPhone: Phone.nullable().optional(),
  contactEmail: Email.nullable().optional(),
  components: z.array(SystemComponent).max(200).default([]),
});

export const CreateSystemBody = RegistryFields.extend(ClassificationAnswers.shape).extend({
  /** The operating unit; the system belongs to its scope. */
  orgId: Id,
  /** Generated from the unit's code when left empty. */
  code: SystemCode.optional(),
});
export type CreateSystemBody = z.infer<typeof CreateSystemBody>;

const R = RegistryFields.shape;
const A = ClassificationAnswers.shape;
/**
 * Every field optional and WITHOUT defaults: a field left out keeps its value. (Zod 4 applies an
 * inner `.default()` even under `.partial()`, which would reset e.g. `components` to [] on every PATCH.)
 */
export const UpdateSystemBody = z.object({
  orgId: Id.optional(),
  code: SystemCode.optional(),
  name: R.name.optional(),
  purpose: R.purpose,
  ownerOrgId: R.ownerOrgId,
  audiences: R.audiences.unwrap().optional(),
  hosting: R.hosting,
  hostingProvider: R.hostingProvider,
  lifecycle: R.lifecycle.unwrap().optional(),
  investmentStartedOn: R.investmentStartedOn,
  isImportant: R.isImportant.unwrap().optional(),
  parentSystemId: R.parentSystemId,
  contactName: R.contactName,
  contactPhone: R.contactPhone,
  contactEmail: R.contactEmail,
  components: R.components.unwrap().optional(),
  systemType: A.systemType.optional(),
  infoTypes: A.infoTypes.optional(),
  servesDefenceSecurity: A.servesDefenceSecurity.unwrap().optional(),
  stateSecretHarm: A.stateSecretHarm.unwrap().optional(),
  onlinePublicServiceLevel: A.onlinePublicServiceLevel.unwrap().optional(),
  conditionalBusinessService: A.conditionalBusinessService.unwrap().optional(),
  handlesAdminProcedures: A.handlesAdminProcedures.unwrap().optional(),
  userCount: A.userCount.unwrap().optional(),
  personalBasicSubjects: A.personalBasicSubjects.unwrap().optional(),
  personalSensitiveSubjects: A.personalSensitiveSubjects.unwrap().optional(),
  infraScope: A.infraScope.unwrap().optional(),
  requires24x7: A.requires24x7.unwrap().optional(),
  nationalEgov: A.nationalEgov.unwrap().optional(),
  centralNationalDataStore: A.centralNationalDataStore.unwrap().optional(),
  icsWorksGrade: A.icsWorksGrade.unwrap().optional(),
  nsCriticalSigns: A.nsCriticalSigns.unwrap().optional(),
  decidedLevel: A.decidedLevel.unwrap().optional(),
  riskAssessedLevel: A.riskAssessedLevel.unwrap().optional(),
});
export type UpdateSystemBody = z.infer<typeof UpdateSystemBody>;

export const InformationSystem = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  orgCode: z.string(),
  ownerOrgId: Id.nullable(),
  ownerOrgName: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  purpose: z.string().nullable(),
  audiences: z.array(z.enum(AUDIENCES)),
  hosting: z.enum(HOSTINGS).nullable(),
  hostingProvider: z.string().nullable(),
  lifecycle: z.enum(LIFECYCLES),
  investmentStartedOn: z.string().nullable(),
  isImportant: z.boolean(),
  parentSystemId: Id.nullable(),
  parentSystemName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  components: z.array(SystemComponent.extend({ vendor: z.string().nullable(), version: z.string().nullable() })),
  answers: ClassificationAnswers,
  regime: Regime.nullable(),
  proposedLevel: SecurityLevel.nullable(),
  classifiedAt: z.string().nullable(),
  approvedLevel: SecurityLevel.nullable(),
  approvedRegime: Regime.nullable(),
  approvedOn: z.string().nullable(),
  updatedAt: z.string(),
  can: z.object({ update: z.boolean(), delete: z.boolean(), classify: z.boolean() }),
});
export type InformationSystem = z.infer<typeof InformationSystem>;

export const SystemList = listOf(InformationSystem);
export type SystemList = z.infer<typeof SystemList>;

const Bool = z.enum(['true', 'false']);
export const ListSystemsQuery = Paging.extend({
  /** The unit and its subtree. */
  orgId: Id.optional(),
  q: z.string().trim().max(100).optional(),
  systemType: z.enum(SYSTEM_TYPES).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  /** `none`: not classified yet; `proposed` / `approved`: which level `level` filters on. */
  levelOf: z.enum(['proposed', 'approved']).default('proposed'),
  unclassified: Bool.optional(),
  important: Bool.optional(),
  lifecycle: z.enum(LIFECYCLES).optional(),
  sort: z.enum(['name', 'code', 'org', 'proposedLevel', 'approvedLevel', 'updatedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListSystemsQuery = z.infer<typeof ListSystemsQuery>;

/** The export takes the list's filters, without paging. */
export const ExportSystemsQuery = ListSystemsQuery.omit({ limit: true, offset: true });
export type ExportSystemsQuery = z.infer<typeof ExportSystemsQuery>;

export const ClassifySystemBody = z.object({ regime: Regime.optional(), answers: ClassificationAnswers });
export type ClassifySystemBody = z.infer<typeof ClassifySystemBody>;

/** One level determination of a system, as stored: the answers, the result of the legal module, who and when. */
export const SystemClassification = z.object({
  id: Id,
  systemId: Id,
  regime: Regime,
  level: SecurityLevel,
  answers: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type SystemClassification = z.infer<typeof SystemClassification>;

export const SystemClassificationList = listOf(SystemClassification);
export type SystemClassificationList = z.infer<typeof SystemClassificationList>;

export const ClassifySystemResult = z.object({ system: InformationSystem, classification: SystemClassification });
export type ClassifySystemResult = z.infer<typeof ClassifySystemResult>;

/** The systems import uses the organisation import's preview, commit body and result shapes. */
export { CommitImportBody, ImportResult, OrgImportPreview as SystemImportPreview } from './orgs';
