/**
 * Documents of a level dossier through the HTTP API on a real database: a dossier taken to approval
 * by the real procedure, then its forms as DOCX (a zip whose document.xml says what the decision
 * says) and as PDF (whose text, extracted by poppler's pdftotext, keeps every Vietnamese letter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { v7 as uuidv7 } from 'uuid';
import yauzl from 'yauzl';
import type { FastifyInstance } from 'fastify';
import type { Dossier } from '@shared/api/dossiers';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { informationSystems, type OrgRow } from '../../db/schema';

const SYSTEM = 'Hệ thống quản lý văn bản và điều hành xã Yên Sơn';
const HAS_PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;
if (!HAS_PDFTOTEXT) console.warn('documents.test: pdftotext (poppler-utils) is not installed here: the PDF text checks are skipped (CI installs it).');

const now = new Date('2026-11-23T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let officer: LoggedIn;
let head: LoggedIn;
let appraiser: LoggedIn;
let approver: LoggedIn;
let outsider: LoggedIn;
let dossierId: string;
let draftId: string;

async function makeSystem(org: OrgRow, name: string): Promise<string> {
  const id = uuidv7();
  await env.database.db.insert(informationSystems).values({
    id,
    orgId: org.id,
    code: `HT-${id.slice(-8)}`,
    name,
    systemType: 'internal',
    infoTypes: ['private'],
    regime: 'nd331_2026',
    proposedLevel: 2,
    contactName: 'Hoàng Thị Xuân',
    contactPhone: '0207 3822 111',
  });
  return id;
}

function call(who: LoggedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

async function step(who: LoggedIn, method: 'POST' | 'PATCH', url: string, payload: object = {}) {
  const r = await call(who, method, url, payload);
  expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
  return r.json<Dossier>();
}

/** One entry of a zip archive, as text. */
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

/** The visible text of document.xml: the runs' text joined (Word splits text across runs). */
const wordText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

function pdfText(pdf: Buffer): string {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}

const FULL_SECTIONS = {
  overview: 'Hệ thống phục vụ quản lý văn bản đi, đến của UBND xã.\nNgười sử dụng: 40 cán bộ, công chức.',
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
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  const police = await makeOrg(db, province, 'police', 'Công an tỉnh');
  const commune = await makeOrg(db, province, 'commune', 'UBND xã Yên Sơn');
  const communeB = await makeCommune(db, province);
  officer = await login(app, await makeUser(db, { org: commune, role: 'security_officer' }));
  head = await login(app, await makeUser(db, { org: commune, role: 'org_head' }));
  appraiser = await login(app, await makeUser(db, { org: police, role: 'authority_appraiser', roleOrg: province }));
  approver = await login(app, await makeUser(db, { org: police, role: 'authority_approver', roleOrg: province }));
  outsider = await login(app, await makeUser(db, { org: communeB, role: 'security_officer' }));

  // The procedure, as the dossiers module runs it: draft → sent → accepted → appraised → submitted → approved.
  const d = await step(officer, 'POST', '/api/dossiers', { systemId: await makeSystem(commune, SYSTEM) });
  dossierId = d.id;
  await step(officer, 'PATCH', `/api/dossiers/${dossierId}`, { sections: FULL_SECTIONS, regulationNo: '01/QC-UBND', regulationIssuedOn: '2025-12-20' });
  await step(head, 'POST', `/api/dossiers/${dossierId}/submit`);
  await step(appraiser, 'POST', `/api/dossiers/${dossierId}/accept`);
  await step(appraiser, 'POST', `/api/dossiers/${dossierId}/appraise`, { opinion: 'Phù hợp với cấp độ 2.' });
  await step(appraiser, 'POST', `/api/dossiers/${dossierId}/submit-for-approval`);
  await step(approver, 'POST', `/api/dossiers/${dossierId}/approve`, { approvedLevel: 2, decisionNo: '15/QĐ-CAT', decisionDate: '2026-01-05' });
  draftId = (await step(officer, 'POST', '/api/dossiers', { systemId: await makeSystem(commune, 'Cổng thông tin điện tử xã') })).id;
}, 180_000);
afterAll(() => env?.close());

