/**
 * The SEEDED rule data of both regimes (migration 0004), criterion by criterion: for each row an
 * answer set that triggers it and gives exactly its level, then the boundaries of the thresholds,
 * the precedence rules and the warnings. The rules are read from a migrated test database through
 * the module's own loadRuleSet, so a wrong row in the migration fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassificationAnswers } from '@shared/api/classification';
import { evaluateLevel, type RuleSet } from '@shared/domain/classification';
import { dueDate } from '@shared/domain/working-days';
import type { Regime } from '@shared/domain/systems';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { systemCtx, type Ctx } from '../../http/context';
import { loadCalendar, loadRuleSet, regimeInForce } from './index';

let env: TestEnv;
let ctx: Ctx;
const rules = {} as Record<Regime, RuleSet>;

beforeAll(async () => {
  env = await createTestEnv({ startJobs: false });
  ctx = systemCtx(
    { db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, log: env.app.log, clock: () => new Date('2026-12-02T03:00:00Z') },
    'classification-test',
  );
  rules.nd85_2016 = await loadRuleSet(ctx, 'nd85_2016');
  rules.nd331_2026 = await loadRuleSet(ctx, 'nd331_2026');
});
afterAll(() => env?.close());

type A = Partial<ClassificationAnswers>;
const answers = (a: A) => ClassificationAnswers.parse({ systemType: 'other', infoTypes: [], ...a });
const evaluate = (regime: Regime, a: A, componentLevels: number[] = []) => evaluateLevel(answers(a), rules[regime], { componentLevels });

const CB: A = { systemType: 'citizen_business' };
const INFRA = (infraScope: ClassificationAnswers['infraScope'], requires24x7 = false): A => ({ systemType: 'infrastructure', infraScope, requires24x7 });
const ICS = (icsWorksGrade: ClassificationAnswers['icsWorksGrade']): A => ({ systemType: 'industrial_control', icsWorksGrade });
const SECRET = (stateSecretHarm: ClassificationAnswers['stateSecretHarm']): A => ({ infoTypes: ['state_secret'], stateSecretHarm });
const DEFENCE = (stateSecretHarm: ClassificationAnswers['stateSecretHarm']): A => ({ servesDefenceSecurity: true, stateSecretHarm });

/** One answer set per seeded criterion: it must match that criterion and give exactly its level. */
const TRIGGERS: Record<Regime, Record<string, A>> = {
  nd85_2016: {
    'nd85.7': { systemType: 'internal', infoTypes: ['public'] },
    'nd85.8.1': { systemType: 'internal', infoTypes: ['public', 'personal'] },
    'nd85.8.2.a': { ...CB, onlinePublicServiceLevel: 2 },
    'nd85.8.2.b': { ...CB },
    'nd85.8.2.c': { ...CB, infoTypes: ['private'], userCount: 9_999 },
    'nd85.8.3': INFRA('single_org'),
    'nd85.9.1': SECRET('harm'),
    'nd85.9.2.a': { ...CB, onlinePublicServiceLevel: 3 },
    'nd85.9.2.b': { ...CB, conditionalBusinessService: true },
    'nd85.9.2.c': { ...CB, infoTypes: ['personal'], userCount: 10_000 },
    'nd85.9.3': INFRA('sector_or_province'),
    'nd85.9.3.national': INFRA('national'),
    'nd85.9.4': ICS('iii'),
    'nd85.10.1': DEFENCE('serious'),
    'nd85.10.2': { nationalEgov: true, requires24x7: true },
    'nd85.10.3': INFRA('national', true),
    'nd85.10.4': ICS('i'),
    'nd85.11.1': SECRET('especially_serious'),
    'nd85.11.2': { centralNationalDataStore: true },
    'nd85.11.3': INFRA('international'),
    'nd85.11.4': ICS('special'),
    'nd85.11.5': { decidedLevel: 5 },
  },
  nd331_2026: {
    'nd331.11.1': { systemType: 'internal', infoTypes: ['public'] },
    'nd331.11.2': { decidedLevel: 1 },
    'nd331.12.1': { systemType: 'internal', infoTypes: ['private'] },
    'nd331.12.2.a': { ...CB },
    'nd331.12.2.b': { ...CB, infoTypes: ['personal'], personalBasicSubjects: 99_999, personalSensitiveSubjects: 9_999 },
    'nd331.12.3': INFRA('single_org'),
    'nd331.12.4': { decidedLevel: 2 },
    'nd331.13.1': DEFENCE('harm'),
    'nd331.13.2.a': { ...CB, conditionalBusinessService: true },
    'nd331.13.2.b': { ...CB, handlesAdminProcedures: true },
    'nd331.13.2.c': { ...CB, infoTypes: ['personal'], personalBasicSubjects: 100_000 },
    'nd331.13.3': INFRA('sector_or_province'),
    'nd331.13.3.national': INFRA('national'),
    'nd331.13.4': ICS('iv'),
    'nd331.13.5': { decidedLevel: 3 },
    'nd331.14.1': SECRET('serious'),
    'nd331.14.2': { nationalEgov: true, requires24x7: true },
    'nd331.14.3': ICS('i'),
    'nd331.14.4': { decidedLevel: 4 },
    'nd331.15.1': DEFENCE('especially_serious'),
    'nd331.15.2': { centralNationalDataStore: true },
    'nd331.15.3': INFRA('international'),
    'nd331.15.4': ICS('ns_important'),
    'nd331.15.5': { decidedLevel: 5 },
  },
};

