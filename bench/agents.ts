/**
 * Agent simulator and load bench: `npm run bench:agents`. Simulates N osquery hosts speaking
 * osquery's remote API (/api/osquery/enroll, config, log, distributed/read, distributed/write) to
 * the real server, each on its own jittered 10-second cycle (config, distributed read, log — the
 * cadence of Fleet's reference load tests), and reports against the issue's targets in one run:
 *
 *   0. enrolment — the N hosts enrol at BENCH_CONCURRENCY (enroll, config, then the full first
 *                inventory: os_version, system_info, interface addresses, Windows security products
 *                and security center, ~150 programs, logged-in users): hosts per second.
 *   1. agents  — BENCH_SECONDS of the N enrolled hosts, each on its own jittered 10-second cycle:
 *                config + distributed/read + a status log every cycle, the 10-minute snapshots
 *                (security products…) and hourly ones (programs…) on each host's own phase. Latency
 *                per endpoint (client round trip and the server's own `server-timing`), errors,
 *                request rate, the server's CPU from /proc/<pid>/stat → hosts per core, and its RSS
 *                every 10 s (the soak curve).
 *   2. check-in saturation — closed loop of the same check-in mix at BENCH_CONCURRENCY.
 *   3. bare route — closed loop of GET /healthz at the same concurrency, same HTTP agent.
 *      Check-in rate / bare rate is the issue's ratio (≥ ½).
 *
 * The server runs in a child process (this file with --serve: the app of server/app.ts on the
 * sources, like `npm start` minus the build; NODE_ENV=production, the default log level) on
 * PostgreSQL (BENCH_PG_URL, a fresh database, dropped afterwards) when reachable, else PGlite;
 * BENCH_DB=pglite|postgres forces one. The demo province is seeded first, as on a first start, and
 * the hosts enrol into ten communes' service centers with enrol secrets created in the database.
 * The simulator shares the machine: its own CPU is reported separately from the server's (and
 * PostgreSQL's backends' CPU separately again).
 *
 * Environment: BENCH_HOSTS (2000), BENCH_SECONDS (60; 600 for the 10-minute soak), BENCH_WARMUP
 * (seconds of phase 1 excluded from the steady-state figures; default 10, at most half the run),
 * BENCH_CONCURRENCY (32), BENCH_PHASE_SECONDS (10, phases 2 and 3), BENCH_SOCKETS (max sockets of
 * the keep-alive agent; default min(hosts, 1024)), BENCH_LOG_LEVEL (server's LOG_LEVEL, default
 * info as shipped), BENCH_PG_URL, BENCH_DB. Writes bench/results/agents.json. Never asserted in tests.
 */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const HOSTS = env('BENCH_HOSTS', 2000);
const SECONDS = env('BENCH_SECONDS', 60);
const WARMUP = Math.min(env('BENCH_WARMUP', 10), SECONDS / 2);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32);
const PHASE_SECONDS = env('BENCH_PHASE_SECONDS', 10);
const SOCKETS = env('BENCH_SOCKETS', Math.min(HOSTS, 1024));
const CYCLE_MS = 10_000;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET_ORGS = 10;
const OSQUERY_VERSION = '5.12.1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => (!Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

// ---------------------------------------------------------------------------------------------
// Server side (child process): migrate, seed, enrol secrets, listen; reports over IPC.

interface Ready {
  port: number;
  secrets: string[];
  seedMs: number;
}

