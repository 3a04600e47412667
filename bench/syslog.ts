/**
 * Syslog/CEF intake bench: `npm run bench:syslog`. Two phases against the real listener
 * (server/syslog-listener.ts) writing through the real alert writer into the real database:
 *
 *   1. UDP burst — BENCH_UDP (50,000) CEF datagrams sent as fast as one socket can, each a distinct
 *      event. Reported: sent, received by the listener (what the kernel delivered to the process),
 *      stored, lost (sent − received: dropped in the kernel's socket buffer or, past the listener's
 *      bound, refused as "overloaded"), and the rates. UDP has no flow control: loss under a burst is
 *      expected and is what this phase measures.
 *   1b. UDP paced — BENCH_UDP_RATE (2,000) datagrams a second for BENCH_UDP_SECONDS (10): what a
 *      steady feed at that rate keeps, same figures.
 *   2. TCP stream — BENCH_TCP (50,000) CEF messages over BENCH_TCP_CONNECTIONS (4) connections,
 *      octet-counted, written as fast as TCP's flow control lets the sender (the listener pauses a
 *      socket while too much waits for the database). Every message must be stored.
 *
 * The listener runs in a child process (this file with --serve) so that the sender's CPU does not
 * stall the receiver, on PostgreSQL (BENCH_PG_URL, a fresh database, dropped afterwards) when
 * reachable, else PGlite; BENCH_DB=pglite|postgres forces one. Writes bench/results/syslog.json.
 * The figures depend on the machine's load at the time: they are printed with the load average, and
 * the burst's with the UDP receive buffer the kernel granted (KHIEN_SYSLOG_RCVBUF asks, default 8 MiB;
 * Linux caps it at net.core.rmem_max).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { UdpReceiveBuffer } from '../server/syslog-listener';

const ROOT = path.resolve(import.meta.dirname, '..');
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const UDP_COUNT = env('BENCH_UDP', 50_000);
const UDP_RATE = env('BENCH_UDP_RATE', 2000);
const UDP_PACED_SECONDS = env('BENCH_UDP_SECONDS', 10);
const TCP_COUNT = env('BENCH_TCP', 50_000);
const TCP_CONNECTIONS = env('BENCH_TCP_CONNECTIONS', 4);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Stats {
  udpDatagrams: number;
  tcpMessages: number;
  submitted: number;
  stored: number;
  duplicates: number;
  failed: number;
  rejected: Record<string, number>;
  alertsInDb: number;
}

// ---------------------------------------------------------------------------------------------
// Server side (child process).

async function serve() {
  const { parseConfig } = await import('../server/config');
  const { openDatabase, queryRows } = await import('../server/db/connect');
  const { migrate } = await import('../server/db/migrate');
  const { createJobs } = await import('../server/jobs/queue');
  const { buildApp } = await import('../server/app');
  const { startSyslogListener } = await import('../server/syslog-listener');
  const { sql } = await import('drizzle-orm');
  const config = parseConfig();
  const database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
  await migrate(database);
  const orgId = randomUUID();
  await database.db.execute(sql`INSERT INTO orgs (id, code, name, kind, parent_id, path, depth) VALUES (${orgId}, 'BENCH', 'Tỉnh (bench)', 'province', NULL, ${`/${orgId}/`}, 0)`);
  await database.db.execute(sql`INSERT INTO syslog_sources (id, org_id, name, senders) VALUES (${randomUUID()}, ${orgId}, 'bench', ARRAY['127.0.0.1/32'])`);
  const jobs = createJobs(database);
  const app = await buildApp({ config, database, jobs });
  await app.ready();
  const listener = await startSyslogListener({ config, database, writer: app.alerts, log: app.log }, { port: 0, host: '127.0.0.1' });
  if (!listener) throw new Error('listener off');
  process.send?.({ port: listener.port, recvBuffer: listener.udpReceiveBuffer });
  process.on('message', (m: { op: string }) => {
    void (async () => {
      if (m.op === 'stats') {
        process.send?.({ op: 'stats', stats: { ...listener.stats, alertsInDb: -1 } });
      } else if (m.op === 'flush') {
        await listener.flush();
        const [row] = await queryRows(database.db, sql`SELECT count(*)::int AS n FROM alerts`);
        process.send?.({ op: 'flush', stats: { ...listener.stats, alertsInDb: Number(row?.n ?? 0) } });
      }
    })();
  });
  const stop = async () => {
    await listener.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Sender side.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => (!Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const RUN = randomBytes(3).toString('hex');

function line(kind: string, i: number): string {
  return `<189>Dec  3 10:00:00 FGT60E CEF:0|Fortinet|Fortigate|v7.2.5|0419016384|utm:ips signature|${i % 11}|deviceExternalId=FGT60E4Q16000000 cat=utm:ips src=203.0.113.${i % 250} dst=10.10.5.20 spt=${1024 + (i % 60000)} dpt=443 act=dropped externalId=${RUN}-${kind}-${i} msg=Apache.Log4j.Error.Log.Remote.Code.Execution attempt ${i}`;
}

let child: ChildProcess;
function ask(op: 'stats' | 'flush'): Promise<Stats> {
  return new Promise((resolve) => {
    const on = (m: { op?: string; stats?: Stats }) => {
      if (m.op !== op || !m.stats) return;
      child.off('message', on);
      resolve(m.stats);
    };
    child.on('message', on);
    child.send({ op });
  });
}

/** Polls the listener until a counter stops moving for a second (or reaches `target`). */
async function settle(read: (s: Stats) => number, target: number): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const v = read(await ask('stats'));
    if (v >= target) return;
    if (v !== last) {
      last = v;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 1000) return;
    await sleep(100);
  }
}

