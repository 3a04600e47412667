import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import {
  Assessment,
  AssessmentList,
  DueList,
  type CompleteAssessmentBody,
  type CreateAssessmentBody,
  type DueQuery,
  type ListAssessmentsQuery,
  type UpdateAssessmentBody,
} from '@shared/api/assessments';
import { api } from '../../lib/api';

export const ASSESSMENTS_KEY = ['assessments'] as const;

const path = (id: string) => `/api/assessments/${encodeURIComponent(id)}`;

/** Where the browser downloads an evidence file (same-origin GET with the session cookie). */
export function evidenceUrl(assessmentId: string, evidenceId: string): string {
  return `${path(assessmentId)}/evidence/${encodeURIComponent(evidenceId)}`;
}

export function useAssessmentList(params: Partial<ListAssessmentsQuery>, enabled = true) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/assessments', AssessmentList, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDueList(params: Partial<DueQuery>) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'due', params],
    queryFn: ({ signal }) => api.get('/api/assessments/due', DueList, { query: params, signal }),
  });
}

export function useAssessment(id: string) {
  return useQuery({
    queryKey: [...ASSESSMENTS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(path(id), Assessment, { signal }),
    enabled: Boolean(id),
  });
}

/** Every write answers with the whole assessment: cache it at once and let lists refresh. */
function useStoreAssessment() {
  const queryClient = useQueryClient();
  return async (a: Assessment) => {
    queryClient.setQueryData([...ASSESSMENTS_KEY, 'detail', a.id], a);
    await queryClient.invalidateQueries({ queryKey: [...ASSESSMENTS_KEY, 'list'] });
    await queryClient.invalidateQueries({ queryKey: [...ASSESSMENTS_KEY, 'due'] });
  };
}

export function useCreateAssessment() {
  const store = useStoreAssessment();
  return useMutation({
    mutationFn: (body: CreateAssessmentBody) => api.post('/api/assessments', Assessment, { body }),
    onSuccess: store,
  });
}

export function useUpdateAssessment(id: string) {
  const store = useStoreAssessment();
  return useMutation({
    mutationFn: (body: UpdateAssessmentBody) => api.patch(path(id), Assessment, { body }),
    onSuccess: store,
  });
}

export function useCompleteAssessment(id: string) {
  const store = useStoreAssessment();
  return useMutation({
    mutationFn: (body: CompleteAssessmentBody) => api.post(`${path(id)}/complete`, Assessment, { body }),
    onSuccess: store,
  });
}

/** Multipart upload: `requirementId` (if any) goes before `file`. */
export function useUploadEvidence(id: string) {
  const store = useStoreAssessment();
  return useMutation({
    mutationFn: ({ requirementId, file }: { requirementId: string | null; file: File }) => {
      const form = new FormData();
      if (requirementId) form.append('requirementId', requirementId);
      form.append('file', file);
      return api.post(`${path(id)}/evidence`, Assessment, { body: form });
    },
    onSuccess: store,
  });
}

export function useDeleteEvidence(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (evidenceId: string) => api.delete(evidenceUrl(id, evidenceId), Ok),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...ASSESSMENTS_KEY, 'detail', id] }),
  });
}
