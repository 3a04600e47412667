/**
 * Performance bench: `npm run bench`. Starts the real server as `npm start` does (node dist/server/main.js,
 * built first by `npm run build` when missing) on
 * PGlite and, when reachable, on PostgreSQL, and measures what the issue sets targets for, each next
 * to a baseline measured in the same run. Prints a table and writes bench/results/latest.json.
 * Never asserted in tests: figures depend on the machine.
 *
 * Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_CHROMIUM
 * (default /usr/bin/chromium), BENCH_REQUESTS (default 500).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const WEB_DIR = path.join(ROOT, 'dist/web');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const LOGINS = 30;

interface Row {
  metric: string;
  value: string;
  target: string;
  ok: boolean | null;
  baseline: string;
  note?: string;
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};

function add(metric: string, value: number | null, unit: string, target: { op: '<' | '≤'; value: number } | null, baseline: string, note?: string) {
  const ok = value === null || !target ? null : target.op === '<' ? value < target.value : value <= target.value;
  rows.push({
    metric,
    value: value === null ? '—' : `${fmt(value)} ${unit}`,
    target: target ? `${target.op} ${target.value} ${unit}` : '',
    ok,
    baseline,
    note,
  });
  results[metric] = { value, unit, target, ok, baseline, note };
}
function skip(metric: string, why: string) {
  rows.push({ metric, value: 'skipped', target: '', ok: null, baseline: '', note: why });
  results[metric] = { skipped: why };
}
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { n: s.length, median: at(0.5), p95: at(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Server-side response times from fastify's request log (reqId → url, responseTime). */
interface ServerLog {
  urls: Map<string, string>;
  times: { url: string; ms: number }[];
  text: string[];
}

interface Server {
  child: ChildProcess;
  url: string;
  readyMs: number;
  /** What main.ts reports: from its first line (after module loading) to listening. */
  selfMs: number | null;
  log: ServerLog;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>, label: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      KHIEN_WEB_DIR: WEB_DIR,
      KHIEN_TRUST_PROXY: 'true', // lets the bench vary X-Forwarded-For under the login rate limit
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: ServerLog = { urls: new Map(), times: [], text: [] };
  let buf = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      parseLogLine(line, log);
    }
  });
  const errs: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => errs.push(c));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label}: server exited (${child.exitCode}): ${errs.join('').slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label}: /readyz did not answer within 120 s`);
    }
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  const readyMs = performance.now() - t0;
  await sleep(50);
  const started = log.text.map((l) => /started in (\d+) ms/.exec(l)?.[1]).find((x) => x !== undefined);
  return {
    selfMs: started === undefined ? null : Number(started),
    child,
    url,
    readyMs,
    log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await waitExit(child);
      clearTimeout(timer);
    },
  };
}

function parseLogLine(line: string, log: ServerLog) {
  if (!line.startsWith('{')) {
    log.text.push(line);
    return;
  }
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return;
  }
  if (!v || typeof v !== 'object') return;
  const reqId = 'reqId' in v ? String(v.reqId) : null;
  if (!reqId) return;
  if ('req' in v && v.req && typeof v.req === 'object' && 'url' in v.req && typeof v.req.url === 'string') log.urls.set(reqId, v.req.url);
  if ('responseTime' in v && typeof v.responseTime === 'number') {
    const url = log.urls.get(reqId);
    if (url !== undefined) {
      log.times.push({ url, ms: v.responseTime });
      log.urls.delete(reqId);
    }
  }
}

function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function nodeBaselineMs(args: string[] = ['-e', '']): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore', cwd: ROOT });
    await waitExit(child);
    xs.push(performance.now() - t0);
  }
  return stats(xs).median;
}

let ipCounter = 1;
async function login(url: string, username: string, password: string): Promise<{ ms: number; cookie: string }> {
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  ipCounter += 1;
  const t0 = performance.now();
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  await r.arrayBuffer();
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`login ${username}: HTTP ${r.status}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .join('; ');
  return { ms, cookie };
}

/** Client round trips, and the server's own figure from its `server-timing: app;dur=…` header. */
const serverTiming: number[] = [];
async function timedGets(url: string, cookie: string | null, n: number): Promise<number[]> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const xs: number[] = [];
  serverTiming.length = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers });
    await r.arrayBuffer();
    xs.push(performance.now() - t0);
    if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
    const dur = /\bapp;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1];
    if (dur !== undefined) serverTiming.push(Number(dur));
  }
  return xs;
}

const serverTimes = (log: ServerLog, prefix: string, since: number) =>
  log.times.slice(since).filter((t) => t.url.startsWith(prefix)).map((t) => t.ms);

