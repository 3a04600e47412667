/**
 * The working parts of a case: the response team's members, the timeline's comments, indicators of
 * compromise, linked systems and alerts. Each step is on the timeline and audited; a closed case
 * takes none (the service refuses, the triggers of migration 0010 back it up).
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AddMemberBody, Incident, IndicatorBody, ResponderList, UpdateIndicatorBody } from '@shared/api/incidents';
import { normaliseIndicator } from '@shared/domain/incidents';
import type { Ctx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { alerts, incidentIndicators, incidentMembers, incidentSystems } from '../../db/schema';
import * as repo from './incidents.repo';
import { addEvent, getIncident, incidentTx, lockOpen, openCase, promoteAlerts, tellOtherSide } from './incidents.service';

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = 'cause' in e ? e.cause : undefined) {
    if ('code' in e && e.code === '23505') return true;
  }
  return false;
}

// ── Members ───────────────────────────────────────────────────────────────────────────────────

/** The people who may be put on the case: holders of incident.respond over its unit, among the users the reader may see. */
export async function listResponders(ctx: Ctx, id: string): Promise<ResponderList> {
  const row = await repo.findIncident(ctx, id);
  if (!row) throw notFound();
  const items = await repo.listResponders(ctx, row.orgPath);
  return { items, total: items.length };
}

/** Puts a responder on the case (or changes their role); one lead at a time. */
export async function addMember(ctx: Ctx, id: string, body: AddMemberBody): Promise<Incident> {
  const row = await openCase(ctx, id, 'manage');
  const [person] = await repo.listResponders(ctx, row.orgPath, body.userId);
  if (!person) throw fieldError('userId', 'errors.incidents.notResponder');
  const role = body.role ?? 'member';
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const now = tx.clock();
    // A new lead takes over: the previous one stays on the case as a member.
    if (role === 'lead') await tx.db.update(incidentMembers).set({ role: 'member' }).where(and(eq(incidentMembers.incidentId, id), eq(incidentMembers.role, 'lead')));
    await tx.db
      .insert(incidentMembers)
      .values({ incidentId: id, userId: person.id, orgId: locked.orgId, role, addedBy: principalUserId(tx.principal), addedAt: now })
      .onConflictDoUpdate({ target: [incidentMembers.incidentId, incidentMembers.userId], set: { role } });
    await addEvent(tx, locked, 'member_added', { params: { name: person.fullName, role } });
    await record(tx, { action: 'incident.member_added', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { userId: person.id, role } });
    await tellOtherSide(tx, { incident: locked, orgPath: row.orgPath }, 'incident.assigned', { name: person.fullName });
  });
  return getIncident(ctx, id);
}

export async function removeMember(ctx: Ctx, id: string, userId: string): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const gone = await tx.db
      .delete(incidentMembers)
      .where(and(eq(incidentMembers.incidentId, id), eq(incidentMembers.userId, userId)))
      .returning({ role: incidentMembers.role });
    if (gone.length === 0) throw notFound();
    await addEvent(tx, locked, 'member_removed', { params: { userId } });
    await record(tx, { action: 'incident.member_removed', entityType: 'incident', entityId: id, orgId: locked.orgId, before: { userId, role: gone[0]?.role ?? null } });
  });
  return getIncident(ctx, id);
}

// ── Timeline ──────────────────────────────────────────────────────────────────────────────────

/** A step or remark on the timeline, by either side; the other side is told. */
export async function addComment(ctx: Ctx, id: string, body: string): Promise<Incident> {
  const row = await openCase(ctx, id, 'contribute');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    await addEvent(tx, locked, 'comment', { body });
    await record(tx, { action: 'incident.commented', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { body } });
    await tellOtherSide(tx, { incident: locked, orgPath: row.orgPath }, 'incident.commented');
  });
  return getIncident(ctx, id);
}

// ── Indicators ────────────────────────────────────────────────────────────────────────────────

