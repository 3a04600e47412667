/**
 * Report deadlines of incidents: the rule data (read by everyone, corrected by a province
 * administrator, audited), the pending reports kept in step with an incident's facts, and the
 * 'incident.deadlines' job — a reminder before a report is due and an escalation when it is missed,
 * each once per report.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { DeadlineRule as DeadlineRuleDto, DeadlineRuleList, UpdateDeadlineRuleBody } from '@shared/api/incidents';
import { fulfils, reminderLeadHours, reportObligations, type DeadlineRule, type ReportObligation } from '@shared/domain/incidents';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, notFound, unauthenticated } from '../../http/errors';
import { grantRoots } from '../../authz/policies';
import { inScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { queryRows } from '../../db/connect';
import { incidentEvents, incidentReports, type IncidentDeadlineRuleRow, type IncidentRow } from '../../db/schema';
import { notify } from '../notifications';
import * as repo from './incidents.repo';

const presentRule = (r: IncidentDeadlineRuleRow): DeadlineRuleDto => ({
  code: r.code,
  regime: r.regime,
  reportType: r.reportType,
  appliesWhen: r.appliesWhen,
  anchor: r.anchor,
  hours: r.hours,
  legalRef: r.legalRef,
  textVi: r.textVi,
  textEn: r.textEn,
  verified: r.verified,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listDeadlineRules(ctx: Ctx, regime?: Regime): Promise<DeadlineRuleList> {
  const [rules, regimes] = await Promise.all([repo.listRules(ctx, regime), repo.listRegimes(ctx)]);
  return { items: rules.map(presentRule), total: rules.length, regimes };
}

/** The rules of a regime as the pure computation takes them. */
export async function loadRules(ctx: Ctx, regime: Regime): Promise<DeadlineRule[]> {
  return (await repo.listRules(ctx, regime)).map((r) => ({
    code: r.code,
    reportType: r.reportType,
    appliesWhen: r.appliesWhen,
    anchor: r.anchor,
    hours: r.hours,
    legalRef: r.legalRef,
    verified: r.verified,
  }));
}

/** Corrects a rule (its period, reference, texts or verification): a province administrator's task. */
export async function updateDeadlineRule(ctx: Ctx, code: string, body: UpdateDeadlineRuleBody): Promise<DeadlineRuleDto> {
  if (!ctx.principal) throw unauthenticated();
  const topLevel = grantRoots(ctx.principal, 'legal.manage').some((path) => path.split('/').filter(Boolean).length <= 1);
  if (!topLevel) throw new AppError('forbidden', 'errors.legal.provinceAdminOnly');
  const before = await repo.findRule(ctx, code);
  if (!before) throw notFound();
  return withTx(ctx, async (tx) => {
    const after = await repo.updateRule(tx, code, { ...body, updatedAt: tx.clock(), updatedBy: principalUserId(tx.principal) });
    if (!after) throw notFound();
    await record(tx, { action: 'incident.deadline_rule_updated', entityType: 'incident_deadline_rule', entityId: code, before, after });
    return presentRule(after);
  });
}

/** The reports an incident owes now, from its facts and its regime's rules. */
export function obligationsOf(incident: IncidentRow, rules: readonly DeadlineRule[]): ReportObligation[] {
  return reportObligations(rules, {
    detectedAt: incident.detectedAt,
    responseEndedAt: incident.responseEndedAt,
    serious: incident.serious,
    nationalSecuritySign: incident.nationalSecuritySign,
    beyondCapacity: incident.beyondCapacity,
    personalDataInvolved: incident.personalDataInvolved,
  });
}

/**
 * Keeps the pending reports of an incident in step with what it owes: a pending row per owed report
 * not yet answered (with its due date), due dates moved when the facts change, and pending rows
 * dropped when no longer owed (e.g. a flag removed at triage). Sent reports are never touched.
 */
export async function syncObligations(tx: Ctx, incident: IncidentRow, rules: readonly DeadlineRule[]): Promise<void> {
  const owed = obligationsOf(incident, rules);
  const rows = await tx.db.select().from(incidentReports).where(and(eq(incidentReports.incidentId, incident.id), inScope(tx, 'incident.read', incidentReports.orgId)));
  const sent = rows.filter((r) => r.sentAt !== null);
  for (const ob of owed) {
    const answeredBy = sent.find((r) => fulfils(r.reportType, ob.reportType));
    if (answeredBy) {
      // Owed and already answered by a sent report (the initial report stands as the notification):
      // recorded as sent with it, so its due date and lateness stay visible.
      if (!rows.some((r) => r.reportType === ob.reportType)) {
        await tx.db.insert(incidentReports).values({
          id: uuidv7(),
          incidentId: incident.id,
          orgId: incident.orgId,
          reportType: ob.reportType,
          dueAt: ob.dueAt,
          content: { answeredBy: answeredBy.reportType, reportId: answeredBy.id },
          sentAt: answeredBy.sentAt,
          sentBy: answeredBy.sentBy,
          createdAt: tx.clock(),
        });
      }
      continue;
    }
    const pending = rows.find((r) => r.sentAt === null && r.reportType === ob.reportType);
    if (!pending) {
      await tx.db.insert(incidentReports).values({ id: uuidv7(), incidentId: incident.id, orgId: incident.orgId, reportType: ob.reportType, dueAt: ob.dueAt, createdAt: tx.clock() });
    } else if ((pending.dueAt?.getTime() ?? null) !== (ob.dueAt?.getTime() ?? null)) {
      // A moved due date earns a fresh reminder and escalation.
      await tx.db.update(incidentReports).set({ dueAt: ob.dueAt, remindedAt: null, escalatedAt: null }).where(eq(incidentReports.id, pending.id));
    }
  }
  for (const r of rows) {
    if (r.sentAt === null && r.reportType !== 'update' && !owed.some((o) => o.reportType === r.reportType)) {
      await tx.db.delete(incidentReports).where(eq(incidentReports.id, r.id));
    }
  }
}

