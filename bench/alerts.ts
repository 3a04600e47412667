/**
 * Wazuh alert intake bench: `npm run bench:alerts`. The real HTTP route POST /api/alerts/wazuh with an
 * API token holding alert.ingest, on PostgreSQL (BENCH_PG_URL, a fresh database dropped afterwards),
 * measured in one run against a bare JSON route of the same server (GET /healthz) — the issue's
 * target is ≥ 2,000 alerts/s on the 2-core machine, with no alert lost:
 *
 *   1. single — closed loop of BENCH_CONCURRENCY clients, each posting one alert per request (what
 *               a Wazuh custom integration does: one alert per invocation).
 *   2. batch  — the same clients posting arrays of BENCH_BATCH alerts (what deploy/wazuh/khien-forward does
 *               with alerts.json: the way to carry thousands of alerts per second).
 *   3. bare   — GET /healthz at the same concurrency, same keep-alive agent.
 *
 * Every alert is distinct (its Wazuh id); after the phases, `count in = count stored` is checked
 * against SELECT count(*) FROM alerts. Half the alerts name a host that a connected system lists
 * as a source identifier, so tying to systems is part of the measured path.
 *
 * The server runs in a child process (this file with --serve: buildApp of server/app.ts on the
 * sources, NODE_ENV=production, LOG_LEVEL warn). Environment: BENCH_SECONDS (10 per phase),
 * BENCH_CONCURRENCY (32), BENCH_BATCH (100), BENCH_PG_URL, BENCH_CPU_PROF (a directory: the server writes a
 * V8 CPU profile there, for Chrome's profiler). Writes bench/results/alerts.json.
 * Never asserted in tests: figures depend on the machine (and on whatever else runs on it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const SECONDS = env('BENCH_SECONDS', 10);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32);
const BATCH = env('BENCH_BATCH', 100);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const fmt = (n: number) => (!Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

// ---------------------------------------------------------------------------------------------
// Server side (child process).

interface Ready {
  port: number;
  token: string;
}

async function serve() {
  const { parseConfig } = await import('../server/config');
  const { openDatabase } = await import('../server/db/connect');
  const { migrate } = await import('../server/db/migrate');
  const { createJobs } = await import('../server/jobs/queue');
  const { buildApp } = await import('../server/app');
  const { sql } = await import('drizzle-orm');
  const config = parseConfig();
  if (!config.databaseUrl) throw new Error('the alerts bench runs on PostgreSQL (DATABASE_URL)');
  const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl, max: 10 });
  await migrate(database);
  const db = database.db;
  // A province with one unit and ten connected systems, each known by two Wazuh agent names.
  const province = randomUUID();
  const unit = randomUUID();
  await db.execute(sql`INSERT INTO orgs (id, code, name, kind, path, depth) VALUES (${province}, 'TQ', 'Tỉnh Tuyên Quang', 'province', ${`/${province}/`}, 0)`);
  await db.execute(sql`INSERT INTO orgs (id, code, name, kind, parent_id, path, depth) VALUES (${unit}, 'SKHCN', 'Sở Khoa học và Công nghệ', 'department', ${province}, ${`/${province}/${unit}/`}, 1)`);
  for (let i = 0; i < 10; i += 1) {
    const sys = randomUUID();
    await db.execute(sql`INSERT INTO information_systems (id, org_id, code, name, system_type, is_important) VALUES (${sys}, ${unit}, ${`HT-${i}`}, ${`Hệ thống ${i}`}, 'internal', true)`);
    await db.execute(sql`INSERT INTO soc_connections (system_id, org_id, status, center_kind, connected_on, source_identifiers)
      VALUES (${sys}, ${unit}, 'connected', 'provincial', '2026-01-01', ${sql.param([`ht${i}-app01`, `ht${i}-db01`])}::text[])`);
  }
  const prefix = randomBytes(4).toString('hex');
  const token = `khn_${prefix}_${randomBytes(32).toString('base64url')}`;
  await db.execute(sql`INSERT INTO api_tokens (id, name, prefix, secret_hash, org_id, actions)
    VALUES (${randomUUID()}, 'Wazuh bench', ${prefix}, ${createHash('sha256').update(token).digest('hex')}, ${province}, ARRAY['alert.ingest'])`);
  const jobs = createJobs(database);
  const app = await buildApp({ config, database, jobs });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  process.send?.({ port: typeof addr === 'object' && addr ? addr.port : 0, token } satisfies Ready);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Client side.

let agent: http.Agent;
let port = 0;
let token = '';

function request(method: 'GET' | 'POST', urlPath: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
      headers.authorization = `Bearer ${token}`;
    }
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

let seq = 0;
const RULES = [
  { level: 10, id: '5712', description: 'sshd: brute force trying to get access to the system. Non existent user.', groups: ['syslog', 'sshd', 'authentication_failures'] },
  { level: 6, id: '31103', description: 'SQL injection attempt.', groups: ['web', 'accesslog', 'attack', 'sql_injection'] },
  { level: 7, id: '550', description: 'Integrity checksum changed.', groups: ['ossec', 'syscheck', 'syscheck_entry_modified', 'syscheck_file'] },
  { level: 5, id: '60122', description: 'Logon failure - Unknown user or bad password.', groups: ['windows', 'windows_security', 'win_authentication_failed'] },
];

/** One distinct Wazuh alert (~1 kB, the size of a real sshd alert). */
function alert(): Record<string, unknown> {
  seq += 1;
  const i = seq % 20;
  const rule = RULES[seq % RULES.length];
  const host = i < 10 ? `ht${i}-app01` : `may-khac-${i}`;
  const now = new Date();
  return {
    timestamp: now.toISOString().replace('Z', '+0000'),
    rule: { ...rule, firedtimes: seq, mail: false, mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] }, pci_dss: ['10.2.4', '10.2.5'] },
    agent: { id: String(100 + i).padStart(3, '0'), name: host, ip: `10.10.1.${i + 10}` },
    manager: { name: 'wazuh-manager-tq' },
    id: `${Math.floor(now.getTime() / 1000)}.${seq}`,
    full_log: `Dec  3 09:15:01 ${host} sshd[24811]: Invalid user admin from 203.0.113.${seq % 250} port ${40000 + (seq % 20000)} ssh2`,
    predecoder: { program_name: 'sshd', timestamp: 'Dec  3 09:15:01', hostname: host },
    decoder: { parent: 'sshd', name: 'sshd' },
    data: { srcip: `203.0.113.${seq % 250}`, srcport: String(40000 + (seq % 20000)), srcuser: 'admin' },
    location: '/var/log/auth.log',
  };
}

