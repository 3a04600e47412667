import type { TFunction } from 'i18next';
import { ENDPOINT_FILTERS, type EndpointFilter } from '@shared/api/endpoints';
import { ENDPOINT_SOURCES, OS_LICENCES, OS_PLATFORMS, type EndpointSource, type OsLicence, type OsPlatform } from '@shared/domain/endpoints';
import { currentLocale } from '../../lib/i18n';

/** Translated names of the endpoint enums (keys under `endpointsUi.enums`). */
export const licenceLabel = (t: TFunction, v: OsLicence) => t(`endpointsUi.enums.osLicence.${v}`);
export const platformLabel = (t: TFunction, v: OsPlatform) => t(`endpointsUi.enums.osPlatform.${v}`);
export const sourceLabel = (t: TFunction, v: EndpointSource) => t(`endpointsUi.enums.source.${v}`);
export const filterLabel = (t: TFunction, v: EndpointFilter) => t(`endpointsUi.filters.${v}`);

export const licenceOptions = (t: TFunction) => OS_LICENCES.map((value) => ({ value, label: licenceLabel(t, value) }));
export const platformOptions = (t: TFunction) => OS_PLATFORMS.map((value) => ({ value, label: platformLabel(t, value) }));
export const sourceOptions = (t: TFunction) => ENDPOINT_SOURCES.map((value) => ({ value, label: sourceLabel(t, value) }));
export const filterOptions = (t: TFunction) => ENDPOINT_FILTERS.map((value) => ({ value, label: filterLabel(t, value) }));

export const LICENCE_COLORS: Record<OsLicence, string> = { licensed: 'green', unlicensed: 'red', unknown: 'default' };
export const SOURCE_COLORS: Record<EndpointSource, string> = { agent: 'blue', import: 'purple', manual: 'default' };

const DAY = 86_400_000;

/** Whether a last-seen time is missing or older than `days`. */
export function isStale(lastSeenAt: string | null, days: number, now: Date = new Date()): boolean {
  if (!lastSeenAt) return true;
  const at = new Date(lastSeenAt).getTime();
  return Number.isNaN(at) || now.getTime() - at > days * DAY;
}

/** "3 ngày trước" / "3 days ago": the largest whole unit, in the UI language. */
export function relativeTime(value: string, now: Date = new Date()): string {
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return '';
  const diff = at - now.getTime();
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(currentLocale() === 'en' ? 'en' : 'vi', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * DAY],
    ['month', 30 * DAY],
    ['day', DAY],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, size] of units) {
    if (abs >= size) return format.format(Math.round(diff / size), unit);
  }
  return format.format(0, 'minute');
}

/** `part / whole` as a whole percentage (0 when the whole is 0). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