/** The kernel's UDP counters (machine-wide): RcvbufErrors counts datagrams dropped for a full receive buffer. */
function udpSnmp(): Record<string, number> {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
    const keys = (lines[0] ?? '').split(/\s+/).slice(1);
    const values = (lines[1] ?? '').split(/\s+/).slice(1).map(Number);
    return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? 0]));
  } catch {
    return {};
  }
}

/** Linux's cap on a socket's receive buffer (net.core.rmem_max, bytes), or null elsewhere. */
function rmemMax(): number | null {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
  } catch {
    return null;
  }
}

/** `count` datagrams, as fast as possible (rate 0) or paced at `rate` per second in 10 ms ticks. */
async function udpSend(port: number, kind: string, count: number, rate: number) {
  const before = await ask('flush');
  const snmpBefore = udpSnmp();
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind({ address: '127.0.0.1', port: 0 }, () => r()));
  const t0 = performance.now();
  let sent = 0;
  let sendErrors = 0;
  const WINDOW = rate > 0 ? Math.max(1, Math.round(rate / 100)) : 256;
  for (let i = 0; i < count; i += WINDOW) {
    if (rate > 0) {
      const due = t0 + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const n = Math.min(WINDOW, count - i);
    await Promise.all(
      Array.from(
        { length: n },
        (_, k) =>
          new Promise<void>((resolve) =>
            sock.send(line(kind, i + k), port, '127.0.0.1', (err) => {
              if (err) sendErrors += 1;
              else sent += 1;
              resolve();
            }),
          ),
      ),
    );
  }
  const sendMs = performance.now() - t0;
  sock.close();
  await settle((s) => s.udpDatagrams - before.udpDatagrams, sent);
  const after = await ask('flush');
  const totalMs = performance.now() - t0;
  const received = after.udpDatagrams - before.udpDatagrams;
  const stored = after.alertsInDb - before.alertsInDb;
  const overloaded = (after.rejected.overloaded ?? 0) - (before.rejected.overloaded ?? 0);
  const snmpAfter = udpSnmp();
  const rcvbufErrors = (snmpAfter.RcvbufErrors ?? NaN) - (snmpBefore.RcvbufErrors ?? NaN);
  return { sent, sendErrors, received, stored, overloaded, kernelLost: sent - received, rcvbufErrors, sendMs, totalMs };
}

async function tcpStream(port: number) {
  const before = await ask('flush');
  const t0 = performance.now();
  const per = Math.ceil(TCP_COUNT / TCP_CONNECTIONS);
  let written = 0;
  await Promise.all(
    Array.from({ length: TCP_CONNECTIONS }, (_, c) =>
      new Promise<void>((resolve, reject) => {
        const sock = net.connect({ port, host: '127.0.0.1' }, () => {
          void (async () => {
            const from = c * per;
            const to = Math.min(TCP_COUNT, from + per);
            let chunk: string[] = [];
            for (let i = from; i < to; i += 1) {
              const l = line('tcp', i);
              chunk.push(`${Buffer.byteLength(l)} ${l}`);
              if (chunk.length === 200 || i === to - 1) {
                written += chunk.length;
                if (!sock.write(chunk.join(''))) await new Promise((r) => sock.once('drain', r));
                chunk = [];
              }
            }
            sock.end();
          })().catch(reject);
        });
        sock.on('error', reject);
        sock.on('close', () => resolve());
      }),
    ),
  );
  const sendMs = performance.now() - t0;
  await settle((s) => s.tcpMessages - before.tcpMessages, written);
  const after = await ask('flush');
  const totalMs = performance.now() - t0;
  return { sent: written, received: after.tcpMessages - before.tcpMessages, stored: after.alertsInDb - before.alertsInDb, sendMs, totalMs };
}

