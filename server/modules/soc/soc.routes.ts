import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import {
  AlertDetail,
  AlertList,
  AlertRejectionList,
  ListAlertsQuery,
  RejectionsQuery,
  SocConnection,
  SocCoverage,
  SocCoverageQuery,
  SocSettings,
  TriageBody,
  TriageReply,
  UpdateSocConnectionBody,
  UpdateSocSettingsBody,
} from '@shared/api/soc';
import * as conn from './connections';
import * as queue from './queue';

/** SOC coverage of important systems: connections, coverage figures, the quiet threshold (issue #5). */
export const socRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['soc'];
  const read = { action: 'soc.read' } as const;
  app.get('/coverage', { config: read, schema: { tags, summary: 'Độ phủ giám sát SOC của hệ thống quan trọng', querystring: SocCoverageQuery, response: { 200: SocCoverage } } }, (req) =>
    conn.getCoverage(req.ctx, req.query),
  );
  app.get('/settings', { config: read, schema: { tags, summary: 'Ngưỡng "im lặng" của nguồn giám sát', response: { 200: SocSettings } } }, (req) => conn.getSettings(req.ctx));
  app.put(
    '/settings',
    { config: { action: 'soc.manage' }, schema: { tags, summary: 'Đổi ngưỡng "im lặng" (cấp tỉnh)', body: UpdateSocSettingsBody, response: { 200: SocSettings } } },
    (req) => conn.updateSettings(req.ctx, req.body),
  );
  app.get('/systems/:id', { config: read, schema: { tags, summary: 'Kết nối SOC của một hệ thống', params: IdParams, response: { 200: SocConnection } } }, (req) =>
    conn.getConnection(req.ctx, req.params.id),
  );
  app.put(
    '/systems/:id',
    { config: { action: 'soc.manage' }, schema: { tags, summary: 'Cập nhật kết nối SOC của một hệ thống', params: IdParams, body: UpdateSocConnectionBody, response: { 200: SocConnection } } },
    (req) => conn.updateConnection(req.ctx, req.params.id, req.body),
  );
};

/** The analyst queue (issue #5). Intake is alertIntakeRoutes (intake.ts). */
export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['alerts'];
  const read = { action: 'alert.read' } as const;
  app.get('/', { config: read, schema: { tags, summary: 'Hàng đợi cảnh báo', querystring: ListAlertsQuery, response: { 200: AlertList } } }, (req) => queue.listAlerts(req.ctx, req.query));
  app.get(
    '/rejections',
    { config: { action: 'soc.read' }, schema: { tags, summary: 'Số cảnh báo bị từ chối (sai định dạng, quá lớn, mã truy cập lạ)', querystring: RejectionsQuery, response: { 200: AlertRejectionList } } },
    (req) => queue.listRejections(req.ctx, req.query),
  );
  app.post('/triage', { config: { action: 'alert.triage' }, schema: { tags, summary: 'Xử lý cảnh báo: đã xem, báo nhầm, mở lại', body: TriageBody, response: { 200: TriageReply } } }, (req) =>
    queue.triage(req.ctx, req.body),
  );
  app.get('/:id', { config: read, schema: { tags, summary: 'Chi tiết cảnh báo (kèm sự kiện gốc)', params: IdParams, response: { 200: AlertDetail } } }, (req) =>
    queue.getAlert(req.ctx, req.params.id),
  );
};
