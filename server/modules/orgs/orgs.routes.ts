import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import { CreateOrgBody, DesignateOfficerBody, ListOrgsQuery, Org, OrgList, UpdateOrgBody } from '@shared/api/orgs';
import * as svc from './orgs.service';
import { orgImportRoutes } from './orgs-import.routes';

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['orgs'];
  app.get('/', { config: { action: 'org.read' }, schema: { tags, summary: 'Danh sách đơn vị', querystring: ListOrgsQuery, response: { 200: OrgList } } }, (req) =>
    svc.listOrgs(req.ctx, req.query),
  );
  app.get('/:id', { config: { action: 'org.read' }, schema: { tags, summary: 'Một đơn vị', params: IdParams, response: { 200: Org } } }, (req) =>
    svc.getOrg(req.ctx, req.params.id),
  );
  app.post('/', { config: { action: 'org.manage' }, schema: { tags, summary: 'Thêm đơn vị', body: CreateOrgBody, response: { 200: Org } } }, (req) =>
    svc.createOrg(req.ctx, req.body),
  );
  app.patch(
    '/:id',
    { config: { action: 'org.manage' }, schema: { tags, summary: 'Sửa hoặc chuyển đơn vị', params: IdParams, body: UpdateOrgBody, response: { 200: Org } } },
    (req) => svc.updateOrg(req.ctx, req.params.id, req.body),
  );
  app.delete('/:id', { config: { action: 'org.manage' }, schema: { tags, summary: 'Xóa đơn vị trống', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteOrg(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post(
    '/:id/security-officer',
    {
      config: { action: 'org.designate_officer' },
      schema: { tags, summary: 'Chỉ định cán bộ chuyên trách ATTT', params: IdParams, body: DesignateOfficerBody, response: { 200: Org } },
    },
    (req) => svc.designateOfficer(req.ctx, req.params.id, req.body.userId),
  );
  await app.register(orgImportRoutes, { prefix: '/import' });
};
