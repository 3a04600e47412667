/**
 * Forms 03 and 07 of Decree 331 (and their Decree 85 equivalents) and the annual report of Form 08,
 * through the HTTP API on a real database: a level-5 dossier taken to approval by the real procedure,
 * a second commune the officer must not see, and the report's numbers checked against the figures API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { v7 as uuidv7 } from 'uuid';
import yauzl from 'yauzl';
import type { FastifyInstance } from 'fastify';
import type { Dossier } from '@shared/api/dossiers';
import type { SystemFigures } from '@shared/api/figures';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { assessments, informationSystems, type OrgRow } from '../../db/schema';
import type { Regime } from '@shared/domain/systems';

const L5 = 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh';
const L4_85 = 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh';
const L2 = 'Hệ thống thư điện tử xã Yên Sơn';
const OTHER = 'Cổng thông tin điện tử xã Bình An';
const HAS_PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;

const now = new Date('2026-12-16T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let officer: LoggedIn;
let head: LoggedIn;
let appraiser: LoggedIn;
let approver: LoggedIn;
let outsider: LoggedIn;
let commune: OrgRow;
let communeB: OrgRow;
let l5Id: string;
let l4Id: string;
let l2Id: string;

async function makeSystem(org: OrgRow, name: string, level: number, regime: Regime = 'nd331_2026'): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-8)}`,
    name,
    systemType: 'internal',
    infoTypes: ['private'],
    regime,
    proposedLevel: level,
    isImportant: level >= 4,
    contactName: 'Hoàng Thị Xuân',
  });
  return id;
}

function call(who: LoggedIn, url: string) {
  return app.inject({ method: 'GET', url, headers: who.headers });
}

async function step(who: LoggedIn, method: 'POST' | 'PATCH', url: string, payload: object = {}) {
  const r = await app.inject({ method, url, headers: who.headers, payload });
  expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
  return r.json<Dossier>();
}

function zipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the archive`)));
      zip.readEntry();
    });
  });
}

const wordText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const docxText = async (buf: Buffer) => wordText(await zipEntry(buf, 'word/document.xml'));

function pdfText(pdf: Buffer): string {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8').replace(/\s+/g, ' ');
}

const SECTIONS = {
  overview: 'Nền tảng kết nối các hệ thống của tỉnh.',
  design: 'Máy chủ đặt tại Trung tâm dữ liệu tỉnh, hai vùng dự phòng.',
  level_rationale: 'Hệ thống quan trọng: cấp độ theo tiêu chí.',
  specialised_opinion: 'Sở Khoa học và Công nghệ thống nhất cấp độ đề xuất.',
  security_plan: {
    design_build: 'Phân vùng mạng.',
    operation: 'Vận hành 24/7.',
    inspection: 'Kiểm tra hằng năm.',
    risk: 'Đánh giá rủi ro.',
    monitoring: 'Giám sát tập trung.',
    backup_response_recovery: 'Sao lưu hằng ngày.',
    decommissioning: 'Hủy dữ liệu an toàn.',
  },
};

/** A dossier through the real procedure up to `until`. */
async function walk(systemId: string, until: 'draft' | 'approved', level: number, regime: Regime = 'nd331_2026') {
  const d = await step(officer, 'POST', '/api/dossiers', { systemId, regime });
  if (until === 'draft') return d.id;
  await step(officer, 'PATCH', `/api/dossiers/${d.id}`, { sections: SECTIONS, regulationNo: '01/QC-UBND', regulationIssuedOn: '2025-12-20' });
  await step(head, 'POST', `/api/dossiers/${d.id}/submit`);
  await step(appraiser, 'POST', `/api/dossiers/${d.id}/accept`);
  await step(appraiser, 'POST', `/api/dossiers/${d.id}/appraise`, { opinion: `Phù hợp với cấp độ ${level}.` });
  await step(appraiser, 'POST', `/api/dossiers/${d.id}/submit-for-approval`);
  await step(approver, 'POST', `/api/dossiers/${d.id}/approve`, { approvedLevel: level, decisionNo: '27/QĐ-UBND', decisionDate: '2026-03-02' });
  return d.id;
}