describe('dossier documents', () => {
  it('issues the approval decision as DOCX in the Decree 30 format, filled from the dossier', async () => {
    const r = await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/decision?format=docx`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const cd = String(r.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="Quyet dinh phe duyet cap do - HT-[\w-]+\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1] ?? '')).toMatch(/^Quyết định phê duyệt cấp độ - HT-/);
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const text = wordText(await zipEntry(r.rawPayload, 'word/document.xml'));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Số: 15/QĐ-CAT');
    expect(text).toContain('ngày 05 tháng 01 năm 2026');
    expect(text).toContain(SYSTEM);
    expect(text).toContain('cấp độ 2');
    expect(text).toContain('Căn cứ Nghị định số 331/2026/NĐ-CP');
    expect(text).toContain('Mẫu số 06');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('- Lưu: VT,');
    expect(text).toContain('CÔNG AN TỈNH');
  });

  it.skipIf(!HAS_PDFTOTEXT)('renders the same decision as a PDF whose text keeps the Vietnamese letters', async () => {
    const r = await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/decision?format=pdf`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(r.rawPayload);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text.replace(/\s+/g, ' ')).toContain(SYSTEM);
    expect(text).toContain('15/QĐ-CAT');
  });

  it.each(['request', 'appraisal_opinion', 'submission', 'overview'] as const)('produces the %s of an approved dossier in both formats', async (form) => {
    const docx = await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/${form}`);
    expect(docx.statusCode, docx.body).toBe(200);
    const text = wordText(await zipEntry(docx.rawPayload, 'word/document.xml'));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain(SYSTEM);
    const pdf = await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/${form}?format=pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('fills each form with its own content: Form 01 for level 2, the opinion, the submission, the plan', async () => {
    const text = async (form: string) => wordText(await zipEntry((await call(appraiser, 'GET', `/api/documents/dossiers/${dossierId}/${form}`)).rawPayload, 'word/document.xml'));
    const request = await text('request');
    expect(request).toContain('Mẫu số 01');
    expect(request).toContain('Kính gửi:');
    expect(request).toContain('thẩm định và phê duyệt');
    expect(request).toContain('Hoàng Thị Xuân');
    const opinion = await text('appraisal_opinion');
    expect(opinion).toContain('Ý KIẾN THẨM ĐỊNH');
    expect(opinion).toContain('Phù hợp với cấp độ 2.');
    expect(opinion).toContain('phù hợp với cấp độ 2');
    const submission = await text('submission');
    expect(submission).toContain('TỜ TRÌNH');
    expect(submission).toContain('01/QC-UBND');
    const overview = await text('overview');
    expect(overview).toContain('Người sử dụng: 40 cán bộ, công chức.');
    expect(overview).toContain('Sao lưu hằng ngày.');
    expect(overview).toContain('7. Kết thúc vận hành');
  });

  it('gives a frozen version on request and answers 404 for one that does not exist', async () => {
    expect((await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/overview?version=1`)).statusCode).toBe(200);
    expect((await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/overview?version=9`)).statusCode).toBe(404);
  });

  it('refuses the decision of a dossier not yet approved, naming its state', async () => {
    const r = await call(officer, 'GET', `/api/documents/dossiers/${draftId}/decision?format=pdf`);
    expect(r.statusCode).toBe(409);
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('Đang dự thảo') });
    expect((await call(officer, 'GET', `/api/documents/dossiers/${draftId}/request`)).statusCode).toBe(200);
  });

  it('hides the documents of a dossier from another commune, and refuses an unknown form', async () => {
    expect((await call(outsider, 'GET', `/api/documents/dossiers/${dossierId}/decision`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/documents/dossiers/${dossierId}/overview?format=pdf`)).statusCode).toBe(404);
    expect((await call(officer, 'GET', `/api/documents/dossiers/${dossierId}/minutes`)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/documents/dossiers/${dossierId}/decision` })).statusCode).toBe(401);
  });
});
