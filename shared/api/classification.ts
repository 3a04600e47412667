import { z } from 'zod';
import { ICS_WORKS_GRADES, INFO_TYPES, INFRA_SCOPES, REGIMES, STATE_SECRET_HARMS, SYSTEM_TYPES } from '../domain/systems';

export const Regime = z.enum(REGIMES);
export const SecurityLevel = z.number().int().min(1).max(5);
const Count = z.number().int().min(0).max(1_000_000_000);

/**
 * The answers of the level questionnaire: the facts about a system that the level criteria of
 * either regime test (legal-framework.md §2.3, §3.2, §10.4). The same fields are columns of an
 * information system, so the registry and the questionnaire never disagree.
 */
export const ClassificationAnswers = z.object({
  systemType: z.enum(SYSTEM_TYPES),
  infoTypes: z.array(z.enum(INFO_TYPES)).max(INFO_TYPES.length),
  /** Serves defence or security (Decree 85 Art 9.1; Decree 331 Art 13.1). */
  servesDefenceSecurity: z.boolean().default(false),
  stateSecretHarm: z.enum(STATE_SECRET_HARMS).default('none'),
  /** Legacy online public-service level 1–4 (Decree 85 Art 8.2.a / 9.2.a); 0 = none. */
  onlinePublicServiceLevel: z.number().int().min(0).max(4).default(0),
  /** Provides online services on the list of conditional business lines. */
  conditionalBusinessService: z.boolean().default(false),
  /** Settles administrative procedures (Decree 331 Art 13.2.b). */
  handlesAdminProcedures: z.boolean().default(false),
  /** Users whose private/personal information is processed (Decree 85 threshold 10,000). */
  userCount: Count.default(0),
  /** Personal-data subjects, basic and sensitive data (Decree 331 thresholds 100,000 / 10,000). */
  personalBasicSubjects: Count.default(0),
  personalSensitiveSubjects: Count.default(0),
  infraScope: z.enum(INFRA_SCOPES).nullable().default(null),
  requires24x7: z.boolean().default(false),
  nationalEgov: z.boolean().default(false),
  centralNationalDataStore: z.boolean().default(false),
  icsWorksGrade: z.enum(ICS_WORKS_GRADES).default('none'),
  /** Signs that the system is important to national security (Decree 331 Art 16, Art 20.4). */
  nsCriticalSigns: z.boolean().default(false),
  /** A level set by the Prime Minister's decision or the risk framework, if any. */
  decidedLevel: SecurityLevel.nullable().default(null),
  /** A higher level the risk assessment calls for (Decree 331 Art 10.5), if any. */
  riskAssessedLevel: SecurityLevel.nullable().default(null),
});
export type ClassificationAnswers = z.infer<typeof ClassificationAnswers>;