beforeAll(async () => {
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  const police = await makeOrg(db, province, 'police', 'Công an tỉnh');
  commune = await makeOrg(db, province, 'commune', 'UBND xã Yên Sơn');
  communeB = await makeOrg(db, province, 'commune', 'UBND xã Bình An');
  officer = await login(app, await makeUser(db, { org: commune, role: 'security_officer' }));
  head = await login(app, await makeUser(db, { org: commune, role: 'org_head' }));
  appraiser = await login(app, await makeUser(db, { org: police, role: 'authority_appraiser', roleOrg: province }));
  approver = await login(app, await makeUser(db, { org: police, role: 'authority_approver', roleOrg: province }));
  outsider = await login(app, await makeUser(db, { org: communeB, role: 'security_officer' }));

  const l5System = await makeSystem(commune, L5, 5);
  l5Id = await walk(l5System, 'approved', 5);
  l4Id = await walk(await makeSystem(commune, L4_85, 4, 'nd85_2016'), 'draft', 4, 'nd85_2016');
  l2Id = await walk(await makeSystem(commune, L2, 2), 'draft', 2);
  await makeSystem(commune, 'Phần mềm kế toán xã Yên Sơn', 1);
  const otherSystem = await makeSystem(communeB, OTHER, 2);
  // The other commune's dossier, sent: the province sees it, the officer of Yên Sơn does not.
  const other = await step(outsider, 'POST', '/api/dossiers', { systemId: otherSystem });
  await step(outsider, 'PATCH', `/api/dossiers/${other.id}`, { sections: { ...SECTIONS, specialised_opinion: '' } });
  const outsiderHead = await login(app, await makeUser(db, { org: communeB, role: 'org_head' }));
  await step(outsiderHead, 'POST', `/api/dossiers/${other.id}/submit`);
  // A periodic inspection of the level-5 system within the 2026 data period (15/12/2025–14/12/2026).
  await db.insert(assessments).values({
    id: uuidv7(),
    orgId: commune.id,
    systemId: l5System,
    kind: 'inspection',
    catalogue: 'tcvn14423_2026',
    regime: 'nd331_2026',
    level: 5,
    state: 'completed',
    performedOn: '2026-06-10',
    inspectionKind: 'compliance',
    triggerKind: 'periodic',
    score: 100,
    nextDueOn: '2026-12-10',
    completedAt: new Date('2026-06-10T08:00:00Z'),
  });
}, 240_000);
afterAll(() => env?.close());

