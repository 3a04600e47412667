/**
 * Syslog message parsing (issue #5, alert intake): RFC 5424 and the older BSD format of RFC 3164, as
 * real devices send them. Pure: no I/O, the receive time and the time zone arrive as arguments.
 *
 * RFC 3164 timestamps carry no year and no zone ("Mar  1 10:00:00"): they are read in the province's
 * zone (Asia/Ho_Chi_Minh) and given the year that puts them closest to the time of receipt, so a
 * message stamped "Dec 31 23:59:59" received on 1 January belongs to the year before.
 */

export interface SdElement {
  id: string;
  params: Record<string, string>;
}

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  /** 0–23 (RFC 5424 §6.2.1); 1 (user) when the sender sent no PRI (RFC 3164 §4.3.3). */
  facility: number;
  /** 0 (emergency) – 7 (debug). */
  severity: number;
  timestamp: Date | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: SdElement[];
  /** The free-form part (MSG), without a leading UTF-8 BOM. */
  message: string;
}

export type SyslogParseResult = { ok: true; message: SyslogMessage } | { ok: false; reason: 'empty' | 'bad_pri' | 'bad_header' | 'bad_structured_data' };

export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month abbreviation (any case) → 0–11, or -1. */
export function monthIndex(s: string): number {
  return MONTHS.indexOf(s.toLowerCase());
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `instant`, in minutes (Asia/Ho_Chi_Minh: +420). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  // Zones change offset on a quarter hour at the finest: the answer is kept per zone and quarter hour
  // (a syslog burst asks thousands of times for the same hour).
  const key = `${timeZone}|${Math.floor(instant.getTime() / 900_000)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = computeOffset(instant, timeZone);
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

const offsets = new Map<string, number>();

function computeOffset(instant: Date, timeZone: string): number {
  // Building an Intl formatter costs about a millisecond: one per zone, kept.
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** A wall-clock time in `timeZone` → the instant. */
export function zonedTime(year: number, month: number, day: number, h: number, m: number, s: number, ms: number, timeZone: string): Date {
  const guess = Date.UTC(year, month, day, h, m, s, ms);
  const first = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  // A second pass settles times near a change of offset (none in Viet Nam since 1975, but zones vary).
  return new Date(guess - zoneOffsetMinutes(new Date(first), timeZone) * 60_000);
}

/**
 * The year of `receivedAt` in the zone, or the one before or after: the latest that does not put the
 * time more than a week after receipt (senders' clocks drift; messages do not come from the future).
 * null when the day exists in none of them (30 February).
 */
export function resolveYearless(month: number, day: number, h: number, m: number, s: number, ms: number, receivedAt: Date, timeZone: string): Date | null {
  const year = new Date(receivedAt.getTime() + zoneOffsetMinutes(receivedAt, timeZone) * 60_000).getUTCFullYear();
  const latest = receivedAt.getTime() + 7 * 86_400_000;
  for (const y of [year + 1, year, year - 1]) {
    const d = zonedTime(y, month, day, h, m, s, ms, timeZone);
    // 29 February in a year without it rolls over to 1 March: not that date.
    if (new Date(d.getTime() + zoneOffsetMinutes(d, timeZone) * 60_000).getUTCDate() !== day) continue;
    if (d.getTime() <= latest) return d;
  }
  return null;
}

const BOM = '\uFEFF';
const stripBom = (s: string) => (s.startsWith(BOM) ? s.slice(1) : s);

/** `<PRI>` at the start: 0–191, one to three digits, no leading zero except "0" itself (RFC 5424 §6.2.1). */
function readPri(line: string): { pri: number; rest: string } | null | 'absent' {
  if (!line.startsWith('<')) return 'absent';
  const m = /^<(\d{1,3})>/.exec(line);
  if (!m?.[1]) return null;
  const digits = m[1];
  if (digits.length > 1 && digits.startsWith('0')) return null;
  const pri = Number(digits);
  if (pri > 191) return null;
  return { pri, rest: line.slice(m[0].length) };
}

// RFC 5424 §6.2.3: FULL-DATE "T" FULL-TIME, fractions of up to six digits, Z or ±hh:mm.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** An RFC 3339 time; without a zone (seen from some senders) it is read in `timeZone`. */
export function parseRfc3339(s: string, timeZone: string): Date | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)] as const;
  if (parts[1] > 11 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 60) return null;
  if (!zone) return zonedTime(parts[0], parts[1], parts[2], parts[3], parts[4], Math.min(parts[5], 59), ms, timeZone);
  const base = Date.UTC(parts[0], parts[1], parts[2], parts[3], parts[4], Math.min(parts[5], 59), ms);
  if (zone === 'Z' || zone === 'z') return new Date(base);
  const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!zm) return null;
  const offset = (Number(zm[2]) * 60 + Number(zm[3])) * (zm[1] === '-' ? -1 : 1);
  return new Date(base - offset * 60_000);
}

/** RFC 5424 header field: NILVALUE "-" → null; 1..max printable US-ASCII characters. */
function field(token: string | undefined, max: number): string | null | undefined {
  if (token === undefined) return undefined;
  if (token === '-') return null;
  if (token.length === 0 || token.length > max || !/^[\x21-\x7e]+$/.test(token)) return undefined;
  return token;
}

/** STRUCTURED-DATA (RFC 5424 §6.3) at the start of `s`: the elements and what follows. */
function readStructuredData(s: string): { elements: SdElement[]; rest: string } | null {
  if (s.startsWith('-')) return { elements: [], rest: s.slice(1) };
  const elements: SdElement[] = [];
  let i = 0;
  while (s[i] === '[') {
    i += 1;
    const idMatch = /^[^\s=\]"]{1,32}/.exec(s.slice(i));
    if (!idMatch) return null;
    const el: SdElement = { id: idMatch[0], params: {} };
    i += idMatch[0].length;
    while (s[i] === ' ') {
      i += 1;
      const nameMatch = /^([^\s=\]"]{1,32})="/.exec(s.slice(i));
      if (!nameMatch?.[1]) return null;
      i += nameMatch[0].length;
      let value = '';
      for (;;) {
        const c = s[i];
        if (c === undefined) return null;
        if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === ']')) {
          value += s[i + 1];
          i += 2;
        } else if (c === '"') {
          i += 1;
          break;
        } else {
          value += c;
          i += 1;
        }
      }
      el.params[nameMatch[1]] = value;
    }
    if (s[i] !== ']') return null;
    i += 1;
    elements.push(el);
  }
  if (elements.length === 0) return null;
  return { elements, rest: s.slice(i) };
}

function parse5424(pri: number, rest: string, timeZone: string): SyslogParseResult {
  // VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
  const parts: string[] = [];
  let s = rest;
  for (let n = 0; n < 6; n += 1) {
    const sp = s.indexOf(' ');
    if (sp < 0) return { ok: false, reason: 'bad_header' };
    parts.push(s.slice(0, sp));
    s = s.slice(sp + 1);
  }
  const [version, ts, host, app, proc, msgId] = parts;
  if (version !== '1') return { ok: false, reason: 'bad_header' };
  let timestamp: Date | null = null;
  if (ts !== '-') {
    timestamp = ts ? parseRfc3339(ts, timeZone) : null;
    if (!timestamp) return { ok: false, reason: 'bad_header' };
  }
  const hostname = field(host, 255);
  const appName = field(app, 48);
  const procId = field(proc, 128);
  const mid = field(msgId, 32);
  if (hostname === undefined || appName === undefined || procId === undefined || mid === undefined) return { ok: false, reason: 'bad_header' };
  const sd = readStructuredData(s);
  if (!sd) return { ok: false, reason: 'bad_structured_data' };
  if (sd.rest !== '' && !sd.rest.startsWith(' ')) return { ok: false, reason: 'bad_structured_data' };
  return {
    ok: true,
    message: {
      format: 'rfc5424',
      facility: pri >> 3,
      severity: pri & 7,
      timestamp,
      hostname,
      appName,
      procId,
      msgId: mid,
      structuredData: sd.elements,
      message: stripBom(sd.rest.slice(1)),
    },
  };
}

// "Mmm dd hh:mm:ss" (day space-padded or not), optionally with milliseconds, a year after the day
// ("Mar  1 2026 10:00:00", Cisco and others) or a year before the time.
const BSD_TIME = /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: |$)/;

function parse3164(pri: number, rest: string, receivedAt: Date, timeZone: string): SyslogParseResult {
  let s = rest;
  let timestamp: Date | null = null;
  const bsd = BSD_TIME.exec(s);
  if (bsd) {
    const [whole, mon, day, year, h, mi, se, frac] = bsd;
    const month = monthIndex(mon ?? '');
    const d = Number(day);
    if (month < 0 || d < 1 || d > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 60) return { ok: false, reason: 'bad_header' };
    const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
    timestamp = year
      ? zonedTime(Number(year), month, d, Number(h), Number(mi), Math.min(Number(se), 59), ms, timeZone)
      : resolveYearless(month, d, Number(h), Number(mi), Math.min(Number(se), 59), ms, receivedAt, timeZone);
    if (!timestamp) return { ok: false, reason: 'bad_header' };
    s = s.slice(whole.length);
  } else {
    // rsyslog's "RSYSLOG_ForwardFormat" and others: an RFC 3339 time in the BSD layout.
    const first = /^(\S+)(?: |$)/.exec(s);
    const iso = first?.[1] ? parseRfc3339(first[1], timeZone) : null;
    if (iso && first) {
      timestamp = iso;
      s = s.slice(first[0].length);
    }
  }
  let hostname: string | null = null;
  let appName: string | null = null;
  let procId: string | null = null;
  // A CEF payload right after the time (Wazuh's and OSSEC's csyslogd send no host name): no HOSTNAME, no TAG.
  if (timestamp && !s.startsWith('CEF:')) {
    const tok = /^(\S+)(?: |$)/.exec(s);
    // A HOSTNAME is a plain token; a TAG ends in ':' or carries "[pid]". Without a timestamp
    // (a bare "<13>message") there is no HOSTNAME either (RFC 3164 §4.3.2).
    if (tok?.[1] && !/[:[\]]/.test(tok[1])) {
      hostname = tok[1];
      s = s.slice(tok[0].length);
    }
  }
  if (!s.startsWith('CEF:')) {
    const tag = /^([A-Za-z0-9_./-]{1,48})(?:\[([^\]\s]{1,128})\])?: ?/.exec(s);
    if (tag?.[1]) {
      appName = tag[1];
      procId = tag[2] ?? null;
      s = s.slice(tag[0].length);
    }
  }
  return {
    ok: true,
    message: { format: 'rfc3164', facility: pri >> 3, severity: pri & 7, timestamp, hostname, appName, procId, msgId: null, structuredData: [], message: stripBom(s) },
  };
}

/**
 * One syslog message (a UDP datagram, or one frame of a TCP stream, already decoded as UTF-8 with any
 * trailing CR/LF removed). "<PRI>1 " starts RFC 5424; anything else is read as RFC 3164, whose
 * receiver must accept what it is given (RFC 3164 §4.3).
 */
export function parseSyslog(line: string, opts: { receivedAt: Date; timeZone?: string }): SyslogParseResult {
  const timeZone = opts.timeZone ?? PROVINCE_TIME_ZONE;
  const text = line.replace(/[\r\n\0]+$/, '');
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const pri = readPri(text);
  if (pri === null) return { ok: false, reason: 'bad_pri' };
  // No PRI at all: RFC 3164 §4.3.3 has the relay treat it as user.notice (13).
  const { pri: value, rest } = pri === 'absent' ? { pri: 13, rest: text } : pri;
  if (/^\d+ /.test(rest) && rest.startsWith('1 ')) return parse5424(value, rest, timeZone);
  return parse3164(value, rest, opts.receivedAt, timeZone);
}
