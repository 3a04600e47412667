/**
 * An indicator value → its STIX cyber-observable (SCO, with the deterministic id of STIX 2.1 §2.9)
 * and its STIX pattern (STIX 2.1 §9).
 */
import type { IndicatorKind } from './stix.model';
import { scoId } from './stix.ids';
import type { StixObject } from './stix.markings';

/** The hash algorithm names of the STIX hashing-algorithm-ov vocabulary (with their hyphens). */
const HASH_ALGORITHM: Partial<Record<IndicatorKind, string>> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };

/** SCO type of each indicator kind. */
const SCO_TYPE: Record<IndicatorKind, string> = {
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  domain: 'domain-name',
  url: 'url',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
  email: 'email-addr',
};

/**
 * A string literal of the STIX patterning language (§9.2): single-quoted, with the backslash and the
 * quote escaped by a backslash. Nothing else is escaped; the pattern is JSON-encoded afterwards.
 */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A URL as RFC 3986 allows it (the `url` SCO's value must be a URI): characters outside the URI
 * character set (spaces, backslashes, non-ASCII, a `%` not starting an escape) are percent-encoded
 * as UTF-8; everything else is kept as entered, so the id matches other producers' for clean URLs.
 */
export function uriOf(value: string): string {
  return value.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (c) => encodeURIComponent(c));
}

/** The value as the SCO carries it: domains and hashes in lower case, URLs as URIs, the rest as entered. */
export function normaliseValue(kind: IndicatorKind, value: string): string {
  const v = value.trim();
  if (kind === 'url') return uriOf(v);
  if (kind === 'domain' || kind === 'md5' || kind === 'sha1' || kind === 'sha256') return v.toLowerCase();
  if (kind === 'ipv6') return v.toLowerCase();
  return v;
}

/** The cyber-observable an indicator value describes. */
export function observableOf(kind: IndicatorKind, rawValue: string): StixObject {
  const type = SCO_TYPE[kind];
  const value = normaliseValue(kind, rawValue);
  const algorithm = HASH_ALGORITHM[kind];
  if (algorithm) {
    const hashes = { [algorithm]: value };
    return { type, spec_version: '2.1', id: scoId(type, { hashes }), hashes };
  }
  return { type, spec_version: '2.1', id: scoId(type, { value }), value };
}

/** The STIX pattern matching an indicator value, e.g. `[file:hashes.'SHA-256' = '…']`. */
export function patternOf(kind: IndicatorKind, rawValue: string): string {
  const value = normaliseValue(kind, rawValue);
  const algorithm = HASH_ALGORITHM[kind];
  if (algorithm) return `[file:hashes.${patternString(algorithm)} = ${patternString(value)}]`;
  return `[${SCO_TYPE[kind]}:value = ${patternString(value)}]`;
}
