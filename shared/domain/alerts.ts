/**
 * Alerts from the SOC's sources (issue #5): the one normalised shape, the severity mappings and the
 * Wazuh alert normaliser. Pure: used by the server's intake (Wazuh HTTP route, syslog/CEF listener),
 * the demo data and the tests.
 */

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_SOURCES = ['wazuh', 'cef', 'syslog'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const ALERT_STATUSES = ['new', 'acknowledged', 'false_positive', 'promoted'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_CHANNELS = ['wazuh', 'syslog_udp', 'syslog_tcp'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export const SOC_CONNECTION_STATUSES = ['not_connected', 'in_progress', 'connected'] as const;
export type SocConnectionStatus = (typeof SOC_CONNECTION_STATUSES)[number];

/** Law on Cybersecurity 2025 Art. 40: the National Cyber Security Center, the provincial centre or another SOC. */
export const SOC_CENTER_KINDS = ['national_ncsc', 'provincial', 'other'] as const;
export type SocCenterKind = (typeof SOC_CENTER_KINDS)[number];

/** Triage actions of the analyst queue and the status each leads to. */
export const TRIAGE_ACTIONS = ['acknowledge', 'false_positive', 'reopen'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];
export const STATUS_AFTER: Record<TriageAction, AlertStatus> = { acknowledge: 'acknowledged', false_positive: 'false_positive', reopen: 'new' };

export const SEVERITY_RANK: Record<AlertSeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Wazuh rule level (0–15, see Wazuh's "Rules classification") → severity:
 *
 * | Wazuh level | Wazuh's meaning                                                    | severity |
 * |-------------|--------------------------------------------------------------------|----------|
 * | 0–4         | ignored, no-priority, system notices, successful events, errors    | low      |
 * | 5–7         | user-generated errors, low-relevance attacks, "bad word" matches   | medium   |
 * | 8–11        | first-time events, unknown-source errors, multiple user errors,     | high     |
 * |             | integrity checks (rootcheck/syscheck), high-importance events      |          |
 * | 12–15       | high-importance system events, unusual errors, attacks with a high  | critical |
 * |             | chance of success ("severe attack")                                |          |
 *
 * This follows the common Wazuh dashboard split (low < 7 ≤ medium < 12 ≤ high/critical) tightened for
 * a provincial SOC: level 12 is where Wazuh's own documentation starts "high importance event".
 * Levels outside 0–15 are clamped; a non-number is low.
 */
export function severityFromWazuhLevel(level: number): AlertSeverity {
  if (!Number.isFinite(level)) return 'low';
  const l = Math.max(0, Math.min(15, Math.trunc(level)));
  if (l >= 12) return 'critical';
  if (l >= 8) return 'high';
  if (l >= 5) return 'medium';
  return 'low';
}

/**
 * CEF severity (ArcSight CEF spec: 0–3 Low, 4–6 Medium, 7–8 High, 9–10 Very-High; or those words,
 * also "Unknown") → severity. Very-High → critical. Anything unreadable → low.
 */
export function severityFromCef(sev: string): AlertSeverity {
  const s = sev.trim().toLowerCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 9) return 'critical';
    if (n >= 7) return 'high';
    if (n >= 4) return 'medium';
    return 'low';
  }
  if (s === 'very-high' || s === 'very high' || s === 'veryhigh' || s === 'critical') return 'critical';
  if (s === 'high') return 'high';
  if (s === 'medium') return 'medium';
  return 'low';
}

export interface NormalisedAlert {
  source: AlertSource;
  /** The source's own event id (Wazuh alert "id", CEF externalId/eventId), for dedup. */
  sourceRef: string | null;
  occurredAt: Date;
  ruleId: string | null;
  ruleName: string;
  ruleGroups: string[];
  severity: AlertSeverity;
  /** The source's own value, e.g. "12". */
  sourceSeverity: string | null;
  host: string | null;
  hostIp: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  /** Every string that may name the system: agent name/id, hostnames, device hosts, IPs (lower-cased). */
  identifiers: string[];
  /** The original event (Wazuh JSON object; for syslog {"line": "<the received line>"}). */
  raw: unknown;
}

/** Why one Wazuh alert was refused: a stable code (counted in alert_rejections, translated in replies). */
export type WazuhRejectReason = 'not_an_object' | 'missing_rule' | 'bad_level' | 'missing_description' | 'bad_timestamp' | 'too_large';

export type NormaliseResult = { ok: true; alert: NormalisedAlert } | { ok: false; reason: WazuhRejectReason };

/** One alert's JSON may not exceed this (Wazuh alerts are a few kB; a full_log is capped by Wazuh at 64 kB). */
export const MAX_ALERT_BYTES = 256 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max = 255): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t ? t.slice(0, max) : null;
}

