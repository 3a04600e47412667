/** Rows → the API shapes of shared/api/advisories.ts, with what the caller may do. */
import type { Advisory, AdvisoryProduct, AdvisorySummary, AdvisoryTarget, OrgResponse, OverdueItem } from '@shared/api/advisories';
import { MATCHED_KINDS, NAME_MATCHES, RESOLUTIONS, TARGET_STATUSES, VERSION_REASONS, VERSION_STATUSES, type VersionRule } from '@shared/domain/advisories';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import { grantRoots } from '../../authz/policies';
import type { AdvisoryProductRow, AdvisoryRow } from '../../db/schema';
import type { Counts } from './advisories.repo';
import { oneOf, strOrNull } from './advisories.targeting';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const isoOf = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

export const NO_COUNTS: Counts = { orgs: 0, targets: 0, pending: 0, acknowledged: 0, remediated: 0, notAffected: 0, acknowledgedOrgs: 0, overdueOrgs: 0 };

/** A stored version rule as the API shape (only the known keys, as strings). */
export function presentRule(r: unknown): VersionRule | null {
  if (!r || typeof r !== 'object') return null;
  const o: Record<string, unknown> = { ...r };
  const s = (k: string) => (typeof o[k] === 'string' ? String(o[k]) : undefined);
  const rule: VersionRule = { version: s('version') ?? '*', status: oneOf(VERSION_STATUSES, o.status, 'affected') };
  if (s('versionType') !== undefined) rule.versionType = s('versionType');
  if (s('lessThan') !== undefined) rule.lessThan = s('lessThan');
  if (s('lessThanOrEqual') !== undefined) rule.lessThanOrEqual = s('lessThanOrEqual');
  if (Array.isArray(o.changes)) {
    rule.changes = o.changes.flatMap((c: unknown) =>
      c && typeof c === 'object' && 'at' in c && typeof c.at === 'string' ? [{ at: c.at, status: oneOf(VERSION_STATUSES, 'status' in c ? c.status : undefined, 'affected') }] : [],
    );
  }
  return rule;
}

export function presentProduct(p: AdvisoryProductRow): AdvisoryProduct {
  const versions = Array.isArray(p.versions) ? p.versions.flatMap((v) => presentRule(v) ?? []) : [];
  return { id: p.id, vendor: p.vendor, product: p.product, allVersions: p.allVersions, defaultStatus: p.defaultStatus, versions };
}

export function presentSummary(a: AdvisoryRow, orgName: string, counts: Counts | undefined): AdvisorySummary {
  return {
    id: a.id,
    code: a.code,
    title: a.title,
    severity: a.severity,
    cvssScore: a.cvssScore === null ? null : Number(a.cvssScore),
    cveIds: a.cveIds,
    tlp: a.tlp,
    knownExploited: a.knownExploited,
    status: a.status,
    source: a.source,
    orgName,
    ackDueAt: iso(a.ackDueAt),
    remediationDueAt: iso(a.remediationDueAt),
    publishedAt: iso(a.publishedAt),
    createdAt: a.createdAt.toISOString(),
    counts: counts ?? NO_COUNTS,
  };
}

export function presentAdvisory(
  ctx: Ctx,
  row: { advisory: AdvisoryRow; orgName: string; orgPath: string; publishedByName: string | null },
  products: AdvisoryProductRow[],
  counts: Counts | undefined,
): Advisory {
  const a = row.advisory;
  const author = can(ctx, 'advisory.publish', { orgPath: row.orgPath });
  const respond = a.status === 'published' && !!ctx.principal && grantRoots(ctx.principal, 'advisory.respond').length > 0 && (counts?.targets ?? 0) > 0;
  return {
    ...presentSummary(a, row.orgName, counts),
    orgId: a.orgId,
    description: a.description,
    guidance: a.guidance,
    cvssVector: a.cvssVector,
    publishedByName: row.publishedByName,
    withdrawnAt: iso(a.withdrawnAt),
    withdrawReason: a.withdrawReason,
    updatedAt: a.updatedAt.toISOString(),
    products: products.map(presentProduct),
    can: {
      edit: author && a.status === 'draft',
      publish: author && a.status === 'draft',
      withdraw: author && a.status === 'published',
      respond,
      seeResponses: can(ctx, 'advisory.read', { orgPath: row.orgPath }) || (counts?.targets ?? 0) > 0,
    },
  };
}

