/**
 * Advisories from files (the platform has no internet): a CVE JSON 5 record (cve.org / CVEProject
 * cvelistV5) becomes one draft; CISA's Known Exploited Vulnerabilities feed
 * (known_exploited_vulnerabilities.json) becomes one draft per chosen entry — by default those that
 * hit something in the inventory — with its dueDate as the remediation due date. The file is checked
 * with Zod; on any error nothing is stored.
 */
import { z } from 'zod';
import type { CreateAdvisoryBody, ImportResult, ProductInput as ProductInputT } from '@shared/api/advisories';
import { ProductInput, CveId, ImportFields } from '@shared/api/advisories';
import { matchName, mayMatchName, nameNeedle, type Severity } from '@shared/domain/advisories';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError } from '../../http/errors';
import * as repo from './advisories.repo';
import { insertDraft } from './advisories.service';
import { listCandidates } from './advisories.targeting';
import { presentSummary } from './advisories.present';

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const Text = z.string().max(100_000);

const CveVersion = z.looseObject({
  version: z.string().max(200),
  status: z.enum(['affected', 'unaffected', 'unknown']),
  versionType: z.string().max(64).optional(),
  lessThan: z.string().max(200).optional(),
  lessThanOrEqual: z.string().max(200).optional(),
  changes: z.array(z.looseObject({ at: z.string().max(200), status: z.enum(['affected', 'unaffected', 'unknown']) })).max(100).optional(),
});
const CvssMetric = z.looseObject({ baseScore: z.number().min(0).max(10), vectorString: z.string().max(300).optional(), baseSeverity: z.string().max(20).optional() });
const Metric = z.looseObject({ cvssV4_0: CvssMetric.optional(), cvssV3_1: CvssMetric.optional(), cvssV3_0: CvssMetric.optional() });
const Container = z.looseObject({
  title: z.string().max(2000).optional(),
  descriptions: z.array(z.looseObject({ lang: z.string().max(16), value: Text })).max(50).optional(),
  affected: z
    .array(
      z.looseObject({
        vendor: z.string().max(500).optional(),
        product: z.string().max(500).optional(),
        defaultStatus: z.enum(['affected', 'unaffected', 'unknown']).optional(),
        versions: z.array(CveVersion).max(500).optional(),
      }),
    )
    .max(500)
    .optional(),
  metrics: z.array(Metric).max(50).optional(),
  solutions: z.array(z.looseObject({ lang: z.string().max(16), value: Text })).max(50).optional(),
  references: z.array(z.looseObject({ url: z.string().max(2000) })).max(1000).optional(),
});
export const CveRecord = z.looseObject({
  dataType: z.literal('CVE_RECORD'),
  dataVersion: z.string().max(16),
  cveMetadata: z.looseObject({ cveId: CveId, state: z.enum(['PUBLISHED', 'REJECTED']) }),
  containers: z.looseObject({ cna: Container, adp: z.array(Container).max(50).optional() }),
});
export type CveRecord = z.infer<typeof CveRecord>;

const KevEntry = z.looseObject({
  cveID: CveId,
  vendorProject: z.string().trim().min(1).max(255),
  product: z.string().trim().min(1).max(255),
  vulnerabilityName: z.string().trim().min(1).max(500),
  dateAdded: z.iso.date(),
  shortDescription: z.string().max(20000),
  requiredAction: z.string().max(5000),
  dueDate: z.iso.date(),
  knownRansomwareCampaignUse: z.string().max(32).optional(),
  notes: z.string().max(5000).optional(),
});
export const KevFeed = z.looseObject({
  catalogVersion: z.string().max(64),
  dateReleased: z.string().max(64),
  vulnerabilities: z.array(KevEntry).max(20000),
});
export type KevFeed = z.infer<typeof KevFeed>;

