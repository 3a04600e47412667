import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import { NotificationList } from '@shared/api/notifications';
import { api } from '../../lib/api';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** How often the bell asks for news (the server also e-mails; this only keeps the count fresh). */
export const NOTIFICATIONS_POLL_MS = 60_000;

/** The latest notifications (read and unread) and the unread count, polled every minute. */
export function useNotifications(limit = 15) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', limit],
    queryFn: ({ signal }) => api.get('/api/notifications', NotificationList, { query: { limit }, signal }),
    refetchInterval: NOTIFICATIONS_POLL_MS,
    // A failing bell must not disturb the page: no retries storm, the count just stays hidden.
    retry: false,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${encodeURIComponent(id)}/read`, Ok),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/notifications/read-all', Ok),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
