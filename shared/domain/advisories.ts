/**
 * Early warnings (issue #5): which installed software an advisory's affected products hit, and why.
 * One pure matcher, used by the server's targeting (registry components, computers' programs and
 * operating systems) and by the web's explanations.
 *
 * Names: advisories speak CPE / CVE JSON 5 ("mozilla" / "firefox", "apache" / "http_server");
 * inventories speak Windows display names ("Mozilla Firefox (x64 en-US)", "7-Zip 23.01 (x64)") and
 * free text typed by a unit. Both are normalised (case, accents, punctuation, architecture and locale
 * tags, embedded versions, vendor prefixes, known vendor aliases) before comparing token by token.
 * Versions: dotted numbers of any length with qualifiers ("10.0.19045.3803", "7.2.5 build1517",
 * "2.4.58-1ubuntu1", "9.3p2", "8.0.0-rc1"), compared segment by segment, missing segments as 0.
 * Version rules follow CVE JSON 5 (`affected[].versions[]`): an entry without `lessThan` /
 * `lessThanOrEqual` is one exact version; with one it is the range [version, bound) or
 * [version, bound], `lessThan: "*"` being unbounded and version "0" / "*" meaning from the start;
 * `changes` switch the status from their `at` version on; a version no entry covers takes the
 * product's `defaultStatus` ("unknown" when absent).
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** FIRST Traffic Light Protocol 2.0 markings. */
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];
/** Markings a reader outside the targeted units may not see (TLP:AMBER, AMBER+STRICT, RED). */
export const RESTRICTED_TLPS: readonly Tlp[] = ['amber', 'amber+strict', 'red'];

export const ADVISORY_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

export const ADVISORY_SOURCES = ['manual', 'cve_json5', 'cisa_kev'] as const;
export type AdvisorySource = (typeof ADVISORY_SOURCES)[number];