function severityOf(score: number | null, label?: string): Severity {
  const l = (label ?? '').toLowerCase();
  if (l === 'critical' || l === 'high' || l === 'medium' || l === 'low') return l;
  if (score === null) return 'medium';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

const english = (xs: { lang: string; value: string }[] | undefined) => (xs ?? []).find((d) => d.lang.toLowerCase().startsWith('en'))?.value ?? xs?.[0]?.value ?? '';

/** A CVE JSON 5 record → a draft's fields. Affected entries that name nothing affected are left out. */
export function advisoryFromCve(rec: CveRecord): CreateAdvisoryBody {
  const cna = rec.containers.cna;
  const cveId = rec.cveMetadata.cveId;
  if (rec.cveMetadata.state === 'REJECTED') throw fieldError('file', 'errors.advisories.cveRejected', { cve: cveId });
  const metrics = [...(cna.metrics ?? []), ...(rec.containers.adp ?? []).flatMap((a) => a.metrics ?? [])];
  const cvss = metrics.map((m) => m.cvssV3_1 ?? m.cvssV3_0 ?? m.cvssV4_0).find((m) => m !== undefined);
  const products: ProductInputT[] = [];
  for (const a of cna.affected ?? []) {
    if (!a.product || a.product.trim() === '' || a.product === 'n/a') continue;
    const parsed = ProductInput.safeParse({
      vendor: a.vendor && a.vendor !== 'n/a' ? a.vendor.trim().slice(0, 255) : null,
      product: a.product.trim().slice(0, 255),
      defaultStatus: a.defaultStatus ?? 'unknown',
      versions: (a.versions ?? []).slice(0, 50).map((v) => ({
        version: v.version.trim().slice(0, 100) || '*',
        status: v.status,
        ...(v.versionType ? { versionType: v.versionType.slice(0, 32) } : {}),
        ...(v.lessThan ? { lessThan: v.lessThan.slice(0, 100) } : {}),
        ...(v.lessThanOrEqual && !v.lessThan ? { lessThanOrEqual: v.lessThanOrEqual.slice(0, 100) } : {}),
        ...(v.changes ? { changes: v.changes.slice(0, 20).map((c) => ({ at: c.at.slice(0, 100), status: c.status })) } : {}),
      })),
    });
    if (parsed.success) products.push(parsed.data);
  }
  if (products.length === 0) throw fieldError('file', 'errors.advisories.noProducts', { cve: cveId });
  const description = english(cna.descriptions).slice(0, 20000);
  const refs = (cna.references ?? []).slice(0, 10).map((r) => r.url);
  const guidance = [english(cna.solutions), ...refs].filter((s) => s !== '').join('\n').slice(0, 20000);
  const score = cvss ? cvss.baseScore : null;
  const vector = cvss?.vectorString && /^CVSS:(3\.[01]|4\.0)\/[A-Z]{1,3}:[A-Z](\/[A-Z]{1,3}:[A-Z])*$/.test(cvss.vectorString) ? cvss.vectorString : null;
  return {
    title: (cna.title?.trim() || `${cveId}: ${description.split(/(?<=\.)\s/)[0] ?? ''}`).slice(0, 500),
    description: description || null,
    guidance: guidance || null,
    severity: severityOf(score, cvss?.baseSeverity),
    cvssScore: score,
    cvssVector: vector,
    cveIds: [cveId],
    tlp: 'clear',
    products: products.slice(0, 50),
  };
}

/** 23:59:59 of a calendar day in Vietnam. */
function endOfVnDay(day: string): Date {
  return new Date(`${day}T23:59:59+07:00`);
}

/** One KEV entry → a draft's fields: known exploited, every version of the product. */
export function advisoryFromKev(e: KevFeed['vulnerabilities'][number], now: Date): CreateAdvisoryBody {
  const due = endOfVnDay(e.dueDate);
  const ransomware = (e.knownRansomwareCampaignUse ?? '').toLowerCase() === 'known';
  return {
    title: `${e.cveID}: ${e.vulnerabilityName}`.slice(0, 500),
    description: e.shortDescription || null,
    guidance: [e.requiredAction, e.notes ?? ''].filter((s) => s.trim() !== '').join('\n').slice(0, 20000) || null,
    severity: ransomware ? 'critical' : 'high',
    cvssScore: null,
    cvssVector: null,
    cveIds: [e.cveID],
    tlp: 'clear',
    knownExploited: true,
    remediationDueAt: due.getTime() > now.getTime() ? due.toISOString() : null,
    products: [{ vendor: e.vendorProject, product: e.product, allVersions: true, defaultStatus: 'affected', versions: [] }],
  };
}

function parseJson(data: Buffer): unknown {
  if (data.length > MAX_FILE_BYTES) throw fieldError('file', 'errors.advisories.fileTooLarge', { maxMb: MAX_FILE_BYTES / 1048576 });
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw fieldError('file', 'errors.advisories.notJson');
  }
}

