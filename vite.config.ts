import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { SERVER_ONLY_NAMESPACES } from './shared/i18n/namespaces';

const rootDir = fileURLToPath(new URL('.', import.meta.url));
const sharedDir = fileURLToPath(new URL('./shared/', import.meta.url));

/** The API server in development (`npm run dev`); the SPA calls it same-origin through this proxy. */
const apiTarget = 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiTarget },
  '/healthz': { target: apiTarget },
  '/readyz': { target: apiTarget },
};

/** The web bundle's catalogues leave out what only the server words (shared/i18n/namespaces.ts). */
function webCatalogue(): Plugin {
  return {
    name: 'khien-web-catalogue',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]shared[\\/]i18n[\\/](vi|en)\.json$/.test(id)) return null;
      const catalogue = JSON.parse(code) as Record<string, unknown>;
      for (const ns of SERVER_ONLY_NAMESPACES) delete catalogue[ns];
      return { code: JSON.stringify(catalogue), map: null };
    },
  };
}

export default defineConfig({
  root: rootDir,
  plugins: [webCatalogue(), react()],
  resolve: {
    // Same alias as tsconfig.json `paths`; web/ imports shared/ only through it.
    alias: [{ find: /^@shared\//, replacement: sharedDir }],
  },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // The admin pages load as separate chunks (React.lazy); only the login page is in the entry.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Everything the first page imports statically ('$initial') goes into ONE chunk. Left to itself
        // the bundler cuts it into ~20 small shared chunks (one per combination of lazy pages using a
        // module); over a slow, high-latency link each costs a round trip. Lazy pages import from it.
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