describe.each(['nd85_2016', 'nd331_2026'] as const)('seeded criteria of %s', (regime) => {
  it('has a trigger in this table for every seeded criterion and no trigger without a criterion', () => {
    expect(rules[regime].criteria.map((c) => c.code).sort()).toEqual(Object.keys(TRIGGERS[regime]).sort());
  });

  it('marks Decree 85 rows verified and Decree 331 rows unverified, except interpretations', () => {
    for (const c of rules[regime].criteria) {
      const interpretation = c.code.endsWith('.national');
      expect(c.verified, c.code).toBe(regime === 'nd85_2016' && !interpretation);
      expect(c.legalRef).toMatch(regime === 'nd85_2016' ? /^NĐ 85\/2016 Đ\d+/ : /^NĐ 331\/2026 Đ\d+/);
      expect(c.textVi.length).toBeGreaterThan(20);
      expect(c.textEn.length).toBeGreaterThan(20);
    }
  });

  it.each(Object.entries(TRIGGERS[regime]))('%s: its answer set matches it and gives exactly its level', (code, a) => {
    const row = rules[regime].criteria.find((c) => c.code === code);
    expect(row, code).toBeDefined();
    const r = evaluate(regime, a);
    expect(r.matched.map((m) => m.code)).toContain(code);
    expect(r.level).toBe(row?.level);
    expect(r.criteriaLevel).toBe(row?.level);
    expect(r.authority?.legalRef).toMatch(regime === 'nd85_2016' ? /NĐ 85\/2016 Đ12/ : /NĐ 331\/2026 Đ18/);
  });

  it('has an authority for every level, naming PA05 where the specialised unit decides', () => {
    expect(rules[regime].authorities.map((a) => a.level)).toEqual([1, 2, 3, 4, 5]);
    for (const level of [1, 2, 3]) expect(rules[regime].authorities.find((a) => a.level === level)?.appraiserVi).toContain('PA05');
    expect(rules[regime].authorities.find((a) => a.level === 3)?.approverVi).toContain('Chủ quản');
    expect(rules[regime].authorities.find((a) => a.level === 5)?.approverVi).toContain('Thủ tướng');
  });
});

