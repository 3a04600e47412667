/**
 * Working-day arithmetic for legal time limits (Decree 331/2026 counts in working days, parts of the
 * Decree 85/2016 procedure in days; legal-framework.md §2.4, §3.5, §10.1). Pure: the calendar is
 * passed in (the `public_holidays` table), nothing is read here.
 *
 * Dates are calendar days written 'YYYY-MM-DD' and mean days in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all
 * year, no daylight saving). A `Date` given as an instant is first converted to its day in Vietnam,
 * so a dossier received at 23:30 on 5 March Hanoi time (16:30 UTC) counts as received on 5 March.
 * Strings avoid the time-zone slips of `Date` arithmetic; internally days are counted in UTC.
 */

/** One row of the holiday calendar: a day off (holiday, Tết, compensatory) or a Saturday/Sunday worked in exchange. */
export interface CalendarDay {
  day: string;
  kind: 'day_off' | 'working_day';
}

export interface WorkingCalendar {
  daysOff: ReadonlySet<string>;
  workingDays: ReadonlySet<string>;
}

/** A legal time limit as the `regime_deadlines` table holds it. */
export interface DeadlineRule {
  days: number;
  dayKind: 'working' | 'calendar';
}

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function calendarOf(rows: readonly CalendarDay[]): WorkingCalendar {
  return {
    daysOff: new Set(rows.filter((r) => r.kind === 'day_off').map((r) => r.day)),
    workingDays: new Set(rows.filter((r) => r.kind === 'working_day').map((r) => r.day)),
  };
}

export const EMPTY_CALENDAR: WorkingCalendar = { daysOff: new Set(), workingDays: new Set() };

/** The day in Vietnam of an instant, or a 'YYYY-MM-DD' string checked and returned as it is. */
export function vnDay(value: Date | string): string {
  if (typeof value === 'string') {
    const m = ISO_DAY.exec(value);
    if (!m || toIso(fromIso(value)) !== value) throw new RangeError(`not a calendar day: ${value}`);
    return value;
  }
  return new Date(value.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

function fromIso(day: string): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a calendar day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether public servants work that day: Monday–Friday unless a day off, Saturday/Sunday only if marked worked. */
export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  const d = vnDay(day);
  if (calendar.workingDays.has(d)) return true;
  if (calendar.daysOff.has(d)) return false;
  const weekday = new Date(fromIso(d)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function addCalendarDays(start: Date | string, n: number): string {
  return toIso(fromIso(vnDay(start)) + n * DAY_MS);
}

/**
 * The n-th working day after `start` (the day of receipt itself does not count: a period in days
 * starts on the next day, Civil Code 2015 Art 147.1). n = 0 gives `start` itself.
 */
export function addWorkingDays(start: Date | string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = vnDay(start);
  for (let left = n; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}

/** The first working day on or after `day`. */
export function nextWorkingDayFrom(day: string, calendar: WorkingCalendar): string {
  let d = vnDay(day);
  // A calendar has at most a few consecutive days off; the bound only guards a corrupt calendar.
  for (let i = 0; i < 366 && !isWorkingDay(d, calendar); i += 1) d = addCalendarDays(d, 1);
  return d;
}

/**
 * The last day of a legal time limit counted from receipt. Working days skip weekends and days
 * off; a limit in calendar days that ends on a weekend or a day off ends on the next working day
 * (Civil Code 2015 Art 148.5).
 */
export function dueDate(receivedAt: Date | string, deadline: DeadlineRule, calendar: WorkingCalendar): string {
  if (deadline.dayKind === 'working') return addWorkingDays(receivedAt, deadline.days, calendar);
  return nextWorkingDayFrom(addCalendarDays(receivedAt, deadline.days), calendar);
}
