import { describe, expect, it } from 'vitest';
import { ENDPOINT_FILTERS } from '@shared/api/endpoints';
import { ENDPOINT_SOURCES, OS_LICENCES, OS_PLATFORMS, VIOLATION_KINDS } from '@shared/domain/endpoints';
import en from '@shared/i18n/en.json';
import vi from '@shared/i18n/vi.json';
import { isStale, percent } from './endpoint-labels';

function lookup(catalogue: unknown, key: string): unknown {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, part);
  }
  return node;
}

describe('endpoint labels', () => {
  it('names every enum value, filter and coverage measure in both languages (keys built at run time)', () => {
    const measures = ['centralAv', 'anyAv', 'licensedOs', 'seen'];
    const keys = [
      ...OS_LICENCES.map((v) => `endpointsUi.enums.osLicence.${v}`),
      ...OS_PLATFORMS.map((v) => `endpointsUi.enums.osPlatform.${v}`),
      ...ENDPOINT_SOURCES.map((v) => `endpointsUi.enums.source.${v}`),
      ...ENDPOINT_FILTERS.map((v) => `endpointsUi.filters.${v}`),
      ...VIOLATION_KINDS.map((v) => `endpointsUi.violations.kinds.${v}`),
      ...measures.flatMap((m) => [`endpointsUi.coverage.columns.${m}`, `endpointsUi.coverage.missing.${m}`]),
      ...['centralAv', 'anyAv', 'licensedOs'].map((m) => `endpointsUi.coverage.trend.${m}`),
    ];
    const missing = keys.flatMap((key) => (['vi', 'en'] as const).filter((lang) => typeof lookup({ vi, en }[lang], key) !== 'string').map((lang) => `${lang}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('flags a machine as stale when never seen or seen before the window', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    expect(isStale(null, 7, now)).toBe(true);
    expect(isStale('2026-11-25T00:00:00Z', 7, now)).toBe(true);
    expect(isStale('2026-11-27T00:00:00Z', 7, now)).toBe(false);
    expect(percent(31, 812)).toBe(3.8);
    expect(percent(0, 0)).toBe(0);
  });
});
