import type { Plugin } from 'vite';
import { LAZY_NAMESPACES, SERVER_ONLY_NAMESPACES } from '../shared/i18n/namespaces';

/**
 * The web's catalogues (shared/i18n/namespaces.ts): `vi.json` is what the first page needs — without
 * the namespaces only the server words and without those only some pages word — and `vi.json?lazy`
 * is the latter, loaded with those pages (web/lib/i18n.ts loadFeatureCatalogue). In the component
 * tests (`split: false`) nothing is cut and `?lazy` is the whole catalogue again.
 */
export function webCatalogue({ split }: { split: boolean }): Plugin {
  return {
    name: 'khien-web-catalogue',
    enforce: 'pre',
    transform(code, id) {
      const m = /[\\/]shared[\\/]i18n[\\/](vi|en)\.json(\?lazy)?$/.exec(id);
      if (!m) return null;
      const lazy = !!m[2];
      if (!split) return lazy ? { code: `export default ${code};`, map: null } : null;
      const catalogue = JSON.parse(code) as Record<string, unknown>;
      const keep = (ns: string) => !SERVER_ONLY_NAMESPACES.includes(ns) && LAZY_NAMESPACES.includes(ns) === lazy;
      const part = JSON.stringify(Object.fromEntries(Object.entries(catalogue).filter(([ns]) => keep(ns))));
      // A plain `.json` id goes on to Vite's JSON plugin; the `?lazy` one is not seen as JSON, so it is a module here.
      return { code: lazy ? `export default ${part};` : part, map: null };
    },
  };
}
