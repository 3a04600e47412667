/**
 * ArcSight Common Event Format (CEF), as firewalls, IPS and SIEMs send it over syslog:
 *   CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension
 * Header fields escape "\|" and "\\"; the extension is space-separated key=value pairs whose values may
 * hold spaces, and escape "\=", "\\", "\n" and "\r". Pure: no I/O.
 *
 * Real senders bend the rules, and the parser is lenient where it can be without guessing:
 * - a value ends where the next " key=" begins (key = letters, digits, "_", ".", "[", "]", "-"); an "="
 *   not preceded by a space and a key stays in the value ("request=http://x/?a=b" keeps its query);
 * - Wazuh/OSSEC's csyslogd writes msg= unescaped: an "=" inside it after a space and a word does split
 *   it — no parser can tell those apart — and the pieces are kept as extensions;
 * - a stray backslash before any other character is kept as it is;
 * - "\|" in the extension (needless, but sent) reads as "|".
 */
import { monthIndex, parseRfc3339, resolveYearless, zonedTime, PROVINCE_TIME_ZONE } from './syslog';

export interface CefEvent {
  version: number;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Keys as sent (short or full names), values unescaped. */
  extension: Record<string, string>;
}

export type CefParseResult = { ok: true; event: CefEvent } | { ok: false; reason: 'not_cef' | 'bad_cef_header' };

const CEF_START = /CEF:\d+\|/;

/** Where the CEF payload starts in a syslog MSG (after any prefix a relay put in front), or -1. */
export function findCef(message: string): number {
  const m = CEF_START.exec(message);
  return m ? m.index : -1;
}

/** The seven header fields and the extension text. */
function splitHeader(text: string): { fields: string[]; extension: string } | null {
  const fields: string[] = [];
  let cur = '';
  let i = 0;
  while (i < text.length && fields.length < 7) {
    const c = text.charAt(i);
    if (c === '\\' && (text[i + 1] === '|' || text[i + 1] === '\\')) {
      cur += text.charAt(i + 1);
      i += 2;
    } else if (c === '|') {
      fields.push(cur);
      cur = '';
      i += 1;
    } else {
      cur += c;
      i += 1;
    }
  }
  if (fields.length < 7) return null;
  return { fields, extension: text.slice(i) };
}

const KEY_CHAR = /[A-Za-z0-9_.[\]-]/;

function unescapeValue(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charAt(i);
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const n = raw.charAt(i + 1);
    if (n === '=' || n === '\\' || n === '|') out += n;
    else if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else {
      out += c;
      continue;
    }
    i += 1;
  }
  return out;
}

/** The extension's key=value pairs. Text before the first key (none in conforming input) is dropped. */
export function parseExtension(text: string): Record<string, string> {
  // Positions of every "=" that is not escaped (an odd run of backslashes before it escapes it).
  const starts: { keyStart: number; eq: number; key: string }[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text.charAt(i) !== '=') continue;
    let bs = 0;
    for (let j = i - 1; j >= 0 && text.charAt(j) === '\\'; j -= 1) bs += 1;
    if (bs % 2 === 1) continue;
    let k = i;
    while (k > 0 && KEY_CHAR.test(text.charAt(k - 1))) k -= 1;
    if (k === i) continue;
    if (k > 0 && !/\s/.test(text.charAt(k - 1))) continue;
    starts.push({ keyStart: k, eq: i, key: text.slice(k, i) });
  }
  const out: Record<string, string> = {};
  starts.forEach((s, n) => {
    const next = starts[n + 1];
    const end = next ? next.keyStart : text.length;
    // The separator before the next key is one space (or tab); trailing blanks of the last value too.
    const raw = text.slice(s.eq + 1, end).replace(next ? /[ \t]$/ : /[\s]+$/, '');
    out[s.key] = unescapeValue(raw);
  });
  return out;
}

/** A CEF payload (starting at "CEF:"). */
export function parseCef(text: string): CefParseResult {
  const at = findCef(text);
  if (at < 0) return { ok: false, reason: 'not_cef' };
  const split = splitHeader(text.slice(at));
  if (!split) return { ok: false, reason: 'bad_cef_header' };
  const [ver, deviceVendor, deviceProduct, deviceVersion, signatureId, name, severity] = split.fields as [string, string, string, string, string, string, string];
  const version = Number(ver.slice('CEF:'.length));
  if (!Number.isInteger(version) || version < 0 || version > 9) return { ok: false, reason: 'bad_cef_header' };
  // Device Event Class ID, Name and Severity are required by the format.
  if (signatureId.trim() === '' || name.trim() === '' || severity.trim() === '') return { ok: false, reason: 'bad_cef_header' };
  return {
    ok: true,
    event: {
      version,
      deviceVendor: deviceVendor.trim(),
      deviceProduct: deviceProduct.trim(),
      deviceVersion: deviceVersion.trim(),
      signatureId: signatureId.trim(),
      name: name.trim(),
      severity: severity.trim(),
      extension: parseExtension(split.extension),
    },
  };
}

