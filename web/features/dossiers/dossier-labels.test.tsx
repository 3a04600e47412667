import { describe, expect, it } from 'vitest';
import { AttachmentSection } from '@shared/api/dossiers';
import { DOSSIER_STATES, DOSSIER_TRANSITIONS, SECURITY_PLAN_PARTS } from '@shared/domain/dossiers';
import vi from '@shared/i18n/vi.json';
import en from '@shared/i18n/en.json';
import { PROCEDURE_STEPS, shortHash, stepOf } from './dossier-labels';

function lookup(catalogue: unknown, key: string): unknown {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, part);
  }
  return node;
}

/** Keys built from the shared constants (`t(\`dossiersUi.transitions.${t}.button\`)`), which the global catalogue test cannot see. */
const keys = [
  'nav.dossiers',
  ...DOSSIER_STATES.map((s) => `dossierStates.${s}`),
  ...DOSSIER_TRANSITIONS.flatMap((t) => ['button', 'event', 'confirm'].map((k) => `dossiersUi.transitions.${t}.${k}`)),
  ...AttachmentSection.options.flatMap((s) => [`dossiersUi.sections.${s}.label`, `dossiersUi.sections.${s}.hint`]),
  ...SECURITY_PLAN_PARTS.flatMap((p) => [`dossiersUi.planParts.${p}`, `dossiersUi.planHints.${p}`]),
  ...PROCEDURE_STEPS.map((s) => `dossiersUi.steps.${s}`),
  ...['completeness', 'appraisal', 'approval'].map((c) => `dossiersUi.clocks.${c}`),
  ...DOSSIER_TRANSITIONS.map((t) => `notifications.dossier.${t}.title`),
];

describe('dossier labels', () => {
  it('names every state, step, section and plan part in Vietnamese and in English', () => {
    const missing = keys.flatMap((key) =>
      Object.entries({ vi, en }).flatMap(([lang, cat]) => (typeof lookup(cat, key) === 'string' ? [] : [`${lang}: ${key}`])),
    );
    expect(missing).toEqual([]);
  });

  it('places every state on the procedure and shortens a hash', () => {
    expect(DOSSIER_STATES.map(stepOf).every((i) => i >= 0 && i < PROCEDURE_STEPS.length)).toBe(true);
    expect(shortHash('0123456789abcdef'.repeat(4))).toBe('01234567…89abcdef');
  });
});
