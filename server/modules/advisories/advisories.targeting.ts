/**
 * Targeting: which assets of which organisations an advisory's products hit, and why
 * (shared/domain/advisories.ts decides every match). Set-based so that a province of 100,000
 * computers answers in under two seconds (bench/advisories.ts):
 *   1. the distinct (name, version, publisher) of installed programs and the distinct operating
 *      systems whose name contains a product's needle are read (a few thousand rows at most);
 *   2. each distinct item is matched once in JS, keeping why it matched: these are the advisory's
 *      matched items (advisory_matches), numbered; registry components (a few per system) are matched
 *      row by row and their distinct items join the list;
 *   3. one statement joins the matched items back to the computers through arrays passed as
 *      parameters and writes a target per computer (or, for the preview, counts them per
 *      organisation in SQL). Retired computers and systems are left out.
 * Only organisations in the publisher's scope ('advisory.publish') are targeted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { matchInstalled, mayMatchName, nameNeedle, type MatchWhy, type ProductRule } from '@shared/domain/advisories';
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

/** One of an advisory's matched items (advisory_matches): what matched, against which product, why. */
export interface MatchItem extends MatchedItem {
  kind: 'component' | 'program' | 'os';
}

export function needlesOf(products: readonly ProductRule[]): string[] {
  return [...new Set(products.map((p) => nameNeedle(p)).filter((n) => n !== ''))];
}

/** Whether a name may match one of the needles (mayMatchName: accents and punctuation folded). */
function mayMatchAny(needles: readonly string[], name: string): boolean {
  return needles.some((n) => mayMatchName(n, name));
}

/** The names (as given) that may match one of the needles. */
function candidates(names: readonly string[], needles: readonly string[]): string[] {
  return names.filter((name) => mayMatchAny(needles, name));
}

/** The distinct installed items that hit one of the products, each with why. */
function matchEach(products: readonly ProductRule[], items: readonly Omit<MatchedItem, 'why'>[]): MatchedItem[] {
  return items.flatMap((item) => {
    const why = matchInstalled(products, item);
    return why ? [{ ...item, why }] : [];
  });
}

/** A value read back from SQL as one of a known list. */
export function oneOf<T extends string>(list: readonly T[], v: unknown, fallback: T): T {
  return list.find((x) => x === v) ?? fallback;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

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
  const names = candidates(await distinctProgramNames(ctx), needles);
  if (names.length === 0) return [];
  // Distinct values only; no organisation's data leaves this function unmatched to a scoped asset.
  const rows = await queryRows(
    ctx.db,
    sql`SELECT name, version, publisher FROM endpoint_programs WHERE lower(name) = ANY(${sql.param(names)}::text[]) GROUP BY name, version, publisher`,
  );
  return matchEach(
    products,
    rows.map((r) => ({ name: str(r.name), version: str(r.version), vendor: strOrNull(r.publisher) })),
  );
}

/** Distinct operating systems of computers in scope whose name may match (a province has a few dozen). */
async function matchOperatingSystems(ctx: Ctx, products: readonly ProductRule[], needles: string[]): Promise<MatchedItem[]> {
  if (needles.length === 0) return [];
  const rows = await queryRows(
    ctx.db,
    sql`SELECT os_name, coalesce(os_version, '') AS os_version FROM endpoints
         WHERE os_name IS NOT NULL AND retired_at IS NULL AND ${inScope(ctx, 'advisory.publish', sql`org_id`)}
         GROUP BY os_name, coalesce(os_version, '')`,
  );
  return matchEach(
    products,
    rows.map((r) => ({ name: str(r.os_name), version: str(r.os_version), vendor: null })).filter((item) => mayMatchAny(needles, item.name)),
  );
}

/** The distinct lower-case product names of registry components of systems in scope that may match. */
async function componentNames(ctx: Ctx, needles: readonly string[]): Promise<string[]> {
  const rows = await queryRows(
    ctx.db,
    sql`SELECT DISTINCT lower(c.product) AS v FROM system_components c JOIN information_systems s ON s.id = c.system_id
         WHERE s.lifecycle <> 'retired' AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}`,
  );
  return candidates(rows.map((r) => str(r.v)), needles);
}