/** Which KEV entries hit something in the inventory the author may target (names only: KEV has no versions). */
async function entriesHittingInventory(ctx: Ctx, entries: KevFeed['vulnerabilities']): Promise<Set<string>> {
  const needles = [...new Set(entries.map((e) => nameNeedle({ vendor: e.vendorProject, product: e.product })).filter((n) => n !== ''))];
  const candidates = await listCandidates(ctx, needles);
  const hits = new Set<string>();
  for (const e of entries) {
    const needle = nameNeedle({ vendor: e.vendorProject, product: e.product });
    if (!needle) continue;
    const rule = { vendor: e.vendorProject, product: e.product };
    if (candidates.some((c) => mayMatchName(needle, c.name) && matchName(rule, c) !== null)) hits.add(e.cveID);
  }
  return hits;
}

/** Imports a file as drafts; all or nothing. */
export async function importAdvisories(ctx: Ctx, input: { kind: string | undefined; cveIds: string | undefined; data: Buffer }): Promise<ImportResult> {
  const fields = ImportFields.safeParse({
    kind: input.kind,
    cveIds: input.cveIds ? input.cveIds.split(/[\s,;]+/).filter((s) => s !== '') : undefined,
  });
  if (!fields.success) {
    const field = String(fields.error.issues[0]?.path[0] ?? 'kind');
    throw fieldError(field, input[field === 'kind' ? 'kind' : 'cveIds'] === undefined ? 'validation.required' : 'validation.invalid');
  }
  const json = parseJson(input.data);
  let drafts: { body: CreateAdvisoryBody; source: 'cve_json5' | 'cisa_kev'; record: unknown }[];
  let entries = 1;
  let skipped = 0;
  if (fields.data.kind === 'cve_json5') {
    const rec = CveRecord.safeParse(json);
    if (!rec.success) throw fieldError('file', 'errors.advisories.notCveRecord', { path: rec.error.issues[0]?.path.join('.') ?? '' });
    drafts = [{ body: advisoryFromCve(rec.data), source: 'cve_json5', record: json }];
  } else {
    const feed = KevFeed.safeParse(json);
    if (!feed.success) throw fieldError('file', 'errors.advisories.notKevFeed', { path: feed.error.issues[0]?.path.join('.') ?? '' });
    const all = feed.data.vulnerabilities;
    entries = all.length;
    let chosen: typeof all;
    if (fields.data.cveIds) {
      const wanted = new Set(fields.data.cveIds);
      chosen = all.filter((e) => wanted.has(e.cveID));
      const missing = [...wanted].filter((c) => !chosen.some((e) => e.cveID === c));
      if (missing.length > 0) throw fieldError('cveIds', 'errors.advisories.notInFeed', { cves: missing.slice(0, 5).join(', ') });
    } else {
      const hits = await entriesHittingInventory(ctx, all);
      chosen = all.filter((e) => hits.has(e.cveID));
    }
    if (chosen.length > 200) throw fieldError('cveIds', 'errors.advisories.tooManyEntries', { count: chosen.length, max: 200 });
    skipped = all.length - chosen.length;
    const now = ctx.clock();
    drafts = chosen.map((e) => ({ body: advisoryFromKev(e, now), source: 'cisa_kev', record: e }));
  }
  if (drafts.length === 0) throw new AppError('invalid_state', 'errors.advisories.nothingToImport', { entries });
  const ids = await withTx(ctx, async (tx) => {
    const out: string[] = [];
    for (const d of drafts) out.push(await insertDraft(tx, d.body, d.source, d.record));
    return out;
  });
  const created = [];
  for (const id of ids) {
    const row = await repo.findAdvisory(ctx, id);
    if (row) created.push(presentSummary(row.advisory, row.orgName, undefined));
  }
  return { entries, created, skipped };
}
