/**
 * Advisory targeting bench: `npm run bench:advisories`. Builds a province of 2,001 organisations,
 * 100,000 computers (Windows 10/11, some Windows 7 and Linux) with 10 installed programs each
 * (1,000,000 endpoint_programs rows drawn from 31 real Windows display names and versions) and
 * 5,000 information systems with 4 registry components each, on PostgreSQL (a fresh database,
 * dropped afterwards) and on PGlite. Then measures the targeting of an advisory that names five
 * products (Firefox, Chrome, 7-Zip, nginx, Windows 10 — a worst case: most computers are hit):
 *   - targeting: matching + writing every target and every organisation's acknowledgement row, in
 *     one transaction (the core of publishing) — target < 2 s;
 *   - the preview (what publishing would hit, nothing written);
 *   - the whole publish use case (targets + the in-app notice and e-mail job for every affected
 *     organisation's officers + audit), for information.
 *
 * Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_RUNS
 * (default 3), BENCH_ENGINES (default postgres,pglite), BENCH_KEEP_DB (a PostgreSQL database name to
 * build once and reuse; `users` and advisories in it are emptied at the start).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type Database } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { parseConfig } from '../server/config';
import { createJobs } from '../server/jobs/queue';
import { systemCtx, withTx, type Ctx } from '../server/http/context';
import { findMatches, insertTargets, previewTargets, type RuleWithId } from '../server/modules/advisories/advisories.targeting';
import { publishAdvisory } from '../server/modules/advisories/advisories.service';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_MS = 2000;
const ENDPOINTS = 100_000;
const SYSTEMS = 5_000;

const PROGRAMS: [string, string | null, string[]][] = [
  ['Mozilla Firefox (x64 vi)', 'Mozilla', ['115.0.2', '118.0.1', '120.0.1', '121.0', '123.0.1']],
  ['Mozilla Firefox ESR (x64 en-US)', 'Mozilla', ['115.6.0', '115.9.1']],
  ['Google Chrome', 'Google LLC', ['119.0.6045.160', '120.0.6099.130', '122.0.6261.112', '124.0.6367.91']],
  ['7-Zip 23.01 (x64)', 'Igor Pavlov', ['23.01']],
  ['7-Zip 19.00 (x64)', 'Igor Pavlov', ['19.00']],
  ['Microsoft Office Professional Plus 2016', 'Microsoft Corporation', ['16.0.4266.1001', '16.0.5422.1000']],
  ['Microsoft Office Standard 2019', 'Microsoft Corporation', ['16.0.10401.20025']],
  ['Microsoft Edge', 'Microsoft Corporation', ['120.0.2210.91', '122.0.2365.80']],
  ['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', 'Microsoft Corporation', ['14.38.33130.0']],
  ['Foxit PDF Reader', 'Foxit Software Inc.', ['2023.3.0.23028', '12.1.2.15332']],
  ['Adobe Acrobat Reader DC', 'Adobe Systems Incorporated', ['23.008.20470', '21.001.20155']],
  ['UniKey 4.3 RC5', null, ['4.3']],
  ['EVKey', null, ['3.3.8']],
  ['Zalo 23.12.1', 'VNG Corp.', ['23.12.1', '24.2.1']],
  ['WinRAR 6.24 (64-bit)', 'win.rar GmbH', ['6.24.0', '5.61.0']],
  ['Notepad++ (64-bit x64)', 'Notepad++ Team', ['8.6.2', '7.9.5']],
  ['TeamViewer', 'TeamViewer', ['15.49.2', '15.21.4']],
  ['UltraViewer version 6.6.50', 'DucFabulous', ['6.6.50']],
  ['VLC media player', 'VideoLAN', ['3.0.20', '3.0.18']],
  ['Java 8 Update 391', 'Oracle Corporation', ['8.0.3910.13']],
  ['Kaspersky Endpoint Security for Windows', 'AO Kaspersky Lab', ['12.3.0.493', '11.11.0.452']],
  ['Bkav Home', 'Bkav Corporation', ['5.0.0.1']],
  ['VNPT-CA Plugin', 'VNPT', ['1.0.3.2']],
  ['Viettel-CA Token Manager', 'Viettel', ['2.1.0']],
  ['MISA Mimosa.NET 2022', 'MISA JSC', ['R12', '2022.1']],
  ['Microsoft Teams classic', 'Microsoft Corporation', ['1.6.00.35961']],
  ['Python 3.11.7 (64-bit)', 'Python Software Foundation', ['3.11.7150.0']],
  ['Git', 'The Git Development Community', ['2.43.0']],
  ['Apache HTTP Server 2.4.58', 'Apache Software Foundation', ['2.4.58']],
  ['nginx', 'nginx', ['1.24.0']],
  ['AnyDesk', 'AnyDesk Software GmbH', ['8.0.6', '7.1.16']],
];

const arr = (xs: (string | null)[]) => `ARRAY[${xs.map((x) => (x === null ? 'NULL' : `'${x.replace(/'/g, "''")}'`)).join(',')}]::text[]`;

/** The province, its computers, their programs and its systems, in SQL only: fast on both engines. */
const GENERATE = [
  `WITH r AS (SELECT gen_random_uuid() AS id)
   INSERT INTO orgs (id, code, name, kind, parent_id, path, depth) SELECT id, 'TINH', 'UBND tỉnh (bench)', 'province', NULL, '/' || id || '/', 0 FROM r`,
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, 'L1-' || s.g, CASE WHEN s.g <= 60 THEN 'Sở ' || s.g ELSE 'Xã ' || s.g END,
     CASE WHEN s.g <= 60 THEN 'department' ELSE 'commune' END, p.id, p.path || s.id || '/', 1
   FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 200) g) s, orgs p WHERE p.depth = 0`,
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, s.pcode || '-' || s.k, 'Đơn vị ' || s.k || ' của ' || s.pname, 'unit', s.pid, s.ppath || s.id || '/', 2
   FROM (SELECT gen_random_uuid() AS id, p.id AS pid, p.path AS ppath, p.code AS pcode, p.name AS pname, k
         FROM orgs p, generate_series(1, 9) k WHERE p.depth = 1) s`,
  `WITH o AS (SELECT id, (row_number() OVER (ORDER BY path)) - 1 AS rn FROM orgs), n AS (SELECT count(*) AS c FROM orgs)
   INSERT INTO endpoints (id, org_id, hostname, os_platform, os_name, os_version, source)
   SELECT gen_random_uuid(), o.id, 'PC-' || g,
     CASE WHEN g % 20 = 0 THEN 'linux' ELSE 'windows' END,
     (ARRAY['Microsoft Windows 10 Pro','Microsoft Windows 10 Pro','Microsoft Windows 11 Pro','Microsoft Windows 7 Ultimate','Ubuntu'])[1 + g % 5],
     (ARRAY['10.0.19045','10.0.19044','10.0.22631','6.1.7601','22.04.4 LTS'])[1 + g % 5],
     'agent'
   FROM generate_series(1, ${ENDPOINTS}) g, n, o WHERE o.rn = g % n.c`,
  `CREATE TEMP TABLE pool AS SELECT (i - 1) AS i, name, publisher, versions FROM unnest(
     ${arr(PROGRAMS.map((p) => p[0]))}, ${arr(PROGRAMS.map((p) => p[1]))},
     ARRAY[${PROGRAMS.map((p) => `'${p[2].join('|')}'`).join(',')}]::text[]) WITH ORDINALITY AS t(name, publisher, versions, i)`,
  `INSERT INTO endpoint_programs (endpoint_id, name, version, publisher)
   SELECT e.id, p.name, split_part(p.versions, '|', 1 + (e.n % (length(p.versions) - length(replace(p.versions, '|', '')) + 1))::int), p.publisher
   FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM endpoints) e, generate_series(0, 9) k, pool p
   WHERE p.i = (e.n + k * 3) % ${PROGRAMS.length}`,
  `WITH o AS (SELECT id, (row_number() OVER (ORDER BY path)) - 1 AS rn FROM orgs), n AS (SELECT count(*) AS c FROM orgs)
   INSERT INTO information_systems (id, org_id, code, name, system_type, info_types)
   SELECT gen_random_uuid(), o.id, 'HT-' || g, 'Hệ thống ' || g, 'internal', ARRAY['public']
   FROM generate_series(1, ${SYSTEMS}) g, n, o WHERE o.rn = g % n.c`,
  `INSERT INTO system_components (id, system_id, kind, vendor, product, version, sort)
   SELECT gen_random_uuid(), s.id, c.kind, c.vendor, c.product, c.version[1 + s.n % 3], c.sort
   FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM information_systems) s,
        (VALUES ('web_server', 'nginx', 'nginx', ARRAY['1.24','1.25.3','1.18.0'], 0),
                ('database', 'PostgreSQL', 'PostgreSQL', ARRAY['13','14','15'], 1),
                ('application', 'Apache', 'Tomcat', ARRAY['9.0.80','10.1.16','8.5.96'], 2),
                ('operating_system', 'Canonical', 'Ubuntu Server', ARRAY['20.04','22.04','18.04'], 3)) c(kind, vendor, product, version, sort)`,
];

