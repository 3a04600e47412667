/**
 * Early warnings (issue #5): the authority's advisories, their targeting and the units' answers.
 * Server and web share these contracts.
 */
import { z } from 'zod';
import {
  ADVISORY_SOURCES,
  ADVISORY_STATUSES,
  ASSET_KINDS,
  MATCHED_KINDS,
  NAME_MATCHES,
  RESOLUTIONS,
  SEVERITIES,
  TARGET_STATUSES,
  TLPS,
  VERSION_REASONS,
  VERSION_STATUSES,
} from '../domain/advisories';
import { Id, OptionalText, Paging, listOf } from './common';

export const Severity = z.enum(SEVERITIES);
export const Tlp = z.enum(TLPS);
export const AdvisoryStatus = z.enum(ADVISORY_STATUSES);
export const AdvisorySource = z.enum(ADVISORY_SOURCES);
export const TargetStatus = z.enum(TARGET_STATUSES);
export const Resolution = z.enum(RESOLUTIONS);
export const VersionStatus = z.enum(VERSION_STATUSES);

const VersionText = z.string().trim().min(1).max(100);
export const CveId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^CVE-\d{4}-\d{4,7}$/);
const CvssVector = z
  .string()
  .trim()
  .max(200)
  .regex(/^CVSS:(3\.[01]|4\.0)\/[A-Z]{1,3}:[A-Z](\/[A-Z]{1,3}:[A-Z])*$/);
const When = z.iso.datetime({ offset: true });

/** One entry of CVE JSON 5 `versions`. */
export const VersionRuleInput = z
  .strictObject({
    version: VersionText,
    status: VersionStatus,
    versionType: z.string().trim().max(32).optional(),
    lessThan: VersionText.optional(),
    lessThanOrEqual: VersionText.optional(),
    changes: z.array(z.strictObject({ at: VersionText, status: VersionStatus })).max(20).optional(),
  })
  .refine((r) => r.lessThan === undefined || r.lessThanOrEqual === undefined, { message: 'errors.advisories.twoBounds', path: ['lessThan'] });
export type VersionRuleInput = z.infer<typeof VersionRuleInput>;

export const ProductInput = z
  .strictObject({
    vendor: OptionalText(255),
    product: z.string().trim().min(1).max(255),
    allVersions: z.boolean().default(false),
    defaultStatus: VersionStatus.default('unaffected'),
    versions: z.array(VersionRuleInput).max(50).default([]),
  })
  .refine((p) => p.allVersions || p.defaultStatus === 'affected' || p.versions.some((v) => v.status === 'affected'), {
    message: 'errors.advisories.noAffectedVersion',
    path: ['versions'],
  });
export type ProductInput = z.infer<typeof ProductInput>;

const Products = z.array(ProductInput).min(1).max(50);

const AdvisoryFields = {
  title: z.string().trim().min(1).max(500),
  description: OptionalText(20000),
  guidance: OptionalText(20000),
  severity: Severity,
  cvssScore: z.number().min(0).max(10).nullable().optional(),
  cvssVector: CvssVector.nullable().optional(),
  cveIds: z.array(CveId).max(50).optional(),
  tlp: Tlp.optional(),
  knownExploited: z.boolean().optional(),
  ackDueAt: When.nullable().optional(),
  remediationDueAt: When.nullable().optional(),
};

export const CreateAdvisoryBody = z.strictObject({ ...AdvisoryFields, products: Products });
export type CreateAdvisoryBody = z.infer<typeof CreateAdvisoryBody>;

export const UpdateAdvisoryBody = z.strictObject({
  title: AdvisoryFields.title.optional(),
  description: AdvisoryFields.description,
  guidance: AdvisoryFields.guidance,
  severity: Severity.optional(),
  cvssScore: AdvisoryFields.cvssScore,
  cvssVector: AdvisoryFields.cvssVector,
  cveIds: AdvisoryFields.cveIds,
  tlp: AdvisoryFields.tlp,
  knownExploited: AdvisoryFields.knownExploited,
  ackDueAt: AdvisoryFields.ackDueAt,
  remediationDueAt: AdvisoryFields.remediationDueAt,
  products: Products.optional(),
});
export type UpdateAdvisoryBody = z.infer<typeof UpdateAdvisoryBody>;

