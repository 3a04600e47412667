import type { Incident, IncidentEvent, IncidentReport, IncidentSummary } from '@shared/api/incidents';
import { INCIDENT_STATUSES, isLate, type DeadlineRule, type IncidentStatus } from '@shared/domain/incidents';
import type { Ctx } from '../../http/context';
import { can } from '../../authz/scope';
import type { IncidentRow } from '../../db/schema';
import * as repo from './incidents.repo';
import * as rules from './incidents.rules';
import { obligationsOf } from './incidents-deadlines';

type SummaryRow = { incident: IncidentRow; orgName: string; nextDueAt: Date | null };

export function presentSummary(r: SummaryRow, now: Date): IncidentSummary {
  const i = r.incident;
  return {
    id: i.id,
    code: i.code,
    orgId: i.orgId,
    orgName: r.orgName,
    title: i.title,
    type: i.type,
    severity: i.severity,
    serious: i.serious,
    status: i.status,
    regime: i.regime,
    detectedAt: i.detectedAt.toISOString(),
    reportedAt: i.reportedAt.toISOString(),
    nextDueAt: i.status === 'closed' ? null : (r.nextDueAt?.toISOString() ?? null),
    isOverdue: i.status !== 'closed' && r.nextDueAt !== null && r.nextDueAt < now,
    tlp: i.tlp,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const asStatus = (v: string | null): IncidentStatus | null => INCIDENT_STATUSES.find((s) => s === v) ?? null;

function presentParams(p: unknown): IncidentEvent['params'] {
  const out: IncidentEvent['params'] = {};
  if (p && typeof p === 'object') {
    for (const [k, v] of Object.entries(p)) if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The whole case, with the due date, lateness and legal reference of each report, and what the caller may do. */
export async function presentIncident(ctx: Ctx, row: repo.IncidentWithNames, deadlineRules: readonly DeadlineRule[]): Promise<Incident> {
  const i = row.incident;
  const now = ctx.clock();
  const [reports, events, indicators, evidence, members, systems, alerts] = await Promise.all([
    repo.listReports(ctx, i.id),
    repo.listEvents(ctx, i.id),
    repo.listIndicators(ctx, i.id),
    repo.listEvidence(ctx, i.id),
    repo.listMembers(ctx, i.id),
    repo.listSystems(ctx, i.id),
    repo.listAlerts(ctx, i.id),
  ]);
  const owed = obligationsOf(i, deadlineRules);
  const actor = { holds: (a: Parameters<typeof can>[1]) => can(ctx, a, { orgPath: row.orgPath }) };
  const presentedReports: IncidentReport[] = reports.map(({ report: r, sentByName }) => {
    const ob = owed.find((o) => o.reportType === r.reportType);
    const dueAt = ob?.dueAt ?? r.dueAt;
    return {
      id: r.id,
      reportType: r.reportType,
      dueAt: dueAt?.toISOString() ?? null,
      sentAt: r.sentAt?.toISOString() ?? null,
      sentByName,
      isLate: i.status === 'closed' && !r.sentAt ? false : isLate(dueAt, r.sentAt, now),
      legalRef: ob?.rule.legalRef || null,
      verified: ob ? ob.rules.every((x) => x.verified) : true,
      content: isRecord(r.content) ? r.content : null,
    };
  });
  const pendingDue = presentedReports.filter((r) => !r.sentAt && r.dueAt).map((r) => new Date(r.dueAt ?? 0));
  const nextDue = pendingDue.length ? new Date(Math.min(...pendingDue.map((d) => d.getTime()))) : null;
  return {
    ...presentSummary({ incident: i, orgName: row.orgName, nextDueAt: nextDue }, now),
    reporterName: i.reporterName,
    reporterTitle: i.reporterTitle,
    reporterPhone: i.reporterPhone,
    reporterEmail: i.reporterEmail,
    nationalSecuritySign: i.nationalSecuritySign,
    beyondCapacity: i.beyondCapacity,
    personalDataInvolved: i.personalDataInvolved,
    description: i.description,
    infrastructureProvider: i.infrastructureProvider,
    actionsTaken: i.actionsTaken,
    supportRequested: i.supportRequested,
    responseEndedAt: i.responseEndedAt?.toISOString() ?? null,
    closing: { cause: i.closingCause, scope: i.closingScope, remedy: i.closingRemedy, lessons: i.closingLessons },
    closedAt: i.closedAt?.toISOString() ?? null,
    closedByName: row.closedByName,
    reopenedAt: i.reopenedAt?.toISOString() ?? null,
    reopenReason: i.reopenReason,
    createdByName: row.createdByName,
    systems,
    alerts: alerts.map((a) => ({ ...a, occurredAt: a.occurredAt.toISOString() })),
    members: members.map((m) => ({ userId: m.userId, fullName: m.fullName, role: m.role, addedAt: m.addedAt.toISOString() })),
    reports: presentedReports,
    events: events.map(({ event: e, actorName }) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: asStatus(e.fromStatus),
      toStatus: asStatus(e.toStatus),
      body: e.body,
      params: presentParams(e.params),
      actorName,
      at: e.at.toISOString(),
    })),
    indicators: indicators.map((x) => ({ id: x.id, kind: x.kind, value: x.value, description: x.description, firstSeen: x.firstSeen?.toISOString() ?? null, createdAt: x.createdAt.toISOString() })),
    evidence: evidence.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    can: {
      transitions: rules.availableTransitions(i.status, actor),
      sendReport: rules.mayStep('sendReport', i.status, actor),
      contribute: rules.mayStep('contribute', i.status, actor),
      manage: rules.mayStep('manage', i.status, actor),
      share: actor.holds('incident.share'),
    },
  };
}