async function pgAdmin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function main() {
  const wantPg = process.env.BENCH_DB === 'postgres' || (process.env.BENCH_DB !== 'pglite' && (await pgAdmin('SELECT 1').then(() => true, () => false)));
  const dbName = wantPg ? `khien_bench_syslog_${randomBytes(4).toString('hex')}` : null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'khien-bench-syslog-'));
  try {
    const extra: Record<string, string> = { KHIEN_DATA_DIR: dataDir };
    if (dbName) {
      await pgAdmin(`CREATE DATABASE ${dbName}`);
      const u = new URL(PG_URL);
      u.pathname = `/${dbName}`;
      extra.DATABASE_URL = u.toString();
    }
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/syslog.ts'), '--serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        KHIEN_AGENT_PORT: 'off',
        KHIEN_WORKER: 'false',
        KHIEN_WEB_DIR: '/nonexistent',
        ...(process.env.KHIEN_SYSLOG_RCVBUF ? { KHIEN_SYSLOG_RCVBUF: process.env.KHIEN_SYSLOG_RCVBUF } : {}),
        ...extra,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<{ port: number; recvBuffer: UdpReceiveBuffer }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number; recvBuffer: UdpReceiveBuffer }));
      child.once('exit', (code) => reject(new Error(`listener exited (${code})`)));
    });
    const db = dbName ? 'PostgreSQL' : 'PGlite';
    const load = loadavg()[0] ?? NaN;
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    const cap = rmemMax();
    const buf = ready.recvBuffer;
    const rcvbuf = `UDP receive buffer: ${kib(buf.grantedBytes)} granted of ${kib(buf.requestedBytes)} asked (KHIEN_SYSLOG_RCVBUF; the kernel reports ${kib(buf.reportedBytes)}${cap === null ? '' : `, net.core.rmem_max ${kib(cap)}`})`;
    process.stdout.write(`syslog listener on 127.0.0.1:${ready.port} (${db}); ${cpus().length} cores, load ${fmt(load)} (other work on the machine counts)\n`);

    const udp = await udpSend(ready.port, 'udp', UDP_COUNT, 0);
    process.stdout.write(
      [
        `UDP burst (unpaced): ${udp.sent} sent in ${fmt(udp.sendMs)} ms (${fmt(udp.sent / (udp.sendMs / 1000))}/s)` + (udp.sendErrors ? `, ${udp.sendErrors} send errors` : ''),
        `  ${rcvbuf}`,
        `  received by the listener ${udp.received} (${fmt((udp.received / Math.max(udp.sent, 1)) * 100)} %), lost before the listener ${udp.kernelLost} (kernel's RcvbufErrors: ${udp.rcvbufErrors}, machine-wide)`,
        `  stored ${udp.stored} (${fmt((udp.stored / Math.max(udp.sent, 1)) * 100)} % of sent), refused as overloaded ${udp.overloaded}; ${fmt(udp.stored / (udp.totalMs / 1000))} stored/s end to end`,
      ].join('\n') + '\n',
    );
    const paced = await udpSend(ready.port, 'udp-paced', UDP_RATE * UDP_PACED_SECONDS, UDP_RATE);
    process.stdout.write(
      `UDP paced at ${UDP_RATE}/s for ${UDP_PACED_SECONDS} s: ${paced.sent} sent, received ${paced.received} (${fmt((paced.received / Math.max(paced.sent, 1)) * 100)} %), stored ${paced.stored}, lost before the listener ${paced.kernelLost}, overloaded ${paced.overloaded}\n`,
    );
    const tcp = await tcpStream(ready.port);
    process.stdout.write(
      [
        `TCP stream (${TCP_CONNECTIONS} connections, octet counting): ${tcp.sent} sent in ${fmt(tcp.sendMs)} ms`,
        `  received ${tcp.received}, stored ${tcp.stored} (${tcp.stored === tcp.sent ? 'none lost' : `${tcp.sent - tcp.stored} missing`}); ${fmt(tcp.stored / (tcp.totalMs / 1000))} stored/s end to end`,
      ].join('\n') + '\n',
    );
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench/results/syslog.json'),
      `${JSON.stringify({ at: new Date().toISOString(), db, cores: cpus().length, load, udpReceiveBuffer: buf, rmemMax: cap, udp, udpPaced: { rate: UDP_RATE, seconds: UDP_PACED_SECONDS, ...paced }, tcp }, null, 2)}\n`,
    );
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => (child && child.exitCode === null ? child.once('exit', r) : r(null)));
    if (dbName) await pgAdmin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
