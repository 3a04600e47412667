import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import {
  Dossier,
  DossierList,
  DossierVersion,
  type AttachmentSection,
  type CreateCommentBody,
  type CreateDossierBody,
  type ListDossiersQuery,
  type TransitionBody,
  type UpdateDossierBody,
} from '@shared/api/dossiers';
import type { DossierTransition } from '@shared/domain/dossiers';
import { api } from '../../lib/api';

export type DossierListParams = Partial<ListDossiersQuery>;

export const DOSSIERS_KEY = ['dossiers'] as const;

const path = (id: string) => `/api/dossiers/${encodeURIComponent(id)}`;

/** Where the browser downloads an attachment (same-origin GET with the session cookie). */
export function attachmentUrl(dossierId: string, attachmentId: string): string {
  return `${path(dossierId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** `return_for_revision` → `/api/dossiers/:id/return-for-revision`. */
export function transitionPath(id: string, transition: DossierTransition): string {
  return `${path(id)}/${transition.replaceAll('_', '-')}`;
}

export function useDossierList(params: DossierListParams) {
  return useQuery({
    queryKey: [...DOSSIERS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/dossiers', DossierList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDossier(id: string) {
  return useQuery({
    queryKey: [...DOSSIERS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(path(id), Dossier, { signal }),
    enabled: Boolean(id),
  });
}

export function useDossierVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: [...DOSSIERS_KEY, 'detail', id, 'version', version],
    queryFn: ({ signal }) => api.get(`${path(id)}/versions/${version ?? 0}`, DossierVersion, { signal }),
    enabled: Boolean(id) && version !== null,
    // A frozen version never changes.
    staleTime: Infinity,
  });
}

/**
 * Every write answers with the whole dossier: put it in the cache at once (the page shows the new
 * state without a second request), and let lists refresh.
 */
function useStoreDossier() {
  const queryClient = useQueryClient();
  return async (dossier: Dossier) => {
    queryClient.setQueryData([...DOSSIERS_KEY, 'detail', dossier.id], dossier);
    await queryClient.invalidateQueries({ queryKey: [...DOSSIERS_KEY, 'list'] });
  };
}

export function useCreateDossier() {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (body: CreateDossierBody) => api.post('/api/dossiers', Dossier, { body }),
    onSuccess: store,
  });
}

export function useUpdateDossier(id: string) {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (body: UpdateDossierBody) => api.patch(path(id), Dossier, { body }),
    onSuccess: store,
  });
}

export function useEndorseDossier(id: string) {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: () => api.post(`${path(id)}/endorse`, Dossier),
    onSuccess: store,
  });
}

export function useTransitionDossier(id: string) {
  const store = useStoreDossier();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ transition, body }: { transition: DossierTransition; body: TransitionBody }) =>
      api.post(transitionPath(id, transition), Dossier, { body }),
    onSuccess: async (dossier) => {
      await store(dossier);
      // A step may notify the caller too (e.g. an officer who is also the head).
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function useAddComment(id: string) {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (body: CreateCommentBody) => api.post(`${path(id)}/comments`, Dossier, { body }),
    onSuccess: store,
  });
}

/** Multipart upload: `section` goes before `file` (the server reads the fields that precede the file). */
export function useUploadAttachment(id: string) {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: ({ section, file }: { section: AttachmentSection; file: File }) => {
      const form = new FormData();
      form.append('section', section);
      form.append('file', file);
      return api.post(`${path(id)}/attachments`, Dossier, { body: form });
    },
    onSuccess: store,
  });
}

export function useDeleteAttachment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) => api.delete(attachmentUrl(id, attachmentId), Ok),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...DOSSIERS_KEY, 'detail', id] }),
  });
}
