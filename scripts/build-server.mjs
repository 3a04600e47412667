#!/usr/bin/env node
// Bundles the server and the CLI into dist/server (npm packages stay external) and copies the SQL
// migrations beside them, so that `npm start` runs plain JavaScript: no TypeScript transform at start.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist/server', { recursive: true, force: true });
await build({
  entryPoints: ['server/main.ts', 'server/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir: 'dist/server',
  sourcemap: true,
  logLevel: 'warning',
});
cpSync('server/db/migrations', 'dist/server/migrations', { recursive: true });
console.log('built dist/server (main.js, cli.js, migrations/)');
