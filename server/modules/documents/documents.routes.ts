import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { Id } from '@shared/api/common';
import { contentDisposition } from '../../http/content-disposition';
import { DOCUMENT_FORMS } from './documents.builders';
import { AnnualReportQuery } from '@shared/api/figures';
import { generateAnnualReport, generateDocument } from './documents.service';

const DocumentParams = z.object({ id: Id, form: z.enum(DOCUMENT_FORMS) });
const DocumentQuery = z.object({
  format: z.enum(['docx', 'pdf']).default('docx'),
  /** A frozen version (what the police received); the current one by default. */
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['documents'];
  app.get(
    '/annual-report',
    {
      config: { action: 'system.read' },
      schema: { tags, summary: 'Báo cáo kết quả công tác bảo đảm an ninh mạng đối với hệ thống thông tin hằng năm (Mẫu số 08) dạng DOCX hoặc PDF', querystring: AnnualReportQuery },
    },
    async (req, reply) => {
      const doc = await generateAnnualReport(req.ctx, req.query);
      return reply.header('content-type', doc.mediaType).header('content-disposition', contentDisposition(doc.fileName)).send(doc.content);
    },
  );
  app.get(
    '/dossiers/:id/:form',
    {
      config: { action: 'dossier.read' },
      schema: { tags, summary: 'Văn bản của hồ sơ cấp độ (đề nghị, ý kiến thẩm định, tờ trình, quyết định, hồ sơ) dạng DOCX hoặc PDF', params: DocumentParams, querystring: DocumentQuery },
    },
    async (req, reply) => {
      const doc = await generateDocument(req.ctx, req.params.id, req.params.form, req.query.format, req.query.version);
      return reply.header('content-type', doc.mediaType).header('content-disposition', contentDisposition(doc.fileName)).send(doc.content);
    },
  );
};