/** Distinct registry components (vendor, product, version) of systems in scope whose name may match, matched once each. */
async function matchComponents(ctx: Ctx, products: readonly ProductRule[], needles: string[]): Promise<MatchedItem[]> {
  if (needles.length === 0) return [];
  const names = await componentNames(ctx, needles);
  if (names.length === 0) return [];
  const rows = await queryRows(
    ctx.db,
    sql`SELECT c.vendor, c.product, coalesce(c.version, '') AS version
          FROM system_components c JOIN information_systems s ON s.id = c.system_id
         WHERE s.lifecycle <> 'retired' AND lower(c.product) = ANY(${sql.param(names)}::text[]) AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}
         GROUP BY 1, 2, 3`,
  );
  return matchEach(
    products,
    rows.map((r) => ({ vendor: strOrNull(r.vendor), name: str(r.product), version: str(r.version) })),
  );
}

/**
 * The systems hit through a registry component, one row each with the number of the item that hit
 * it (its first matching component in the registry's order).
 */
function systemHits(ctx: Ctx, items: readonly MatchItem[]): SQL {
  const cs = items.map((m, ord) => ({ ...m, ord })).filter((m) => m.kind === 'component');
  const col = <T>(f: (m: (typeof cs)[number]) => T) => sql.param(cs.map(f));
  return sql`WITH cm AS (SELECT * FROM unnest(${col((m) => m.vendor)}::text[], ${col((m) => m.name)}::text[], ${col((m) => m.version)}::text[],
                                              ${col((m) => m.ord)}::int[]) AS m(vendor, name, version, ord)),
                  hits AS (
                    SELECT DISTINCT ON (c.system_id) c.system_id, m.ord
                      FROM system_components c
                      JOIN cm m ON c.product = m.name AND coalesce(c.version, '') = m.version AND coalesce(c.vendor, '') = coalesce(m.vendor, '')
                     ORDER BY c.system_id, c.sort)
             SELECT s.id AS asset_id, s.org_id, s.name AS asset_name, h.ord
               FROM hits h JOIN information_systems s ON s.id = h.system_id
              WHERE s.lifecycle <> 'retired' AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}`;
}

/**
 * The computers hit — through an installed program, else through their operating system — one row
 * each with the number of the item that hit it (the first program item wins, then the first
 * operating system). Programs are narrowed by name through endpoint_programs_name_idx
 * (lower(name)) before the join; equality on all three keys keeps it a hash join.
 */
function endpointHits(ctx: Ctx, items: readonly MatchItem[]): SQL {
  const numbered = items.map((m, ord) => ({ ...m, ord }));
  const programs = numbered.filter((m) => m.kind === 'program');
  const os = numbered.filter((m) => m.kind === 'os');
  const col = <T>(xs: typeof numbered, f: (m: (typeof numbered)[number]) => T) => sql.param(xs.map(f));
  const names = [...new Set(programs.map((i) => i.name.toLowerCase()))];
  return sql`WITH pm AS (SELECT * FROM unnest(${col(programs, (m) => m.name)}::text[], ${col(programs, (m) => m.version)}::text[],
                                              ${col(programs, (m) => m.vendor)}::text[], ${col(programs, (m) => m.ord)}::int[]) AS m(name, version, vendor, ord)),
                  om AS (SELECT * FROM unnest(${col(os, (m) => m.name)}::text[], ${col(os, (m) => m.version)}::text[], ${col(os, (m) => m.ord)}::int[]) AS m(name, version, ord)),
                  -- Per computer, the best hit: programs (0) before the operating system (1), then the item's number.
                  hits AS (
                    SELECT endpoint_id, min(pri * 1000000 + ord) AS k FROM (
                      SELECT p.endpoint_id, 0 AS pri, m.ord
                        FROM endpoint_programs p
                        JOIN pm m ON p.name = m.name AND p.version = m.version AND coalesce(p.publisher, '') = coalesce(m.vendor, '')
                       WHERE lower(p.name) = ANY(${sql.param(names)}::text[])
                      UNION ALL
                      SELECT e.id, 1, m.ord FROM endpoints e JOIN om m ON e.os_name = m.name AND coalesce(e.os_version, '') = m.version) x
                    GROUP BY endpoint_id)
             SELECT e.id AS asset_id, e.org_id, e.hostname AS asset_name, (h.k % 1000000)::int AS ord
               FROM hits h JOIN endpoints e ON e.id = h.endpoint_id
              WHERE e.retired_at IS NULL AND ${inScope(ctx, 'advisory.publish', sql`e.org_id`)}`;
}