describe('Form 03: request for the specialised unit’s professional opinion', () => {
  it('is drawn up for a level-4/5 dossier with the Decree 331 form label, in DOCX and PDF', async () => {
    const r = await call(officer, `/api/documents/dossiers/${l5Id}/opinion_request`);
    expect(r.statusCode, r.body).toBe(200);
    const text = await docxText(r.rawPayload);
    expect(text).toContain('Mẫu số 03');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('V/v đề nghị cho ý kiến chuyên môn');
    expect(text).toContain('Kính gửi:');
    expect(text).toContain('đơn vị chuyên trách về an ninh mạng của');
    expect(text).toContain(L5);
    expect(text).toContain('4. Cấp độ đề xuất: cấp độ 5.');
    const pdf = await call(officer, `/api/documents/dossiers/${l5Id}/opinion_request?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (HAS_PDFTOTEXT) expect(pdfText(pdf.rawPayload)).toContain('Mẫu số 03');
  });

  it('under Decree 85 is the equivalent letter with the legacy wording and no form number', async () => {
    const r = await call(officer, `/api/documents/dossiers/${l4Id}/opinion_request`);
    expect(r.statusCode, r.body).toBe(200);
    const text = await docxText(r.rawPayload);
    expect(text).toContain(L4_85);
    expect(text).toContain('Nghị định số 85/2016/NĐ-CP');
    expect(text).toContain('đơn vị chuyên trách về an toàn thông tin');
    expect(text).not.toContain('Mẫu số');
  });

  it('is refused for a level-2 dossier, saying the level', async () => {
    const r = await call(officer, `/api/documents/dossiers/${l2Id}/opinion_request`);
    expect(r.statusCode).toBe(409);
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('cấp độ 2') });
  });
});

describe('Form 07: decision approving the cybersecurity plan of a level-5 system', () => {
  it('is issued once approved, filled from the decision, in DOCX and PDF', async () => {
    const r = await call(officer, `/api/documents/dossiers/${l5Id}/plan_decision`);
    expect(r.statusCode, r.body).toBe(200);
    const text = await docxText(r.rawPayload);
    expect(text).toContain('Mẫu số 07');
    expect(text).toContain('QUYẾT ĐỊNH');
    expect(text).toContain(`Về việc phê duyệt phương án bảo đảm an ninh mạng hệ thống thông tin ${L5}`);
    expect(text).toContain('cấp độ 5');
    expect(text).toContain('Quyết định số 27/QĐ-UBND ngày 02/03/2026');
    expect(text).toContain('01/QC-UBND');
    expect(text).toContain('TCVN 14423:2026');
    const pdf = await call(officer, `/api/documents/dossiers/${l5Id}/plan_decision?format=pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (HAS_PDFTOTEXT) expect(pdfText(pdf.rawPayload)).toContain('Mẫu số 07');
  });

  it('does not exist for a dossier not approved, and hides from another commune', async () => {
    expect((await call(officer, `/api/documents/dossiers/${l4Id}/plan_decision`)).statusCode).toBe(409);
    expect((await call(outsider, `/api/documents/dossiers/${l5Id}/plan_decision`)).statusCode).toBe(404);
  });
});

describe('annual report (Form 08)', () => {
  const figuresOf = async (who: LoggedIn, orgId?: string) => {
    const r = await call(who, `/api/figures/systems${orgId ? `?orgId=${orgId}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<SystemFigures>();
  };
  const totalsLines = (f: SystemFigures) => {
    const d = f.totals.dossiers;
    return [
      `1. Tổng số hệ thống thông tin đang quản lý: ${f.totals.systems} (trong đó hệ thống quan trọng: ${f.totals.important}).`,
      `2. Số hệ thống thông tin đã xác định cấp độ: ${f.totals.classified}.`,
      `3. Số hồ sơ đề xuất cấp độ đã xây dựng: ${d.drafting + d.submitted}.`,
      `4. Số hồ sơ đã gửi thẩm định: ${d.submitted}.`,
      `5. Số hồ sơ đã được thẩm định: ${d.appraised + d.approved}.`,
      `6. Số hồ sơ đã được phê duyệt: ${d.approved}.`,
      `Hồ sơ đang thẩm định: ${d.underAppraisal}; bị trả lại để hoàn thiện: ${d.returned}; quá hạn: ${d.overdue}.`,
    ];
  };

  it('gives the province the figures page’s numbers and every system, to the Ministry, due 25/12', async () => {
    const f = await figuresOf(appraiser);
    expect(f.totals.systems).toBe(5);
    expect(f.totals.dossiers.submitted).toBe(2);
    expect(f.totals.dossiers.approved).toBe(1);
    const r = await call(appraiser, '/api/documents/annual-report?year=2026&format=docx');
    expect(r.statusCode, r.body).toBe(200);
    expect(decodeURIComponent(String(r.headers['content-disposition']).split("UTF-8''")[1] ?? '')).toMatch(/^Báo cáo công tác bảo đảm an ninh mạng hệ thống thông tin năm 2026 - /);
    const text = await docxText(r.rawPayload);
    for (const line of totalsLines(f)) expect(text).toContain(line);
    expect(text).toContain('Mẫu số 08');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả công tác bảo đảm an ninh mạng đối với hệ thống thông tin năm 2026');
    expect(text).toContain('Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/12/2026; số liệu tính đến ngày 16/12/2026.');
    expect(text).toContain('trước ngày 25/12/2026');
    expect(text).toContain('Bộ Công an');
    expect(text).toContain(`trong đó chưa gửi hồ sơ đề xuất cấp độ nào: ${f.totals.unitsWithoutSubmission}.`);
    expect(text).toContain('7. Số hệ thống thông tin đã được phê duyệt và được kiểm tra, đánh giá định kỳ trong kỳ báo cáo: 1.');
    expect(text).toContain('cấp độ 5: 1');
    // The appendix: one row per system, with Form 08's statuses.
    expect(text).toContain('Phụ lục');
    for (const name of [L5, L4_85, L2, OTHER]) expect(text).toContain(name);
    expect(text).toContain('Đã được phê duyệt');
    expect(text).toContain('Đã gửi thẩm định');
    expect(text).toContain('Đang dự thảo');
    expect(text).toContain('27/QĐ-UBND ngày 02/03/2026');
    expect(text).toContain('Đã triển khai đầy đủ');
    expect(text).toContain('Định kỳ');
    // The appendix is landscape (Decree 30 allows it for tables): a second section with orient="landscape".
    expect(await zipEntry(r.rawPayload, 'word/document.xml')).toMatch(/w:orient="landscape"/);
  });

  it('gives an organisation only what its officer may see, due 20/12 to the owner', async () => {
    const f = await figuresOf(officer);
    expect(f.org?.id).toBe(commune.id);
    expect(f.totals.systems).toBe(4);
    const text = await docxText((await call(officer, '/api/documents/annual-report?year=2026')).rawPayload);
    for (const line of totalsLines(f)) expect(text).toContain(line);
    expect(text).toContain('trước ngày 20/12/2026');
    expect(text).toContain(L5);
    expect(text).not.toContain(OTHER);
    expect((await call(officer, `/api/documents/annual-report?year=2026&orgId=${communeB.id}`)).statusCode).toBe(404);
  });

  it('gives one organisation of the province on request, equal to its figures', async () => {
    const f = await figuresOf(appraiser, communeB.id);
    expect(f.totals.systems).toBe(1);
    const text = await docxText((await call(appraiser, `/api/documents/annual-report?year=2026&orgId=${communeB.id}`)).rawPayload);
    for (const line of totalsLines(f)) expect(text).toContain(line);
    expect(text).toContain(OTHER);
    expect(text).not.toContain(L5);
  });

  it('renders as PDF with the same numbers', async () => {
    const f = await figuresOf(appraiser);
    const r = await call(appraiser, '/api/documents/annual-report?year=2026&format=pdf');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (HAS_PDFTOTEXT) {
      const text = pdfText(r.rawPayload);
      expect(text).toContain(`Tổng số hệ thống thông tin đang quản lý: ${f.totals.systems}`);
      expect(text).toContain(`Số hồ sơ đã được phê duyệt: ${f.totals.dossiers.approved}`);
      expect(text).toContain('Mẫu số 08');
    }
  });

  it('refuses a bad year and anonymous callers', async () => {
    const r = await call(officer, '/api/documents/annual-report?year=abc');
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { fields?: Record<string, string> } }>().error.fields).toHaveProperty('year');
    expect((await app.inject({ method: 'GET', url: '/api/documents/annual-report?year=2026' })).statusCode).toBe(401);
  });
});