describe('thresholds and boundaries', () => {
  it.each<[string, Regime, A, number | null]>([
    ['ND85: 9,999 users → 2', 'nd85_2016', { ...CB, infoTypes: ['personal'], userCount: 9_999 }, 2],
    ['ND85: 10,000 users → 3', 'nd85_2016', { ...CB, infoTypes: ['personal'], userCount: 10_000 }, 3],
    ['ND85: user count alone without private/personal information stays 2', 'nd85_2016', { ...CB, infoTypes: ['public'], userCount: 50_000 }, 2],
    ['ND331: 99,999 basic subjects → 2', 'nd331_2026', { ...CB, infoTypes: ['personal'], personalBasicSubjects: 99_999 }, 2],
    ['ND331: 100,000 basic subjects → 3', 'nd331_2026', { ...CB, infoTypes: ['personal'], personalBasicSubjects: 100_000 }, 3],
    ['ND331: 9,999 sensitive subjects → 2', 'nd331_2026', { ...CB, infoTypes: ['personal'], personalSensitiveSubjects: 9_999 }, 2],
    ['ND331: 10,000 sensitive subjects → 3', 'nd331_2026', { ...CB, infoTypes: ['personal'], personalSensitiveSubjects: 10_000 }, 3],
    ['ND331: the ND85 user count does not count', 'nd331_2026', { ...CB, infoTypes: ['personal'], userCount: 1_000_000 }, 2],
    ['ND85: online public service level 2 → 2', 'nd85_2016', { ...CB, onlinePublicServiceLevel: 2 }, 2],
    ['ND85: online public service level 3 → 3', 'nd85_2016', { ...CB, onlinePublicServiceLevel: 3 }, 3],
    ['ND85: online public service level 4 → 3', 'nd85_2016', { ...CB, onlinePublicServiceLevel: 4 }, 3],
    ['ND331: online public-service levels are gone', 'nd331_2026', { ...CB, onlinePublicServiceLevel: 4 }, 2],
    ['ND331: settles administrative procedures → 3', 'nd331_2026', { ...CB, handlesAdminProcedures: true }, 3],
    ['ND85: no administrative-procedure criterion → 2', 'nd85_2016', { ...CB, handlesAdminProcedures: true }, 2],
    ['internal with nothing declared matches nothing', 'nd331_2026', { systemType: 'internal' }, null],
    ['internal with public and state secret info stays out of levels 1–2', 'nd85_2016', { systemType: 'internal', infoTypes: ['public', 'state_secret'] }, null],
  ])('%s', (_name, regime, a, level) => {
    expect(evaluate(regime, a).level).toBe(level);
  });

  describe.each(['nd85_2016', 'nd331_2026'] as const)('%s', (regime) => {
    it.each<[ClassificationAnswers['infraScope'], boolean, number | null]>([
      [null, false, null],
      ['single_org', false, 2],
      ['sector_or_province', false, 3],
      ['sector_or_province', true, 3],
      ['national', false, 3],
      ['national', true, 4],
      ['international', false, 5],
    ])('infrastructure scope %s (24/7 %s) → %s', (scope, h24, level) => {
      expect(evaluate(regime, INFRA(scope, h24)).level).toBe(level);
    });

    it.each<[ClassificationAnswers['icsWorksGrade'], number | null]>([
      ['none', null],
      ['iv', 3],
      ['iii', 3],
      ['ii', 3],
      ['i', 4],
      ['special', 5],
      ['ns_important', 5],
    ])('industrial control of works grade %s → %s', (grade, level) => {
      expect(evaluate(regime, ICS(grade)).level).toBe(level);
    });

    it.each<[ClassificationAnswers['stateSecretHarm'], number | null]>([
      ['none', null],
      ['harm', 3],
      ['serious', 4],
      ['especially_serious', 5],
    ])('state secrets with harm %s → %s, always flagged out of scope', (harm, level) => {
      const r = evaluate(regime, SECRET(harm));
      expect(r.level).toBe(level);
      expect(r.warnings).toContain('stateSecretOutOfScope');
      expect(evaluate(regime, DEFENCE(harm)).level).toBe(level);
    });

    it('needs state secrets or defence/security for the harm grade to count', () => {
      expect(evaluate(regime, { stateSecretHarm: 'serious' }).level).toBe(null);
    });

    it('national e-government: 24/7 → 4, without 24/7 no level 4', () => {
      expect(evaluate(regime, { nationalEgov: true, requires24x7: true }).level).toBe(4);
      expect(evaluate(regime, { nationalEgov: true }).level).toBe(null);
      expect(evaluate(regime, { ...CB, nationalEgov: true }).level).toBe(2);
    });

    it('central storage of national data → 5 and the Prime Minister list', () => {
      const r = evaluate(regime, { centralNationalDataStore: true });
      expect(r.level).toBe(5);
      expect(r.warnings).toContain('levelFiveListPm');
    });

    it('a component of a higher level forces the level up', () => {
      const r = evaluate(regime, { systemType: 'internal', infoTypes: ['public'] }, [1, 3]);
      expect(r).toMatchObject({ level: 3, criteriaLevel: 1, componentLevel: 3 });
      expect(r.warnings).toContain('componentHigher');
      expect(evaluate(regime, { ...CB, conditionalBusinessService: true }, [2]).warnings).not.toContain('componentHigher');
    });

    it('a higher risk-assessed level raises the proposal (Decree 331 Art 10.5); a lower one does not lower it', () => {
      const up = evaluate(regime, { systemType: 'internal', infoTypes: ['public'], riskAssessedLevel: 3 });
      expect(up).toMatchObject({ level: 3, criteriaLevel: 1, riskAssessedLevel: 3 });
      expect(up.warnings).toContain('riskAssessedHigher');
      expect(evaluate(regime, { ...CB, conditionalBusinessService: true, riskAssessedLevel: 1 }).level).toBe(3);
    });

    it('the highest of several matching criteria wins', () => {
      const r = evaluate(regime, { ...CB, infoTypes: ['personal'], userCount: 20_000, personalBasicSubjects: 200_000, conditionalBusinessService: true, nationalEgov: true, requires24x7: true });
      expect(r.level).toBe(4);
      expect(new Set(r.matched.map((m) => m.level))).toEqual(new Set([3, 4, ...(regime === 'nd85_2016' ? [2] : [])]));
      expect(r.matched[0]?.level).toBe(4);
    });

    it('no criterion and no component → null with noCriterion, no authority, no deadline', () => {
      const r = evaluate(regime, {});
      expect(r).toMatchObject({ level: null, matched: [], authority: null, deadlines: [] });
      expect(r.warnings).toContain('noCriterion');
      expect(evaluate(regime, {}, [2]).level).toBe(2);
    });
  });

  it('a decided level: a Decree 331 criterion of its own; under Decree 85 only level 5 is one, lower ones still apply', () => {
    expect(evaluate('nd331_2026', { decidedLevel: 4 }).warnings).not.toContain('decidedLevelHigher');
    const r = evaluate('nd85_2016', { systemType: 'internal', infoTypes: ['public'], decidedLevel: 4 });
    expect(r).toMatchObject({ level: 4, criteriaLevel: 1 });
    expect(r.warnings).toContain('decidedLevelHigher');
  });
});

