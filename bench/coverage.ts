/**
 * Coverage bench: `npm run bench:coverage`. Builds a province of 2,001 organisations (200 departments,
 * agencies and communes, 9 units under each; the first unit of each commune is a Public
 * Administrative Service Center) and 100,000 computers in every state (central AV, other AV, none,
 * unlicensed, not seen, state-secret, retired; half with agent check-ins) plus 90 days of
 * coverage_daily, on PostgreSQL (a fresh database, dropped afterwards) and on PGlite. Then measures,
 * through the real app (buildApp + inject: routing, session, scope, SQL, serialisation):
 *   GET /api/endpoints/coverage for the province (target: p95 < 100 ms on PostgreSQL), for one
 *   department, the centers view, the 90-day history, and in the same run two baselines: a trivial
 *   authenticated GET and a small authenticated list.
 *
 * Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REQUESTS
 * (default 200), BENCH_ENGINES (default postgres,pglite).
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { addCalendarDays, vnDay } from '@shared/domain/working-days';
import { openDatabase, type Database } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { parseConfig } from '../server/config';
import { createJobs } from '../server/jobs/queue';
import { buildApp } from '../server/app';
import { hashPassword } from '../server/modules/auth/passwords';
import { snapshotCoverage } from '../server/modules/endpoints/coverage';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Math.max(20, Number(process.env.BENCH_REQUESTS ?? 200));
const TARGET_P95_MS = 100;
const PASSWORD = 'Bench-coverage-2026';
const ENDPOINTS = 100_000;

interface Line {
  engine: string;
  what: string;
  n: number;
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

/** The province and its computers, in SQL only: fast on both engines. */
const GENERATE = [
  `WITH r AS (SELECT gen_random_uuid() AS id)
   INSERT INTO orgs (id, code, name, kind, parent_id, path, depth) SELECT id, 'TINH', 'UBND tỉnh (bench)', 'province', NULL, '/' || id || '/', 0 FROM r`,
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, 'L1-' || s.g,
     CASE WHEN s.g <= 50 THEN 'Sở ' || s.g WHEN s.g <= 60 THEN 'Cơ quan ' || s.g ELSE 'Xã ' || s.g END,
     CASE WHEN s.g <= 50 THEN 'department' WHEN s.g <= 60 THEN 'agency' ELSE 'commune' END,
     p.id, p.path || s.id || '/', 1
   FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 200) g) s, orgs p WHERE p.depth = 0`,
  `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth)
   SELECT s.id, s.pcode || '-' || s.k, 'Đơn vị ' || s.k || ' của ' || s.pname,
     CASE WHEN s.pkind = 'commune' AND s.k = 1 THEN 'service_center' ELSE 'unit' END,
     s.pid, s.ppath || s.id || '/', 2
   FROM (SELECT gen_random_uuid() AS id, p.id AS pid, p.path AS ppath, p.code AS pcode, p.name AS pname, p.kind AS pkind, k
         FROM orgs p, generate_series(1, 9) k WHERE p.depth = 1) s`,
  // 100,000 computers spread over every organisation, in every state.
  `WITH o AS (SELECT id, (row_number() OVER (ORDER BY path)) - 1 AS rn FROM orgs), n AS (SELECT count(*) AS c FROM orgs)
   INSERT INTO endpoints (id, org_id, hostname, hardware_uuid, os_platform, os_name, os_licence, ip_addresses, state_secret, source,
                          has_any_av, has_central_av, av_up_to_date, reported_seen_at, retired_at)
   SELECT gen_random_uuid(), o.id, 'PC-' || g, 'HW-' || g, 'windows', 'Windows 10 Pro',
     (ARRAY['licensed','licensed','unlicensed','unknown'])[1 + g % 4],
     ARRAY['10.' || (g / 65536) % 256 || '.' || (g / 256) % 256 || '.' || g % 256],
     g % 100 = 7,
     (ARRAY['agent','import','manual'])[1 + g % 3],
     g % 10 < 7, g % 10 < 2, CASE WHEN g % 10 < 7 THEN g % 3 <> 0 END,
     now() - ((g % 20) || ' days')::interval,
     CASE WHEN g % 50 = 3 THEN now() - interval '10 days' END
   FROM generate_series(1, ${ENDPOINTS}) g, n, o WHERE o.rn = g % n.c`,
  // Half of them with an agent's check-in.
  `INSERT INTO endpoint_checkins (endpoint_id, seen_at)
   SELECT id, now() - ((abs(hashtext(id::text)) % 240) || ' hours')::interval FROM endpoints WHERE abs(hashtext(id::text)) % 2 = 0`,
  `INSERT INTO central_av_products (id, pattern) VALUES (gen_random_uuid(), 'Kaspersky Endpoint')`,
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

async function measure(app: FastifyInstance, headers: Record<string, string>, url: string, n: number) {
  let body = '';
  for (let i = 0; i < 5; i += 1) {
    const r = await app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    body = r.body;
  }
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const r = await app.inject({ method: 'GET', url, headers });
    times.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
  }
  return { ...stats(times), body, n };
}

async function runOn(engine: string, database: Database, n: number): Promise<void> {
  const t0 = performance.now();
  await migrate(database);
  for (const stmt of GENERATE) await database.raw.query(stmt);
  // 90 days of history: today's snapshot (the job's statement, timed), copied back over 89 days.
  const today = vnDay(new Date());
  const s0 = performance.now();
  await snapshotCoverage(database.db, addCalendarDays(today, -1));
  const snapshotMs = performance.now() - s0;
  await database.raw.query(
    `INSERT INTO coverage_daily (day, org_id, total, excluded, central_av, any_av, licensed_os, seen)
     SELECT day - k, org_id, greatest(total - k % 3, 0), excluded, greatest(central_av - k / 10, 0), any_av, licensed_os, seen
     FROM coverage_daily, generate_series(1, 89) k`,
  );
  await database.raw.query('VACUUM ANALYZE');
  const built = performance.now() - t0;
  const sizes = await Promise.all(['orgs', 'endpoints', 'endpoint_checkins', 'coverage_daily'].map((t) => count(database, t)));
  console.log(
    `${engine}: ${sizes[0]} organisations, ${sizes[1]} endpoints, ${sizes[2]} check-ins, ${sizes[3]} coverage_daily rows — built in ${(built / 1000).toFixed(1)} s; one daily snapshot statement ${snapshotMs.toFixed(0)} ms`,
  );

  const hash = await hashPassword(PASSWORD);
  const leaderName = await addUser(database, hash, `depth = 0`, 'leadership');
  const deptOfficer = await addUser(database, hash, `kind = 'department'`, 'security_officer');
  const [dept] = (await database.raw.query(`SELECT id FROM orgs WHERE kind = 'department' ORDER BY path LIMIT 1`)).rows;
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KHIEN_WEB_DIR: '/nonexistent' });
  const jobs = createJobs(database);
  const app = await buildApp({ config, database, jobs, logger: false });
  await app.ready();
  try {
    const leader = await login(app, leaderName);
    const officer = await login(app, deptOfficer);
    const province = await measure(app, leader, '/api/endpoints/coverage', n);
    const cov = JSON.parse(province.body) as { summary: Record<string, number>; centers: Record<string, number>; rows: unknown[] };
    console.log(
      `${engine}: province coverage — ${cov.centers.centralAv}/${cov.centers.total} computers at ${cov.centers.count} centers run the central product; province ${cov.summary.centralAv}/${cov.summary.total} (excluded ${cov.summary.excluded}), ${cov.rows.length} rows`,
    );
    const target = `< ${TARGET_P95_MS} ms p95${engine === 'PostgreSQL' ? '' : ' (PG target)'}`;
    const add = (what: string, m: { median: number; p95: number; n: number }, withTarget: boolean) =>
      lines.push({ engine, what, n: m.n, median: m.median, p95: m.p95, target: withTarget ? target : 'baseline', ok: withTarget ? (m.p95 < TARGET_P95_MS ? 'yes' : 'NO') : '' });
    add('GET /api/endpoints/coverage (province, leadership)', province, true);
    add('GET /api/endpoints/coverage?groupBy=centers&sort=centralAvRatio (province)', await measure(app, leader, '/api/endpoints/coverage?groupBy=centers&sort=centralAvRatio', n), true);
    add('GET /api/endpoints/coverage?orgId=<department> (leadership)', await measure(app, leader, `/api/endpoints/coverage?orgId=${String(dept?.id)}`, n), true);
    add('GET /api/endpoints/coverage (department officer, own root)', await measure(app, officer, '/api/endpoints/coverage', n), false);
    add('GET /api/endpoints/coverage/history?days=90 (province)', await measure(app, leader, '/api/endpoints/coverage/history?days=90', Math.max(20, Math.floor(n / 4))), false);
    add('GET /api/auth/session (trivial authenticated GET)', await measure(app, leader, '/api/auth/session', n), false);
    add('GET /api/endpoints/central-products (small authenticated list)', await measure(app, officer, '/api/endpoints/central-products', n), false);
  } finally {
    await app.close();
  }
}

async function onPglite(): Promise<void> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await runOn('PGlite', database, Math.max(20, Math.floor(REQUESTS / 4)));
  } finally {
    await database.close();
  }
}

async function onPostgres(): Promise<void> {
  const name = `khien_bench_cov_${randomBytes(4).toString('hex')}`;
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
    await runOn('PostgreSQL', database, REQUESTS);
  } finally {
    await database.close();
    await admin.raw.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

function printTable(): void {
  const head = ['engine', 'measured', 'calls', 'median ms', 'p95 ms', 'target', 'met'];
  const rows = lines.map((l) => [l.engine, l.what, String(l.n), l.median.toFixed(1), l.p95.toFixed(1), l.target, l.ok]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(fmt).join('\n')}\n(sequential requests, after 5 warm-up requests each)`);
}

const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
if (engines.includes('postgres')) await onPostgres();
if (engines.includes('pglite')) await onPglite();
printTable();
