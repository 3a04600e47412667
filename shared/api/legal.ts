import { z } from 'zod';
import { listOf } from './common';
import { ClassificationAnswers, Regime, SecurityLevel } from './classification';
import {
  ANSWER_FIELD_NAMES,
  CLASSIFICATION_WARNINGS,
  MAX_CONDITION_DEPTH,
  conditionDepth,
  conditionProblems,
  type Condition as DomainCondition,
} from '../domain/classification';

/**
 * The legal rule data (criteria, authorities, deadlines, holidays) and the level evaluation
 * (issue #3; legal-framework.md §10.1, §10.4).
 */

const LegalRef = z.string().trim().min(1).max(255);
const IsoDay = z.iso.date();
const Scalar = z.union([z.string().max(64), z.number(), z.boolean(), z.null()]);
const Field = z.enum(ANSWER_FIELD_NAMES);
const Values = z.array(z.string().max(64)).min(1).max(20);

const ConditionNode: z.ZodType<DomainCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionNode).min(1).max(20) }),
    z.strictObject({ any: z.array(ConditionNode).min(1).max(20) }),
    z.strictObject({ not: ConditionNode }),
    z.strictObject({ field: Field, eq: Scalar }),
    z.strictObject({ field: Field, in: z.array(Scalar).min(1).max(20) }),
    z.strictObject({ field: Field, gte: z.number() }),
    z.strictObject({ field: Field, gt: z.number() }),
    z.strictObject({ field: Field, lte: z.number() }),
    z.strictObject({ field: Field, lt: z.number() }),
    z.strictObject({ field: Field, isTrue: z.literal(true) }),
    z.strictObject({ field: Field, includesAny: Values }),
    z.strictObject({ field: Field, subsetOf: Values }),
  ]),
);

/**
 * A criterion's condition: all / any / not over field tests of the questionnaire's answers
 * (shared/domain/classification.ts). Only answer fields, operators that fit the field and values
 * the field can hold are accepted; the depth is checked before the recursive parse.
 */
export const Condition = z
  .custom<unknown>((v) => conditionDepth(v) <= MAX_CONDITION_DEPTH, { message: 'too deep' })
  .pipe(ConditionNode)
  .superRefine((c, ctx) => {
    for (const path of conditionProblems(c)) ctx.addIssue({ code: 'custom', message: `invalid ${path}`, path: path.split('.') });
  });
export type Condition = DomainCondition;

export const LegalRegime = z.object({
  code: Regime,
  nameVi: z.string(),
  nameEn: z.string(),
  legalRef: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  /** Whether this is the regime in force today (Vietnam's date). */
  inForce: z.boolean(),
});
export type LegalRegime = z.infer<typeof LegalRegime>;
export const LegalRegimeList = listOf(LegalRegime);
export type LegalRegimeList = z.infer<typeof LegalRegimeList>;

export const RegimeQuery = z.object({ regime: Regime.optional() });
export type RegimeQuery = z.infer<typeof RegimeQuery>;

