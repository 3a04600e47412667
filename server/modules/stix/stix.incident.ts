/**
 * An incident → STIX 2.1 objects: the incident with the OASIS Incident Core Extension (the bare STIX
 * incident is a stub), its indicators with patterns, the observed data behind them, the affected
 * information systems, the timeline and the closing report as notes, and the relationships.
 * Pure: the same input gives the same objects, ids included.
 */
import type { StixIncidentInput, StixIncidentStatus, StixIncidentType, StixIndicatorInput, StixSeverity } from './stix.model';
import { laterOf, sdoId, stixTime } from './stix.ids';
import { INCIDENT_CORE_EXTENSION_ID, incidentCoreExtensionDefinition, tlp2ExtensionDefinition } from './stix.markings';
import { observableOf, patternOf } from './stix.observables';
import { bundleOf, identityId, identityOf, khienReference, ObjectSet, REGISTRY_EPOCH, relationship, type StixBuildOptions } from './stix.common';

/**
 * Incident Core Extension 2.0 §4.6 investigation status: `new` until the response team takes it up,
 * `open` while it is worked, `closed` when all defender work is over.
 */
const INVESTIGATION_STATUS: Record<StixIncidentStatus, string> = {
  reported: 'new',
  triaged: 'open',
  responding: 'open',
  contained: 'open',
  recovered: 'open',
  closed: 'closed',
};

/**
 * §5.5 determination: a unit's report is `suspected` until the provincial response team has triaged
 * it; from triage on, the team has confirmed that an incident took place. (Our model has no
 * "false positive" outcome for incidents: such a report would be closed with its cause stated.)
 */
function determinationOf(status: StixIncidentStatus): string {
  return status === 'reported' ? 'suspected' : 'confirmed';
}

/** §4.4 event-type-ov value closest to each incident type of the national reporting form. */
const INCIDENT_TYPE: Record<StixIncidentType, string> = {
  malware: 'infected-by-known-malware',
  intrusion: 'unauthorized-access-system',
  ddos: 'denial-of-service',
  defacement: 'modification-information',
  data_leak: 'unauthorized-release',
  phishing: 'dissemination-phishing-emails',
  other: 'unspecified',
};

/** Appendix B, "5 qualitative" scale: Low 15, Moderate 40, High 70, Extreme 95. */
const CRITICALITY: Record<StixSeverity, number> = { low: 15, medium: 40, high: 70, critical: 95 };

/** The objects of one incident, added to `set` (shared objects — identities, markings — once). */
export function addIncident(set: ObjectSet, input: StixIncidentInput, opts: StixBuildOptions): string {
  const { t, lang } = opts;
  const markings = set.addTlp(input.tlp);
  const producerId = identityId(opts.producer);
  const reporterId = identityId(input.reportingOrg);
  set.add(tlp2ExtensionDefinition(), incidentCoreExtensionDefinition());
  set.add(identityOf(opts.producer, producerId), identityOf(input.reportingOrg, producerId));

  const incidentId = sdoId('incident', input.id);
  const created = stixTime(input.reportedAt);
  const modified = stixTime(laterOf(input.updatedAt, input.reportedAt));
  const incidentTimes = { created, modified };
  const rel = (source: string, type: string, target: string, description?: string) =>
    relationship(source, type, target, incidentTimes, { createdBy: producerId, markings, description, lang });

  const facts = [
    t('stix.incident.code', { code: input.code }),
    t('stix.incident.type', { value: t(`stix.incidentType.${input.type}`) }),
    t('stix.incident.severity', { value: t(`stix.severity.${input.severity}`) }),
    t('stix.incident.status', { value: t(`stix.status.${input.status}`) }),
    t('stix.incident.detectedAt', { at: stixTime(input.detectedAt) }),
    t('stix.incident.reportedAt', { at: stixTime(input.reportedAt) }),
    t('stix.incident.reportingOrg', { name: input.reportingOrg.name, code: input.reportingOrg.code }),
    ...(input.closedAt ? [t('stix.incident.closedAt', { at: stixTime(input.closedAt) })] : []),
  ];
  set.add({
    type: 'incident',
    spec_version: '2.1',
    id: incidentId,
    created_by_ref: reporterId,
    created,
    modified,
    name: input.title,
    description: [input.description.trim(), '', ...facts].join('\n').trim(),
    lang,
    external_references: [khienReference(input.code)],
    object_marking_refs: markings,
    extensions: {
      [INCIDENT_CORE_EXTENSION_ID]: {
        extension_type: 'property-extension',
        determination: determinationOf(input.status),
        investigation_status: INVESTIGATION_STATUS[input.status],
        incident_types: [INCIDENT_TYPE[input.type]],
        criticality: CRITICALITY[input.severity],
        ...(input.systems.length > 0 ? { impacted_entity_counts: { 'information-systems': input.systems.length } } : {}),
      },
    },
  });
  set.add(rel(reporterId, 'related-to', incidentId, t('stix.relation.reportedBy')));

  for (const system of input.systems) {
    const systemId = sdoId('infrastructure', system.id);
    const updated = system.updatedAt && system.updatedAt > REGISTRY_EPOCH ? system.updatedAt : REGISTRY_EPOCH;
    set.addMarked(input.tlp, {
      type: 'infrastructure',
      spec_version: '2.1',
      id: systemId,
      created_by_ref: producerId,
      created: stixTime(REGISTRY_EPOCH),
      modified: stixTime(updated),
      name: system.name,
      description: t('stix.system.description', { code: system.code }),
      lang,
      external_references: [khienReference(system.code)],
      object_marking_refs: markings,
    });
    set.add(rel(incidentId, 'related-to', systemId, t('stix.relation.affectedSystem')));
  }

  for (const indicator of input.indicators) addIndicator(set, indicator, input, { incidentId, producerId, markings, opts });

  for (const entry of input.timeline) {
    const at = stixTime(entry.at);
    set.add({
      type: 'note',
      spec_version: '2.1',
      id: sdoId('note', input.id, 'timeline', at, entry.kind, entry.text),
      created_by_ref: producerId,
      created: at,
      modified: at,
      abstract: t('stix.timeline.abstract'),
      content: entry.text,
      labels: [entry.kind],
      lang,
      object_refs: [incidentId],
      object_marking_refs: markings,
    });
  }

  const closing = input.closing;
  const closingLines = closing
    ? [
        closing.cause ? t('stix.closing.cause', { text: closing.cause }) : null,
        closing.scope ? t('stix.closing.scope', { text: closing.scope }) : null,
        closing.remedy ? t('stix.closing.remedy', { text: closing.remedy }) : null,
      ].filter((l): l is string => l !== null)
    : [];
  if (closingLines.length > 0) {
    const at = stixTime(laterOf(input.closedAt ?? input.updatedAt, input.reportedAt));
    set.add({
      type: 'note',
      spec_version: '2.1',
      id: sdoId('note', input.id, 'closing'),
      created_by_ref: producerId,
      created: at,
      modified: at,
      abstract: t('stix.closing.abstract'),
      content: closingLines.join('\n'),
      lang,
      object_refs: [incidentId],
      object_marking_refs: markings,
    });
  }
  return incidentId;
}

