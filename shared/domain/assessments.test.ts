import { describe, expect, it } from 'vitest';
import { addMonths, assessmentScore, countStatuses, dueStatus, type ItemStatus } from './assessments';

const many = (n: number, s: ItemStatus | null) => Array<ItemStatus | null>(n).fill(s);

describe('assessmentScore', () => {
  it.each([
    ['all met', [...many(22, 'met')], 100],
    ['all not met', [...many(5, 'not_met')], 0],
    ['half credit for partly met', [...many(1, 'met'), ...many(2, 'partial'), ...many(1, 'not_met')], 50],
    ['not applicable leaves the denominator', [...many(3, 'met'), ...many(10, 'not_applicable'), ...many(1, 'not_met')], 75],
    ['(40 + 5) / 54', [...many(40, 'met'), ...many(10, 'partial'), ...many(4, 'not_met'), ...many(4, 'not_applicable')], 83.33],
    ['15 / 19', [...many(15, 'met'), ...many(4, 'not_met')], 78.95],
    ['two thirds round half up', [...many(2, 'met'), ...many(1, 'not_met')], 66.67],
    ['an unanswered item counts as not met', [...many(1, 'met'), null], 50],
  ] as const)('%s', (_name, statuses, score) => {
    expect(assessmentScore(statuses)).toBe(score);
  });

  it('has no score when nothing applies', () => {
    expect(assessmentScore([])).toBeNull();
    expect(assessmentScore(many(4, 'not_applicable'))).toBeNull();
  });

  it('counts each status', () => {
    expect(countStatuses(['met', 'partial', 'not_met', 'not_applicable', null, 'met'])).toEqual({ total: 6, met: 2, partial: 1, notMet: 1, notApplicable: 1, unanswered: 1 });
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-11-23', 12, '2027-11-23'],
    ['2026-11-20', 24, '2028-11-20'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('dueStatus', () => {
  it('says never, overdue, due soon or nothing', () => {
    expect(dueStatus(null, '2026-11-23', 30)).toBe('never');
    expect(dueStatus('2026-11-22', '2026-11-23', 30)).toBe('overdue');
    expect(dueStatus('2026-11-23', '2026-11-23', 30)).toBe('due_soon');
    expect(dueStatus('2026-12-23', '2026-11-23', 30)).toBe('due_soon');
    expect(dueStatus('2026-12-24', '2026-11-23', 30)).toBeNull();
  });
});