/** Login, /api/orgs and /healthz latencies on a running server. */
async function latency(s: Server, db: string) {
  const { DEMO_PASSWORD } = await import('../server/demo/seed');
  // Logins (argon2id verify dominates).
  const loginMs: number[] = [];
  let cookie = '';
  for (let i = 0; i < 3; i++) cookie = (await login(s.url, 'xa.attt', DEMO_PASSWORD)).cookie;
  for (let i = 0; i < LOGINS; i++) {
    const r = await login(s.url, 'xa.attt', DEMO_PASSWORD);
    loginMs.push(r.ms);
    cookie = r.cookie;
  }
  const l = stats(loginMs);
  results[`login raw ${db}`] = l;

  // Baseline /healthz, then /api/orgs?limit=20 — warm-up, then sequential requests.
  await timedGets(`${s.url}/healthz`, null, 50);
  await sleep(100);
  let mark = s.log.times.length;
  const h = stats(await timedGets(`${s.url}/healthz`, null, REQUESTS));
  await sleep(100);
  const hs = stats(serverTimes(s.log, '/healthz', mark));
  await timedGets(`${s.url}/api/orgs?limit=20`, cookie, 50);
  await sleep(100);
  mark = s.log.times.length;
  const o = stats(await timedGets(`${s.url}/api/orgs?limit=20`, cookie, REQUESTS));
  const ot = stats(serverTiming);
  await sleep(100);
  const os = stats(serverTimes(s.log, '/api/orgs', mark));
  results[`orgs raw ${db}`] = { client: o, server: os, serverTiming: ot };
  results[`healthz raw ${db}`] = { client: h, server: hs };

  const base = `GET /healthz client ${fmt(h.median)}/${fmt(h.p95)} ms, server ${fmt(hs.median)}/${fmt(hs.p95)} ms`;
  add(`login round trip median (${db})`, l.median, 'ms', { op: '<', value: 300 }, base, `p95 ${fmt(l.p95)} ms, n=${l.n}`);
  add(`login round trip p95 (${db})`, l.p95, 'ms', { op: '<', value: 300 }, base);
  if (os.n > 0) {
    add(`GET /api/orgs?limit=20 server median (${db})`, os.median, 'ms', { op: '<', value: 5 }, base, `p95 ${fmt(os.p95)} ms (fastify responseTime, n=${os.n})`);
    add(`GET /api/orgs?limit=20 server p95 (${db})`, os.p95, 'ms', { op: '<', value: 5 }, base);
  }
  if (ot.n > 0) {
    // Up to the reply being handed to the socket (responseTime above runs until it is written).
    add(`GET /api/orgs?limit=20 server-timing median (${db})`, ot.median, 'ms', { op: '<', value: 5 }, base, `p95 ${fmt(ot.p95)} ms (server-timing header, n=${ot.n})`);
  }
  add(`GET /api/orgs?limit=20 client median (${db})`, o.median, 'ms', { op: '<', value: 5 }, base, `p95 ${fmt(o.p95)} ms, sequential fetch, n=${o.n}`);
}

