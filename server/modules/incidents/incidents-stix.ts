/**
 * An incident as the STIX export takes it (server/modules/stix/stix.model.ts), read through this
 * module's scoped queries: an incident of another organisation is not found.
 */
import type { StixIncidentInput } from '../stix/stix.model';
import type { Ctx } from '../../http/context';
import { notFound } from '../../http/errors';
import { translator } from '../../http/i18n';
import * as repo from './incidents.repo';

/** Timeline kinds the export names: state changes, remarks and actions. */
function timelineKind(kind: string): string {
  if (kind === 'status_changed' || kind === 'reported') return 'status';
  if (kind === 'comment') return 'note';
  return 'action';
}

export async function loadIncidentForStix(ctx: Ctx, id: string): Promise<StixIncidentInput> {
  const row = await repo.findIncident(ctx, id);
  if (!row) throw notFound();
  const i = row.incident;
  const [systems, indicators, events] = await Promise.all([repo.listSystems(ctx, id), repo.listIndicators(ctx, id), repo.listEvents(ctx, id)]);
  const t = translator(ctx.locale);
  const closed = i.closingCause || i.closingScope || i.closingRemedy;
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    description: i.description,
    type: i.type,
    severity: i.severity,
    status: i.status,
    detectedAt: i.detectedAt,
    reportedAt: i.reportedAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    reportingOrg: { id: i.orgId, code: row.orgCode, name: row.orgName },
    orgPath: row.orgPath,
    tlp: i.tlp,
    systems: systems.map((s) => ({ id: s.id, code: s.code, name: s.name })),
    indicators: indicators.map((x) => ({ id: x.id, kind: x.kind, value: x.value, description: x.description, firstSeen: x.firstSeen, createdAt: x.createdAt })),
    timeline: events.map(({ event: e, actorName }) => {
      const status = e.toStatus ? t(`incidents.status.${e.toStatus}`) : '';
      const text = [e.kind === 'status_changed' || e.kind === 'reported' ? status : t(`incidents.event.${e.kind}`, { ...(e.params && typeof e.params === "object" ? e.params : {}), defaultValue: e.kind }), e.body, actorName ? `(${actorName})` : null]
        .filter(Boolean)
        .join(' — ');
      return { at: e.at, kind: timelineKind(e.kind), text };
    }),
    closing: closed ? { cause: i.closingCause, scope: i.closingScope, remedy: i.closingRemedy } : null,
  };
}
