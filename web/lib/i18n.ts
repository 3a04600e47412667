import i18next, { type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { Locale } from '@shared/api/common';
import vi from '@shared/i18n/vi.json';

/** The UI languages; Vietnamese first. Same catalogue as the server's error messages. */
export const LOCALES = Locale.options;
export type { Locale };

const STORAGE_KEY = 'khien.locale';

export function parseLocale(value: unknown): Locale | null {
  const parsed = Locale.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The language last chosen on this browser; Vietnamese by default. */
export function storedLocale(): Locale {
  try {
    return parseLocale(globalThis.localStorage?.getItem(STORAGE_KEY)) ?? 'vi';
  } catch {
    // Storage can be blocked by browser policy; Vietnamese is the default.
    return 'vi';
  }
}

// Vietnamese ships with the first page; English (as large, and growing with every feature) is
// fetched the first time someone switches to it.
const loaders: Record<Locale, () => Promise<ResourceLanguage>> = {
  vi: async () => vi,
  en: async () => (await import('@shared/i18n/en.json')).default,
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi } },
  lng: 'vi',
  fallbackLng: 'vi',
  supportedLngs: ['vi', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

// The namespaces only some pages use (shared/i18n/namespaces.ts LAZY_NAMESPACES), per language.
const featureLoaders: Record<Locale, () => Promise<ResourceLanguage>> = {
  vi: async () => (await import('@shared/i18n/vi.json?lazy')).default,
  en: async () => (await import('@shared/i18n/en.json?lazy')).default,
};
const featuresLoaded = new Set<Locale>();
let featuresWanted = false;

async function addFeatures(locale: Locale): Promise<void> {
  if (featuresLoaded.has(locale)) return;
  i18n.addResourceBundle(locale, 'translation', await featureLoaders[locale](), true, true);
  featuresLoaded.add(locale);
}

/** Loads the page-specific part of the catalogue in every loaded language (route loaders await it). */
export async function loadFeatureCatalogue(): Promise<void> {
  featuresWanted = true;
  await Promise.all(LOCALES.filter((l) => i18n.hasResourceBundle(l, 'translation')).map(addFeatures));
}

/** Makes sure a language's catalogue is loaded (no-op when it already is). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (!i18n.hasResourceBundle(locale, 'translation')) i18n.addResourceBundle(locale, 'translation', await loaders[locale]());
  if (featuresWanted) await addFeatures(locale);
}

/** The active UI language as a `Locale`. */
export function currentLocale(): Locale {
  return parseLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'vi';
}

/** Switches the UI language locally (no server call) and remembers it on this browser. */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembering the choice is harmless.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  await loadLocale(locale);
  if (currentLocale() !== locale) await i18n.changeLanguage(locale);
}
