import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import { CommitImportBody, ImportResult, SystemImportPreview } from '@shared/api/systems';
import { fieldError } from '../../http/errors';
import * as svc from './systems-import.service';
import { systemsTemplate } from './systems-export';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Systems import from CSV/XLSX: template → upload → preview (nothing written) → commit. */
export const systemImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['systems'];
  app.get('/template.xlsx', { config: { action: 'system.manage' }, schema: { tags, summary: 'Tệp mẫu nhập hệ thống thông tin' } }, async (req, reply) => {
    const data = await systemsTemplate(req.ctx);
    return reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="mau-nhap-he-thong-thong-tin.xlsx"').send(data);
  });
  app.post(
    '/',
    {
      config: { action: 'system.manage' },
      schema: { tags, summary: 'Nhập hệ thống thông tin từ tệp CSV/XLSX (xem trước)', consumes: ['multipart/form-data'], response: { 200: SystemImportPreview } },
    },
    async (req) => {
      // Multipart is not a JSON body: the one field, `file`, is read here rather than by a schema.
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file || file.fieldname !== 'file') throw fieldError('file', 'validation.required');
      return svc.previewSystemImport(req.ctx, { fileName: file.filename, data: await file.toBuffer() });
    },
  );
  app.post(
    '/:id/commit',
    {
      config: { action: 'system.manage' },
      schema: { tags, summary: 'Ghi các hệ thống của một lượt nhập', params: IdParams, body: CommitImportBody, response: { 200: ImportResult } },
    },
    (req) => svc.commitSystemImport(req.ctx, req.params.id, req.body.acceptValidRows),
  );
};
