import type { ClassificationAnswers } from '@shared/api/classification';
import { REGIMES, type Regime } from '@shared/domain/systems';

/**
 * Which questions of the level questionnaire apply to a system, by its type, the information it
 * processes and the regime (legal-framework.md §2.3, §3.2, §10.4). Only these are shown; the others
 * are sent with their neutral value so an answer given for another system type cannot raise the level.
 */
export type AnswerKey = keyof ClassificationAnswers;

/** Decree 331/2026 is in force from 19/8/2026; Decree 85/2016 stays usable for the transition (Decree 331 Art 39). */
export const ND331_IN_FORCE_FROM = '2026-08-19';

/** A day in Vietnam as `YYYY-MM-DD` (a decree takes effect on a Vietnamese calendar day). */
export function dayInVietnam(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
}

/** Fallback when the regime table cannot be read. */
export function regimeInForce(at: Date = new Date()): Regime {
  return dayInVietnam(at) >= ND331_IN_FORCE_FROM ? 'nd331_2026' : 'nd85_2016';
}

/** The neutral answer of each question (the shared schema's defaults). */
export const NEUTRAL_ANSWERS: Omit<ClassificationAnswers, 'systemType'> = {
  infoTypes: [],
  servesDefenceSecurity: false,
  stateSecretHarm: 'none',
  onlinePublicServiceLevel: 0,
  conditionalBusinessService: false,
  handlesAdminProcedures: false,
  userCount: 0,
  personalBasicSubjects: 0,
  personalSensitiveSubjects: 0,
  infraScope: null,
  requires24x7: false,
  nationalEgov: false,
  centralNationalDataStore: false,
  icsWorksGrade: 'none',
  nsCriticalSigns: false,
  decidedLevel: null,
  riskAssessedLevel: null,
};

export type QuestionStep = 'type' | 'information' | 'service' | 'special';
export const QUESTION_STEPS: readonly QuestionStep[] = ['type', 'information', 'service', 'special'];

function hasPrivateOrPersonal(answers: ClassificationAnswers): boolean {
  return answers.infoTypes.includes('personal') || answers.infoTypes.includes('private');
}

/** The questions to show on one step, in order. */
export function visibleQuestions(step: QuestionStep, answers: ClassificationAnswers, regime: Regime): AnswerKey[] {
  const type = answers.systemType;
  switch (step) {
    case 'type':
      return ['systemType'];
    case 'information': {
      const keys: AnswerKey[] = ['infoTypes', 'servesDefenceSecurity'];
      // Decree 85 Art 9–11 / Decree 331 Art 13–15, clause 1: the harm to national security sets the level.
      if (answers.infoTypes.includes('state_secret') || answers.servesDefenceSecurity) keys.push('stateSecretHarm');
      return keys;
    }
    case 'service': {
      if (type === 'citizen_business') {
        const keys: AnswerKey[] =
          regime === 'nd331_2026'
            ? ['handlesAdminProcedures', 'conditionalBusinessService'] // Decree 331 Art 13.2.a–b
            : ['onlinePublicServiceLevel', 'conditionalBusinessService']; // Decree 85 Art 8.2.a, 9.2.a–b
        if (hasPrivateOrPersonal(answers)) {
          if (regime === 'nd331_2026') keys.push('personalBasicSubjects', 'personalSensitiveSubjects');
          else keys.push('userCount');
        }
        keys.push('nationalEgov');
        if (answers.nationalEgov) keys.push('requires24x7');
        return keys;
      }
      if (type === 'infrastructure') {
        const keys: AnswerKey[] = ['infraScope'];
        if (answers.infraScope === 'national') keys.push('requires24x7');
        return keys;
      }
      if (type === 'industrial_control') return ['icsWorksGrade'];
      return [];
    }
    case 'special': {
      const keys: AnswerKey[] = ['centralNationalDataStore'];
      if (regime === 'nd331_2026') keys.push('nsCriticalSigns');
      keys.push('decidedLevel');
      if (regime === 'nd331_2026') keys.push('riskAssessedLevel');
      return keys;
    }
  }
}

function relevantKeys(answers: ClassificationAnswers): Set<string> {
  // A fact that belongs to the other regime stays as recorded: it is true of the system either way.
  return new Set(REGIMES.flatMap((regime) => QUESTION_STEPS.flatMap((step) => visibleQuestions(step, answers, regime))));
}

/** The answers to send: every question that does not apply gets its neutral value. */
export function answersToSend(answers: ClassificationAnswers): ClassificationAnswers {
  const relevant = relevantKeys(answers);
  const out: ClassificationAnswers = { ...answers };
  for (const [key, neutral] of Object.entries(NEUTRAL_ANSWERS)) {
    if (!relevant.has(key)) Object.assign(out, { [key]: neutral });
  }
  return out;
}
