import { describe, expect, it } from 'vitest';
import { answersToSend, regimeInForce, visibleQuestions } from './questionnaire';
import { makeSystem } from './system-fixtures';

const base = makeSystem().answers;

describe('level questionnaire rules', () => {
  it('asks citizen-service questions by regime: administrative procedures and data subjects under Decree 331, service level and users under Decree 85', () => {
    const answers = { ...base, systemType: 'citizen_business' as const, infoTypes: ['personal' as const] };
    expect(visibleQuestions('service', answers, 'nd331_2026')).toEqual([
      'handlesAdminProcedures',
      'conditionalBusinessService',
      'personalBasicSubjects',
      'personalSensitiveSubjects',
      'nationalEgov',
    ]);
    expect(visibleQuestions('service', answers, 'nd85_2016')).toEqual([
      'onlinePublicServiceLevel',
      'conditionalBusinessService',
      'userCount',
      'nationalEgov',
    ]);
  });

  it('asks no service questions of an internal system and the harm question only with state secrets or defence', () => {
    expect(visibleQuestions('service', base, 'nd331_2026')).toEqual([]);
    expect(visibleQuestions('information', base, 'nd331_2026')).not.toContain('stateSecretHarm');
    expect(visibleQuestions('information', { ...base, infoTypes: ['state_secret'] }, 'nd331_2026')).toContain('stateSecretHarm');
  });

  it('sends neutral values for questions that do not apply to the chosen type', () => {
    const answers = {
      ...base,
      systemType: 'infrastructure' as const,
      handlesAdminProcedures: true,
      personalBasicSubjects: 200_000,
      icsWorksGrade: 'i' as const,
      infraScope: 'sector_or_province' as const,
    };
    const sent = answersToSend(answers);
    expect(sent.handlesAdminProcedures).toBe(false);
    expect(sent.personalBasicSubjects).toBe(0);
    expect(sent.icsWorksGrade).toBe('none');
    expect(sent.infraScope).toBe('sector_or_province');
  });

  it('keeps a fact of the other regime (it is true of the system either way)', () => {
    const answers = { ...base, systemType: 'citizen_business' as const, infoTypes: ['personal' as const], userCount: 20_000, personalBasicSubjects: 150_000 };
    const sent = answersToSend(answers);
    expect(sent.userCount).toBe(20_000);
    expect(sent.personalBasicSubjects).toBe(150_000);
  });

  it('uses Decree 331/2026 from 19/8/2026', () => {
    expect(regimeInForce(new Date('2026-08-18T16:00:00Z'))).toBe('nd85_2016');
    // 18/8 at 18:00 UTC is already 19/8 in Vietnam.
    expect(regimeInForce(new Date('2026-08-18T18:00:00Z'))).toBe('nd331_2026');
  });
});
