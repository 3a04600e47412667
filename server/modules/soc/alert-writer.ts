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
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AlertChannel, NormalisedAlert } from '@shared/domain/alerts';
import { queryRows, type Db } from '../../db/connect';
import { alertRejections, alerts, informationSystems, orgs, socConnections } from '../../db/schema';

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
  /** How long a submission waits for others before its batch is written (ms). */
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

/** Postgres refuses NUL in text and jsonb: drop it everywhere, deeply, before writing. */
function withoutNul(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  if (depth > 64 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => withoutNul(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k.replaceAll('\u0000', '')] = withoutNul(x, depth + 1);
  return out;
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

type AlertInsert = typeof alerts.$inferInsert;

/** INSERT … SELECT FROM jsonb_to_recordset($1) … ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key. */
function insertStatement(rows: AlertInsert[]) {
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      org_id: r.orgId,
      system_id: r.systemId,
      source: r.source,
      source_ref: r.sourceRef,
      dedup_key: r.dedupKey,
      occurred_at: r.occurredAt,
      received_at: r.receivedAt,
      rule_id: r.ruleId,
      rule_name: r.ruleName,
      rule_groups: r.ruleGroups,
      severity: r.severity,
      source_severity: r.sourceSeverity,
      host: r.host,
      host_ip: r.hostIp,
      src_ip: r.srcIp,
      src_port: r.srcPort,
      dst_ip: r.dstIp,
      dst_port: r.dstPort,
      raw: r.raw,
    })),
  );
  return sql`
    INSERT INTO alerts (id, org_id, system_id, source, source_ref, dedup_key, occurred_at, received_at, rule_id, rule_name, rule_groups,
                        severity, source_severity, host, host_ip, src_ip, src_port, dst_ip, dst_port, raw)
    SELECT id, org_id, system_id, source, source_ref, dedup_key, occurred_at, received_at, rule_id, rule_name, coalesce(rule_groups, '{}'),
           severity, source_severity, host, host_ip, src_ip, src_port, dst_ip, dst_port, coalesce(raw, 'null'::jsonb)
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, org_id uuid, system_id uuid, source text, source_ref varchar, dedup_key char(64),
         occurred_at timestamptz, received_at timestamptz, rule_id varchar, rule_name varchar, rule_groups text[], severity text,
         source_severity varchar, host varchar, host_ip varchar, src_ip varchar, src_port integer, dst_ip varchar, dst_port integer, raw jsonb)
    ORDER BY dedup_key
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING dedup_key`;
}

const clean = (s: string | null, max: number) => (s === null ? null : s.replaceAll('\u0000', '').slice(0, max) || null);

export function createAlertWriter(db: Db, opts: AlertWriterOptions = {}): AlertWriter {
  const clock = opts.clock ?? (() => new Date());
  const flushMs = opts.flushMs ?? 5;
  const maxBatch = opts.maxBatch ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const onError = opts.onError ?? (() => undefined);

  const queue: Pending[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const flushes = new Set<Promise<void>>();
  let closed = false;

  function schedule() {
    if (queue.length === 0) return;
    if (queued >= maxBatch) {
      if (inFlight < concurrency) startFlush();
      return;
    }
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        if (inFlight < concurrency) startFlush();
        // Otherwise the flush in flight picks the queue up when it ends.
      }, flushMs);
      timer.unref?.();
    }
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
        if (queue.length > 0) {
          if (queued >= maxBatch || closed) startFlush();
          else schedule();
        }
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
    return db.transaction(async (tx) => {
      // Systems named by the identifiers, with their organisation's path for the sender's subtree.
      const allIds = [...new Set(batch.flatMap((p) => p.items.flatMap((a) => a.identifiers)))];
      const systems = new Map<string, { systemId: string; orgId: string; orgPath: string }[]>();
      if (allIds.length > 0) {
        // scope-exempt: the writer ties machine input to systems before any person's scope; the sender's subtree is checked below.
        const rows = await tx
          .select({ systemId: socConnections.systemId, orgId: informationSystems.orgId, orgPath: orgs.path, identifiers: socConnections.sourceIdentifiers })
          .from(socConnections)
          .innerJoin(informationSystems, eq(informationSystems.id, socConnections.systemId))
          .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
          .where(sql`${socConnections.sourceIdentifiers} && ${sql.param(allIds)}::text[]`);
        for (const r of rows) {
          for (const id of r.identifiers) {
            const list = systems.get(id) ?? [];
            list.push({ systemId: r.systemId, orgId: r.orgId, orgPath: r.orgPath });
            systems.set(id, list);
          }
        }
      }
      const tie = (a: NormalisedAlert, origin: AlertOrigin) => {
        for (const id of a.identifiers) {
          const hit = systems.get(id)?.find((s) => s.orgPath.startsWith(origin.orgPath));
          if (hit) return hit;
        }
        return null;
      };

      const rows = new Map<string, AlertInsert>();
      const keysOf: string[][] = [];
      for (const p of batch) {
        const keys: string[] = [];
        for (const a of p.items) {
          const key = dedupKey(a);
          keys.push(key);
          if (rows.has(key)) continue;
          const sys = tie(a, p.origin);
          rows.set(key, {
            id: uuidv7(),
            orgId: sys?.orgId ?? p.origin.orgId,
            systemId: sys?.systemId ?? null,
            source: a.source,
            sourceRef: clean(a.sourceRef, 255),
            dedupKey: key,
            occurredAt: a.occurredAt,
            receivedAt: now,
            ruleId: clean(a.ruleId, 100),
            ruleName: clean(a.ruleName, 1000) ?? '-',
            ruleGroups: a.ruleGroups.map((g) => g.replaceAll('\u0000', '')),
            severity: a.severity,
            sourceSeverity: clean(a.sourceSeverity, 50),
            host: clean(a.host, 255),
            hostIp: clean(a.hostIp, 64),
            srcIp: clean(a.srcIp, 64),
            srcPort: a.srcPort,
            dstIp: clean(a.dstIp, 64),
            dstPort: a.dstPort,
            raw: withoutNul(a.raw) ?? null,
          });
        }
        keysOf.push(keys);
      }

      // Sorted by key so that concurrent batches take the unique index's locks in the same order.
      const all = [...rows.values()].sort((x, y) => (x.dedupKey < y.dedupKey ? -1 : 1));
      const inserted = new Set<string>();
      // One parameter per statement (the rows as one JSON document), not 20 per row: building and
      // binding thousands of parameters costs more than PostgreSQL's JSON parse.
      for (let i = 0; i < all.length; i += 1000) {
        const got = await queryRows(tx, insertStatement(all.slice(i, i + 1000)));
        for (const g of got) inserted.add(String(g.dedup_key));
      }

      // The feed of each system that received something new is alive (written at most every 30 s).
      const touched = [...new Set(all.filter((r) => inserted.has(r.dedupKey) && r.systemId).map((r) => r.systemId as string))].sort();
      if (touched.length > 0) {
        await tx
          .update(socConnections)
          .set({ lastEventAt: now })
          .where(and(inArray(socConnections.systemId, touched), or(isNull(socConnections.lastEventAt), lt(socConnections.lastEventAt, new Date(now.getTime() - 30_000)))));
      }

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
