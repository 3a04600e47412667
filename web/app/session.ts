import { createContext, useContext } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { SessionInfo } from '@shared/api/auth';
import { api, isApiError, setCsrfToken } from '../lib/api';
import { applyLocale } from '../lib/i18n';

export const SESSION_KEY = ['session'] as const;

/** GET /api/auth/session; `null` when nobody is signed in (401). */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await api.get('/api/auth/session', SessionInfo, { expectUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    await applyLocale(session.user.locale);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
}

/** Stores a SessionInfo the server just returned (login, TOTP, profile update). */
export function storeSession(queryClient: QueryClient, session: SessionInfo): void {
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(SESSION_KEY, session);
  void applyLocale(session.user.locale);
}

/** Forgets the session and every cached server answer; route guards then show the login page. */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, null);
}

const SessionContext = createContext<SessionInfo | null>(null);
export const SessionProvider = SessionContext.Provider;

/** The signed-in session; only inside `RequireSession`. */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside RequireSession');
  return session;
}

/** Whether the session holds an action somewhere (menu items, page guards). */
export function useCan(): (action: string) => boolean {
  const session = useSession();
  return (action) => session.can[action] === true;
}
