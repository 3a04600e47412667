/**
 * Incidents through the HTTP API on a real database: a commune officer reports (Decree 331 and the
 * legacy regime), the response team triages, assigns, records the timeline, indicators and evidence,
 * moves the case to closed with the closing report; the reports owed with their due dates; the
 * deadline job's reminders and escalations (once each); alerts promoted; the deadline rules corrected
 * by an administrator; a closed incident unchangeable by any route or query; nothing visible to
 * another commune.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Incident, IncidentList, ResponderList } from '@shared/api/incidents';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn, type TestUser } from '../../test/factories';
import { multipartBody } from '../../test/multipart';
import { queryRows } from '../../db/connect';
import { alerts, informationSystems, type OrgRow } from '../../db/schema';
import { systemCtx } from '../../http/context';
import { checkIncidentDeadlines } from './incidents-deadlines';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

// Tuesday 1 December 2026, 09:00 in Hanoi: Decree 331 is in force.
let now = new Date('2026-12-01T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let communeA: OrgRow;
let communeB: OrgRow;
let officer: LoggedIn;
let head: LoggedIn;
let responder: LoggedIn;
let responderUser: TestUser;
let analyst: LoggedIn;
let admin: LoggedIn;
let outsider: LoggedIn;
let leader: LoggedIn;
let systemA: string;
let officerUser: TestUser;
let headUser: TestUser;
let analystUser: TestUser;
let adminUser: TestUser;

/** Signs the people of the story in. */
async function signIn() {
  officer = await login(app, officerUser);
  head = await login(app, headUser);
  responder = await login(app, responderUser);
  analyst = await login(app, analystUser);
  admin = await login(app, adminUser);
}

/** Moves the clock on days at a time; the sessions of the story stay alive (they idle out after one day). */
async function advance(to: string) {
  now = new Date(to);
  await queryRows(env.database.db, sql`UPDATE sessions SET last_seen_at = ${now.toISOString()}::timestamptz`);
}

type Err = { error: { code: string; message: string; fields?: Record<string, string> } };

