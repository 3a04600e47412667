import { useMutation, useQueryClient } from '@tanstack/react-query';
import { SessionInfo, type UpdateProfileBody } from '@shared/api/auth';
import { api } from '../../lib/api';
import { storeSession } from '../../app/session';

/** PATCH /api/me answers with the renewed session, which replaces the cached one. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProfileBody) => api.patch('/api/me', SessionInfo, { body }),
    onSuccess: (session) => storeSession(queryClient, session),
  });
}
