/**
 * Incidents: the enumerations, the validation of indicator values, and the report deadlines computed
 * from the detection time and the regime's rule data (legal-framework.md §6, §10.7). Pure: the server
 * stores the due dates, the web shows them as the report form is filled.
 */
import { z } from 'zod';

const IPV4 = z.ipv4();
const IPV6 = z.ipv6();
/** 4, 6 or 0 (not an address), like node:net's isIP, in code the browser runs too. */
function isIP(v: string): 0 | 4 | 6 {
  if (IPV4.safeParse(v).success) return 4;
  return IPV6.safeParse(v).success ? 6 : 0;
}

export const INCIDENT_STATUSES = ['reported', 'triaged', 'responding', 'contained', 'recovered', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_TYPES = ['malware', 'intrusion', 'ddos', 'defacement', 'data_leak', 'phishing', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const TLP_MARKINGS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpMarking = (typeof TLP_MARKINGS)[number];

/** The reports of an incident. 'update' is free; the others are obligations with a due date. */
export const REPORT_TYPES = ['notification', 'initial', 'update', 'report_72h', 'pdp_notice', 'final'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/** Report types a deadline rule can name. */
export const DEADLINE_REPORT_TYPES = ['notification', 'initial', 'report_72h', 'pdp_notice', 'final'] as const;
export type DeadlineReportType = (typeof DEADLINE_REPORT_TYPES)[number];

export const DEADLINE_CONDITIONS = ['always', 'serious', 'national_security', 'beyond_capacity', 'personal_data'] as const;
export type DeadlineCondition = (typeof DEADLINE_CONDITIONS)[number];
export const DEADLINE_ANCHORS = ['detected', 'response_ended'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

export const MEMBER_ROLES = ['lead', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const INDICATOR_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** The flags that decide which deadline rules apply. */
export interface IncidentFlags {
  serious: boolean;
  nationalSecuritySign: boolean;
  beyondCapacity: boolean;
  personalDataInvolved: boolean;
}

/** One row of incident_deadline_rules, as far as the computation needs it. */
export interface DeadlineRule {
  code: string;
  reportType: DeadlineReportType;
  appliesWhen: DeadlineCondition;
  anchor: DeadlineAnchor;
  hours: number;
  legalRef: string;
  verified: boolean;
}

export function ruleApplies(rule: Pick<DeadlineRule, 'appliesWhen'>, f: IncidentFlags): boolean {
  switch (rule.appliesWhen) {
    case 'always':
      return true;
    case 'serious':
      return f.serious;
    case 'national_security':
      return f.nationalSecuritySign;
    case 'beyond_capacity':
      return f.beyondCapacity;
    case 'personal_data':
      return f.personalDataInvolved;
  }
}

/** A report the law asks for, with its due date (null until its clock starts) and the rules behind it. */
export interface ReportObligation {
  reportType: DeadlineReportType;
  dueAt: Date | null;
  /** The rule that sets the due date (the earliest), or the first applying one while none has started. */
  rule: DeadlineRule;
  /** Every applying rule, for the "why" shown next to the date. */
  rules: DeadlineRule[];
}

const HOUR = 3_600_000;

/**
 * The reports an incident owes, from its detection time, its flags and (for the end-of-response
 * report) when its response ended. A report type's due date is the earliest of its applying rules;
 * rules anchored on the end of the response have no date until it has ended. The final (closing)
 * report is always owed — closing needs it — even where no rule gives it a deadline.
 */
export function reportObligations(
  rules: readonly DeadlineRule[],
  facts: IncidentFlags & { detectedAt: Date; responseEndedAt: Date | null },
): ReportObligation[] {
  const out: ReportObligation[] = [];
  for (const reportType of DEADLINE_REPORT_TYPES) {
    const applying = rules.filter((r) => r.reportType === reportType && ruleApplies(r, facts));
    if (applying.length === 0) {
      if (reportType === 'final') out.push({ reportType, dueAt: null, rule: FINAL_WITHOUT_RULE, rules: [] });
      continue;
    }
    let best: { rule: DeadlineRule; dueAt: Date | null } | undefined;
    for (const rule of applying) {
      const anchor = rule.anchor === 'detected' ? facts.detectedAt : facts.responseEndedAt;
      const dueAt = anchor ? new Date(anchor.getTime() + rule.hours * HOUR) : null;
      if (!best || (dueAt && (!best.dueAt || dueAt < best.dueAt))) best = { rule, dueAt };
    }
    if (best) out.push({ reportType, dueAt: best.dueAt, rule: best.rule, rules: applying });
  }
  return out;
}

/** The closing report with no deadline rule (Decree 331: "for complex cases", no period set). */
const FINAL_WITHOUT_RULE: DeadlineRule = { code: 'final', reportType: 'final', appliesWhen: 'always', anchor: 'response_ended', hours: 0, legalRef: '', verified: true };

/**
 * Which sent report fulfils an obligation: the initial report counts as the notification (it is sent
 * to the same recipients, Circular 20/2017 Art 9), and a final report with cause, scope and remedy
 * answers the 72-hour report.
 */
export function fulfils(sent: ReportType, owed: ReportType): boolean {
  if (owed === 'update') return false;
  if (sent === owed) return true;
  if (owed === 'notification') return sent === 'initial';
  if (owed === 'report_72h') return sent === 'final';
  return false;
}

/** Whether a report is late: not sent by its due date (compared with now), or sent after it. */
export function isLate(dueAt: Date | null, sentAt: Date | null, now: Date): boolean {
  if (!dueAt) return false;
  return sentAt ? sentAt > dueAt : now > dueAt;
}

/**
 * How long before a due date the reporting unit is reminded: a quarter of the period, between one
 * hour and one day; "immediately" gets no reminder (it is overdue at once).
 */
export function reminderLeadHours(hours: number): number {
  if (hours <= 0) return 0;
  return Math.min(24, Math.max(1, Math.ceil(hours / 4)));
}

// ── Indicators ────────────────────────────────────────────────────────────────────────────────

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isDomain(v: string): boolean {
  if (v.length > 253 || !v.includes('.')) return false;
  const labels = v.split('.');
  const tld = labels.at(-1) ?? '';
  return labels.every((l) => LABEL.test(l)) && /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld);
}

function isUrl(v: string): boolean {
  if (!/^(https?|ftp):\/\//i.test(v) || /\s/.test(v)) return false;
  try {
    const u = new URL(v);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return host.length > 0 && (isDomain(host.toLowerCase()) || isIP(host) !== 0);
  } catch {
    return false;
  }
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([^@]+)$/;

/**
 * Normalises and validates an indicator value for its kind: addresses and hashes lower-cased,
 * surrounding spaces removed. Undefined when the value is not valid for the kind.
 */
export function normaliseIndicator(kind: IndicatorKind, raw: string): string | undefined {
  const v = raw.trim();
  if (v.length === 0 || v.length > 2048) return undefined;
  switch (kind) {
    case 'ipv4':
      return isIP(v) === 4 ? v : undefined;
    case 'ipv6':
      return isIP(v) === 6 ? v.toLowerCase() : undefined;
    case 'domain': {
      const d = v.toLowerCase().replace(/\.$/, '');
      return isDomain(d) ? d : undefined;
    }
    case 'url':
      return isUrl(v) ? v : undefined;
    case 'md5':
      return HEX(32).test(v.toLowerCase()) ? v.toLowerCase() : undefined;
    case 'sha1':
      return HEX(40).test(v.toLowerCase()) ? v.toLowerCase() : undefined;
    case 'sha256':
      return HEX(64).test(v.toLowerCase()) ? v.toLowerCase() : undefined;
    case 'email': {
      const e = v.toLowerCase();
      const m = EMAIL.exec(e);
      return m && m[1] && isDomain(m[1]) && e.length <= 254 ? e : undefined;
    }
  }
}
