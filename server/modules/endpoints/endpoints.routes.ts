import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import {
  CentralAvProduct,
  CentralAvProductList,
  Coverage,
  CoverageHistory,
  CoverageHistoryQuery,
  CoverageQuery,
  CreateCentralAvProductBody,
  CreateEndpointBody,
  Endpoint,
  EndpointList,
  ExportEndpointsQuery,
  ExportViolationsQuery,
  ListEndpointsQuery,
  ListViolationsQuery,
  ResolveViolationBody,
  UpdateEndpointBody,
  Violation,
  ViolationList,
} from '@shared/api/endpoints';
import * as svc from './endpoints.service';
import * as central from './central-products';
import { getCoverage, getCoverageHistory } from './coverage';
import { exportEndpoints, exportViolations } from './endpoints-export';
import { exportCoverage } from './coverage-export';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The inventory of computers, coverage, central products, violations (issue #4). */
export const endpointRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['endpoints'];
  const read = { action: 'endpoint.read' } as const;
  const manage = { action: 'endpoint.manage' } as const;

  app.get('/', { config: read, schema: { tags, summary: 'Danh sách máy tính', querystring: ListEndpointsQuery, response: { 200: EndpointList } } }, (req) =>
    svc.listEndpoints(req.ctx, req.query),
  );
  app.get('/export.xlsx', { config: read, schema: { tags, summary: 'Xuất danh sách máy tính ra Excel', querystring: ExportEndpointsQuery } }, async (req, reply) => {
    const data = await exportEndpoints(req.ctx, req.query);
    const day = req.ctx.clock().toISOString().slice(0, 10);
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="may-tinh-${day}.xlsx"`).send(data);
  });

  app.get('/coverage', { config: read, schema: { tags, summary: 'Tỷ lệ máy tính được bảo vệ', querystring: CoverageQuery, response: { 200: Coverage } } }, (req) =>
    getCoverage(req.ctx, req.query),
  );
  app.get('/coverage/export.xlsx', { config: read, schema: { tags, summary: 'Xuất bảng độ phủ bảo vệ ra Excel', querystring: CoverageQuery } }, async (req, reply) => {
    const data = await exportCoverage(req.ctx, req.query);
    const day = req.ctx.clock().toISOString().slice(0, 10);
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="do-phu-bao-ve-${day}.xlsx"`).send(data);
  });
  app.get(
    '/coverage/history',
    { config: read, schema: { tags, summary: 'Diễn biến tỷ lệ máy tính được bảo vệ theo ngày', querystring: CoverageHistoryQuery, response: { 200: CoverageHistory } } },
    (req) => getCoverageHistory(req.ctx, req.query),
  );

  app.get('/central-products', { config: read, schema: { tags, summary: 'Phần mềm phòng chống mã độc tập trung', response: { 200: CentralAvProductList } } }, (req) =>
    central.listCentralProducts(req.ctx),
  );
  app.post(
    '/central-products',
    { config: { action: 'endpoint.configure' }, schema: { tags, summary: 'Thêm tên phần mềm phòng chống mã độc tập trung', body: CreateCentralAvProductBody, response: { 200: CentralAvProduct } } },
    (req) => central.createCentralProduct(req.ctx, req.body),
  );
  app.delete(
    '/central-products/:id',
    { config: { action: 'endpoint.configure' }, schema: { tags, summary: 'Bỏ tên phần mềm phòng chống mã độc tập trung', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await central.deleteCentralProduct(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  app.get('/violations', { config: read, schema: { tags, summary: 'Vi phạm (máy bí mật nhà nước chạy tác tử)', querystring: ListViolationsQuery, response: { 200: ViolationList } } }, (req) =>
    svc.listViolations(req.ctx, req.query),
  );
  app.get('/violations/export.xlsx', { config: read, schema: { tags, summary: 'Xuất danh sách vi phạm ra Excel', querystring: ExportViolationsQuery } }, async (req, reply) => {
    const data = await exportViolations(req.ctx, req.query);
    const day = req.ctx.clock().toISOString().slice(0, 10);
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="vi-pham-may-tinh-${day}.xlsx"`).send(data);
  });
  app.post(
    '/violations/:id/resolve',
    { config: manage, schema: { tags, summary: 'Xử lý xong vi phạm', params: IdParams, body: ResolveViolationBody, response: { 200: Violation } } },
    (req) => svc.resolveViolation(req.ctx, req.params.id, req.body.note),
  );

  app.get('/:id', { config: read, schema: { tags, summary: 'Một máy tính', params: IdParams, response: { 200: Endpoint } } }, (req) => svc.getEndpoint(req.ctx, req.params.id));
  app.post('/', { config: manage, schema: { tags, summary: 'Thêm máy tính (nhập tay)', body: CreateEndpointBody, response: { 200: Endpoint } } }, (req) =>
    svc.createEndpoint(req.ctx, req.body),
  );
  app.patch('/:id', { config: manage, schema: { tags, summary: 'Sửa, chuyển hoặc ngừng sử dụng máy tính', params: IdParams, body: UpdateEndpointBody, response: { 200: Endpoint } } }, (req) =>
    svc.updateEndpoint(req.ctx, req.params.id, req.body),
  );
  app.delete('/:id', { config: manage, schema: { tags, summary: 'Xóa máy tính khỏi danh sách', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteEndpoint(req.ctx, req.params.id);
    return { ok: true as const };
  });
};
