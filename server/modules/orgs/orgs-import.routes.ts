import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import { CommitImportBody, ImportResult, OrgImportPreview } from '@shared/api/orgs';
import { fieldError } from '../../http/errors';
import * as svc from './orgs-import.service';

/** Organisation import from CSV/XLSX: upload → preview (nothing written) → commit. */
export const orgImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['orgs'];
  app.post(
    '/',
    {
      config: { action: 'org.manage' },
      schema: { tags, summary: 'Nhập danh sách đơn vị từ tệp CSV/XLSX (xem trước)', consumes: ['multipart/form-data'], response: { 200: OrgImportPreview } },
    },
    async (req) => {
      // Multipart is not a JSON body: the one field, `file`, is read here rather than by a schema.
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file || file.fieldname !== 'file') throw fieldError('file', 'validation.required');
      return svc.previewOrgImport(req.ctx, { fileName: file.filename, data: await file.toBuffer() });
    },
  );
  app.post(
    '/:id/commit',
    {
      config: { action: 'org.manage' },
      schema: { tags, summary: 'Ghi các đơn vị của một lượt nhập', params: IdParams, body: CommitImportBody, response: { 200: ImportResult } },
    },
    (req) => svc.commitOrgImport(req.ctx, req.params.id, req.body.acceptValidRows),
  );
};
