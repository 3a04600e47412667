import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertRejectionList } from '@shared/api/soc';
import { SyslogListenerInfo, SyslogSource, SyslogSourceList, type CreateSyslogSourceBody, type ListSyslogSourcesQuery, type UpdateSyslogSourceBody } from '@shared/api/syslog';
import { api } from '../../lib/api';

/** Every change to a syslog source invalidates everything under this key. */
export const SYSLOG_KEY = ['syslog-sources'] as const;

export const PATHS = {
  list: '/api/soc/syslog-sources',
  one: (id: string) => `/api/soc/syslog-sources/${encodeURIComponent(id)}`,
  disable: (id: string) => `/api/soc/syslog-sources/${encodeURIComponent(id)}/disable`,
  enable: (id: string) => `/api/soc/syslog-sources/${encodeURIComponent(id)}/enable`,
  listener: '/api/soc/syslog-sources/listener',
  rejections: '/api/alerts/rejections',
} as const;

export function useSyslogSources(params: Partial<ListSyslogSourcesQuery>) {
  return useQuery({
    queryKey: [...SYSLOG_KEY, 'list', params],
    queryFn: ({ signal }) => api.get(PATHS.list, SyslogSourceList, { query: params, signal }),
  });
}

export function useSyslogListener() {
  return useQuery({ queryKey: [...SYSLOG_KEY, 'listener'], queryFn: ({ signal }) => api.get(PATHS.listener, SyslogListenerInfo, { signal }) });
}

/** Refused alerts of the last days (built by the SOC module; needs alert.read). */
export function useRejections(enabled: boolean) {
  return useQuery({
    queryKey: [...SYSLOG_KEY, 'rejections'],
    queryFn: ({ signal }) => api.get(PATHS.rejections, AlertRejectionList, { query: { days: 7 }, signal }),
    enabled,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: SYSLOG_KEY });
}

export function useCreateSyslogSource() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: CreateSyslogSourceBody) => api.post(PATHS.list, SyslogSource, { body }), onSuccess: invalidate });
}

export function useUpdateSyslogSource() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSyslogSourceBody }) => api.patch(PATHS.one(id), SyslogSource, { body }),
    onSuccess: invalidate,
  });
}

export function useSetSyslogSourceEnabled() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api.post(enabled ? PATHS.enable(id) : PATHS.disable(id), SyslogSource, {}),
    onSuccess: invalidate,
  });
}
