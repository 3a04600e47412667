import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCalendarDays, addWorkingDays, calendarOf, dueDate, EMPTY_CALENDAR, isWorkingDay, vnDay, type CalendarDay } from './working-days';

// A slice of the calendar seeded by migration 0004 (2025 swap, Tết 2026, National Day 2026, New Year and Tết 2027).
const off = (day: string): CalendarDay => ({ day, kind: 'day_off' });
const cal = calendarOf([
  off('2025-04-30'),
  off('2025-05-01'),
  off('2025-05-02'),
  { day: '2025-04-26', kind: 'working_day' },
  ...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => off(`2026-02-${d}`)),
  off('2026-04-30'),
  off('2026-05-01'),
  off('2026-09-01'),
  off('2026-09-02'),
  off('2027-01-01'),
  ...['05', '06', '07', '08', '09', '10', '11'].map((d) => off(`2027-02-${d}`)),
]);

describe('working days', () => {
  it('skips the Tết week: 5 working days from Friday 13/2/2026 end on Friday 27/2', () => {
    expect(addWorkingDays('2026-02-13', 5, cal)).toBe('2026-02-27');
  });

  it('skips a weekend, and a dossier received on Saturday counts from Monday', () => {
    expect(addWorkingDays('2026-03-06', 5, cal)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-07', 5, cal)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-06', 1, cal)).toBe('2026-03-09');
  });

  it('counts a compensatory working Saturday and skips the swapped Friday', () => {
    expect(isWorkingDay('2025-04-26', cal)).toBe(true);
    expect(isWorkingDay('2025-05-02', cal)).toBe(false);
    expect(addWorkingDays('2025-04-24', 2, cal)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-24', 3, cal)).toBe('2025-04-28');
    expect(addWorkingDays('2025-04-29', 1, cal)).toBe('2025-05-05');
  });

  it('gives the Decree 331 limits: 15 working days over National Day, 25 over New Year, 7 over Tết 2027', () => {
    expect(addWorkingDays('2026-08-24', 15, cal)).toBe('2026-09-16');
    expect(addWorkingDays('2026-12-01', 25, cal)).toBe('2027-01-06');
    expect(addWorkingDays('2027-02-03', 7, cal)).toBe('2027-02-19');
  });

  it('ends a limit in calendar days on the next working day when it falls on a holiday or weekend', () => {
    expect(addCalendarDays('2026-04-15', 15)).toBe('2026-04-30');
    expect(dueDate('2026-04-15', { days: 15, dayKind: 'calendar' }, cal)).toBe('2026-05-04');
    expect(dueDate('2026-03-02', { days: 30, dayKind: 'calendar' }, cal)).toBe('2026-04-01');
    expect(dueDate('2026-02-13', { days: 5, dayKind: 'working' }, cal)).toBe('2026-02-27');
  });

  it('reads an instant as its day in Vietnam (UTC+7)', () => {
    expect(vnDay(new Date('2026-03-05T16:30:00Z'))).toBe('2026-03-05');
    expect(vnDay(new Date('2026-03-05T17:30:00Z'))).toBe('2026-03-06');
    expect(addWorkingDays(new Date('2026-03-05T17:30:00Z'), 1, cal)).toBe('2026-03-09');
  });

  it('refuses what is not a calendar day or a whole number of days', () => {
    expect(() => vnDay('2026-02-30')).toThrow(RangeError);
    expect(() => vnDay('5/3/2026')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-05', -1, cal)).toThrow(RangeError);
    expect(addWorkingDays('2026-03-05', 0, cal)).toBe('2026-03-05');
  });

  it('without holidays, counts exactly n working days after the start and never ends on a weekend', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 60 }), (offset, n) => {
        const start = addCalendarDays('2025-01-01', offset);
        const end = addWorkingDays(start, n, EMPTY_CALENDAR);
        expect(isWorkingDay(end, EMPTY_CALENDAR)).toBe(true);
        let count = 0;
        for (let d = addCalendarDays(start, 1); d <= end; d = addCalendarDays(d, 1)) if (isWorkingDay(d, EMPTY_CALENDAR)) count += 1;
        expect(count).toBe(n);
      }),
    );
  });
});
