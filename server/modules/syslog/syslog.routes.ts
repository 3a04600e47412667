/**
 * Syslog senders (issue #5), prefix /api/soc/syslog-sources, all soc.manage:
 *   GET  /              the sources of the actor's units (receive counters included)
 *   POST /              create {orgId, name, senders: CIDR blocks, note?}
 *   PATCH /:id          change name, senders, note
 *   POST /:id/disable   stop accepting its senders · POST /:id/enable
 *   GET  /listener      the listener's port (KHIEN_SYSLOG_PORT), for the page's instructions
 * The listener itself (UDP and TCP) is server/syslog-listener.ts.
 */
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import { CreateSyslogSourceBody, ListSyslogSourcesQuery, SyslogListenerInfo, SyslogSource, SyslogSourceList, UpdateSyslogSourceBody } from '@shared/api/syslog';
import * as svc from './syslog.service';

export const syslogSourceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['soc'];
  const action = 'soc.manage' as const;
  app.get('/', { config: { action }, schema: { tags, summary: 'Nguồn syslog (CEF) của đơn vị', querystring: ListSyslogSourcesQuery, response: { 200: SyslogSourceList } } }, (req) =>
    svc.listSources(req.ctx, req.query),
  );
  app.get('/listener', { config: { action }, schema: { tags, summary: 'Cổng nhận syslog của nền tảng', response: { 200: SyslogListenerInfo } } }, async (req) => svc.listenerInfo(req.ctx));
  app.post('/', { config: { action }, schema: { tags, summary: 'Thêm nguồn syslog', body: CreateSyslogSourceBody, response: { 200: SyslogSource } } }, (req) =>
    svc.createSource(req.ctx, req.body),
  );
  app.patch('/:id', { config: { action }, schema: { tags, summary: 'Sửa nguồn syslog', params: IdParams, body: UpdateSyslogSourceBody, response: { 200: SyslogSource } } }, (req) =>
    svc.updateSource(req.ctx, req.params.id, req.body),
  );
  app.post('/:id/disable', { config: { action }, schema: { tags, summary: 'Ngừng nhận từ nguồn syslog', params: IdParams, response: { 200: SyslogSource } } }, (req) =>
    svc.setSourceEnabled(req.ctx, req.params.id, false),
  );
  app.post('/:id/enable', { config: { action }, schema: { tags, summary: 'Nhận lại từ nguồn syslog', params: IdParams, response: { 200: SyslogSource } } }, (req) =>
    svc.setSourceEnabled(req.ctx, req.params.id, true),
  );
};
