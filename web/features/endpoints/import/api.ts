import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EndpointImportPreview,
  EndpointImportResult,
  SavedImportMappingList,
  type CommitEndpointImportBody,
  type EndpointImportMapping,
} from '@shared/api/endpoint-import';
import { api } from '../../../lib/api';

const BASE = '/api/endpoints/import';

export interface PreviewInput {
  file: File;
  orgId: string;
  source: string;
  /** Absent: the server uses the mapping saved for the organisation and source, else guesses one. */
  mapping?: EndpointImportMapping;
}

/** The saved mappings that apply to an organisation: their sources are offered as choices. */
export function useSavedMappings(orgId: string | null) {
  return useQuery({
    queryKey: ['endpoints', 'import', 'mappings', orgId],
    queryFn: ({ signal }) => api.get(`${BASE}/mappings`, SavedImportMappingList, { query: { orgId }, signal }),
    enabled: Boolean(orgId),
  });
}

/** Uploads the file with the organisation, the source and maybe a mapping; the server writes nothing. */
export function usePreviewEndpointImport() {
  return useMutation({
    mutationFn: ({ file, orgId, source, mapping }: PreviewInput) => {
      const form = new FormData();
      // Text fields before the file, so that a streaming reader has them when the file arrives.
      form.append('orgId', orgId);
      form.append('source', source);
      if (mapping) form.append('mapping', JSON.stringify(mapping));
      form.append('file', file);
      return api.post(`${BASE}/preview`, EndpointImportPreview, { body: form });
    },
  });
}

export function useCommitEndpointImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CommitEndpointImportBody) => api.post(`${BASE}/commit`, EndpointImportResult, { body }),
    // Every endpoint list, figure and saved mapping may have changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['endpoints'] }),
  });
}
