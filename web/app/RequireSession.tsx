import { Suspense, lazy, type ReactNode } from 'react';
import { Flex } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FullPageSpinner } from '../ui/FullPageSpinner';
import { SessionProvider, useCan, useSessionQuery } from './session';

// Rarely shown; its illustration stays out of the first page's bundle.
const NotAllowed = lazy(async () => ({ default: (await import('../ui/NotAllowed')).NotAllowed }));

interface RequireSessionProps {
  children: ReactNode;
  /** The forced change-password page itself must not redirect to itself. */
  isPasswordChangePage?: boolean;
}

/** Renders its children only for a fully signed-in session (password and, if required, TOTP). */
export function RequireSession({ children, isPasswordChangePage = false }: RequireSessionProps) {
  const { data: session, isPending, error, refetch } = useSessionQuery();
  const location = useLocation();

  if (isPending) return <FullPageSpinner />;
  if (error) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <ErrorNotice error={error} onRetry={() => void refetch()} />
      </Flex>
    );
  }
  if (!session || session.mfa !== 'none') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.user.mustChangePassword && !isPasswordChangePage) return <Navigate to="/change-password" replace />;
  if (!session.user.mustChangePassword && isPasswordChangePage) return <Navigate to="/" replace />;
  return <SessionProvider value={session}>{children}</SessionProvider>;
}

interface RequireActionProps {
  action: string;
  children: ReactNode;
}

/** A page guard from the session's `can` map; the server enforces the same rule on every call. */
export function RequireAction({ action, children }: RequireActionProps) {
  const can = useCan();
  return can(action) ? (
    <>{children}</>
  ) : (
    <Suspense fallback={null}>
      <NotAllowed />
    </Suspense>
  );
}