interface Phase {
  name: string;
  seconds: number;
  requests: number;
  alerts: number;
  errors: Map<string, number>;
  latencies: number[];
}

async function closedLoop(name: string, one: () => Promise<{ ok: boolean; alerts: number; error?: string }>): Promise<Phase> {
  const phase: Phase = { name, seconds: 0, requests: 0, alerts: 0, errors: new Map(), latencies: [] };
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          const r = await one();
          phase.requests += 1;
          phase.latencies.push(performance.now() - s);
          if (r.ok) phase.alerts += r.alerts;
          else phase.errors.set(r.error ?? 'error', (phase.errors.get(r.error ?? 'error') ?? 0) + 1);
        } catch (e) {
          phase.errors.set((e as Error).message, (phase.errors.get((e as Error).message) ?? 0) + 1);
        }
      }
    }),
  );
  phase.seconds = (performance.now() - t0) / 1000;
  return phase;
}

async function post(n: number) {
  const body = n === 1 ? JSON.stringify(alert()) : JSON.stringify(Array.from({ length: n }, alert));
  const r = await request('POST', '/api/alerts/wazuh', body);
  if (r.status !== 200) return { ok: false, alerts: 0, error: `HTTP ${r.status} ${r.body.slice(0, 100)}` };
  const reply = JSON.parse(r.body) as { stored: number; duplicates: number; rejected: unknown[] };
  return { ok: true, alerts: reply.stored };
}

function p(xs: number[], q: number) {
  const s = Float64Array.from(xs).sort();
  return s.length ? (s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN) : NaN;
}

