import i18next, { type TFunction } from 'i18next';
import vi from '@shared/i18n/vi.json' with { type: 'json' };
import en from '@shared/i18n/en.json' with { type: 'json' };
import type { Locale } from '@shared/api/common';

const instance = i18next.createInstance();
void instance.init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: 'vi',
  fallbackLng: 'vi',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const catalogues = { vi, en };

export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

export function hasKey(key: string, locale: Locale): boolean {
  return instance.exists(key, { lng: locale, fallbackLng: false });
}

/** Vietnamese unless the caller prefers English (Accept-Language, cookie or profile). */
export function pickLocale(...candidates: (string | undefined | null)[]): Locale {
  for (const c of candidates) {
    if (!c) continue;
    const first = c.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
    if (first.startsWith('vi')) return 'vi';
  }
  return 'vi';
}
