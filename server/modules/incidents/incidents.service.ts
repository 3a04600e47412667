/**
 * Incidents: a unit reports one (Decision 05/2017 Art 11.4 content), the provincial response team
 * triages it and moves it through the response (incidents.rules.ts) up to the closing report; the
 * unit sends its updates and final report; every step is on the timeline, audited, and told to the
 * other side. Reports owed under the regime in force on the detection day carry due dates
 * (incidents-deadlines.ts).
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { ClosingReportBody, Incident, IncidentList, ListIncidentsQuery, ReportIncidentBody, SendReportBody, TransitionBody, UpdateIncidentBody } from '@shared/api/incidents';
import { fulfils } from '@shared/domain/incidents';
import { vnDay } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, can, inScope } from '../../authz/scope';
import { grantRoots, type Action } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { alerts, incidentEvents, incidentReports, incidentSystems, incidents, type IncidentRow } from '../../db/schema';
import { regimeInForce } from '../legal';
import { notify } from '../notifications';
import * as repo from './incidents.repo';
import * as rules from './incidents.rules';
import { loadRules, syncObligations } from './incidents-deadlines';
import { presentIncident, presentSummary } from './incidents.present';

// ── Shared by the case's use cases ───────────────────────────────────────────────────────────

export function actorOn(ctx: Ctx, orgPath: string): rules.Actor {
  return { holds: (a: Action) => can(ctx, a, { orgPath }) };
}

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = 'cause' in e ? e.cause : undefined) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** withTx, with the closed-incident and sent-report triggers (migration 0010) answered as 409. */
export async function incidentTx<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  try {
    return await withTx(ctx, fn);
  } catch (err) {
    const state = sqlState(err);
    if (state === 'KH010') throw new AppError('invalid_state', 'errors.incidents.closed');
    if (state === 'KH011') throw new AppError('invalid_state', 'errors.incidents.reportSent');
    throw err;
  }
}

/**
 * The incident for a step of its case: visible (else 404), not closed (409), and the actor holds one
 * of the step's actions on its unit (403).
 */
export async function openCase(ctx: Ctx, id: string, step: keyof typeof rules.STEP_ACTIONS): Promise<repo.IncidentWithNames> {
  const row = await repo.findIncident(ctx, id);
  if (!row) throw notFound();
  const actor = actorOn(ctx, row.orgPath);
  if (!rules.STEP_ACTIONS[step].some((a) => actor.holds(a))) throw new AppError('forbidden', 'errors.forbidden');
  if (row.incident.status === 'closed') throw new AppError('invalid_state', 'errors.incidents.closed');
  return row;
}

/** A locked, still open incident inside a write. */
export async function lockOpen(tx: Ctx, id: string): Promise<IncidentRow> {
  const locked = await repo.lockIncident(tx, id);
  if (!locked) throw notFound();
  if (locked.status === 'closed') throw new AppError('invalid_state', 'errors.incidents.closed');
  return locked;
}

export async function addEvent(
  tx: Ctx,
  incident: Pick<IncidentRow, 'id' | 'orgId'>,
  kind: string,
  e: { from?: string | null; to?: string | null; body?: string | null; params?: Record<string, string | number | boolean | null> } = {},
): Promise<void> {
  await tx.db.insert(incidentEvents).values({
    id: uuidv7(),
    incidentId: incident.id,
    orgId: incident.orgId,
    kind,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    body: e.body ?? null,
    params: e.params ?? {},
    actorId: principalUserId(tx.principal),
    at: tx.clock(),
  });
}

/** Tells the other side: the response team of a unit's step, the unit of the team's step. */
export async function tellOtherSide(tx: Ctx, row: { incident: IncidentRow; orgPath: string }, kind: string, extra: Record<string, string | number> = {}): Promise<void> {
  const actor = actorOn(tx, row.orgPath);
  const action: Action = actor.holds('incident.respond') ? 'incident.report' : 'incident.respond';
  await notify(tx, {
    action,
    orgId: row.incident.orgId,
    orgPath: row.orgPath,
    kind,
    subjectType: 'incident',
    subjectId: row.incident.id,
    params: { code: row.incident.code, title: row.incident.title, ...extra },
    link: `/incidents/${row.incident.id}`,
  });
}