async function main() {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (e) {
    process.stdout.write(`PostgreSQL is not reachable at ${PG_URL} (${(e as Error).message}): the alerts bench needs it.\n`);
    process.exit(1);
  }
  const dbName = `khien_bench_alerts_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  let child: ChildProcess | null = null;
  try {
    child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', path.join(ROOT, 'bench/alerts.ts'), '--serve'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', KHIEN_SEED_DEMO: 'never', KHIEN_WORKER: 'false' },
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child?.once('message', (m) => resolve(m as Ready));
      child?.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    port = ready.port;
    token = ready.token;
    agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    // Warm-up: JIT, token cache, connection pool.
    for (let i = 0; i < 50; i += 1) await post(1);
    const warm = seq;

    const single = await closedLoop('single', () => post(1));
    if (process.env.BENCH_ONLY_SINGLE) {
      process.stdout.write(`single only: ${fmt(single.alerts / single.seconds)} alerts/s\n`);
      return;
    }
    const batch = await closedLoop(`batch of ${BATCH}`, () => post(BATCH));
    const bare = await closedLoop('bare GET /healthz', async () => {
      const r = await request('GET', '/healthz');
      return { ok: r.status === 200, alerts: 0, error: r.status === 200 ? undefined : `HTTP ${r.status}` };
    });

    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const stored = Number((await check.query('SELECT count(*)::int AS n FROM alerts')).rows[0]?.n);
    await check.end();
    const sent = seq;
    const acknowledged = warm + single.alerts + batch.alerts;

    const rate = (x: Phase) => x.alerts / x.seconds;
    const reqRate = (x: Phase) => x.requests / x.seconds;
    const lines = [
      '',
      `Wazuh alert intake on PostgreSQL — ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end (other work on the machine counts against these figures)`,
      `  ${CONCURRENCY} concurrent clients, ${SECONDS} s per phase`,
      '',
      `  phase                 requests/s   alerts/s   p50 ms   p95 ms   errors`,
      ...[single, batch, bare].map(
        (x) =>
          `  ${x.name.padEnd(20)}  ${fmt(reqRate(x)).padStart(10)}  ${(x === bare ? '—' : fmt(rate(x))).padStart(9)}  ${fmt(p(x.latencies, 0.5)).padStart(7)}  ${fmt(p(x.latencies, 0.95)).padStart(7)}  ${[...x.errors.values()].reduce((s, n) => s + n, 0)}`,
      ),
      '',
      `  single-alert posts: ${fmt(rate(single))} alerts/s = ${fmt(reqRate(single) / reqRate(bare))} × the bare route's request rate`,
      `  batched posts (khien-forward): ${fmt(rate(batch))} alerts/s = ${fmt(rate(batch) / reqRate(bare))} × the bare route's request rate (target ≥ 2000 alerts/s: ${rate(batch) >= 2000 ? 'met' : 'NOT met'})`,
      `  count in = count stored: sent ${sent}, acknowledged as stored ${acknowledged}, in the database ${stored} → ${acknowledged === stored ? 'no alert lost' : 'MISMATCH'}`,
      ...[single, batch, bare].flatMap((x) => [...x.errors].slice(0, 3).map(([e, n]) => `  ${x.name} error ×${n}: ${e}`)),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench/results/alerts.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          cores: cpus().length,
          loadavg: loadavg(),
          concurrency: CONCURRENCY,
          secondsPerPhase: SECONDS,
          batch: BATCH,
          single: { alertsPerSecond: rate(single), requestsPerSecond: reqRate(single), p95ms: p(single.latencies, 0.95) },
          batched: { alertsPerSecond: rate(batch), requestsPerSecond: reqRate(batch), p95ms: p(batch.latencies, 0.95) },
          bare: { requestsPerSecond: reqRate(bare) },
          ratios: { singleToBare: reqRate(single) / reqRate(bare), batchAlertsToBare: rate(batch) / reqRate(bare) },
          countIn: acknowledged,
          countStored: stored,
          sent,
        },
        null,
        2,
      ),
    );
  } finally {
    agent?.destroy();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
