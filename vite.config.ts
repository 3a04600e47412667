import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { webCatalogue } from './scripts/vite-web-catalogue';

const rootDir = fileURLToPath(new URL('.', import.meta.url));
const sharedDir = fileURLToPath(new URL('./shared/', import.meta.url));

/** The API server in development (`npm run dev`); the SPA calls it same-origin through this proxy. */
const apiTarget = 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiTarget },
  '/healthz': { target: apiTarget },
  '/readyz': { target: apiTarget },
};

export default defineConfig({
  root: rootDir,
  plugins: [webCatalogue({ split: true }), react()],
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
