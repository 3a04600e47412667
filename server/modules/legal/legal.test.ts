import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, levelAuthorities, levelCriteria, publicHolidays, regimeDeadlines, type OrgRow } from '../../db/schema';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let admin: LoggedIn;
let communeAdmin: LoggedIn;
let viewer: LoggedIn;
let officer: LoggedIn;

/** A day after Decree 331 took effect: the regime in force is fixed for these tests. */
const NOW = new Date('2026-12-02T03:00:00Z');
/** nd85.9.2.c (≥ 10,000 users → level 3), seeded by migration 0004. */
const ND85_USERS_L3 = 'c0850000-0000-4000-8000-000000000010';

beforeAll(async () => {
  env = await createTestEnv({ clock: () => NOW });
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  communeAdmin = await login(env.app, await makeUser(db, { org: communeA, role: 'admin' }));
  viewer = await login(env.app, await makeUser(db, { org: communeA, role: 'viewer' }));
  officer = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
});
afterAll(() => env?.close());

const get = (url: string, as: LoggedIn) => env.app.inject({ url, headers: as.headers });
const send = (method: 'PATCH' | 'PUT' | 'DELETE' | 'POST', url: string, as: LoggedIn | null, payload?: unknown) =>
  env.app.inject({ method, url, headers: as?.headers ?? {}, ...(payload !== undefined ? { payload: JSON.stringify(payload), headers: { ...(as?.headers ?? {}), 'content-type': 'application/json' } } : {}) });
const auditOf = (action: string, entityId: string) =>
  env.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
const evaluateBody = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ answers: { systemType: 'other', infoTypes: [], ...answers }, ...extra });

describe('reading the rule data', () => {
  it('lists both regimes, Decree 331 in force today', async () => {
    const r = await get('/api/legal/regimes', viewer);
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((x: { code: string; inForce: boolean; effectiveFrom: string }) => [x.code, x.inForce, x.effectiveFrom])).toEqual([
      ['nd85_2016', false, '2016-07-01'],
      ['nd331_2026', true, '2026-08-19'],
    ]);
  });

  it('lists criteria, authorities and deadlines per regime, and holidays per year', async () => {
    const c = (await get('/api/legal/criteria?regime=nd331_2026', viewer)).json();
    expect(c.total).toBe(24);
    expect(c.items.every((x: { regime: string; verified: boolean }) => x.regime === 'nd331_2026' && !x.verified)).toBe(true);
    expect(c.items.find((x: { code: string }) => x.code === 'nd331.13.2.b')).toMatchObject({ level: 3, legalRef: 'NĐ 331/2026 Đ13.2.b' });
    expect((await get('/api/legal/criteria', viewer)).json().total).toBe(46);
    expect((await get('/api/legal/authorities?regime=nd85_2016', viewer)).json().items.map((a: { level: number }) => a.level)).toEqual([1, 2, 3, 4, 5]);
    expect((await get('/api/legal/deadlines?regime=nd331_2026', viewer)).json().total).toBe(4);
    const h = (await get('/api/legal/holidays?year=2026', viewer)).json();
    expect(h.items.map((x: { day: string }) => x.day)).toContain('2026-02-17');
    expect(h.items.every((x: { day: string }) => x.day.startsWith('2026-'))).toBe(true);
    expect((await get('/api/legal/holidays?year=2027', viewer)).json().items.map((x: { day: string }) => x.day)).toContain('2027-02-06');
  });

  it('refuses anonymous callers and bad query values', async () => {
    expect((await env.app.inject({ url: '/api/legal/criteria' })).statusCode).toBe(401);
    expect((await send('POST', '/api/classification/evaluate', null, evaluateBody({}))).statusCode).toBe(401);
    const bad = await get('/api/legal/criteria?regime=nd99', viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation');
    expect((await get('/api/legal/holidays?year=abc', viewer)).statusCode).toBe(400);
  });
});

