/**
 * Documents bench: `npm run bench:documents`. Times building and rendering the dossier overview
 * (hồ sơ đề xuất cấp độ) as DOCX and as PDF for a dossier with realistic section lengths, 50 runs
 * each after a warm-up, next to an empty document rendered the same way in the same run; and the
 * annual report (Form 08) of a province with BENCH_REPORT_SYSTEMS (200) systems.
 * Target (issue #3): < 500 ms per document. Never asserted in tests: figures depend on the machine.
 * BENCH_DOCS_OUT=dir also writes the last overview of each format there, to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { translator } from '../server/http/i18n';
import { buildDocument, type DocumentData } from '../server/modules/documents/documents.builders';
import { renderDocx } from '../server/modules/documents/documents.docx';
import { renderPdf } from '../server/modules/documents/documents.pdf';
import type { DocumentModel } from '../server/modules/documents/documents.model';
import { buildAnnualReport, type AnnualReportInput } from '../server/modules/documents/documents.annual-report';
import type { ReportSystem } from '../server/modules/figures';
import { SECURITY_PLAN_PARTS } from '../shared/domain/dossiers';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_MS = 500;

/** A paragraph of dossier prose, repeated to a length close to what units write. */
const SENTENCE = 'Hệ thống được triển khai tại Trung tâm dữ liệu tỉnh, phân vùng mạng DMZ và vùng máy chủ nội bộ, có tường lửa, sao lưu hằng ngày và giám sát tập trung. ';
const prose = (paragraphs: number, sentences = 6) => Array.from({ length: paragraphs }, () => SENTENCE.repeat(sentences).trim()).join('\n');

const org = { name: 'UBND xã Yên Sơn', code: 'X001', kind: 'commune' as const, parentName: 'UBND tỉnh Tuyên Quang', address: 'Thôn Đồng Bốn, xã Yên Sơn, tỉnh Tuyên Quang' };
const signer = { fullName: 'Đỗ Văn Trưởng', title: 'Chủ tịch UBND xã', org };
const data: DocumentData = {
  regime: 'nd331_2026',
  regimeName: 'Nghị định 331/2026/NĐ-CP về bảo vệ an ninh mạng đối với hệ thống thông tin',
  regimeRef: 'Luật 116/2025/QH15; NĐ 331/2026/NĐ-CP; TCVN 14423:2026',
  authority: { appraiser: 'Đơn vị chuyên trách về an ninh mạng (Công an tỉnh – PA05)', approver: 'Chủ quản hệ thống thông tin', legalRef: 'NĐ 331/2026 Đ18.1' },
  state: 'submitted',
  stateLabel: 'Đã gửi, chờ kiểm tra',
  system: { name: 'Hệ thống quản lý văn bản và điều hành xã Yên Sơn', code: 'HT-X001-01', contactName: 'Hoàng Thị Xuân', contactPhone: '0207 3822 111', contactEmail: null },
  unit: org,
  province: { name: 'UBND tỉnh Tuyên Quang', code: 'TQ', kind: 'province', parentName: null, address: null },
  proposedLevel: 2,
  approvedLevel: null,
  version: 2,
  // About 20 pages: overview and design of 8 paragraphs, rationale of 3, each plan part of 4.
  sections: {
    overview: prose(8),
    design: prose(8),
    level_rationale: prose(3),
    security_plan: Object.fromEntries(SECURITY_PLAN_PARTS.map((p) => [p, prose(4)])),
  },
  receivedOn: '2026-11-23',
  appraisedOn: null,
  submittedForApprovalOn: null,
  decisionNo: null,
  decisionDate: null,
  regulationNo: '01/QC-UBND',
  regulationIssuedOn: '2026-11-20',
  appraisalOpinion: null,
  requester: signer,
  appraiser: null,
  submitter: null,
  decider: null,
  returned: null,
  criteria: [{ legalRef: 'NĐ 331/2026 Đ12.1', level: 2, text: 'Hệ thống phục vụ hoạt động nội bộ có xử lý thông tin riêng hoặc thông tin cá nhân, nhưng không xử lý bí mật nhà nước.' }],
  attachments: [{ fileName: 'so-do-mang.png', section: 'design' }],
  today: '2026-11-23',
};

const t = translator('vi');
const empty: DocumentModel = { title: 'empty', size: 14, blocks: [] };

