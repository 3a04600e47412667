/**
 * Figures bench: `npm run bench:figures`. Builds a province of ~2,000 organisations, 20,000 systems,
 * 25,000 dossiers and 50,000 dossier versions (bulk INSERT … SELECT generate_series) on PGlite and on
 * PostgreSQL (a fresh database, dropped afterwards), then measures GET /api/figures/systems for the
 * whole province as a leadership user through the real app (buildApp + inject: routing, session,
 * scope, SQL, serialisation), next to baselines measured in the same run: the same endpoint for one
 * commune, and a trivial authenticated GET. Prints a table; never asserted in tests.
 *
 * Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REQUESTS (default 60).
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { parseConfig } from '../server/config';
import { createJobs } from '../server/jobs/queue';
import { buildApp } from '../server/app';
import { hashPassword } from '../server/modules/auth/passwords';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Math.max(50, Number(process.env.BENCH_REQUESTS ?? 60));
const TARGET_P95_MS = 100;
const PASSWORD = 'Bench-figures-2026';

interface Line {
  engine: string;
  what: string;
  median: number;
  p95: number;
  target: string;
  ok: string;
}
const lines: Line[] = [];

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** The province, in SQL only: fast on both engines. */
const GENERATE = [
  `WITH r AS (SELECT gen_random_uuid() AS id)
   INSERT INTO orgs (id, code, name, kind, parent_id, path, depth) SELECT id, 'TINH', 'UBND tỉnh (bench)', 'province', NULL, '/' || id || '/', 0 FROM r`,
  // 200 departments, agencies and communes under the province …
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, 'L1-' || s.g,
     CASE WHEN s.g <= 50 THEN 'Sở ' || s.g WHEN s.g <= 60 THEN 'Cơ quan ' || s.g ELSE 'Xã ' || s.g END,
     CASE WHEN s.g <= 50 THEN 'department' WHEN s.g <= 60 THEN 'agency' ELSE 'commune' END,
     p.id, p.path || s.id || '/', 1
   FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 200) g) s, orgs p WHERE p.depth = 0`,
  // … and 9 units under each (a service centre first under a commune): 2,001 organisations.
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, s.pcode || '-' || s.k, 'Đơn vị ' || s.k || ' của ' || s.pname,
     CASE WHEN s.pkind = 'commune' AND s.k = 1 THEN 'service_center' ELSE 'unit' END,
     s.pid, s.ppath || s.id || '/', 2
   FROM (SELECT gen_random_uuid() AS id, p.id AS pid, p.path AS ppath, p.code AS pcode, p.name AS pname, p.kind AS pkind, k
         FROM orgs p, generate_series(1, 9) k WHERE p.depth = 1) s`,
  // 20,000 systems spread over every organisation; 1 in 6 unclassified, 1 in 3 approved, 1 in 50 retired.
  `WITH o AS (SELECT id, (row_number() OVER (ORDER BY path)) - 1 AS rn FROM orgs), n AS (SELECT count(*) AS c FROM orgs)
   INSERT INTO information_systems (id, org_id, code, name, system_type, regime, proposed_level, approved_level, is_important, lifecycle)
   SELECT gen_random_uuid(), o.id, 'HT' || g, 'Hệ thống thông tin số ' || g, 'internal',
     CASE WHEN g % 6 = 0 THEN NULL ELSE 'nd85_2016' END,
     CASE WHEN g % 6 = 0 THEN NULL ELSE 1 + g % 5 END,
     CASE WHEN g % 6 IN (1, 2) THEN 1 + g % 5 END,
     g % 10 = 0,
     CASE WHEN g % 50 = 0 THEN 'retired' ELSE 'operating' END
   FROM generate_series(1, 20000) g, n, o WHERE o.rn = g % n.c`,
  // One current dossier per system, in every state; the units under 1 in 7 first-level organisations only draft.
  `INSERT INTO dossiers (id, org_id, system_id, regime, state, received_at, due_on, directive_due_on, decision_no, decision_date, approved_level)
   SELECT gen_random_uuid(), x.org_id, x.id, 'nd85_2016', x.st,
     CASE WHEN x.st = 'draft' THEN NULL ELSE now() - interval '30 days' END,
     CASE WHEN x.st IN ('submitted', 'under_appraisal', 'submitted_for_approval') THEN current_date + (x.rn % 40 - 20)::int END,
     CASE WHEN x.rn % 3 = 0 THEN DATE '2026-02-15' END,
     CASE WHEN x.st = 'approved' THEN 'QĐ-' || x.rn END,
     CASE WHEN x.st = 'approved' THEN DATE '2026-01-10' END,
     CASE WHEN x.st = 'approved' THEN coalesce(x.proposed_level, 2) END
   FROM (SELECT s.id, s.org_id, s.proposed_level, row_number() OVER (ORDER BY s.code) AS rn,
           CASE WHEN (substring(a.code from 4))::int % 7 = 0 THEN 'draft' -- a NULL (the province's own) falls through
                ELSE (ARRAY['draft','submitted','returned_incomplete','under_appraisal','returned_for_revision','appraised','submitted_for_approval','approved','approved','rejected'])[1 + (row_number() OVER (ORDER BY s.code)) % 10] END AS st
         FROM information_systems s JOIN orgs o ON o.id = s.org_id LEFT JOIN orgs a ON a.id::text = split_part(o.path, '/', 3)) x`,
  // 5,000 earlier dossiers, rejected, for systems whose unit has sent its current one.
  `INSERT INTO dossiers (id, org_id, system_id, regime, state, received_at)
   SELECT gen_random_uuid(), d.org_id, d.system_id, 'nd85_2016', 'rejected', now() - interval '200 days'
   FROM (SELECT org_id, system_id FROM dossiers WHERE received_at IS NOT NULL ORDER BY id LIMIT 5000) d`,
  // Two versions each: 50,000.
  `INSERT INTO dossier_versions (id, dossier_id, org_id, version, proposed_level, frozen_at)
   SELECT gen_random_uuid(), d.id, d.org_id, v, d.approved_level, CASE WHEN v = 1 THEN now() END FROM dossiers d, generate_series(1, 2) v`,
  // What autovacuum does on a live server: statistics, and the visibility map index-only scans need.
  `VACUUM ANALYZE`,
];