/** Full key names (CEF Implementation Standard, "ArcSight Extension Dictionary") → the short ones. */
const FULL_NAMES: Record<string, string> = {
  sourceAddress: 'src',
  destinationAddress: 'dst',
  sourcePort: 'spt',
  destinationPort: 'dpt',
  deviceHostName: 'dvchost',
  sourceHostName: 'shost',
  destinationHostName: 'dhost',
  deviceAddress: 'dvc',
  receiptTime: 'rt',
  endTime: 'end',
  startTime: 'start',
  deviceEventCategory: 'cat',
  deviceAction: 'act',
  message: 'msg',
  sourceUserName: 'suser',
  destinationUserName: 'duser',
  applicationProtocol: 'app',
  transportProtocol: 'proto',
  requestUrl: 'request',
  fileName: 'fname',
};

const FULL_OF: Record<string, string[]> = {};
for (const [full, short] of Object.entries(FULL_NAMES)) (FULL_OF[short] ??= []).push(full);

/** The value of a field by its short name, or its full name. Empty values count as absent. */
export function cefField(ext: Record<string, string>, short: string): string | null {
  const direct = ext[short];
  if (direct !== undefined && direct.trim() !== '') return direct.trim();
  for (const full of FULL_OF[short] ?? []) {
    const v = ext[full];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** cs1…cs6, cn1…cn3, flexString1… with their *Label: { label: value }. */
export function cefLabelled(ext: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ext)) {
    if (k.endsWith('Label')) continue;
    const label = ext[`${k}Label`];
    if (label) out[label] = v;
  }
  return out;
}

const ZONES: Record<string, number> = { GMT: 0, UTC: 0, UT: 0, Z: 0, ICT: 420 };

// "MMM dd yyyy HH:mm:ss.SSS zzz" and its shorter forms (the CEF standard's date formats for rt, end, start).
const CEF_DATE = /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: (\S+))?$/;

/**
 * A CEF time value: milliseconds since the epoch (seconds when the number is too small to be
 * milliseconds: some senders), one of the standard's "MMM dd [yyyy] HH:mm:ss[.SSS] [zzz]" forms, or
 * ISO 8601. A time without a zone, or with an abbreviation other than GMT/UTC/ICT, is read in the
 * province's zone; without a year it takes the year closest to `receivedAt`.
 */
export function parseCefTime(value: string, receivedAt: Date, timeZone = PROVINCE_TIME_ZONE): Date | null {
  const v = value.trim();
  if (/^\d{9,14}$/.test(v)) {
    const n = Number(v);
    const d = new Date(n < 100_000_000_000 ? n * 1000 : n);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = CEF_DATE.exec(v);
  if (m) {
    const [, mon, day, year, h, mi, s, frac, zone] = m;
    const month = monthIndex(mon ?? '');
    if (month < 0 || Number(day) < 1 || Number(day) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
    const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
    const numeric = zone ? /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$/.exec(zone) : null;
    const offset = zone === undefined ? null : numeric ? (Number(numeric[2]) * 60 + Number(numeric[3])) * (numeric[1] === '-' ? -1 : 1) : (ZONES[zone.toUpperCase()] ?? null);
    const y = year ? Number(year) : null;
    if (offset !== null) {
      const at = (cy: number) => new Date(Date.UTC(cy, month, Number(day), Number(h), Number(mi), Number(s), ms) - offset * 60_000);
      if (y) return at(y);
      // Without a year: the latest year that does not put it more than a week after receipt (as syslog.ts).
      const year0 = new Date(receivedAt.getTime() + offset * 60_000).getUTCFullYear();
      return [year0 + 1, year0, year0 - 1].map(at).find((d) => d.getTime() <= receivedAt.getTime() + 7 * 86_400_000) ?? null;
    }
    if (y) return zonedTime(y, month, Number(day), Number(h), Number(mi), Number(s), ms, timeZone);
    return resolveYearless(month, Number(day), Number(h), Number(mi), Number(s), ms, receivedAt, timeZone);
  }
  return parseRfc3339(v, timeZone);
}
