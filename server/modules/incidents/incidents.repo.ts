/**
 * Queries of incidents (organisation-owned: every read carries inScope) and of their deadline rules
 * (province-wide reference data, gated by the route's action).
 */
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ListIncidentsQuery } from '@shared/api/incidents';
import { ROLES } from '@shared/domain/roles';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { inScope } from '../../authz/scope';
import { roleCan, type Action } from '../../authz/policies';
import {
  alerts,
  incidentCodeCounters,
  incidentDeadlineRules,
  incidentEvents,
  incidentEvidence,
  incidentIndicators,
  incidentMembers,
  incidentReports,
  incidentSystems,
  incidents,
  informationSystems,
  legalRegimes,
  orgs,
  roleAssignments,
  users,
  type IncidentDeadlineRuleRow,
} from '../../db/schema';

const creator = alias(users, 'creator');
const closer = alias(users, 'closer');

/** The earliest due date of a report not yet sent. */
const nextDueAt = sql<Date | null>`(SELECT min(r.due_at) FROM incident_reports r WHERE r.incident_id = ${incidents.id} AND r.sent_at IS NULL)`.mapWith(
  (v: unknown) => (v === null || v === undefined ? null : new Date(String(v))),
);

const summaryColumns = { incident: incidents, orgName: orgs.name, orgCode: orgs.code, orgPath: orgs.path, nextDueAt };

export type IncidentWithNames = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

/** One incident the actor may see, with its unit and people. */
export async function findIncident(ctx: Ctx, id: string, action: Action = 'incident.read') {
  const [row] = await ctx.db
    .select({ ...summaryColumns, createdByName: creator.fullName, closedByName: closer.fullName })
    .from(incidents)
    .innerJoin(orgs, eq(orgs.id, incidents.orgId))
    .leftJoin(creator, eq(creator.id, incidents.createdBy))
    .leftJoin(closer, eq(closer.id, incidents.closedBy))
    .where(and(eq(incidents.id, id), inScope(ctx, action, incidents.orgId)));
  return row;
}

/** Locks the incident row for a write (two responders moving it at once get one winner). */
export async function lockIncident(tx: Ctx, id: string) {
  const [row] = await tx.db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), inScope(tx, 'incident.read', incidents.orgId)))
    .for('update');
  return row;
}

const overdueSql = (now: Date) =>
  sql`(${incidents.status} <> 'closed' AND EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = ${incidents.id} AND r.sent_at IS NULL AND r.due_at < ${now.toISOString()}::timestamptz))`;

export async function listIncidents(ctx: Ctx, q: ListIncidentsQuery, now: Date) {
  const conds: (SQL | undefined)[] = [inScope(ctx, 'incident.read', incidents.orgId)];
  if (q.orgId) conds.push(sql`${incidents.orgId} IN (SELECT c.id FROM orgs c, orgs p WHERE p.id = ${q.orgId} AND c.path LIKE p.path || '%')`);
  if (q.status) conds.push(eq(incidents.status, q.status));
  if (q.type) conds.push(eq(incidents.type, q.type));
  if (q.severity) conds.push(eq(incidents.severity, q.severity));
  if (q.open === 'true') conds.push(sql`${incidents.status} <> 'closed'`);
  if (q.open === 'false') conds.push(eq(incidents.status, 'closed'));
  if (q.overdue === 'true') conds.push(overdueSql(now));
  if (q.overdue === 'false') conds.push(sql`NOT ${overdueSql(now)}`);
  const where = and(...conds);
  const items = await ctx.db
    .select(summaryColumns)
    .from(incidents)
    .innerJoin(orgs, eq(orgs.id, incidents.orgId))
    .where(where)
    .orderBy(desc(incidents.detectedAt), asc(incidents.id))
    .limit(q.limit)
    .offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db.select({ n: count() }).from(incidents).where(where);
  return { items, total: total?.n ?? 0 };
}

