import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import {
  ImportResult,
  Org,
  OrgImportPreview,
  OrgList,
  type CommitImportBody,
  type CreateOrgBody,
  type DesignateOfficerBody,
  type ListOrgsQuery,
  type UpdateOrgBody,
} from '@shared/api/orgs';
import { api } from '../../lib/api';

export type OrgListParams = Partial<ListOrgsQuery>;

/** Organisations change rarely; every org mutation invalidates everything under this key. */
export const ORGS_KEY = ['orgs'] as const;

/** Children lists ask for the maximum page: a province has at most a few hundred direct units. */
export const CHILDREN_LIMIT = 500;

export function orgListQuery(params: OrgListParams) {
  return queryOptions({
    queryKey: [...ORGS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/orgs', OrgList, { query: params, signal }),
  });
}

export const rootOrgsQuery = () => orgListQuery({ roots: 'true', limit: CHILDREN_LIMIT });
export const childOrgsQuery = (parentId: string) => orgListQuery({ parentId, limit: CHILDREN_LIMIT });
export const searchOrgsQuery = (q: string) => orgListQuery({ q, limit: 50 });

export function orgQuery(id: string) {
  return queryOptions({
    queryKey: [...ORGS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(`/api/orgs/${encodeURIComponent(id)}`, Org, { signal }),
  });
}

export function useOrgList(params: OrgListParams, enabled = true) {
  return useQuery({ ...orgListQuery(params), enabled });
}

export function useOrg(id: string | null | undefined) {
  return useQuery({ ...orgQuery(id ?? ''), enabled: Boolean(id) });
}

function useInvalidateOrgs() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ORGS_KEY });
}

export function useCreateOrg() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: CreateOrgBody) => api.post('/api/orgs', Org, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateOrg() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrgBody }) =>
      api.patch(`/api/orgs/${encodeURIComponent(id)}`, Org, { body }),
    onSuccess: invalidate,
  });
}

/** `onDeleted` runs before the caches are touched, so the screen can leave the deleted org first. */
export function useDeleteOrg(onDeleted?: (org: Org) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (org: Org) => api.delete(`/api/orgs/${encodeURIComponent(org.id)}`, Ok),
    onSuccess: (_, org) => {
      onDeleted?.(org);
      // Everything but the deleted org itself, which would only answer 404.
      const deletedKey = orgQuery(org.id).queryKey;
      return queryClient.invalidateQueries({
        queryKey: ORGS_KEY,
        predicate: (query) => JSON.stringify(query.queryKey) !== JSON.stringify(deletedKey),
      });
    },
  });
}

export function useDesignateOfficer() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DesignateOfficerBody }) =>
      api.post(`/api/orgs/${encodeURIComponent(id)}/security-officer`, Org, { body }),
    onSuccess: invalidate,
  });
}

/** Uploads a CSV/XLSX file; the server parses and checks it and answers with a preview, writing nothing. */
export function useUploadOrgImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.post('/api/orgs/import', OrgImportPreview, { body: form });
    },
  });
}

export function useCommitOrgImport() {
  const invalidate = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ importId, body }: { importId: string; body: CommitImportBody }) =>
      api.post(`/api/orgs/import/${encodeURIComponent(importId)}/commit`, ImportResult, { body }),
    onSuccess: invalidate,
  });
}
