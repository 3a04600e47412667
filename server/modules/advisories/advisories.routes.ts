import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { IdParams } from '@shared/api/common';
import {
  AcknowledgeBody,
  Advisory,
  AdvisoryList,
  AdvisoryTargetList,
  CreateAdvisoryBody,
  EvidenceParams,
  EvidenceUploaded,
  ImportResult,
  ListAdvisoriesQuery,
  ListTargetsQuery,
  OrgResponseList,
  OverdueList,
  PreviewBody,
  RespondBody,
  TargetPreview,
  UpdateAdvisoryBody,
  WithdrawBody,
} from '@shared/api/advisories';
import { fieldError } from '../../http/errors';
import { contentDisposition } from '../../http/content-disposition';
import * as svc from './advisories.service';
import { importAdvisories } from './advisories.import';

/** The file and text fields of a multipart upload, in whatever order the client sent them. */
async function readUpload(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) throw fieldError('file', 'validation.required');
  let file: { fileName: string; data: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer();
        continue;
      }
      file = { fileName: part.filename, data: await part.toBuffer() };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  if (!file) throw fieldError('file', 'validation.required');
  return { ...file, fields };
}

/** Early warnings (issue #5): authoring and targeting (the authority), answers (the affected units). */
export const advisoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['advisories'];
  const read = { action: 'advisory.read' } as const;
  const publish = { action: 'advisory.publish' } as const;
  const respond = { action: 'advisory.respond' } as const;

  app.get('/', { config: read, schema: { tags, summary: 'Danh sách cảnh báo', querystring: ListAdvisoriesQuery, response: { 200: AdvisoryList } } }, (req) =>
    svc.listAdvisories(req.ctx, req.query),
  );
  app.post('/', { config: publish, schema: { tags, summary: 'Soạn cảnh báo (bản nháp)', body: CreateAdvisoryBody, response: { 200: Advisory } } }, (req) =>
    svc.createAdvisory(req.ctx, req.body),
  );
  app.post(
    '/preview',
    { config: publish, schema: { tags, summary: 'Xem trước các cơ quan, hệ thống, máy tính bị ảnh hưởng (không ghi gì)', body: PreviewBody, response: { 200: TargetPreview } } },
    (req) => svc.previewProducts(req.ctx, req.body),
  );
  app.post(
    '/import',
    {
      config: publish,
      schema: {
        tags,
        summary: 'Nhập cảnh báo từ tệp CVE JSON 5 hoặc danh mục KEV của CISA: file, kind (cve_json5 | cisa_kev), cveIds (tùy chọn)',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult },
      },
    },
    async (req) => {
      const up = await readUpload(req, 20 * 1024 * 1024);
      return importAdvisories(req.ctx, { kind: up.fields.kind, cveIds: up.fields.cveIds, data: up.data });
    },
  );
  app.get('/overdue', { config: read, schema: { tags, summary: 'Đơn vị chưa xác nhận / chưa khắc phục khi đã quá hạn', response: { 200: OverdueList } } }, (req) =>
    svc.listOverdue(req.ctx),
  );
  app.get('/:id', { config: read, schema: { tags, summary: 'Một cảnh báo', params: IdParams, response: { 200: Advisory } } }, (req) => svc.getAdvisory(req.ctx, req.params.id));
  app.patch('/:id', { config: publish, schema: { tags, summary: 'Sửa bản nháp', params: IdParams, body: UpdateAdvisoryBody, response: { 200: Advisory } } }, (req) =>
    svc.updateAdvisory(req.ctx, req.params.id, req.body),
  );
  // A POST that writes nothing: the preview is the author's action, not a read every reader has.
  app.post('/:id/preview', { config: publish, schema: { tags, summary: 'Xem trước đối tượng bị ảnh hưởng của bản nháp (không ghi gì)', params: IdParams, response: { 200: TargetPreview } } }, (req) =>
    svc.previewAdvisory(req.ctx, req.params.id),
  );
  app.post('/:id/publish', { config: publish, schema: { tags, summary: 'Ban hành: xác định đối tượng và thông báo đơn vị', params: IdParams, response: { 200: Advisory } } }, (req) =>
    svc.publishAdvisory(req.ctx, req.params.id),
  );
  app.post('/:id/withdraw', { config: publish, schema: { tags, summary: 'Thu hồi cảnh báo', params: IdParams, body: WithdrawBody, response: { 200: Advisory } } }, (req) =>
    svc.withdrawAdvisory(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/:id/targets',
    { config: read, schema: { tags, summary: 'Tài sản bị ảnh hưởng và lý do (đơn vị chỉ thấy của mình)', params: IdParams, querystring: ListTargetsQuery, response: { 200: AdvisoryTargetList } } },
    (req) => svc.listTargets(req.ctx, req.params.id, req.query),
  );
  app.get('/:id/responses', { config: read, schema: { tags, summary: 'Phản hồi của từng cơ quan', params: IdParams, response: { 200: OrgResponseList } } }, (req) =>
    svc.listResponses(req.ctx, req.params.id),
  );
  app.get('/:id/overdue', { config: read, schema: { tags, summary: 'Cơ quan quá hạn với cảnh báo này', params: IdParams, response: { 200: OverdueList } } }, (req) =>
    svc.listOverdue(req.ctx, req.params.id),
  );
  app.post('/:id/acknowledge', { config: respond, schema: { tags, summary: 'Đơn vị xác nhận đã nhận cảnh báo', params: IdParams, body: AcknowledgeBody, response: { 200: Advisory } } }, (req) =>
    svc.acknowledgeAdvisory(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/respond',
    { config: respond, schema: { tags, summary: 'Báo cáo đã khắc phục / không bị ảnh hưởng cho nhiều tài sản một lần', params: IdParams, body: RespondBody, response: { 200: Advisory } } },
    (req) => svc.respondTargets(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/evidence',
    { config: respond, schema: { tags, summary: 'Tải lên minh chứng khắc phục (PDF, DOCX, XLSX, ảnh)', params: IdParams, consumes: ['multipart/form-data'], response: { 200: EvidenceUploaded } } },
    async (req) => {
      const up = await readUpload(req, svc.MAX_EVIDENCE_BYTES);
      return svc.addEvidence(req.ctx, req.params.id, up.fileName, up.data);
    },
  );
  app.get('/:id/evidence/:evidenceId', { config: read, schema: { tags, summary: 'Tải minh chứng', params: EvidenceParams } }, async (req, reply) => {
    const e = await svc.getEvidence(req.ctx, req.params.id, req.params.evidenceId);
    return reply.header('content-type', e.mediaType).header('content-disposition', contentDisposition(e.fileName)).header('x-content-sha256', e.sha256).send(e.content);
  });
};
