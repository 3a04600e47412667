import type { FastifyBaseLogger } from 'fastify';
import type { Locale } from '@shared/api/common';
import type { Config } from '../config';
import type { Database, Db } from '../db/connect';
import type { Principal } from '../authz/principal';
import type { Jobs } from '../jobs/queue';

/** Everything a service needs, passed first to every service function. No globals, no DI container. */
export interface Ctx {
  /** The query handle: the database, or the open transaction inside withTx. */
  db: Db;
  database: Database;
  config: Config;
  log: FastifyBaseLogger;
  clock: () => Date;
  jobs: Jobs;
  principal: Principal | null;
  locale: Locale;
  requestId: string;
  ip: string | null;
  inTx: boolean;
}

/** Runs `fn` in one transaction; writes, their audit rows and enqueued jobs commit together. */
export async function withTx<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.inTx) return fn(ctx);
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx, inTx: true }));
}

/**
 * A province-wide context for background jobs and the CLI. ⚠ It bypasses organisation scope: use it
 * only where no user is acting, and name the reason at the call site.
 */
export function systemCtx(base: Omit<Ctx, 'principal' | 'requestId' | 'ip' | 'inTx' | 'locale'>, name: string): Ctx {
  return {
    ...base,
    principal: { kind: 'system', name, roots: ['/'] },
    requestId: `system:${name}`,
    ip: null,
    locale: 'vi',
    inTx: false,
  };
}