async function count(db: Database, table: string): Promise<number> {
  const r = await db.raw.query(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(r.rows[0]?.n);
}

async function addUser(db: Database, hash: string, orgWhere: string, role: string): Promise<string> {
  const username = `bench${randomBytes(4).toString('hex')}`;
  const [org] = (await db.raw.query(`SELECT id FROM orgs WHERE ${orgWhere} ORDER BY path LIMIT 1`)).rows;
  const id = uuidv7();
  await db.raw.query(`INSERT INTO users (id, org_id, username, full_name, password_hash) VALUES ($1, $2, $3, $4, $5)`, [id, org?.id, username, `Bench ${role}`, hash]);
  await db.raw.query(`INSERT INTO role_assignments (id, user_id, role, org_id) VALUES ($1, $2, $3, $4)`, [uuidv7(), id, role, org?.id]);
  return username;
}

async function login(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD }, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.1` });
  if (r.statusCode !== 200) throw new Error(`login failed: ${r.statusCode} ${r.body}`);
  const set = r.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [String(set)]).find((c) => c.startsWith('khien_sid='))?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return { cookie };
}

async function measure(app: FastifyInstance, headers: Record<string, string>, url: string): Promise<{ median: number; p95: number; body: string }> {
  let body = '';
  for (let i = 0; i < 5; i += 1) {
    const r = await app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    body = r.body;
  }
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const t0 = performance.now();
    const r = await app.inject({ method: 'GET', url, headers });
    times.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
  }
  return { ...stats(times), body };
}

async function runOn(engine: string, database: Database): Promise<void> {
  const t0 = performance.now();
  await migrate(database);
  for (const stmt of GENERATE) await database.raw.query(stmt);
  const built = performance.now() - t0;
  const sizes = await Promise.all(['orgs', 'information_systems', 'dossiers', 'dossier_versions'].map((t) => count(database, t)));
  console.log(`${engine}: ${sizes[0]} organisations, ${sizes[1]} systems, ${sizes[2]} dossiers, ${sizes[3]} dossier versions — migrated and generated in ${(built / 1000).toFixed(1)} s`);

  const hash = await hashPassword(PASSWORD);
  const leaderName = await addUser(database, hash, `depth = 0`, 'leadership');
  const communeOfficer = await addUser(database, hash, `kind = 'commune'`, 'security_officer');
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KHIEN_WEB_DIR: '/nonexistent' });
  const jobs = createJobs(database);
  const app = await buildApp({ config, database, jobs, logger: false });
  await app.ready();
  try {
    const leader = await login(app, leaderName);
    const officer = await login(app, communeOfficer);
    const province = await measure(app, leader, '/api/figures/systems');
    const totals = (JSON.parse(province.body) as { totals: { systems: number; units: number; unitsWithoutSubmission: number; dossiers: Record<string, number> }; rows: unknown[] });
    console.log(
      `${engine}: province figures — ${totals.totals.systems} systems, ${totals.rows.length} rows, dossiers ${JSON.stringify(totals.totals.dossiers)}, ${totals.totals.unitsWithoutSubmission}/${totals.totals.units} units without submission`,
    );
    const target = `< ${TARGET_P95_MS} ms p95${engine === 'PostgreSQL' ? '' : ' (PG target)'}`;
    const add = (what: string, m: { median: number; p95: number }, withTarget: boolean) =>
      lines.push({ engine, what, median: m.median, p95: m.p95, target: withTarget ? target : 'baseline', ok: withTarget ? (m.p95 < TARGET_P95_MS ? 'yes' : 'NO') : '' });
    add('GET /api/figures/systems (province, leadership)', province, true);
    add('GET /api/figures/systems/units-without-submission (province)', await measure(app, leader, '/api/figures/systems/units-without-submission'), false);
    add('GET /api/figures/systems/drill?metric=overdue (province, page 1)', await measure(app, leader, '/api/figures/systems/drill?metric=overdue'), false);
    add('GET /api/figures/systems (one commune, its officer)', await measure(app, officer, '/api/figures/systems'), false);
    add('GET /api/auth/session (trivial authenticated GET)', await measure(app, leader, '/api/auth/session'), false);
  } finally {
    await app.close();
  }
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
  const name = `khien_bench_fig_${randomBytes(4).toString('hex')}`;
  let admin: Database;
  try {
    admin = await openDatabase({ kind: 'postgres', url: PG_URL, max: 1 });
    await admin.raw.query(`CREATE DATABASE ${name}`);
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
    await admin.raw.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

function printTable(): void {
  const head = ['engine', 'measured', 'median ms', 'p95 ms', 'target', 'met'];
  const rows = lines.map((l) => [l.engine, l.what, l.median.toFixed(1), l.p95.toFixed(1), l.target, l.ok]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(fmt).join('\n')}\n(${REQUESTS} sequential requests each, after 5 warm-up requests)`);
}

const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
if (engines.includes('pglite')) await onPglite();
if (engines.includes('postgres')) await onPostgres();
printTable();
