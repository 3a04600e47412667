/**
 * The syslog listener (issue #5): CEF alerts over syslog, UDP and TCP on one port (KHIEN_SYSLOG_PORT,
 * default off; 0 picks a free port for tests), bound to KHIEN_SYSLOG_HOST (default HOST).
 *
 * - A sender is accepted only when its address lies in an enabled syslog source's blocks
 *   (modules/syslog/syslog.senders.ts); otherwise each datagram, or the TCP connection, is refused and
 *   counted (reason unknown_sender).
 * - UDP: one message per datagram (RFC 5426). TCP: octet counting or newline framing, decided per frame
 *   (RFC 6587; modules/syslog/syslog.framing.ts); at most `maxConnections` connections, closed after
 *   `idleTimeoutMs` of silence; a message over `maxMessageBytes` (64 KiB) is refused and skipped.
 * - Each line is parsed (RFC 5424 / RFC 3164) and only CEF payloads become alerts; anything refused is
 *   counted through writer.reject with its reason, and nothing a sender sends can stop the listener.
 * - Alerts are gathered per source for a few milliseconds and handed to the shared alert writer
 *   (group commit). TCP senders are slowed down (the socket paused) while too much is waiting to be
 *   written. UDP has no way to slow a sender: datagrams are taken off the kernel's buffer at once into
 *   a bounded queue (200,000 datagrams, 64 MiB) parsed as fast as the writer keeps up; past that bound
 *   they are dropped and counted (reason overloaded). UDP also loses datagrams in the kernel when the
 *   process cannot read them fast enough: `stats` counts what the kernel delivered, so a sender's
 *   count minus ours is that loss (bench/syslog.ts measures it). The kernel's buffer is what absorbs a
 *   burst: KHIEN_SYSLOG_RCVBUF asks for it (default 8 MiB); what the kernel granted is logged at
 *   start, with a warning naming the sysctl to raise when it is less.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { AlertChannel, NormalisedAlert } from '@shared/domain/alerts';
import type { Config } from './config';
import type { Database } from './db/connect';
import { syslogSources } from './db/schema';
import { eq, sql } from 'drizzle-orm';
import type { AlertWriter } from './modules/soc';
import { SenderDirectory, SyslogFramer, decodeFrame, syslogToAlert, type SenderSource } from './modules/syslog';

export interface SyslogListenerOptions {
  port?: number;
  host?: string;
  maxMessageBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
  /** How long alerts wait for others before a batch goes to the writer. */
  batchMs?: number;
  maxBatch?: number;
  /** Alerts handed to the writer and not yet committed, beyond which TCP pauses and UDP drops. */
  maxPending?: number;
  /** How often the sources' counters are written. */
  countersMs?: number;
  /** How often the senders are reloaded from the database. */
  sendersRefreshMs?: number;
  /** Datagrams received and waiting to be parsed (at most 64 MiB of them), beyond which they are dropped. */
  maxQueuedDatagrams?: number;
}

export interface SyslogListenerStats {
  udpDatagrams: number;
  udpBytes: number;
  tcpConnections: number;
  tcpRefusedConnections: number;
  tcpMessages: number;
  /** Messages that became alerts and were handed to the writer. */
  submitted: number;
  stored: number;
  duplicates: number;
  /** Alerts the writer failed to store (database down). */
  failed: number;
  rejected: Record<string, number>;
}