// ── Reads ──────────────────────────────────────────────────────────────────────────────────

export async function listIncidents(ctx: Ctx, q: ListIncidentsQuery): Promise<IncidentList> {
  const now = ctx.clock();
  const { items, total } = await repo.listIncidents(ctx, q, now);
  return { items: items.map((r) => presentSummary(r, now)), total };
}

export async function getIncident(ctx: Ctx, id: string): Promise<Incident> {
  const row = await repo.findIncident(ctx, id);
  if (!row) throw notFound();
  return presentIncident(ctx, row, await loadRules(ctx, row.incident.regime));
}

// ── Reporting ──────────────────────────────────────────────────────────────────────────────

/** The unit a report is for: the one named (a police analyst reports on behalf of a unit), else the reporter's own. */
async function reportingUnit(ctx: Ctx, requestedOrgId: string | undefined) {
  let orgId = requestedOrgId;
  if (!orgId && ctx.principal?.kind === 'user') {
    const own = ctx.principal.orgId;
    orgId = grantRoots(ctx.principal, 'incident.report').length > 0 ? own : undefined;
  }
  if (!orgId) throw fieldError('orgId', 'validation.required');
  const org = await repo.findOrg(ctx, orgId, 'incident.read');
  assertInScope(ctx, 'incident.report', org);
  return org;
}

function snapshot(i: IncidentRow, extra: Record<string, unknown> = {}) {
  return {
    code: i.code,
    title: i.title,
    type: i.type,
    severity: i.severity,
    serious: i.serious,
    nationalSecuritySign: i.nationalSecuritySign,
    beyondCapacity: i.beyondCapacity,
    personalDataInvolved: i.personalDataInvolved,
    status: i.status,
    detectedAt: i.detectedAt.toISOString(),
    reporter: { name: i.reporterName, title: i.reporterTitle, phone: i.reporterPhone, email: i.reporterEmail },
    description: i.description,
    infrastructureProvider: i.infrastructureProvider,
    actionsTaken: i.actionsTaken,
    supportRequested: i.supportRequested,
    ...extra,
  };
}

/**
 * A unit reports an incident: the incident, its initial report (sent now, with what was written),
 * the reports it owes with their due dates, its systems, the alerts promoted into it, the first
 * timeline entry, the audit row, and the response team told.
 */
