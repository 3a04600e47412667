import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AuditList, AuditVerification, type ListAuditQuery } from '@shared/api/audit';
import { api } from '../../lib/api';

export type AuditListParams = Partial<ListAuditQuery>;

export function useAuditList(params: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', params],
    queryFn: ({ signal }) => api.get('/api/audit', AuditList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Re-computes the hash chain on the server; run on demand only (it reads every record). */
export function useAuditVerification() {
  return useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: ({ signal }) => api.get('/api/audit/verify', AuditVerification, { signal }),
    enabled: false,
    gcTime: 0,
    retry: false,
  });
}