const fmt = (d: Date) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

/**
 * One run of the 'incident.deadlines' job (every 10 minutes): reminds the reporting unit of a report
 * due soon, and escalates a missed one to the response team and the unit. Each pending report is
 * reminded and escalated at most once (the UPDATE … WHERE reminded_at IS NULL claims it), so runs
 * that overlap or repeat send nothing twice. Closed incidents are left alone.
 */
export async function checkIncidentDeadlines(ctx: Ctx): Promise<{ reminded: number; escalated: number }> {
  const now = ctx.clock();
  // scope-exempt: the job acts province-wide (systemCtx), no user is acting.
  const pending = await queryRows(
    ctx.db,
    sql`SELECT r.id, r.report_type, r.due_at, r.reminded_at, r.escalated_at, i.id AS incident_id, i.code, i.title, i.org_id, o.path AS org_path,
               i.detected_at, i.response_ended_at
          FROM incident_reports r JOIN incidents i ON i.id = r.incident_id JOIN orgs o ON o.id = i.org_id
         WHERE r.sent_at IS NULL AND r.due_at IS NOT NULL AND i.status <> 'closed'
           AND (r.escalated_at IS NULL OR r.reminded_at IS NULL)`,
  );
  let reminded = 0;
  let escalated = 0;
  for (const p of pending) {
    const dueAt = new Date(String(p.due_at));
    const anchor = new Date(String(p.report_type === 'final' ? (p.response_ended_at ?? p.detected_at) : p.detected_at));
    const lead = reminderLeadHours(Math.round((dueAt.getTime() - anchor.getTime()) / 3_600_000));
    const id = String(p.id);
    const incidentId = String(p.incident_id);
    const orgId = String(p.org_id);
    const orgPath = String(p.org_path);
    const params = { code: String(p.code), title: String(p.title), due: fmt(dueAt), reportType: String(p.report_type) };
    const link = `/incidents/${incidentId}`;
    if (now >= dueAt && p.escalated_at === null) {
      await withTx(ctx, async (tx) => {
        const claimed = await tx.db
          .update(incidentReports)
          .set({ escalatedAt: now, remindedAt: sql`coalesce(${incidentReports.remindedAt}, ${now.toISOString()}::timestamptz)` })
          .where(and(eq(incidentReports.id, id), isNull(incidentReports.escalatedAt), isNull(incidentReports.sentAt)))
          .returning({ id: incidentReports.id });
        if (claimed.length === 0) return;
        escalated += 1;
        await tx.db.insert(incidentEvents).values({ id: uuidv7(), incidentId, orgId, kind: 'report_overdue', params: { reportType: params.reportType, due: dueAt.toISOString() }, at: now });
        await record(tx, { action: 'incident.report_overdue', entityType: 'incident', entityId: incidentId, orgId, after: { reportId: id, reportType: params.reportType, dueAt } });
        const base = { orgId, orgPath, kind: 'incident.reportOverdue', subjectType: 'incident', subjectId: incidentId, params, link };
        await notify(tx, { ...base, action: 'incident.respond' });
        // The unit's officers and its head (both hold incident.report on it).
        await notify(tx, { ...base, action: 'incident.report' });
      });
    } else if (now < dueAt && p.reminded_at === null && lead > 0 && dueAt.getTime() - now.getTime() <= lead * 3_600_000) {
      await withTx(ctx, async (tx) => {
        const claimed = await tx.db
          .update(incidentReports)
          .set({ remindedAt: now })
          .where(and(eq(incidentReports.id, id), isNull(incidentReports.remindedAt), isNull(incidentReports.sentAt)))
          .returning({ id: incidentReports.id });
        if (claimed.length === 0) return;
        reminded += 1;
        await record(tx, { action: 'incident.report_reminded', entityType: 'incident', entityId: incidentId, orgId, after: { reportId: id, reportType: params.reportType, dueAt } });
        await notify(tx, { orgId, orgPath, kind: 'incident.reportDueSoon', subjectType: 'incident', subjectId: incidentId, params, link, action: 'incident.report' });
      });
    }
  }
  return { reminded, escalated };
}
