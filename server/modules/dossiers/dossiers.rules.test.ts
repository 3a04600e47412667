/**
 * Every transition from every state, for every role and both submit modes, against a table written
 * out here (not derived from the implementation); then each legal guard at its boundary.
 */
import { describe, expect, it } from 'vitest';
import { DOSSIER_STATES, DOSSIER_TRANSITIONS, type DossierState, type DossierTransition } from '@shared/domain/dossiers';
import { ROLES, type Role } from '@shared/domain/roles';
import { roleCan } from '../../authz/policies';
import { availableTransitions, clockOf, decide, form08Status, type Actor, type DossierFacts, type SubmitMode } from './dossiers.rules';

const FROM: Record<DossierTransition, readonly DossierState[]> = {
  submit: ['draft', 'returned_incomplete', 'returned_for_revision'],
  accept: ['submitted'],
  return_incomplete: ['submitted'],
  return_for_revision: ['under_appraisal', 'submitted_for_approval'],
  appraise: ['under_appraisal'],
  submit_for_approval: ['appraised'],
  approve: ['submitted_for_approval'],
  reject: ['submitted_for_approval'],
  withdraw: ['draft', 'submitted', 'returned_incomplete', 'returned_for_revision'],
};

const TO: Record<DossierTransition, DossierState> = {
  submit: 'submitted',
  accept: 'under_appraisal',
  return_incomplete: 'returned_incomplete',
  return_for_revision: 'returned_for_revision',
  appraise: 'appraised',
  submit_for_approval: 'submitted_for_approval',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
};

/** Who may take each transition, by state where it matters. */
function rolesFor(t: DossierTransition, state: DossierState, mode: SubmitMode): readonly Role[] {
  switch (t) {
    case 'submit':
    case 'withdraw':
      return mode === 'head' ? ['org_head'] : ['org_head', 'security_officer'];
    case 'return_for_revision':
      return state === 'submitted_for_approval' ? ['authority_approver'] : ['authority_appraiser'];
    case 'approve':
    case 'reject':
      return ['authority_approver'];
    default:
      return ['authority_appraiser'];
  }
}

const READY: Omit<DossierFacts, 'state'> = {
  proposedLevel: 3,
  sectionsComplete: true,
  hasSpecialisedOpinion: false,
  headEndorsed: true,
  regulationIssuedOn: '2026-01-10',
  appraiserIsOperator: false,
};
const INPUT = { note: 'Bổ sung sơ đồ mạng', commentCount: 1, approvedLevel: 3, decisionDate: '2026-02-01' };

const actorOf = (role: Role): Actor => ({ holds: (a) => roleCan(role, a) });

describe('dossier transitions, every state × role × mode', () => {
  for (const mode of ['head', 'officer_with_head_endorsement'] as const) {
    for (const t of DOSSIER_TRANSITIONS) {
      it(`${t} (${mode}): allowed exactly from its states and for its roles`, () => {
        const wrong: string[] = [];
        for (const state of DOSSIER_STATES) {
          for (const role of ROLES) {
            const d = decide({ ...READY, state }, t, actorOf(role), mode, INPUT);
            const stateOk = FROM[t].includes(state);
            const roleOk = rolesFor(t, state, mode).includes(role);
            const expected = !stateOk ? 'invalid_state' : !roleOk ? 'forbidden' : `→${TO[t]}`;
            const got = d.ok ? `→${d.to}` : d.refusal.kind;
            if (got !== expected) wrong.push(`${state} ${role}: ${got}, expected ${expected}`);
          }
        }
        expect(wrong).toEqual([]);
      });
    }
  }

  it('names who may act next in a refusal for the wrong state', () => {
    const d = decide({ ...READY, state: 'under_appraisal' }, 'submit', actorOf('org_head'), 'head');
    expect(d).toEqual({ ok: false, refusal: { kind: 'invalid_state', state: 'under_appraisal', mayAct: ['dossier.appraise'] } });
    const s = decide({ ...READY, state: 'submitted_for_approval' }, 'appraise', actorOf('authority_appraiser'), 'head');
    expect(s.ok).toBe(false);
    if (!s.ok && s.refusal.kind !== 'guard') expect(s.refusal.mayAct.sort()).toEqual(['dossier.approve']);
  });

  it('leaves approved, rejected, withdrawn and superseded dossiers with no way out', () => {
    for (const state of ['approved', 'rejected', 'withdrawn', 'superseded'] as const) {
      for (const role of ROLES) expect(availableTransitions({ ...READY, state }, actorOf(role), 'officer_with_head_endorsement')).toEqual([]);
    }
  });

  it('offers each side exactly the moves of its step', () => {
    expect(availableTransitions({ ...READY, state: 'under_appraisal' }, actorOf('authority_appraiser'), 'head').sort()).toEqual(
      ['appraise', 'return_for_revision'].sort(),
    );
    expect(availableTransitions({ ...READY, state: 'submitted' }, actorOf('authority_appraiser'), 'head').sort()).toEqual(['accept', 'return_incomplete']);
    expect(availableTransitions({ ...READY, state: 'submitted' }, actorOf('org_head'), 'head')).toEqual(['withdraw']);
  });
});

