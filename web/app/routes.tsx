import { Suspense, lazy, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { FullPageSpinner } from '../ui/FullPageSpinner';
import { RequireAction, RequireSession } from './RequireSession';
import { RouteError } from './RouteError';

// Everything behind the login is loaded on demand, so the first page stays small.
const AppShell = lazy(async () => ({ default: (await import('./AppShell')).AppShell }));
const NotFoundPage = lazy(async () => ({ default: (await import('./NotFoundPage')).NotFoundPage }));
const ChangePasswordPage = lazy(async () => ({
  default: (await import('../features/auth/ChangePasswordPage')).ChangePasswordPage,
}));
const HomePage = lazy(async () => ({ default: (await import('../features/home/HomePage')).HomePage }));
const OrgsPage = lazy(async () => ({ default: (await import('../features/orgs/OrgsPage')).OrgsPage }));
const UsersPage = lazy(async () => ({ default: (await import('../features/users/UsersPage')).UsersPage }));
const AuditPage = lazy(async () => ({ default: (await import('../features/audit/AuditPage')).AuditPage }));
const ProfilePage = lazy(async () => ({ default: (await import('../features/profile/ProfilePage')).ProfilePage }));
const TokensPage = lazy(async () => ({ default: (await import('../features/tokens/TokensPage')).TokensPage }));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpinner />}>{children}</Suspense>;
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/change-password',
        element: (
          <RequireSession isPasswordChangePage>
            <Page>
              <ChangePasswordPage />
            </Page>
          </RequireSession>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <Page>
              <AppShell />
            </Page>
          </RequireSession>
        ),
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'orgs',
            element: (
              <RequireAction action="org.read">
                <OrgsPage />
              </RequireAction>
            ),
          },
          {
            path: 'users',
            element: (
              <RequireAction action="user.read">
                <UsersPage />
              </RequireAction>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireAction action="audit.read">
                <AuditPage />
              </RequireAction>
            ),
          },
          {
            path: 'tokens',
            element: (
              <RequireAction action="token.manage">
                <TokensPage />
              </RequireAction>
            ),
          },
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
