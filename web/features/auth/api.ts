import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import {
  SessionInfo,
  TotpSetup,
  type ChangePasswordBody,
  type LoginBody,
  type TotpCode,
} from '@shared/api/auth';
import { Ok } from '@shared/api/common';
import { api } from '../../lib/api';
import { SESSION_KEY, clearSession, storeSession } from '../../app/session';

/** Password step. A wrong password is an answer (401), not an expired session. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post('/api/auth/login', SessionInfo, { body, expectUnauthenticated: true }),
    onSuccess: (session) => storeSession(queryClient, session),
  });
}

/** Second step for users who have two-factor authentication. */
export function useVerifyTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpCode) =>
      api.post('/api/auth/totp/verify', SessionInfo, { body, expectUnauthenticated: true }),
    onSuccess: (session) => storeSession(queryClient, session),
  });
}

/**
 * A new pending TOTP secret with its QR image (made by the server). A query rather than a
 * mutation so that it is requested once per screen even when React renders twice.
 */
export function useTotpSetup(userId: string) {
  return useQuery({
    queryKey: ['auth', 'totp-setup', userId],
    queryFn: () => api.post('/api/auth/totp/setup', TotpSetup),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpCode) =>
      api.post('/api/auth/totp/enable', SessionInfo, { body, expectUnauthenticated: true }),
    onSuccess: (session) => storeSession(queryClient, session),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post('/api/auth/password', Ok, { body }),
    // The session may have been renewed and `mustChangePassword` cleared: read it again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post('/api/auth/logout', Ok, { expectUnauthenticated: true }),
    // Signed out locally even if the server could not be reached.
    onSettled: async () => {
      await navigate('/login', { replace: true });
      clearSession(queryClient);
    },
  });
}