export const PreviewBody = z.strictObject({ products: Products });
export type PreviewBody = z.infer<typeof PreviewBody>;

export const WithdrawBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type WithdrawBody = z.infer<typeof WithdrawBody>;

export const AcknowledgeBody = z.strictObject({ orgIds: z.array(Id).max(500).optional() });
export type AcknowledgeBody = z.infer<typeof AcknowledgeBody>;

export const RespondBody = z.strictObject({
  targetIds: z.array(Id).min(1).max(5000),
  resolution: Resolution,
  note: OptionalText(2000),
  evidenceId: Id.nullable().optional(),
});
export type RespondBody = z.infer<typeof RespondBody>;

export const ListAdvisoriesQuery = Paging.extend({
  status: AdvisoryStatus.optional(),
  severity: Severity.optional(),
  q: z.string().trim().max(100).optional(),
  /** Only advisories that hit my units. */
  affectingMe: z.enum(['true', 'false']).optional(),
});
export type ListAdvisoriesQuery = z.infer<typeof ListAdvisoriesQuery>;

export const ListTargetsQuery = Paging.extend({
  orgId: Id.optional(),
  status: TargetStatus.optional(),
});
export type ListTargetsQuery = z.infer<typeof ListTargetsQuery>;

export const EvidenceParams = z.object({ id: Id, evidenceId: Id });

// ── Responses ──────────────────────────────────────────────────────────────────────────────

export const AdvisoryProduct = z.object({
  id: Id,
  vendor: z.string().nullable(),
  product: z.string(),
  allVersions: z.boolean(),
  defaultStatus: VersionStatus,
  versions: z.array(
    z.object({
      version: z.string(),
      status: VersionStatus,
      versionType: z.string().optional(),
      lessThan: z.string().optional(),
      lessThanOrEqual: z.string().optional(),
      changes: z.array(z.object({ at: z.string(), status: VersionStatus })).optional(),
    }),
  ),
});
export type AdvisoryProduct = z.infer<typeof AdvisoryProduct>;

export const ResponseCounts = z.object({
  orgs: z.number().int(),
  targets: z.number().int(),
  pending: z.number().int(),
  acknowledged: z.number().int(),
  remediated: z.number().int(),
  notAffected: z.number().int(),
  acknowledgedOrgs: z.number().int(),
  overdueOrgs: z.number().int(),
});
export type ResponseCounts = z.infer<typeof ResponseCounts>;

export const AdvisorySummary = z.object({
  id: Id,
  code: z.string(),
  title: z.string(),
  severity: Severity,
  cvssScore: z.number().nullable(),
  cveIds: z.array(z.string()),
  tlp: Tlp,
  knownExploited: z.boolean(),
  status: AdvisoryStatus,
  source: AdvisorySource,
  orgName: z.string(),
  ackDueAt: z.string().nullable(),
  remediationDueAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  counts: ResponseCounts,
});
export type AdvisorySummary = z.infer<typeof AdvisorySummary>;
export const AdvisoryList = listOf(AdvisorySummary);
export type AdvisoryList = z.infer<typeof AdvisoryList>;

export const Advisory = AdvisorySummary.extend({
  orgId: Id,
  description: z.string().nullable(),
  guidance: z.string().nullable(),
  cvssVector: z.string().nullable(),
  publishedByName: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  updatedAt: z.string(),
  products: z.array(AdvisoryProduct),
  /** What the caller may do (from the same policies the server applies). */
  can: z.object({ edit: z.boolean(), publish: z.boolean(), withdraw: z.boolean(), respond: z.boolean(), seeResponses: z.boolean() }),
});
export type Advisory = z.infer<typeof Advisory>;