const sender = alias(users, 'sender');
export async function listReports(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({ report: incidentReports, sentByName: sender.fullName })
    .from(incidentReports)
    .leftJoin(sender, eq(sender.id, incidentReports.sentBy))
    .where(and(eq(incidentReports.incidentId, incidentId), inScope(ctx, 'incident.read', incidentReports.orgId)))
    .orderBy(asc(incidentReports.createdAt), asc(incidentReports.id));
}

const actor = alias(users, 'actor');
export async function listEvents(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({ event: incidentEvents, actorName: actor.fullName })
    .from(incidentEvents)
    .leftJoin(actor, eq(actor.id, incidentEvents.actorId))
    .where(and(eq(incidentEvents.incidentId, incidentId), inScope(ctx, 'incident.read', incidentEvents.orgId)))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
}

export async function listIndicators(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select()
    .from(incidentIndicators)
    .where(and(eq(incidentIndicators.incidentId, incidentId), inScope(ctx, 'incident.read', incidentIndicators.orgId)))
    .orderBy(asc(incidentIndicators.createdAt), asc(incidentIndicators.id));
}

export async function findIndicator(ctx: Ctx, incidentId: string, indicatorId: string) {
  const [row] = await ctx.db
    .select()
    .from(incidentIndicators)
    .where(and(eq(incidentIndicators.id, indicatorId), eq(incidentIndicators.incidentId, incidentId), inScope(ctx, 'incident.read', incidentIndicators.orgId)));
  return row;
}

const uploader = alias(users, 'uploader');
export async function listEvidence(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({
      id: incidentEvidence.id,
      fileName: incidentEvidence.fileName,
      mediaType: incidentEvidence.mediaType,
      sizeBytes: incidentEvidence.sizeBytes,
      sha256: incidentEvidence.sha256,
      createdAt: incidentEvidence.createdAt,
      createdByName: uploader.fullName,
    })
    .from(incidentEvidence)
    .leftJoin(uploader, eq(uploader.id, incidentEvidence.createdBy))
    .where(and(eq(incidentEvidence.incidentId, incidentId), inScope(ctx, 'incident.read', incidentEvidence.orgId)))
    .orderBy(asc(incidentEvidence.createdAt), asc(incidentEvidence.id));
}

export async function getEvidence(ctx: Ctx, incidentId: string, evidenceId: string) {
  const [row] = await ctx.db
    .select({ fileName: incidentEvidence.fileName, mediaType: incidentEvidence.mediaType, content: incidentEvidence.content, sha256: incidentEvidence.sha256 })
    .from(incidentEvidence)
    .where(and(eq(incidentEvidence.id, evidenceId), eq(incidentEvidence.incidentId, incidentId), inScope(ctx, 'incident.read', incidentEvidence.orgId)));
  return row;
}

const member = alias(users, 'member');
export async function listMembers(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({ userId: incidentMembers.userId, role: incidentMembers.role, addedAt: incidentMembers.addedAt, fullName: member.fullName })
    .from(incidentMembers)
    .innerJoin(member, eq(member.id, incidentMembers.userId))
    .where(and(eq(incidentMembers.incidentId, incidentId), inScope(ctx, 'incident.read', incidentMembers.orgId)))
    .orderBy(desc(sql`${incidentMembers.role} = 'lead'`), asc(incidentMembers.addedAt));
}

export async function listSystems(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({ id: informationSystems.id, code: informationSystems.code, name: informationSystems.name })
    .from(incidentSystems)
    .innerJoin(informationSystems, eq(informationSystems.id, incidentSystems.systemId))
    .where(and(eq(incidentSystems.incidentId, incidentId), inScope(ctx, 'incident.read', incidentSystems.orgId)))
    .orderBy(asc(informationSystems.name));
}

/** The alerts promoted to an incident that the actor may read (alert.read on the alert's unit). */
export async function listAlerts(ctx: Ctx, incidentId: string) {
  return ctx.db
    .select({ id: alerts.id, ruleName: alerts.ruleName, severity: alerts.severity, occurredAt: alerts.occurredAt, host: alerts.host, srcIp: alerts.srcIp })
    .from(alerts)
    .where(and(eq(alerts.incidentId, incidentId), inScope(ctx, 'alert.read', alerts.orgId)))
    .orderBy(asc(alerts.occurredAt), asc(alerts.id));
}

