import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@shared/api/common';
import {
  User,
  UserList,
  type AddRoleBody,
  type CreateUserBody,
  type ListUsersQuery,
  type ResetPasswordBody,
  type UpdateUserBody,
} from '@shared/api/users';
import { api } from '../../lib/api';
import { ORGS_KEY } from '../orgs/api';

export type UserListParams = Partial<ListUsersQuery>;

export const USERS_KEY = ['users'] as const;

export function useUserList(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/users', UserList, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: [...USERS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(`/api/users/${encodeURIComponent(id ?? '')}`, User, { signal }),
    enabled: Boolean(id),
  });
}

/**
 * After any user change: users lists, and organisations too (their security officer's name and
 * qualification are shown there).
 */
function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    await queryClient.invalidateQueries({ queryKey: ORGS_KEY });
  };
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post('/api/users', User, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) =>
      api.patch(`/api/users/${encodeURIComponent(id)}`, User, { body }),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ResetPasswordBody }) =>
      api.post(`/api/users/${encodeURIComponent(id)}/reset-password`, Ok, { body }),
    onSuccess: invalidate,
  });
}

export function useUnlockUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/users/${encodeURIComponent(id)}/unlock`, User),
    onSuccess: invalidate,
  });
}

export function useAddRole() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AddRoleBody }) =>
      api.post(`/api/users/${encodeURIComponent(id)}/roles`, User, { body }),
    onSuccess: invalidate,
  });
}

export function useRemoveRole() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, assignmentId }: { id: string; assignmentId: string }) =>
      api.delete(`/api/users/${encodeURIComponent(id)}/roles/${encodeURIComponent(assignmentId)}`, User),
    onSuccess: invalidate,
  });
}
