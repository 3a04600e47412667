/**
 * Endpoints (issue #4): every computer of every unit and whether it is really protected.
 * The Tuyên Quang directive's figure — "31 of 812 computers at 125 centers run the central
 * anti-malware" — is computed from these facts (server/modules/endpoints/coverage).
 */

/** How the operating system's licence is known. */
export const OS_LICENCES = ['licensed', 'unlicensed', 'unknown'] as const;
export type OsLicence = (typeof OS_LICENCES)[number];

export const OS_PLATFORMS = ['windows', 'linux', 'macos', 'other'] as const;
export type OsPlatform = (typeof OS_PLATFORMS)[number];

/** Where a machine's facts came from: a real osquery agent, a console export, or typed by hand. */
export const ENDPOINT_SOURCES = ['agent', 'import', 'manual'] as const;
export type EndpointSource = (typeof ENDPOINT_SOURCES)[number];

export const VIOLATION_KINDS = ['state_secret_agent'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** Default window for "seen recently" in coverage figures (days). */
export const DEFAULT_SEEN_DAYS = 7;

/**
 * Whether an antivirus product name is one of the province's centrally managed products: a
 * case-insensitive substring match against the configured patterns (e.g. "kaspersky endpoint").
 * The one rule, used by the server when it derives endpoint flags and by the web preview.
 */
export function isCentralProduct(productName: string, patterns: readonly string[]): boolean {
  const name = productName.toLocaleLowerCase('vi');
  return patterns.some((p) => {
    const needle = p.trim().toLocaleLowerCase('vi');
    return needle.length > 0 && name.includes(needle);
  });
}