/** Alerts by id that the actor may read, locked for the promotion. */
export async function lockAlerts(tx: Ctx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx.db
    .select({ id: alerts.id, incidentId: alerts.incidentId, status: alerts.status, orgId: alerts.orgId, systemId: alerts.systemId })
    .from(alerts)
    .where(and(inArray(alerts.id, [...ids]), inScope(tx, 'alert.read', alerts.orgId)))
    .for('update');
}

/** A system the actor may see (system.read), with its unit's path. */
export async function findSystem(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ id: informationSystems.id, orgId: informationSystems.orgId, name: informationSystems.name, code: informationSystems.code, orgPath: orgs.path })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(and(eq(informationSystems.id, id), inScope(ctx, 'system.read', informationSystems.orgId)));
  return row;
}

/** An organisation the actor may see, for the reporting unit named in a body. */
export async function findOrg(ctx: Ctx, id: string, action: Action) {
  const [row] = await ctx.db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(and(eq(orgs.id, id), inScope(ctx, action, orgs.id)));
  return row;
}

/**
 * People who may respond to an incident of the unit at `orgPath`: active users holding
 * incident.respond on it or an ancestor, among the users the actor may see.
 */
export async function listResponders(ctx: Ctx, orgPath: string, userId?: string) {
  const roles = ROLES.filter((r) => roleCan(r, 'incident.respond'));
  return ctx.db
    .selectDistinct({ id: users.id, fullName: users.fullName, orgName: orgs.name })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(
      and(
        inArray(roleAssignments.role, roles),
        sql`${orgPath} LIKE (SELECT ro.path FROM orgs ro WHERE ro.id = ${roleAssignments.orgId}) || '%'`,
        isNull(users.disabledAt),
        inScope(ctx, 'user.read', users.orgId),
        userId ? eq(users.id, userId) : undefined,
      ),
    )
    .orderBy(asc(users.fullName), asc(users.id));
}

/** The next code of a year: SC-<year>-<nnnn>. */
export async function nextCode(tx: Ctx, year: number): Promise<string> {
  const [row] = await tx.db
    .insert(incidentCodeCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: incidentCodeCounters.year, set: { last: sql`${incidentCodeCounters.last} + 1` } })
    .returning({ last: incidentCodeCounters.last });
  return `SC-${year}-${String(row?.last ?? 1).padStart(4, '0')}`;
}

// ── Deadline rules (province-wide reference data) ────────────────────────────────────────────

export function listRules(ctx: Ctx, regime?: Regime): Promise<IncidentDeadlineRuleRow[]> {
  return ctx.db
    .select()
    .from(incidentDeadlineRules)
    .where(regime ? eq(incidentDeadlineRules.regime, regime) : undefined)
    .orderBy(asc(incidentDeadlineRules.regime), asc(incidentDeadlineRules.sort), asc(incidentDeadlineRules.code));
}

export async function findRule(ctx: Ctx, code: string): Promise<IncidentDeadlineRuleRow | undefined> {
  const [row] = await ctx.db.select().from(incidentDeadlineRules).where(eq(incidentDeadlineRules.code, code));
  return row;
}

export async function updateRule(tx: Ctx, code: string, set: Partial<IncidentDeadlineRuleRow>) {
  const [row] = await tx.db.update(incidentDeadlineRules).set(set).where(eq(incidentDeadlineRules.code, code)).returning();
  return row;
}

export function listRegimes(ctx: Ctx) {
  return ctx.db.select({ code: legalRegimes.code, effectiveFrom: legalRegimes.effectiveFrom, effectiveTo: legalRegimes.effectiveTo }).from(legalRegimes).orderBy(asc(legalRegimes.effectiveFrom));
}
