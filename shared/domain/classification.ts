/**
 * Level classification of an information system (issue #3; legal-framework.md §2.3, §3.2, §10.4).
 *
 * The law lives in data: each level criterion of Decree 85/2016 (Art 7–11) and Decree 331/2026
 * (Art 11–15) is a row of `level_criteria` whose `condition` is a small JSON predicate over the
 * questionnaire's answers. Thresholds (10,000 users, 100,000 / 10,000 data subjects…) are values in
 * those predicates, so an administrator corrects them without a code change. This file holds the
 * predicate language and the ONE function that turns answers + rules into a level. Pure, no I/O.
 */
import type { ClassificationAnswers } from '../api/classification';
import { ICS_WORKS_GRADES, INFO_TYPES, INFRA_SCOPES, STATE_SECRET_HARMS, SYSTEM_TYPES, type Regime } from './systems';

// ── The predicate language ─────────────────────────────────────────────────────────────────

export type AnswerField = keyof ClassificationAnswers;
export type Scalar = string | number | boolean | null;

/** What a field holds, and so which operators and values a condition may use on it. */
export type FieldSpec =
  | { kind: 'enum'; values: readonly string[]; nullable?: boolean }
  | { kind: 'set'; values: readonly string[] }
  | { kind: 'number'; nullable?: boolean }
  | { kind: 'boolean' };

/** Every field of ClassificationAnswers, and only those, may appear in a condition. */
export const ANSWER_FIELDS = {
  systemType: { kind: 'enum', values: SYSTEM_TYPES },
  infoTypes: { kind: 'set', values: INFO_TYPES },
  servesDefenceSecurity: { kind: 'boolean' },
  stateSecretHarm: { kind: 'enum', values: STATE_SECRET_HARMS },
  onlinePublicServiceLevel: { kind: 'number' },
  conditionalBusinessService: { kind: 'boolean' },
  handlesAdminProcedures: { kind: 'boolean' },
  userCount: { kind: 'number' },
  personalBasicSubjects: { kind: 'number' },
  personalSensitiveSubjects: { kind: 'number' },
  infraScope: { kind: 'enum', values: INFRA_SCOPES, nullable: true },
  requires24x7: { kind: 'boolean' },
  nationalEgov: { kind: 'boolean' },
  centralNationalDataStore: { kind: 'boolean' },
  icsWorksGrade: { kind: 'enum', values: ICS_WORKS_GRADES },
  nsCriticalSigns: { kind: 'boolean' },
  decidedLevel: { kind: 'number', nullable: true },
  riskAssessedLevel: { kind: 'number', nullable: true },
} as const satisfies Record<AnswerField, FieldSpec>;

/** The same names as a tuple, for schemas; the check below fails to compile if they drift apart. */
export const ANSWER_FIELD_NAMES = [
  'systemType',
  'infoTypes',
  'servesDefenceSecurity',
  'stateSecretHarm',
  'onlinePublicServiceLevel',
  'conditionalBusinessService',
  'handlesAdminProcedures',
  'userCount',
  'personalBasicSubjects',
  'personalSensitiveSubjects',
  'infraScope',
  'requires24x7',
  'nationalEgov',
  'centralNationalDataStore',
  'icsWorksGrade',
  'nsCriticalSigns',
  'decidedLevel',
  'riskAssessedLevel',
] as const satisfies readonly AnswerField[];
type MissingName = Exclude<AnswerField, (typeof ANSWER_FIELD_NAMES)[number]>;
const _namesComplete: [MissingName] extends [never] ? true : MissingName = true;

/** Comparison operators on one field. */
export type FieldTest =
  | { field: AnswerField; eq: Scalar }
  | { field: AnswerField; in: Scalar[] }
  | { field: AnswerField; gte: number }
  | { field: AnswerField; gt: number }
  | { field: AnswerField; lte: number }
  | { field: AnswerField; lt: number }
  | { field: AnswerField; isTrue: true }
  /** A set field (infoTypes) holds at least one of the values. */
  | { field: AnswerField; includesAny: string[] }
  /** A set field holds nothing but these values (true for an empty set). */
  | { field: AnswerField; subsetOf: string[] };

/** A criterion's condition: field tests combined with all / any / not. */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FieldTest;