async function serve() {
  const { parseConfig } = await import('../server/config');
  const { openDatabase, queryRows } = await import('../server/db/connect');
  const { migrate } = await import('../server/db/migrate');
  const { createJobs } = await import('../server/jobs/queue');
  const { buildApp } = await import('../server/app');
  const { isEmpty, seedDemo } = await import('../server/demo/seed');
  const { sha256 } = await import('../server/modules/agents/osquery.service');
  const { sql } = await import('drizzle-orm');
  const config = parseConfig();
  const database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
  await migrate(database);
  const t0 = performance.now();
  if (await isEmpty(database.db)) await seedDemo(database.db);
  const seedMs = performance.now() - t0;
  // Ten communes' service centers, one enrol secret each (only the SHA-256 is stored, as the API does).
  const centers = await queryRows(database.db, sql`
    SELECT c.id FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE c.kind = 'service_center' AND p.kind = 'commune' ORDER BY c.code LIMIT ${SECRET_ORGS}`);
  const secrets: string[] = [];
  for (const c of centers) {
    const secret = `khs_${randomBytes(24).toString('base64url')}`;
    await database.db.execute(sql`
      INSERT INTO enroll_secrets (id, org_id, name, secret_hash, hint) VALUES (${randomUUID()}, ${String(c.id)}, 'bench', ${sha256(secret)}, ${secret.slice(0, 8)})`);
    secrets.push(secret);
  }
  const jobs = createJobs(database);
  const app = await buildApp({ config, database, jobs });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.send?.({ port, secrets, seedMs } satisfies Ready);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers.

const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds of the PostgreSQL backends serving one database (their titles name it), per pid. */
function pgBackendsCpu(dbName: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (!dbName) return out;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${dbName} `)) out.set(Number(d), cpuSeconds(Number(d)));
    } catch {
      /* gone */
    }
  }
  return out;
}
const pgDelta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((s, [pid, v]) => s + v - (a.get(pid) ?? 0), 0);

interface Meter {
  wall: number;
  server: number;
  self: number;
  pg: Map<number, number>;
}
function meter(serverPid: number, dbName: string | null): Meter {
  const u = process.cpuUsage();
  return { wall: performance.now() / 1000, server: cpuSeconds(serverPid), self: (u.user + u.system) / 1e6, pg: pgBackendsCpu(dbName) };
}
function usage(a: Meter, b: Meter) {
  const wall = b.wall - a.wall;
  return { wall, serverCores: (b.server - a.server) / wall, simulatorCores: (b.self - a.self) / wall, postgresCores: pgDelta(a.pg, b.pg) / wall };
}

function pct(xs: number[]) {
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => (s.length ? (s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN) : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.length ? (s[s.length - 1] ?? NaN) : NaN };
}

// ---------------------------------------------------------------------------------------------
// HTTP client: one keep-alive agent for everything.

let agent: http.Agent;
let port = 0;

interface Reply {
  status: number;
  body: string;
  ms: number;
  serverMs: number | null;
}

function request(method: 'GET' | 'POST', urlPath: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: http.OutgoingHttpHeaders = { 'user-agent': `osquery/${OSQUERY_VERSION}`, accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const dur = /\bapp;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0, serverMs: dur === undefined ? null : Number(dur) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

type EndpointName = 'enroll' | 'config' | 'distributed/read' | 'distributed/write' | 'log (inventory)' | 'log (snapshots)' | 'log (status)';
interface Sample {
  at: number;
  ms: number;
  serverMs: number | null;
}
const samples = new Map<EndpointName, Sample[]>();
const errors = new Map<string, number>();
let requests = 0;
let reenrolments = 0;
const addError = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);

async function call(name: EndpointName, body: unknown): Promise<Record<string, unknown> | null> {
  const urlPath = `/api/osquery/${name.split(' ')[0]}`;
  requests += 1;
  try {
    const r = await request('POST', urlPath, JSON.stringify(body));
    let list = samples.get(name);
    if (!list) samples.set(name, (list = []));
    list.push({ at: performance.now(), ms: r.ms, serverMs: r.serverMs });
    if (r.status < 200 || r.status >= 300) {
      addError(`${name}: HTTP ${r.status} ${r.body.slice(0, 120)}`);
      return r.body.includes('"node_invalid":true') ? { node_invalid: true } : null;
    }
    return JSON.parse(r.body) as Record<string, unknown>;
  } catch (e) {
    addError(`${name}: ${(e as Error).message}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Simulated hosts and their payloads (osquery's shapes: tls_enroll.cpp, the filesystem logger's lines).

interface Host {
  i: number;
  uuid: string;
  serial: string;
  hostname: string;
  linux: boolean;
  secret: string;
  nodeKey: string | null;
  /** Phases (in cycles) of the 10-minute and hourly snapshots. */
  tenMin: number;
  hourly: number;
  counter: number;
  programs: Record<string, string>[];
}

const PROGRAM_POOL: [string, string, string][] = [
  ['Microsoft Office Professional Plus 2016', '16.0.4266.1001', 'Microsoft Corporation'], ['Google Chrome', '131.0.6778.86', 'Google LLC'],
  ['Mozilla Firefox (x64 vi)', '133.0', 'Mozilla'], ['7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov'], ['UniKey', '4.3 RC5', 'Phạm Kim Long'],
  ['Foxit PDF Reader', '2024.3.0.26795', 'Foxit Software Inc.'], ['VNPT-CA Plugin', '1.0.3.9', 'VNPT'], ['Zalo', '24.11.1', 'VNG Corporation'],
  ['UltraViewer version 6.6.96', '6.6.96', 'DucFabulous'], ['WinRAR 6.22 (64-bit)', '6.22.0', 'win.rar GmbH'], ['Microsoft Edge', '131.0.2903.70', 'Microsoft Corporation'],
  ['Kaspersky Endpoint Security for Windows', '12.6.0.438', 'AO Kaspersky Lab'], ['Kaspersky Security Center Network Agent', '14.2.0.26967', 'AO Kaspersky Lab'],
  ['Adobe Acrobat Reader DC', '24.004.20220', 'Adobe Systems Incorporated'], ['Java 8 Update 202', '8.0.2020.8', 'Oracle Corporation'], ['osquery', '5.12.1', 'osquery'],
];
/** ~150 programs per Windows host: the familiar ones plus runtimes, drivers and updates, as `programs` lists them. */
function programsOf(i: number): Record<string, string>[] {
  const out = PROGRAM_POOL.map(([name, version, publisher]) => ({ name, version, publisher }));
  const n = 130 + (i % 30);
  for (let k = 0; out.length < n; k++) {
    const v = (i * 7 + k) % 5;
    const kind = k % 4;
    out.push(
      kind === 0 ? { name: `Microsoft Visual C++ 20${10 + (k % 13)} Redistributable (x64) - 14.${k}.${30000 + k}`, version: `14.${k}.${30000 + k}.0`, publisher: 'Microsoft Corporation' }
      : kind === 1 ? { name: `Intel(R) Driver Component ${k}`, version: `${20 + v}.${k}.0.${1000 + k}`, publisher: 'Intel Corporation' }
      : kind === 2 ? { name: `Update for Microsoft Office 2016 (KB${4_400_000 + k * 17})`, version: '', publisher: 'Microsoft Corporation' }
      : { name: `Phần mềm nghiệp vụ ${k}`, version: `${1 + v}.${k % 10}`, publisher: 'Công ty phần mềm' },
    );
  }
  return out;
}

const hostDetails = (h: Host) => ({
  os_version: h.linux
    ? { name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', major: '22', minor: '4', patch: '0', build: '', platform: 'ubuntu', platform_like: 'debian', codename: 'jammy', arch: 'x86_64' }
    : { name: 'Microsoft Windows 10 Pro', version: '10.0.19045', major: '10', minor: '0', patch: '', build: '19045', platform: 'windows', platform_like: 'windows', codename: 'Microsoft Windows 10 Pro', arch: '64-bit', install_date: '1672531200' },
  osquery_info: { pid: String(1000 + h.i), uuid: h.uuid, instance_id: randomUUID(), version: OSQUERY_VERSION, config_hash: '', config_valid: '0', extensions: 'active', build_platform: h.linux ? 'ubuntu' : 'windows', build_distro: h.linux ? 'jammy' : '10', start_time: String(Math.floor(Date.now() / 1000)), watcher: '-1', platform_mask: h.linux ? '9' : '2' },
  system_info: { hostname: h.hostname, uuid: h.uuid, cpu_type: 'x86_64', cpu_brand: 'Intel(R) Core(TM) i5-10500', physical_memory: '8589934592', hardware_vendor: 'Dell Inc.', hardware_model: 'OptiPlex 7080', hardware_serial: h.serial, computer_name: h.hostname, local_hostname: h.hostname },
  platform_info: { vendor: 'Dell Inc.', version: '1.9.2', date: '06/15/2022', revision: '1.9', extra: '', firmware_type: 'uefi' },
});

function line(h: Host, name: string, snapshot: Record<string, string>[]) {
  const now = new Date();
  h.counter += 1;
  return {
    name, hostIdentifier: h.uuid, calendarTime: now.toUTCString(), unixTime: Math.floor(now.getTime() / 1000), epoch: 0, counter: h.counter, numerics: false,
    decorations: { host_uuid: h.uuid, hostname: h.hostname }, action: 'snapshot', snapshot,
  };
}

const tenMinuteSnapshots = (h: Host) =>
  h.linux
    ? [line(h, 'khien_logged_in_users', [{ user: `user${h.i}`, host: '', type: 'user' }])]
    : [
        line(h, 'khien_security_products', [
          { type: 'Antivirus', name: h.i % 25 === 0 ? 'Kaspersky Endpoint Security for Windows' : 'Windows Defender', state: 'On', signatures_up_to_date: '1' },
          { type: 'Firewall', name: 'Windows Firewall', state: 'On', signatures_up_to_date: '0' },
        ]),
        line(h, 'khien_security_center', [{ antivirus: 'Good', antispyware: 'Good', firewall: 'Good', autoupdate: 'Good', windows_security_center_service: 'Good' }]),
        line(h, 'khien_logged_in_users', [{ user: `canbo${h.i}`, host: '', type: 'user' }]),
      ];

const hourlySnapshots = (h: Host) => [
  line(h, 'khien_os_version', [
    h.linux
      ? { name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', major: '22', minor: '4', patch: '0', build: '', platform: 'ubuntu', platform_like: 'debian' }
      : { name: 'Microsoft Windows 10 Pro', version: '10.0.19045', major: '10', minor: '0', patch: '', build: '19045', platform: 'windows', platform_like: 'windows' },
  ]),
  line(h, 'khien_system_info', [{ uuid: h.uuid, hardware_serial: h.serial, hostname: h.hostname, computer_name: h.hostname, hardware_vendor: 'Dell Inc.', hardware_model: 'OptiPlex 7080' }]),
  line(h, 'khien_interfaces', [{ interface: 'Ethernet', address: `10.${40 + (h.i >> 16)}.${(h.i >> 8) & 255}.${h.i & 255}`, mac: `00:1a:2b:${((h.i >> 16) & 255).toString(16).padStart(2, '0')}:${((h.i >> 8) & 255).toString(16).padStart(2, '0')}:${(h.i & 255).toString(16).padStart(2, '0')}` }]),
  h.linux
    ? line(h, 'khien_packages_linux', h.programs.map((p) => ({ ...p, publisher: '' })))
    : line(h, 'khien_programs', h.programs),
];

function statusLines(h: Host, cycle: number) {
  const now = new Date();
  const base = { hostIdentifier: h.uuid, calendarTime: now.toUTCString(), unixTime: String(Math.floor(now.getTime() / 1000)), version: OSQUERY_VERSION, decorations: { host_uuid: h.uuid, hostname: h.hostname } };
  const out = [{ ...base, severity: '0', filename: 'scheduler.cpp', line: '83', message: 'Executing scheduled query khien_security_products' }];
  if (cycle % 7 === 0) out.push({ ...base, severity: '1', filename: 'watcher.cpp', line: '340', message: 'osqueryd worker memory limits checked' });
  return out;
}

async function enroll(h: Host): Promise<boolean> {
  const r = await call('enroll', { enroll_secret: `${h.secret}\n`, host_identifier: h.uuid, platform_type: h.linux ? '9' : '2', host_details: hostDetails(h) });
  const key = r?.node_key;
  if (typeof key !== 'string') return false;
  h.nodeKey = key;
  return true;
}

/** Enrolment of a host as osquery does it on its first start: enroll, config, then the first full inventory. */
async function enrolHost(h: Host): Promise<boolean> {
  if (!(await enroll(h))) return false;
  const node_key = h.nodeKey;
  await call('config', { node_key });
  const r = await call('log (inventory)', { node_key, log_type: 'result', data: [...hourlySnapshots(h), ...tenMinuteSnapshots(h)] });
  return r !== null && r.node_invalid !== true;
}

/** One steady cycle of an enrolled host: config, distributed read (and write when asked), log. */
async function cycle(h: Host, n: number) {
  if (!h.nodeKey) {
    if (!(await enroll(h))) return;
    reenrolments += 1;
  }
  const node_key = h.nodeKey;
  const cfg = await call('config', { node_key });
  if (cfg?.node_invalid === true) return void (h.nodeKey = null);
  const read = await call('distributed/read', { node_key });
  if (read?.node_invalid === true) return void (h.nodeKey = null);
  const queries = read?.queries && typeof read.queries === 'object' ? Object.keys(read.queries) : [];
  if (queries.length) {
    await call('distributed/write', {
      node_key, queries: Object.fromEntries(queries.map((q) => [q, [{ name: 'avp.exe', path: 'C:\\Program Files (x86)\\Kaspersky Lab\\avp.exe' }]])),
      statuses: Object.fromEntries(queries.map((q) => [q, 0])), messages: Object.fromEntries(queries.map((q) => [q, ''])),
    });
  }
  const [kind, log_type, data]: [EndpointName, string, unknown[]] =
    (n + h.hourly) % 360 === 0
      ? ['log (snapshots)', 'result', [...hourlySnapshots(h), ...tenMinuteSnapshots(h)]]
      : (n + h.tenMin) % 60 === 0
        ? ['log (snapshots)', 'result', tenMinuteSnapshots(h)]
        : ['log (status)', 'status', statusLines(h, n)];
  const log = { node_key, log_type, data };
  const r = await call(kind, log);
  if (r?.node_invalid === true) h.nodeKey = null;
}

async function runHost(h: Host, until: number) {
  const offset = Math.random() * CYCLE_MS;
  await sleep(offset);
  let next = performance.now();
  for (let n = 1; performance.now() < until; n++) {
    await cycle(h, n);
    next += CYCLE_MS * (0.9 + Math.random() * 0.2); // osquery's splay
    const wait = next - performance.now();
    if (wait > 0) await sleep(Math.min(wait, Math.max(0, until - performance.now())));
  }
}

/** Closed loop at CONCURRENCY for `seconds`: requests per second and latencies. */
async function closedLoop(seconds: number, one: (k: number) => Promise<boolean>) {
  const until = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const ms: number[] = [];
  let k = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        if (await one(k++)) ok += 1;
        else failed += 1;
        ms.push(performance.now() - t0);
      }
    }),
  );
  return { rate: ok / seconds, ok, failed, latency: pct(ms) };
}