export const TargetWhy = z.object({
  matchedKind: z.enum(MATCHED_KINDS),
  matchedVendor: z.string().nullable(),
  matchedName: z.string(),
  matchedVersion: z.string().nullable(),
  productVendor: z.string().nullable(),
  product: z.string().nullable(),
  nameMatch: z.enum(NAME_MATCHES),
  versionRule: AdvisoryProduct.shape.versions.element.nullable(),
  versionRuleIndex: z.number().int().nullable(),
  versionReason: z.enum(VERSION_REASONS),
});
export type TargetWhy = z.infer<typeof TargetWhy>;

export const AdvisoryTarget = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  assetKind: z.enum(ASSET_KINDS),
  systemId: Id.nullable(),
  endpointId: Id.nullable(),
  assetName: z.string(),
  why: TargetWhy,
  status: TargetStatus,
  resolution: Resolution.nullable(),
  note: z.string().nullable(),
  evidenceId: Id.nullable(),
  evidenceName: z.string().nullable(),
  actedAt: z.string().nullable(),
  actedByName: z.string().nullable(),
  overdue: z.boolean(),
  canRespond: z.boolean(),
});
export type AdvisoryTarget = z.infer<typeof AdvisoryTarget>;
export const AdvisoryTargetList = listOf(AdvisoryTarget);
export type AdvisoryTargetList = z.infer<typeof AdvisoryTargetList>;

export const OrgResponse = z.object({
  orgId: Id,
  orgName: z.string(),
  targets: z.number().int(),
  pending: z.number().int(),
  acknowledged: z.number().int(),
  remediated: z.number().int(),
  notAffected: z.number().int(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  ackOverdue: z.boolean(),
  remediationOverdue: z.boolean(),
});
export type OrgResponse = z.infer<typeof OrgResponse>;
export const OrgResponseList = listOf(OrgResponse);
export type OrgResponseList = z.infer<typeof OrgResponseList>;

export const OverdueItem = z.object({
  advisoryId: Id,
  code: z.string(),
  title: z.string(),
  severity: Severity,
  orgId: Id,
  orgName: z.string(),
  ackDueAt: z.string().nullable(),
  remediationDueAt: z.string().nullable(),
  ackOverdue: z.boolean(),
  remediationOverdue: z.boolean(),
  open: z.number().int(),
});
export type OverdueItem = z.infer<typeof OverdueItem>;
export const OverdueList = listOf(OverdueItem);
export type OverdueList = z.infer<typeof OverdueList>;

export const PreviewTarget = z.object({
  orgId: Id,
  orgName: z.string(),
  assetKind: z.enum(ASSET_KINDS),
  assetId: Id,
  assetName: z.string(),
  why: TargetWhy,
});
export type PreviewTarget = z.infer<typeof PreviewTarget>;

export const TargetPreview = z.object({
  orgs: z.array(z.object({ orgId: Id, orgName: z.string(), systems: z.number().int(), endpoints: z.number().int() })),
  totals: z.object({ orgs: z.number().int(), systems: z.number().int(), endpoints: z.number().int() }),
  /** The first matches, with why (the full list is computed on publishing). */
  sample: z.array(PreviewTarget),
});
export type TargetPreview = z.infer<typeof TargetPreview>;

export const EvidenceUploaded = z.object({ id: Id, fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int() });
export type EvidenceUploaded = z.infer<typeof EvidenceUploaded>;

export const ImportResult = z.object({
  entries: z.number().int(),
  created: z.array(AdvisorySummary),
  /** KEV entries left out because nothing in the inventory matches them. */
  skipped: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const IMPORT_KINDS = ['cve_json5', 'cisa_kev'] as const;
export const ImportFields = z.object({
  kind: z.enum(IMPORT_KINDS),
  cveIds: z.array(CveId).max(500).optional(),
});
