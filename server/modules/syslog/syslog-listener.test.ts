/**
 * The syslog listener (server/syslog-listener.ts) with real UDP and TCP sockets against the real app
 * and database: CEF over both framings becomes alerts of the source's organisation; everything else
 * is refused with its reason and counted, and the listener carries on.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, testConfig, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { syslogSources, type OrgRow } from '../../db/schema';
import { parseConfig } from '../../config';
import { startSyslogListener, type SyslogListener } from '../../syslog-listener';
import type { SyslogSource } from '@shared/api/syslog';

let env: TestEnv;
let listener: SyslogListener;
let communeA: OrgRow;
let officerA: LoggedIn;
let source: SyslogSource;

beforeAll(async () => {
  env = await createTestEnv({ config: { KHIEN_SYSLOG_PORT: '0', KHIEN_SYSLOG_HOST: '127.0.0.1' } });
  const db = env.database.db;
  const province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  const r = await env.app.inject({ method: 'POST', url: '/api/soc/syslog-sources', headers: officerA.headers, payload: { orgId: communeA.id, name: 'FortiGate xã A', senders: ['127.0.0.1'] } });
  expect(r.statusCode, r.body).toBe(200);
  source = r.json<SyslogSource>();
  const started = await startSyslogListener({ config: env.config, database: env.database, writer: env.app.alerts }, { idleTimeoutMs: 60_000, countersMs: 60_000 });
  if (!started) throw new Error('listener not started');
  listener = started;
});
afterAll(async () => {
  await listener?.close();
  await env?.close();
});

const cef = (id: string, extra = '') =>
  `<189>Dec  3 09:59:58 FGT60E CEF:0|Fortinet|Fortigate|v7.2.5|0419016384|utm:ips signature|7|deviceExternalId=FGT60E4Q16000000 src=203.0.113.9 dst=10.10.5.20 spt=44321 dpt=80 externalId=${id}${extra}`;

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sendUdp(lines: (string | Buffer)[], from = '127.0.0.1'): Promise<void> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind({ address: from, port: 0 }, () => r()));
  for (const l of lines) await new Promise<void>((resolve, reject) => sock.send(typeof l === 'string' ? Buffer.from(l) : l, listener.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  await new Promise<void>((r) => sock.close(() => r()));
}

/** Opens a TCP connection, writes the chunks one by one, and resolves when the server closes it or after `end`. */
function tcpSession(chunks: (string | Buffer)[], opts: { from?: string; end?: boolean } = {}): Promise<{ closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port: listener.port, host: '127.0.0.1', localAddress: opts.from ?? '127.0.0.1' });
    let ended = false;
    sock.on('error', () => undefined);
    sock.on('connect', () => {
      void (async () => {
        for (const c of chunks) {
          if (sock.destroyed) break;
          await new Promise<void>((r) => sock.write(c, () => r()));
        }
        if (opts.end !== false && !sock.destroyed) {
          ended = true;
          sock.end();
        }
      })().catch(reject);
    });
    sock.on('close', () => resolve({ closedByServer: !ended }));
  });
}

async function alertRows() {
  return (await env.database.raw.query(`SELECT org_id, source, source_ref, severity, src_ip, dst_port, host, raw FROM alerts ORDER BY received_at, id`)).rows as {
    org_id: string;
    source: string;
    source_ref: string;
    severity: string;
    src_ip: string;
    dst_port: number;
    host: string;
    raw: { line: string };
  }[];
}

interface LogLine {
  level: number;
  msg: string;
  requestedBytes?: number;
  grantedBytes?: number;
  reportedBytes?: number;
}
/** A real pino logger writing into memory (the process edge), at info and above. */
function memoryLog() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines };
}
const MIB = 1024 * 1024;
/** Linux's cap on SO_RCVBUF (bytes). The kernel grants min(asked, cap) and reports twice that. */
const rmemMax = () => Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());

async function rejections(reason: string): Promise<number> {
  const rows = (await env.database.raw.query(`SELECT coalesce(sum(count), 0)::int AS n FROM alert_rejections WHERE reason = $1 AND channel LIKE 'syslog_%'`, [reason])).rows as { n: number }[];
  return rows[0]?.n ?? 0;
}

