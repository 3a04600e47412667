/**
 * schema.ts mirrors the SQL migrations (the source of truth): same tables, columns, nullability and
 * types, compared with information_schema of a freshly migrated database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { toSnakeCase } from 'drizzle-orm/casing';
import * as schema from './schema';
import type { Database } from './connect';
import { openTestDatabase } from '../test/harness';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

interface DbColumn {
  type: string;
  nullable: boolean;
}

/** information_schema's description of a column, in the spelling a migration would use. */
function dbType(r: Record<string, unknown>): string {
  const dataType = String(r.data_type);
  const len = r.character_maximum_length === null ? '' : `(${String(r.character_maximum_length)})`;
  switch (dataType) {
    case 'character varying':
      return `varchar${len}`;
    case 'character':
      return `char${len}`;
    case 'timestamp with time zone':
      return 'timestamptz';
    case 'timestamp without time zone':
      return 'timestamp';
    case 'ARRAY':
      return `${String(r.udt_name).replace(/^_/, '')}[]`;
    default:
      return dataType;
  }
}

/** The same spelling for a Drizzle column. */
function drizzleType(c: PgColumn): string {
  const t = c.getSQLType();
  return t
    .replace(/^timestamp(\(\d+\))? with time zone$/, 'timestamptz')
    .replace(/^varchar$/, 'varchar')
    .replace(/^character varying/, 'varchar')
    .replace(/^character\b/, 'char');
}

function drizzleTables(): Map<string, Map<string, DbColumn>> {
  const out = new Map<string, Map<string, DbColumn>>();
  for (const v of Object.values(schema)) {
    if (!(v instanceof PgTable)) continue;
    const cfg = getTableConfig(v);
    // Names come from the keys and are snake_cased at query time (casing: 'snake_case' in connect.ts).
    out.set(cfg.name, new Map(cfg.columns.map((c) => [c.keyAsName ? toSnakeCase(c.name) : c.name, { type: drizzleType(c), nullable: !c.notNull }])));
  }
  return out;
}

async function databaseTables(): Promise<Map<string, Map<string, DbColumn>>> {
  const { rows } = await database.raw.query(
    `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
     ORDER BY table_name, ordinal_position`,
  );
  const out = new Map<string, Map<string, DbColumn>>();
  for (const r of rows) {
    const table = String(r.table_name);
    const cols = out.get(table) ?? new Map<string, DbColumn>();
    cols.set(String(r.column_name), { type: dbType(r), nullable: r.is_nullable === 'YES' });
    out.set(table, cols);
  }
  return out;
}

describe('schema.ts against the migrations', () => {
  it('declares exactly the tables the migrations create', async () => {
    const db = await databaseTables();
    expect([...drizzleTables().keys()].sort()).toEqual([...db.keys()].sort());
    expect(db.size).toBeGreaterThan(5);
  });

  it('declares every table with the same columns, nullability and types', async () => {
    const db = await databaseTables();
    const code = drizzleTables();
    for (const [table, cols] of db) {
      const mine = code.get(table);
      expect(mine, `table ${table} in schema.ts`).toBeDefined();
      const asObject = (m: Map<string, DbColumn> | undefined) => Object.fromEntries([...(m ?? new Map<string, DbColumn>())].sort(([a], [b]) => a.localeCompare(b)));
      expect(asObject(mine), `columns of ${table}`).toEqual(asObject(cols));
    }
  });

  it('spells types as the migrations do', () => {
    const cols = drizzleTables();
    expect(cols.get('orgs')?.get('code')).toEqual({ type: 'varchar(32)', nullable: false });
    expect(cols.get('api_tokens')?.get('actions')).toEqual({ type: 'text[]', nullable: false });
    expect(cols.get('audit_log')?.get('hash')).toEqual({ type: 'char(64)', nullable: false });
    expect(cols.get('users')?.get('locked_until')).toEqual({ type: 'timestamptz', nullable: true });
  });
});