describe('warnings, authorities and deadlines of the seeded data', () => {
  it('sends a Decree 331 level 3 or 4 system with national-security signs down the level-5 path', () => {
    expect(evaluate('nd331_2026', { ...CB, handlesAdminProcedures: true, nsCriticalSigns: true }).warnings).toContain('nsCriticalPath');
    expect(evaluate('nd331_2026', { nationalEgov: true, requires24x7: true, nsCriticalSigns: true }).warnings).toContain('nsCriticalPath');
    expect(evaluate('nd331_2026', { ...CB, nsCriticalSigns: true }).warnings).not.toContain('nsCriticalPath');
    expect(evaluate('nd85_2016', { ...CB, conditionalBusinessService: true, nsCriticalSigns: true }).warnings).not.toContain('nsCriticalPath');
  });

  it('flags unverified Decree 331 rules and the Decree 85 transition', () => {
    expect(evaluate('nd331_2026', { ...CB }).warnings).toEqual(['unverifiedRule']);
    expect(evaluate('nd85_2016', { ...CB }).warnings).toEqual(['legacyRegimeTransition']);
    expect(evaluate('nd85_2016', INFRA('national')).warnings).toEqual(['unverifiedRule', 'legacyRegimeTransition']);
  });

  it('gives each level its deadlines: Decree 331 in working days, Decree 85 appraisal in days', () => {
    const steps = (regime: Regime, a: A) => evaluate(regime, a).deadlines.map((d) => `${d.step} ${d.days} ${d.dayKind}`).sort();
    expect(steps('nd331_2026', { ...CB, handlesAdminProcedures: true })).toEqual(['appraisal 15 working', 'approval 7 working', 'completeness 5 working']);
    expect(steps('nd331_2026', ICS('i'))).toEqual(['appraisal 25 working', 'approval 7 working', 'completeness 5 working']);
    expect(steps('nd331_2026', { ...CB })).toEqual(['approval 7 working', 'completeness 5 working']);
    expect(steps('nd85_2016', ICS('ii'))).toEqual(['appraisal 15 calendar', 'approval 7 working', 'completeness 5 working']);
    expect(steps('nd85_2016', { centralNationalDataStore: true })).toEqual(['appraisal 30 calendar', 'approval 7 working', 'completeness 5 working']);
  });

  it('names the provincial police as appraiser and the owner as approver at level 3 (Decree 331)', () => {
    const r = evaluate('nd331_2026', { ...CB, handlesAdminProcedures: true });
    expect(r.authority?.appraiser.vi).toBe('Đơn vị chuyên trách về an ninh mạng (Công an tỉnh – PA05)');
    expect(r.authority?.approver.vi).toContain('Chủ quản hệ thống thông tin');
    expect(r.authority?.verified).toBe(false);
  });
});

