/**
 * Queries of advisories. Who sees an advisory (decided here, in one predicate, `visible`):
 *  - a draft: only those who may publish under its issuing organisation;
 *  - published or withdrawn: readers whose scope covers the issuing organisation (the authority);
 *    every reader when marked TLP:CLEAR or TLP:GREEN; for TLP:AMBER, AMBER+STRICT and RED only the
 *    readers of a targeted organisation (FIRST TLP 2.0: limited to the recipients' organisations).
 * Targets, acknowledgements and evidence are organisation-owned: a unit sees its own, the authority
 * (whose scope covers everyone) sees all.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { RESTRICTED_TLPS } from '@shared/domain/advisories';
import type { ListAdvisoriesQuery, ListTargetsQuery } from '@shared/api/advisories';
import type { Ctx } from '../../http/context';
import { inScope } from '../../authz/scope';
import { queryRows } from '../../db/connect';
import { advisories, advisoryEvidence, advisoryProducts, orgs, users } from '../../db/schema';

/** Whether the actor may see the advisory row (see the header). */
export function visible(ctx: Ctx): SQL {
  return sql`(${inScope(ctx, 'advisory.publish', advisories.orgId)}
    OR (${advisories.status} <> 'draft' AND (
         ${inScope(ctx, 'advisory.read', advisories.orgId)}
      OR NOT (${advisories.tlp} = ANY(${sql.param([...RESTRICTED_TLPS])}::text[]))
      OR EXISTS (SELECT 1 FROM advisory_targets vt WHERE vt.advisory_id = ${advisories.id} AND ${inScope(ctx, 'advisory.read', sql`vt.org_id`)}))))`;
}

const publisher = alias(users, 'publisher');

export async function findAdvisory(ctx: Ctx, id: string) {
  // scope-exempt: visible() is the scope predicate (inScope on the issuer, or on a targeted unit).
  const [row] = await ctx.db
    .select({ advisory: advisories, orgName: orgs.name, orgPath: orgs.path, orgCode: orgs.code, orgUpdatedAt: orgs.updatedAt, publishedByName: publisher.fullName })
    .from(advisories)
    .innerJoin(orgs, eq(orgs.id, advisories.orgId))
    .leftJoin(publisher, eq(publisher.id, advisories.publishedBy))
    .where(and(eq(advisories.id, id), visible(ctx)));
  return row;
}
export type AdvisoryWithNames = NonNullable<Awaited<ReturnType<typeof findAdvisory>>>;

/** Locks an advisory the actor may publish under (a write), or undefined. */
export async function lockAdvisory(tx: Ctx, id: string) {
  const [row] = await tx.db
    .select({ id: advisories.id, status: advisories.status })
    .from(advisories)
    .where(and(eq(advisories.id, id), inScope(tx, 'advisory.publish', advisories.orgId)))
    .for('update');
  return row;
}

export async function listAdvisories(ctx: Ctx, q: ListAdvisoriesQuery) {
  const conds: (SQL | undefined)[] = [visible(ctx)];
  if (q.status) conds.push(eq(advisories.status, q.status));
  if (q.severity) conds.push(eq(advisories.severity, q.severity));
  if (q.q) {
    const like = `%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(lower(${advisories.title}) LIKE ${like} OR lower(${advisories.code}) LIKE ${like} OR lower(array_to_string(${advisories.cveIds}, ' ')) LIKE ${like})`);
  }
  if (q.affectingMe === 'true') {
    conds.push(sql`EXISTS (SELECT 1 FROM advisory_targets mt WHERE mt.advisory_id = ${advisories.id} AND ${inScope(ctx, 'advisory.respond', sql`mt.org_id`)})`);
  }
  const where = and(...conds);
  // scope-exempt: `where` starts with visible(), the scope predicate of advisories.
  const items = await ctx.db
    .select({ advisory: advisories, orgName: orgs.name, orgPath: orgs.path })
    .from(advisories)
    .innerJoin(orgs, eq(orgs.id, advisories.orgId))
    .where(where)
    .orderBy(sql`${advisories.publishedAt} DESC NULLS FIRST`, sql`${advisories.createdAt} DESC`, asc(advisories.id))
    .limit(q.limit)
    .offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await queryRows(ctx.db, sql`SELECT count(*)::int AS n FROM advisories WHERE ${where}`);
  return { items, total: Number(total?.n ?? 0) };
}

export function listProducts(ctx: Ctx, advisoryIds: readonly string[]) {
  if (advisoryIds.length === 0) return Promise.resolve([]);
  // Products are read only for advisories already found through `visible`.
  return ctx.db
    .select()
    .from(advisoryProducts)
    .where(inArray(advisoryProducts.advisoryId, [...advisoryIds]))
    .orderBy(asc(advisoryProducts.advisoryId), asc(advisoryProducts.sort));
}

export interface Counts {
  orgs: number;
  targets: number;
  pending: number;
  acknowledged: number;
  remediated: number;
  notAffected: number;
  acknowledgedOrgs: number;
  overdueOrgs: number;
}