/**
 * The planner cannot know how many rows the matched-items arrays join to and picks nested loops
 * over 100,000 computers; for the targeting statements hash joins and an in-memory sort are asked
 * for instead — for those statements only: the rest of the caller's transaction (notices, audit)
 * plans as usual again.
 */
async function withBulkPlan<T>(tx: Ctx, fn: () => Promise<T>): Promise<T> {
  await queryRows(tx.db, sql`SET LOCAL enable_nestloop = off`);
  await queryRows(tx.db, sql`SET LOCAL work_mem = '32MB'`);
  // A failure aborts the transaction, and its SET LOCAL with it.
  const result = await fn();
  await queryRows(tx.db, sql`RESET enable_nestloop`);
  await queryRows(tx.db, sql`RESET work_mem`);
  return result;
}

/** Every distinct installed item (program, operating system, component) in scope whose name may match a needle, unmatched. */
export async function listCandidates(ctx: Ctx, needles: string[]): Promise<{ name: string; version: string; vendor: string | null }[]> {
  if (needles.length === 0) return [];
  const programs = candidates(await distinctProgramNames(ctx), needles);
  const components = await componentNames(ctx, needles);
  const rows = await queryRows(
    ctx.db,
    sql`SELECT name, version, publisher AS vendor FROM endpoint_programs WHERE lower(name) = ANY(${sql.param(programs)}::text[]) GROUP BY 1, 2, 3
        UNION SELECT c.product, coalesce(c.version, ''), c.vendor FROM system_components c JOIN information_systems s ON s.id = c.system_id
         WHERE s.lifecycle <> 'retired' AND lower(c.product) = ANY(${sql.param(components)}::text[]) AND ${inScope(ctx, 'advisory.publish', sql`s.org_id`)}
        UNION SELECT os_name, coalesce(os_version, ''), NULL FROM endpoints
         WHERE os_name IS NOT NULL AND retired_at IS NULL AND ${inScope(ctx, 'advisory.publish', sql`org_id`)}`,
  );
  return rows
    .map((r) => ({ name: str(r.name), version: str(r.version), vendor: strOrNull(r.vendor) }))
    .filter((c) => mayMatchAny(needles, c.name));
}

export interface Matches {
  /** The advisory's matched items, numbered by their index (advisory_matches.ord). */
  items: MatchItem[];
}

export async function findMatches(ctx: Ctx, products: readonly RuleWithId[]): Promise<Matches> {
  const needles = needlesOf(products);
  const programs = await matchPrograms(ctx, products, needles);
  const os = await matchOperatingSystems(ctx, products, needles);
  const components = await matchComponents(ctx, products, needles);
  return {
    items: [
      ...programs.map((m) => ({ ...m, kind: 'program' as const })),
      ...os.map((m) => ({ ...m, kind: 'os' as const })),
      ...components.map((m) => ({ ...m, kind: 'component' as const })),
    ],
  };
}

/**
 * Ids for the rows one statement writes, in the order it writes them: the first 30 characters of a
 * fresh UUID v7 (time, counter and random bits) followed by a 6-digit hexadecimal row number — valid
 * v7 UUIDs, increasing, so the primary key's index is appended to instead of split all over.
 */