// ---------------------------------------------------------------------------------------------
// Orchestration.

async function pgAdmin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function pgReachable() {
  try {
    await pgAdmin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

function startServer(extra: Record<string, string>): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/agents.ts'), '--serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      KHIEN_WEB_DIR: path.join(ROOT, 'dist/web'),
      KHIEN_AGENT_PORT: 'off',
      KHIEN_WORKER: 'false',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const errs: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => errs.push(c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 180 s')), 180_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve({ child, ready: m as Ready });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${errs.join('').slice(-3000)}`));
    });
  });
}

async function main() {
  const wantPg = process.env.BENCH_DB === 'postgres' || (process.env.BENCH_DB !== 'pglite' && (await pgReachable()));
  const dbName = wantPg ? `khien_bench_agents_${randomBytes(4).toString('hex')}` : null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'khien-bench-agents-'));
  let child: ChildProcess | null = null;
  try {
    let extra: Record<string, string> = { KHIEN_DATA_DIR: dataDir };
    if (dbName) {
      await pgAdmin(`CREATE DATABASE ${dbName}`);
      const u = new URL(PG_URL);
      u.pathname = `/${dbName}`;
      extra = { ...extra, DATABASE_URL: u.toString() };
    }
    const dbLabel = dbName ? 'PostgreSQL' : 'PGlite';
    process.stdout.write(`starting the server on ${dbLabel} (migrate + demo seed)…\n`);
    const started = await startServer(extra);
    child = started.child;
    const pid = child.pid ?? 0;
    port = started.ready.port;
    agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
    process.stdout.write(`server pid ${pid} on :${port}; seed ${fmt(started.ready.seedMs)} ms; ${HOSTS} hosts for ${SECONDS} s (warm-up ${WARMUP} s)\n`);

    // The simulated hosts.
    const hosts: Host[] = Array.from({ length: HOSTS }, (_, i) => ({
      i, uuid: randomUUID().toUpperCase(), serial: `5CG${randomBytes(4).toString('hex').toUpperCase()}`, hostname: `BENCH-PC-${String(i).padStart(5, '0')}`,
      linux: i % 10 === 9, secret: started.ready.secrets[i % started.ready.secrets.length] ?? '', nodeKey: null,
      tenMin: Math.floor(Math.random() * 60), hourly: Math.floor(Math.random() * 360), counter: 0, programs: programsOf(i),
    }));
    const loadBefore = loadavg()[0] ?? NaN;
    const rss: { t: number; mb: number }[] = [{ t: 0, mb: rssMb(pid) }];

    // Phase 0: the hosts are rolled out and enrol (closed loop at CONCURRENCY: enroll, config, first inventory).
    process.stdout.write(`enrolling ${HOSTS} hosts (concurrency ${CONCURRENCY})…\n`);
    const me0 = meter(pid, dbName);
    let next = 0;
    let enrolFailed = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let h = hosts[next++]; h; h = hosts[next++]) if (!(await enrolHost(h))) enrolFailed += 1;
      }),
    );
    const enrolUse = usage(me0, meter(pid, dbName));
    const enrolRate = HOSTS / enrolUse.wall;
    process.stdout.write(`  ${HOSTS - enrolFailed} enrolled in ${fmt(enrolUse.wall)} s (${fmt(enrolRate)} hosts/s; server ${fmt(enrolUse.serverCores)} cores, postgres ${fmt(enrolUse.postgresCores)})\n`);
    rss.push({ t: 0, mb: rssMb(pid) });
    await sleep(3000); // check-in buffers flushed, caches settled

    // Phase 1: steady cycles.
    const t0 = performance.now();
    const m0 = meter(pid, dbName);
    let mWarm: Meter | null = null;
    const sampler = setInterval(() => {
      const t = (performance.now() - t0) / 1000;
      rss.push({ t: Math.round(t), mb: rssMb(pid) });
      process.stdout.write(`  t=${Math.round(t)} s  requests ${requests}  errors ${[...errors.values()].reduce((s, x) => s + x, 0)}  server RSS ${fmt(rssMb(pid))} MB\n`);
    }, 10_000);
    const warmTimer = setTimeout(() => (mWarm = meter(pid, dbName)), WARMUP * 1000);
    const warmAt = t0 + WARMUP * 1000;
    const requestsAt = { warm: 0 };
    const warmCount = setTimeout(() => (requestsAt.warm = requests), WARMUP * 1000);
    await Promise.all(hosts.map((h) => runHost(h, t0 + SECONDS * 1000)));
    const m1 = meter(pid, dbName);
    clearInterval(sampler);
    clearTimeout(warmTimer);
    clearTimeout(warmCount);
    rss.push({ t: Math.round((performance.now() - t0) / 1000), mb: rssMb(pid) });
    const whole = usage(m0, m1);
    const steady = usage(mWarm ?? m0, m1);
    const steadyRate = (requests - requestsAt.warm) / steady.wall;

    const CHECKINS: EndpointName[] = ['config', 'distributed/read', 'log (status)', 'log (snapshots)', 'distributed/write'];
    const steadyMs = CHECKINS.flatMap((e) => (samples.get(e) ?? []).filter((s) => s.at >= warmAt).map((s) => s.ms));
    const steadyServerMs = CHECKINS.flatMap((e) => (samples.get(e) ?? []).filter((s) => s.at >= warmAt && s.serverMs !== null).map((s) => s.serverMs as number));
    const perEndpoint = Object.fromEntries(
      [...samples].map(([k, v]) => [k, { client: pct(v.map((s) => s.ms)), server: pct(v.filter((s) => s.serverMs !== null).map((s) => s.serverMs as number)) }]),
    );
    const enrolled = hosts.filter((h) => h.nodeKey).length;

    // Phase 2: check-in saturation (the same mix, closed loop).
    await sleep(2000);
    const enrolledHosts = hosts.filter((h) => h.nodeKey);
    const m2 = meter(pid, dbName);
    const sat = await closedLoop(PHASE_SECONDS, async (k) => {
      const h = enrolledHosts[k % enrolledHosts.length];
      if (!h) return false;
      const kind = k % 3;
      const body = kind === 0 ? { node_key: h.nodeKey } : kind === 1 ? { node_key: h.nodeKey } : { node_key: h.nodeKey, log_type: 'status', data: statusLines(h, k) };
      const r = await request('POST', kind === 0 ? '/api/osquery/config' : kind === 1 ? '/api/osquery/distributed/read' : '/api/osquery/log', JSON.stringify(body)).catch(() => null);
      return r !== null && r.status === 200;
    });
    const satUse = usage(m2, meter(pid, dbName));

    // Phase 3: the bare JSON route.
    await sleep(1000);
    const m3 = meter(pid, dbName);
    const bare = await closedLoop(PHASE_SECONDS, async () => {
      const r = await request('GET', '/healthz').catch(() => null);
      return r !== null && r.status === 200;
    });
    const bareUse = usage(m3, meter(pid, dbName));
    rss.push({ t: Math.round((performance.now() - t0) / 1000), mb: rssMb(pid) });

    // Report.
    const loadAfter = loadavg()[0] ?? NaN;
    const totalErrors = [...errors.values()].reduce((s, x) => s + x, 0);
    const p = pct(steadyMs);
    const ps = pct(steadyServerMs);
    // Hosts per core from the work done: steady requests per server CPU-second ÷ the 0.3 requests a
    // host makes per second (config, distributed read, log every 10 s). Equals hosts ÷ cores used
    // when the server keeps up, and stays honest when it does not (a backlog is not free capacity).
    const PER_HOST_RATE = 3 / (CYCLE_MS / 1000);
    const hostsPerCore = steadyRate / steady.serverCores / PER_HOST_RATE;
    const hostsPerCoreWithDb = steadyRate / (steady.serverCores + steady.postgresCores) / PER_HOST_RATE;
    const satHostsPerCore = sat.rate / satUse.serverCores / PER_HOST_RATE;
    const ratio = sat.rate / bare.rate;
    const perCpuRatio = sat.rate / satUse.serverCores / (bare.rate / bareUse.serverCores);
    const afterWarm = rss.filter((x) => x.t >= WARMUP);
    const rssFirst = afterWarm[0]?.mb ?? NaN;
    const rssLast = afterWarm[afterWarm.length - 1]?.mb ?? NaN;
    const rssMax = Math.max(...rss.map((x) => x.mb));

    const rows: [string, string, string, boolean | null, string][] = [
      ['hosts per server core (steady)', fmt(hostsPerCore), '≥ 10000', hostsPerCore >= 10_000, `server ${fmt(steady.serverCores)} cores for ${HOSTS} hosts (${fmt(HOSTS / steady.serverCores)} by hosts ÷ cores); Fleet ≈ 6000/vCPU`],
      ['hosts per core incl. PostgreSQL backends', dbName ? fmt(hostsPerCoreWithDb) : '—', '', null, dbName ? `postgres ${fmt(steady.postgresCores)} cores` : 'PGlite runs inside the server process'],
      ['check-in p50 / p95 (client)', `${fmt(p.p50)} / ${fmt(p.p95)} ms`, '', null, 'Fleet p95 9.2 ms'],
      ['check-in p99 (client round trip)', `${fmt(p.p99)} ms`, '< 20 ms', p.p99 < 20, `n=${p.n}, max ${fmt(p.max)} ms; Fleet p99 17.4 ms`],
      ['check-in p99 (server-timing)', `${fmt(ps.p99)} ms`, '< 20 ms', ps.n ? ps.p99 < 20 : null, `p50 ${fmt(ps.p50)}, p95 ${fmt(ps.p95)} ms`],
      ['errors', String(totalErrors), '0', totalErrors === 0, `${enrolled}/${HOSTS} hosts enrolled, ${reenrolments} re-enrolments`],
      ['enrolment (enroll + config + ~150-program inventory)', `${fmt(enrolRate)} hosts/s`, '', null, `c=${CONCURRENCY}; ${enrolFailed} failed; server ${fmt(enrolUse.serverCores)} cores, postgres ${fmt(enrolUse.postgresCores)} cores`],
      ['request rate (agents, steady)', `${fmt(steadyRate)} req/s`, '', null, `offered ≈ ${fmt((HOSTS * 3) / 10)} req/s`],
      ['check-in rate, closed loop', `${fmt(sat.rate)} req/s`, '', null, `c=${CONCURRENCY}, server ${fmt(satUse.serverCores)} cores, p99 ${fmt(sat.latency.p99)} ms, failed ${sat.failed}`],
      ['bare GET /healthz, closed loop', `${fmt(bare.rate)} req/s`, '', null, `c=${CONCURRENCY}, server ${fmt(bareUse.serverCores)} cores, p99 ${fmt(bare.latency.p99)} ms`],
      ['hosts per server core at saturation', fmt(satHostsPerCore), '≥ 10000', satHostsPerCore >= 10_000, `check-in requests per server CPU-second ÷ ${fmt(PER_HOST_RATE)}; robust to a shared, loaded machine`],
      ['check-in rate / bare route rate', fmt(ratio), '≥ 0.5', ratio >= 0.5, `per server CPU-second: ${fmt(perCpuRatio)}`],
      ['server RSS after warm-up: first → last (max)', `${fmt(rssFirst)} → ${fmt(rssLast)} MB`, 'flat', null, `max ${fmt(rssMax)} MB; samples every 10 s`],
      ['machine load average (1 min), before → after', `${fmt(loadBefore)} → ${fmt(loadAfter)}`, '', null, `${cpus().length} cores shared with the simulator and anything else running`],
      ['simulator CPU (same machine)', `${fmt(steady.simulatorCores)} cores`, '', null, `whole run: server ${fmt(whole.serverCores)}, simulator ${fmt(whole.simulatorCores)}, postgres ${fmt(whole.postgresCores)} cores`],
    ];
    const head = ['metric', 'value', 'target', '', 'note'];
    const body = rows.map((r) => [r[0], r[1], r[2], r[3] === null ? '' : r[3] ? 'ok' : 'MISS', r[4]]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
    const out = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ');
    process.stdout.write(`\nagents bench — ${dbLabel}, ${HOSTS} hosts, ${SECONDS} s, ${new Date().toISOString()}\n${out(head)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
    for (const b of body) process.stdout.write(`${out(b)}\n`);
    process.stdout.write('\nper endpoint (whole run, client / server-timing ms):\n');
    for (const [k, v] of Object.entries(perEndpoint)) {
      process.stdout.write(`  ${k.padEnd(18)} n=${String(v.client.n).padEnd(7)} p50 ${fmt(v.client.p50)} / ${fmt(v.server.p50)}  p95 ${fmt(v.client.p95)} / ${fmt(v.server.p95)}  p99 ${fmt(v.client.p99)} / ${fmt(v.server.p99)}\n`);
    }
    process.stdout.write(`RSS curve (s: MB): ${rss.map((x) => `${x.t}: ${fmt(x.mb)}`).join(', ')}\n`);
    if (errors.size) process.stdout.write(`errors:\n${[...errors].slice(0, 20).map(([k, v]) => `  ${v} × ${k}`).join('\n')}\n`);

    const resultsDir = path.join(ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const json = {
      at: new Date().toISOString(), node: process.version, database: dbLabel, hosts: HOSTS, seconds: SECONDS, warmup: WARMUP, concurrency: CONCURRENCY,
      logLevel: process.env.BENCH_LOG_LEVEL ?? 'info', seedMs: started.ready.seedMs, cores: cpus().length, loadavg: { before: loadBefore, after: loadAfter },
      targets: { hostsPerCore: 10_000, p99Ms: 20, errors: 0, checkinToBareRatio: 0.5 },
      results: {
        hostsPerCore, hostsPerCoreWithDb: dbName ? hostsPerCoreWithDb : null, saturationHostsPerCore: satHostsPerCore, checkinLatencyClient: p, checkinLatencyServer: ps, errors: totalErrors,
        errorKinds: Object.fromEntries(errors), enrolled, reenrolments, enrolment: { hostsPerSecond: enrolRate, failed: enrolFailed, cpu: enrolUse }, steadyRequestRate: steadyRate, cpu: { steady, whole, saturation: satUse, bare: bareUse },
        saturation: sat, bare, ratio, perCpuRatio, perEndpoint, rss,
      },
    };
    writeFileSync(path.join(resultsDir, 'agents.json'), `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write('\nwritten: bench/results/agents.json\n');
  } finally {
    agent?.destroy();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => child?.kill('SIGKILL'), 10_000);
        child?.once('exit', () => (clearTimeout(t), r(null)));
      });
    }
    if (dbName) await pgAdmin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
