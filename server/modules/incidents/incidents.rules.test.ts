/**
 * Every transition from every state for every role against a table written out here (not derived
 * from the implementation); the guards at their boundary; the report deadlines of both regimes from
 * the rule data of migration 0010; lateness and reminders; indicator values per kind.
 */
import { describe, expect, it } from 'vitest';
import {
  INCIDENT_STATUSES,
  fulfils,
  isLate,
  normaliseIndicator,
  reminderLeadHours,
  reportObligations,
  type DeadlineRule,
  type IncidentStatus,
} from '@shared/domain/incidents';
import { ROLES, type Role } from '@shared/domain/roles';
import { roleCan } from '../../authz/policies';
import { INCIDENT_TRANSITIONS, availableTransitions, decide, mayStep, type Actor, type IncidentFacts, type IncidentTransition } from './incidents.rules';

const FROM: Record<IncidentTransition, IncidentStatus> = {
  triage: 'reported',
  respond: 'triaged',
  contain: 'responding',
  recover: 'contained',
  close: 'recovered',
  reopen: 'closed',
};
const TO: Record<IncidentTransition, IncidentStatus> = {
  triage: 'triaged',
  respond: 'responding',
  contain: 'contained',
  recover: 'recovered',
  close: 'closed',
  reopen: 'responding',
};
/** The provincial response team: the police SOC analysts and incident responders. */
const RESPONDERS: readonly Role[] = ['soc_analyst', 'incident_responder'];
/** Who reports and sends the unit's reports. */
const REPORTERS: readonly Role[] = ['security_officer', 'org_head', 'soc_analyst', 'incident_responder'];

const actorOf = (role: Role): Actor => ({ holds: (a) => roleCan(role, a) });
const READY = { finalReportSent: true, closingReportComplete: true };

