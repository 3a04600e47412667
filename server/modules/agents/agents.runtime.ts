/**
 * In-process state of the osquery API, kept per database handle so that the main server and the agent
 * TLS listener of one process share it. Nothing here is state another instance would need: each is a
 * cache (the database stays the truth) or a buffer flushed within seconds.
 *
 * - Node keys → nodes, for NODE_TTL_MS (osquery calls config, log and distributed/read every ~10 s
 *   per host; without the cache each call would read agent_nodes). Unknown keys are cached briefly
 *   too, so a flood of bad keys does not reach the database.
 * - Check-ins: "last seen" is buffered in memory and written every FLUSH_MS with one multi-row upsert
 *   into endpoint_checkins (GREATEST on seen_at), never rewriting the endpoints row.
 * - Live queries in force (a short list, usually empty), refreshed every QUERIES_TTL_MS, so that
 *   distributed/read answers "nothing" without a query when no live query concerns the host.
 */
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../../db/connect';
import { queryRows } from '../../db/connect';

export const NODE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
export const FLUSH_MS = 2_000;
const QUERIES_TTL_MS = 2_000;
const MAX_CACHE = 200_000;

/** An enrolled, not revoked node and what the hot path needs of its machine. */
export interface AgentNode {
  id: string;
  endpointId: string;
  orgId: string;
  orgPath: string;
  stateSecret: boolean;
  hostIdentifier: string;
}

export interface LiveQueryTarget {
  id: string;
  sql: string;
  orgPath: string;
  endpointId: string | null;
  expiresAt: number;
}

export class AgentRuntime {
  private readonly nodes = new Map<string, { node: AgentNode | null; expires: number }>();
  private pending = new Map<string, { seenAt: Date; ip: string | null }>();
  private queries: { list: LiveQueryTarget[]; expires: number } | null = null;
  private loadingQueries: Promise<LiveQueryTarget[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private users = 0;
  private flushing: Promise<void> = Promise.resolve();
  log: FastifyBaseLogger | null = null;

  constructor(private readonly db: Db) {}

  /** Cached node of a node key hash; `undefined` when not cached (or expired). */
  cachedNode(hash: string, now: number): AgentNode | null | undefined {
    const hit = this.nodes.get(hash);
    if (!hit) return undefined;
    if (hit.expires <= now) {
      this.nodes.delete(hash);
      return undefined;
    }
    return hit.node;
  }

  cacheNode(hash: string, node: AgentNode | null, now: number): void {
    if (this.nodes.size >= MAX_CACHE) {
      for (const [k, v] of this.nodes) if (v.expires <= now) this.nodes.delete(k);
      if (this.nodes.size >= MAX_CACHE) this.nodes.clear();
    }
    this.nodes.set(hash, { node, expires: now + (node ? NODE_TTL_MS : NEGATIVE_TTL_MS) });
  }

  /** Forgets every cached node of these machines (re-enrolment revoked their older keys). */
  forgetEndpoint(endpointId: string): void {
    for (const [k, v] of this.nodes) if (v.node?.endpointId === endpointId) this.nodes.delete(k);
  }

  forgetHash(hash: string): void {
    this.nodes.delete(hash);
  }

  /** Records a check-in; written by the next flush. */
  checkin(endpointId: string, seenAt: Date, ip: string | null): void {
    const prev = this.pending.get(endpointId);
    if (!prev || prev.seenAt <= seenAt) this.pending.set(endpointId, { seenAt, ip });
  }

  pendingCount(): number {
    return this.pending.size;
  }

  /** Writes the buffered check-ins in one statement. Concurrent calls are serialised. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const ids: string[] = [];
    const seen: string[] = [];
    const ips: (string | null)[] = [];
    for (const [id, v] of batch) {
      ids.push(id);
      seen.push(v.seenAt.toISOString());
      ips.push(v.ip);
    }
    try {
      // Joined to endpoints so that a machine deleted meanwhile is skipped instead of failing the batch.
      await this.db.execute(sql`
        INSERT INTO endpoint_checkins (endpoint_id, seen_at, ip)
        SELECT u.id, u.seen_at, u.ip
          FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(seen)}::timestamptz[], ${sql.param(ips)}::text[]) AS u(id, seen_at, ip)
          JOIN endpoints e ON e.id = u.id
        ON CONFLICT (endpoint_id) DO UPDATE SET
          seen_at = GREATEST(endpoint_checkins.seen_at, EXCLUDED.seen_at),
          ip = CASE WHEN EXCLUDED.seen_at >= endpoint_checkins.seen_at THEN EXCLUDED.ip ELSE endpoint_checkins.ip END`);
    } catch (err) {
      // Put them back for the next attempt (newer check-ins win), unless the database is gone.
      for (const [id, v] of batch) this.checkin(id, v.seenAt, v.ip);
      this.log?.warn({ err, count: batch.size }, 'agent check-ins not written');
    }
  }

  /** Live queries in force (cached for a moment). */
  liveQueries(now: number): Promise<LiveQueryTarget[]> {
    if (this.queries && this.queries.expires > now) return Promise.resolve(this.queries.list);
    // One read for every caller that finds the list stale at the same moment.
    if (!this.loadingQueries) {
      this.loadingQueries = this.loadQueries(now).finally(() => {
        this.loadingQueries = null;
      });
    }
    return this.loadingQueries;
  }

  private async loadQueries(now: number): Promise<LiveQueryTarget[]> {
    // scope-exempt: the agent API serves every organisation's live queries to the nodes they target.
    const rows = await queryRows(
      this.db,
      sql`SELECT q.id, q.sql, q.endpoint_id, q.expires_at, o.path
            FROM distributed_queries q JOIN orgs o ON o.id = q.org_id
           WHERE q.expires_at > ${new Date(now).toISOString()}::timestamptz
           ORDER BY q.created_at LIMIT 1000`,
    );
    const list = rows.map((r) => ({
      id: String(r.id),
      sql: String(r.sql),
      orgPath: String(r.path),
      endpointId: r.endpoint_id === null ? null : String(r.endpoint_id),
      expiresAt: new Date(String(r.expires_at instanceof Date ? r.expires_at.toISOString() : r.expires_at)).getTime(),
    }));
    this.queries = { list, expires: now + QUERIES_TTL_MS };
    return list;
  }

  /** A live query was created or changed in this process: read the list again on the next call. */
  invalidateQueries(): void {
    this.queries = null;
    this.loadingQueries = null;
  }

  acquire(log: FastifyBaseLogger): void {
    this.users += 1;
    this.log ??= log;
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** The last user gone (server closing): stop the timer and write what is buffered. */
  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

const runtimes = new WeakMap<Database, AgentRuntime>();

export function runtimeOf(database: Database): AgentRuntime {
  let r = runtimes.get(database);
  if (!r) {
    r = new AgentRuntime(database.db);
    runtimes.set(database, r);
  }
  return r;
}
