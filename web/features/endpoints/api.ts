import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import {
  CentralAvProduct,
  CentralAvProductList,
  Coverage,
  CoverageHistory,
  CreatedEnrollSecret,
  EnrollSecret,
  EnrollSecretList,
  Endpoint,
  EndpointList,
  Violation,
  ViolationList,
  type CoverageHistoryQuery,
  type CoverageQuery,
  type CreateCentralAvProductBody,
  type CreateEndpointBody,
  type CreateEnrollSecretBody,
  type ListEndpointsQuery,
  type ListViolationsQuery,
  type UpdateEndpointBody,
} from '@shared/api/endpoints';
import { Org } from '@shared/api/orgs';
import { api, buildUrl, isApiError, type QueryParams } from '../../lib/api';

/** Every endpoint mutation invalidates everything under this key (lists, coverage, details). */
export const ENDPOINTS_KEY = ['endpoints'] as const;

export const PATHS = {
  list: '/api/endpoints',
  one: (id: string) => `/api/endpoints/${encodeURIComponent(id)}`,
  export: '/api/endpoints/export.xlsx',
  coverage: '/api/endpoints/coverage',
  history: '/api/endpoints/coverage/history',
  coverageExport: '/api/endpoints/coverage/export.xlsx',
  centralProducts: '/api/endpoints/central-products',
  centralProduct: (id: string) => `/api/endpoints/central-products/${encodeURIComponent(id)}`,
  violations: '/api/endpoints/violations',
  violationsExport: '/api/endpoints/violations/export.xlsx',
  resolveViolation: (id: string) => `/api/endpoints/violations/${encodeURIComponent(id)}/resolve`,
  secrets: '/api/agents/secrets',
  revokeSecret: (id: string) => `/api/agents/secrets/${encodeURIComponent(id)}/revoke`,
  flagfile: '/api/agents/flagfile',
  serverCertificate: '/api/agents/server-certificate',
} as const;

export type EndpointListParams = Partial<ListEndpointsQuery>;

function useInvalidateEndpoints() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY });
}

// --- Inventory -----------------------------------------------------------------------------------

export function useEndpointList(params: EndpointListParams) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get(PATHS.list, EndpointList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEndpoint(id: string | null | undefined) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(PATHS.one(id ?? ''), Endpoint, { signal }),
    enabled: Boolean(id),
  });
}

/** The export link: the list's filters without paging; the browser downloads it with the session cookie. */
export function exportUrl(params: EndpointListParams): string {
  const query: QueryParams = { ...params };
  delete query.limit;
  delete query.offset;
  return buildUrl(PATHS.export, query);
}

/** The coverage table as XLSX, for the same organisation, grouping and seen window as the page. */
export function coverageExportUrl(params: { orgId?: string; groupBy: 'children' | 'centers'; seenDays: number }): string {
  return buildUrl(PATHS.coverageExport, { ...params });
}

export function useCreateEndpoint() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (body: CreateEndpointBody) => api.post(PATHS.list, Endpoint, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateEndpoint() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEndpointBody }) => api.patch(PATHS.one(id), Endpoint, { body }),
    onSuccess: invalidate,
  });
}

export function useDeleteEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(PATHS.one(id), Ok),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: [...ENDPOINTS_KEY, 'detail', id] });
      return queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY });
    },
  });
}

// --- Coverage ------------------------------------------------------------------------------------

export type CoverageParams = Partial<CoverageQuery>;

export function useCoverage(params: CoverageParams) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'coverage', params],
    queryFn: ({ signal }) => api.get(PATHS.coverage, Coverage, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCoverageHistory(params: Partial<CoverageHistoryQuery>) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'coverage-history', params],
    queryFn: ({ signal }) => api.get(PATHS.history, CoverageHistory, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The organisation and its ancestors the caller may see, root first (the coverage breadcrumb).
 * Walks up by parentId; an ancestor outside the caller's scope answers 404 and ends the walk.
 */
export function useOrgTrail(orgId: string | null) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'org-trail', orgId],
    enabled: Boolean(orgId),
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const trail: Org[] = [];
      let id: string | null = orgId;
      while (id && trail.length < 12) {
        try {
          const org: Org = await api.get(`/api/orgs/${encodeURIComponent(id)}`, Org, { signal });
          trail.unshift(org);
          id = org.parentId;
        } catch (error) {
          if (isApiError(error) && (error.status === 404 || error.status === 403)) break;
          throw error;
        }
      }
      return trail;
    },
  });
}

// --- Central anti-malware products ---------------------------------------------------------------

export function useCentralProducts() {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'central-products'],
    queryFn: ({ signal }) => api.get(PATHS.centralProducts, CentralAvProductList, { signal }),
  });
}

export function useCreateCentralProduct() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (body: CreateCentralAvProductBody) => api.post(PATHS.centralProducts, CentralAvProduct, { body }),
    onSuccess: invalidate,
  });
}

export function useDeleteCentralProduct() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (id: string) => api.delete(PATHS.centralProduct(id), Ok),
    onSuccess: invalidate,
  });
}

// --- Violations ----------------------------------------------------------------------------------

export function useViolations(params: Partial<ListViolationsQuery>) {
  return useQuery({
    queryKey: [...ENDPOINTS_KEY, 'violations', params],
    queryFn: ({ signal }) => api.get(PATHS.violations, ViolationList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useResolveViolation() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      api.post(PATHS.resolveViolation(id), Violation, { body: { note } }),
    onSuccess: invalidate,
  });
}

// --- Enrol secrets -------------------------------------------------------------------------------

export const SECRETS_KEY = ['enroll-secrets'] as const;

export function useEnrollSecrets(params: { orgId?: string | undefined; revoked?: 'true' | 'false' | undefined; limit: number; offset: number }) {
  return useQuery({
    queryKey: [...SECRETS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get(PATHS.secrets, EnrollSecretList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateEnrollSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnrollSecretBody) => api.post(PATHS.secrets, CreatedEnrollSecret, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SECRETS_KEY }),
  });
}

export function useRevokeEnrollSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(PATHS.revokeSecret(id), EnrollSecret),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SECRETS_KEY }),
  });
}
