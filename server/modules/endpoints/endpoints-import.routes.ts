import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  CommitEndpointImportBody,
  EndpointImportPreview,
  EndpointImportPreviewFields,
  EndpointImportResult,
  ListImportMappingsQuery,
  SavedImportMappingList,
} from '@shared/api/endpoint-import';
import { AppError, fieldError } from '../../http/errors';
import * as svc from './endpoints-import.service';

/** The file and the text fields of a multipart upload, in whatever order the client sent them. */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw fieldError('file', 'validation.required');
  let file: { fileName: string; data: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer();
        continue;
      }
      file = { fileName: part.filename, data: await part.toBuffer() };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  if (!file) throw fieldError('file', 'validation.required');
  let mapping: unknown;
  if (fields.mapping !== undefined && fields.mapping.trim() !== '') {
    try {
      mapping = JSON.parse(fields.mapping);
    } catch {
      throw fieldError('mapping', 'errors.endpointImport.mappingNotJson');
    }
  }
  const parsed = EndpointImportPreviewFields.safeParse({ orgId: fields.orgId, source: fields.source, mapping });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'file');
    throw new AppError('validation', 'errors.validation', {}, { [field]: { key: fields[field] === undefined ? 'validation.required' : 'validation.invalid' } });
  }
  return { ...file, ...parsed.data };
}

/** Import of the central anti-malware console's export (issue #4): preview (nothing written) → commit. */
export const endpointImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['endpoints'];
  app.post(
    '/preview',
    {
      config: { action: 'endpoint.manage' },
      schema: {
        tags,
        summary: 'Xem trước tệp xuất từ máy chủ quản trị phòng chống mã độc (CSV/XLSX): file, orgId, source, mapping (JSON)',
        consumes: ['multipart/form-data'],
        response: { 200: EndpointImportPreview },
      },
    },
    async (req) => svc.previewEndpointImport(req.ctx, await readUpload(req)),
  );
  app.post(
    '/commit',
    {
      config: { action: 'endpoint.manage' },
      schema: { tags, summary: 'Ghi các máy tính của một lượt nhập đã xem trước', body: CommitEndpointImportBody, response: { 200: EndpointImportResult } },
    },
    (req) => svc.commitEndpointImport(req.ctx, req.body.importId, req.body.saveMapping),
  );
  app.get(
    '/mappings',
    {
      config: { action: 'endpoint.manage' },
      schema: { tags, summary: 'Cách ghép cột đã lưu theo nguồn', querystring: ListImportMappingsQuery, response: { 200: SavedImportMappingList } },
    },
    (req) => svc.listImportMappings(req.ctx, req.query.orgId),
  );
};
