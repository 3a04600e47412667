/** An advisory as the STIX 2.1 export's input (the stix module builds the bundle and serves it). */
import type { VersionRule } from '@shared/domain/advisories';
import type { Ctx } from '../../http/context';
import { notFound } from '../../http/errors';
import type { StixAdvisoryInput } from '../stix';
import * as repo from './advisories.repo';
import { presentProduct } from './advisories.present';

/** A version rule written the way a reader of the bundle expects: '>= 7.0.0, < 7.2.6', '= 8.8.15', '*'. */
function ruleText(r: VersionRule): string {
  const upper = r.lessThan ?? r.lessThanOrEqual;
  const not = r.status === 'affected' ? '' : ` (${r.status})`;
  if (upper === undefined) return `${r.version.trim() === '*' ? '*' : `= ${r.version}`}${not}`;
  const parts: string[] = [];
  if (!['0', '*', ''].includes(r.version.trim())) parts.push(`>= ${r.version}`);
  if (upper.trim() !== '*') parts.push(`${r.lessThan !== undefined ? '<' : '<='} ${upper}`);
  return `${parts.length ? parts.join(', ') : '*'}${not}`;
}

/**
 * Loads an advisory the actor may read (drafts only for its authors; TLP:AMBER/RED only for the
 * targeted units and the issuer), as the STIX export's input. Not visible → not_found.
 */
export async function loadAdvisoryForStix(ctx: Ctx, id: string): Promise<StixAdvisoryInput> {
  const row = await repo.findAdvisory(ctx, id);
  if (!row) throw notFound();
  const a = row.advisory;
  const products = (await repo.listProducts(ctx, [id])).map(presentProduct);
  return {
    id: a.id,
    code: a.code,
    title: a.title,
    description: a.description ?? '',
    guidance: a.guidance ?? '',
    severity: a.severity,
    cvss: a.cvssScore === null ? null : Number(a.cvssScore),
    cvssVector: a.cvssVector,
    cves: a.cveIds,
    products: products.map((p) => ({
      vendor: p.vendor,
      product: p.product,
      versions: p.allVersions || p.versions.length === 0 ? '*' : p.versions.map(ruleText).join('; '),
    })),
    tlp: a.tlp,
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt,
    issuer: { id: a.orgId, code: row.orgCode, name: row.orgName, updatedAt: row.orgUpdatedAt },
    acknowledgeDue: a.ackDueAt,
    remediationDue: a.remediationDueAt,
  };
}
