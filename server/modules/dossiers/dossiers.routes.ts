import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import {
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
import * as svc from './dossiers.service';

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
  for (const t of DOSSIER_TRANSITIONS) {
    app.post(
      `/:id/${t.replaceAll('_', '-')}`,
      { config: { action: TRANSITION_GATE }, schema: { tags, summary: `Chuyển bước: ${t}`, params: IdParams, body: TransitionBody, response: { 200: Dossier } } },
      (req) => svc.transitionDossier(req.ctx, req.params.id, t, req.body),
    );
  }
};