describe('regime in force and the seeded calendar', () => {
  it('switches from Decree 85 to Decree 331 on 19/8/2026, Vietnam time', async () => {
    expect(await regimeInForce(ctx, '2026-08-18')).toBe('nd85_2016');
    expect(await regimeInForce(ctx, '2026-08-19')).toBe('nd331_2026');
    expect(await regimeInForce(ctx, new Date('2026-08-18T17:00:00Z'))).toBe('nd331_2026');
    expect(await regimeInForce(ctx)).toBe('nd331_2026');
    await expect(regimeInForce(ctx, '2016-06-30')).rejects.toMatchObject({ code: 'invalid_state', messageKey: 'errors.legal.noRegimeInForce' });
  });

  it('computes due dates over the seeded Tết, National Day and swap days', async () => {
    const cal = await loadCalendar(ctx);
    expect(dueDate('2026-02-13', { days: 5, dayKind: 'working' }, cal)).toBe('2026-02-27');
    expect(dueDate('2026-08-24', { days: 15, dayKind: 'working' }, cal)).toBe('2026-09-16');
    expect(dueDate('2026-12-01', { days: 25, dayKind: 'working' }, cal)).toBe('2027-01-06');
    expect(dueDate('2025-04-24', { days: 3, dayKind: 'working' }, cal)).toBe('2025-04-28');
    expect(dueDate('2027-02-03', { days: 7, dayKind: 'working' }, cal)).toBe('2027-02-19');
    expect(dueDate('2026-04-15', { days: 15, dayKind: 'calendar' }, cal)).toBe('2026-05-04');
  });
});