export async function reportIncident(ctx: Ctx, body: ReportIncidentBody): Promise<Incident> {
  const org = await reportingUnit(ctx, body.orgId);
  const now = ctx.clock();
  const detectedAt = new Date(Math.floor(new Date(body.detectedAt).getTime() / 60_000) * 60_000);
  // A few minutes of clock skew between the officer's computer and the server are tolerated.
  if (detectedAt.getTime() > now.getTime() + 5 * 60_000) throw fieldError('detectedAt', 'errors.incidents.detectedInFuture');
  const systemIds = [...new Set(body.systemIds)];
  for (const [i, sid] of systemIds.entries()) {
    if (!(await repo.findSystem(ctx, sid))) throw fieldError(`systemIds.${i}`, 'errors.incidents.unknownSystem');
  }
  const regime = await regimeInForce(ctx, detectedAt);
  const deadlineRules = await loadRules(ctx, regime);
  const id = uuidv7();
  const userId = principalUserId(ctx.principal);
  await incidentTx(ctx, async (tx) => {
    const code = await repo.nextCode(tx, Number(vnDay(now).slice(0, 4)));
    const [row] = await tx.db
      .insert(incidents)
      .values({
        id,
        code,
        orgId: org.id,
        reporterName: body.reporterName,
        reporterTitle: body.reporterTitle ?? null,
        reporterPhone: body.reporterPhone,
        reporterEmail: body.reporterEmail ?? null,
        detectedAt,
        reportedAt: now < detectedAt ? detectedAt : now,
        regime,
        type: body.type,
        severity: body.severity,
        serious: body.serious,
        nationalSecuritySign: body.nationalSecuritySign,
        beyondCapacity: body.beyondCapacity,
        personalDataInvolved: body.personalDataInvolved,
        title: body.title,
        description: body.description,
        infrastructureProvider: body.infrastructureProvider ?? null,
        actionsTaken: body.actionsTaken ?? null,
        supportRequested: body.supportRequested ?? null,
        tlp: body.tlp,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw notFound();
    // The report itself is the initial report; it also stands as the notification (Circular 20/2017 Art 9).
    await tx.db.insert(incidentReports).values({ id: uuidv7(), incidentId: id, orgId: org.id, reportType: 'initial', content: snapshot(row), sentAt: now, sentBy: userId, createdAt: now });
    await syncObligations(tx, row, deadlineRules);
    if (systemIds.length > 0) {
      await tx.db.insert(incidentSystems).values(systemIds.map((systemId) => ({ incidentId: id, systemId, orgId: org.id, addedBy: userId, addedAt: now })));
    }
    const promoted = await promoteAlerts(tx, row, body.alertIds, 'alertIds');
    await addEvent(tx, row, 'reported', { to: 'reported', params: { regime, alerts: promoted.length } });
    await record(tx, {
      action: 'incident.reported',
      entityType: 'incident',
      entityId: id,
      orgId: org.id,
      after: { code, regime, type: body.type, severity: body.severity, detectedAt: detectedAt.toISOString(), systemIds, alertIds: promoted },
    });
    await notify(tx, {
      action: 'incident.respond',
      orgId: org.id,
      orgPath: org.path,
      kind: 'incident.reported',
      subjectType: 'incident',
      subjectId: id,
      params: { code, title: body.title, org: org.name },
      link: `/incidents/${id}`,
    });
  });
  return getIncident(ctx, id);
}

/**
 * Ties alerts to an incident and marks them promoted. Only alerts the actor may read; one already
 * promoted to another incident is refused (it belongs to that case).
 */
export async function promoteAlerts(tx: Ctx, incident: IncidentRow, ids: readonly string[], field: string): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const found = await repo.lockAlerts(tx, wanted);
  for (const [i, aid] of wanted.entries()) {
    const a = found.find((x) => x.id === aid);
    if (!a) throw fieldError(`${field}.${i}`, 'errors.incidents.unknownAlert');
    if (a.incidentId && a.incidentId !== incident.id) throw fieldError(`${field}.${i}`, 'errors.incidents.alertElsewhere');
  }
  const userId = principalUserId(tx.principal);
  for (const aid of wanted) {
    await tx.db.update(alerts).set({ status: 'promoted', incidentId: incident.id, triagedBy: userId, triagedAt: tx.clock() }).where(eq(alerts.id, aid));
  }
  return wanted;
}

// ── Response team: triage details, state changes, closing report ─────────────────────────────

const TRIAGE_KEYS = ['type', 'severity', 'serious', 'nationalSecuritySign', 'beyondCapacity', 'personalDataInvolved', 'tlp', 'title', 'description'] as const;

/** The team corrects the classification (type, severity, flags, TLP): the owed reports follow. */
export async function updateIncident(ctx: Ctx, id: string, body: UpdateIncidentBody): Promise<Incident> {
  const row = await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const set: Partial<IncidentRow> = { updatedAt: tx.clock() };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of TRIAGE_KEYS) {
      if (body[k] !== undefined && body[k] !== locked[k]) {
        Object.assign(set, { [k]: body[k] });
        before[k] = locked[k];
        after[k] = body[k];
      }
    }
    if (Object.keys(after).length === 0) return;
    const [saved] = await tx.db.update(incidents).set(set).where(eq(incidents.id, id)).returning();
    if (!saved) throw notFound();
    await syncObligations(tx, saved, await loadRules(tx, saved.regime));
    await addEvent(tx, saved, 'classified', { params: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : (v as string | boolean)])) });
    await record(tx, { action: 'incident.updated', entityType: 'incident', entityId: id, orgId: saved.orgId, before, after });
    await tellOtherSide(tx, { incident: saved, orgPath: row.orgPath }, 'incident.classified');
  });
  return getIncident(ctx, id);
}