interface IncidentRefs {
  incidentId: string;
  producerId: string;
  markings: string[];
  opts: StixBuildOptions;
}

/** An indicator with its pattern, the cyber-observable and the observed-data it is based on. */
function addIndicator(set: ObjectSet, ind: StixIndicatorInput, incident: StixIncidentInput, refs: IncidentRefs): void {
  const { incidentId, producerId, markings, opts } = refs;
  const { t, lang } = opts;
  const created = stixTime(ind.createdAt);
  const times = { created, modified: created };
  const rel = (source: string, type: string, target: string, description?: string) =>
    relationship(source, type, target, times, { createdBy: producerId, markings, description, lang });

  const sco = observableOf(ind.kind, ind.value);
  set.addMarked(incident.tlp, { ...sco, object_marking_refs: markings });

  const indicatorId = sdoId('indicator', ind.id);
  const label = t(`stix.kind.${ind.kind}`);
  set.add({
    type: 'indicator',
    spec_version: '2.1',
    id: indicatorId,
    created_by_ref: producerId,
    created,
    modified: created,
    name: `${label}: ${ind.value.trim()}`,
    ...(ind.description ? { description: ind.description } : {}),
    lang,
    indicator_types: ['malicious-activity'],
    pattern: patternOf(ind.kind, ind.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTime(ind.firstSeen ?? ind.createdAt),
    object_marking_refs: markings,
  });

  // Seen when first seen if known, otherwise at the incident's detection.
  const observed = stixTime(ind.firstSeen ?? incident.detectedAt);
  const observedId = sdoId('observed-data', ind.id);
  set.add({
    type: 'observed-data',
    spec_version: '2.1',
    id: observedId,
    created_by_ref: producerId,
    created,
    modified: created,
    first_observed: observed,
    last_observed: observed,
    number_observed: 1,
    object_refs: [sco.id],
    object_marking_refs: markings,
  });
  set.add(
    rel(indicatorId, 'based-on', observedId),
    rel(indicatorId, 'related-to', incidentId, t('stix.relation.indicatorOfIncident')),
    rel(observedId, 'related-to', incidentId, t('stix.relation.observedInIncident')),
  );
}

/** One incident as a STIX 2.1 bundle. */
export function buildIncidentBundle(input: StixIncidentInput, opts: StixBuildOptions) {
  const set = new ObjectSet();
  addIncident(set, input, opts);
  return bundleOf(set.list());
}

/** Several incidents in one bundle (shared identities, markings and observables once). */
export function buildIncidentsBundle(inputs: StixIncidentInput[], opts: StixBuildOptions) {
  const set = new ObjectSet();
  for (const input of inputs) addIncident(set, input, opts);
  return bundleOf(set.list());
}
