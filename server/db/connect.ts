import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';

/** The one query-layer handle every service and repository takes. Same type on PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Rows of a raw SQL statement run through the query layer (`db.execute` is untyped across drivers). */
export async function queryRows(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  const result: unknown = await db.execute(query);
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) return result.rows;
  throw new Error('unexpected result shape from db.execute');
}

/** Raw access for what the query layer does not do: multi-statement migration files and pg-boss. */
export interface RawDb {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Runs a multi-statement script (no parameters) inside one transaction. */
  execScript(script: string): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawDb;
  /** For PGlite only: the underlying instance (backup, test cloning). */
  pglite?: PGlite;
  close(): Promise<void>;
}

const common = { schema, casing: 'snake_case' } as const;

export type OpenOptions =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File };

/** Opens the embedded database (a directory, or memory when none is given) or a PostgreSQL server. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.max ?? 10 });
    pool.on('error', () => {
      /* an idle client lost its connection; the pool replaces it */
    });
    const db: Db = drizzlePg({ client: pool, ...common });
    const raw: RawDb = {
      async query(text, params) {
        const r = await pool.query(text, params);
        return { rows: r.rows };
      },
      async execScript(script) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(script);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      },
    };
    return { kind: 'postgres', db, raw, close: () => pool.end() };
  }
  const pglite = opts.loadDataDir
    ? new PGlite({ loadDataDir: opts.loadDataDir })
    : new PGlite(opts.dataDir);
  await pglite.waitReady;
  const db: Db = drizzlePglite({ client: pglite, ...common });
  const raw: RawDb = {
    async query(text, params) {
      const r = await pglite.query<Record<string, unknown>>(text, params);
      return { rows: r.rows };
    },
    async execScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
  };
  return { kind: 'pglite', db, raw, pglite, close: () => pglite.close() };
}

/**
 * Turns a `$1`-numbered SQL text into a query-layer SQL object, so that code written against a raw
 * driver (pg-boss) can run inside one of our transactions.
 */
export function sqlFromText(text: string, values: readonly unknown[] = []): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)));
    chunks.push(sql`${sql.param(values[Number(m[1]) - 1])}`);
    last = (m.index ?? 0) + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