/** The closing report's content (cause, scope, remedy, lessons), written before the case is closed. */
export async function saveClosingReport(ctx: Ctx, id: string, body: ClosingReportBody): Promise<Incident> {
  await openCase(ctx, id, 'manage');
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const after = { closingCause: body.cause, closingScope: body.scope, closingRemedy: body.remedy, closingLessons: body.lessons ?? null };
    await tx.db.update(incidents).set({ ...after, updatedAt: tx.clock() }).where(eq(incidents.id, id));
    await addEvent(tx, locked, 'closing_report_saved');
    await record(tx, {
      action: 'incident.closing_report_saved',
      entityType: 'incident',
      entityId: id,
      orgId: locked.orgId,
      before: { closingCause: locked.closingCause, closingScope: locked.closingScope, closingRemedy: locked.closingRemedy, closingLessons: locked.closingLessons },
      after,
    });
  });
  return getIncident(ctx, id);
}

function refusalError(r: rules.Refusal): AppError {
  if (r.kind === 'guard') {
    const key = `errors.incidents.${r.key}`;
    return r.field ? fieldError(r.field, key) : new AppError('invalid_state', key);
  }
  // The message names the state and who acts next through nested catalogue entries ($t in the text).
  const params = { state: r.state, mayAct: r.mayAct[0] ?? 'none' };
  return r.kind === 'invalid_state' ? new AppError('invalid_state', 'errors.incidents.invalidTransition', params) : new AppError('forbidden', 'errors.incidents.notYourStep', params);
}

const STATUS_NOTICE: Record<rules.IncidentTransition, string> = {
  triage: 'incident.triaged',
  respond: 'incident.responding',
  contain: 'incident.contained',
  recover: 'incident.recovered',
  close: 'incident.closed',
  reopen: 'incident.reopened',
};

/** Moves an incident through the response (reported → … → closed; reopen), by the response team. */
export async function transitionIncident(ctx: Ctx, id: string, t: rules.IncidentTransition, body: TransitionBody): Promise<Incident> {
  const row = await repo.findIncident(ctx, id);
  if (!row) throw notFound();
  const actor = actorOn(ctx, row.orgPath);
  await incidentTx(ctx, async (tx) => {
    const locked = await repo.lockIncident(tx, id);
    if (!locked) throw notFound();
    const reports = await tx.db.select({ type: incidentReports.reportType, sentAt: incidentReports.sentAt }).from(incidentReports).where(and(eq(incidentReports.incidentId, id), inScope(tx, 'incident.read', incidentReports.orgId)));
    const facts: rules.IncidentFacts = {
      status: locked.status,
      finalReportSent: reports.some((r) => r.type === 'final' && r.sentAt !== null),
      closingReportComplete: !!(locked.closingCause && locked.closingScope && locked.closingRemedy),
    };
    const decision = rules.decide(facts, t, actor, { reason: body.reason });
    if (!decision.ok) throw refusalError(decision.refusal);
    const now = tx.clock();
    const userId = principalUserId(tx.principal);
    const note = t === 'reopen' ? (body.reason ?? null) : (body.note ?? null);
    const set: Partial<IncidentRow> = { status: decision.to, updatedAt: now };
    if (rules.endsResponse(t)) set.responseEndedAt = now;
    if (t === 'close') Object.assign(set, { closedAt: now, closedBy: userId });
    if (t === 'reopen') Object.assign(set, { closedAt: null, closedBy: null, reopenedAt: now, reopenedBy: userId, reopenReason: body.reason ?? null, responseEndedAt: null });
    // Closing: the last timeline entry is written while the case is still open (the trigger freezes it after).
    if (t === 'close') await addEvent(tx, locked, 'status_changed', { from: locked.status, to: decision.to, body: note, params: { transition: t } });
    const [saved] = await tx.db.update(incidents).set(set).where(eq(incidents.id, id)).returning();
    if (!saved) throw notFound();
    if (t !== 'close') {
      await addEvent(tx, saved, 'status_changed', { from: locked.status, to: decision.to, body: note, params: { transition: t } });
      await syncObligations(tx, saved, await loadRules(tx, saved.regime));
    }
    await record(tx, {
      action: `incident.${t}`,
      entityType: 'incident',
      entityId: id,
      orgId: saved.orgId,
      before: { status: locked.status },
      after: { status: decision.to, ...(note ? { note } : {}) },
    });
    await tellOtherSide(tx, { incident: saved, orgPath: row.orgPath }, STATUS_NOTICE[t]);
  });
  return getIncident(ctx, id);
}