export const TARGET_STATUSES = ['pending', 'acknowledged', 'remediated', 'not_affected'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const RESOLUTIONS = ['patched', 'mitigated', 'not_affected'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const ASSET_KINDS = ['system', 'endpoint'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const MATCHED_KINDS = ['component', 'program', 'os'] as const;
export type MatchedKind = (typeof MATCHED_KINDS)[number];

export const VERSION_STATUSES = ['affected', 'unaffected', 'unknown'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const NAME_MATCHES = ['exact', 'prefix', 'compact', 'contains'] as const;
export type NameMatch = (typeof NAME_MATCHES)[number];

export const VERSION_REASONS = ['all_versions', 'exact', 'range', 'default', 'unknown_version'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

/** One entry of CVE JSON 5 `versions`. */
export interface VersionRule {
  version: string;
  status: VersionStatus;
  versionType?: string | undefined;
  lessThan?: string | undefined;
  lessThanOrEqual?: string | undefined;
  changes?: { at: string; status: VersionStatus }[] | undefined;
}

export interface ProductRule {
  vendor?: string | null | undefined;
  product: string;
  allVersions?: boolean | undefined;
  defaultStatus?: VersionStatus | undefined;
  versions?: readonly VersionRule[] | undefined;
}

/** Something installed: a registry component, an installed program, an operating system. */
export interface Installed {
  vendor?: string | null | undefined;
  name: string;
  version?: string | null | undefined;
}

// ── Names ─────────────────────────────────────────────────────────────────────────────────────

/** Publisher spellings → the CPE vendor. Keys and values are already normalised. */
const VENDOR_ALIASES: Record<string, string> = {
  'igor pavlov': '7 zip',
  '7zip': '7 zip',
  'apache software foundation': 'apache',
  'the apache software foundation': 'apache',
  'f5': 'f5',
  'nginx inc': 'f5',
  'nginx': 'f5',
  'php group': 'php',
  'the php group': 'php',
  'mozilla foundation': 'mozilla',
  'mozilla corporation': 'mozilla',
  'google llc': 'google',
  'oracle america': 'oracle',
  'oracle corporation': 'oracle',
  'adobe systems': 'adobe',
  'adobe systems incorporated': 'adobe',
  'fortinet inc': 'fortinet',
  'vmware by broadcom': 'vmware',
  'rarlab': 'rarlab',
  'win rar gmbh': 'rarlab',
  'alexander roshal': 'rarlab',
  'notepad++ team': 'notepad plus plus',
  'don ho': 'notepad plus plus',
  'openssl software foundation': 'openssl',
  'openssl project': 'openssl',
};

/** Words that say who made something, not what it is. */
const CORPORATE = new Set(['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'gmbh', 'ag', 'sa', 'plc', 'jsc', 'foundation', 'the', 'project', 'team', 'group']);
/** Tags Windows adds to display names: architecture, locale, edition noise. */
const NOISE = /^(x64|x86|amd64|arm64|win64|win32)$/;

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[™®©]/g, '')
    .replace(/\+\+/g, ' plus plus ');
}

/** Tokens of a product or program name: no brackets, no versions, no architecture or locale tags. */
export function nameTokens(name: string): string[] {
  const s = fold(name)
    // "(x64 en-US)", "[64-bit]": tags, not names.
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/\b(64|32)[ -]?bit\b|\bx86_64\b|\b[a-z]{2}-(us|gb|vn|vi|en|fr|de|jp|cn|tw|kr|au|ca)\b/g, ' ')
    // Embedded versions: "23.01", "v2.4.58", "1.24.0-1ubuntu", "kb5034441" stays (letters first).
    .replace(/(^|[\s_-])v?\d+(?:[._]\d+)+[a-z0-9.+~-]*/g, ' ')
    .replace(/\b(version|ver|build|update)\s*\d[\w.-]*/g, ' ');
  return s
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '' && !NOISE.test(t));
}

/** The normalised vendor (corporate words dropped, known publishers mapped to their CPE vendor). */
export function normaliseVendor(vendor: string | null | undefined): string {
  if (!vendor) return '';
  const plain = fold(vendor)
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
  const joined = plain.join(' ');
  if (VENDOR_ALIASES[joined]) return VENDOR_ALIASES[joined];
  const core = plain.filter((t) => !CORPORATE.has(t)).join(' ');
  return VENDOR_ALIASES[core] ?? core;
}

function isWildcard(s: string | null | undefined): boolean {
  const v = (s ?? '').trim().toLowerCase();
  return v === '' || v === '*' || v === 'n/a' || v === '-';
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length > 0 && prefix.length <= tokens.length && prefix.every((t, i) => tokens[i] === t);
}

function withoutVendor(tokens: string[], vendor: string): string[] {
  const v = vendor.split(' ').filter((t) => t !== '');
  if (startsWith(tokens, v) && tokens.length > v.length) return tokens.slice(v.length);
  // "Microsoft Corporation Office": the corporate word after the vendor goes too.
  return tokens;
}

export interface NameVerdict {
  how: NameMatch;
}

/**
 * Whether an installed item is the product: the product's tokens equal the item's (exact), begin
 * them ("office" in "Microsoft Office Professional Plus 2016": prefix), equal them with spaces
 * removed ("fortios" / "Forti OS", "7zip" / "7-Zip": compact), or, failing those, follow one or two
 * leading words naming the hardware ("FortiGate 100F FortiOS", "ASA 5506-X ASA Software": contains,
 * see `hasProductAfterLead`). A vendor on both sides must agree; the item's name may carry the
 * vendor in front ("Mozilla Firefox").
 */
export function matchName(rule: Pick<ProductRule, 'vendor' | 'product'>, item: Installed): NameVerdict | null {
  const vendor = isWildcard(rule.vendor) ? '' : normaliseVendor(rule.vendor);
  const itemVendor = normaliseVendor(item.vendor);
  let want = nameTokens(rule.product);
  if (vendor) want = withoutVendor(want, vendor);
  let have = nameTokens(item.name);
  const named = vendor !== '' && startsWith(have, vendor.split(' '));
  if (vendor) have = withoutVendor(have, vendor);
  if (itemVendor) have = withoutVendor(have, itemVendor);
  if (want.length === 0 || have.length === 0) return null;
  // A vendor recorded on the item must be the advisory's (or the item's name must start with it).
  if (vendor && itemVendor && itemVendor !== vendor && !named) {
    const v = vendor.replace(/ /g, '');
    const iv = itemVendor.replace(/ /g, '');
    if (!(iv.startsWith(v) || v.startsWith(iv))) return null;
  }
  if (want.length === have.length && startsWith(have, want)) return { how: 'exact' };
  if (startsWith(have, want)) return { how: 'prefix' };
  const wantC = want.join('');
  const haveC = have.join('');
  // The item named shorter than the advisory ("nginx" for "NGINX Open Source"): asked, not missed.
  if (haveC.length >= 4 && startsWith(want, have)) return { how: 'prefix' };
  if (wantC.length >= 3 && haveC === wantC) return { how: 'compact' };
  // Contains is the loosest kind: the advisory's vendor must be on the item (its vendor, checked
  // above, or the front of its name), or any "<another vendor> <product>" would be taken for it.
  const vouched = vendor !== '' && (itemVendor !== '' || named);
  if (vouched && hasProductAfterLead(have, want)) return { how: 'contains' };
  return null;
}

/** Prepositions that put a product after a platform ("Power Query for Excel", "… cho Windows"): the add-on, not the product. */
const PLATFORM_WORDS = new Set(['for', 'on', 'with', 'via', 'in', 'under', 'cho', 'tren', 'voi']);
/** Words that name a kind of software, not one product: a product made only of them says too little. */
const GENERIC = new Set([
  'server', 'client', 'software', 'tool', 'tools', 'runtime', 'update', 'updates', 'agent', 'service', 'services',
  'driver', 'drivers', 'plugin', 'addin', 'addon', 'extension', 'viewer', 'manager', 'management', 'console', 'edition',
  'professional', 'pro', 'standard', 'enterprise', 'community', 'plus', 'suite', 'app', 'application', 'desktop', 'web',
  'mobile', 'core', 'framework', 'sdk', 'library', 'module', 'component', 'components', 'package', 'connector', 'helper',
  'utility', 'security', 'endpoint', 'system', 'systems', 'firmware', 'os', 'database', 'portal', 'gateway', 'router',
  'switch', 'appliance', 'controller', 'center', 'platform', 'phan', 'mem', 'he', 'thong', 'dieu', 'hanh',
]);

/** "5506-X", "9300-L": the one-letter suffix after a model number belongs to it. */
function isModelSuffix(tokens: readonly string[], i: number): boolean {
  return i > 0 && /^[a-z]$/.test(tokens[i] ?? '') && /\d$/.test(tokens[i - 1] ?? '');
}

/**
 * Whether the product's tokens run contiguously after one or two leading words of the item's (a
 * hardware family, a model: "FortiGate FortiOS", "Catalyst 9300-L IOS XE"), the product saying enough
 * to be told apart (4 letters or more, not only generic words) and no platform preposition in the
 * lead ("Microsoft Defender for Windows" is not Windows).
 */
function hasProductAfterLead(have: readonly string[], want: readonly string[]): boolean {
  if (want.join('').replace(/[^a-z]/g, '').length < 4 || want.every((t) => GENERIC.has(t))) return false;
  let words = 0;
  for (let start = 1; start + want.length <= have.length; start += 1) {
    const lead = have[start - 1] ?? '';
    if (PLATFORM_WORDS.has(lead)) return false;
    if (!isModelSuffix(have, start - 1)) words += 1;
    if (words > 2) return false;
    if (!isModelSuffix(have, start) && want.every((t, i) => have[start + i] === t)) return true;
  }
  return false;
}

/**
 * A name as the candidate filter reads it: folded like the tokens (accents, "đ", "++"), letters and
 * digits only — "Kế toán MISA" → "ketoanmisa", "7-Zip 23.01 (x64)" → "7zip2301x64".
 */
export function nameKey(name: string): string {
  return fold(name).replace(/[^a-z0-9]+/g, '');
}

/**
 * A short string every name that can match the product contains in its nameKey (the first four
 * letters of the product's first word once the vendor is set aside): the server narrows a large
 * inventory's distinct names with it (mayMatchName) before the exact check of matchName. Empty when
 * the product has no usable word.
 */
export function nameNeedle(rule: Pick<ProductRule, 'vendor' | 'product'>): string {
  const vendor = isWildcard(rule.vendor) ? '' : normaliseVendor(rule.vendor);
  let want = nameTokens(rule.product);
  if (vendor) want = withoutVendor(want, vendor);
  return (want[0] ?? '').slice(0, 4);
}

/** Whether an installed item's name may match a product of this needle (nameNeedle): cheap, run on every distinct name. */
export function mayMatchName(needle: string, name: string): boolean {
  return needle !== '' && nameKey(name).includes(needle);
}

// ── Versions ──────────────────────────────────────────────────────────────────────────────────

type Segment = { n: number; q: string };

/** Qualifiers that come before the release they qualify ("8.0.0-rc1" < "8.0.0"). */
const PRE = /^(alpha|a|beta|b|rc|pre|preview|dev|snapshot|m)\d*$/;

/**
 * The version inside a string, as numeric segments with qualifiers; null when there is no digit.
 * "10.0.19045.3803" → 10,0,19045,3803; "7.2.5 build1517" → 7,2,5,1517; "9.3p2" → 9, 3p2.
 */
export function parseVersion(raw: string | null | undefined): Segment[] | null {
  if (!raw) return null;
  const m = /\d[\w.+~-]*/.exec(raw.trim().toLowerCase().replace(/\s+build\s*/g, '.').replace(/^v/, ''));
  if (!m) return null;
  const segs: Segment[] = [];
  for (const part of m[0].split(/[.\-_+~]/)) {
    if (part === '') continue;
    const mm = /^(\d*)(.*)$/.exec(part);
    const digits = mm?.[1] ?? '';
    const rest = mm?.[2] ?? '';
    if (digits === '') {
      // A qualifier of its own ("-rc1", "-ubuntu1"): attached to the previous segment.
      const last = segs[segs.length - 1];
      if (last && last.q === '') last.q = part;
      else segs.push({ n: 0, q: part });
      continue;
    }
    segs.push({ n: Number(digits.slice(0, 15)), q: rest });
  }
  return segs.length ? segs : null;
}

function compareQualifier(a: string, b: string): number {
  if (a === b) return 0;
  const aPre = PRE.test(a);
  const bPre = PRE.test(b);
  if (a === '') return bPre ? 1 : -1;
  if (b === '') return aPre ? -1 : 1;
  if (aPre !== bPre) return aPre ? -1 : 1;
  const na = /(\d+)$/.exec(a);
  const nb = /(\d+)$/.exec(b);
  const ha = a.replace(/\d+$/, '');
  const hb = b.replace(/\d+$/, '');
  if (ha === hb && na && nb) return Number(na[1]) - Number(nb[1]);
  return a < b ? -1 : 1;
}

/** Compares two versions (negative, 0, positive); null when either has no version in it. */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): number | null {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return null;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i += 1) {
    const s = x[i] ?? { n: 0, q: '' };
    const t = y[i] ?? { n: 0, q: '' };
    if (s.n !== t.n) return s.n - t.n;
    const q = compareQualifier(s.q, t.q);
    if (q !== 0) return q;
  }
  return 0;
}

function isUnboundedStart(v: string): boolean {
  const t = v.trim();
  return t === '*' || t === '0' || t === '' || t === '0.0' || t === '0.0.0';
}

export interface VersionVerdict {
  status: VersionStatus;
  /** Index of the rule in `versions` that decided, or null (all versions, default, unknown). */
  rule: number | null;
  reason: VersionReason;
}

function ruleCovers(rule: VersionRule, version: string): boolean | null {
  const upper = rule.lessThan ?? rule.lessThanOrEqual;
  if (upper === undefined) {
    if (rule.version.trim() === '*') return true;
    const c = compareVersions(version, rule.version);
    return c === null ? null : c === 0;
  }
  if (!isUnboundedStart(rule.version)) {
    const lo = compareVersions(version, rule.version);
    if (lo === null) return null;
    if (lo < 0) return false;
  }
  if (upper.trim() === '*') return true;
  const hi = compareVersions(version, upper);
  if (hi === null) return null;
  return rule.lessThan !== undefined ? hi < 0 : hi <= 0;
}

function statusWithChanges(rule: VersionRule, version: string): VersionStatus {
  let status = rule.status;
  const changes = [...(rule.changes ?? [])].sort((a, b) => compareVersions(a.at, b.at) ?? 0);
  for (const ch of changes) {
    const c = compareVersions(version, ch.at);
    if (c !== null && c >= 0) status = ch.status;
  }
  return status;
}

/**
 * The CVE JSON 5 status of one version of a product. A rule saying "unaffected" wins over one saying
 * "affected" (an explicit exclusion, e.g. a fixed build inside a vulnerable range); a version no rule
 * covers takes the default status. A missing or unreadable version of an item is "unknown_version".
 */
export function versionStatus(rule: Pick<ProductRule, 'allVersions' | 'defaultStatus' | 'versions'>, version: string | null | undefined): VersionVerdict {
  if (rule.allVersions) return { status: 'affected', rule: null, reason: 'all_versions' };
  const rules = rule.versions ?? [];
  const fallback = rule.defaultStatus ?? 'unknown';
  if (rules.length === 0) return { status: fallback, rule: null, reason: fallback === 'affected' ? 'all_versions' : 'default' };
  if (!parseVersion(version)) return { status: 'unknown', rule: null, reason: 'unknown_version' };
  const v = version ?? '';
  let affected: VersionVerdict | null = null;
  for (const [i, r] of rules.entries()) {
    const covers = ruleCovers(r, v);
    if (!covers) continue;
    const status = statusWithChanges(r, v);
    const reason: VersionReason = r.lessThan === undefined && r.lessThanOrEqual === undefined ? 'exact' : 'range';
    if (status === 'unaffected') return { status, rule: i, reason };
    if (status === 'affected' && !affected) affected = { status, rule: i, reason };
  }
  return affected ?? { status: fallback, rule: null, reason: 'default' };
}

export interface MatchWhy {
  /** Index of the product rule in the advisory. */
  product: number;
  nameMatch: NameMatch;
  versionRule: number | null;
  versionReason: VersionReason;
}

/**
 * Whether an installed item is hit by an advisory: the first product whose name matches and whose
 * version status is "affected" — or whose rules are ranges the item's unreadable version cannot be
 * placed in (then it is asked about rather than missed: "unknown_version"). Null when not hit.
 */
export function matchInstalled(products: readonly ProductRule[], item: Installed): MatchWhy | null {
  for (const [i, p] of products.entries()) {
    const name = matchName(p, item);
    if (!name) continue;
    const v = versionStatus(p, item.version);
    const hit = v.status === 'affected' || (v.reason === 'unknown_version' && (p.versions ?? []).some((r) => r.status === 'affected'));
    if (hit) return { product: i, nameMatch: name.how, versionRule: v.rule, versionReason: v.reason };
  }
  return null;
}

/** A rule as people read it: "≥ 7.0.0 và < 7.2.6", "= 1.24.0", "mọi phiên bản" (words from the caller). */
export function describeRule(rule: VersionRule, words: { from: string; below: string; upTo: string; all: string }): string {
  const upper = rule.lessThan ?? rule.lessThanOrEqual;
  if (upper === undefined) return rule.version.trim() === '*' ? words.all : `= ${rule.version}`;
  const parts: string[] = [];
  if (!isUnboundedStart(rule.version)) parts.push(`${words.from} ${rule.version}`);
  if (upper.trim() !== '*') parts.push(`${rule.lessThan !== undefined ? words.below : words.upTo} ${upper}`);
  return parts.length ? parts.join(', ') : words.all;
}

/** Whether a due date has passed without the thing being done. */
export function isOverdue(dueAt: Date | string | null | undefined, doneAt: Date | string | null | undefined, now: Date): boolean {
  if (!dueAt || doneAt) return false;
  return new Date(dueAt).getTime() < now.getTime();
}

/** Advisory codes: CB-<year>-<3+ digits>. */
export function advisoryCode(year: number, seq: number): string {
  return `CB-${year}-${String(seq).padStart(3, '0')}`;
}
