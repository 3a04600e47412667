import type { TFunction } from 'i18next';
import {
  AUDIENCES,
  COMPONENT_KINDS,
  HOSTINGS,
  ICS_WORKS_GRADES,
  INFO_TYPES,
  INFRA_SCOPES,
  LIFECYCLES,
  REGIMES,
  SECURITY_LEVELS,
  STATE_SECRET_HARMS,
  SYSTEM_TYPES,
} from '@shared/domain/systems';

/** The shared enumerations of the systems slice; `system-labels.test.tsx` checks every value is named in both languages. */
export const SYSTEM_ENUMS = {
  systemType: SYSTEM_TYPES,
  infoType: INFO_TYPES,
  audience: AUDIENCES,
  infraScope: INFRA_SCOPES,
  icsWorksGrade: ICS_WORKS_GRADES,
  stateSecretHarm: STATE_SECRET_HARMS,
  hosting: HOSTINGS,
  lifecycle: LIFECYCLES,
  componentKind: COMPONENT_KINDS,
  regime: REGIMES,
} as const;

export type SystemEnum = keyof typeof SYSTEM_ENUMS;

/**
 * Where each enumeration's names live in the catalogue. Most are the server's own (the Excel export
 * and the screens then use the same words); the two only the questionnaire needs are under `enums`.
 */
export const ENUM_CATALOGUE_PREFIX: Record<SystemEnum, string> = {
  systemType: 'systems.types',
  infoType: 'systems.infoTypes',
  audience: 'systems.audiences',
  infraScope: 'systems.infraScopes',
  hosting: 'systems.hostings',
  lifecycle: 'systems.lifecycles',
  componentKind: 'systems.componentKinds',
  regime: 'legal.regimeNames',
  icsWorksGrade: 'enums.icsWorksGrade',
  stateSecretHarm: 'enums.stateSecretHarm',
};

export function enumLabel<E extends SystemEnum>(t: TFunction, name: E, value: (typeof SYSTEM_ENUMS)[E][number]): string {
  return t(`${ENUM_CATALOGUE_PREFIX[name]}.${value}`);
}

export function enumOptions<E extends SystemEnum>(t: TFunction, name: E) {
  const values: readonly (typeof SYSTEM_ENUMS)[E][number][] = SYSTEM_ENUMS[name];
  return values.map((value) => ({ value, label: enumLabel(t, name, value) }));
}

export function levelLabel(t: TFunction, level: number): string {
  return t('systemsUi.levelN', { level });
}

export const levelOptions = (t: TFunction) => SECURITY_LEVELS.map((value) => ({ value, label: levelLabel(t, value) }));

/** Colour of a level tag: from calm (1) to alarming (5). */
export const LEVEL_COLORS: Record<number, string> = { 1: 'green', 2: 'cyan', 3: 'gold', 4: 'orange', 5: 'red' };