// ── The unit's reports ───────────────────────────────────────────────────────────────────────

/**
 * Sends a report: an update, the final (end-of-response) report, or one of the timed ones. Its
 * content is frozen as sent; the pending report it answers (and those it stands for) are marked sent.
 */
export async function sendReport(ctx: Ctx, id: string, body: SendReportBody): Promise<Incident> {
  const row = await openCase(ctx, id, 'sendReport');
  if ((body.reportType === 'final' || body.reportType === 'report_72h') && !(body.cause && body.scope && body.remedy)) {
    throw fieldError(body.cause ? (body.scope ? 'remedy' : 'scope') : 'cause', 'errors.incidents.causeScopeRemedyRequired');
  }
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    const now = tx.clock();
    const userId = principalUserId(tx.principal);
    const content = snapshot(locked, {
      summary: body.summary,
      actionsTaken: body.actionsTaken ?? locked.actionsTaken,
      cause: body.cause ?? null,
      scope: body.scope ?? null,
      remedy: body.remedy ?? null,
      recommendations: body.recommendations ?? null,
    });
    const rows = await tx.db.select().from(incidentReports).where(and(eq(incidentReports.incidentId, id), inScope(tx, 'incident.read', incidentReports.orgId)));
    if (body.reportType !== 'update' && rows.some((r) => r.reportType === body.reportType && r.sentAt !== null)) {
      throw new AppError('conflict', 'errors.incidents.reportAlreadySent', { reportType: body.reportType });
    }
    let reportId: string;
    const pending = rows.find((r) => r.sentAt === null && r.reportType === body.reportType);
    if (pending) {
      reportId = pending.id;
      await tx.db.update(incidentReports).set({ content, sentAt: now, sentBy: userId }).where(eq(incidentReports.id, pending.id));
    } else {
      reportId = uuidv7();
      await tx.db.insert(incidentReports).values({ id: reportId, incidentId: id, orgId: locked.orgId, reportType: body.reportType, content, sentAt: now, sentBy: userId, createdAt: now });
    }
    for (const r of rows) {
      if (r.sentAt === null && r.id !== reportId && r.reportType !== 'update' && fulfils(body.reportType, r.reportType)) {
        await tx.db.update(incidentReports).set({ content: { answeredBy: body.reportType, reportId }, sentAt: now, sentBy: userId }).where(eq(incidentReports.id, r.id));
      }
    }
    await addEvent(tx, locked, 'report_sent', { body: body.summary.slice(0, 4000), params: { reportType: body.reportType } });
    await record(tx, { action: 'incident.report_sent', entityType: 'incident', entityId: id, orgId: locked.orgId, after: { reportId, reportType: body.reportType } });
    await tellOtherSide(tx, { incident: locked, orgPath: row.orgPath }, 'incident.reportSent', { reportType: body.reportType });
  });
  return getIncident(ctx, id);
}
