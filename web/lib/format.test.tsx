import { describe, expect, it } from 'vitest';
import { endOfDayVn, formatDate, formatDateTime, isFuture, startOfDayVn } from './format';

describe('vi-VN formatting in Vietnam time', () => {
  it('shows UTC timestamps in Asia/Ho_Chi_Minh, date first', () => {
    expect(formatDateTime('2025-11-23T17:30:00Z')).toBe('24/11/2025 00:30');
    expect(formatDate('2025-11-23T17:30:00Z')).toBe('24/11/2025');
  });

  it('returns an empty string for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('builds day bounds with the +07:00 offset for filters', () => {
    expect(startOfDayVn('2025-07-01')).toBe('2025-07-01T00:00:00.000+07:00');
    expect(endOfDayVn('2025-07-01')).toBe('2025-07-01T23:59:59.999+07:00');
  });

  it('tells whether a lock is still active', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(isFuture('2025-01-01T00:15:00Z', now)).toBe(true);
    expect(isFuture('2024-12-31T23:45:00Z', now)).toBe(false);
    expect(isFuture(null, now)).toBe(false);
  });
});