describe('evaluating a level', () => {
  it('uses the regime in force today by default and explains the result', async () => {
    const r = await send('POST', '/api/classification/evaluate', officer, evaluateBody({ systemType: 'citizen_business', handlesAdminProcedures: true }));
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ regime: 'nd331_2026', level: 3, warnings: ['unverifiedRule'] });
    expect(body.matched[0]).toMatchObject({ code: 'nd331.13.2.b', legalRef: 'NĐ 331/2026 Đ13.2.b' });
    expect(body.authority.appraiser.vi).toContain('PA05');
    expect(body.deadlines.map((d: { step: string }) => d.step).sort()).toEqual(['appraisal', 'approval', 'completeness']);
  });

  it('takes an explicit regime and component levels', async () => {
    const r = await send('POST', '/api/classification/evaluate', viewer, evaluateBody({ systemType: 'citizen_business', handlesAdminProcedures: true }, { regime: 'nd85_2016', componentLevels: [3] }));
    expect(r.json()).toMatchObject({ regime: 'nd85_2016', level: 3, criteriaLevel: 2, componentLevel: 3, warnings: ['componentHigher', 'legacyRegimeTransition'] });
  });

  it('is open to an API token holding system.read', async () => {
    const t = await send('POST', '/api/tokens', admin, { name: 'Cổng dịch vụ công', orgId: communeA.id, actions: ['system.read'] });
    expect(t.statusCode).toBe(200);
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/classification/evaluate',
      headers: { authorization: `Bearer ${String(t.json().secret)}`, 'content-type': 'application/json' },
      payload: JSON.stringify(evaluateBody({ systemType: 'internal', infoTypes: ['public'] })),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().level).toBe(1);
  });

  it('refuses answers outside the questionnaire with a Vietnamese message', async () => {
    const r = await send('POST', '/api/classification/evaluate', viewer, evaluateBody({ systemType: 'castle' }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields['answers.systemType']).toMatch(/[Gg]iá trị|phải|chọn|hợp lệ/);
    expect((await send('POST', '/api/classification/evaluate', viewer, evaluateBody({}, { componentLevels: [6] }))).statusCode).toBe(400);
  });
});