/** Ports arrive as strings in Wazuh's decoded data ("srcport": "52344"). */
function port(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+(%\w+)?$/i;

/** An address if it looks like one (IPv4, or IPv6 with at least two colons), else null. */
export function ipOrNull(v: unknown): string | null {
  const s = str(v, 64);
  if (!s) return null;
  if (IPV4.test(s)) return s;
  if (s.includes(':') && s.split(':').length >= 3 && IPV6.test(s)) return s.toLowerCase();
  return null;
}

/**
 * Wazuh writes "2024-01-15T10:23:45.123+0000" (no colon in the offset); ISO 8601 with "Z" or "+07:00"
 * is accepted too. Returns null for anything else, or a date more than a day in the future of `now`
 * or before 2000.
 */
export function parseWazuhTimestamp(v: unknown, now: Date): Date | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) return null;
  const [, d, t, z] = m;
  const frac = (t ?? '').replace(/(\.\d{3})\d+$/, '$1');
  const zone = !z || z === 'Z' ? 'Z' : z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`;
  const date = new Date(`${d}T${frac}${zone}`);
  const ms = date.getTime();
  if (Number.isNaN(ms) || ms < Date.UTC(2000, 0, 1) || ms > now.getTime() + 86_400_000) return null;
  return date;
}

function uniqueLower(values: (string | null)[]): string[] {
  const out = new Set<string>();
  for (const v of values) if (v) out.add(v.toLowerCase());
  return [...out];
}

/**
 * One Wazuh alert (the JSON the manager writes to alerts.json and hands to an integration:
 * timestamp, rule{level,id,description,groups}, agent{id,name,ip}, manager{name}, id, full_log,
 * decoder, data{srcip,dstip,srcport,dstport,…}, location, predecoder{hostname}, syscheck…) →
 * NormalisedAlert. `now` bounds the timestamp; an alert without a timestamp takes `now`.
 */
export function normaliseWazuhAlert(input: unknown, now: Date): NormaliseResult {
  if (!isRecord(input)) return { ok: false, reason: 'not_an_object' };
  const rule = input.rule;
  if (!isRecord(rule)) return { ok: false, reason: 'missing_rule' };
  const levelRaw = rule.level;
  const level = typeof levelRaw === 'number' ? levelRaw : typeof levelRaw === 'string' && /^\d{1,2}$/.test(levelRaw) ? Number(levelRaw) : NaN;
  if (!Number.isInteger(level) || level < 0 || level > 16) return { ok: false, reason: 'bad_level' };
  const ruleName = str(rule.description, 1000);
  if (!ruleName) return { ok: false, reason: 'missing_description' };
  let occurredAt = now;
  if (input.timestamp !== undefined) {
    const parsed = parseWazuhTimestamp(input.timestamp, now);
    if (!parsed) return { ok: false, reason: 'bad_timestamp' };
    occurredAt = parsed;
  }

  const agent = isRecord(input.agent) ? input.agent : {};
  const manager = isRecord(input.manager) ? input.manager : {};
  const data = isRecord(input.data) ? input.data : {};
  const predecoder = isRecord(input.predecoder) ? input.predecoder : {};
  const agentId = str(agent.id, 64);
  const agentName = str(agent.name);
  // Agent 000 is the manager itself: its events (syslog from network devices, API…) name their
  // real host in the predecoder's hostname.
  const preHost = str(predecoder.hostname);
  const host = agentId === '000' && preHost ? preHost : (agentName ?? preHost);
  const hostIp = ipOrNull(agent.ip);
  const srcIp = ipOrNull(data.srcip ?? data.src_ip);
  const dstIp = ipOrNull(data.dstip ?? data.dst_ip);
  const groups = Array.isArray(rule.groups) ? rule.groups.flatMap((g) => (typeof g === 'string' && g.trim() ? [g.trim().slice(0, 100)] : [])).slice(0, 50) : [];

  const identifiers = uniqueLower([
    agentName,
    // The agent id alone is ambiguous between managers: "<manager>:<id>" names it.
    agentId && str(manager.name) ? `${str(manager.name)}:${agentId}` : null,
    preHost,
    hostIp,
    ipOrNull(data.dstip),
  ]);

  return {
    ok: true,
    alert: {
      source: 'wazuh',
      sourceRef: str(input.id, 255),
      occurredAt,
      ruleId: str(rule.id, 100),
      ruleName,
      ruleGroups: groups,
      severity: severityFromWazuhLevel(level),
      sourceSeverity: String(level),
      host,
      hostIp,
      srcIp,
      srcPort: port(data.srcport ?? data.src_port),
      dstIp,
      dstPort: port(data.dstport ?? data.dst_port),
      identifiers,
      raw: input,
    },
  };
}
