import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiToken, ApiTokenList, CreatedToken, type CreateTokenBody } from '@shared/api/tokens';
import { api } from '../../lib/api';

const TOKENS_KEY = ['tokens'] as const;

export function useTokenList() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => api.get('/api/tokens', ApiTokenList, { signal }),
  });
}

/** The answer carries the secret; it exists only in this response and is never stored in the cache. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => api.post('/api/tokens', CreatedToken, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/tokens/${encodeURIComponent(id)}/revoke`, ApiToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
