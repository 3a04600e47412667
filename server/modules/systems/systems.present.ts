import type { InformationSystem, SystemClassification } from '@shared/api/systems';
import type { ClassificationAnswers } from '@shared/api/classification';
import type { SecurityLevel } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { ClassificationRow, InformationSystemRow, SystemComponentRow } from '../../db/schema';
import type { SystemRecord } from './systems.repo';

const level = (n: number | null): SecurityLevel | null => (n === 1 || n === 2 || n === 3 || n === 4 || n === 5 ? n : null);

/** The classification facts stored as columns of the system, as the questionnaire's answers. */
export function answersOf(s: InformationSystemRow): ClassificationAnswers {
  return {
    systemType: s.systemType,
    infoTypes: s.infoTypes,
    servesDefenceSecurity: s.servesDefenceSecurity,
    stateSecretHarm: s.stateSecretHarm,
    onlinePublicServiceLevel: s.onlinePublicServiceLevel,
    conditionalBusinessService: s.conditionalBusinessService,
    handlesAdminProcedures: s.handlesAdminProcedures,
    userCount: s.userCount,
    personalBasicSubjects: s.personalBasicSubjects,
    personalSensitiveSubjects: s.personalSensitiveSubjects,
    infraScope: s.infraScope,
    requires24x7: s.requires24x7,
    nationalEgov: s.nationalEgov,
    centralNationalDataStore: s.centralNationalDataStore,
    icsWorksGrade: s.icsWorksGrade,
    nsCriticalSigns: s.nsCriticalSigns,
    decidedLevel: level(s.decidedLevel),
    riskAssessedLevel: level(s.riskAssessedLevel),
  };
}

export function presentSystem(ctx: Ctx, row: SystemRecord, components: SystemComponentRow[]): InformationSystem {
  const s = row.system;
  const manage = can(ctx, 'system.manage', { orgPath: row.orgPath });
  return {
    id: s.id,
    orgId: s.orgId,
    orgName: row.orgName,
    orgCode: row.orgCode,
    ownerOrgId: s.ownerOrgId,
    ownerOrgName: row.ownerOrgName,
    code: s.code,
    name: s.name,
    purpose: s.purpose,
    audiences: s.audiences,
    hosting: s.hosting,
    hostingProvider: s.hostingProvider,
    lifecycle: s.lifecycle,
    investmentStartedOn: s.investmentStartedOn,
    isImportant: s.isImportant,
    parentSystemId: row.visibleParentId,
    parentSystemName: row.parentSystemName,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    contactEmail: s.contactEmail,
    components: components.map((c) => ({ kind: c.kind, vendor: c.vendor, product: c.product, version: c.version })),
    answers: answersOf(s),
    regime: s.regime,
    proposedLevel: level(s.proposedLevel),
    classifiedAt: s.classifiedAt?.toISOString() ?? null,
    approvedLevel: level(s.approvedLevel),
    approvedRegime: s.approvedRegime,
    approvedOn: s.approvedOn,
    updatedAt: s.updatedAt.toISOString(),
    can: { update: manage, delete: manage && row.childCount === 0, classify: manage },
  };
}

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {});

export function presentClassification(c: ClassificationRow, createdByName: string | null): SystemClassification {
  return {
    id: c.id,
    systemId: c.systemId,
    regime: c.regime,
    level: level(c.level) ?? 1,
    answers: asRecord(c.answers),
    result: asRecord(c.result),
    createdByName,
    createdAt: c.createdAt.toISOString(),
  };
}
