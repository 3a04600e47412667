/**
 * Self-assessments and inspections through the HTTP API on a real database: the requirement lists of
 * both catalogues per level, who may open and write which kind, bulk answers, completion (score, next
 * due date, freeze), evidence checked by content, the authority's inspection announced to the unit,
 * the rule data corrected by an administrator, and nothing of it visible to another commune.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Assessment, AssessmentList, DueList, Requirement, RequirementList } from '@shared/api/assessments';
import type { Regime } from '@shared/domain/systems';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn, type TestUser } from '../../test/factories';
import { assessmentItems, assessments, informationSystems, notifications, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { multipartBody } from '../../test/multipart';

// A 1×1 PNG: a screenshot of a firewall rule, as small as it gets.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

// Monday 23 November 2026, 09:00 in Hanoi.
let now = new Date('2026-11-23T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let communeA: OrgRow;
let officer: LoggedIn;
let officerUser: TestUser;
let head: LoggedIn;
let viewerA: LoggedIn;
let viewerUser: TestUser;
let appraiser: LoggedIn;
let admin: LoggedIn;
let outsider: LoggedIn;
let system85: string;
let system331: string;
let unapproved: string;

type Err = { error: { code: string; message: string; fields?: Record<string, string> } };

async function makeSystem(org: OrgRow, approvedLevel: number | null, regime: Regime = 'nd85_2016'): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-8)}`,
    name: `Cổng dịch vụ công ${id.slice(-4)}`,
    systemType: 'citizen_business',
    infoTypes: ['personal'],
    regime,
    proposedLevel: approvedLevel ?? 2,
    approvedLevel,
    approvedRegime: approvedLevel === null ? null : regime,
    approvedOn: approvedLevel === null ? null : '2026-03-02',
  });
  return id;
}

function call(who: LoggedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

function upload(who: LoggedIn, id: string, name: string, content: Buffer | string, requirementId?: string) {
  const m = multipartBody({ name, content }, requirementId ? { requirementId } : {});
  return app.inject({ method: 'POST', url: `/api/assessments/${id}/evidence`, payload: m.payload, headers: { ...who.headers, ...m.headers } });
}

const itemsOf = (a: Assessment) => a.groups.flatMap((g) => g.items);

async function auditCount(action: string): Promise<number> {
  const [r] = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`);
  return Number(r?.n);
}

beforeAll(async () => {
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  const police = await makeOrg(db, province, 'police');
  communeA = await makeCommune(db, province);
  const communeB = await makeCommune(db, province);
  officerUser = await makeUser(db, { org: communeA, role: 'security_officer', email: 'canbo@xa-a.gov.vn' });
  officer = await login(app, officerUser);
  head = await login(app, await makeUser(db, { org: communeA, role: 'org_head' }));
  viewerUser = await makeUser(db, { org: communeA, role: 'viewer' });
  viewerA = await login(app, viewerUser);
  appraiser = await login(app, await makeUser(db, { org: police, role: 'authority_appraiser', roleOrg: province }));
  admin = await login(app, await makeUser(db, { org: province, role: 'admin' }));
  outsider = await login(app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  system85 = await makeSystem(communeA, 3);
  system331 = await makeSystem(communeA, 1, 'nd331_2026');
  unapproved = await makeSystem(communeA, null);
}, 120_000);
afterAll(() => env?.close());

describe('requirement catalogues', () => {
  async function counts(catalogue: string, level: number) {
    const r = await call(viewerA, 'GET', `/api/assessments/requirements?catalogue=${catalogue}&level=${level}`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<RequirementList>().items;
    const n = (family: Requirement['family']) => items.filter((i) => i.family === family).length;
    return { management: n('management'), technical: n('technical'), design: n('design'), groups: new Set(items.map((i) => i.groupCode)).size, items };
  }

  it('holds Circular 12 / TCVN 11930 management 15/18/22/22/22 and technical 13/17/21/21/21 items per level', async () => {
    const expected = [
      [1, 15, 13, 4],
      [2, 18, 17, 7],
      [3, 22, 21, 15],
      [4, 22, 21, 16],
      [5, 22, 21, 17],
    ] as const;
    for (const [level, management, technical, design] of expected) {
      const c = await counts('tt12_2022_tcvn11930_2017', level);
      expect({ level, management: c.management, technical: c.technical, design: c.design }).toEqual({ level, management, technical, design });
      // 7 management groups and 4 technical ones (Circular 12 Art 9), plus the design table.
      expect(c.groups).toBe(12);
      expect(c.items.every((i) => i.verified && i.legalRef.startsWith('TT 12/2022'))).toBe(true);
    }
    const l1 = await counts('tt12_2022_tcvn11930_2017', 1);
    // Outsourced development and incident management start at level 2, endpoint devices at level 3.
    expect(l1.items.map((i) => i.code)).not.toContain('m1.4.2');
    const l3 = await counts('tt12_2022_tcvn11930_2017', 3);
    expect(l3.items.find((i) => i.code === 'm1.5.6')).toMatchObject({ minLevel: 3, legalRef: expect.stringContaining('7.1.5') });
    expect(l3.items.find((i) => i.code === 'd.waf.3')?.textVi).toMatch(/Không áp dụng/);
  });

  it('holds the 18 groups of TCVN 14423:2026 with their reported thresholds, all unverified', async () => {
    const expected = [
      [1, 19, 15],
      [2, 20, 15],
      [3, 30, 18],
      [4, 35, 18],
      [5, 35, 18],
    ] as const;
    for (const [level, total, groups] of expected) {
      const c = await counts('tcvn14423_2026', level);
      expect({ level, total: c.items.length, groups: c.groups }).toEqual({ level, total, groups });
      expect(c.items.every((i) => !i.verified)).toBe(true);
    }
    const l2 = await counts('tcvn14423_2026', 2);
    expect(l2.items.find((i) => i.code.startsWith('c08.keep'))?.textVi).toMatch(/1 tháng/);
    const l5 = await counts('tcvn14423_2026', 5);
    expect(l5.items.find((i) => i.code.startsWith('c08.keep'))?.textVi).toMatch(/12 tháng/);
  });

  it('refuses an unknown catalogue with a translated message', async () => {
    const r = await call(viewerA, 'GET', '/api/assessments/requirements?catalogue=khong-co');
    expect(r.statusCode).toBe(400);
    expect(r.json<Err>().error.fields?.catalogue).toMatch(/Không có bộ yêu cầu/);
  });
});

describe('self-assessment of a level-3 system (Decree 85)', () => {
  let a: Assessment;

  it('is refused for a system without an approved level, for the wrong role and outside the unit', async () => {
    const none = await call(officer, 'POST', '/api/assessments', { systemId: unapproved, kind: 'self' });
    expect(none.statusCode).toBe(409);
    expect(none.json<Err>().error.message).toMatch(/chưa được phê duyệt cấp độ/);
    expect((await call(viewerA, 'POST', '/api/assessments', { systemId: system85, kind: 'self' })).statusCode).toBe(403);
    // The police inspect; they do not self-assess the unit's system, and the unit does not record inspections.
    expect((await call(appraiser, 'POST', '/api/assessments', { systemId: system85, kind: 'self' })).statusCode).toBe(403);
    expect((await call(officer, 'POST', '/api/assessments', { systemId: system85, kind: 'inspection' })).statusCode).toBe(403);
    expect((await call(outsider, 'POST', '/api/assessments', { systemId: system85, kind: 'self' })).statusCode).toBe(404);
    const [n] = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM assessments`);
    expect(n?.n).toBe(0);
  });

  it('opens a draft with the checklist of the approved level, grouped by family and group', async () => {
    const r = await call(officer, 'POST', '/api/assessments', { systemId: system85, kind: 'self', independentOfOperator: true });
    expect(r.statusCode, r.body).toBe(200);
    a = r.json<Assessment>();
    expect(a).toMatchObject({ kind: 'self', state: 'draft', level: 3, regime: 'nd85_2016', catalogue: 'tt12_2022_tcvn11930_2017', independentOfOperator: true });
    expect(a.schedule).toMatchObject({ months: 12, externalRequired: true });
    expect(itemsOf(a)).toHaveLength(58);
    expect(a.counts).toMatchObject({ total: 58, unanswered: 58 });
    expect(a.groups.map((g) => g.family)).toEqual([...Array(7).fill('management'), ...Array(4).fill('technical'), 'design']);
    expect(a.groups[0]).toMatchObject({ groupCode: '1.1', groupName: 'Chính sách an toàn thông tin' });
    expect(a.can).toEqual({ edit: true, complete: true });
    expect(await auditCount('assessment.created')).toBe(1);
    const again = await call(head, 'POST', '/api/assessments', { systemId: system85, kind: 'self' });
    expect(again.statusCode).toBe(409);
  });

  it('records statuses and notes in bulk, refusing the whole save when one item is not on the list', async () => {
    const ids = itemsOf(a).map((i) => i.requirementId);
    const bad = await call(officer, 'PATCH', `/api/assessments/${a.id}`, {
      items: [
        { requirementId: ids[0], status: 'met' },
        { requirementId: uuidv7(), status: 'met' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Err>().error.fields?.items).toMatch(/không thuộc danh mục/);
    const [untouched] = await env.database.db.select().from(assessmentItems).where(eq(assessmentItems.requirementId, ids[0] ?? ''));
    expect(untouched?.status).toBeNull();

    // 40 met, 10 partly, 4 not met, and 3 not applicable — one left unanswered.
    const statuses = ids.map((requirementId, i) => ({
      requirementId,
      status: i < 40 ? ('met' as const) : i < 50 ? ('partial' as const) : i < 54 ? ('not_met' as const) : ('not_applicable' as const),
      note: i === 0 ? 'Quy chế ban hành theo Quyết định 12/QĐ-UBND' : undefined,
      remediation: i === 50 ? 'Bổ sung giám sát tập trung' : undefined,
      remediationDue: i === 50 ? '2027-03-31' : undefined,
    }));
    const ok = await call(officer, 'PATCH', `/api/assessments/${a.id}`, { items: statuses.slice(0, 57) });
    expect(ok.statusCode, ok.body).toBe(200);
    a = ok.json<Assessment>();
    expect(a.counts).toEqual({ total: 58, met: 40, partial: 10, notMet: 4, notApplicable: 3, unanswered: 1 });
    expect(itemsOf(a)[0]?.note).toBe('Quy chế ban hành theo Quyết định 12/QĐ-UBND');
    expect(itemsOf(a)[50]).toMatchObject({ remediation: 'Bổ sung giám sát tập trung', remediationDue: '2027-03-31' });
    expect(await auditCount('assessment.updated')).toBe(1);
  });

  it('refuses to complete while a requirement has no status, saying how many', async () => {
    const r = await call(officer, 'POST', `/api/assessments/${a.id}/complete`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json<Err>().error.message).toMatch(/Còn 1 yêu cầu chưa chọn kết quả/);
    expect((await call(officer, 'GET', `/api/assessments/${a.id}`)).json<Assessment>().state).toBe('draft');
  });

  it('stores evidence checked by its content, and refuses a file that lies about its type', async () => {
    const first = itemsOf(a)[0]?.requirementId ?? '';
    const ok = await upload(officer, a.id, 'anh-chup-tuong-lua.png', PNG, first);
    expect(ok.statusCode, ok.body).toBe(200);
    const withFile = ok.json<Assessment>();
    expect(itemsOf(withFile)[0]?.evidence[0]).toMatchObject({ fileName: 'anh-chup-tuong-lua.png', mediaType: 'image/png', sizeBytes: PNG.length });
    const whole = await upload(officer, a.id, 'bien-ban.png', PNG);
    expect(whole.json<Assessment>().evidence).toHaveLength(1);
    const got = await call(viewerA, 'GET', `/api/assessments/${a.id}/evidence/${whole.json<Assessment>().evidence[0]?.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const liar = await upload(officer, a.id, 'bao-cao-ra-quet.pdf', 'MZ this is not a PDF at all');
    expect(liar.statusCode).toBe(400);
    expect(liar.json<Err>().error.fields?.file).toBeTruthy();
    expect((await upload(viewerA, a.id, 'x.png', PNG)).statusCode).toBe(403);
    expect((await upload(outsider, a.id, 'x.png', PNG)).statusCode).toBe(404);
    expect(await auditCount('assessment.evidence_added')).toBe(2);
  });

  it('completes with the exact score and the next date from the level-3 period, then is frozen for every route', async () => {
    const last = itemsOf(a)[57]?.requirementId ?? '';
    await call(officer, 'PATCH', `/api/assessments/${a.id}`, { items: [{ requirementId: last, status: 'not_applicable' }] });
    const r = await call(head, 'POST', `/api/assessments/${a.id}/complete`, { conclusion: 'Cơ bản đáp ứng; khắc phục 4 yêu cầu chưa đạt trong quý I/2027.' });
    expect(r.statusCode, r.body).toBe(200);
    a = r.json<Assessment>();
    // (40 + ½ × 10) / (58 − 4 not applicable) × 100 = 83.33
    expect(a.score).toBe(83.33);
    expect(a).toMatchObject({ state: 'completed', performedOn: '2026-11-23', nextDueOn: '2027-11-23', can: { edit: false, complete: false } });
    expect(await auditCount('assessment.completed')).toBe(1);

    const first = itemsOf(a)[0]?.requirementId ?? '';
    const evidenceId = a.evidence[0]?.id ?? '';
    const attempts = [
      await call(officer, 'PATCH', `/api/assessments/${a.id}`, { items: [{ requirementId: first, status: 'not_met' }] }),
      await call(officer, 'PATCH', `/api/assessments/${a.id}`, { conclusion: 'Sửa lại' }),
      await call(officer, 'POST', `/api/assessments/${a.id}/complete`, {}),
      await upload(officer, a.id, 'them.png', PNG),
      await call(officer, 'DELETE', `/api/assessments/${a.id}/evidence/${evidenceId}`),
    ];
    for (const x of attempts) {
      expect(x.statusCode, x.body).toBe(409);
      expect(x.json<Err>().error.message).toMatch(/đã hoàn thành/);
    }
    // Even a query that bypasses the service is refused by the database.
    await expect(env.database.db.update(assessmentItems).set({ status: 'not_met' }).where(eq(assessmentItems.assessmentId, a.id))).rejects.toThrow();
    await expect(env.database.db.update(assessments).set({ score: 100 }).where(eq(assessments.id, a.id))).rejects.toThrow();
    const again = (await call(viewerA, 'GET', `/api/assessments/${a.id}`)).json<Assessment>();
    expect(again.score).toBe(83.33);
    expect(itemsOf(again)[0]?.status).toBe('met');
  });

  it('lists the assessment for the unit and shows nothing of it to another commune', async () => {
    const mine = (await call(viewerA, 'GET', `/api/assessments?systemId=${system85}`)).json<AssessmentList>();
    expect(mine.items.map((x) => x.id)).toEqual([a.id]);
    expect(mine.items[0]).toMatchObject({ score: 83.33, isOverdue: false, counts: { met: 40 } });
    const theirs = (await call(outsider, 'GET', '/api/assessments')).json<AssessmentList>();
    expect(theirs.total).toBe(0);
    expect((await call(outsider, 'GET', `/api/assessments/${a.id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/assessments/${a.id}/evidence/${a.evidence[0]?.id}`)).statusCode).toBe(404);
    const due = (await call(outsider, 'GET', '/api/assessments/due?withinDays=730')).json<DueList>();
    expect(due.total).toBe(0);
  });
});

describe('inspection by the provincial police', () => {
  it('is recorded against the same list, seen by the unit and announced to it', async () => {
    const r = await call(appraiser, 'POST', '/api/assessments', { systemId: system331, kind: 'inspection', inspectionKind: 'compliance', testForm: 'gray_box', triggerKind: 'periodic' });
    expect(r.statusCode, r.body).toBe(200);
    const insp = r.json<Assessment>();
    // Decree 331 work uses the TCVN 14423:2026 catalogue; level 1 has 19 requirements there.
    expect(insp).toMatchObject({ kind: 'inspection', performerKind: 'mps', catalogue: 'tcvn14423_2026', level: 1, testForm: 'gray_box' });
    expect(itemsOf(insp)).toHaveLength(19);
    // The unit sees the inspection but cannot write it.
    const seen = await call(officer, 'GET', `/api/assessments/${insp.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<Assessment>().can.edit).toBe(false);
    expect((await call(officer, 'PATCH', `/api/assessments/${insp.id}`, { conclusion: 'x' })).statusCode).toBe(403);

    const items = itemsOf(insp).map((i, n) => ({ requirementId: i.requirementId, status: n < 15 ? ('met' as const) : ('not_met' as const) }));
    expect((await call(appraiser, 'PATCH', `/api/assessments/${insp.id}`, { items })).statusCode).toBe(200);
    const done = await call(appraiser, 'POST', `/api/assessments/${insp.id}/complete`, { performedOn: '2026-11-20', conclusion: 'Đạt yêu cầu cơ bản.' });
    expect(done.statusCode, done.body).toBe(200);
    // 15 / 19 = 78.95; Decree 331 level 1–2: every 24 months (unconfirmed period, from the data).
    expect(done.json<Assessment>()).toMatchObject({ score: 78.95, performedOn: '2026-11-20', nextDueOn: '2028-11-20' });
    const told = await env.database.db.select().from(notifications).where(eq(notifications.userId, officerUser.id));
    expect(told.map((n) => n.kind)).toContain('assessment.inspectionCompleted');
    expect(told.find((n) => n.kind === 'assessment.inspectionCompleted')).toMatchObject({ subjectType: 'assessment', subjectId: insp.id });
  });

  it('refuses a date performed in the future', async () => {
    const sys = await makeSystem(communeA, 2);
    const r = await call(appraiser, 'POST', '/api/assessments', { systemId: sys, kind: 'inspection', performedOn: '2027-01-05' });
    expect(r.statusCode).toBe(400);
    expect(r.json<Err>().error.fields?.performedOn).toMatch(/không được sau ngày hôm nay/);
  });
});

describe('due dates', () => {
  it('lists approved systems never assessed, due soon and overdue, from the periods', async () => {
    const soon = (await call(viewerA, 'GET', `/api/assessments/due?withinDays=30&orgId=${communeA.id}`)).json<DueList>();
    // The level-3 and level-1 systems were just assessed; only the level-2 one never was.
    expect(soon.items.map((s) => s.status)).toEqual(['never']);
    expect(soon.counts).toEqual({ never: 1, overdue: 0, dueSoon: 0 });
    const year = (await call(viewerA, 'GET', '/api/assessments/due?withinDays=400')).json<DueList>();
    expect(year.items.find((s) => s.systemId === system85)).toMatchObject({ status: 'due_soon', nextDueOn: '2027-11-23', lastKind: 'self', externalRequired: true });
    now = new Date('2027-12-01T02:00:00Z');
    // A year later the old session has expired: sign in again.
    viewerA = await login(app, viewerUser);
    const late = (await call(viewerA, 'GET', '/api/assessments/due')).json<DueList>();
    expect(late.items.find((s) => s.systemId === system85)).toMatchObject({ status: 'overdue' });
    const list = (await call(viewerA, 'GET', `/api/assessments?systemId=${system85}`)).json<AssessmentList>();
    expect(list.items[0]?.isOverdue).toBe(true);
    now = new Date('2026-11-23T02:00:00Z');
    viewerA = await login(app, viewerUser);
  });
});

describe('rule data', () => {
  it('lets a province administrator correct a requirement and a period, audited, and nobody else', async () => {
    const list = (await call(admin, 'GET', '/api/assessments/requirements?catalogue=tcvn14423_2026&level=1')).json<RequirementList>();
    const req = list.items[0];
    if (!req) throw new Error('no requirement');
    expect((await call(officer, 'PATCH', `/api/assessments/requirements/${req.id}`, { verified: true })).statusCode).toBe(403);
    const r = await call(admin, 'PATCH', `/api/assessments/requirements/${req.id}`, { verified: true, textVi: 'Quản lý rủi ro an ninh mạng (đã đối chiếu TCVN).' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<Requirement>()).toMatchObject({ verified: true, textVi: 'Quản lý rủi ro an ninh mạng (đã đối chiếu TCVN).' });
    const range = await call(admin, 'PATCH', `/api/assessments/requirements/${req.id}`, { minLevel: 4, maxLevel: 2 });
    expect(range.statusCode).toBe(400);
    expect(await auditCount('assessment.requirement_updated')).toBe(1);

    const s = await call(admin, 'PATCH', '/api/assessments/schedules/nd331_2026/3', { months: 6, verified: true });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json<{ months: number }>().months).toBe(6);
    expect((await call(appraiser, 'PATCH', '/api/assessments/schedules/nd331_2026/3', { months: 3 })).statusCode).toBe(403);
    expect(await auditCount('assessment.schedule_updated')).toBe(1);
  });
});
