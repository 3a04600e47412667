import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { webCatalogue } from './scripts/vite-web-catalogue';

const shared = fileURLToPath(new URL('./shared/', import.meta.url));
const alias = [{ find: /^@shared\//, replacement: shared }];

/**
 * One runner, three projects: `server` (API and rules on a real database: PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set), `web` (components in jsdom), `e2e` (the built app in Debian's chromium).
 * `npm test` (scripts/test.mjs) runs them all and prints the `N passed, N failed` line CI reads.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        plugins: [webCatalogue({ split: false }), react()],
        resolve: { alias },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['web/**/*.test.tsx'],
          setupFiles: ['web/test/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