export const FIELD_OPERATORS = ['eq', 'in', 'gte', 'gt', 'lte', 'lt', 'isTrue', 'includesAny', 'subsetOf'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/** How deep all/any/not may nest: the criteria of both decrees need three levels. */
export const MAX_CONDITION_DEPTH = 8;

/** Which operators make sense on which kind of field (checked when an administrator edits a condition). */
export const OPERATORS_BY_KIND: Record<FieldSpec['kind'], readonly FieldOperator[]> = {
  enum: ['eq', 'in'],
  set: ['includesAny', 'subsetOf'],
  number: ['eq', 'in', 'gte', 'gt', 'lte', 'lt'],
  boolean: ['eq', 'isTrue'],
};

/** Problems of a condition that its shape does not show: an operator or a value that does not fit its field. */
export function conditionProblems(c: Condition, path = ''): string[] {
  if ('all' in c) return c.all.flatMap((x, i) => conditionProblems(x, `${path}all.${i}.`));
  if ('any' in c) return c.any.flatMap((x, i) => conditionProblems(x, `${path}any.${i}.`));
  if ('not' in c) return conditionProblems(c.not, `${path}not.`);
  const spec: FieldSpec = ANSWER_FIELDS[c.field];
  const op = operatorOf(c);
  if (!OPERATORS_BY_KIND[spec.kind].includes(op)) return [`${path}${op}`];
  const values = valuesOf(c);
  const fits = (v: Scalar) => {
    if (v === null) return 'nullable' in spec && spec.nullable === true;
    switch (spec.kind) {
      case 'enum':
      case 'set':
        return typeof v === 'string' && spec.values.includes(v);
      case 'number':
        return typeof v === 'number';
      case 'boolean':
        return typeof v === 'boolean';
    }
  };
  return values.every(fits) ? [] : [`${path}${op}`];
}

function operatorOf(t: FieldTest): FieldOperator {
  const op = FIELD_OPERATORS.find((o) => o in t);
  if (!op) throw new RangeError('field test without an operator');
  return op;
}

function valuesOf(t: FieldTest): Scalar[] {
  if ('eq' in t) return [t.eq];
  if ('in' in t) return t.in;
  if ('includesAny' in t) return t.includesAny;
  if ('subsetOf' in t) return t.subsetOf;
  if ('isTrue' in t) return [true];
  if ('gte' in t) return [t.gte];
  if ('gt' in t) return [t.gt];
  if ('lte' in t) return [t.lte];
  return [t.lt];
}

/** Nesting depth of a condition, counted without recursion (a hostile body may nest thousands deep). */
export function conditionDepth(value: unknown): number {
  let max = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 1 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || typeof top.v !== 'object' || top.v === null) continue;
    max = Math.max(max, top.d);
    if (max > 64) return max;
    for (const child of Object.values(top.v)) stack.push({ v: child, d: top.d + 1 });
  }
  return max;
}

/** Whether the answers satisfy a condition. */
export function matches(c: Condition, a: ClassificationAnswers): boolean {
  if ('all' in c) return c.all.every((x) => matches(x, a));
  if ('any' in c) return c.any.some((x) => matches(x, a));
  if ('not' in c) return !matches(c.not, a);
  const v: unknown = a[c.field];
  if ('eq' in c) return v === c.eq;
  if ('in' in c) return c.in.some((x) => x === v);
  if ('isTrue' in c) return v === true;
  if ('includesAny' in c) return Array.isArray(v) && c.includesAny.some((x) => v.includes(x));
  if ('subsetOf' in c) return Array.isArray(v) && v.every((x) => c.subsetOf.includes(String(x)));
  if (typeof v !== 'number') return false;
  if ('gte' in c) return v >= c.gte;
  if ('gt' in c) return v > c.gt;
  if ('lte' in c) return v <= c.lte;
  return v < c.lt;
}

// ── Rule set and result ────────────────────────────────────────────────────────────────────

export interface CriterionRule {
  code: string;
  level: number;
  legalRef: string;
  textVi: string;
  textEn: string;
  condition: Condition;
  verified: boolean;
}

export interface AuthorityRule {
  level: number;
  appraiserVi: string;
  appraiserEn: string;
  approverVi: string;
  approverEn: string;
  legalRef: string;
  verified: boolean;
}

export type DeadlineStep = 'completeness' | 'opinion' | 'appraisal' | 'approval';

export interface DeadlineRow {
  step: DeadlineStep;
  levelMin: number;
  levelMax: number;
  days: number;
  dayKind: 'working' | 'calendar';
  legalRef: string;
  verified: boolean;
}

/** Everything one regime says about levels, as loaded from the rule tables. */
export interface RuleSet {
  regime: Regime;
  criteria: CriterionRule[];
  authorities: AuthorityRule[];
  deadlines: DeadlineRow[];
}

export const CLASSIFICATION_WARNINGS = [
  'noCriterion',
  'stateSecretOutOfScope',
  'nsCriticalPath',
  'componentHigher',
  'decidedLevelHigher',
  'riskAssessedHigher',
  'levelFiveListPm',
  'unverifiedRule',
  'legacyRegimeTransition',
] as const;
export type ClassificationWarning = (typeof CLASSIFICATION_WARNINGS)[number];

