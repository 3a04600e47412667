/**
 * Identifiers and timestamps of the STIX export. Every id is a UUIDv5, so exporting the same
 * incident twice gives the same ids and a consumer (the National Cyber Security Center's platform)
 * updates its copy instead of duplicating it. Our own ids are UUIDv7, which the STIX identifier
 * grammar (versions 1–5) does not accept anyway.
 */
import { v5 as uuidv5 } from 'uuid';

/**
 * Namespace of Khiên's STIX domain objects. Fixed forever: changing it changes every exported id.
 * (A random UUIDv4 chosen once for this platform.)
 */
export const KHIEN_STIX_NAMESPACE = '5b0f8f9e-2d4c-4b7a-9a51-6f3de1c2a9b4';

/** STIX 2.1 §2.9: the namespace of deterministic cyber-observable ids. */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The id of a domain/relationship object derived from our key (e.g. `incident`, our incident id). */
export function sdoId(type: string, ...key: string[]): string {
  return `${type}--${uuidv5(`${type}|${key.join('|')}`, KHIEN_STIX_NAMESPACE)}`;
}

/**
 * RFC 8785 (JCS) serialisation of the small JSON values the id-contributing properties hold:
 * object keys sorted by UTF-16 code units, strings escaped as ECMAScript's JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('JCS: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hash preference of STIX 2.1 §2.9 when a `hashes` dictionary contributes to an id. */
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * The deterministic id of a cyber-observable (STIX 2.1 §2.9): UUIDv5 in the SCO namespace over the
 * canonical JSON of its id-contributing properties (only one hash of a `hashes` dictionary).
 */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  const props: Record<string, unknown> = { ...contributing };
  const hashes = props.hashes as Record<string, string> | undefined;
  if (hashes) {
    const key = HASH_PREFERENCE.find((k) => k in hashes) ?? Object.keys(hashes).sort()[0];
    props.hashes = key === undefined ? undefined : { [key]: hashes[key] };
  }
  return `${type}--${uuidv5(canonicalJson(props), SCO_NAMESPACE)}`;
}

/** A STIX timestamp: RFC 3339 in UTC with millisecond precision (required for created/modified). */
export function stixTime(d: Date): string {
  return d.toISOString();
}

/** The later of two dates: `modified` must never be earlier than `created`. */
export function laterOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