function call(who: LoggedIn, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

async function auditCount(action: string): Promise<number> {
  const [r] = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`);
  return Number(r?.n);
}

async function makeAlert(org: OrgRow): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(alerts).values({
    id,
    orgId: org.id,
    source: 'wazuh',
    sourceRef: id,
    dedupKey: id.replaceAll('-', '').padEnd(64, '0'),
    occurredAt: new Date('2026-12-01T01:00:00Z'),
    ruleName: 'Đăng nhập thất bại nhiều lần',
    severity: 'high',
    raw: { id },
  });
  return id;
}

const REPORT = {
  reporterName: 'Nguyễn Văn An',
  reporterTitle: 'Công chức Văn phòng - Thống kê',
  reporterPhone: '0912 345 678',
  reporterEmail: 'an.nv@xa-a.gov.vn',
  detectedAt: '2026-12-01T01:30:00Z',
  type: 'phishing',
  severity: 'high',
  serious: true,
  title: 'Thư giả mạo Kho bạc gửi bộ phận kế toán',
  description: 'Ba cán bộ nhận thư giả mạo Kho bạc, một người đã nhập mật khẩu vào trang giả.',
  actionsTaken: 'Đổi mật khẩu hộp thư, chặn tên miền giả trên tường lửa.',
  supportRequested: 'Đề nghị hỗ trợ rà soát máy tính bị nghi nhiễm.',
};

beforeAll(async () => {
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  const police = await makeOrg(db, province, 'police');
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  officerUser = await makeUser(db, { org: communeA, role: 'security_officer', email: 'canbo@xa-a.gov.vn' });
  headUser = await makeUser(db, { org: communeA, role: 'org_head', email: 'chutich@xa-a.gov.vn' });
  responderUser = await makeUser(db, { org: police, role: 'incident_responder', roleOrg: province, email: 'ungcuu@ca.gov.vn' });
  analystUser = await makeUser(db, { org: police, role: 'soc_analyst', roleOrg: province });
  adminUser = await makeUser(db, { org: province, role: 'admin' });
  outsider = await login(app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  leader = await login(app, await makeUser(db, { org: province, role: 'leadership' }));
  await signIn();
  systemA = uuidv7();
  await db.insert(informationSystems).values({ id: systemA, orgId: communeA.id, code: 'HT-MAIL', name: 'Hệ thống thư điện tử xã', systemType: 'internal', infoTypes: ['private'], regime: 'nd331_2026', proposedLevel: 2 });
}, 120_000);
afterAll(() => env?.close());

describe('a commune reports an incident under Decree 331', () => {
  let id = '';
  let alertA = '';

  it('records the report, its due dates, the promoted alert, and tells the response team', async () => {
    alertA = await makeAlert(communeA);
    const before = await auditCount('incident.reported');
    const r = await call(officer, 'POST', '/api/incidents', { ...REPORT, systemIds: [systemA], alertIds: [alertA] });
    expect(r.statusCode, r.body).toBe(200);
    const i = r.json<Incident>();
    id = i.id;
    expect(i).toMatchObject({ code: 'SC-2026-0001', orgId: communeA.id, regime: 'nd331_2026', status: 'reported', detectedAt: '2026-12-01T01:30:00.000Z' });
    expect(i.systems.map((s) => s.id)).toEqual([systemA]);
    const byType = Object.fromEntries(i.reports.map((x) => [x.reportType, x]));
    // The report itself is the initial notice (due 24 h after detection, Decree 331 Art 31.2.d).
    expect(byType.initial).toMatchObject({ dueAt: '2026-12-02T01:30:00.000Z', isLate: false, legalRef: 'NĐ 331/2026/NĐ-CP Đ31.2.d', verified: false });
    expect(byType.initial?.sentAt).not.toBeNull();
    expect(byType.report_72h).toMatchObject({ dueAt: '2026-12-04T01:30:00.000Z', sentAt: null });
    expect(byType.final).toMatchObject({ dueAt: null, sentAt: null });
    expect(i.nextDueAt).toBe('2026-12-04T01:30:00.000Z');
    expect(i.can).toMatchObject({ transitions: [], sendReport: true, contribute: true, manage: false });
    expect(await auditCount('incident.reported')).toBe(before + 1);
    const [a] = await queryRows(env.database.db, sql`SELECT status, incident_id FROM alerts WHERE id = ${alertA}`);
    expect(a).toMatchObject({ status: 'promoted', incident_id: id });
    const n = await call(responder, 'GET', '/api/notifications');
    expect(n.json<{ items: { kind: string; subjectId: string }[] }>().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'incident.reported', subjectId: id })]));
    const mails = await queryRows(env.database.db, sql`SELECT data FROM pgboss.job WHERE name = 'email.send'`);
    expect(mails.map((m) => JSON.stringify(m.data))).toEqual(expect.arrayContaining([expect.stringContaining('ungcuu@ca.gov.vn')]));
  });

  it('refuses bad input with translated field messages and changes nothing', async () => {
    const [{ n: before } = { n: 0 }] = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM incidents`);
    const future = await call(officer, 'POST', '/api/incidents', { ...REPORT, detectedAt: '2026-12-02T01:30:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json<Err>().error.fields?.detectedAt).toMatch(/tương lai/);
    const noPhone = await call(officer, 'POST', '/api/incidents', { ...REPORT, reporterPhone: 'abc' });
    expect(noPhone.statusCode).toBe(400);
    const otherAlert = await makeAlert(communeB);
    const foreign = await call(officer, 'POST', '/api/incidents', { ...REPORT, alertIds: [otherAlert] });
    expect(foreign.statusCode).toBe(400);
    expect(Object.keys(foreign.json<Err>().error.fields ?? {})).toEqual(['alertIds.0']);
    const taken = await call(analyst, 'POST', '/api/incidents', { ...REPORT, orgId: communeA.id, alertIds: [alertA] });
    expect(taken.statusCode).toBe(400);
    const [{ n: after } = { n: 0 }] = await queryRows(env.database.db, sql`SELECT count(*)::int AS n FROM incidents`);
    expect(after).toBe(before);
  });

  it('hides the incident from another commune and from its lists', async () => {
    expect((await call(outsider, 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/incidents/${id}/comments`, { body: 'x' })).statusCode).toBe(404);
    expect((await call(outsider, 'GET', '/api/incidents')).json<IncidentList>().items).toEqual([]);
    expect((await call(outsider, 'POST', '/api/incidents', { ...REPORT, orgId: communeA.id })).statusCode).toBe(404);
    // Province leadership reads it, and can do nothing with it.
    expect((await call(leader, 'GET', `/api/incidents/${id}`)).json<Incident>().can).toMatchObject({ transitions: [], contribute: false, manage: false });
  });

  it('answers a step of the wrong side or state with the state and who acts next', async () => {
    const byUnit = await call(officer, 'POST', `/api/incidents/${id}/transitions/triage`, {});
    expect(byUnit.statusCode).toBe(403);
    const early = await call(responder, 'POST', `/api/incidents/${id}/transitions/close`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json<Err>().error.message).toContain('Đã báo cáo');
    expect(early.json<Err>().error.message).toContain('đội ứng cứu sự cố');
  });

  it('lets the response team triage, assign, record the timeline, indicators and evidence', async () => {
    now = new Date('2026-12-01T03:00:00Z');
    const t = await call(responder, 'POST', `/api/incidents/${id}/transitions/triage`, { note: 'Xác minh: thư giả mạo thật.' });
    expect(t.statusCode, t.body).toBe(200);
    expect(t.json<Incident>()).toMatchObject({ status: 'triaged', can: { transitions: ['respond'], manage: true } });
    const people = await call(responder, 'GET', `/api/incidents/${id}/responders`);
    expect(people.json<ResponderList>().items.map((p) => p.id)).toContain(responderUser.id);
    const m = await call(responder, 'POST', `/api/incidents/${id}/members`, { userId: responderUser.id, role: 'lead' });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json<Incident>().members).toEqual([expect.objectContaining({ userId: responderUser.id, role: 'lead' })]);
    const notResponder = await call(responder, 'POST', `/api/incidents/${id}/members`, { userId: uuidv7() });
    expect(notResponder.statusCode).toBe(400);
    const c = await call(officer, 'POST', `/api/incidents/${id}/comments`, { body: 'Máy kế toán 02 đã được cách ly khỏi mạng.' });
    expect(c.statusCode, c.body).toBe(200);
    const ioc = await call(responder, 'POST', `/api/incidents/${id}/indicators`, { kind: 'domain', value: 'KhoBac-GOV.example.com', description: 'Tên miền trang giả' });
    expect(ioc.statusCode, ioc.body).toBe(200);
    expect(ioc.json<Incident>().indicators).toEqual([expect.objectContaining({ kind: 'domain', value: 'khobac-gov.example.com' })]);
    const bad = await call(responder, 'POST', `/api/incidents/${id}/indicators`, { kind: 'ipv4', value: '300.1.1.1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Err>().error.fields?.value).toMatch(/IPv4/);
    const dup = await call(responder, 'POST', `/api/incidents/${id}/indicators`, { kind: 'domain', value: 'khobac-gov.example.com' });
    expect(dup.statusCode).toBe(409);
    const mp = multipartBody({ name: 'trang-gia.png', content: PNG });
    const up = await app.inject({ method: 'POST', url: `/api/incidents/${id}/evidence`, payload: mp.payload, headers: { ...officer.headers, ...mp.headers } });
    expect(up.statusCode, up.body).toBe(200);
    const ev = up.json<Incident>().evidence[0];
    expect(ev).toMatchObject({ fileName: 'trang-gia.png', mediaType: 'image/png' });
    const dl = await call(head, 'GET', `/api/incidents/${id}/evidence/${ev?.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['x-content-sha256']).toBe(ev?.sha256);
    const officerNotes = await call(officer, 'GET', '/api/notifications');
    expect(officerNotes.json<{ items: { kind: string }[] }>().items.map((x) => x.kind)).toEqual(expect.arrayContaining(['incident.triaged', 'incident.assigned']));
    const kinds = (await call(responder, 'GET', `/api/incidents/${id}`)).json<Incident>().events.map((e) => e.kind);
    expect(kinds).toEqual(['reported', 'status_changed', 'member_added', 'comment', 'indicator_added', 'evidence_added']);
  });

  it('reminds the unit before the 72-hour report is due and escalates once it is missed, once each', async () => {
    const ctx = systemCtx({ db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => now, log: app.log }, 'incident-deadlines-test');
    now = new Date('2026-12-03T00:00:00Z'); // 25.5 h before the 72-hour report is due: too early
    expect(await checkIncidentDeadlines(ctx)).toEqual({ reminded: 0, escalated: 0 });
    await advance('2026-12-03T12:00:00Z'); // 13.5 h before: inside the 18-hour lead
    expect(await checkIncidentDeadlines(ctx)).toEqual({ reminded: 1, escalated: 0 });
    expect(await checkIncidentDeadlines(ctx)).toEqual({ reminded: 0, escalated: 0 });
    const officerNotes = await call(officer, 'GET', '/api/notifications');
    expect(officerNotes.json<{ items: { kind: string }[] }>().items.map((x) => x.kind)).toContain('incident.reportDueSoon');
    await advance('2026-12-04T02:00:00Z');
    expect(await checkIncidentDeadlines(ctx)).toEqual({ reminded: 0, escalated: 1 });
    expect(await checkIncidentDeadlines(ctx)).toEqual({ reminded: 0, escalated: 0 });
    const headNotes = await call(head, 'GET', '/api/notifications');
    expect(headNotes.json<{ items: { kind: string }[] }>().items.map((x) => x.kind)).toContain('incident.reportOverdue');
    const teamNotes = await call(responder, 'GET', '/api/notifications');
    expect(teamNotes.json<{ items: { kind: string }[] }>().items.map((x) => x.kind)).toContain('incident.reportOverdue');
    const list = await call(responder, 'GET', '/api/incidents?overdue=true');
    expect(list.json<IncidentList>().items.map((x) => x.id)).toEqual([id]);
    expect(list.json<IncidentList>().items[0]?.isOverdue).toBe(true);
    expect((await call(responder, 'GET', '/api/incidents?overdue=false')).json<IncidentList>().items.map((x) => x.id)).not.toContain(id);
  });

  it('moves through the response; closes only with the final and the closing report', async () => {
    for (const t of ['respond', 'contain', 'recover']) {
      const r = await call(responder, 'POST', `/api/incidents/${id}/transitions/${t}`, {});
      expect(r.statusCode, `${t} ${r.body}`).toBe(200);
    }
    const noFinal = await call(responder, 'POST', `/api/incidents/${id}/transitions/close`, {});
    expect(noFinal.statusCode).toBe(409);
    expect(noFinal.json<Err>().error.message).toMatch(/báo cáo kết thúc ứng phó/);
    const incomplete = await call(officer, 'POST', `/api/incidents/${id}/reports`, { reportType: 'final', summary: 'Đã xử lý xong.' });
    expect(incomplete.statusCode).toBe(400);
    const fin = await call(officer, 'POST', `/api/incidents/${id}/reports`, {
      reportType: 'final',
      summary: 'Đã xử lý xong sự cố thư giả mạo.',
      cause: 'Cán bộ nhập mật khẩu vào trang giả.',
      scope: 'Một hộp thư.',
      remedy: 'Đổi mật khẩu, bật xác thực hai lớp.',
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const byType = Object.fromEntries(fin.json<Incident>().reports.map((x) => [x.reportType, x]));
    // The final report answers the (late) 72-hour report too.
    expect(byType.report_72h).toMatchObject({ isLate: true });
    expect(byType.report_72h?.sentAt).not.toBeNull();
    expect(byType.final?.sentAt).not.toBeNull();
    const again = await call(officer, 'POST', `/api/incidents/${id}/reports`, { reportType: 'final', summary: 'x', cause: 'x', scope: 'x', remedy: 'x' });
    expect(again.statusCode).toBe(409);
    const noClosing = await call(responder, 'POST', `/api/incidents/${id}/transitions/close`, {});
    expect(noClosing.statusCode).toBe(400);
    const closing = await call(responder, 'PUT', `/api/incidents/${id}/closing-report`, {
      cause: 'Tấn công giả mạo nhắm vào bộ phận kế toán.',
      scope: 'Một hộp thư, không lộ dữ liệu.',
      remedy: 'Đổi mật khẩu, chặn tên miền, bật MFA.',
      lessons: 'Tập huấn nhận diện thư giả mạo.',
    });
    expect(closing.statusCode, closing.body).toBe(200);
    const closed = await call(responder, 'POST', `/api/incidents/${id}/transitions/close`, { note: 'Kết thúc ứng cứu.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<Incident>()).toMatchObject({ status: 'closed', can: { transitions: ['reopen'], manage: false, contribute: false } });
    expect(await auditCount('incident.close')).toBe(1);
  });

  it('keeps a closed incident unchangeable by any route or query', async () => {
    const tries = [
      await call(officer, 'POST', `/api/incidents/${id}/comments`, { body: 'Bổ sung' }),
      await call(responder, 'PATCH', `/api/incidents/${id}`, { severity: 'low' }),
      await call(responder, 'POST', `/api/incidents/${id}/indicators`, { kind: 'ipv4', value: '203.0.113.9' }),
      await call(responder, 'PUT', `/api/incidents/${id}/closing-report`, { cause: 'x', scope: 'x', remedy: 'x' }),
      await call(officer, 'POST', `/api/incidents/${id}/reports`, { reportType: 'update', summary: 'x' }),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 409]);
    const db = env.database.raw;
    await expect(db.query(`UPDATE incidents SET severity = 'low' WHERE id = '${id}'`)).rejects.toThrow(/closed/);
    await expect(db.query(`DELETE FROM incident_indicators WHERE incident_id = '${id}'`)).rejects.toThrow(/closed/);
    await expect(db.query(`UPDATE incident_reports SET content = '{}' WHERE incident_id = '${id}'`)).rejects.toThrow(/closed|sent/);
    await expect(db.query(`UPDATE alerts SET incident_id = NULL WHERE incident_id = '${id}'`)).rejects.toThrow(/closed/);
    await expect(
      db.query(`INSERT INTO incident_events (id, incident_id, org_id, kind) VALUES ('${uuidv7()}', '${id}', '${communeA.id}', 'comment')`),
    ).rejects.toThrow(/closed/);
  });

  it('reopens only by the response team and with a reason', async () => {
    expect((await call(officer, 'POST', `/api/incidents/${id}/transitions/reopen`, { reason: 'x' })).statusCode).toBe(403);
    const noReason = await call(responder, 'POST', `/api/incidents/${id}/transitions/reopen`, {});
    expect(noReason.statusCode).toBe(400);
    const r = await call(responder, 'POST', `/api/incidents/${id}/transitions/reopen`, { reason: 'Phát hiện thêm máy nhiễm.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<Incident>()).toMatchObject({ status: 'responding', reopenReason: 'Phát hiện thêm máy nhiễm.', closedAt: null });
    expect(await auditCount('incident.reopen')).toBe(1);
  });
});

describe('the legacy regime and reporting on behalf of a unit', () => {
  it('gives an incident detected under Decree 85 the 5-day notification and the 5-day final report', async () => {
    const r = await call(analyst, 'POST', '/api/incidents', { ...REPORT, orgId: communeA.id, serious: false, detectedAt: '2026-08-10T02:00:00Z', type: 'defacement' });
    expect(r.statusCode, r.body).toBe(200);
    const i = r.json<Incident>();
    expect(i).toMatchObject({ orgId: communeA.id, regime: 'nd85_2016', code: 'SC-2026-0002' });
    const byType = Object.fromEntries(i.reports.map((x) => [x.reportType, x]));
    // The notification was due 5 days after detection; this report came months later.
    expect(byType.notification).toMatchObject({ dueAt: '2026-08-15T02:00:00.000Z', isLate: true });
    expect(byType.final).toMatchObject({ dueAt: null });
    for (const t of ['triage', 'respond', 'contain']) expect((await call(responder, 'POST', `/api/incidents/${i.id}/transitions/${t}`, {})).statusCode).toBe(200);
    await advance('2026-12-05T01:00:00Z');
    const rec = await call(responder, 'POST', `/api/incidents/${i.id}/transitions/recover`, {});
    const fin = rec.json<Incident>().reports.find((x) => x.reportType === 'final');
    expect(fin).toMatchObject({ dueAt: '2026-12-10T01:00:00.000Z', legalRef: 'TT 20/2017/TT-BTTTT Đ9 (Mẫu 04)', verified: true });
  });

  it('moves the due dates when triage marks a national-security sign', async () => {
    await advance('2026-12-05T02:00:00Z');
    const r = await call(officer, 'POST', '/api/incidents', { ...REPORT, serious: false, detectedAt: '2026-12-05T01:00:00Z', type: 'intrusion' });
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json<Incident>().id;
    expect(r.json<Incident>().reports.map((x) => x.reportType).sort()).toEqual(['final', 'initial']);
    const p = await call(responder, 'PATCH', `/api/incidents/${id}`, { nationalSecuritySign: true, personalDataInvolved: true });
    expect(p.statusCode, p.body).toBe(200);
    const byType = Object.fromEntries(p.json<Incident>().reports.map((x) => [x.reportType, x]));
    // "Immediately": the initial report sent an hour after detection is late.
    expect(byType.initial).toMatchObject({ dueAt: '2026-12-05T01:00:00.000Z', isLate: true });
    expect(byType.pdp_notice).toMatchObject({ dueAt: '2026-12-08T01:00:00.000Z', sentAt: null });
    const off = await call(responder, 'PATCH', `/api/incidents/${id}`, { personalDataInvolved: false });
    expect(off.json<Incident>().reports.map((x) => x.reportType)).not.toContain('pdp_notice');

    // The working parts of the case: systems, alerts, indicators and members come and go, audited.
    const linked = await call(officer, 'POST', `/api/incidents/${id}/systems`, { systemId: systemA });
    expect(linked.json<Incident>().systems.map((x) => x.id)).toEqual([systemA]);
    expect((await call(officer, 'DELETE', `/api/incidents/${id}/systems/${systemA}`)).statusCode).toBe(403);
    expect((await call(responder, 'DELETE', `/api/incidents/${id}/systems/${systemA}`)).json<Incident>().systems).toEqual([]);
    const alertId = await makeAlert(communeA);
    expect((await call(officer, 'POST', `/api/incidents/${id}/alerts`, { alertIds: [alertId] })).statusCode).toBe(403);
    const withAlert = await call(responder, 'POST', `/api/incidents/${id}/alerts`, { alertIds: [alertId] });
    expect(withAlert.json<Incident>().alerts.map((a) => a.id)).toEqual([alertId]);
    const noAlert = await call(responder, 'DELETE', `/api/incidents/${id}/alerts/${alertId}`);
    expect(noAlert.json<Incident>().alerts).toEqual([]);
    const [a] = await queryRows(env.database.db, sql`SELECT status, incident_id FROM alerts WHERE id = ${alertId}`);
    expect(a).toMatchObject({ status: 'acknowledged', incident_id: null });
    const ioc = (await call(officer, 'POST', `/api/incidents/${id}/indicators`, { kind: 'sha256', value: 'A'.repeat(64) })).json<Incident>().indicators[0];
    const upd = await call(officer, 'PATCH', `/api/incidents/${id}/indicators/${ioc?.id}`, { description: 'Tệp mã độc', firstSeen: '2026-12-05T00:50:00Z' });
    expect(upd.json<Incident>().indicators[0]).toMatchObject({ value: 'a'.repeat(64), description: 'Tệp mã độc', firstSeen: '2026-12-05T00:50:00.000Z' });
    expect((await call(officer, 'DELETE', `/api/incidents/${id}/indicators/${ioc?.id}`)).statusCode).toBe(403);
    expect((await call(responder, 'DELETE', `/api/incidents/${id}/indicators/${ioc?.id}`)).json<Incident>().indicators).toEqual([]);
    await call(responder, 'POST', `/api/incidents/${id}/members`, { userId: responderUser.id });
    expect((await call(responder, 'DELETE', `/api/incidents/${id}/members/${responderUser.id}`)).json<Incident>().members).toEqual([]);
    for (const action of ['incident.system_linked', 'incident.system_unlinked', 'incident.alerts_linked', 'incident.alert_unlinked', 'incident.indicator_updated', 'incident.indicator_removed', 'incident.member_removed']) {
      expect(await auditCount(action), action).toBeGreaterThan(0);
    }
  });

  it('exports an incident as a STIX 2.1 bundle for those who may share it, through the scoped loader', async () => {
    const [row] = await queryRows(env.database.db, sql`SELECT id FROM incidents WHERE code = 'SC-2026-0001'`);
    const id = String(row?.id);
    const r = await call(responder, 'GET', `/api/stix/incidents/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    const bundle = r.json<{ type: string; objects: { type: string; name?: string; pattern?: string }[] }>();
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.some((o) => o.type === 'incident' && o.name?.includes('Thư giả mạo Kho bạc'))).toBe(true);
    expect(bundle.objects.some((o) => o.type === 'indicator' && o.pattern?.includes('khobac-gov.example.com'))).toBe(true);
    expect((await call(officer, 'GET', `/api/stix/incidents/${id}`)).statusCode).toBe(403);
  });
});

describe('deadline rules as data', () => {
  it('lists both regimes with their references, and lets a province administrator correct one, audited', async () => {
    const list = await call(officer, 'GET', '/api/incidents/deadline-rules');
    expect(list.statusCode).toBe(200);
    const codes = list.json<{ items: { code: string }[] }>().items.map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['nd85.notification', 'nd85.final', 'nd331.initial_24h', 'nd331.report_72h', 'nd331.initial_immediate', 'nd331.pdp_72h']));
    expect((await call(officer, 'PATCH', '/api/incidents/deadline-rules/nd331.initial_24h', { hours: 12 })).statusCode).toBe(403);
    const before = await auditCount('incident.deadline_rule_updated');
    const r = await call(admin, 'PATCH', '/api/incidents/deadline-rules/nd331.initial_24h', { hours: 12, verified: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ hours: 12, verified: true });
    expect(await auditCount('incident.deadline_rule_updated')).toBe(before + 1);
    const bad = await call(admin, 'PATCH', '/api/incidents/deadline-rules/nd331.initial_24h', { hours: -1 });
    expect(bad.statusCode).toBe(400);
    expect((await call(admin, 'PATCH', '/api/incidents/deadline-rules/khong.co', { hours: 1 })).statusCode).toBe(404);
  });
});
