import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import { ListNotificationsQuery, NotificationList } from '@shared/api/notifications';
import * as svc from './notifications.service';

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notifications'];
  app.get('/', { config: { action: 'self' }, schema: { tags, summary: 'Thông báo của tôi', querystring: ListNotificationsQuery, response: { 200: NotificationList } } }, (req) =>
    svc.listNotifications(req.ctx, req.query),
  );
  app.post('/:id/read', { config: { action: 'self' }, schema: { tags, summary: 'Đánh dấu đã đọc', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.markRead(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/read-all', { config: { action: 'self' }, schema: { tags, summary: 'Đánh dấu tất cả đã đọc', response: { 200: Ok } } }, async (req) => {
    await svc.markAllRead(req.ctx);
    return { ok: true as const };
  });
};
