import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { Id, IdParams, Ok } from '@shared/api/common';
import {
  AttachmentSection,
  CreateCommentBody,
  CreateDossierBody,
  Dossier,
  DossierList,
  DossierVersion,
  ListDossiersQuery,
  TransitionBody,
  UpdateDossierBody,
  VersionParams,
} from '@shared/api/dossiers';
import { DOSSIER_TRANSITIONS } from '@shared/domain/dossiers';
import type { RouteAction } from '../../http/auth-plugin';
import { fieldError } from '../../http/errors';
import { contentDisposition } from '../../http/content-disposition';
import * as svc from './dossiers.service';
import * as files from './dossiers-attachments';

const AttachmentParams = z.object({ id: Id, attachmentId: Id });

/**
 * Transition routes are open to every reader of dossiers: dossiers.rules.ts decides who may take
 * each step on that dossier's organisation, and its refusal names the state and who may act — more
 * useful to a commune officer than the plugin's bare "forbidden".
 */
const TRANSITION_GATE: RouteAction = 'dossier.read';

export const dossierRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['dossiers'];
  app.get('/', { config: { action: 'dossier.read' }, schema: { tags, summary: 'Danh sách hồ sơ đề xuất cấp độ', querystring: ListDossiersQuery, response: { 200: DossierList } } }, (req) =>
    svc.listDossiers(req.ctx, req.query),
  );
  app.post('/', { config: { action: 'dossier.prepare' }, schema: { tags, summary: 'Lập hồ sơ cho một hệ thống', body: CreateDossierBody, response: { 200: Dossier } } }, (req) =>
    svc.createDossier(req.ctx, req.body),
  );
  app.get('/:id', { config: { action: 'dossier.read' }, schema: { tags, summary: 'Một hồ sơ', params: IdParams, response: { 200: Dossier } } }, (req) =>
    svc.getDossier(req.ctx, req.params.id),
  );
  app.patch(
    '/:id',
    { config: { action: 'dossier.prepare' }, schema: { tags, summary: 'Soạn nội dung phiên bản hiện tại', params: IdParams, body: UpdateDossierBody, response: { 200: Dossier } } },
    (req) => svc.updateDossier(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/:id/versions/:version',
    { config: { action: 'dossier.read' }, schema: { tags, summary: 'Nội dung một phiên bản', params: VersionParams, response: { 200: DossierVersion } } },
    (req) => svc.getVersion(req.ctx, req.params.id, req.params.version),
  );
  app.post('/:id/endorse', { config: { action: 'dossier.submit' }, schema: { tags, summary: 'Thủ trưởng đồng ý gửi', params: IdParams, response: { 200: Dossier } } }, (req) =>
    svc.endorseDossier(req.ctx, req.params.id),
  );
  app.post(
    '/:id/comments',
    { config: { action: 'dossier.appraise' }, schema: { tags, summary: 'Góp ý vào một phần hồ sơ', params: IdParams, body: CreateCommentBody, response: { 200: Dossier } } },
    (req) => svc.addComment(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/attachments',
    {
      config: { action: 'dossier.prepare' },
      schema: { tags, summary: 'Đính kèm tệp (PDF, DOCX, XLSX, ảnh)', params: IdParams, consumes: ['multipart/form-data'], response: { 200: Dossier } },
    },
    async (req) => {
      // Multipart is not a JSON body: `section` then `file` are read here rather than by a schema.
      const file = req.isMultipart() ? await req.file({ limits: { fileSize: files.MAX_ATTACHMENT_BYTES, files: 1 } }) : undefined;
      if (!file || file.fieldname !== 'file') throw fieldError('file', 'validation.required');
      const field = file.fields.section;
      const raw = field && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
      const section = AttachmentSection.safeParse(raw);
      if (!section.success) throw fieldError('section', 'validation.invalid');
      await files.addAttachment(req.ctx, req.params.id, section.data, file.filename, await file.toBuffer());
      return svc.getDossier(req.ctx, req.params.id);
    },
  );
  app.get(
    '/:id/attachments/:attachmentId',
    { config: { action: 'dossier.read' }, schema: { tags, summary: 'Tải tệp đính kèm', params: AttachmentParams } },
    async (req, reply) => {
      const a = await files.getAttachment(req.ctx, req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', a.mediaType)
        .header('content-disposition', contentDisposition(a.fileName))
        .header('x-content-sha256', a.sha256)
        .send(a.content);
    },
  );
  app.delete(
    '/:id/attachments/:attachmentId',
    { config: { action: 'dossier.prepare' }, schema: { tags, summary: 'Gỡ tệp đính kèm', params: AttachmentParams, response: { 200: Ok } } },
    async (req) => {
      await files.deleteAttachment(req.ctx, req.params.id, req.params.attachmentId);
      return { ok: true as const };
    },
  );
  for (const t of DOSSIER_TRANSITIONS) {
    app.post(
      `/:id/${t.replaceAll('_', '-')}`,
      { config: { action: TRANSITION_GATE }, schema: { tags, summary: `Chuyển bước: ${t}`, params: IdParams, body: TransitionBody, response: { 200: Dossier } } },
      (req) => svc.transitionDossier(req.ctx, req.params.id, t, req.body),
    );
  }
};
