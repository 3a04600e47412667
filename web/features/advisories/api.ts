import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Advisory,
  AdvisoryList,
  AdvisoryTargetList,
  EvidenceUploaded,
  ImportResult,
  OrgResponseList,
  OverdueList,
  TargetPreview,
  type AcknowledgeBody,
  type CreateAdvisoryBody,
  type ListAdvisoriesQuery,
  type ListTargetsQuery,
  type PreviewBody,
  type RespondBody,
  type UpdateAdvisoryBody,
} from '@shared/api/advisories';
import { api } from '../../lib/api';

export const ADVISORIES_KEY = ['advisories'] as const;

const path = (id: string) => `/api/advisories/${encodeURIComponent(id)}`;

export function evidenceUrl(advisoryId: string, evidenceId: string): string {
  return `${path(advisoryId)}/evidence/${encodeURIComponent(evidenceId)}`;
}

/** The STIX 2.1 bundle of an advisory (route of the STIX module). */
export function stixUrl(advisoryId: string): string {
  return `/api/stix/advisories/${encodeURIComponent(advisoryId)}`;
}

export function useAdvisoryList(params: Partial<ListAdvisoriesQuery>) {
  return useQuery({
    queryKey: [...ADVISORIES_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/advisories', AdvisoryList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAdvisory(id: string) {
  return useQuery({ queryKey: [...ADVISORIES_KEY, 'detail', id], queryFn: ({ signal }) => api.get(path(id), Advisory, { signal }), enabled: Boolean(id) });
}

export function useTargets(id: string, params: Partial<ListTargetsQuery>, enabled = true) {
  return useQuery({
    queryKey: [...ADVISORIES_KEY, 'targets', id, params],
    queryFn: ({ signal }) => api.get(`${path(id)}/targets`, AdvisoryTargetList, { query: params, signal }),
    enabled: enabled && Boolean(id),
    placeholderData: keepPreviousData,
  });
}

export function useResponses(id: string, enabled = true) {
  return useQuery({
    queryKey: [...ADVISORIES_KEY, 'responses', id],
    queryFn: ({ signal }) => api.get(`${path(id)}/responses`, OrgResponseList, { signal }),
    enabled: enabled && Boolean(id),
  });
}

/** Overdue organisations: of one advisory, or (no id) of every published advisory in scope. */
export function useOverdue(id?: string, enabled = true) {
  return useQuery({
    queryKey: [...ADVISORIES_KEY, 'overdue', id ?? 'all'],
    queryFn: ({ signal }) => api.get(id ? `${path(id)}/overdue` : '/api/advisories/overdue', OverdueList, { signal }),
    enabled,
  });
}

export function usePreview() {
  return useMutation({ mutationFn: (body: PreviewBody) => api.post('/api/advisories/preview', TargetPreview, { body }) });
}

function useStore() {
  const queryClient = useQueryClient();
  return async (a: Advisory) => {
    queryClient.setQueryData([...ADVISORIES_KEY, 'detail', a.id], a);
    await queryClient.invalidateQueries({ queryKey: [...ADVISORIES_KEY], predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== a.id });
  };
}

export function useCreateAdvisory() {
  const store = useStore();
  return useMutation({ mutationFn: (body: CreateAdvisoryBody) => api.post('/api/advisories', Advisory, { body }), onSuccess: store });
}

export function useUpdateAdvisory(id: string) {
  const store = useStore();
  return useMutation({ mutationFn: (body: UpdateAdvisoryBody) => api.patch(path(id), Advisory, { body }), onSuccess: store });
}

export function usePublish(id: string) {
  const store = useStore();
  return useMutation({ mutationFn: () => api.post(`${path(id)}/publish`, Advisory), onSuccess: store });
}

export function useWithdraw(id: string) {
  const store = useStore();
  return useMutation({ mutationFn: (reason: string) => api.post(`${path(id)}/withdraw`, Advisory, { body: { reason } }), onSuccess: store });
}

export function useAcknowledge(id: string) {
  const store = useStore();
  return useMutation({ mutationFn: (body: AcknowledgeBody) => api.post(`${path(id)}/acknowledge`, Advisory, { body }), onSuccess: store });
}

/** One step: the optional evidence file is uploaded first, then the answer names it. */
export function useRespond(id: string) {
  const store = useStore();
  return useMutation({
    mutationFn: async ({ body, file }: { body: Omit<RespondBody, 'evidenceId'>; file: File | null }) => {
      let evidenceId: string | null = null;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceId = (await api.post(`${path(id)}/evidence`, EvidenceUploaded, { body: form })).id;
      }
      return api.post(`${path(id)}/respond`, Advisory, { body: { ...body, evidenceId } });
    },
    onSuccess: store,
  });
}

export function useImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file, cveIds }: { kind: 'cve_json5' | 'cisa_kev'; file: File; cveIds: string }) => {
      const form = new FormData();
      form.append('kind', kind);
      if (cveIds.trim()) form.append('cveIds', cveIds.trim());
      form.append('file', file);
      return api.post('/api/advisories/import', ImportResult, { body: form });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...ADVISORIES_KEY, 'list'] }),
  });
}
