/**
 * The one way alerts enter the database (contract: .tmp/alerts-contract.md), shared by the Wazuh HTTP
 * route and the syslog listener.
 *
 * Group commit: submissions from many callers are gathered for a few milliseconds (or until N alerts)
 * and written in one transaction; each caller's promise resolves only after that transaction has
 * COMMITTED, so an alert the sender was told about survives a crash. A batch that fails is retried
 * caller by caller, so one bad submission cannot fail the others.
 *
 * Tying: an alert whose identifiers match a soc_connections source identifier belongs to that system
 * and its organisation — only among systems inside the sender's subtree (origin.orgPath), so a token
 * of one unit cannot drop alerts into another's queue; otherwise it belongs to origin.orgId.
 * Dedup: dedup_key = sha256(source ‖ sourceRef), or of the canonical raw event; ON CONFLICT DO NOTHING.
 *
 * Refused input is counted in memory and added to alert_rejections every second (and on close).
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AlertChannel, NormalisedAlert } from '@shared/domain/alerts';
import { queryRows, type Db } from '../../db/connect';
import { alertRejections } from '../../db/schema';

export interface AlertOrigin {
  orgId: string;
  orgPath: string;
  channel: AlertChannel;
  sourceId: string | null;
}

export interface AlertRejection {
  channel: AlertChannel;
  /** A stable code: malformed_json, not_an_object, missing_rule, too_large, too_many, unknown_token… */
  reason: string;
  /** A label of the sender: a token's prefix, a sender's address. */
  source: string | null;
  sample?: string;
  /** The organisation of the sender when known (rows without one are seen at province level only). */
  orgId?: string | null;
}

export interface AlertWriter {
  /** Resolves after the alerts are COMMITTED (group commit: batches from many callers, flush every few ms or N alerts). */
  submit(items: NormalisedAlert[], origin: AlertOrigin): Promise<{ stored: number; duplicates: number }>;
  /** Counts refused input (malformed, oversized, unknown token/sender) in the alert_rejections counters. Never throws. */
  reject(r: AlertRejection): void;
  /** Writes the pending rejection counters now (tests, shutdown). */
  flushRejections(): Promise<void>;
  /** Flushes what is pending and stops the timers. */
  close(): Promise<void>;
}

export interface AlertWriterOptions {
  clock?: () => Date;
  /** How long a submission waits for others when nothing is being written (ms). */
  flushMs?: number;
  /** A batch is written at once when this many alerts are waiting. */
  maxBatch?: number;
  /** Batches written at the same time (PostgreSQL pool); PGlite serialises them anyway. */
  concurrency?: number;
  onError?: (err: unknown) => void;
}

interface Pending {
  items: NormalisedAlert[];
  origin: AlertOrigin;
  resolve: (r: { stored: number; duplicates: number }) => void;
  reject: (e: unknown) => void;
}

/**
 * PostgreSQL's jsonb refuses two things JSON.parse accepts: NUL (`\u0000`) and half of a surrogate
 * pair (`\ud800` alone). JSON.stringify writes both as escapes — and escapes nothing else in that
 * range, since a whole pair is written as the character itself. So in JSON.stringify's output: drop
 * the NUL escapes, and turn lone-surrogate escapes into U+FFFD (�), keys and values alike. An escape
 * counts only after an even run of backslashes (`\\u0000` is a backslash, then the text "u0000").
 */