function rowIds(orderBy: SQL): SQL {
  return sql`(${uuidv7().slice(0, 30)} || lpad(to_hex(row_number() OVER (ORDER BY ${orderBy})), 6, '0'))::uuid`;
}

/** Writes the matched items and the targets of a published advisory; returns how many systems and computers were hit. */
export async function insertTargets(tx: Ctx, advisoryId: string, products: readonly RuleWithId[], matches: Matches): Promise<{ systems: number; endpoints: number }> {
  return withBulkPlan(tx, () => writeTargets(tx, advisoryId, products, matches));
}

async function writeTargets(tx: Ctx, advisoryId: string, products: readonly RuleWithId[], matches: Matches): Promise<{ systems: number; endpoints: number }> {
  const now = tx.clock();
  const { items } = matches;
  const hit = { systems: 0, endpoints: 0 };
  if (items.length === 0) return hit;
  const col = <T>(f: (m: MatchItem, i: number) => T) => sql.param(items.map(f));
  await queryRows(
    tx.db,
    sql`INSERT INTO advisory_matches (advisory_id, ord, matched_kind, matched_vendor, matched_name, matched_version, product_id, name_match, version_rule, version_reason)
        SELECT ${advisoryId}, m.ord, m.kind, m.vendor, left(m.name, 255), left(nullif(m.version, ''), 100), m.product_id, m.name_match, m.version_rule, m.version_reason
          FROM unnest(${col((_m, i) => i)}::int[], ${col((m) => m.kind)}::text[], ${col((m) => m.vendor)}::text[], ${col((m) => m.name)}::text[],
                      ${col((m) => m.version)}::text[], ${col((m) => products[m.why.product]?.id ?? null)}::uuid[], ${col((m) => m.why.nameMatch)}::text[],
                      ${col((m) => m.why.versionRule)}::int[], ${col((m) => m.why.versionReason)}::text[])
               AS m(ord, kind, vendor, name, version, product_id, name_match, version_rule, version_reason)`,
  );
  if (items.some((m) => m.kind === 'component')) hit.systems = await writeAssets(tx, advisoryId, 'system', items, now);
  if (items.some((m) => m.kind === 'program' || m.kind === 'os')) hit.endpoints = await writeAssets(tx, advisoryId, 'endpoint', items, now);
  return hit;
}

/** The assets of each kind an advisory's items hit (asset_id, org_id, asset_name, ord), and the column naming them. */
const ASSETS = {
  system: { column: sql.raw('system_id'), hits: systemHits },
  endpoint: { column: sql.raw('endpoint_id'), hits: endpointHits },
} as const;

/**
 * Writes the targets of one kind of asset and each affected unit's acknowledgement row, in one
 * statement; returns how many. Sorted as advisory_targets_asset_key, so the index is appended to. A
 * draft has no targets and each statement yields an asset once: no conflict to resolve (the index
 * would refuse one).
 */
async function writeAssets(tx: Ctx, advisoryId: string, kind: keyof typeof ASSETS, items: readonly MatchItem[], now: Date): Promise<number> {
  const { column, hits } = ASSETS[kind];
  const rows = await queryRows(
    tx.db,
    sql`WITH ins AS (INSERT INTO advisory_targets (id, advisory_id, org_id, asset_kind, ${column}, asset_name, match_ord, created_at)
        SELECT ${rowIds(sql`h.org_id, h.asset_id`)}, ${advisoryId}, h.org_id, ${kind}, h.asset_id, left(h.asset_name, 255), h.ord, ${now}
          FROM (${hits(tx, items)}) h
         ORDER BY h.org_id, h.asset_id
        RETURNING org_id),
        st AS (INSERT INTO advisory_org_status (id, advisory_id, org_id)
               SELECT gen_random_uuid(), ${advisoryId}, d.org_id FROM (SELECT DISTINCT org_id FROM ins) d
               ON CONFLICT (advisory_id, org_id) DO NOTHING)
        SELECT count(*)::int AS n FROM ins`,
  );
  return Number(rows[0]?.n ?? 0);
}

