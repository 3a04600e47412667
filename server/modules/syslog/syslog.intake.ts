/**
 * One received syslog message → a NormalisedAlert, or the reason it is refused. Pure: no I/O.
 *
 * Only CEF payloads become alerts. A plain syslog line ("sshd: Accepted password…") carries no rule,
 * no severity and no event id: stored as an "alert" it would bury the analysts' queue under the
 * ordinary noise of every device that forwards all its logs. Such lines are refused with the reason
 * "not_cef" and counted (alert_rejections), so a mis-configured sender shows on the sources page.
 *
 * Tying to a system uses `identifiers`: the reporting device (dvchost, dvc, deviceExternalId, the
 * syslog HOSTNAME, the sender's address) and the target (dhost, dst) — never the source side
 * (src, shost), which is usually the attacker. For Wazuh's own CEF output, the agent named in its
 * location field ("(web-portal) 10.10.5.20->/var/log/auth.log") is added.
 */
import { severityFromCef, type NormalisedAlert } from '@shared/domain/alerts';
import { cefField, cefLabelled, findCef, parseCef, parseCefTime } from '@shared/domain/cef';
import { normaliseIp } from '@shared/domain/cidr';
import { parseSyslog } from '@shared/domain/syslog';

export type IntakeReason = 'empty' | 'bad_pri' | 'bad_header' | 'bad_structured_data' | 'not_cef' | 'bad_cef_header' | 'bad_encoding';

export type IntakeResult = { ok: true; alert: NormalisedAlert } | { ok: false; reason: IntakeReason };

function port(v: string | null): number | null {
  if (!v || !/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n <= 65535 ? n : null;
}

const cut = (s: string | null, max: number) => (s === null ? null : s.slice(0, max));

/** Decodes a received frame as UTF-8; a frame that is not valid UTF-8 is refused, not mangled. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeFrame(data: Buffer): string | null {
  try {
    return utf8.decode(data);
  } catch {
    return null;
  }
}

/** The device a Wazuh/OSSEC location names: "(agent) 10.0.0.5->/var/log/x" → agent, ip. */
function wazuhLocation(location: string | null): string[] {
  if (!location) return [];
  const m = /^\((.{1,128}?)\)\s+(\S+?)->/.exec(location);
  return m ? [m[1] ?? '', m[2] ?? ''] : [];
}

export function syslogToAlert(line: string, opts: { receivedAt: Date; senderIp: string | null }): IntakeResult {
  const parsed = parseSyslog(line, { receivedAt: opts.receivedAt });
  if (!parsed.ok) return parsed;
  const msg = parsed.message;
  if (findCef(msg.message) < 0) return { ok: false, reason: 'not_cef' };
  const cef = parseCef(msg.message);
  if (!cef.ok) return cef;
  const ev = cef.event;
  const ext = ev.extension;
  const f = (k: string) => cefField(ext, k);

  const srcIp = normaliseIp(f('src') ?? '');
  const dstIp = normaliseIp(f('dst') ?? '');
  const dvc = normaliseIp(f('dvc') ?? '');
  const sender = opts.senderIp ? normaliseIp(opts.senderIp) : null;
  const headerHost = msg.hostname && msg.hostname !== '-' ? msg.hostname : null;
  const dvchost = f('dvchost');
  const deviceExternalId = f('deviceExternalId');
  const host = dvchost ?? headerHost ?? (ev.deviceVendor === 'Wazuh' ? f('dvc') : null);
  const labelled = cefLabelled(ext);
  const location = ev.deviceVendor === 'Wazuh' || ev.deviceVendor === 'OSSEC' ? (labelled.Location ?? null) : null;

  let occurredAt: Date | null = null;
  for (const key of ['rt', 'end', 'start']) {
    const v = f(key);
    const d = v ? parseCefTime(v, opts.receivedAt) : null;
    if (d) {
      occurredAt = d;
      break;
    }
  }
  occurredAt ??= msg.timestamp ?? opts.receivedAt;

  const identifiers = new Set<string>();
  for (const v of [dvchost, headerHost, deviceExternalId, dvc ?? f('dvc'), sender, f('dhost'), dstIp, ...wazuhLocation(location)]) {
    const t = v?.trim().toLowerCase();
    if (t) identifiers.add(t.slice(0, 255));
  }

  // The event id is only unique per device (FortiGate and Palo Alto number their logs per box): the
  // reference names the device too, so two devices' event 1001 are not taken for duplicates.
  const eventId = f('externalId') ?? f('eventId');
  const device = (deviceExternalId ?? dvchost ?? dvc ?? headerHost ?? sender ?? '').toLowerCase();
  const sourceRef = eventId ? `${ev.deviceVendor}|${ev.deviceProduct}|${device}|${eventId}`.slice(0, 255) : null;
  const category = f('cat');

  return {
    ok: true,
    alert: {
      source: 'cef',
      sourceRef,
      occurredAt,
      ruleId: cut(ev.signatureId, 100),
      ruleName: (ev.name || f('msg') || ev.signatureId).slice(0, 1000),
      ruleGroups: [category, `${ev.deviceVendor} ${ev.deviceProduct}`.trim()].filter((g): g is string => !!g).map((g) => g.slice(0, 100)),
      severity: severityFromCef(ev.severity),
      sourceSeverity: cut(ev.severity, 32),
      host: cut(host, 255),
      hostIp: dvc ?? sender,
      srcIp,
      srcPort: port(f('spt')),
      dstIp,
      dstPort: port(f('dpt')),
      identifiers: [...identifiers],
      raw: { line },
    },
  };
}