export interface MatchedCriterion {
  code: string;
  level: number;
  legalRef: string;
  textVi: string;
  textEn: string;
  verified: boolean;
}

export interface ClassificationResult {
  regime: Regime;
  /** The level to propose: the highest of the matched criteria, the components and the decided / risk-assessed level. */
  level: number | null;
  /** The highest level among the matched criteria alone. */
  criteriaLevel: number | null;
  matched: MatchedCriterion[];
  /** The highest level of the component systems (Decree 85 Art 5; Decree 331 Art 7–8), if any. */
  componentLevel: number | null;
  decidedLevel: number | null;
  riskAssessedLevel: number | null;
  warnings: ClassificationWarning[];
  authority: { appraiser: { vi: string; en: string }; approver: { vi: string; en: string }; legalRef: string; verified: boolean } | null;
  deadlines: DeadlineRow[];
}

const maxOf = (xs: readonly number[]): number | null => (xs.length > 0 ? Math.max(...xs) : null);

/**
 * The level of a system under one regime. Every criterion is tested; when several of different
 * levels match, the highest wins (Decree 331 Art 8.2; Decree 85 Art 5: a composite system takes its
 * highest component), and a higher level from a decision or the risk assessment raises it further
 * (Decree 331 Art 10.5: "propose a higher level").
 */
export function evaluateLevel(answers: ClassificationAnswers, ruleSet: RuleSet, options: { componentLevels?: readonly number[] } = {}): ClassificationResult {
  const matched: MatchedCriterion[] = ruleSet.criteria
    .filter((c) => matches(c.condition, answers))
    .map(({ code, level, legalRef, textVi, textEn, verified }) => ({ code, level, legalRef, textVi, textEn, verified }))
    .sort((x, y) => y.level - x.level || x.code.localeCompare(y.code));
  const criteriaLevel = maxOf(matched.map((m) => m.level));
  const componentLevel = maxOf(options.componentLevels ?? []);
  const { decidedLevel, riskAssessedLevel } = answers;
  const level = maxOf([criteriaLevel, componentLevel, decidedLevel, riskAssessedLevel].filter((x): x is number => x !== null));

  const warnings: ClassificationWarning[] = [];
  const raises = (x: number | null) => x !== null && (criteriaLevel === null || x > criteriaLevel);
  if (level === null) warnings.push('noCriterion');
  // Systems holding state secrets and their machines are outside this platform's data scope (§10.4).
  if (answers.infoTypes.includes('state_secret')) warnings.push('stateSecretOutOfScope');
  if (raises(componentLevel)) warnings.push('componentHigher');
  if (raises(decidedLevel)) warnings.push('decidedLevelHigher');
  if (raises(riskAssessedLevel)) warnings.push('riskAssessedHigher');
  // Decree 331 Art 20.4: a level 3 or 4 system important to national security takes the level-5 procedure.
  if (ruleSet.regime === 'nd331_2026' && answers.nsCriticalSigns && (level === 3 || level === 4)) warnings.push('nsCriticalPath');
  // Decree 85 Art 12; Decree 331 Art 18: the Prime Minister approves the list of level-5 systems.
  if (level === 5) warnings.push('levelFiveListPm');
  if (matched.some((m) => !m.verified)) warnings.push('unverifiedRule');
  // Decree 331 Art 39.1: Decree 85 only for systems under investment before 01/7/2026, until 31/12/2026.
  if (ruleSet.regime === 'nd85_2016') warnings.push('legacyRegimeTransition');

  const auth = level === null ? undefined : ruleSet.authorities.find((a) => a.level === level);
  return {
    regime: ruleSet.regime,
    level,
    criteriaLevel,
    matched,
    componentLevel,
    decidedLevel,
    riskAssessedLevel,
    warnings,
    authority: auth
      ? { appraiser: { vi: auth.appraiserVi, en: auth.appraiserEn }, approver: { vi: auth.approverVi, en: auth.approverEn }, legalRef: auth.legalRef, verified: auth.verified }
      : null,
    deadlines: level === null ? [] : ruleSet.deadlines.filter((d) => d.levelMin <= level && level <= d.levelMax),
  };
}

// ── Regime in force ────────────────────────────────────────────────────────────────────────

export interface RegimePeriod {
  code: Regime;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/**
 * The regime in force on a day ('YYYY-MM-DD' in Vietnam): among those whose period covers the day,
 * the one that took effect last; undefined before the first.
 */
export function regimeInForceOn(regimes: readonly RegimePeriod[], day: string): Regime | undefined {
  return regimes
    .filter((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]?.code;
}
