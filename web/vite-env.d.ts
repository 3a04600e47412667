/// <reference types="vite/client" />

/** The page-specific part of a catalogue (vite.config.ts webCatalogue). */
declare module '*.json?lazy' {
  const catalogue: import('i18next').ResourceLanguage;
  export default catalogue;
}
