import { Segmented } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SessionInfo } from '@shared/api/auth';
import { Ok } from '@shared/api/common';
import { api } from '../lib/api';
import { applyLocale, currentLocale, parseLocale, type Locale } from '../lib/i18n';
import { storeSession, useSessionQuery } from './session';

/**
 * Switches the language at once, tells the server (cookie for messages before sign-in) and,
 * when signed in, saves it as the user's preference so the next visit opens in it too.
 */
export function useChangeLocale(): (locale: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  const { data: session } = useSessionQuery();
  return async (locale) => {
    await applyLocale(locale);
    await api.post('/api/locale', Ok, { body: { locale }, expectUnauthenticated: true }).catch(() => undefined);
    if (session && session.mfa === 'none' && session.user.locale !== locale) {
      const updated = await api.patch('/api/me', SessionInfo, { body: { locale } }).catch(() => null);
      if (updated) storeSession(queryClient, updated);
    }
  };
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const changeLocale = useChangeLocale();
  const value = parseLocale(i18n.language) ?? currentLocale();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('app.language')}
      value={value}
      onChange={(locale) => void changeLocale(locale)}
      options={[
        { label: t('app.languages.vi'), value: 'vi' },
        { label: t('app.languages.en'), value: 'en' },
      ]}
    />
  );
}