/** Gzip size of the entry chunk and everything it loads statically (modulepreload + static imports). */
function initialJs() {
  const indexPath = path.join(WEB_DIR, 'index.html');
  if (!existsSync(indexPath)) {
    skip('initial JS (gzip)', `${indexPath} missing — run npm run build`);
    return;
  }
  const html = readFileSync(indexPath, 'utf8');
  const seeds = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) if (m[1]) seeds.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) if (m[1]) seeds.add(m[1]);
  const seen = new Map<string, { raw: number; gz: number }>();
  const queue = [...seeds].map((u) => path.join(WEB_DIR, u.replace(/^\//, '')));
  while (queue.length > 0) {
    const file = queue.shift();
    if (!file || seen.has(file) || !existsSync(file)) continue;
    const buf = readFileSync(file);
    seen.set(file, { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length });
    const text = buf.toString('utf8');
    // Static imports only: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`.
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) {
      const spec = m[1];
      if (spec && (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/'))) {
        queue.push(spec.startsWith('/') ? path.join(WEB_DIR, spec.slice(1)) : path.resolve(path.dirname(file), spec));
      }
    }
  }
  const gz = [...seen.values()].reduce((s, x) => s + x.gz, 0) / 1024;
  const raw = [...seen.values()].reduce((s, x) => s + x.raw, 0) / 1024;
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)]
    .map((m) => path.join(WEB_DIR, (m[1] ?? '').replace(/^\//, '')))
    .filter((f) => existsSync(f))
    .reduce((s, f) => s + gzipSync(readFileSync(f), { level: 9 }).length, 0) / 1024;
  const biggest = [...seen.entries()].sort((a, b) => b[1].gz - a[1].gz).slice(0, 3).map(([f, x]) => `${path.basename(f)} ${fmt(x.gz / 1024)}`);
  results['initial JS files'] = Object.fromEntries([...seen.entries()].map(([f, x]) => [path.relative(WEB_DIR, f), x]));
  add('initial JS (gzip -9)', gz, 'KB', { op: '≤', value: 300 }, `raw ${fmt(raw)} KB, ${seen.size} files; CSS gzip ${fmt(css)} KB`, `largest: ${biggest.join(', ')} KB`);
}

/** Time to the login form's username field over a throttled link, in Debian's chromium. */
async function throttledLogin(url: string) {
  if (!existsSync(CHROMIUM)) {
    skip('login page usable @1.6 Mbps/300 ms', `${CHROMIUM} missing`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const run = async (throttle: boolean) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      if (throttle) {
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 300,
          downloadThroughput: 1.6e6 / 8,
          uploadThroughput: 1.6e6 / 8,
        });
      }
      let bytes = 0;
      let compressed = 0;
      let scripts = 0;
      cdp.on('Network.loadingFinished', (e) => {
        bytes += e.encodedDataLength;
      });
      cdp.on('Network.responseReceived', (e) => {
        if (e.type !== 'Script') return;
        scripts += 1;
        const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
        if (enc) compressed += 1;
      });
      const t0 = performance.now();
      await page.goto(`${url}/login`, { waitUntil: 'commit', timeout: 60_000 });
      await page.locator('input[autocomplete="username"]').waitFor({ state: 'visible', timeout: 60_000 });
      const ms = performance.now() - t0;
      await context.close();
      return { ms, kb: bytes / 1024, scripts, compressed };
    };
    const fast = await run(false);
    const slow = await run(true);
    results['login page'] = { unthrottled: fast, throttled: slow };
    add('login page usable @1.6 Mbps/300 ms RTT', slow.ms, 'ms', { op: '<', value: 3000 }, `unthrottled ${fmt(fast.ms)} ms`, `${fmt(slow.kb)} KB transferred; ${slow.compressed}/${slow.scripts} scripts sent compressed`);
  } finally {
    await browser.close();
  }
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function adminQuery(text: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/server/main.js')) || !existsSync(path.join(WEB_DIR, 'index.html'))) {
    console.log('dist/ missing: running npm run build first');
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  }
  const nodeMs = await nodeBaselineMs();
  const tsxMs = await nodeBaselineMs(['--import', 'tsx', '-e', '']);
  const nodeBase = `node -e "" ${fmt(nodeMs)} ms; node --import tsx -e "" ${fmt(tsxMs)} ms`;
  results['node baseline ms'] = nodeMs;
  results['node --import tsx baseline ms'] = tsxMs;
  const split = (s: Server) => (s.selfMs === null ? 'spawn → /readyz 200' : `spawn → /readyz 200; main.ts after imports: ${s.selfMs} ms, module loading ≈ ${fmt(s.readyMs - s.selfMs)} ms`);
  initialJs();

  // --- PGlite -------------------------------------------------------------------------------
  const dir = mkdtempSync(path.join(tmpdir(), 'khien-bench-'));
  try {
    const first = await startServer({ KHIEN_DATA_DIR: dir }, 'pglite first start');
    add('first start, empty PGlite dir, incl. demo seed', first.readyMs, 'ms', { op: '<', value: 20_000 }, nodeBase, split(first));
    await first.stop();

    const s = await startServer({ KHIEN_DATA_DIR: dir }, 'pglite cold start');
    add('cold start, existing PGlite dir', s.readyMs, 'ms', { op: '<', value: 3000 }, nodeBase, split(s));
    try {
      await sleep(3000);
      const rss = rssMb(s.child.pid);
      add('idle RSS (PGlite)', rss, 'MB', { op: '<', value: 450 }, `node -e "" ≈ ${fmt(baselineRss())} MB`, '3 s after /readyz');
      await latency(s, 'PGlite');
      await throttledLogin(s.url);
    } finally {
      await s.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // --- PostgreSQL ---------------------------------------------------------------------------
  if (!(await pgReachable())) {
    skip('PostgreSQL', `not reachable at ${PG_URL}`);
  } else {
    const name = `khien_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const env = { DATABASE_URL: withDatabase(PG_URL, name), KHIEN_DATA_DIR: tmpdir() };
      const first = await startServer(env, 'postgres first start');
      add('first start, empty PostgreSQL db, incl. demo seed', first.readyMs, 'ms', null, nodeBase, `no target; ${split(first)}`);
      await first.stop();
      const s = await startServer(env, 'postgres cold start');
      add('cold start, PostgreSQL', s.readyMs, 'ms', null, nodeBase, `no target; ${split(s)}`);
      try {
        await sleep(3000);
        add('idle RSS (PostgreSQL)', rssMb(s.child.pid), 'MB', { op: '<', value: 150 }, `node -e "" ≈ ${fmt(baselineRss())} MB`, '3 s after /readyz');
        await latency(s, 'PostgreSQL');
      } finally {
        await s.stop();
      }
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    }
  }

  print();
  const outDir = path.join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const out = { at: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, results };
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`\nwritten: bench/results/latest.json\n`);
}

let rssBaseline: number | null = null;
/** RSS of an idle bare node process, measured once. */
function baselineRss(): number {
  return rssBaseline ?? NaN;
}
async function measureBaselineRss() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 2000)'], { stdio: 'ignore' });
  await sleep(500);
  rssBaseline = rssMb(child.pid);
  child.kill('SIGTERM');
  await waitExit(child);
}

function print() {
  const head = ['metric', 'value', 'target', '', 'baseline (same run)', 'note'];
  const body = rows.map((r) => [r.metric, r.value, r.target, r.ok === null ? '' : r.ok ? 'ok' : 'MISS', r.baseline, r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
}

await measureBaselineRss();
await main();
