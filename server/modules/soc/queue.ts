/**
 * The analyst queue: alerts in the reader's scope (alert.read), filtered, grouped by rule, host or
 * system; triage (acknowledge, false positive, reopen) by alert.triage holders, audited per alert.
 * Promotion to an incident is the incidents module's (it sets status 'promoted' and incident_id).
 */
import { and, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Alert, AlertDetail, AlertGroup, AlertList, AlertRejectionList, ListAlertsQuery, TriageBody } from '@shared/api/soc';
import { SEVERITY_RANK, STATUS_AFTER, ALERT_SEVERITIES, type AlertStatus } from '@shared/domain/alerts';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { forbidden, notFound } from '../../http/errors';
import { authorize, can, inScope } from '../../authz/scope';
import { holdsAnywhere, holdsOn } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { alertRejections, alerts, informationSystems, orgs, users } from '../../db/schema';
import { recordMany } from '../../audit/audit';

const columns = {
  a: {
    id: alerts.id,
    orgId: alerts.orgId,
    systemId: alerts.systemId,
    source: alerts.source,
    sourceRef: alerts.sourceRef,
    occurredAt: alerts.occurredAt,
    receivedAt: alerts.receivedAt,
    ruleId: alerts.ruleId,
    ruleName: alerts.ruleName,
    ruleGroups: alerts.ruleGroups,
    severity: alerts.severity,
    sourceSeverity: alerts.sourceSeverity,
    host: alerts.host,
    hostIp: alerts.hostIp,
    srcIp: alerts.srcIp,
    srcPort: alerts.srcPort,
    dstIp: alerts.dstIp,
    dstPort: alerts.dstPort,
    status: alerts.status,
    incidentId: alerts.incidentId,
    triagedAt: alerts.triagedAt,
    triageNote: alerts.triageNote,
  },
  orgName: orgs.name,
  orgPath: orgs.path,
  systemName: informationSystems.name,
  triagedByName: users.fullName,
};

type Listed = {
  a: Omit<Alert, 'orgName' | 'systemName' | 'triagedByName' | 'occurredAt' | 'receivedAt' | 'triagedAt'> & { occurredAt: Date; receivedAt: Date; triagedAt: Date | null };
  orgName: string;
  orgPath: string;
  systemName: string | null;
  triagedByName: string | null;
};

