import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AlertDetail,
  AlertList,
  SocConnection,
  SocCoverage,
  SocSettings,
  TriageReply,
  type ListAlertsQuery,
  type TriageBody,
  type UpdateSocConnectionBody,
} from '@shared/api/soc';
import { api } from '../../lib/api';

/** Every SOC mutation invalidates everything under this key (coverage, connections, queue). */
export const SOC_KEY = ['soc'] as const;

export const PATHS = {
  coverage: '/api/soc/coverage',
  settings: '/api/soc/settings',
  system: (id: string) => `/api/soc/systems/${encodeURIComponent(id)}`,
  alerts: '/api/alerts',
  alert: (id: string) => `/api/alerts/${encodeURIComponent(id)}`,
  triage: '/api/alerts/triage',
} as const;

export function useSocCoverage(orgId?: string) {
  return useQuery({
    queryKey: [...SOC_KEY, 'coverage', orgId ?? null],
    queryFn: ({ signal }) => api.get(PATHS.coverage, SocCoverage, { query: { orgId }, signal }),
  });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (quietHours: number) => api.put(PATHS.settings, SocSettings, { body: { quietHours } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SOC_KEY }),
  });
}

export function useSocConnection(systemId: string) {
  return useQuery({
    queryKey: [...SOC_KEY, 'system', systemId],
    queryFn: ({ signal }) => api.get(PATHS.system(systemId), SocConnection, { signal }),
  });
}

export function useUpdateConnection(systemId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSocConnectionBody) => api.put(PATHS.system(systemId), SocConnection, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SOC_KEY }),
  });
}

export type AlertListParams = Partial<ListAlertsQuery>;

export function useAlerts(params: AlertListParams) {
  return useQuery({
    queryKey: [...SOC_KEY, 'alerts', params],
    queryFn: ({ signal }) => api.get(PATHS.alerts, AlertList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAlert(id: string | null) {
  return useQuery({
    queryKey: [...SOC_KEY, 'alert', id],
    queryFn: ({ signal }) => api.get(PATHS.alert(id ?? ''), AlertDetail, { signal }),
    enabled: !!id,
  });
}

export function useTriage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TriageBody) => api.post(PATHS.triage, TriageReply, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SOC_KEY }),
  });
}