describe('dossier guards', () => {
  const head = actorOf('org_head');
  const officer = actorOf('security_officer');
  const guardOf = (d: ReturnType<typeof decide>) => (d.ok ? 'ok' : d.refusal.kind === 'guard' ? d.refusal.key : d.refusal.kind);

  it('refuses to send an unclassified or incomplete dossier', () => {
    expect(guardOf(decide({ ...READY, state: 'draft', proposedLevel: null }, 'submit', head, 'head'))).toBe('notClassified');
    expect(guardOf(decide({ ...READY, state: 'draft', sectionsComplete: false }, 'submit', head, 'head'))).toBe('sectionsIncomplete');
  });

  it('asks for the specialised unit opinion from level 4, not below', () => {
    expect(guardOf(decide({ ...READY, state: 'draft', proposedLevel: 3 }, 'submit', head, 'head'))).toBe('ok');
    expect(guardOf(decide({ ...READY, state: 'draft', proposedLevel: 4 }, 'submit', head, 'head'))).toBe('specialisedOpinionMissing');
    expect(guardOf(decide({ ...READY, state: 'draft', proposedLevel: 5, hasSpecialisedOpinion: true }, 'submit', head, 'head'))).toBe('ok');
  });

  it("lets an officer send only once the head has endorsed the version, when so configured", () => {
    const mode = 'officer_with_head_endorsement';
    expect(guardOf(decide({ ...READY, state: 'draft', headEndorsed: false }, 'submit', officer, mode))).toBe('headEndorsementMissing');
    expect(guardOf(decide({ ...READY, state: 'draft', headEndorsed: true }, 'submit', officer, mode))).toBe('ok');
    // The head needs no endorsement of their own.
    expect(guardOf(decide({ ...READY, state: 'draft', headEndorsed: false }, 'submit', head, mode))).toBe('ok');
    expect(guardOf(decide({ ...READY, state: 'draft' }, 'submit', officer, 'head'))).toBe('forbidden');
  });

  it('needs a reason to return or reject, and comments or a note to ask for revision', () => {
    const appraiser = actorOf('authority_appraiser');
    expect(guardOf(decide({ ...READY, state: 'submitted' }, 'return_incomplete', appraiser, 'head', { note: '  ' }))).toBe('noteRequired');
    expect(guardOf(decide({ ...READY, state: 'submitted' }, 'return_incomplete', appraiser, 'head', { note: 'Thiếu thuyết minh' }))).toBe('ok');
    expect(guardOf(decide({ ...READY, state: 'under_appraisal' }, 'return_for_revision', appraiser, 'head', { commentCount: 0 }))).toBe('commentsRequired');
    expect(guardOf(decide({ ...READY, state: 'under_appraisal' }, 'return_for_revision', appraiser, 'head', { commentCount: 2 }))).toBe('ok');
    expect(guardOf(decide({ ...READY, state: 'submitted_for_approval' }, 'reject', actorOf('authority_approver'), 'head', {}))).toBe('noteRequired');
  });

  it('approves only with a level, a decision date and the internal regulation issued on or before it', () => {
    const approver = actorOf('authority_approver');
    const at = (facts: Partial<DossierFacts>, input: Parameters<typeof decide>[4]) =>
      guardOf(decide({ ...READY, state: 'submitted_for_approval', ...facts }, 'approve', approver, 'head', input));
    expect(at({}, { decisionDate: '2026-02-01' })).toBe('approvedLevelRequired');
    expect(at({}, { approvedLevel: 2 })).toBe('decisionDateRequired');
    expect(at({ regulationIssuedOn: null }, { approvedLevel: 2, decisionDate: '2026-02-01' })).toBe('regulationNotIssued');
    expect(at({ regulationIssuedOn: '2026-02-02' }, { approvedLevel: 2, decisionDate: '2026-02-01' })).toBe('regulationAfterDecision');
    expect(at({ regulationIssuedOn: '2026-02-01' }, { approvedLevel: 2, decisionDate: '2026-02-01' })).toBe('ok');
  });
});

describe('independent appraisal council', () => {
  const underAppraisal = { ...READY, state: 'under_appraisal' as const };
  it("refuses the appraisal of the appraiser's own unit's system without a council", () => {
    const d = decide({ ...underAppraisal, appraiserIsOperator: true }, 'appraise', actorOf('authority_appraiser'), 'head', {});
    expect(d).toEqual({ ok: false, refusal: { kind: 'guard', key: 'councilRequired', field: 'council' } });
  });
  it('takes it with a council, and needs none for another unit', () => {
    expect(decide({ ...underAppraisal, appraiserIsOperator: true }, 'appraise', actorOf('authority_appraiser'), 'head', { hasCouncil: true })).toEqual({ ok: true, to: 'appraised' });
    expect(decide(underAppraisal, 'appraise', actorOf('authority_appraiser'), 'head', {})).toEqual({ ok: true, to: 'appraised' });
  });
});

describe('Form 08 status and legal clocks', () => {
  it('maps every state to the Form 08 column or to none', () => {
    const got = Object.fromEntries(DOSSIER_STATES.map((s) => [s, form08Status(s)]));
    expect(got).toEqual({
      draft: 'drafting',
      submitted: 'sent_for_appraisal',
      returned_incomplete: 'drafting',
      under_appraisal: 'sent_for_appraisal',
      returned_for_revision: 'drafting',
      appraised: 'appraised',
      submitted_for_approval: 'appraised',
      approved: 'approved',
      rejected: null,
      withdrawn: null,
      superseded: null,
    });
  });

  it('runs the completeness, appraisal and approval clocks in their states only', () => {
    const running = DOSSIER_STATES.filter((s) => clockOf(s) !== null);
    expect(running).toEqual(['submitted', 'under_appraisal', 'submitted_for_approval']);
  });
});
