import { z } from 'zod';
import { Id, listOf } from './common';

export const Notification = z.object({
  id: Id,
  kind: z.string(),
  subjectType: z.string(),
  subjectId: Id,
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = listOf(Notification).extend({ unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;

export const ListNotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;
