#!/usr/bin/env node
// `npm test`: the server suite on PGlite, again on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL
// is set, the web components, then the browser journeys when Debian's chromium is present.
// The last line is the total, `N passed, N failed, N skipped`, which CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const extra = process.argv.slice(2);
const runs = [
  { label: 'server · PGlite', project: 'server', env: { TEST_DATABASE_URL: '' } },
  ...(pgUrl ? [{ label: 'server · PostgreSQL', project: 'server', env: { TEST_DATABASE_URL: pgUrl } }] : []),
  { label: 'web', project: 'web', env: {} },
  ...(existsSync(chromium) ? [{ label: 'e2e · chromium', project: 'e2e', env: {} }] : []),
];
if (!pgUrl) console.log('\n[khien] TEST_DATABASE_URL / DATABASE_URL not set: the server suite runs on PGlite only.');
if (!existsSync(chromium)) console.log(`\n[khien] ${chromium} not found: browser tests SKIPPED (apt-get install chromium to run them).`);

const total = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  console.log(`\n=== ${run.label} ===`);
  const env = { ...process.env, ...run.env };
  delete env.DATABASE_URL; // tests create their own databases
  const r = spawnSync('npx', ['vitest', 'run', '--project', run.project, ...extra], { env, encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout ?? '');
  const m = [...(r.stdout ?? '').matchAll(/^(\d+) passed, (\d+) failed, (\d+) skipped$/gm)].pop();
  if (!m) {
    console.log(`[khien] ${run.label}: no summary (exit ${r.status}); counted as 1 failure`);
    total.failed += 1;
    continue;
  }
  total.passed += Number(m[1]);
  total.failed += Number(m[2]);
  total.skipped += Number(m[3]);
  if (r.status !== 0 && Number(m[2]) === 0) total.failed += 1;
}
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