describe('correcting the rule data', () => {
  it('lets a province administrator move a threshold; the evaluation follows and the change is audited', async () => {
    const condition = {
      all: [
        { field: 'systemType', eq: 'citizen_business' },
        { field: 'infoTypes', includesAny: ['private', 'personal'] },
        { field: 'userCount', gte: 5000 },
      ],
    };
    const r = await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, admin, { condition, verified: false, textEn: 'Threshold corrected' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ code: 'nd85.9.2.c', verified: false, textEn: 'Threshold corrected', condition });
    const e = await send('POST', '/api/classification/evaluate', viewer, evaluateBody({ systemType: 'citizen_business', infoTypes: ['personal'], userCount: 6000 }, { regime: 'nd85_2016' }));
    expect(e.json().level).toBe(3);
    const [audit] = await auditOf('legal.criterion_updated', ND85_USERS_L3);
    expect(audit?.before).toMatchObject({ verified: true, condition: { all: expect.arrayContaining([{ field: 'userCount', gte: 10000 }]) } });
    expect(audit?.after).toMatchObject({ verified: false, textEn: 'Threshold corrected' });
    const [row] = await env.database.db.select().from(levelCriteria).where(eq(levelCriteria.id, ND85_USERS_L3));
    expect(row?.updatedBy).not.toBeNull();
  });

  it('refuses a condition on an unknown field, a wrong operator, a foreign value or too deep, and changes nothing', async () => {
    const [before] = await env.database.db.select().from(levelCriteria).where(eq(levelCriteria.id, ND85_USERS_L3));
    let deep: unknown = { field: 'requires24x7', isTrue: true };
    for (let i = 0; i < 20; i += 1) deep = { not: deep };
    for (const condition of [{ field: 'orgId', eq: 'x' }, { field: 'systemType', gte: 3 }, { field: 'infoTypes', includesAny: ['top_secret'] }, deep, {}]) {
      const r = await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, admin, { condition });
      expect(r.statusCode, JSON.stringify(condition).slice(0, 80)).toBe(400);
      expect(r.json().error.message).toMatch(/hợp lệ|kiểm tra/i);
    }
    expect((await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, admin, { level: 6 })).statusCode).toBe(400);
    expect((await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, admin, { code: 'x' })).statusCode).toBe(400);
    const [after] = await env.database.db.select().from(levelCriteria).where(eq(levelCriteria.id, ND85_USERS_L3));
    expect(after).toEqual(before);
  });

  it('refuses roles without legal.manage (403), a commune administrator (403) and unknown rows (404)', async () => {
    expect((await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, officer, { verified: true })).statusCode).toBe(403);
    const commune = await send('PATCH', `/api/legal/criteria/${ND85_USERS_L3}`, communeAdmin, { verified: true });
    expect(commune.statusCode).toBe(403);
    expect(commune.json().error.message).toContain('quản trị viên cấp tỉnh');
    expect((await send('PUT', '/api/legal/holidays/2027-11-24', communeAdmin, { kind: 'day_off', nameVi: 'x', nameEn: 'x' })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/legal/criteria/00000000-0000-4000-8000-000000000000', admin, { verified: true })).statusCode).toBe(404);
    expect((await send('PATCH', '/api/legal/authorities/nd331_2026/9', admin, { verified: true })).statusCode).toBe(400);
    expect((await send('PATCH', '/api/legal/deadlines/nd331_2026/opinion/4', admin, { days: 10 })).statusCode).toBe(404);
  });

  it('corrects an authority and a deadline, audited with before and after', async () => {
    const a = await send('PATCH', '/api/legal/authorities/nd331_2026/3', admin, { appraiserVi: 'Công an tỉnh (Phòng An ninh mạng – PA05)', verified: true });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ level: 3, appraiserVi: 'Công an tỉnh (Phòng An ninh mạng – PA05)', verified: true });
    const [aa] = await auditOf('legal.authority_updated', 'nd331_2026/3');
    expect(aa?.before).toMatchObject({ verified: false });

    const d = await send('PATCH', '/api/legal/deadlines/nd85_2016/appraisal/3', admin, { dayKind: 'working', verified: true });
    expect(d.json()).toMatchObject({ step: 'appraisal', levelMin: 3, days: 15, dayKind: 'working', verified: true });
    expect(await auditOf('legal.deadline_updated', 'nd85_2016/appraisal/3')).toHaveLength(1);
    const [row] = await env.database.db.select().from(regimeDeadlines).where(and(eq(regimeDeadlines.regime, 'nd85_2016'), eq(regimeDeadlines.step, 'appraisal'), eq(regimeDeadlines.levelMin, 3)));
    expect(row?.dayKind).toBe('working');

    const wrong = await send('PATCH', '/api/legal/deadlines/nd331_2026/appraisal/4', admin, { levelMax: 3 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.levelMax).toContain('không được nhỏ hơn');
    const [auth] = await env.database.db.select().from(levelAuthorities).where(and(eq(levelAuthorities.regime, 'nd331_2026'), eq(levelAuthorities.level, 4)));
    expect(auth?.verified).toBe(false);
  });

  it('adds, corrects and removes a day of the holiday calendar, each audited', async () => {
    const add = await send('PUT', '/api/legal/holidays/2027-11-24', admin, { kind: 'day_off', nameVi: 'Ngày Văn hóa Việt Nam', nameEn: 'Vietnam Culture Day' });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toEqual({ day: '2027-11-24', kind: 'day_off', nameVi: 'Ngày Văn hóa Việt Nam', nameEn: 'Vietnam Culture Day' });
    const fix = await send('PUT', '/api/legal/holidays/2027-11-24', admin, { kind: 'working_day', nameVi: 'Làm bù', nameEn: 'Working day' });
    expect(fix.json().kind).toBe('working_day');
    expect((await auditOf('legal.holiday_added', '2027-11-24')).map((x) => x.before)).toEqual([null]);
    expect((await auditOf('legal.holiday_updated', '2027-11-24'))[0]?.before).toMatchObject({ kind: 'day_off' });
    expect((await send('DELETE', '/api/legal/holidays/2027-11-24', admin)).statusCode).toBe(200);
    expect(await env.database.db.select().from(publicHolidays).where(eq(publicHolidays.day, '2027-11-24'))).toEqual([]);
    expect(await auditOf('legal.holiday_deleted', '2027-11-24')).toHaveLength(1);
    expect((await send('DELETE', '/api/legal/holidays/2027-11-24', admin)).statusCode).toBe(404);
    expect((await send('PUT', '/api/legal/holidays/2027-02-30', admin, { kind: 'day_off', nameVi: 'x', nameEn: 'x' })).statusCode).toBe(400);
  });
});
