/**
 * Plain inputs of the STIX 2.1 export. The incidents and advisories modules fill these from
 * their rows (loadIncidentForStix / loadAdvisoryForStix); the builders in stix.build.ts turn
 * them into STIX objects. Nothing here knows about the database or HTTP.
 */

/** An organisation as the export names it: the reporting unit, the issuer, the producer. */
export interface StixOrg {
  /** Our organisation id (uuid); the STIX identity id is derived from it. */
  id: string;
  /** Short organisation code (e.g. 'TQ', 'X001'). */
  code: string;
  /** Display name (Vietnamese, as registered). */
  name: string;
  /** When the organisation's record last changed, if known (the identity's `modified`). */
  updatedAt?: Date;
}

/** Traffic Light Protocol marking; 'clear' and 'amber+strict' exist only in TLP 2.0. */
export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** Kind of an indicator value; decides the STIX cyber-observable and pattern. */
export type IndicatorKind = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256' | 'email';

/** Incident type per the national incident-reporting rules. */
export type StixIncidentType =
  | 'malware'
  | 'intrusion'
  | 'ddos'
  | 'defacement'
  | 'data_leak'
  | 'phishing'
  | 'other';

/** Severity shared by incidents and advisories. */
export type StixSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Lifecycle status of an incident. */
export type StixIncidentStatus =
  | 'reported'
  | 'triaged'
  | 'responding'
  | 'contained'
  | 'recovered'
  | 'closed';

/** One indicator of compromise attached to an incident. */
export interface StixIndicatorInput {
  /** Our indicator id (uuid); STIX ids are derived from it. */
  id: string;
  kind: IndicatorKind;
  /** The raw value (address, domain, URL, hex hash, e-mail address). */
  value: string;
  description: string | null;
  /** When the indicator was first seen, if known; otherwise createdAt is used as valid_from. */
  firstSeen: Date | null;
  createdAt: Date;
}

/** An information system affected by an incident. */
export interface StixSystemRef {
  id: string;
  code: string;
  name: string;
  /** When the system's record last changed, if known (the infrastructure object's `modified`). */
  updatedAt?: Date;
}

/** One entry of an incident's timeline. */
export interface StixTimelineEntry {
  at: Date;
  /** Our timeline kind (e.g. 'status', 'note', 'action'). */
  kind: string;
  text: string;
}

/** The closing report: cause, scope and remedy. */
export interface StixIncidentClosing {
  cause: string | null;
  scope: string | null;
  remedy: string | null;
}

/** An incident with everything the export needs. */
export interface StixIncidentInput {
  /** Our incident id (uuid); the STIX incident id is derived from it. */
  id: string;
  /** Human code (e.g. 'SC-2026-0012'). */
  code: string;
  title: string;
  description: string;
  type: StixIncidentType;
  severity: StixSeverity;
  status: StixIncidentStatus;
  detectedAt: Date;
  reportedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  reportingOrg: StixOrg;
  /**
   * Materialised path of the organisation that owns the incident, when the loader has it: the
   * export checks `incident.share` on it. Without it, the reporting organisation's path is used.
   */
  orgPath?: string;
  tlp: Tlp;
  systems: StixSystemRef[];
  indicators: StixIndicatorInput[];
  timeline: StixTimelineEntry[];
  closing: StixIncidentClosing | null;
}

/** A product an advisory affects. */
export interface StixAffectedProduct {
  vendor: string | null;
  product: string;
  /** Version rule as written by the author (e.g. '< 2.4.58', '*'). */
  versions: string;
}

/** An early-warning advisory with everything the export needs. */
export interface StixAdvisoryInput {
  /** Our advisory id (uuid); the STIX report id is derived from it. */
  id: string;
  code: string;
  title: string;
  description: string;
  /** How to respond (becomes a course-of-action when not empty). */
  guidance: string;
  severity: StixSeverity;
  cvss: number | null;
  cvssVector: string | null;
  /** CVE ids, e.g. 'CVE-2024-3400'. */
  cves: string[];
  products: StixAffectedProduct[];
  tlp: Tlp;
  /** Null while a draft; the report's `published` falls back to updatedAt. */
  publishedAt: Date | null;
  updatedAt: Date;
  issuer: StixOrg;
  acknowledgeDue: Date | null;
  remediationDue: Date | null;
}