export async function addIndicator(ctx: Ctx, id: string, body: IndicatorBody): Promise<Incident> {
  await openCase(ctx, id, 'contribute');
  const value = normaliseIndicator(body.kind, body.value);
  if (!value) throw fieldError('value', `errors.incidents.indicator.${body.kind}`, { value: body.value.slice(0, 100) });
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const indicatorId = uuidv7();
    try {
      await tx.db.insert(incidentIndicators).values({
        id: indicatorId,
        incidentId: id,
        orgId: locked.orgId,
        kind: body.kind,
        value,
        description: body.description ?? null,
        firstSeen: body.firstSeen ? new Date(body.firstSeen) : null,
        createdBy: principalUserId(tx.principal),
        createdAt: tx.clock(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', 'errors.incidents.indicatorExists', { value });
      throw err;
    }
    await addEvent(tx, locked, 'indicator_added', { params: { kind: body.kind, value: value.slice(0, 200) } });
    await record(tx, { action: 'incident.indicator_added', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { indicatorId, kind: body.kind, value } });
  });
  return getIncident(ctx, id);
}

export async function updateIndicator(ctx: Ctx, id: string, indicatorId: string, body: UpdateIndicatorBody): Promise<Incident> {
  await openCase(ctx, id, 'contribute');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const before = await repo.findIndicator(tx, id, indicatorId);
    if (!before) throw notFound();
    const set: { description?: string | null; firstSeen?: Date | null } = {};
    if (body.description !== undefined) set.description = body.description;
    if (body.firstSeen !== undefined) set.firstSeen = body.firstSeen ? new Date(body.firstSeen) : null;
    if (Object.keys(set).length === 0) return;
    await tx.db.update(incidentIndicators).set(set).where(eq(incidentIndicators.id, indicatorId));
    await record(tx, { action: 'incident.indicator_updated', entityType: 'incident', entityId: id, orgId: locked.orgId, before: { indicatorId, description: before.description, firstSeen: before.firstSeen }, after: { indicatorId, ...set } });
  });
  return getIncident(ctx, id);
}

export async function deleteIndicator(ctx: Ctx, id: string, indicatorId: string): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const before = await repo.findIndicator(tx, id, indicatorId);
    if (!before) throw notFound();
    await tx.db.delete(incidentIndicators).where(eq(incidentIndicators.id, indicatorId));
    await addEvent(tx, locked, 'indicator_removed', { params: { kind: before.kind, value: before.value.slice(0, 200) } });
    await record(tx, { action: 'incident.indicator_removed', entityType: 'incident', entityId: id, orgId: locked.orgId, before });
  });
  return getIncident(ctx, id);
}

// ── Linked systems and alerts ─────────────────────────────────────────────────────────────────

export async function linkSystem(ctx: Ctx, id: string, systemId: string): Promise<Incident> {
  await openCase(ctx, id, 'contribute');
  const system = await repo.findSystem(ctx, systemId);
  if (!system) throw fieldError('systemId', 'errors.incidents.unknownSystem');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const added = await tx.db
      .insert(incidentSystems)
      .values({ incidentId: id, systemId, orgId: locked.orgId, addedBy: principalUserId(tx.principal), addedAt: tx.clock() })
      .onConflictDoNothing()
      .returning({ id: incidentSystems.systemId });
    if (added.length === 0) return;
    await addEvent(tx, locked, 'system_linked', { params: { name: system.name } });
    await record(tx, { action: 'incident.system_linked', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { systemId } });
  });
  return getIncident(ctx, id);
}

export async function unlinkSystem(ctx: Ctx, id: string, systemId: string): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const gone = await tx.db
      .delete(incidentSystems)
      .where(and(eq(incidentSystems.incidentId, id), eq(incidentSystems.systemId, systemId)))
      .returning({ id: incidentSystems.systemId });
    if (gone.length === 0) throw notFound();
    await addEvent(tx, locked, 'system_unlinked', { params: { systemId } });
    await record(tx, { action: 'incident.system_unlinked', entityType: 'incident', entityId: id, orgId: locked.orgId, before: { systemId } });
  });
  return getIncident(ctx, id);
}

/** Promotes more alerts into the case (the response team, among the alerts it may read). */
export async function linkAlerts(ctx: Ctx, id: string, alertIds: readonly string[]): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const linked = await promoteAlerts(tx, locked, alertIds, 'alertIds');
    await addEvent(tx, locked, 'alerts_linked', { params: { count: linked.length } });
    await record(tx, { action: 'incident.alerts_linked', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { alertIds: linked } });
  });
  return getIncident(ctx, id);
}

/** Takes an alert out of the case: it goes back to the queue as acknowledged. */
export async function unlinkAlert(ctx: Ctx, id: string, alertId: string): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const [found] = await repo.lockAlerts(tx, [alertId]);
    if (!found || found.incidentId !== id) throw notFound();
    await tx.db.update(alerts).set({ incidentId: null, status: 'acknowledged' }).where(eq(alerts.id, alertId));
    await addEvent(tx, locked, 'alert_unlinked', { params: { alertId } });
    await record(tx, { action: 'incident.alert_unlinked', entityType: 'incident', entityId: id, orgId: locked.orgId, before: { alertId } });
  });
  return getIncident(ctx, id);
}