export const LevelCriterion = z.object({
  id: z.uuid(),
  regime: Regime,
  code: z.string(),
  level: z.number().int(),
  legalRef: z.string(),
  textVi: z.string(),
  textEn: z.string(),
  condition: z.unknown(),
  verified: z.boolean(),
  sort: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type LevelCriterion = z.infer<typeof LevelCriterion>;
export const LevelCriterionList = listOf(LevelCriterion);
export type LevelCriterionList = z.infer<typeof LevelCriterionList>;

export const UpdateCriterionBody = z.strictObject({
  level: SecurityLevel.optional(),
  legalRef: LegalRef.optional(),
  textVi: z.string().trim().min(1).max(2000).optional(),
  textEn: z.string().trim().min(1).max(2000).optional(),
  condition: Condition.optional(),
  verified: z.boolean().optional(),
});
export type UpdateCriterionBody = z.infer<typeof UpdateCriterionBody>;

export const LevelAuthority = z.object({
  regime: Regime,
  level: z.number().int(),
  appraiserVi: z.string(),
  appraiserEn: z.string(),
  approverVi: z.string(),
  approverEn: z.string(),
  legalRef: z.string(),
  verified: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type LevelAuthority = z.infer<typeof LevelAuthority>;
export const LevelAuthorityList = listOf(LevelAuthority);
export type LevelAuthorityList = z.infer<typeof LevelAuthorityList>;

export const AuthorityParams = z.object({ regime: Regime, level: z.coerce.number().int().min(1).max(5) });
const AuthorityText = z.string().trim().min(1).max(500);
export const UpdateAuthorityBody = z.strictObject({
  appraiserVi: AuthorityText.optional(),
  appraiserEn: AuthorityText.optional(),
  approverVi: AuthorityText.optional(),
  approverEn: AuthorityText.optional(),
  legalRef: LegalRef.optional(),
  verified: z.boolean().optional(),
});
export type UpdateAuthorityBody = z.infer<typeof UpdateAuthorityBody>;

export const DEADLINE_STEPS = ['completeness', 'opinion', 'appraisal', 'approval'] as const;
export const DeadlineStep = z.enum(DEADLINE_STEPS);
export const DayKind = z.enum(['working', 'calendar']);

export const RegimeDeadline = z.object({
  regime: Regime,
  step: DeadlineStep,
  levelMin: z.number().int(),
  levelMax: z.number().int(),
  days: z.number().int(),
  dayKind: DayKind,
  legalRef: z.string(),
  verified: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type RegimeDeadline = z.infer<typeof RegimeDeadline>;
export const RegimeDeadlineList = listOf(RegimeDeadline);
export type RegimeDeadlineList = z.infer<typeof RegimeDeadlineList>;

export const DeadlineParams = z.object({ regime: Regime, step: DeadlineStep, levelMin: z.coerce.number().int().min(1).max(5) });
export const UpdateDeadlineBody = z.strictObject({
  levelMax: SecurityLevel.optional(),
  days: z.number().int().min(1).max(365).optional(),
  dayKind: DayKind.optional(),
  legalRef: LegalRef.optional(),
  verified: z.boolean().optional(),
});
export type UpdateDeadlineBody = z.infer<typeof UpdateDeadlineBody>;

export const HolidayKind = z.enum(['day_off', 'working_day']);
export const PublicHoliday = z.object({ day: z.string(), kind: HolidayKind, nameVi: z.string(), nameEn: z.string() });
export type PublicHoliday = z.infer<typeof PublicHoliday>;
export const PublicHolidayList = listOf(PublicHoliday);
export type PublicHolidayList = z.infer<typeof PublicHolidayList>;
export const HolidaysQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export type HolidaysQuery = z.infer<typeof HolidaysQuery>;
export const HolidayParams = z.object({ day: IsoDay });
export const PutHolidayBody = z.strictObject({
  kind: HolidayKind,
  nameVi: z.string().trim().min(1).max(255),
  nameEn: z.string().trim().min(1).max(255),
});
export type PutHolidayBody = z.infer<typeof PutHolidayBody>;

export const EvaluateBody = z.object({
  /** Defaults to the regime in force today. */
  regime: Regime.optional(),
  answers: ClassificationAnswers,
  /** Levels of the component systems (a composite system takes the highest, Decree 85 Art 5). */
  componentLevels: z.array(SecurityLevel).max(200).default([]),
});
export type EvaluateBody = z.infer<typeof EvaluateBody>;

const Bilingual = z.object({ vi: z.string(), en: z.string() });
export const ClassificationResult = z.object({
  regime: Regime,
  level: z.number().int().nullable(),
  criteriaLevel: z.number().int().nullable(),
  matched: z.array(
    z.object({ code: z.string(), level: z.number().int(), legalRef: z.string(), textVi: z.string(), textEn: z.string(), verified: z.boolean() }),
  ),
  componentLevel: z.number().int().nullable(),
  decidedLevel: z.number().int().nullable(),
  riskAssessedLevel: z.number().int().nullable(),
  warnings: z.array(z.enum(CLASSIFICATION_WARNINGS)),
  authority: z.object({ appraiser: Bilingual, approver: Bilingual, legalRef: z.string(), verified: z.boolean() }).nullable(),
  deadlines: z.array(
    z.object({
      step: DeadlineStep,
      levelMin: z.number().int(),
      levelMax: z.number().int(),
      days: z.number().int(),
      dayKind: DayKind,
      legalRef: z.string(),
      verified: z.boolean(),
    }),
  ),
});
export type ClassificationResult = z.infer<typeof ClassificationResult>;