export function presentTarget(ctx: Ctx, r: Record<string, unknown>, due: { ackDueAt: Date | null; remediationDueAt: Date | null; published: boolean }): AdvisoryTarget {
  const status = oneOf(TARGET_STATUSES, r.status, 'pending');
  const ruleIndex = r.version_rule === null || r.version_rule === undefined ? null : Number(r.version_rule);
  const versions = Array.isArray(r.product_versions) ? r.product_versions : [];
  const open = status === 'pending' || status === 'acknowledged';
  const now = ctx.clock().getTime();
  const overdue =
    due.published && open && ((due.remediationDueAt !== null && due.remediationDueAt.getTime() < now) || (status === 'pending' && due.ackDueAt !== null && due.ackDueAt.getTime() < now));
  return {
    id: String(r.id),
    orgId: String(r.org_id),
    orgName: String(r.org_name),
    assetKind: r.asset_kind === 'system' ? 'system' : 'endpoint',
    systemId: strOrNull(r.system_id),
    endpointId: strOrNull(r.endpoint_id),
    assetName: String(r.asset_name),
    why: {
      matchedKind: oneOf(MATCHED_KINDS, r.matched_kind, 'program'),
      matchedVendor: strOrNull(r.matched_vendor),
      matchedName: String(r.matched_name),
      matchedVersion: strOrNull(r.matched_version),
      productVendor: strOrNull(r.product_vendor),
      product: strOrNull(r.product_name),
      nameMatch: oneOf(NAME_MATCHES, r.name_match, 'exact'),
      versionRule: ruleIndex === null ? null : presentRule(versions[ruleIndex]),
      versionRuleIndex: ruleIndex,
      versionReason: oneOf(VERSION_REASONS, r.version_reason, 'default'),
    },
    status,
    resolution: r.resolution === null || r.resolution === undefined ? null : oneOf(RESOLUTIONS, r.resolution, 'patched'),
    note: strOrNull(r.note),
    evidenceId: strOrNull(r.evidence_id),
    evidenceName: strOrNull(r.evidence_name),
    actedAt: isoOf(r.acted_at),
    actedByName: strOrNull(r.acted_by_name),
    overdue,
    canRespond: due.published && can(ctx, 'advisory.respond', { orgPath: String(r.org_path) }),
  };
}

export function presentResponse(r: Record<string, unknown>): OrgResponse {
  return {
    orgId: String(r.org_id),
    orgName: String(r.org_name),
    targets: Number(r.targets),
    pending: Number(r.pending),
    acknowledged: Number(r.acknowledged),
    remediated: Number(r.remediated),
    notAffected: Number(r.not_affected),
    acknowledgedAt: isoOf(r.acknowledged_at),
    acknowledgedByName: strOrNull(r.acknowledged_by_name),
    ackOverdue: r.ack_overdue === true,
    remediationOverdue: r.remediation_overdue === true,
  };
}

export function presentOverdue(r: Record<string, unknown>): OverdueItem {
  return {
    advisoryId: String(r.advisory_id),
    code: String(r.code),
    title: String(r.title),
    severity: r.severity === 'critical' || r.severity === 'high' || r.severity === 'low' ? r.severity : 'medium',
    orgId: String(r.org_id),
    orgName: String(r.org_name),
    ackDueAt: isoOf(r.ack_due_at),
    remediationDueAt: isoOf(r.remediation_due_at),
    ackOverdue: r.ack_overdue === true,
    remediationOverdue: r.remediation_overdue === true,
    open: Number(r.open),
  };
}