export interface SyslogListener {
  port: number;
  host: string;
  udpReceiveBuffer: UdpReceiveBuffer;
  stats: SyslogListenerStats;
  /** Hands every waiting batch to the writer and waits until all of it is committed and counted. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The UDP socket's receive buffer, in bytes (0 when the platform does not tell). */
export interface UdpReceiveBuffer {
  /** Asked for: KHIEN_SYSLOG_RCVBUF. */
  requestedBytes: number;
  /** Granted by the kernel (Linux: at most net.core.rmem_max). */
  grantedBytes: number;
  /** What the kernel reports (SO_RCVBUF): on Linux twice the granted size, the overhead included. */
  reportedBytes: number;
}

export interface SyslogListenerDeps {
  config: Config;
  database: Database;
  writer: AlertWriter;
  log?: FastifyBaseLogger;
  clock?: () => Date;
}

const KIB = 1024;

interface Batch {
  origin: { orgId: string; orgPath: string; channel: AlertChannel; sourceId: string };
  items: NormalisedAlert[];
}

interface Counter {
  received: number;
  stored: number;
  last: Date;
}

function udpTypeOf(host: string): 'udp4' | 'udp6' {
  return net.isIPv6(host) || host === '::' ? 'udp6' : 'udp4';
}

/**
 * Asks the kernel for `requested` bytes of UDP receive buffer and logs what it granted. Linux caps the
 * request at net.core.rmem_max and reports double what it granted (the bookkeeping overhead), so the
 * granted size there is half the reported one; less than asked earns a warning naming the sysctl,
 * because the difference is lost in bursts.
 */
function applyReceiveBuffer(udp: dgram.Socket, requested: number, log: FastifyBaseLogger | undefined): UdpReceiveBuffer {
  try {
    udp.setRecvBufferSize(requested);
  } catch (err) {
    log?.warn({ err, requestedBytes: requested }, 'syslog UDP receive buffer not set');
  }
  let reported = 0;
  try {
    reported = udp.getRecvBufferSize();
  } catch {
    reported = 0;
  }
  const buffer = { requestedBytes: requested, grantedBytes: process.platform === 'linux' ? reported / 2 : reported, reportedBytes: reported };
  log?.info(buffer, `syslog UDP receive buffer: ${buffer.grantedBytes} bytes granted of ${requested} asked (KHIEN_SYSLOG_RCVBUF; the kernel reports ${reported})`);
  if (buffer.grantedBytes < requested) {
    log?.warn(
      buffer,
      `syslog UDP receive buffer smaller than asked (${buffer.grantedBytes} of ${requested} bytes): datagrams of a burst beyond it are lost in the kernel. Raise the limit: sysctl -w net.core.rmem_max=${requested} (and keep it in /etc/sysctl.d/)`,
    );
  }
  return buffer;
}

function sample(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export async function startSyslogListener(deps: SyslogListenerDeps, opts: SyslogListenerOptions = {}): Promise<SyslogListener | null> {
  const port = opts.port ?? deps.config.syslogPort;
  if (port === null || port === undefined) return null;
  const host = opts.host ?? deps.config.syslogHost;
  const maxMessageBytes = opts.maxMessageBytes ?? 64 * KIB;
  const maxConnections = opts.maxConnections ?? 1000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 5 * 60_000;
  const batchMs = opts.batchMs ?? 20;
  const maxBatch = opts.maxBatch ?? 500;
  const maxPending = opts.maxPending ?? 20_000;
  const maxQueuedDatagrams = opts.maxQueuedDatagrams ?? 200_000;
  const maxQueuedBytes = 64 * 1024 * KIB;
  const clock = deps.clock ?? (() => new Date());
  const { writer, database } = deps;
  const log = deps.log;

  const senders = new SenderDirectory(database, opts.sendersRefreshMs ?? 10_000);
  await senders.refresh();

  const stats: SyslogListenerStats = { udpDatagrams: 0, udpBytes: 0, tcpConnections: 0, tcpRefusedConnections: 0, tcpMessages: 0, submitted: 0, stored: 0, duplicates: 0, failed: 0, rejected: {} };
  const batches = new Map<string, Batch>();
  const counters = new Map<string, Counter>();
  const inflight = new Set<Promise<void>>();
  const paused = new Set<net.Socket>();
  let pending = 0;
  let closing = false;

  function reject(channel: AlertChannel, reason: string, address: string | null, line: string | null, orgId?: string) {
    stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
    writer.reject({ channel, reason, source: address, sample: line === null ? undefined : sample(line), orgId: orgId ?? null });
  }

  function count(source: SenderSource, received: number, stored: number) {
    const c = counters.get(source.id) ?? { received: 0, stored: 0, last: clock() };
    c.received += received;
    c.stored += stored;
    if (received) c.last = clock();
    counters.set(source.id, c);
  }

  function submit(key: string) {
    const batch = batches.get(key);
    if (!batch || batch.items.length === 0) return;
    batches.delete(key);
    const n = batch.items.length;
    pending += n;
    stats.submitted += n;
    const p = writer
      .submit(batch.items, batch.origin)
      .then((r) => {
        stats.stored += r.stored;
        stats.duplicates += r.duplicates;
        const c = counters.get(batch.origin.sourceId);
        if (c) c.stored += r.stored;
        else counters.set(batch.origin.sourceId, { received: 0, stored: r.stored, last: clock() });
      })
      .catch((err: unknown) => {
        stats.failed += n;
        log?.error({ err, alerts: n }, 'syslog alerts not stored');
        reject(batch.origin.channel, 'store_failed', null, null, batch.origin.orgId);
      })
      .finally(() => {
        pending -= n;
        inflight.delete(p);
        if (pending < maxPending / 2) {
          for (const s of paused) s.resume();
          paused.clear();
        }
      });
    inflight.add(p);
  }

  const batchTimer = setInterval(() => {
    for (const key of [...batches.keys()]) submit(key);
    void senders.refresh().catch((err: unknown) => log?.warn({ err }, 'syslog senders not reloaded'));
  }, batchMs);
  batchTimer.unref();

  async function writeCounters() {
    if (counters.size === 0) return;
    const entries = [...counters.entries()];
    counters.clear();
    for (const [id, c] of entries) {
      // Counters only (not audited): how much arrived from the source and when it last sent.
      await database.db
        .update(syslogSources)
        .set({
          receivedCount: sql`${syslogSources.receivedCount} + ${c.received}`,
          storedCount: sql`${syslogSources.storedCount} + ${c.stored}`,
          lastReceivedAt: c.received ? sql`GREATEST(COALESCE(${syslogSources.lastReceivedAt}, ${c.last.toISOString()}::timestamptz), ${c.last.toISOString()}::timestamptz)` : undefined,
        })
        .where(eq(syslogSources.id, id));
    }
  }
  const counterTimer = setInterval(() => {
    void writeCounters().catch((err: unknown) => log?.warn({ err }, 'syslog counters not written'));
  }, opts.countersMs ?? 2000);
  counterTimer.unref();

  /** One message from a known source: parsed, and queued for the writer or refused. */
  function accept(source: SenderSource, channel: AlertChannel, address: string, data: Buffer): void {
    count(source, 1, 0);
    if (data.length > maxMessageBytes) return reject(channel, 'oversize', address, data.subarray(0, 200).toString('utf8'), source.orgId);
    const line = decodeFrame(data);
    if (line === null) return reject(channel, 'bad_encoding', address, data.subarray(0, 200).toString('latin1'), source.orgId);
    const res = syslogToAlert(line, { receivedAt: clock(), senderIp: address });
    if (!res.ok) return reject(channel, res.reason, address, line, source.orgId);
    const key = `${source.id}|${channel}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = { origin: { orgId: source.orgId, orgPath: source.orgPath, channel, sourceId: source.id }, items: [] };
      batches.set(key, batch);
    }
    batch.items.push(res.alert);
    if (batch.items.length >= maxBatch) submit(key);
  }

  // --- TCP ------------------------------------------------------------------------------------------
  const sockets = new Set<net.Socket>();
  /** Runs `fn` now, or after the senders are reloaded when a source changed or they are old. */
  function withSenders(fn: () => void) {
    if (!senders.isStale()) return fn();
    senders.refresh().then(fn, (err: unknown) => {
      log?.warn({ err }, 'syslog senders not reloaded');
      fn();
    });
  }

  const tcp = net.createServer({ pauseOnConnect: true }, (socket) => withSenders(() => onConnection(socket)));
  function onConnection(socket: net.Socket) {
    const address = socket.remoteAddress ?? '';
    if (closing || sockets.size >= maxConnections) {
      stats.tcpRefusedConnections += 1;
      reject('syslog_tcp', 'too_many_connections', address, null);
      socket.destroy();
      return;
    }
    const source = senders.match(address);
    if (!source) {
      stats.tcpRefusedConnections += 1;
      reject('syslog_tcp', 'unknown_sender', address, null);
      socket.destroy();
      return;
    }
    stats.tcpConnections += 1;
    sockets.add(socket);
    const framer = new SyslogFramer(maxMessageBytes);
    const handle = (events: ReturnType<SyslogFramer['push']>) => {
      for (const ev of events) {
        if (ev.kind === 'message') {
          stats.tcpMessages += 1;
          accept(source, 'syslog_tcp', address, ev.data);
        } else {
          count(source, 1, 0);
          reject('syslog_tcp', ev.reason, address, ev.sample, source.orgId);
          if (ev.fatal) socket.destroy();
        }
      }
      if (pending >= maxPending && !socket.isPaused()) {
        socket.pause();
        paused.add(socket);
      }
    };
    socket.setTimeout(idleTimeoutMs, () => socket.end());
    socket.on('data', (chunk: Buffer) => handle(framer.push(chunk)));
    socket.on('end', () => {
      handle(framer.end());
      socket.end();
    });
    socket.on('error', (err) => log?.debug({ err, address }, 'syslog tcp connection error'));
    socket.on('close', () => {
      sockets.delete(socket);
      paused.delete(socket);
    });
    socket.resume();
  }
  tcp.on('error', (err) => log?.error({ err }, 'syslog tcp listener error'));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ port, host }, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const bound = (tcp.address() as net.AddressInfo).port;

  // --- UDP ------------------------------------------------------------------------------------------
  const udp = dgram.createSocket({ type: udpTypeOf(host) });
  // The kernel's receive buffer is small next to a burst: the handler only queues the datagram, so
  // the buffer is emptied as fast as possible, and the queue is parsed in slices that leave the event
  // loop to the sockets. A full queue drops (counted as overloaded): memory stays bounded.
  const udpQueue: { msg: Buffer; address: string }[] = [];
  let udpQueuedBytes = 0;
  let draining = false;
  udp.on('message', (msg, rinfo) => {
    stats.udpDatagrams += 1;
    stats.udpBytes += msg.length;
    if (udpQueue.length >= maxQueuedDatagrams || udpQueuedBytes + msg.length > maxQueuedBytes) {
      return reject('syslog_udp', 'overloaded', rinfo.address, null);
    }
    udpQueue.push({ msg, address: rinfo.address });
    udpQueuedBytes += msg.length;
    if (!draining) {
      draining = true;
      setImmediate(drainUdp);
    }
  });
  function drainUdp() {
    if (senders.isStale()) {
      senders.refresh().then(drainUdp, (err: unknown) => {
        log?.warn({ err }, 'syslog senders not reloaded');
        senders.invalidate();
        setTimeout(drainUdp, 100);
      });
      return;
    }
    // The writer is behind: let the queue absorb the burst rather than hand it more.
    if (pending >= maxPending) {
      setTimeout(drainUdp, 5);
      return;
    }
    const slice = udpQueue.splice(0, 200);
    for (const { msg, address } of slice) {
      udpQueuedBytes -= msg.length;
      const source = senders.match(address);
      if (!source) reject('syslog_udp', 'unknown_sender', address, msg.subarray(0, 200).toString('utf8'));
      else accept(source, 'syslog_udp', address, msg);
    }
    if (udpQueue.length) setImmediate(drainUdp);
    else draining = false;
  }
  udp.on('error', (err) => log?.error({ err }, 'syslog udp listener error'));
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ port: bound, address: host }, () => {
        udp.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((r) => tcp.close(() => r()));
    clearInterval(batchTimer);
    clearInterval(counterTimer);
    senders.dispose();
    throw err;
  }
  // Set once bound (the socket exists only then); a refusal is logged, not fatal.
  const udpReceiveBuffer = applyReceiveBuffer(udp, deps.config.syslogRecvBufferBytes, log);

  async function flush() {
    // The queue is parsed within moments; a database that is down must not hold a shutdown forever.
    const until = Date.now() + 10_000;
    while ((udpQueue.length || draining) && Date.now() < until) await new Promise((r) => setTimeout(r, 1));
    for (const key of [...batches.keys()]) submit(key);
    while (inflight.size) await Promise.all([...inflight]);
    await writeCounters();
    await writer.flushRejections();
  }

  return {
    port: bound,
    host,
    udpReceiveBuffer,
    stats,
    flush,
    async close() {
      closing = true;
      await new Promise<void>((r) => udp.close(() => r()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
      clearInterval(batchTimer);
      clearInterval(counterTimer);
      await flush().catch((err: unknown) => log?.warn({ err }, 'syslog listener: last flush failed'));
      senders.dispose();
    },
  };
}