const PRODUCTS = [
  { vendor: 'Mozilla', product: 'Firefox', versions: [{ version: '0', lessThan: '121.0', status: 'affected' as const }] },
  { vendor: 'Google', product: 'Chrome', versions: [{ version: '0', lessThan: '122.0.6261.94', status: 'affected' as const }] },
  { vendor: '7-Zip', product: '7-Zip', versions: [{ version: '0', lessThan: '24.07', status: 'affected' as const }] },
  { vendor: 'F5', product: 'nginx', versions: [{ version: '1.0.0', lessThan: '1.25.3', status: 'affected' as const }] },
  { vendor: 'Microsoft', product: 'Windows 10 Version 22H2', versions: [{ version: '10.0.0', lessThan: '10.0.19045.3803', status: 'affected' as const, versionType: 'custom' }] },
];

interface Line {
  engine: string;
  what: string;
  runs: number;
  median: number;
  max: number;
  result: string;
  target: string;
}
const lines: Line[] = [];

async function count(db: Database, table: string): Promise<number> {
  return Number((await db.raw.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n);
}

/** A draft advisory with the bench's products, written in SQL (issuer: the province). */
async function draft(db: Database, n: number): Promise<{ id: string; products: RuleWithId[] }> {
  const id = uuidv7();
  await db.raw.query(
    `INSERT INTO advisories (id, org_id, code, title, severity, status, ack_due_at, remediation_due_at)
     SELECT $1, id, $2, 'Bench', 'critical', 'draft', now() + interval '2 days', now() + interval '14 days' FROM orgs WHERE depth = 0`,
    [id, `CB-2099-${String(n).padStart(3, '0')}`],
  );
  const products: RuleWithId[] = [];
  for (const [i, p] of PRODUCTS.entries()) {
    const pid = uuidv7();
    await db.raw.query(`INSERT INTO advisory_products (id, advisory_id, sort, vendor, product, default_status, versions) VALUES ($1, $2, $3, $4, $5, 'unaffected', $6)`, [
      pid,
      id,
      i,
      p.vendor,
      p.product,
      JSON.stringify(p.versions),
    ]);
    products.push({ id: pid, ...p, defaultStatus: 'unaffected' });
  }
  return { id, products };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}

async function runOn(engine: string, database: Database): Promise<void> {
  const t0 = performance.now();
  await migrate(database);
  if ((await count(database, 'orgs')) === 0) {
    for (const stmt of GENERATE) await database.raw.query(stmt);
  } else {
    // A kept database (BENCH_KEEP_DB): start again from no advisory.
    for (const t of ['notifications', 'advisory_org_status', 'advisory_targets', 'advisory_evidence', 'advisory_products', 'advisories', 'role_assignments', 'users']) await database.raw.query(`DELETE FROM ${t}`);
  }
  await database.raw.query('VACUUM ANALYZE');
  // The build wrote about a gigabyte: flush it now, so that the background writing of the load phase
  // is not counted against the targeting measured next (a province's database is in a steady state).
  await database.raw.query('CHECKPOINT');
  const sizes = await Promise.all(['orgs', 'endpoints', 'endpoint_programs', 'information_systems', 'system_components'].map((t) => count(database, t)));
  console.log(
    `${engine}: ${sizes[0]} organisations, ${sizes[1]} computers, ${sizes[2]} installed programs, ${sizes[3]} systems, ${sizes[4]} components — built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KHIEN_WEB_DIR: '/nonexistent' });
  const jobs = createJobs(database);
  // The e-mail outbox (pg-boss) must exist for the publish use case; no worker runs.
  await jobs.start({ schedule: false });
  // The police's analyst publishes province-wide: a province-wide context stands for them here.
  const ctx: Ctx = systemCtx({ db: database.db, database, config, jobs, clock: () => new Date(), log: pino({ level: 'silent' }) }, 'bench.advisories');

  const targeting: number[] = [];
  let hit = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const a = await draft(database, i + 1);
    const s = performance.now();
    const h = await withTx(ctx, async (tx) => insertTargets(tx, a.id, a.products, await findMatches(tx, a.products)));
    hit = h.systems + h.endpoints;
    targeting.push(performance.now() - s);
  }
  const orgsHit = Number((await database.raw.query(`SELECT count(*)::int AS n FROM advisory_org_status WHERE advisory_id = (SELECT advisory_id FROM advisory_org_status LIMIT 1)`)).rows[0]?.n);
  const t = stats(targeting);
  lines.push({ engine, what: 'targeting (match + write targets and org rows, one transaction)', runs: RUNS, ...t, result: `${hit} assets in ${orgsHit} orgs`, target: `< ${TARGET_MS} ms: ${t.max < TARGET_MS ? 'met' : 'NOT met'}` });

  const previews: number[] = [];
  let preview = '';
  for (let i = 0; i < RUNS; i += 1) {
    const a = await draft(database, 100 + i);
    const s = performance.now();
    const p = await previewTargets(ctx, a.products);
    previews.push(performance.now() - s);
    preview = `${p.totals.systems} systems + ${p.totals.endpoints} computers in ${p.totals.orgs} orgs`;
  }
  lines.push({ engine, what: 'preview (nothing written)', runs: RUNS, ...stats(previews), result: preview, target: '' });

  if (process.env.BENCH_SKIP_PUBLISH) {
    await jobs.stop();
    for (const l of lines.filter((x) => x.engine === engine)) console.log(`${engine}: ${l.what}: median ${l.median.toFixed(0)} ms, max ${l.max.toFixed(0)} ms — ${l.result}`);
    return;
  }
  const a = await draft(database, 200);
  // Officers to notify: one security officer per organisation.
  await database.raw.query(
    `INSERT INTO users (id, org_id, username, full_name, password_hash, email) SELECT gen_random_uuid(), id, 'o' || replace(id::text, '-', ''), 'Cán bộ', 'x', 'o' || code || '@example.vn' FROM orgs`,
  );
  await database.raw.query(`INSERT INTO role_assignments (id, user_id, role, org_id) SELECT gen_random_uuid(), id, 'security_officer', org_id FROM users`);
  const s = performance.now();
  const published = await publishAdvisory(ctx, a.id);
  const ms = performance.now() - s;
  const notes = await count(database, 'notifications');
  lines.push({ engine, what: 'publish use case (targets + notices + e-mail jobs + audit)', runs: 1, median: ms, max: ms, result: `${published.counts.targets} assets, ${notes} notices`, target: 'information' });
  await jobs.stop();
  for (const l of lines.filter((x) => x.engine === engine)) console.log(`${engine}: ${l.what}: median ${l.median.toFixed(0)} ms, max ${l.max.toFixed(0)} ms — ${l.result}`);
}

async function onPglite(): Promise<void> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await runOn('PGlite', database);
  } finally {
    await database.close();
  }
}

async function onPostgres(): Promise<void> {
  const keep = process.env.BENCH_KEEP_DB;
  const name = keep ?? `khien_bench_adv_${randomBytes(4).toString('hex')}`;
  let admin: Database;
  try {
    admin = await openDatabase({ kind: 'postgres', url: PG_URL, max: 1 });
    const exists = (await admin.raw.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rows.length > 0;
    if (!exists) await admin.raw.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    console.log(`PostgreSQL skipped: ${PG_URL} not reachable (${e instanceof Error ? e.message : String(e)})`);
    return;
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), max: 5 });
  try {
    await runOn('PostgreSQL', database);
  } finally {
    await database.close();
    if (!keep) await admin.raw.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

function printTable(): void {
  const head = ['engine', 'measured', 'runs', 'median ms', 'max ms', 'result', 'target'];
  const rows = lines.map((l) => [l.engine, l.what, String(l.runs), l.median.toFixed(0), l.max.toFixed(0), l.result, l.target]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(fmt).join('\n')}`);
  console.log(`(machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}: shared with other work while measured)`);
}

const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
if (engines.includes('postgres')) await onPostgres();
if (engines.includes('pglite')) await onPglite();
printTable();