const OPEN = sql`('pending','acknowledged')`;

/** Per advisory: the targets and organisations the actor may see, by state, and how many are overdue. */
export async function countResponses(ctx: Ctx, advisoryIds: readonly string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (advisoryIds.length === 0) return out;
  const now = ctx.clock();
  const ids = sql.param([...advisoryIds]);
  const t = await queryRows(
    ctx.db,
    sql`SELECT advisory_id, count(*)::int AS targets, count(DISTINCT org_id)::int AS orgs,
               count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
               count(*) FILTER (WHERE status = 'remediated')::int AS remediated, count(*) FILTER (WHERE status = 'not_affected')::int AS not_affected
          FROM advisory_targets WHERE advisory_id = ANY(${ids}::uuid[]) AND ${inScope(ctx, 'advisory.read', sql`org_id`)}
         GROUP BY advisory_id`,
  );
  const s = await queryRows(
    ctx.db,
    sql`SELECT s.advisory_id, count(*) FILTER (WHERE s.acknowledged_at IS NOT NULL)::int AS acknowledged_orgs,
               count(*) FILTER (WHERE (a.ack_due_at < ${now} AND s.acknowledged_at IS NULL)
                 OR (a.remediation_due_at < ${now} AND EXISTS (SELECT 1 FROM advisory_targets x WHERE x.advisory_id = s.advisory_id AND x.org_id = s.org_id AND x.status IN ${OPEN})))::int AS overdue_orgs
          FROM advisory_org_status s JOIN advisories a ON a.id = s.advisory_id
         WHERE s.advisory_id = ANY(${ids}::uuid[]) AND a.status = 'published' AND ${inScope(ctx, 'advisory.read', sql`s.org_id`)}
         GROUP BY s.advisory_id`,
  );
  for (const r of t) {
    out.set(String(r.advisory_id), {
      orgs: Number(r.orgs),
      targets: Number(r.targets),
      pending: Number(r.pending),
      acknowledged: Number(r.acknowledged),
      remediated: Number(r.remediated),
      notAffected: Number(r.not_affected),
      acknowledgedOrgs: 0,
      overdueOrgs: 0,
    });
  }
  for (const r of s) {
    const c = out.get(String(r.advisory_id));
    if (!c) continue;
    c.acknowledgedOrgs = Number(r.acknowledged_orgs);
    c.overdueOrgs = Number(r.overdue_orgs);
  }
  return out;
}