describe('incident transitions, every state × role', () => {
  for (const t of INCIDENT_TRANSITIONS) {
    it(`${t}: allowed exactly from ${FROM[t]} and for the response team`, () => {
      const wrong: string[] = [];
      for (const status of INCIDENT_STATUSES) {
        for (const role of ROLES) {
          const d = decide({ ...READY, status }, t, actorOf(role), { reason: 'Phát hiện thêm máy nhiễm' });
          const expected = status !== FROM[t] ? 'invalid_state' : !RESPONDERS.includes(role) ? 'forbidden' : `→${TO[t]}`;
          const got = d.ok ? `→${d.to}` : d.refusal.kind;
          if (got !== expected) wrong.push(`${status} ${role}: ${got}, expected ${expected}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('names the state and who may act in a refusal', () => {
    const d = decide({ ...READY, status: 'responding' }, 'close', actorOf('incident_responder'));
    expect(d).toEqual({ ok: false, refusal: { kind: 'invalid_state', state: 'responding', mayAct: ['incident.respond'] } });
    const f = decide({ ...READY, status: 'reported' }, 'triage', actorOf('security_officer'));
    expect(f).toEqual({ ok: false, refusal: { kind: 'forbidden', state: 'reported', mayAct: ['incident.respond'] } });
  });

  it('walks the whole way from reported to closed and back by reopening', () => {
    let status: IncidentStatus = 'reported';
    const path: IncidentStatus[] = [status];
    for (const t of ['triage', 'respond', 'contain', 'recover', 'close', 'reopen'] as const) {
      const d = decide({ ...READY, status }, t, actorOf('incident_responder'), { reason: 'Tái nhiễm' });
      if (!d.ok) throw new Error(`${t} refused`);
      status = d.to;
      path.push(status);
    }
    expect(path).toEqual(['reported', 'triaged', 'responding', 'contained', 'recovered', 'closed', 'responding']);
  });

  it('offers a unit officer no transition and a responder exactly the next step', () => {
    for (const status of INCIDENT_STATUSES) {
      for (const role of ['security_officer', 'org_head', 'leadership', 'viewer', 'admin', 'authority_appraiser', 'authority_approver'] as const) {
        expect(availableTransitions(status, actorOf(role))).toEqual([]);
      }
    }
    expect(availableTransitions('contained', actorOf('soc_analyst'))).toEqual(['recover']);
    expect(availableTransitions('closed', actorOf('incident_responder'))).toEqual(['reopen']);
  });
});

describe('incident guards and steps', () => {
  const responder = actorOf('incident_responder');
  const key = (d: ReturnType<typeof decide>) => (d.ok ? 'ok' : d.refusal.kind === 'guard' ? d.refusal.key : d.refusal.kind);

  it('closes only with the final report sent and the closing report written', () => {
    const facts = (f: Partial<IncidentFacts>): IncidentFacts => ({ status: 'recovered', finalReportSent: true, closingReportComplete: true, ...f });
    expect(key(decide(facts({ finalReportSent: false }), 'close', responder))).toBe('finalReportMissing');
    expect(key(decide(facts({ closingReportComplete: false }), 'close', responder))).toBe('closingReportIncomplete');
    expect(key(decide(facts({}), 'close', responder))).toBe('ok');
  });

  it('reopens only with a reason', () => {
    const closed: IncidentFacts = { status: 'closed', ...READY };
    expect(key(decide(closed, 'reopen', responder, { reason: '   ' }))).toBe('reasonRequired');
    expect(key(decide(closed, 'reopen', responder, {}))).toBe('reasonRequired');
    expect(key(decide(closed, 'reopen', responder, { reason: 'Mã độc quay lại' }))).toBe('ok');
  });

  it('lets both sides contribute, only the team manage, and nobody touch a closed case', () => {
    for (const role of ROLES) {
      for (const status of INCIDENT_STATUSES) {
        const open = status !== 'closed';
        expect(mayStep('contribute', status, actorOf(role)), `${role} ${status}`).toBe(open && REPORTERS.includes(role));
        expect(mayStep('sendReport', status, actorOf(role)), `${role} ${status}`).toBe(open && REPORTERS.includes(role));
        expect(mayStep('manage', status, actorOf(role)), `${role} ${status}`).toBe(open && RESPONDERS.includes(role));
      }
    }
  });
});

// The rows of migration 0010, written out.
const RULES: Record<'nd85_2016' | 'nd331_2026', DeadlineRule[]> = {
  nd85_2016: [
    { code: 'nd85.notification', reportType: 'notification', appliesWhen: 'always', anchor: 'detected', hours: 120, legalRef: 'TT 20/2017 Đ9', verified: true },
    { code: 'nd85.initial_beyond_capacity', reportType: 'initial', appliesWhen: 'beyond_capacity', anchor: 'detected', hours: 0, legalRef: 'TT 20/2017 Đ9', verified: true },
    { code: 'nd85.final', reportType: 'final', appliesWhen: 'always', anchor: 'response_ended', hours: 120, legalRef: 'TT 20/2017 Đ9', verified: true },
  ],
  nd331_2026: [
    { code: 'nd331.initial_24h', reportType: 'initial', appliesWhen: 'serious', anchor: 'detected', hours: 24, legalRef: 'NĐ 331 Đ31.2.d', verified: false },
    { code: 'nd331.initial_immediate', reportType: 'initial', appliesWhen: 'national_security', anchor: 'detected', hours: 0, legalRef: 'NĐ 331 Đ31.2.d', verified: false },
    { code: 'nd331.report_72h', reportType: 'report_72h', appliesWhen: 'serious', anchor: 'detected', hours: 72, legalRef: 'NĐ 331 Đ31.2.d', verified: false },
    { code: 'nd331.pdp_72h', reportType: 'pdp_notice', appliesWhen: 'personal_data', anchor: 'detected', hours: 72, legalRef: 'Luật 91/2025 Đ23', verified: false },
  ],
};

const T0 = new Date('2026-09-10T01:30:00Z'); // 08:30 in Hanoi
const NONE = { serious: false, nationalSecuritySign: false, beyondCapacity: false, personalDataInvolved: false };
const due = (o: ReturnType<typeof reportObligations>) => Object.fromEntries(o.map((x) => [x.reportType, x.dueAt?.toISOString() ?? null]));

describe('report deadlines from the detection time and the regime rules', () => {
  it('legacy: notification within 5 days; final 5 days after the response ends', () => {
    const before = reportObligations(RULES.nd85_2016, { ...NONE, detectedAt: T0, responseEndedAt: null });
    expect(due(before)).toEqual({ notification: '2026-09-15T01:30:00.000Z', final: null });
    const after = reportObligations(RULES.nd85_2016, { ...NONE, detectedAt: T0, responseEndedAt: new Date('2026-09-12T10:00:00Z') });
    expect(due(after)).toEqual({ notification: '2026-09-15T01:30:00.000Z', final: '2026-09-17T10:00:00.000Z' });
  });

  it('legacy: an incident beyond the unit\'s capacity owes the initial report immediately', () => {
    const o = reportObligations(RULES.nd85_2016, { ...NONE, beyondCapacity: true, detectedAt: T0, responseEndedAt: null });
    expect(due(o).initial).toBe(T0.toISOString());
  });

  it('Decree 331: nothing timed for a non-serious incident but the closing report', () => {
    expect(due(reportObligations(RULES.nd331_2026, { ...NONE, detectedAt: T0, responseEndedAt: null }))).toEqual({ final: null });
  });

  it('Decree 331: a serious incident owes the 24-hour notice and the 72-hour report', () => {
    const o = reportObligations(RULES.nd331_2026, { ...NONE, serious: true, detectedAt: T0, responseEndedAt: null });
    expect(due(o)).toEqual({ initial: '2026-09-11T01:30:00.000Z', report_72h: '2026-09-13T01:30:00.000Z', final: null });
    expect(o.find((x) => x.reportType === 'initial')?.rule.code).toBe('nd331.initial_24h');
  });

  it('Decree 331: signs touching national security make the initial notice immediate, the earliest rule winning', () => {
    const o = reportObligations(RULES.nd331_2026, { ...NONE, serious: true, nationalSecuritySign: true, detectedAt: T0, responseEndedAt: null });
    const initial = o.find((x) => x.reportType === 'initial');
    expect(initial?.dueAt?.toISOString()).toBe(T0.toISOString());
    expect(initial?.rule.code).toBe('nd331.initial_immediate');
    expect(initial?.rules.map((r) => r.code).sort()).toEqual(['nd331.initial_24h', 'nd331.initial_immediate']);
  });

  it('Decree 331 / Law 91: personal data involved owes the PDP notice within 72 hours', () => {
    const o = reportObligations(RULES.nd331_2026, { ...NONE, personalDataInvolved: true, detectedAt: T0, responseEndedAt: null });
    expect(due(o)).toEqual({ pdp_notice: '2026-09-13T01:30:00.000Z', final: null });
  });

  it('counts a report late when unsent past its due date or sent after it', () => {
    const d = new Date('2026-09-11T01:30:00Z');
    expect(isLate(d, null, new Date('2026-09-11T01:29:00Z'))).toBe(false);
    expect(isLate(d, null, new Date('2026-09-11T01:31:00Z'))).toBe(true);
    expect(isLate(d, new Date('2026-09-11T01:30:00Z'), new Date('2026-09-20T00:00:00Z'))).toBe(false);
    expect(isLate(d, new Date('2026-09-11T02:00:00Z'), new Date('2026-09-11T02:00:00Z'))).toBe(true);
    expect(isLate(null, null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('lets the initial report stand for the notification and the final for the 72-hour report', () => {
    expect(fulfils('initial', 'notification')).toBe(true);
    expect(fulfils('final', 'report_72h')).toBe(true);
    expect(fulfils('update', 'notification')).toBe(false);
    expect(fulfils('initial', 'final')).toBe(false);
    expect(fulfils('pdp_notice', 'pdp_notice')).toBe(true);
  });

  it('reminds a quarter of the period before, between 1 and 24 hours; never for "immediately"', () => {
    expect([0, 1, 24, 72, 120, 1000].map(reminderLeadHours)).toEqual([0, 1, 6, 18, 24, 24]);
  });
});

describe('indicator values per kind', () => {
  const cases: [Parameters<typeof normaliseIndicator>[0], string, string | undefined][] = [
    ['ipv4', ' 203.0.113.7 ', '203.0.113.7'],
    ['ipv4', '256.1.1.1', undefined],
    ['ipv4', '2001:db8::1', undefined],
    ['ipv6', '2001:DB8::1', '2001:db8::1'],
    ['ipv6', '203.0.113.7', undefined],
    ['domain', 'Evil-Login.Example.COM.', 'evil-login.example.com'],
    ['domain', 'localhost', undefined],
    ['domain', '-bad.example.com', undefined],
    ['url', 'http://evil.example.com/login.php?u=1', 'http://evil.example.com/login.php?u=1'],
    ['url', 'javascript:alert(1)', undefined],
    ['url', 'http://exa mple.com/', undefined],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427', undefined],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha1', 'zz39a3ee5e6b4b0d3255bfef95601890afd80709', undefined],
    ['sha256', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['sha256', 'd41d8cd98f00b204e9800998ecf8427e', undefined],
    ['email', 'KeToan@Phishing-Example.com', 'ketoan@phishing-example.com'],
    ['email', 'not-an-email', undefined],
    ['email', 'a@b', undefined],
  ];
  for (const [kind, raw, want] of cases) {
    it(`${kind} ${JSON.stringify(raw)} → ${want ?? 'refused'}`, () => expect(normaliseIndicator(kind, raw)).toBe(want));
  }
});
