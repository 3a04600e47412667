import type { InformationSystem } from '@shared/api/systems';
import type { ClassificationResult } from './api';

/** Test data for the systems screens (used by the *.test.tsx files only). */
export const UNIT = { orgId: '0190a000-0000-7000-8000-000000000001', orgName: 'UBND xã Tân Lập', orgCode: 'XA.TANLAP' };

export function makeSystem(overrides: Partial<InformationSystem> = {}): InformationSystem {
  return {
    id: '0190a000-0000-7000-8000-00000000a001',
    ...UNIT,
    ownerOrgId: null,
    ownerOrgName: null,
    code: 'XA.TANLAP.QLVB',
    name: 'Hệ thống quản lý văn bản',
    purpose: null,
    audiences: ['internal'],
    hosting: 'provincial_dc',
    hostingProvider: null,
    lifecycle: 'operating',
    investmentStartedOn: null,
    isImportant: false,
    parentSystemId: null,
    parentSystemName: null,
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    components: [{ kind: 'application', vendor: 'VNPT', product: 'iOffice', version: '4.0' }],
    answers: {
      systemType: 'internal',
      infoTypes: ['private'],
      servesDefenceSecurity: false,
      stateSecretHarm: 'none',
      onlinePublicServiceLevel: 0,
      conditionalBusinessService: false,
      handlesAdminProcedures: false,
      userCount: 0,
      personalBasicSubjects: 0,
      personalSensitiveSubjects: 0,
      infraScope: null,
      requires24x7: false,
      nationalEgov: false,
      centralNationalDataStore: false,
      icsWorksGrade: 'none',
      nsCriticalSigns: false,
      decidedLevel: null,
      riskAssessedLevel: null,
    },
    regime: null,
    proposedLevel: null,
    classifiedAt: null,
    approvedLevel: null,
    approvedRegime: null,
    approvedOn: null,
    updatedAt: '2026-11-20T03:00:00.000Z',
    can: { update: true, delete: true, classify: true },
    ...overrides,
  };
}

export function makeResult(overrides: Partial<ClassificationResult> = {}): ClassificationResult {
  return {
    regime: 'nd331_2026',
    level: 2,
    criteriaLevel: 2,
    componentLevel: null,
    decidedLevel: null,
    riskAssessedLevel: null,
    matched: [
      {
        code: 'L2.INTERNAL_PRIVATE',
        level: 2,
        legalRef: 'Điều 12 khoản 1 Nghị định 331/2026/NĐ-CP',
        textVi: 'Hệ thống phục vụ nội bộ xử lý thông tin riêng, thông tin cá nhân, không có bí mật nhà nước.',
        textEn: 'Internal system processing private or personal information, no state secrets.',
        verified: true,
      },
    ],
    warnings: [],
    authority: {
      appraiser: { vi: 'Đơn vị chuyên trách về an ninh mạng của chủ quản', en: "The owner's cybersecurity unit" },
      approver: { vi: 'Đơn vị chuyên trách về an ninh mạng của chủ quản', en: "The owner's cybersecurity unit" },
      legalRef: 'Điều 18 Nghị định 331/2026/NĐ-CP',
      verified: true,
    },
    deadlines: [],
    ...overrides,
  };
}

export const REGIMES_REPLY = {
  items: [
    { code: 'nd85_2016', nameVi: 'Nghị định 85/2016', nameEn: 'Decree 85/2016', legalRef: '85/2016/NĐ-CP', effectiveFrom: '2016-07-01', effectiveTo: '2026-12-31', inForce: false },
    { code: 'nd331_2026', nameVi: 'Nghị định 331/2026', nameEn: 'Decree 331/2026', legalRef: '331/2026/NĐ-CP', effectiveFrom: '2026-08-19', effectiveTo: null, inForce: true },
  ],
  total: 2,
};
