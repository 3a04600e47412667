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
/** Saves of the preference run one after another, so the last choice is the one the server keeps. */
let saving: Promise<unknown> = Promise.resolve();
let latestChoice = 0;

export function useChangeLocale(): (locale: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  const { data: session } = useSessionQuery();
  return async (locale) => {
    const choice = ++latestChoice;
    await applyLocale(locale);
    await api.post('/api/locale', Ok, { body: { locale }, expectUnauthenticated: true }).catch(() => undefined);
    if (!session || session.mfa !== 'none') return;
    const save = saving.then(() => api.patch('/api/me', SessionInfo, { body: { locale } }).catch(() => null));
    saving = save;
    const updated = await save;
    // A reply to an earlier choice must not switch the page back (the user has chosen again since).
    if (updated && choice === latestChoice) storeSession(queryClient, updated);
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
