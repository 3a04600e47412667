import { useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import en_US from 'antd/locale/en_US';
import vi_VN from 'antd/locale/vi_VN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { isApiError, setUnauthenticatedHandler } from '../lib/api';
import { i18n } from '../lib/i18n';
import { clearSession } from './session';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Only a lost connection or a server hiccup is worth retrying; 4xx answers will not change.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n: active } = useTranslation();
  return (
    <ConfigProvider
      locale={active.language === 'en' ? en_US : vi_VN}
      componentSize="small"
      theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 4 } }}
    >
      {children}
    </ConfigProvider>
  );
}

interface AppProvidersProps {
  children: ReactNode;
  queryClient?: QueryClient;
}

/**
 * Query cache, i18n and antd theme/locale; any 401 from the API ends the session in the UI.
 * antd's `App` (message/notification context) is added by the lazily loaded screens that use it
 * (`AppShell`, `ChangePasswordPage`), which keeps it out of the login page's bundle.
 */
export function AppProviders({ children, queryClient: given }: AppProvidersProps) {
  const [queryClient] = useState(() => {
    const client = given ?? createQueryClient();
    setUnauthenticatedHandler(() => clearSession(client));
    return client;
  });
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <LocalizedAntd>{children}</LocalizedAntd>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
