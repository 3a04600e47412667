import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import { ClassifySystemBody, ClassifySystemResult, CreateSystemBody, ExportSystemsQuery, InformationSystem, ListSystemsQuery, SystemClassificationList, SystemList, UpdateSystemBody } from '@shared/api/systems';
import * as svc from './systems.service';
import { exportSystems } from './systems-export';
import { systemImportRoutes } from './systems-import.routes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['systems'];
  app.get('/', { config: { action: 'system.read' }, schema: { tags, summary: 'Danh sách hệ thống thông tin', querystring: ListSystemsQuery, response: { 200: SystemList } } }, (req) =>
    svc.listSystems(req.ctx, req.query),
  );
  app.get(
    '/export.xlsx',
    { config: { action: 'system.read' }, schema: { tags, summary: 'Xuất danh sách hệ thống thông tin ra Excel', querystring: ExportSystemsQuery } },
    async (req, reply) => {
      const data = await exportSystems(req.ctx, req.query);
      const day = req.ctx.clock().toISOString().slice(0, 10);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="he-thong-thong-tin-${day}.xlsx"`).send(data);
    },
  );
  app.get('/:id', { config: { action: 'system.read' }, schema: { tags, summary: 'Một hệ thống thông tin', params: IdParams, response: { 200: InformationSystem } } }, (req) =>
    svc.getSystem(req.ctx, req.params.id),
  );
  app.post('/', { config: { action: 'system.manage' }, schema: { tags, summary: 'Thêm hệ thống thông tin', body: CreateSystemBody, response: { 200: InformationSystem } } }, (req) =>
    svc.createSystem(req.ctx, req.body),
  );
  app.patch(
    '/:id',
    { config: { action: 'system.manage' }, schema: { tags, summary: 'Sửa hoặc chuyển hệ thống thông tin', params: IdParams, body: UpdateSystemBody, response: { 200: InformationSystem } } },
    (req) => svc.updateSystem(req.ctx, req.params.id, req.body),
  );
  app.delete('/:id', { config: { action: 'system.manage' }, schema: { tags, summary: 'Xóa hệ thống thông tin', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteSystem(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.get(
    '/:id/classifications',
    { config: { action: 'system.read' }, schema: { tags, summary: 'Lịch sử xác định cấp độ', params: IdParams, response: { 200: SystemClassificationList } } },
    (req) => svc.listClassifications(req.ctx, req.params.id),
  );
  app.post(
    '/:id/classify',
    {
      config: { action: 'system.manage' },
      schema: { tags, summary: 'Xác định cấp độ hệ thống thông tin', params: IdParams, body: ClassifySystemBody, response: { 200: ClassifySystemResult } },
    },
    (req) => svc.classifySystem(req.ctx, req.params.id, req.body),
  );
  await app.register(systemImportRoutes, { prefix: '/import' });
};
