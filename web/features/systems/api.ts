import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import { ImportResult, type CommitImportBody } from '@shared/api/orgs';
import type { ClassificationAnswers } from '@shared/api/classification';
import { ClassificationResult, type EvaluateBody } from '@shared/api/legal';
import {
  ClassifySystemResult,
  InformationSystem,
  SystemClassificationList,
  SystemImportPreview,
  SystemList,
  type ClassifySystemBody,
  type CreateSystemBody,
  type ListSystemsQuery,
  type UpdateSystemBody,
} from '@shared/api/systems';
import type { Regime as RegimeCode } from '@shared/domain/systems';
import { api, buildUrl, type QueryParams } from '../../lib/api';

export type SystemListParams = Partial<ListSystemsQuery>;

export const SYSTEMS_KEY = ['systems'] as const;

export { ClassificationResult };
export type Deadline = ClassificationResult['deadlines'][number];

export function systemListQueryKey(params: SystemListParams) {
  return [...SYSTEMS_KEY, 'list', params] as const;
}

export function useSystemList(params: SystemListParams) {
  return useQuery({
    queryKey: systemListQueryKey(params),
    queryFn: ({ signal }) => api.get('/api/systems', SystemList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Parent-system choices: a short search over the systems the caller can see. */
export function useSystemOptions(q: string) {
  return useQuery({
    queryKey: [...SYSTEMS_KEY, 'options', q],
    queryFn: ({ signal }) => api.get('/api/systems', SystemList, { query: { q: q || undefined, limit: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSystem(id: string | null | undefined) {
  return useQuery({
    queryKey: [...SYSTEMS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(`/api/systems/${encodeURIComponent(id ?? '')}`, InformationSystem, { signal }),
    enabled: Boolean(id),
  });
}

export function useClassificationHistory(id: string) {
  return useQuery({
    queryKey: [...SYSTEMS_KEY, 'classifications', id],
    queryFn: ({ signal }) =>
      api.get(`/api/systems/${encodeURIComponent(id)}/classifications`, SystemClassificationList, { signal }),
  });
}

/** A stored classification's result (typed loosely in the history); null when it cannot be read. */
export function parseStoredResult(result: unknown): ClassificationResult | null {
  const parsed = ClassificationResult.safeParse(result);
  return parsed.success ? parsed.data : null;
}

/** The export link: the list's filters without paging; the browser downloads it with the session cookie. */
export function exportUrl(params: SystemListParams): string {
  const query: QueryParams = { ...params };
  delete query.limit;
  delete query.offset;
  return buildUrl('/api/systems/export.xlsx', query);
}

export const IMPORT_TEMPLATE_URL = '/api/systems/import/template.xlsx';

function useInvalidateSystems() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SYSTEMS_KEY });
}

export function useCreateSystem() {
  const invalidate = useInvalidateSystems();
  return useMutation({
    mutationFn: (body: CreateSystemBody) => api.post('/api/systems', InformationSystem, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateSystem() {
  const invalidate = useInvalidateSystems();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSystemBody }) =>
      api.patch(`/api/systems/${encodeURIComponent(id)}`, InformationSystem, { body }),
    onSuccess: invalidate,
  });
}

export function useDeleteSystem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/systems/${encodeURIComponent(id)}`, Ok),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: [...SYSTEMS_KEY, 'detail', id] });
      return queryClient.invalidateQueries({ queryKey: [...SYSTEMS_KEY, 'list'] });
    },
  });
}

export function useClassifySystem(id: string) {
  const invalidate = useInvalidateSystems();
  return useMutation({
    mutationFn: (body: ClassifySystemBody) =>
      api.post(`/api/systems/${encodeURIComponent(id)}/classify`, ClassifySystemResult, { body }),
    onSuccess: invalidate,
  });
}

/** A what-if evaluation of the questionnaire: nothing is saved, so it is cached like a read. */
export function useEvaluation(regime: RegimeCode, answers: ClassificationAnswers, enabled = true) {
  return useQuery({
    queryKey: ['classification', 'evaluate', regime, answers],
    queryFn: ({ signal }) =>
      api.post('/api/classification/evaluate', ClassificationResult, {
        body: { regime, answers, componentLevels: [] } satisfies EvaluateBody,
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

/** Uploads a CSV/XLSX file; the server checks every row and answers with a preview, writing nothing. */
export function useUploadSystemImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.post('/api/systems/import', SystemImportPreview, { body: form });
    },
  });
}

export function useCommitSystemImport() {
  const invalidate = useInvalidateSystems();
  return useMutation({
    mutationFn: ({ importId, body }: { importId: string; body: CommitImportBody }) =>
      api.post(`/api/systems/import/${encodeURIComponent(importId)}/commit`, ImportResult, { body }),
    onSuccess: invalidate,
  });
}
