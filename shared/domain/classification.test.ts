/**
 * The predicate language and evaluateLevel on small hand-made rule sets. The SEEDED rules of both
 * decrees are tested criterion by criterion in server/modules/legal/classification.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClassificationAnswers } from '../api/classification';
import { Condition as ConditionSchema } from '../api/legal';
import { conditionDepth, conditionProblems, evaluateLevel, matches, regimeInForceOn, type Condition, type CriterionRule, type RuleSet } from './classification';
import { ICS_WORKS_GRADES, INFO_TYPES, INFRA_SCOPES, STATE_SECRET_HARMS, SYSTEM_TYPES } from './systems';

const answers = (a: Partial<ClassificationAnswers> = {}) => ClassificationAnswers.parse({ systemType: 'other', infoTypes: [], ...a });

const rule = (code: string, level: number, condition: Condition, verified = true): CriterionRule => ({
  code,
  level,
  legalRef: `ref ${code}`,
  textVi: `vi ${code}`,
  textEn: `en ${code}`,
  condition,
  verified,
});

const ruleSet = (criteria: CriterionRule[], regime: RuleSet['regime'] = 'nd331_2026'): RuleSet => ({
  regime,
  criteria,
  authorities: [1, 2, 3, 4, 5].map((level) => ({ level, appraiserVi: `tđ ${level}`, appraiserEn: `ap ${level}`, approverVi: `pd ${level}`, approverEn: `ok ${level}`, legalRef: `Đ${level}`, verified: true })),
  deadlines: [
    { step: 'appraisal', levelMin: 3, levelMax: 3, days: 15, dayKind: 'working', legalRef: 'a3', verified: false },
    { step: 'appraisal', levelMin: 4, levelMax: 5, days: 25, dayKind: 'working', legalRef: 'a45', verified: false },
    { step: 'approval', levelMin: 1, levelMax: 5, days: 7, dayKind: 'working', legalRef: 'ap', verified: false },
  ],
});

describe('conditions', () => {
  it.each<[string, Condition, Partial<ClassificationAnswers>, boolean]>([
    ['eq on an enum', { field: 'systemType', eq: 'internal' }, { systemType: 'internal' }, true],
    ['eq on another value', { field: 'systemType', eq: 'internal' }, { systemType: 'infrastructure' }, false],
    ['eq null', { field: 'infraScope', eq: null }, {}, true],
    ['in', { field: 'icsWorksGrade', in: ['ii', 'iii'] }, { icsWorksGrade: 'iii' }, true],
    ['in, absent', { field: 'icsWorksGrade', in: ['ii', 'iii'] }, { icsWorksGrade: 'i' }, false],
    ['gte at the threshold', { field: 'userCount', gte: 10_000 }, { userCount: 10_000 }, true],
    ['gte below', { field: 'userCount', gte: 10_000 }, { userCount: 9_999 }, false],
    ['gt at the threshold', { field: 'userCount', gt: 10_000 }, { userCount: 10_000 }, false],
    ['lt below', { field: 'personalBasicSubjects', lt: 100_000 }, { personalBasicSubjects: 99_999 }, true],
    ['lt at the threshold', { field: 'personalBasicSubjects', lt: 100_000 }, { personalBasicSubjects: 100_000 }, false],
    ['lte at the threshold', { field: 'onlinePublicServiceLevel', lte: 2 }, { onlinePublicServiceLevel: 2 }, true],
    ['gte on a null number', { field: 'decidedLevel', gte: 1 }, {}, false],
    ['isTrue', { field: 'requires24x7', isTrue: true }, { requires24x7: true }, true],
    ['isTrue on false', { field: 'requires24x7', isTrue: true }, {}, false],
    ['includesAny', { field: 'infoTypes', includesAny: ['private', 'personal'] }, { infoTypes: ['public', 'personal'] }, true],
    ['includesAny, none', { field: 'infoTypes', includesAny: ['private', 'personal'] }, { infoTypes: ['public'] }, false],
    ['subsetOf', { field: 'infoTypes', subsetOf: ['public'] }, { infoTypes: ['public'] }, true],
    ['subsetOf, empty set', { field: 'infoTypes', subsetOf: ['public'] }, { infoTypes: [] }, true],
    ['subsetOf, more', { field: 'infoTypes', subsetOf: ['public'] }, { infoTypes: ['public', 'private'] }, false],
    ['all', { all: [{ field: 'requires24x7', isTrue: true }, { field: 'nationalEgov', isTrue: true }] }, { requires24x7: true }, false],
    ['any', { any: [{ field: 'requires24x7', isTrue: true }, { field: 'nationalEgov', isTrue: true }] }, { requires24x7: true }, true],
    ['not', { not: { field: 'conditionalBusinessService', isTrue: true } }, {}, true],
  ])('%s', (_name, condition, a, expected) => {
    expect(matches(condition, answers(a))).toBe(expected);
  });

  it('accepts only answer fields, fitting operators and values the field can hold', () => {
    const ok = (c: unknown) => ConditionSchema.safeParse(c).success;
    expect(ok({ all: [{ field: 'systemType', eq: 'internal' }, { not: { field: 'infoTypes', includesAny: ['state_secret'] } }] })).toBe(true);
    expect(ok({ field: 'orgId', eq: 'x' })).toBe(false);
    expect(ok({ field: 'systemType', gte: 3 })).toBe(false);
    expect(ok({ field: 'systemType', eq: 'castle' })).toBe(false);
    expect(ok({ field: 'infoTypes', includesAny: ['secret'] })).toBe(false);
    expect(ok({ field: 'userCount', eq: '10000' })).toBe(false);
    expect(ok({ field: 'infraScope', eq: null })).toBe(true);
    expect(ok({ field: 'systemType', eq: null })).toBe(false);
    expect(ok({ field: 'userCount', gte: 1, lt: 5 })).toBe(false);
    expect(ok({ all: [] })).toBe(false);
    expect(ok({ field: 'requires24x7', isTrue: false })).toBe(false);
    expect(conditionProblems({ any: [{ field: 'userCount', includesAny: ['x'] }] })).toEqual(['any.0.includesAny']);
  });

  it('refuses a condition nested deeper than allowed, without recursing into it', () => {
    let deep: unknown = { field: 'requires24x7', isTrue: true };
    for (let i = 0; i < 100_000; i += 1) deep = { not: deep };
    expect(conditionDepth(deep)).toBeGreaterThan(8);
    expect(ConditionSchema.safeParse(deep).success).toBe(false);
  });
});

describe('evaluateLevel', () => {
  const rules = ruleSet([
    rule('r1', 1, { field: 'systemType', eq: 'internal' }),
    rule('r3', 3, { field: 'handlesAdminProcedures', isTrue: true }, false),
    rule('r4', 4, { field: 'requires24x7', isTrue: true }),
    rule('r5', 5, { field: 'centralNationalDataStore', isTrue: true }),
  ]);

  it('takes the highest matched level, lists every match with its reference, highest first', () => {
    const r = evaluateLevel(answers({ systemType: 'internal', handlesAdminProcedures: true }), rules);
    expect(r.level).toBe(3);
    expect(r.criteriaLevel).toBe(3);
    expect(r.matched.map((m) => [m.code, m.level, m.legalRef])).toEqual([
      ['r3', 3, 'ref r3'],
      ['r1', 1, 'ref r1'],
    ]);
    expect(r.authority).toEqual({ appraiser: { vi: 'tđ 3', en: 'ap 3' }, approver: { vi: 'pd 3', en: 'ok 3' }, legalRef: 'Đ3', verified: true });
    expect(r.deadlines.map((d) => [d.step, d.days])).toEqual([
      ['appraisal', 15],
      ['approval', 7],
    ]);
    expect(r.warnings).toEqual(['unverifiedRule']);
  });

  it('answers null with noCriterion when nothing matches and there is no component', () => {
    const r = evaluateLevel(answers(), rules);
    expect(r).toMatchObject({ level: null, criteriaLevel: null, matched: [], authority: null, deadlines: [], warnings: ['noCriterion'] });
  });

  it('raises the level to the highest component, the decided and the risk-assessed level, and says so', () => {
    expect(evaluateLevel(answers(), rules, { componentLevels: [2, 4] })).toMatchObject({ level: 4, criteriaLevel: null, componentLevel: 4, warnings: ['componentHigher'] });
    expect(evaluateLevel(answers({ systemType: 'internal', riskAssessedLevel: 2 }), rules)).toMatchObject({ level: 2, warnings: ['riskAssessedHigher'] });
    expect(evaluateLevel(answers({ systemType: 'internal', decidedLevel: 5 }), rules)).toMatchObject({ level: 5, warnings: ['decidedLevelHigher', 'levelFiveListPm'] });
    expect(evaluateLevel(answers({ requires24x7: true }), rules, { componentLevels: [3] })).toMatchObject({ level: 4, componentLevel: 3, warnings: [] });
  });

  it('warns about state secrets, the national-security path (Decree 331 only) and the legacy regime', () => {
    expect(evaluateLevel(answers({ infoTypes: ['state_secret'] }), rules).warnings).toEqual(['noCriterion', 'stateSecretOutOfScope']);
    const ns = answers({ requires24x7: true, nsCriticalSigns: true });
    expect(evaluateLevel(ns, rules).warnings).toContain('nsCriticalPath');
    expect(evaluateLevel(ns, ruleSet(rules.criteria, 'nd85_2016')).warnings).toEqual(['legacyRegimeTransition']);
    expect(evaluateLevel(answers({ systemType: 'internal', nsCriticalSigns: true }), rules).warnings).not.toContain('nsCriticalPath');
  });

  const answerArb = fc.record({
    systemType: fc.constantFrom(...SYSTEM_TYPES),
    infoTypes: fc.uniqueArray(fc.constantFrom(...INFO_TYPES)),
    servesDefenceSecurity: fc.boolean(),
    stateSecretHarm: fc.constantFrom(...STATE_SECRET_HARMS),
    onlinePublicServiceLevel: fc.integer({ min: 0, max: 4 }),
    conditionalBusinessService: fc.boolean(),
    handlesAdminProcedures: fc.boolean(),
    userCount: fc.integer({ min: 0, max: 200_000 }),
    personalBasicSubjects: fc.integer({ min: 0, max: 200_000 }),
    personalSensitiveSubjects: fc.integer({ min: 0, max: 20_000 }),
    infraScope: fc.option(fc.constantFrom(...INFRA_SCOPES), { nil: null }),
    requires24x7: fc.boolean(),
    nationalEgov: fc.boolean(),
    centralNationalDataStore: fc.boolean(),
    icsWorksGrade: fc.constantFrom(...ICS_WORKS_GRADES),
    nsCriticalSigns: fc.boolean(),
    decidedLevel: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    riskAssessedLevel: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  });
  const leafArb: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({ field: fc.constant('systemType' as const), eq: fc.constantFrom(...SYSTEM_TYPES) }),
    fc.record({ field: fc.constant('infoTypes' as const), includesAny: fc.uniqueArray(fc.constantFrom(...INFO_TYPES), { minLength: 1 }) }),
    fc.record({ field: fc.constant('userCount' as const), gte: fc.integer({ min: 0, max: 200_000 }) }),
    fc.record({ field: fc.constant('requires24x7' as const), isTrue: fc.constant(true as const) }),
  );
  const conditionArb: fc.Arbitrary<Condition> = fc.oneof(leafArb, fc.array(leafArb, { minLength: 1, maxLength: 3 }).map((all) => ({ all })), leafArb.map((not) => ({ not })));

  it('property: the level is the maximum of the matched levels, the components and the decided / risk-assessed levels', () => {
    fc.assert(
      fc.property(
        answerArb,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), conditionArb), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
        (a, specs, componentLevels) => {
          const rs = ruleSet(specs.map(([level, c], i) => rule(`p${i}`, level, c)));
          const r = evaluateLevel(a, rs, { componentLevels });
          const expectedMatched = rs.criteria.filter((c) => matches(c.condition, a));
          expect(r.matched.map((m) => m.code).sort()).toEqual(expectedMatched.map((c) => c.code).sort());
          const all = [...r.matched.map((m) => m.level), ...componentLevels, ...[a.decidedLevel, a.riskAssessedLevel].filter((x): x is number => x !== null)];
          expect(r.level).toBe(all.length ? Math.max(...all) : null);
          expect(r.warnings.includes('noCriterion')).toBe(r.level === null);
          if (r.level !== null) expect(r.authority?.legalRef).toBe(`Đ${r.level}`);
        },
      ),
    );
  });
});

describe('regimeInForceOn', () => {
  const regimes = [
    { code: 'nd85_2016' as const, effectiveFrom: '2016-07-01', effectiveTo: '2026-08-18' },
    { code: 'nd331_2026' as const, effectiveFrom: '2026-08-19', effectiveTo: null },
  ];
  it.each([
    ['2016-06-30', undefined],
    ['2016-07-01', 'nd85_2016'],
    ['2026-08-18', 'nd85_2016'],
    ['2026-08-19', 'nd331_2026'],
    ['2030-01-01', 'nd331_2026'],
  ])('on %s: %s', (day, expected) => {
    expect(regimeInForceOn(regimes, day)).toBe(expected);
  });
  it('prefers the regime that took effect last when periods overlap', () => {
    expect(regimeInForceOn([{ ...regimes[0]!, effectiveTo: null }, regimes[1]!], '2026-12-01')).toBe('nd331_2026');
  });
});
