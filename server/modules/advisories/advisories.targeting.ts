/**
 * Targeting: which assets of which organisations an advisory's products hit, and why
 * (shared/domain/advisories.ts decides every match). Set-based so that a province of 100,000
 * computers answers in well under two seconds (bench/advisories.ts):
 *   1. the distinct (name, version, publisher) of installed programs and the distinct operating
 *      systems whose name contains a product's needle are read (a few thousand rows at most);
 *   2. each distinct item is matched once in JS, keeping why it matched;
 *   3. one INSERT … SELECT (or SELECT for the preview) joins the matched items back to the computers
 *      through arrays passed as parameters. Registry components (a few per system) are matched row
 *      by row. Retired computers and systems are left out.
 * Only organisations in the publisher's scope ('advisory.publish') are targeted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { matchInstalled, nameNeedle, NAME_MATCHES, VERSION_REASONS, type MatchWhy, type ProductRule } from '@shared/domain/advisories';
import type { PreviewTarget, TargetPreview } from '@shared/api/advisories';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { inScope } from '../../authz/scope';
import { queryRows } from '../../db/connect';

export interface RuleWithId extends ProductRule {
  id: string | null;
}

interface MatchedItem {
  name: string;
  version: string;
  vendor: string | null;
  why: MatchWhy;
}

export function needlesOf(products: readonly ProductRule[]): string[] {
  return [...new Set(products.map((p) => nameNeedle(p)).filter((n) => n !== ''))].map(needlePattern);
}

/** A value read back from SQL as one of a known list. */
export function oneOf<T extends string>(list: readonly T[], v: unknown, fallback: T): T {
  return list.find((x) => x === v) ?? fallback;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The distinct lower-case program names, read by skipping through endpoint_programs_name_idx (one
 * index probe per distinct name: a province has thousands of names over a million rows).
 */
async function distinctProgramNames(ctx: Ctx): Promise<string[]> {
  const rows = await queryRows(
    ctx.db,
    sql`WITH RECURSIVE n AS (
          (SELECT lower(name) AS v FROM endpoint_programs ORDER BY lower(name) LIMIT 1)
          UNION ALL
          SELECT (SELECT lower(p.name) FROM endpoint_programs p WHERE lower(p.name) > n.v ORDER BY lower(p.name) LIMIT 1) FROM n WHERE n.v IS NOT NULL)
        SELECT v FROM n WHERE v IS NOT NULL`,
  );
  return rows.map((r) => str(r.v));
}

/** Distinct installed programs whose name may match, matched once each. */
async function matchPrograms(ctx: Ctx, products: readonly ProductRule[], needles: string[]): Promise<MatchedItem[]> {
  if (needles.length === 0) return [];
  const plain = needles.map((n) => n.slice(1, -1).replace(/\\(.)/g, '$1'));
  const names = (await distinctProgramNames(ctx)).filter((name) => plain.some((n) => name.includes(n)));
  if (names.length === 0) return [];
  // Distinct values only; no organisation's data leaves this function unmatched to a scoped asset.
  const rows = await queryRows(
    ctx.db,
    sql`SELECT name, version, publisher FROM endpoint_programs WHERE lower(name) = ANY(${sql.param(names)}::text[]) GROUP BY name, version, publisher`,
  );
  const out: MatchedItem[] = [];
  for (const r of rows) {
    const item = { name: str(r.name), version: str(r.version), vendor: strOrNull(r.publisher) };
    const why = matchInstalled(products, item);
    if (why) out.push({ ...item, why });
  }
  return out;
}

/** Distinct operating systems of computers whose name may match. */
async function matchOperatingSystems(ctx: Ctx, products: readonly ProductRule[], needles: string[]): Promise<MatchedItem[]> {
  if (needles.length === 0) return [];
  const rows = await queryRows(
    ctx.db,
    sql`SELECT os_name, coalesce(os_version, '') AS os_version FROM endpoints
         WHERE os_name IS NOT NULL AND lower(os_name) LIKE ANY(${sql.param(needles)}::text[]) AND retired_at IS NULL
           AND ${inScope(ctx, 'advisory.publish', sql`org_id`)}
         GROUP BY os_name, coalesce(os_version, '')`,
  );
  const out: MatchedItem[] = [];
  for (const r of rows) {
    const item = { name: str(r.os_name), version: str(r.os_version), vendor: null };
    const why = matchInstalled(products, item);
    if (why) out.push({ ...item, why });
  }
  return out;
}

interface ComponentMatch {
  systemId: string;
  orgId: string;
  orgName: string;
  systemName: string;
  vendor: string | null;
  name: string;
  version: string | null;
  why: MatchWhy;
}

/** Registry components of systems in scope, matched row by row; the first match of a system stands. */
async function matchComponents(ctx: Ctx, products: readonly ProductRule[], needles: string[]): Promise<ComponentMatch[]> {
  if (needles.length === 0) return [];
  const rows = await queryRows(
    ctx.db,
    sql`SELECT s.id AS system_id, s.org_id, o.name AS org_name, s.name AS system_name, c.vendor, c.product, c.version
          FROM system_components c
          JOIN information_systems s ON s.id = c.system_id
          JOIN orgs o ON o.id = s.org_id
         WHERE s.lifecycle <> 'retired' AND lower(c.product) LIKE ANY(${sql.param(needles)}::text[])
           AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}
         ORDER BY s.id, c.sort`,
  );
  const seen = new Set<string>();
  const out: ComponentMatch[] = [];
  for (const r of rows) {
    const systemId = str(r.system_id);
    if (seen.has(systemId)) continue;
    const item = { vendor: strOrNull(r.vendor), name: str(r.product), version: strOrNull(r.version) };
    const why = matchInstalled(products, item);
    if (!why) continue;
    seen.add(systemId);
    out.push({ systemId, orgId: str(r.org_id), orgName: str(r.org_name), systemName: str(r.system_name), ...item, why });
  }
  return out;
}

/** The matched items as parallel arrays, joined back to the computers in SQL. */
function matchedTable(items: readonly MatchedItem[], products: readonly RuleWithId[]): SQL {
  const col = <T>(f: (m: MatchedItem, i: number) => T) => items.map(f);
  return sql`unnest(
      ${sql.param(col((m) => m.name))}::text[], ${sql.param(col((m) => m.version))}::text[], ${sql.param(col((m) => m.vendor))}::text[],
      ${sql.param(col((m) => products[m.why.product]?.id ?? null))}::uuid[], ${sql.param(col((m) => m.why.nameMatch))}::text[],
      ${sql.param(col((m) => m.why.versionRule))}::int[], ${sql.param(col((m) => m.why.versionReason))}::text[], ${sql.param(col((m) => m.why.product))}::int[],
      ${sql.param(col((_m, i) => i))}::int[]
    ) AS m(name, version, vendor, product_id, name_match, version_rule, version_reason, product_idx, ord)`;
}

/**
 * The SELECT of computers hit through a program (kind 'program') or their operating system ('os').
 * Programs are narrowed by name through endpoint_programs_name_idx (lower(name)) before the join.
 */
function endpointHits(ctx: Ctx, kind: 'program' | 'os', items: readonly MatchedItem[], products: readonly RuleWithId[]): SQL {
  const m = matchedTable(items, products);
  if (kind === 'program') {
    const names = [...new Set(items.map((i) => i.name.toLowerCase()))];
    return sql`WITH hits AS MATERIALIZED (
                 SELECT DISTINCT ON (p.endpoint_id) p.endpoint_id, m.name, m.version, m.vendor, m.product_id, m.name_match, m.version_rule, m.version_reason, m.product_idx
                   FROM endpoint_programs p
                   -- Equality on all three keeps it a hash join (IS NOT DISTINCT FROM would not).
                   JOIN ${m} ON p.name = m.name AND p.version = m.version AND coalesce(p.publisher, '') = coalesce(m.vendor, '')
                  WHERE lower(p.name) = ANY(${sql.param(names)}::text[])
                  ORDER BY p.endpoint_id, m.ord)
               SELECT e.id AS endpoint_id, e.org_id, e.hostname, h.name, h.version, h.vendor, h.product_id, h.name_match, h.version_rule, h.version_reason, h.product_idx
                 FROM hits h JOIN endpoints e ON e.id = h.endpoint_id
                WHERE e.retired_at IS NULL AND ${inScope(ctx, 'advisory.publish', sql`e.org_id`)}`;
  }
  return sql`SELECT DISTINCT ON (e.id) e.id AS endpoint_id, e.org_id, e.hostname, m.name, m.version, m.vendor, m.product_id, m.name_match,
                    m.version_rule, m.version_reason, m.product_idx
               FROM endpoints e JOIN ${m} ON e.os_name = m.name AND coalesce(e.os_version, '') = m.version
              WHERE e.retired_at IS NULL AND ${inScope(ctx, 'advisory.publish', sql`e.org_id`)}
              ORDER BY e.id, m.ord`;
}

/**
 * The planner cannot know how many rows the matched-items arrays join to and picks nested loops
 * over 100,000 computers; for the targeting statements (in their transaction only) hash joins and
 * an in-memory sort are asked for instead.
 */
async function planForBulk(tx: Ctx): Promise<void> {
  await queryRows(tx.db, sql`SET LOCAL enable_nestloop = off`);
  await queryRows(tx.db, sql`SET LOCAL work_mem = '32MB'`);
}

/** Every distinct installed item (program, operating system, component) whose name contains a needle, unmatched. */
export async function listCandidates(ctx: Ctx, needles: string[]): Promise<{ name: string; version: string; vendor: string | null }[]> {
  if (needles.length === 0) return [];
  const like = sql.param(needles);
  const rows = await queryRows(
    ctx.db,
    sql`SELECT name, version, publisher AS vendor FROM endpoint_programs WHERE lower(name) LIKE ANY(${like}::text[]) GROUP BY 1, 2, 3
        UNION SELECT os_name, coalesce(os_version, ''), NULL FROM endpoints
         WHERE os_name IS NOT NULL AND retired_at IS NULL AND lower(os_name) LIKE ANY(${like}::text[]) AND ${inScope(ctx, 'advisory.publish', sql`org_id`)}
        UNION SELECT c.product, coalesce(c.version, ''), c.vendor FROM system_components c JOIN information_systems s ON s.id = c.system_id
         WHERE s.lifecycle <> 'retired' AND lower(c.product) LIKE ANY(${like}::text[]) AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}`,
  );
  return rows.map((r) => ({ name: str(r.name), version: str(r.version), vendor: strOrNull(r.vendor) }));
}

export function needlePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface Matches {
  programs: MatchedItem[];
  os: MatchedItem[];
  components: ComponentMatch[];
}

export async function findMatches(ctx: Ctx, products: readonly RuleWithId[]): Promise<Matches> {
  const needles = needlesOf(products);
  const [programs, os, components] = [await matchPrograms(ctx, products, needles), await matchOperatingSystems(ctx, products, needles), await matchComponents(ctx, products, needles)];
  return { programs, os, components };
}

/** Writes the targets of a published advisory; returns how many assets were hit. */
export async function insertTargets(tx: Ctx, advisoryId: string, products: readonly RuleWithId[], matches: Matches): Promise<number> {
  const now = tx.clock();
  await planForBulk(tx);
  let n = 0;
  if (matches.components.length > 0) {
    const cs = matches.components;
    const col = <T>(f: (c: ComponentMatch) => T) => sql.param(cs.map(f));
    const rows = await queryRows(
      tx.db,
      sql`WITH ins AS (INSERT INTO advisory_targets (id, advisory_id, org_id, asset_kind, system_id, asset_name, matched_kind, matched_vendor, matched_name, matched_version,
                                        product_id, name_match, version_rule, version_reason, created_at)
          SELECT gen_random_uuid(), ${advisoryId}, c.org_id, 'system', c.system_id, left(c.system_name, 255), 'component', c.vendor, c.name, c.version,
                 c.product_id, c.name_match, c.version_rule, c.version_reason, ${now}
            FROM unnest(${col((c) => c.orgId)}::uuid[], ${col((c) => c.systemId)}::uuid[], ${col((c) => c.systemName)}::text[], ${col((c) => c.vendor)}::text[],
                        ${col((c) => c.name)}::text[], ${col((c) => c.version)}::text[], ${col((c) => products[c.why.product]?.id ?? null)}::uuid[],
                        ${col((c) => c.why.nameMatch)}::text[], ${col((c) => c.why.versionRule)}::int[], ${col((c) => c.why.versionReason)}::text[])
                 AS c(org_id, system_id, system_name, vendor, name, version, product_id, name_match, version_rule, version_reason)
          ON CONFLICT (advisory_id, system_id) WHERE system_id IS NOT NULL DO NOTHING
          RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    );
    n += Number(rows[0]?.n ?? 0);
  }
  for (const kind of ['program', 'os'] as const) {
    const items = kind === 'program' ? matches.programs : matches.os;
    if (items.length === 0) continue;
    // uuid v7-like ids made in SQL keep this one statement; gen_random_uuid() is v4, fine for ids.
    const rows = await queryRows(
      tx.db,
      sql`WITH ins AS (INSERT INTO advisory_targets (id, advisory_id, org_id, asset_kind, endpoint_id, asset_name, matched_kind, matched_vendor, matched_name, matched_version,
                                        product_id, name_match, version_rule, version_reason, created_at)
          SELECT gen_random_uuid(), ${advisoryId}, h.org_id, 'endpoint', h.endpoint_id, left(h.hostname, 255), ${kind}, h.vendor, h.name, nullif(h.version, ''),
                 h.product_id, h.name_match, h.version_rule, h.version_reason, ${now}
            FROM (${endpointHits(tx, kind, items, products)}) h
          ON CONFLICT (advisory_id, endpoint_id) WHERE endpoint_id IS NOT NULL DO NOTHING
          RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    );
    n += Number(rows[0]?.n ?? 0);
  }
  // One acknowledgement row per affected organisation.
  await queryRows(
    tx.db,
    sql`INSERT INTO advisory_org_status (id, advisory_id, org_id)
        SELECT gen_random_uuid(), ${advisoryId}, t.org_id FROM (SELECT DISTINCT org_id FROM advisory_targets WHERE advisory_id = ${advisoryId}) t
        ON CONFLICT (advisory_id, org_id) DO NOTHING`,
  );
  return n;
}

const SAMPLE = 200;

/** What publishing would hit, before anything is written: per organisation, and the first matches with why. */
export async function previewTargets(ctx: Ctx, products: readonly RuleWithId[]): Promise<TargetPreview> {
  // Read-only; a transaction only so that the planner settings stay local to it.
  return withTx(ctx, (tx) => previewIn(tx, products));
}

async function previewIn(ctx: Ctx, products: readonly RuleWithId[]): Promise<TargetPreview> {
  const matches = await findMatches(ctx, products);
  await planForBulk(ctx);
  const perOrg = new Map<string, { orgId: string; orgName: string; systems: number; endpoints: number }>();
  const sample: PreviewTarget[] = [];
  const why = (m: { name: string; version: string | null; vendor: string | null }, kind: 'component' | 'program' | 'os', w: MatchWhy) => {
    const p = products[w.product];
    return {
      matchedKind: kind,
      matchedVendor: m.vendor,
      matchedName: m.name,
      matchedVersion: m.version === '' ? null : m.version,
      productVendor: p?.vendor ?? null,
      product: p?.product ?? null,
      nameMatch: w.nameMatch,
      versionRule: w.versionRule === null ? null : (p?.versions?.[w.versionRule] ?? null),
      versionRuleIndex: w.versionRule,
      versionReason: w.versionReason,
    };
  };
  for (const c of matches.components) {
    const o = perOrg.get(c.orgId) ?? { orgId: c.orgId, orgName: c.orgName, systems: 0, endpoints: 0 };
    o.systems += 1;
    perOrg.set(c.orgId, o);
    if (sample.length < SAMPLE) sample.push({ orgId: c.orgId, orgName: c.orgName, assetKind: 'system', assetId: c.systemId, assetName: c.systemName, why: why(c, 'component', c.why) });
  }
  const seen = new Set<string>();
  for (const kind of ['program', 'os'] as const) {
    const items = kind === 'program' ? matches.programs : matches.os;
    if (items.length === 0) continue;
    const hits = await queryRows(
      ctx.db,
      sql`SELECT h.*, o.name AS org_name FROM (${endpointHits(ctx, kind, items, products)}) h JOIN orgs o ON o.id = h.org_id ORDER BY o.path, h.hostname`,
    );
    for (const h of hits) {
      const endpointId = str(h.endpoint_id);
      if (seen.has(endpointId)) continue;
      seen.add(endpointId);
      const orgId = str(h.org_id);
      const o = perOrg.get(orgId) ?? { orgId, orgName: str(h.org_name), systems: 0, endpoints: 0 };
      o.endpoints += 1;
      perOrg.set(orgId, o);
      if (sample.length < SAMPLE) {
        const w: MatchWhy = {
          product: Number(h.product_idx),
          nameMatch: oneOf(NAME_MATCHES, h.name_match, 'exact'),
          versionRule: h.version_rule === null ? null : Number(h.version_rule),
          versionReason: oneOf(VERSION_REASONS, h.version_reason, 'default'),
        };
        sample.push({ orgId, orgName: str(h.org_name), assetKind: 'endpoint', assetId: endpointId, assetName: str(h.hostname), why: why({ name: str(h.name), version: str(h.version), vendor: strOrNull(h.vendor) }, kind, w) });
      }
    }
  }
  const orgs = [...perOrg.values()].sort((a, b) => b.systems + b.endpoints - (a.systems + a.endpoints) || a.orgName.localeCompare(b.orgName, 'vi'));
  return {
    orgs,
    totals: { orgs: orgs.length, systems: orgs.reduce((s, o) => s + o.systems, 0), endpoints: orgs.reduce((s, o) => s + o.endpoints, 0) },
    sample,
  };
}