describe('syslog listener', () => {
  it('is off unless KHIEN_SYSLOG_PORT is set', async () => {
    const off = parseConfig({ NODE_ENV: 'test' });
    expect(off.syslogPort).toBeNull();
    expect(await startSyslogListener({ config: off, database: env.database, writer: env.app.alerts })).toBeNull();
  });

  it('asks the kernel for KHIEN_SYSLOG_RCVBUF bytes of UDP receive buffer (8 MiB by default)', () => {
    expect(parseConfig({ NODE_ENV: 'test' }).syslogRecvBufferBytes).toBe(8 * MIB);
    expect(parseConfig({ NODE_ENV: 'test', KHIEN_SYSLOG_RCVBUF: '1048576' }).syslogRecvBufferBytes).toBe(MIB);
    expect(() => parseConfig({ NODE_ENV: 'test', KHIEN_SYSLOG_RCVBUF: 'lớn' })).toThrow();
    expect(() => parseConfig({ NODE_ENV: 'test', KHIEN_SYSLOG_RCVBUF: '1000' })).toThrow();
  });

  it('reports at start the receive buffer the kernel granted for the size asked', async () => {
    const asked = MIB;
    const { log, lines } = memoryLog();
    const config = testConfig({ KHIEN_SYSLOG_PORT: '0', KHIEN_SYSLOG_HOST: '127.0.0.1', KHIEN_SYSLOG_RCVBUF: String(asked) });
    const l = await startSyslogListener({ config, database: env.database, writer: env.app.alerts, log });
    if (!l) throw new Error('not started');
    try {
      const buffer = l.udpReceiveBuffer;
      expect(buffer.grantedBytes).toBeGreaterThan(0);
      expect(lines.find((x) => x.level === 30 && x.requestedBytes !== undefined)).toMatchObject(buffer);
      // Linux grants min(asked, net.core.rmem_max) and reports it doubled — never below its default of
      // 212992 unless the cap itself is set below that.
      const cap = rmemMax();
      expect(buffer).toEqual({ requestedBytes: asked, grantedBytes: Math.min(asked, cap), reportedBytes: 2 * Math.min(asked, cap) });
      if (cap >= 106_496) expect(buffer.reportedBytes).toBeGreaterThanOrEqual(212_992);
      expect(lines.some((x) => x.level === 40 && x.msg.includes('net.core.rmem_max'))).toBe(asked > cap);
    } finally {
      await l.close();
    }
  });

  it('warns, naming the sysctl to raise, when the kernel grants less than asked', async () => {
    const cap = rmemMax();
    const asked = cap + MIB;
    const { log, lines } = memoryLog();
    const config = { ...testConfig({ KHIEN_SYSLOG_PORT: '0', KHIEN_SYSLOG_HOST: '127.0.0.1' }), syslogRecvBufferBytes: asked };
    const l = await startSyslogListener({ config, database: env.database, writer: env.app.alerts, log });
    if (!l) throw new Error('not started');
    try {
      expect(l.udpReceiveBuffer).toEqual({ requestedBytes: asked, grantedBytes: cap, reportedBytes: 2 * cap });
      const warning = lines.find((x) => x.level === 40);
      expect(warning).toMatchObject({ requestedBytes: asked, grantedBytes: cap, reportedBytes: 2 * cap });
      expect(warning?.msg).toContain(`sysctl -w net.core.rmem_max=${asked}`);
    } finally {
      await l.close();
    }
  });

  it('stores CEF datagrams as alerts of the source organisation and counts them on the source', async () => {
    const before = listener.stats.udpDatagrams;
    await sendUdp([cef('u-1'), cef('u-2'), cef('u-1')]);
    await waitFor(() => listener.stats.udpDatagrams >= before + 3, 'three datagrams');
    await listener.flush();
    const rows = (await alertRows()).filter((r) => r.source_ref.endsWith('|u-1') || r.source_ref.endsWith('|u-2'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ org_id: communeA.id, source: 'cef', severity: 'high', src_ip: '203.0.113.9', dst_port: 80, host: 'FGT60E' });
    expect(rows[0]?.raw.line).toBe(cef('u-1'));
    expect(listener.stats.duplicates).toBeGreaterThanOrEqual(1);
    const [s] = await env.database.db.select().from(syslogSources).where(eq(syslogSources.id, source.id));
    expect(s?.receivedCount).toBeGreaterThanOrEqual(3);
    expect(s?.storedCount).toBeGreaterThanOrEqual(2);
    expect(s?.lastReceivedAt).not.toBeNull();
  });

  it('refuses and counts non-CEF lines, malformed lines and bytes that are not UTF-8, and keeps working', async () => {
    const notCef = await rejections('not_cef');
    const badPri = await rejections('bad_pri');
    const badEnc = await rejections('bad_encoding');
    const badHeader = await rejections('bad_cef_header');
    const before = listener.stats.udpDatagrams;
    await sendUdp(['<13>Dec  3 10:00:00 web01 sshd[1]: Accepted password for root', '<999>garbage', Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0xfd]), '<13>Dec  3 10:00:00 fw CEF:0|only|three', cef('u-after')]);
    await waitFor(() => listener.stats.udpDatagrams >= before + 5, 'five datagrams');
    await listener.flush();
    expect(await rejections('not_cef')).toBe(notCef + 1);
    expect(await rejections('bad_pri')).toBe(badPri + 1);
    expect(await rejections('bad_encoding')).toBe(badEnc + 1);
    expect(await rejections('bad_cef_header')).toBe(badHeader + 1);
    expect((await alertRows()).some((r) => r.source_ref.endsWith('|u-after'))).toBe(true);
  });

  it('refuses a sender outside every enabled source, over UDP and TCP', async () => {
    const unknown = await rejections('unknown_sender');
    const before = listener.stats.udpDatagrams;
    await sendUdp([cef('stranger-1')], '127.0.0.2');
    await waitFor(() => listener.stats.udpDatagrams >= before + 1, 'one datagram');
    const tcp = await tcpSession([`${cef('stranger-2')}\n`], { from: '127.0.0.2', end: false });
    expect(tcp.closedByServer).toBe(true);
    await listener.flush();
    expect(await rejections('unknown_sender')).toBe(unknown + 2);
    const rows = (await env.database.raw.query(`SELECT source FROM alert_rejections WHERE reason = 'unknown_sender'`)).rows as { source: string }[];
    expect(rows.map((r) => r.source)).toContain('127.0.0.2');
    expect((await alertRows()).some((r) => r.source_ref.includes('stranger'))).toBe(false);
  });

  it('reads a TCP stream mixing octet counting and newline framing, split at arbitrary points', async () => {
    const a = cef('t-1');
    const b = cef('t-2', ' msg=Tấn công khai thác Log4j');
    const c = cef('t-3');
    const stream = Buffer.from(`${Buffer.byteLength(a)} ${a}${b}\r\n${c}\n`);
    const res = await tcpSession([stream.subarray(0, 7), stream.subarray(7, 150), stream.subarray(150)]);
    expect(res.closedByServer).toBe(false);
    await waitFor(() => listener.stats.tcpMessages >= 3, 'three TCP messages');
    await listener.flush();
    const refs = (await alertRows()).map((r) => r.source_ref);
    for (const id of ['t-1', 't-2', 't-3']) expect(refs.some((r) => r.endsWith(`|${id}`))).toBe(true);
  });

  it('refuses an oversized TCP message and carries on; a broken length closes the connection', async () => {
    const oversize = await rejections('oversize');
    const badFrame = await rejections('bad_frame');
    const huge = `<13>Dec  3 10:00:00 fw CEF:0|V|P|1|1|n|3|msg=${'x'.repeat(70 * 1024)}`;
    const before = listener.stats.tcpMessages;
    await tcpSession([`${Buffer.byteLength(huge)} ${huge}`, `${cef('t-after-big')}\n`]);
    await waitFor(() => listener.stats.tcpMessages >= before + 1, 'the message after the big one');
    const broken = await tcpSession(['12x3 <13>nope\n', `${cef('never')}\n`], { end: false });
    expect(broken.closedByServer).toBe(true);
    await listener.flush();
    expect(await rejections('oversize')).toBe(oversize + 1);
    expect(await rejections('bad_frame')).toBe(badFrame + 1);
    const refs = (await alertRows()).map((r) => r.source_ref);
    expect(refs.some((r) => r.endsWith('|t-after-big'))).toBe(true);
    expect(refs.some((r) => r.endsWith('|never'))).toBe(false);
  });

  it('stops accepting a source as soon as it is disabled through the API', async () => {
    const disabled = await env.app.inject({ method: 'POST', url: `/api/soc/syslog-sources/${source.id}/disable`, headers: officerA.headers });
    expect(disabled.statusCode).toBe(200);
    const unknown = await rejections('unknown_sender');
    const before = listener.stats.udpDatagrams;
    await sendUdp([cef('after-disable')]);
    await waitFor(() => listener.stats.udpDatagrams >= before + 1, 'one datagram');
    await listener.flush();
    expect(await rejections('unknown_sender')).toBe(unknown + 1);
    const enabled = await env.app.inject({ method: 'POST', url: `/api/soc/syslog-sources/${source.id}/enable`, headers: officerA.headers });
    expect(enabled.statusCode).toBe(200);
  });

  it('limits connections and closes idle ones; a busy port fails cleanly', async () => {
    const small = await startSyslogListener({ config: env.config, database: env.database, writer: env.app.alerts }, { port: 0, maxConnections: 1, idleTimeoutMs: 300 });
    if (!small) throw new Error('not started');
    try {
      const first = net.connect({ port: small.port, host: '127.0.0.1' });
      first.on('error', () => undefined);
      await new Promise<void>((r) => first.on('connect', () => r()));
      await waitFor(() => small.stats.tcpConnections === 1, 'the first connection');
      const second = net.connect({ port: small.port, host: '127.0.0.1' });
      second.on('error', () => undefined);
      await new Promise<void>((r) => second.on('close', () => r()));
      expect(small.stats.rejected.too_many_connections).toBe(1);
      // The first one is closed by the server after 300 ms of silence.
      await new Promise<void>((r) => first.on('close', () => r()));
      await expect(startSyslogListener({ config: env.config, database: env.database, writer: env.app.alerts }, { port: small.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await small.close();
    }
  });
});