export async function listTargets(ctx: Ctx, advisoryId: string, q: ListTargetsQuery) {
  const conds = [sql`t.advisory_id = ${advisoryId}`, inScope(ctx, 'advisory.read', sql`t.org_id`)];
  if (q.orgId) conds.push(sql`t.org_id IN (SELECT c.id FROM orgs c, orgs p WHERE p.id = ${q.orgId} AND c.path LIKE p.path || '%')`);
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const items = await queryRows(
    ctx.db,
    sql`SELECT t.*, m.matched_kind, m.matched_vendor, m.matched_name, m.matched_version, m.name_match, m.version_rule, m.version_reason,
               o.name AS org_name, o.path AS org_path, u.full_name AS acted_by_name, ev.file_name AS evidence_name,
               p.vendor AS product_vendor, p.product AS product_name, p.versions AS product_versions
          FROM advisory_targets t
          JOIN advisory_matches m ON m.advisory_id = t.advisory_id AND m.ord = t.match_ord
          JOIN orgs o ON o.id = t.org_id
          LEFT JOIN users u ON u.id = t.acted_by
          LEFT JOIN advisory_evidence ev ON ev.id = t.evidence_id
          LEFT JOIN advisory_products p ON p.id = m.product_id
         WHERE ${where}
         ORDER BY o.path, t.asset_kind DESC, t.asset_name, t.id
         LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await queryRows(ctx.db, sql`SELECT count(*)::int AS n FROM advisory_targets t WHERE ${where}`);
  return { items, total: Number(total?.n ?? 0) };
}

/** Targets of an advisory by id, locked, that the actor may answer for (advisory.respond on their unit). */
export async function lockTargets(tx: Ctx, advisoryId: string, ids: readonly string[]) {
  return queryRows(
    tx.db,
    sql`SELECT t.id, t.org_id, t.status, o.path AS org_path FROM advisory_targets t JOIN orgs o ON o.id = t.org_id
         WHERE t.advisory_id = ${advisoryId} AND t.id = ANY(${sql.param([...ids])}::uuid[]) AND ${inScope(tx, 'advisory.read', sql`t.org_id`)}
         FOR UPDATE OF t`,
  );
}

/** Per affected organisation the actor may see: its targets by state and its acknowledgement. */
export async function listResponses(ctx: Ctx, advisoryId: string) {
  const now = ctx.clock();
  return queryRows(
    ctx.db,
    sql`SELECT s.org_id, o.name AS org_name, o.path AS org_path, s.acknowledged_at, u.full_name AS acknowledged_by_name,
               c.targets, c.pending, c.acknowledged, c.remediated, c.not_affected,
               (a.status = 'published' AND a.ack_due_at < ${now} AND s.acknowledged_at IS NULL) AS ack_overdue,
               (a.status = 'published' AND a.remediation_due_at < ${now} AND c.pending + c.acknowledged > 0) AS remediation_overdue
          FROM advisory_org_status s
          JOIN advisories a ON a.id = s.advisory_id
          JOIN orgs o ON o.id = s.org_id
          LEFT JOIN users u ON u.id = s.acknowledged_by
          JOIN LATERAL (
            SELECT count(*)::int AS targets, count(*) FILTER (WHERE t.status = 'pending')::int AS pending,
                   count(*) FILTER (WHERE t.status = 'acknowledged')::int AS acknowledged,
                   count(*) FILTER (WHERE t.status = 'remediated')::int AS remediated,
                   count(*) FILTER (WHERE t.status = 'not_affected')::int AS not_affected
              FROM advisory_targets t WHERE t.advisory_id = s.advisory_id AND t.org_id = s.org_id) c ON true
         WHERE s.advisory_id = ${advisoryId} AND ${inScope(ctx, 'advisory.read', sql`s.org_id`)}
         ORDER BY (s.acknowledged_at IS NOT NULL), c.pending + c.acknowledged DESC, o.path`,
  );
}

/**
 * The authority's overdue list: each (published advisory, organisation) in scope that has not
 * acknowledged by the acknowledgement due date, or still has unanswered assets after the remediation
 * due date. It shrinks as units act.
 */
export async function listOverdue(ctx: Ctx, advisoryId?: string) {
  const now = ctx.clock();
  return queryRows(
    ctx.db,
    sql`SELECT a.id AS advisory_id, a.code, a.title, a.severity, a.ack_due_at, a.remediation_due_at, s.org_id, o.name AS org_name,
               (a.ack_due_at < ${now} AND s.acknowledged_at IS NULL) AS ack_overdue,
               (a.remediation_due_at < ${now} AND c.open > 0) AS remediation_overdue, c.open
          FROM advisory_org_status s
          JOIN advisories a ON a.id = s.advisory_id AND a.status = 'published'
          JOIN orgs o ON o.id = s.org_id
          JOIN LATERAL (SELECT count(*)::int AS open FROM advisory_targets t WHERE t.advisory_id = s.advisory_id AND t.org_id = s.org_id AND t.status IN ${OPEN}) c ON true
         WHERE ${inScope(ctx, 'advisory.read', sql`s.org_id`)} ${advisoryId ? sql`AND s.advisory_id = ${advisoryId}` : sql``}
           AND ((a.ack_due_at < ${now} AND s.acknowledged_at IS NULL) OR (a.remediation_due_at < ${now} AND c.open > 0))
         ORDER BY a.remediation_due_at NULLS LAST, a.code, o.path
         LIMIT 2000`,
  );
}

export async function nextSeq(tx: Ctx, year: number): Promise<number> {
  // Serialises numbering per year (two drafts created at once get different codes).
  await queryRows(tx.db, sql`SELECT pg_advisory_xact_lock(hashtext('advisory-code'), ${year})`);
  const [r] = await queryRows(
    tx.db,
    // scope-exempt: the province-wide sequence of codes; only the number is read.
    sql`SELECT coalesce(max(substring(code from '^CB-\\d{4}-(\\d+)$')::int), 0) + 1 AS n FROM advisories WHERE code LIKE ${`CB-${year}-%`}`,
  );
  return Number(r?.n ?? 1);
}

export async function getEvidence(ctx: Ctx, advisoryId: string, evidenceId: string) {
  const [row] = await ctx.db
    .select({ fileName: advisoryEvidence.fileName, mediaType: advisoryEvidence.mediaType, content: advisoryEvidence.content, sha256: advisoryEvidence.sha256 })
    .from(advisoryEvidence)
    .where(and(eq(advisoryEvidence.id, evidenceId), eq(advisoryEvidence.advisoryId, advisoryId), inScope(ctx, 'advisory.read', advisoryEvidence.orgId)));
  return row;
}

export async function findEvidence(ctx: Ctx, advisoryId: string, evidenceId: string) {
  const [row] = await ctx.db
    .select({ id: advisoryEvidence.id, orgId: advisoryEvidence.orgId })
    .from(advisoryEvidence)
    .where(and(eq(advisoryEvidence.id, evidenceId), eq(advisoryEvidence.advisoryId, advisoryId), inScope(ctx, 'advisory.respond', advisoryEvidence.orgId)));
  return row;
}

/** Organisation ids (with paths) affected by an advisory where the actor may respond. */
export async function respondableOrgs(ctx: Ctx, advisoryId: string) {
  return queryRows(
    ctx.db,
    sql`SELECT s.org_id, o.path AS org_path, o.name AS org_name, s.acknowledged_at FROM advisory_org_status s JOIN orgs o ON o.id = s.org_id
         WHERE s.advisory_id = ${advisoryId} AND ${inScope(ctx, 'advisory.respond', sql`s.org_id`)}`,
  );
}