async function time(fn: () => Promise<Buffer>): Promise<{ median: number; p95: number; bytes: number; last: Buffer }> {
  let last = await fn(); // warm-up: font parsing, module initialisation
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0;
  return { median: at(0.5), p95: at(0.95), bytes: last.length, last };
}

/** The annual report (Form 08) of a province with REPORT_SYSTEMS systems in its landscape appendix. */
const REPORT_SYSTEMS = Number(process.env.BENCH_REPORT_SYSTEMS ?? 200);
const levels = { '1': 20, '2': 90, '3': 60, '4': 10, '5': 0, none: 20 };
const reportSystem = (i: number): ReportSystem => ({
  code: `HT-${String(i).padStart(4, '0')}`,
  name: `Hệ thống quản lý văn bản và điều hành số ${i}`,
  orgName: `UBND xã số ${i % 100}`,
  proposedLevel: 2 + (i % 2),
  approvedLevel: i % 3 === 0 ? 2 : null,
  status: i % 3 === 0 ? 'approved' : 'sent_for_appraisal',
  decisionNo: i % 3 === 0 ? `${i}/QĐ-UBND` : null,
  decisionDate: i % 3 === 0 ? '2026-03-02' : null,
  decisionIssuer: i % 3 === 0 ? 'UBND tỉnh Tuyên Quang' : null,
  regulationNo: '01/QC-UBND',
  regulationIssuedOn: '2025-12-20',
  expectedApprovalOn: i % 3 === 0 ? null : '2026-12-31',
  deployment: 'partial',
  expectedFullDeploymentOn: '2027-06-30',
  check: i % 4 === 0 ? 'periodic' : null,
});
const report: AnnualReportInput = {
  regime: 'nd331_2026',
  year: 2026,
  issuer: data.province ?? org,
  province: null,
  today: '2026-12-16',
  data: {
    figures: {
      org: { id: '0190a000-0000-7000-8000-000000000001', code: 'TQ', name: 'UBND tỉnh Tuyên Quang', kind: 'province', parentId: null },
      asOf: '2026-12-16',
      totals: {
        units: 120,
        unitsWithoutSubmission: 80,
        systems: REPORT_SYSTEMS,
        important: 12,
        classified: 180,
        byProposedLevel: levels,
        byApprovedLevel: levels,
        dossiers: { drafting: 30, submitted: 100, underAppraisal: 20, returned: 10, appraised: 5, approved: 60, rejected: 2, overdue: 4 },
      },
      rows: [],
    },
    orgPath: '/0190a000-0000-7000-8000-000000000001/',
    period: { from: '2025-12-15', to: '2026-12-14', internalDue: '2026-12-20', externalDue: '2026-12-25' },
    systems: Array.from({ length: REPORT_SYSTEMS }, (_, i) => reportSystem(i + 1)),
  },
};

const rows: { metric: string; median: number; p95: number; bytes: number; baseline: string; ok: boolean | null }[] = [];
const out = process.env.BENCH_DOCS_OUT;
for (const format of ['docx', 'pdf'] as const) {
  const render = format === 'docx' ? renderDocx : (m: DocumentModel) => renderPdf(m);
  const base = await time(() => render(empty));
  const doc = await time(() => render(buildDocument(t, 'overview', data)));
  rows.push({ metric: `overview ${format}`, ...doc, baseline: `empty ${format}: median ${base.median.toFixed(1)} ms, p95 ${base.p95.toFixed(1)} ms`, ok: doc.p95 < TARGET_MS });
  // No target of its own: reported so that the cost per system of the appendix is known.
  const annual = await time(() => render(buildAnnualReport(t, report)));
  rows.push({ metric: `annual report ${format} (${REPORT_SYSTEMS} systems)`, ...annual, baseline: 'Form 08, landscape appendix', ok: null });
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `overview.${format}`), doc.last);
  }
}

console.log(`Documents bench: ${RUNS} runs each, Node ${process.version}`);
console.table(
  rows.map((r) => ({
    metric: r.metric,
    median: `${r.median.toFixed(1)} ms`,
    p95: `${r.p95.toFixed(1)} ms`,
    size: `${(r.bytes / 1024).toFixed(0)} KiB`,
    target: r.ok === null ? '—' : `< ${TARGET_MS} ms`,
    ok: r.ok === null ? '—' : r.ok ? 'yes' : 'NO',
    baseline: r.baseline,
  })),
);