function present(r: Listed): Alert {
  return {
    ...r.a,
    occurredAt: r.a.occurredAt.toISOString(),
    receivedAt: r.a.receivedAt.toISOString(),
    triagedAt: r.a.triagedAt?.toISOString() ?? null,
    orgName: r.orgName,
    systemName: r.systemName,
    triagedByName: r.triagedByName,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filters(ctx: Ctx, q: ListAlertsQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [inScope(ctx, 'alert.read', alerts.orgId)];
  if (q.orgId) conds.push(sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${q.orgId}) || '%'`);
  if (q.systemId) conds.push(eq(alerts.systemId, q.systemId));
  if (q.severity) conds.push(eq(alerts.severity, q.severity));
  if (q.status) conds.push(eq(alerts.status, q.status));
  if (q.source) conds.push(eq(alerts.source, q.source));
  if (q.ruleId) conds.push(eq(alerts.ruleId, q.ruleId));
  if (q.host) conds.push(sql`lower(${alerts.host}) = lower(${q.host})`);
  if (q.from) conds.push(gte(alerts.occurredAt, new Date(q.from)));
  if (q.to) conds.push(lte(alerts.occurredAt, new Date(q.to)));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      or(
        sql`${alerts.ruleName} ILIKE ${like}`,
        sql`${alerts.host} ILIKE ${like}`,
        sql`${alerts.ruleId} ILIKE ${like}`,
        sql`${alerts.srcIp} ILIKE ${like}`,
        sql`${alerts.dstIp} ILIKE ${like}`,
        sql`${alerts.hostIp} ILIKE ${like}`,
      ),
    );
  }
  return and(...conds);
}

function baseQuery(ctx: Ctx) {
  // scope-exempt: a builder; every caller adds inScope(ctx, 'alert.read', alerts.orgId) through filters() or directly.
  return ctx.db
    .select(columns)
    .from(alerts)
    .innerJoin(orgs, eq(orgs.id, alerts.orgId))
    .leftJoin(informationSystems, eq(informationSystems.id, alerts.systemId))
    .leftJoin(users, eq(users.id, alerts.triagedBy));
}

const severityRank = sql`CASE ${alerts.severity} WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`;

async function groupsOf(ctx: Ctx, q: ListAlertsQuery, where: SQL | undefined): Promise<AlertGroup[]> {
  const key =
    q.groupBy === 'rule'
      ? sql<string>`coalesce(${alerts.ruleId}, ${alerts.ruleName})`
      : q.groupBy === 'host'
        ? sql<string>`coalesce(lower(${alerts.host}), '')`
        : sql<string>`coalesce(${alerts.systemId}::text, '')`;
  const label =
    q.groupBy === 'rule' ? sql<string>`max(${alerts.ruleName})` : q.groupBy === 'host' ? sql<string>`coalesce(max(${alerts.host}), '')` : sql<string>`coalesce(max(${informationSystems.name}), '')`;
  const rows = await ctx.db
    .select({
      key,
      label,
      count: sql<number>`count(*)::int`.mapWith(Number),
      newCount: sql<number>`(count(*) FILTER (WHERE ${alerts.status} = 'new'))::int`.mapWith(Number),
      maxRank: sql<number>`max(${severityRank})::int`.mapWith(Number),
      lastAt: sql<Date>`max(${alerts.occurredAt})`.mapWith(alerts.occurredAt),
    })
    .from(alerts)
    .innerJoin(orgs, eq(orgs.id, alerts.orgId))
    .leftJoin(informationSystems, eq(informationSystems.id, alerts.systemId))
    .where(and(where, inScope(ctx, 'alert.read', alerts.orgId)))
    .groupBy(key)
    .orderBy(desc(sql`count(*)`), key)
    .limit(200);
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    count: r.count,
    newCount: r.newCount,
    maxSeverity: ALERT_SEVERITIES.find((s) => SEVERITY_RANK[s] === r.maxRank) ?? 'low',
    lastAt: r.lastAt.toISOString(),
  }));
}

export async function listAlerts(ctx: Ctx, q: ListAlertsQuery): Promise<AlertList> {
  const where = filters(ctx, q);
  const [items, [counted], groups] = await Promise.all([
    baseQuery(ctx).where(where).orderBy(desc(alerts.occurredAt), desc(alerts.id)).limit(q.limit).offset(q.offset),
    ctx.db
      .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(alerts)
      .innerJoin(orgs, eq(orgs.id, alerts.orgId))
      .where(and(where, inScope(ctx, 'alert.read', alerts.orgId))),
    q.groupBy ? groupsOf(ctx, q, where) : Promise.resolve(undefined),
  ]);
  return {
    items: items.map(present),
    total: counted?.n ?? 0,
    ...(groups ? { groups } : {}),
    canTriage: !!ctx.principal && holdsAnywhere(ctx.principal, 'alert.triage'),
  };
}

export async function getAlert(ctx: Ctx, id: string): Promise<AlertDetail> {
  const [row] = await baseQuery(ctx)
    .where(and(eq(alerts.id, id), inScope(ctx, 'alert.read', alerts.orgId)))
    .limit(1);
  if (!row) throw notFound();
  const [raw] = await ctx.db.select({ raw: alerts.raw }).from(alerts).where(and(eq(alerts.id, id), inScope(ctx, 'alert.read', alerts.orgId)));
  return { ...present(row), raw: raw?.raw ?? null, canTriage: can(ctx, 'alert.triage', { orgPath: row.orgPath }) };
}

/** Which statuses an action applies to; others are skipped (a promoted alert belongs to its incident). */
const APPLIES: Record<TriageBody['action'], readonly AlertStatus[]> = {
  acknowledge: ['new', 'false_positive'],
  false_positive: ['new', 'acknowledged'],
  reopen: ['acknowledged', 'false_positive'],
};

export async function triage(ctx: Ctx, body: TriageBody): Promise<{ updated: number; skipped: number }> {
  const ids = [...new Set(body.ids)];
  const found = await ctx.db
    .select({ id: alerts.id, orgId: alerts.orgId, orgPath: orgs.path, status: alerts.status })
    .from(alerts)
    .innerJoin(orgs, eq(orgs.id, alerts.orgId))
    .where(and(inArray(alerts.id, ids), inScope(ctx, 'alert.read', alerts.orgId)));
  if (found.length !== ids.length) throw notFound();
  for (const f of found) authorize(ctx, 'alert.triage', { orgPath: f.orgPath });
  const to = STATUS_AFTER[body.action];
  const change = found.filter((f) => APPLIES[body.action].includes(f.status));
  if (change.length === 0) return { updated: 0, skipped: found.length };
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    const reopen = body.action === 'reopen';
    await tx.db
      .update(alerts)
      .set({ status: to, triagedBy: reopen ? null : principalUserId(tx.principal), triagedAt: reopen ? null : now, triageNote: body.note ?? null })
      .where(and(inArray(alerts.id, change.map((c) => c.id)), inArray(alerts.status, [...APPLIES[body.action]])));
    await recordMany(
      tx,
      change.map((c) => ({ action: `alert.${body.action}`, entityType: 'alert', entityId: c.id, orgId: c.orgId, before: { status: c.status }, after: { status: to, note: body.note ?? null } })),
    );
  });
  return { updated: change.length, skipped: found.length - change.length };
}

/**
 * Counters of refused input: soc.manage or alert.triage holders, each for the organisations where
 * they hold one; rows of unknown senders (no organisation) only for holders at the province's root.
 */
export async function listRejections(ctx: Ctx, q: { days: number }): Promise<AlertRejectionList> {
  const p = ctx.principal;
  if (!p || !(holdsAnywhere(p, 'soc.manage') || holdsAnywhere(p, 'alert.triage'))) throw forbidden();
  // scope-exempt: only the root's path, to decide whether rows without an organisation may be shown.
  const [root] = await ctx.db.select({ path: orgs.path }).from(orgs).where(isNull(orgs.parentId)).limit(1);
  const atRoot = !!root && (holdsOn(p, 'soc.manage', root.path) || holdsOn(p, 'alert.triage', root.path));
  const since = new Date(ctx.clock().getTime() - q.days * 86_400_000).toISOString().slice(0, 10);
  const rows = await ctx.db
    .select()
    .from(alertRejections)
    .where(
      and(
        gte(alertRejections.day, since),
        or(inScope(ctx, 'soc.manage', alertRejections.orgId), inScope(ctx, 'alert.triage', alertRejections.orgId), atRoot ? isNull(alertRejections.orgId) : sql`false`),
      ),
    )
    .orderBy(desc(alertRejections.lastAt))
    .limit(500);
  return {
    items: rows.map((r) => ({ day: r.day, channel: r.channel, reason: r.reason, source: r.source, count: r.count, lastSample: r.lastSample, lastAt: r.lastAt.toISOString() })),
    total: rows.length,
  };
}

