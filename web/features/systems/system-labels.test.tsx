import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_WARNINGS } from '@shared/domain/classification';
import vi from '@shared/i18n/vi.json';
import en from '@shared/i18n/en.json';
import { QUESTION_STEPS, visibleQuestions, type AnswerKey } from './questionnaire';
import { ENUM_CATALOGUE_PREFIX, SYSTEM_ENUMS, type SystemEnum } from './system-labels';
import { makeSystem } from './system-fixtures';

function lookup(catalogue: unknown, key: string): unknown {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, part);
  }
  return node;
}

function missingIn(keys: string[]): string[] {
  return (['vi', 'en'] as const).flatMap((lang) =>
    keys.filter((key) => typeof lookup(lang === 'vi' ? vi : en, key) !== 'string').map((key) => `${lang}: ${key}`),
  );
}

/** Every question any system type or regime can show. */
function allQuestions(): AnswerKey[] {
  const base = makeSystem().answers;
  const keys = new Set<AnswerKey>();
  for (const systemType of SYSTEM_ENUMS.systemType) {
    for (const regime of SYSTEM_ENUMS.regime) {
      const answers = { ...base, systemType, infoTypes: [...SYSTEM_ENUMS.infoType], servesDefenceSecurity: true, nationalEgov: true, infraScope: 'national' as const };
      for (const step of QUESTION_STEPS) for (const key of visibleQuestions(step, answers, regime)) keys.add(key);
    }
  }
  return [...keys];
}

describe('systems labels in the catalogue', () => {
  it('names every value of every systems enumeration in Vietnamese and English', () => {
    const names = Object.keys(SYSTEM_ENUMS).filter((name): name is SystemEnum => name in ENUM_CATALOGUE_PREFIX);
    const keys = names.flatMap((name) => SYSTEM_ENUMS[name].map((value) => `${ENUM_CATALOGUE_PREFIX[name]}.${value}`));
    expect(missingIn(keys)).toEqual([]);
  });

  it('words every question of the questionnaire, with its help text, in both languages', () => {
    const questions = allQuestions();
    expect(questions.length).toBeGreaterThan(15);
    const keys = questions.flatMap((q) => [`systemsUi.q.${q}.label`, `systemsUi.q.${q}.help`]);
    keys.push(...SYSTEM_ENUMS.systemType.map((v) => `systemsUi.q.systemTypeHelp.${v}`));
    keys.push(...SYSTEM_ENUMS.infoType.map((v) => `systemsUi.q.infoTypeHelp.${v}`));
    keys.push(...[0, 1, 2, 3, 4].map((v) => `systemsUi.q.onlinePublicServiceLevels.${v}`));
    keys.push(...[...QUESTION_STEPS, 'review'].map((s) => `systemsUi.classify.steps.${s}`));
    expect(missingIn(keys)).toEqual([]);
  });

  it('titles and explains every classification warning, and names deadline steps and holiday kinds', () => {
    const keys = CLASSIFICATION_WARNINGS.flatMap((w) => [`systemsUi.warnings.${w}`, `legal.warnings.${w}`]);
    keys.push(...['completeness', 'opinion', 'appraisal', 'approval'].map((s) => `legal.steps.${s}`));
    keys.push(...['working', 'calendar'].map((k) => `legal.dayKinds.${k}`));
    keys.push(...['day_off', 'working_day'].map((k) => `legal.holidayKinds.${k}`));
    keys.push(...['create', 'update', 'error'].map((a) => `systemsUi.import.actions.${a}`));
    expect(missingIn(keys)).toEqual([]);
  });

  it('has the same systemsUi and legalUi keys in both languages', () => {
    const leaves = (node: unknown, prefix: string): string[] =>
      typeof node !== 'object' || node === null
        ? [prefix]
        : Object.entries(node).flatMap(([k, v]) => leaves(v, `${prefix}.${k}`));
    for (const ns of ['systemsUi', 'legalUi', 'enums']) {
      expect(leaves(lookup(en, ns), ns).sort(), ns).toEqual(leaves(lookup(vi, ns), ns).sort());
    }
  });
});