const SAMPLE = 200;

/** What publishing would hit, before anything is written: per organisation, and the first matches with why. */
export async function previewTargets(ctx: Ctx, products: readonly RuleWithId[]): Promise<TargetPreview> {
  // Read-only; a transaction only so that the planner settings stay local to it.
  return withTx(ctx, (tx) => previewIn(tx, products));
}

async function previewIn(ctx: Ctx, products: readonly RuleWithId[]): Promise<TargetPreview> {
  const { items } = await findMatches(ctx, products);
  const perOrg = new Map<string, { orgId: string; orgName: string; systems: number; endpoints: number }>();
  const sample: PreviewTarget[] = [];
  const why = (ord: number) => {
    const m = items[ord] as MatchItem;
    const p = products[m.why.product];
    return {
      matchedKind: m.kind,
      matchedVendor: m.vendor,
      matchedName: m.name,
      matchedVersion: m.version === '' ? null : m.version,
      productVendor: p?.vendor ?? null,
      product: p?.product ?? null,
      nameMatch: m.why.nameMatch,
      versionRule: m.why.versionRule === null ? null : (p?.versions?.[m.why.versionRule] ?? null),
      versionRuleIndex: m.why.versionRule,
      versionReason: m.why.versionReason,
    };
  };
  const hasSystems = items.some((m) => m.kind === 'component');
  const hasEndpoints = items.some((m) => m.kind === 'program' || m.kind === 'os');
  if (hasSystems || hasEndpoints) {
    // Counted per organisation in SQL; only the first assets (systems, then computers, by unit and
    // name) come back whole.
    const rows = await withBulkPlan(ctx, () =>
      queryRows(
        ctx.db,
        sql`WITH h AS MATERIALIZED (
                   ${hasSystems ? sql`SELECT 'system' AS kind, asset_id, org_id, asset_name, ord FROM (${systemHits(ctx, items)}) s` : sql`SELECT NULL::text AS kind, NULL::uuid AS asset_id, NULL::uuid AS org_id, NULL::text AS asset_name, NULL::int AS ord WHERE false`}
                   UNION ALL
                   ${hasEndpoints ? sql`SELECT 'endpoint', asset_id, org_id, asset_name, ord FROM (${endpointHits(ctx, items)}) e` : sql`SELECT NULL, NULL, NULL, NULL, NULL WHERE false`}),
                 per AS (SELECT org_id, count(*) FILTER (WHERE kind = 'system')::int AS systems, count(*) FILTER (WHERE kind = 'endpoint')::int AS endpoints FROM h GROUP BY org_id),
                 first AS (SELECT h.* FROM h JOIN orgs o ON o.id = h.org_id ORDER BY h.kind DESC, o.path, h.asset_name, h.asset_id LIMIT ${SAMPLE})
            SELECT 'org' AS part, per.org_id, o.name AS org_name, per.systems, per.endpoints, NULL AS kind, NULL::uuid AS asset_id, NULL AS asset_name, NULL::int AS ord,
                   NULL AS org_path
              FROM per JOIN orgs o ON o.id = per.org_id
            UNION ALL
            SELECT 'sample', f.org_id, o.name, NULL, NULL, f.kind, f.asset_id, f.asset_name, f.ord, o.path FROM first f JOIN orgs o ON o.id = f.org_id
            ORDER BY part, kind DESC, org_path, asset_name, asset_id`,
      ),
    );
    for (const r of rows) {
      const orgId = str(r.org_id);
      if (r.part === 'org') {
        perOrg.set(orgId, { orgId, orgName: str(r.org_name), systems: Number(r.systems), endpoints: Number(r.endpoints) });
      } else if (sample.length < SAMPLE) {
        sample.push({ orgId, orgName: str(r.org_name), assetKind: r.kind === 'system' ? 'system' : 'endpoint', assetId: str(r.asset_id), assetName: str(r.asset_name), why: why(Number(r.ord)) });
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