export function jsonForPostgres(json: string): string {
  if (!json.includes('\\u')) return json;
  return json.replace(/(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi, (_m, lead: string, code: string) => (code === '0000' ? lead : `${lead}\ufffd`));
}

/** JSON with sorted keys: the same event gives the same text whatever its key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function dedupKey(a: Pick<NormalisedAlert, 'source' | 'sourceRef' | 'raw'>): string {
  const h = createHash('sha256').update(a.source).update('\u0001');
  if (a.sourceRef) h.update('ref\u0001').update(a.sourceRef);
  else h.update('raw\u0001').update(canonicalJson(a.raw));
  return h.digest('hex');
}

/** One alert row as the statement reads it (snake_case, the JSON document's keys). */
interface Row {
  id: string;
  org_id: string;
  origin_path: string;
  identifiers: string[];
  source: string;
  source_ref: string | null;
  dedup_key: string;
  occurred_at: Date;
  rule_id: string | null;
  rule_name: string;
  rule_groups: string[];
  severity: string;
  source_severity: string | null;
  host: string | null;
  host_ip: string | null;
  src_ip: string | null;
  src_port: number | null;
  dst_ip: string | null;
  dst_port: number | null;
  raw: unknown;
}

/**
 * One statement, one round trip, atomic on its own: the rows arrive as one JSON document (one
 * parameter, not 20 per row); each is tied to the first system whose source identifiers name it
 * (identifier order) among the systems inside the sender's subtree, else it belongs to the sender's
 * organisation; duplicates are skipped by the unique dedup key; the feed of every system that got
 * something new is marked alive (at most every 30 s, never waiting on a row another batch holds).
 */
function insertStatement(rows: Row[], now: Date) {
  const json = jsonForPostgres(JSON.stringify(rows));
  return sql`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, org_id uuid, origin_path text, identifiers text[], source text,
        source_ref varchar, dedup_key char(64), occurred_at timestamptz, rule_id varchar, rule_name varchar, rule_groups text[],
        severity text, source_severity varchar, host varchar, host_ip varchar, src_ip varchar, src_port integer, dst_ip varchar,
        dst_port integer, raw jsonb)
    ), ins AS (
      INSERT INTO alerts (id, org_id, system_id, source, source_ref, dedup_key, occurred_at, received_at, rule_id, rule_name, rule_groups,
                          severity, source_severity, host, host_ip, src_ip, src_port, dst_ip, dst_port, raw)
      SELECT x.id, coalesce(t.org_id, x.org_id), t.system_id, x.source, x.source_ref, x.dedup_key, x.occurred_at, ${now}::timestamptz,
             x.rule_id, x.rule_name, coalesce(x.rule_groups, '{}'), x.severity, x.source_severity, x.host, x.host_ip, x.src_ip,
             x.src_port, x.dst_ip, x.dst_port, coalesce(x.raw, 'null'::jsonb)
      FROM x LEFT JOIN LATERAL (
        SELECT sc.system_id, s.org_id
        FROM unnest(x.identifiers) WITH ORDINALITY AS i(ident, ord)
        JOIN soc_connections sc ON sc.source_identifiers @> ARRAY[i.ident]
        JOIN information_systems s ON s.id = sc.system_id
        JOIN orgs o ON o.id = s.org_id
        WHERE starts_with(o.path, x.origin_path)
        ORDER BY i.ord, sc.system_id
        LIMIT 1
      ) t ON true
      ORDER BY x.dedup_key
      ON CONFLICT (dedup_key) DO NOTHING
      RETURNING dedup_key, system_id
    ), alive AS (
      UPDATE soc_connections sc SET last_event_at = ${now}::timestamptz
      FROM (
        SELECT system_id FROM soc_connections
        WHERE system_id IN (SELECT system_id FROM ins WHERE system_id IS NOT NULL)
          AND (last_event_at IS NULL OR last_event_at < ${now}::timestamptz - interval '30 seconds')
        FOR UPDATE SKIP LOCKED
      ) l
      WHERE sc.system_id = l.system_id
    )
    SELECT dedup_key FROM ins`;
}

/** Rows per statement; a batch larger than this is written in one transaction of several statements. */
const CHUNK = 1000;

/** Trimmed to the column's width; NUL and half surrogate pairs are mended in the JSON text (jsonForPostgres). */
const clean = (s: string | null, max: number) => (s === null ? null : s.slice(0, max) || null);

export function createAlertWriter(db: Db, opts: AlertWriterOptions = {}): AlertWriter {
  const clock = opts.clock ?? (() => new Date());
  const flushMs = opts.flushMs ?? 1;
  const maxBatch = opts.maxBatch ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const onError = opts.onError ?? (() => undefined);

  const queue: Pending[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const flushes = new Set<Promise<void>>();
  let closed = false;

  /**
   * Group commit without a fixed delay: when nothing is being written, what has arrived is written
   * after flushMs (default 1 ms, to gather the submissions of the same moment); while a batch is
   * being written, new submissions wait for it and go together in the next one — the database's
   * own latency sets the batch size. A full batch (maxBatch) starts at once while fewer than
   * `concurrency` batches are in flight.
   */
  function schedule() {
    if (queue.length === 0) return;
    if (queued >= maxBatch) {
      if (inFlight < concurrency) startFlush();
      return;
    }
    if (inFlight > 0 || timer) return; // the flush in flight (or the timer) picks the queue up
    timer = setTimeout(() => {
      timer = null;
      if (inFlight === 0) startFlush();
    }, flushMs);
    timer.unref?.();
  }

  function startFlush() {
    if (queue.length === 0) return;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    // Up to maxBatch alerts (whole submissions; one submission alone may be larger).
    const batch: Pending[] = [];
    let n = 0;
    while (queue.length > 0 && (batch.length === 0 || n + (queue[0]?.items.length ?? 0) <= maxBatch)) {
      const p = queue.shift() as Pending;
      batch.push(p);
      n += p.items.length;
    }
    queued -= n;
    inFlight += 1;
    const run = writeBatch(batch)
      .catch(onError)
      .finally(() => {
        inFlight -= 1;
        flushes.delete(run);
        // What arrived while this batch was written goes now, together.
        if (queue.length > 0 && inFlight < concurrency) startFlush();
      });
    flushes.add(run);
  }

  async function writeBatch(batch: Pending[]) {
    try {
      const results = await writeInOneTx(batch);
      batch.forEach((p, i) => p.resolve(results[i] as { stored: number; duplicates: number }));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // One bad submission must not fail the others: each on its own.
      for (const p of batch) {
        try {
          const [r] = await writeInOneTx([p]);
          p.resolve(r as { stored: number; duplicates: number });
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  async function writeInOneTx(batch: Pending[]): Promise<{ stored: number; duplicates: number }[]> {
    const now = clock();
    const rows = new Map<string, Row>();
    const keysOf: string[][] = [];
    for (const p of batch) {
      const keys: string[] = [];
      for (const a of p.items) {
        const key = dedupKey(a);
        keys.push(key);
        if (rows.has(key)) continue;
        rows.set(key, {
          id: uuidv7(),
          org_id: p.origin.orgId,
          origin_path: p.origin.orgPath,
          identifiers: a.identifiers,
          source: a.source,
          source_ref: clean(a.sourceRef, 255),
          dedup_key: key,
          occurred_at: a.occurredAt,
          rule_id: clean(a.ruleId, 100),
          rule_name: clean(a.ruleName, 1000) ?? '-',
          rule_groups: a.ruleGroups,
          severity: a.severity,
          source_severity: clean(a.sourceSeverity, 50),
          host: clean(a.host, 255),
          host_ip: clean(a.hostIp, 64),
          src_ip: clean(a.srcIp, 64),
          src_port: a.srcPort,
          dst_ip: clean(a.dstIp, 64),
          dst_port: a.dstPort,
          raw: a.raw ?? null,
        });
      }
      keysOf.push(keys);
    }

    // Sorted by key so that concurrent batches take the unique index's locks in the same order.
    const all = [...rows.values()].sort((x, y) => (x.dedup_key < y.dedup_key ? -1 : 1));
    const inserted = new Set<string>();
    const write = async (q: Db) => {
      for (let i = 0; i < all.length; i += CHUNK) {
        for (const g of await queryRows(q, insertStatement(all.slice(i, i + CHUNK), now))) inserted.add(String(g.dedup_key));
      }
    };
    // One statement commits by itself: no BEGIN/COMMIT round trips for the usual batch.
    if (all.length <= CHUNK) await write(db);
    else await db.transaction(write);

    // Per caller: the first occurrence of a key that was inserted is stored, anything else a duplicate.
    const claimed = new Set<string>();
    return keysOf.map((keys) => {
      let stored = 0;
      for (const k of keys) {
        if (inserted.has(k) && !claimed.has(k)) {
          claimed.add(k);
          stored += 1;
        }
      }
      return { stored, duplicates: keys.length - stored };
    });
  }

  // ── Rejection counters ─────────────────────────────────────────────────────────────────────
  interface Counter {
    day: string;
    channel: AlertChannel;
    reason: string;
    source: string;
    orgId: string | null;
    count: number;
    sample: string | null;
    lastAt: Date;
  }
  let counters = new Map<string, Counter>();
  const rejectionTimer = setInterval(() => void flushRejections().catch(onError), 1000);
  rejectionTimer.unref?.();

  function reject(r: AlertRejection): void {
    try {
      const now = clock();
      const day = now.toISOString().slice(0, 10);
      const source = (r.source ?? '').replaceAll('\u0000', '').slice(0, 255);
      const reason = r.reason.replaceAll('\u0000', '').slice(0, 100);
      const key = `${day}\u0001${r.channel}\u0001${reason}\u0001${source}`;
      const c = counters.get(key);
      const sample = r.sample === undefined ? null : r.sample.replaceAll('\u0000', '').slice(0, 500);
      if (c) {
        c.count += 1;
        c.lastAt = now;
        if (sample !== null) c.sample = sample;
        if (r.orgId) c.orgId = r.orgId;
      } else {
        // Bounded: a flood of distinct sources between two flushes is counted under one label.
        if (counters.size >= 10_000) {
          reject({ ...r, source: '(many)', sample: r.sample });
          return;
        }
        counters.set(key, { day, channel: r.channel, reason, source, orgId: r.orgId ?? null, count: 1, sample, lastAt: now });
      }
    } catch (err) {
      onError(err);
    }
  }

  async function flushRejections(): Promise<void> {
    if (counters.size === 0) return;
    const batch = [...counters.values()];
    counters = new Map();
    try {
      await db
        .insert(alertRejections)
        .values(batch.map((c) => ({ day: c.day, channel: c.channel, reason: c.reason, source: c.source, orgId: c.orgId, count: c.count, lastSample: c.sample, lastAt: c.lastAt })))
        .onConflictDoUpdate({
          target: [alertRejections.day, alertRejections.channel, alertRejections.reason, alertRejections.source],
          set: {
            count: sql`${alertRejections.count} + excluded.count`,
            lastSample: sql`coalesce(excluded.last_sample, ${alertRejections.lastSample})`,
            lastAt: sql`greatest(${alertRejections.lastAt}, excluded.last_at)`,
            orgId: sql`coalesce(excluded.org_id, ${alertRejections.orgId})`,
          },
        });
    } catch (err) {
      onError(err);
    }
  }

  return {
    submit(items, origin) {
      if (closed) return Promise.reject(new Error('alert writer closed'));
      if (items.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
      return new Promise((resolve, rejectP) => {
        queue.push({ items, origin, resolve, reject: rejectP });
        queued += items.length;
        schedule();
      });
    },
    reject,
    flushRejections,
    async close() {
      closed = true;
      clearInterval(rejectionTimer);
      while (queue.length > 0 || flushes.size > 0) {
        if (queue.length > 0 && inFlight < concurrency) startFlush();
        await Promise.race([...flushes]);
      }
      await flushRejections();
    },
  };
}
