import type { Db } from '../db/connect';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/connect';

/**
 * A @fastify/rate-limit store whose counters live in the `rate_limits` table, so that several app
 * instances behind a load balancer share them (issue #2: no state in process memory).
 */
export function dbRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class DbStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'rl',
    ) {}
    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number) {
      const k = `${this.prefix}:${key}`.slice(0, 300);
      queryRows(
        db,
        sql`INSERT INTO rate_limits (key, count, expires_at)
            VALUES (${k}, 1, now() + ${timeWindow} * interval '1 millisecond')
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limits.expires_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
              expires_at = CASE WHEN rate_limits.expires_at <= now() THEN excluded.expires_at ELSE rate_limits.expires_at END
            RETURNING count, GREATEST(0, (EXTRACT(EPOCH FROM (expires_at - now())) * 1000))::int AS ttl`,
      ).then(
        (rows) => {
          const row = rows[0];
          cb(null, { current: Number(row?.count ?? 1), ttl: Number(row?.ttl ?? timeWindow) });
        },
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    }
    child(routeOptions: object) {
      return new DbStore(undefined, `rl:${routeKey(routeOptions)}`);
    }
  }
  return DbStore;
}

/**
 * `METHOD:url` of the route a child store counts for. @fastify/rate-limit declares the argument as
 * the route's options but passes the merged limit options, with the route under `routeInfo` (as its
 * own RedisStore reads it); without this every limited route would share one counter per address.
 */
function routeKey(options: object): string {
  const info: unknown = 'routeInfo' in options ? options.routeInfo : options;
  if (!info || typeof info !== 'object') return ':';
  const method = 'method' in info && (typeof info.method === 'string' || Array.isArray(info.method)) ? String(info.method) : '';
  const url = 'url' in info && typeof info.url === 'string' ? info.url : '';
  return `${method}:${url}`;
}
