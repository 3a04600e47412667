/**
 * The level-dossier procedure through the HTTP API on a real database: a commune prepares and sends,
 * the police check, comment, return, appraise and submit, the approver approves at another level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Dossier } from '@shared/api/dossiers';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { dossierVersions, informationSystems, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { multipartBody } from '../../test/multipart';

// A 1×1 PNG: a network diagram as small as it gets.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function upload(who: LoggedIn, id: string, name: string, content: Buffer | string, section = 'design') {
  const m = multipartBody({ name, content }, { section });
  return app.inject({ method: 'POST', url: `/api/dossiers/${id}/attachments`, payload: m.payload, headers: { ...who.headers, ...m.headers } });
}

// Monday 23 November 2026, 09:00 in Hanoi.
let now = new Date('2026-11-23T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let communeA: OrgRow;
let officer: LoggedIn;
let head: LoggedIn;
let appraiser: LoggedIn;
let approver: LoggedIn;
let outsider: LoggedIn;
let viewerA: LoggedIn;
let systemId: string;
let police: OrgRow;

async function makeSystem(org: OrgRow, level: number | null): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-8)}`,
    name: 'Hệ thống quản lý văn bản và điều hành',
    systemType: 'internal',
    infoTypes: ['private'],
    regime: level === null ? null : 'nd331_2026',
    proposedLevel: level,
  });
  return id;
}

function call(who: LoggedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

const FULL_SECTIONS = {
  overview: 'Hệ thống phục vụ quản lý văn bản đi, đến của UBND xã.',
  design: 'Máy chủ ứng dụng và CSDL đặt tại Trung tâm dữ liệu tỉnh.',
  level_rationale: 'Hệ thống nội bộ xử lý thông tin riêng: cấp độ 2 theo Điều 12.',
  security_plan: {
    design_build: 'Phân vùng mạng.',
    operation: 'Quản lý vận hành.',
    inspection: 'Kiểm tra hằng năm.',
    risk: 'Đánh giá rủi ro.',
    monitoring: 'Kết nối giám sát.',
    backup_response_recovery: 'Sao lưu hằng ngày.',
    decommissioning: 'Hủy dữ liệu an toàn.',
  },
};

beforeAll(async () => {
  // Long sessions: the test moves the clock a day forward.
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  police = await makeOrg(db, province, 'police');
  communeA = await makeCommune(db, province);
  const communeB = await makeCommune(db, province);
  officer = await login(app, await makeUser(db, { org: communeA, role: 'security_officer', email: 'canbo@xa-a.gov.vn' }));
  head = await login(app, await makeUser(db, { org: communeA, role: 'org_head' }));
  viewerA = await login(app, await makeUser(db, { org: communeA, role: 'viewer' }));
  appraiser = await login(app, await makeUser(db, { org: police, role: 'authority_appraiser', roleOrg: province, email: 'thamdinh@ca.gov.vn' }));
  approver = await login(app, await makeUser(db, { org: police, role: 'authority_approver', roleOrg: province }));
  outsider = await login(app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  systemId = await makeSystem(communeA, 3);
}, 120_000);
afterAll(() => env?.close());

describe('level dossier procedure', () => {
  let id: string;

  it('opens a draft for a classified system of the unit', async () => {
    const r = await call(officer, 'POST', '/api/dossiers', { systemId });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json<Dossier>();
    id = d.id;
    expect(d).toMatchObject({ state: 'draft', regime: 'nd331_2026', proposedLevel: 3, currentVersion: 1, frozen: false, form08Status: 'drafting' });
    expect(d.can).toMatchObject({ edit: true, transitions: ['submit', 'withdraw'] });
    expect(d.missingSections).toContain('overview');
    // A second open dossier for the same system is refused.
    const again = await call(officer, 'POST', '/api/dossiers', { systemId });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toContain('Hệ thống quản lý văn bản');
  });

  it('refuses to send an incomplete dossier, naming what is missing', async () => {
    const r = await call(head, 'POST', `/api/dossiers/${id}/submit`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(/thiếu nội dung/);
  });

  it('stores an attached diagram checked by its content, and refuses a file that lies about its type', async () => {
    const ok = await upload(officer, id, 'so-do-mang.png', PNG);
    expect(ok.statusCode, ok.body).toBe(200);
    const [att] = ok.json<Dossier>().attachments;
    expect(att).toMatchObject({ fileName: 'so-do-mang.png', mediaType: 'image/png', sizeBytes: PNG.length, section: 'design', version: 1 });
    const got = await call(viewerA, 'GET', `/api/dossiers/${id}/attachments/${att?.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['x-content-sha256']).toBe(att?.sha256);
    const exe = await upload(officer, id, 'so-do.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json<{ error: { fields: Record<string, string> } }>().error.fields.file).toMatch(/không đúng với phần mở rộng|Chỉ nhận/);
    expect((await upload(outsider, id, 'x.png', PNG)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/dossiers/${id}/attachments/${att?.id}`)).statusCode).toBe(404);
    const count = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM dossier_attachments WHERE dossier_id = ${id}`);
    expect(count[0]?.n).toBe(1);
  });

  it('lets the officer write the sections, and the head endorse before the officer sends', async () => {
    const w = await call(officer, 'PATCH', `/api/dossiers/${id}`, { sections: FULL_SECTIONS });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json<Dossier>().missingSections).toEqual([]);
    const early = await call(officer, 'POST', `/api/dossiers/${id}/submit`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json<{ error: { message: string } }>().error.message).toMatch(/Thủ trưởng/);
    expect((await call(head, 'POST', `/api/dossiers/${id}/endorse`)).statusCode).toBe(200);
    const sent = await call(officer, 'POST', `/api/dossiers/${id}/submit`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    // Received Monday 23/11: five working days → Monday 30/11 (Decree 331 Art 23).
    expect(sent.json<Dossier>()).toMatchObject({ state: 'submitted', frozen: true, clock: 'completeness', dueOn: '2026-11-30', form08Status: 'sent_for_appraisal' });
  });

  it('freezes the sent version against every route and every query', async () => {
    const r = await call(officer, 'PATCH', `/api/dossiers/${id}`, { sections: { overview: 'Sửa lén' } });
    expect(r.statusCode).toBe(409);
    await expect(env.database.db.update(dossierVersions).set({ sections: {} }).where(eq(dossierVersions.dossierId, id))).rejects.toThrow();
    // Its attachments are frozen with it.
    const late = await upload(officer, id, 'muon.png', PNG);
    expect(late.statusCode).toBe(409);
    const [att] = (await call(officer, 'GET', `/api/dossiers/${id}`)).json<Dossier>().attachments;
    expect((await app.inject({ method: 'DELETE', url: `/api/dossiers/${id}/attachments/${att?.id}`, headers: officer.headers })).statusCode).toBe(409);
    const v1 = await call(viewerA, 'GET', `/api/dossiers/${id}/versions/1`);
    expect(v1.json<{ sections: { overview: string } }>().sections.overview).toBe(FULL_SECTIONS.overview);
  });

  it('tells the appraisers, in the app and by e-mail', async () => {
    const n = await call(appraiser, 'GET', '/api/notifications');
    expect(n.json<{ items: { kind: string; subjectId: string }[] }>().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'dossier.submit', subjectId: id })]));
    const mails = await queryRows(env.database.db, sql`SELECT data FROM pgboss.job WHERE name = 'email.send'`);
    expect(mails.map((m) => JSON.stringify(m.data))).toEqual(expect.arrayContaining([expect.stringContaining('thamdinh@ca.gov.vn')]));
  });

  it('answers a step taken by the wrong side with who may act', async () => {
    const r = await call(officer, 'POST', `/api/dossiers/${id}/accept`, {});
    expect(r.statusCode).toBe(403);
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(/cán bộ thẩm định/);
    const wrongState = await call(approver, 'POST', `/api/dossiers/${id}/approve`, { approvedLevel: 2, decisionNo: '1/QĐ', decisionDate: '2026-11-23' });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json<{ error: { message: string } }>().error.message).toContain('Đã gửi, chờ kiểm tra');
  });

  it('hides the dossier from another commune', async () => {
    expect((await call(outsider, 'GET', `/api/dossiers/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/dossiers/${id}/withdraw`, {})).statusCode).toBe(404);
    const list = await call(outsider, 'GET', '/api/dossiers');
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('returns the dossier with a comment on one section; the unit revises in a new version', async () => {
    now = new Date('2026-11-24T01:00:00Z');
    const acc = await call(appraiser, 'POST', `/api/dossiers/${id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
    // Accepted Tuesday 24/11, level 3: fifteen working days → Tuesday 15/12.
    expect(acc.json<Dossier>()).toMatchObject({ state: 'under_appraisal', clock: 'appraisal', dueOn: '2026-12-15' });
    const noComment = await call(appraiser, 'POST', `/api/dossiers/${id}/return-for-revision`, {});
    expect(noComment.statusCode).toBe(400);
    const c = await call(appraiser, 'POST', `/api/dossiers/${id}/comments`, { section: 'design', body: 'Bổ sung sơ đồ mạng và quy hoạch địa chỉ IP.' });
    expect(c.statusCode, c.body).toBe(200);
    const back = await call(appraiser, 'POST', `/api/dossiers/${id}/return-for-revision`, {});
    expect(back.statusCode, back.body).toBe(200);
    const d = back.json<Dossier>();
    expect(d).toMatchObject({ state: 'returned_for_revision', currentVersion: 2, frozen: false, clock: null, dueOn: null });
    expect(d.comments).toEqual([expect.objectContaining({ version: 1, section: 'design' })]);
    // The diagram sent with version 1 carries over to version 2.
    expect(d.attachments.map((a) => [a.version, a.fileName])).toEqual([
      [1, 'so-do-mang.png'],
      [2, 'so-do-mang.png'],
    ]);
    expect(d.versions.map((v) => [v.version, v.frozenAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    const officerSees = await call(officer, 'GET', '/api/notifications?unread=true');
    expect(officerSees.json<{ items: { kind: string }[] }>().items.map((i) => i.kind)).toContain('dossier.return_for_revision');
  });

  it('takes the revised version through appraisal to the approver', async () => {
    const w = await call(officer, 'PATCH', `/api/dossiers/${id}`, { sections: { design: 'Sơ đồ mạng: vùng DMZ, vùng máy chủ nội bộ; dải IP 10.10.0.0/24.' } });
    expect(w.statusCode).toBe(200);
    expect(w.json<Dossier>().sections.overview).toBe(FULL_SECTIONS.overview);
    expect((await call(head, 'POST', `/api/dossiers/${id}/endorse`)).statusCode).toBe(200);
    expect((await call(officer, 'POST', `/api/dossiers/${id}/submit`, {})).statusCode).toBe(200);
    expect((await call(appraiser, 'POST', `/api/dossiers/${id}/accept`, {})).statusCode).toBe(200);
    const ap = await call(appraiser, 'POST', `/api/dossiers/${id}/appraise`, { opinion: 'Phù hợp.' });
    expect(ap.json<Dossier>()).toMatchObject({ state: 'appraised', appraisalOpinion: 'Phù hợp.', form08Status: 'appraised' });
    const sfa = await call(appraiser, 'POST', `/api/dossiers/${id}/submit-for-approval`, {});
    expect(sfa.json<Dossier>()).toMatchObject({ state: 'submitted_for_approval', clock: 'approval' });
  });

  it('approves only once the internal regulation is issued, at the level the approver decides', async () => {
    const body = { approvedLevel: 2, decisionNo: '15/QĐ-UBND', decisionDate: '2026-11-25' };
    const noRegulation = await call(approver, 'POST', `/api/dossiers/${id}/approve`, body);
    expect(noRegulation.statusCode).toBe(400);
    expect(Object.keys(noRegulation.json<{ error: { fields: Record<string, string> } }>().error.fields)).toEqual(['regulationIssuedOn']);
    const reg = await call(officer, 'PATCH', `/api/dossiers/${id}`, { regulationNo: '01/QC-UBND', regulationIssuedOn: '2026-11-20' });
    expect(reg.statusCode, reg.body).toBe(200);
    const ok = await call(approver, 'POST', `/api/dossiers/${id}/approve`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Dossier>()).toMatchObject({ state: 'approved', approvedLevel: 2, proposedLevel: 3, decisionNo: '15/QĐ-UBND', form08Status: 'approved', can: { transitions: [] } });
    const [sys] = await env.database.db.select().from(informationSystems).where(eq(informationSystems.id, systemId));
    expect(sys).toMatchObject({ approvedLevel: 2, approvedRegime: 'nd331_2026', approvedOn: '2026-11-25' });
    const ev = ok.json<Dossier>().events.map((e) => e.transition);
    expect(ev).toEqual(['submit', 'accept', 'return_for_revision', 'submit', 'accept', 'appraise', 'submit_for_approval', 'approve']);
    const audit = await queryRows(env.database.db, sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toContain('dossier.approve');
  });

  it('re-determines the level: the new approval supersedes the earlier one, which stays on record', async () => {
    now = new Date('2026-11-24T06:00:00Z');
    const r = await call(officer, 'POST', '/api/dossiers', { systemId });
    expect(r.statusCode, r.body).toBe(200);
    const again = r.json<Dossier>().id;
    await call(officer, 'PATCH', `/api/dossiers/${again}`, { sections: FULL_SECTIONS, regulationNo: '02/QC-UBND', regulationIssuedOn: '2026-11-20' });
    expect((await call(head, 'POST', `/api/dossiers/${again}/submit`, {})).statusCode).toBe(200);
    for (const [who, step, body] of [
      [appraiser, 'accept', {}],
      [appraiser, 'appraise', { opinion: 'Phù hợp.' }],
      [appraiser, 'submit-for-approval', {}],
    ] as const) {
      const s = await call(who, 'POST', `/api/dossiers/${again}/${step}`, body);
      expect(s.statusCode, s.body).toBe(200);
    }
    const ok = await call(approver, 'POST', `/api/dossiers/${again}/approve`, { approvedLevel: 3, decisionNo: '20/QĐ-UBND', decisionDate: '2026-11-24' });
    expect(ok.statusCode, ok.body).toBe(200);
    const old = (await call(officer, 'GET', `/api/dossiers/${id}`)).json<Dossier>();
    expect(old).toMatchObject({ state: 'superseded', supersededBy: again, decisionNo: '15/QĐ-UBND', approvedLevel: 2, form08Status: null, can: { transitions: [] } });
    expect(old.events.at(-1)).toMatchObject({ transition: 'supersede', fromState: 'approved', toState: 'superseded', note: '20/QĐ-UBND' });
    const [sys] = await env.database.db.select().from(informationSystems).where(eq(informationSystems.id, systemId));
    expect(sys).toMatchObject({ approvedLevel: 3, approvedOn: '2026-11-24' });
    // One approval per system stands, in the lists and in the database.
    const approved = await call(appraiser, 'GET', '/api/dossiers?state=approved');
    expect(approved.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([again]);
    await expect(env.database.db.execute(sql`UPDATE dossiers SET state = 'approved' WHERE id = ${id}`)).rejects.toThrow();
    // The superseded decision can still be printed.
    const doc = await call(officer, 'GET', `/api/documents/dossiers/${id}/decision`);
    expect(doc.statusCode).toBe(200);
    const audit = await queryRows(env.database.db, sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq DESC LIMIT 1`);
    expect(audit[0]?.action).toBe('dossier.superseded');
  });

  it("has the police's own system appraised by an independent council, recorded with its members", async () => {
    const policeOfficer = await login(app, await makeUser(env.database.db, { org: police, role: 'org_head' }));
    const own = await makeSystem(police, 3);
    const d = (await call(policeOfficer, 'POST', '/api/dossiers', { systemId: own })).json<Dossier>();
    await call(policeOfficer, 'PATCH', `/api/dossiers/${d.id}`, { sections: FULL_SECTIONS });
    expect((await call(policeOfficer, 'POST', `/api/dossiers/${d.id}/submit`, {})).statusCode).toBe(200);
    const accepted = await call(appraiser, 'POST', `/api/dossiers/${d.id}/accept`, {});
    expect(accepted.json<Dossier>().can.councilRequired).toBe(true);
    const alone = await call(appraiser, 'POST', `/api/dossiers/${d.id}/appraise`, { opinion: 'Phù hợp.' });
    expect(alone.statusCode).toBe(400);
    expect(alone.json<{ error: { fields: Record<string, string> } }>().error.fields.council).toMatch(/hội đồng độc lập/);
    const tooFew = await call(appraiser, 'POST', `/api/dossiers/${d.id}/appraise`, { opinion: 'Phù hợp.', council: { decisionNo: '12/QĐ-CAT', members: [{ name: 'A' }] } });
    expect(tooFew.statusCode).toBe(400);
    const council = { decisionNo: '12/QĐ-CAT', members: [{ name: 'Nguyễn Văn A', title: 'Trưởng phòng', org: 'Sở KH&CN' }, { name: 'Trần Thị B' }, { name: 'Lê Văn C' }] };
    const ok = await call(appraiser, 'POST', `/api/dossiers/${d.id}/appraise`, { opinion: 'Phù hợp.', council });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Dossier>()).toMatchObject({ state: 'appraised', appraisalCouncil: { decisionNo: '12/QĐ-CAT', members: [expect.objectContaining({ name: 'Nguyễn Văn A', org: 'Sở KH&CN' }), expect.anything(), expect.anything()] } });
    // A commune's system needs no council: the police are not its operator.
    expect((await call(appraiser, 'GET', `/api/dossiers/${id}`)).json<Dossier>().can.councilRequired).toBe(false);
  });

  it('refuses a dossier for an unclassified system at sending, and lists overdue ones', async () => {
    const bare = await makeSystem(communeA, null);
    const r = await call(officer, 'POST', '/api/dossiers', { systemId: bare, directiveDueOn: '2026-02-15' });
    const d = r.json<Dossier>();
    expect(d).toMatchObject({ proposedLevel: null, isOverdue: true });
    await call(officer, 'PATCH', `/api/dossiers/${d.id}`, { sections: FULL_SECTIONS });
    const s = await call(head, 'POST', `/api/dossiers/${d.id}/submit`, {});
    expect(s.statusCode).toBe(409);
    expect(s.json<{ error: { message: string } }>().error.message).toMatch(/chưa được xác định cấp độ/);
    const overdue = await call(appraiser, 'GET', '/api/dossiers?overdue=true');
    expect(overdue.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([d.id]);
  });
});
