import { currentLocale } from './i18n';

/** Every date and time is shown in Vietnam's time zone, whatever the browser's setting. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

function intlLocale(): string {
  return currentLocale() === 'en' ? 'en-GB' : 'vi-VN';
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `23/11/2025 16:34` (date first in both languages) — empty string for missing or invalid values. */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return '';
  // vi-VN alone would put the time first ("16:34 23/11/2025"), which reads oddly in tables.
  const time = new Intl.DateTimeFormat(intlLocale(), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
  return `${formatDate(date)} ${time}`;
}

/** `23/11/2025` (vi). */
export function formatDate(value: string | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(intlLocale(), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

/** `1.234` (vi) / `1,234` (en). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intlLocale()).format(value);
}

/** True when an ISO timestamp lies in the future (e.g. a lock that is still active). */
export function isFuture(value: string | null | undefined, now: Date = new Date()): boolean {
  const date = toDate(value);
  return date !== null && date.getTime() > now.getTime();
}

/**
 * Start/end of a calendar day in Vietnam as ISO 8601 with offset, for date-range filters.
 * `day` is `YYYY-MM-DD` as picked in the calendar.
 */
export function startOfDayVn(day: string): string {
  return `${day}T00:00:00.000+07:00`;
}
export function endOfDayVn(day: string): string {
  return `${day}T23:59:59.999+07:00`;
}
