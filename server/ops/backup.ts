/**
 * Logical, engine-independent backup: JSON lines, a header (format, migrations, tables in
 * foreign-key-safe order) then one line per row, tables in that order, rows by primary key. The
 * database itself renders each row (row_to_json, UTC), so PGlite and PostgreSQL write the same bytes
 * and a restore (json_populate_recordset) gives back exactly the same values.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { queryRows, sqlFromText, type Database, type Db } from '../db/connect';

const FORMAT = 'khien-backup';
const VERSION = 1;
const BATCH = 1000;
/** Applied-migration bookkeeping: its list goes into the header, its timestamps are not data. */
const SKIPPED_TABLES = new Set(['schema_migrations']);

export type Progress = (table: string, done: number, total: number) => void;

const q = (db: Db, text: string, params: unknown[] = []) => queryRows(db, sqlFromText(text, params));
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TablePlan {
  name: string;
  primaryKey: string[];
  /** A column referencing the table itself (orgs.parent_id): rows go parents first. */
  selfRef: { column: string; references: string } | null;
  /** Nullable foreign-key columns that close a cycle between tables: inserted empty, set at the end. */
  deferred: string[];
}

const FkRow = z.object({ tbl: z.string(), ref: z.string(), cols: z.array(z.object({ col: z.string(), notNull: z.boolean() })), refcols: z.array(z.string()) });
const PkRow = z.object({ tbl: z.string(), col: z.string() });
const NameRow = z.object({ name: z.string() });

/** The public tables in an order where every referenced row is inserted before its referrers. */
export async function planTables(db: Db): Promise<TablePlan[]> {
  const names = z
    .array(NameRow)
    .parse(await q(db, `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`))
    .map((r) => r.name)
    .filter((n) => !SKIPPED_TABLES.has(n));
  const pks = z.array(PkRow).parse(
    await q(
      db,
      `SELECT c.relname AS tbl, a.attname AS col FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND con.contype = 'p' ORDER BY c.relname, k.ord`,
    ),
  );
  const fks = z.array(FkRow).parse(
    await q(
      db,
      `SELECT c.relname AS tbl, r.relname AS ref,
          (SELECT json_agg(json_build_object('col', a.attname, 'notNull', a.attnotnull) ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
          (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS refcols
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND con.contype = 'f' ORDER BY c.relname, con.conname`,
    ),
  );
  const plans = new Map<string, TablePlan>(
    names.map((name) => [name, { name, primaryKey: pks.filter((p) => p.tbl === name).map((p) => p.col), selfRef: null, deferred: [] }]),
  );
  let edges = fks.filter((f) => plans.has(f.tbl) && plans.has(f.ref));
  for (const f of edges.filter((e) => e.tbl === e.ref)) {
    const plan = plans.get(f.tbl);
    const col = f.cols[0]?.col;
    const ref = f.refcols[0];
    if (plan && col && ref && f.cols.length === 1) plan.selfRef = { column: col, references: ref };
  }
  edges = edges.filter((e) => e.tbl !== e.ref);
  const order: TablePlan[] = [];
  const remaining = new Set(names);
  while (remaining.size) {
    const ready = [...remaining].find((t) => !edges.some((e) => e.tbl === t && remaining.has(e.ref)));
    if (ready) {
      remaining.delete(ready);
      const plan = plans.get(ready);
      if (plan) order.push(plan);
      continue;
    }
    // A cycle between tables: break it at a foreign key whose columns may be null for a moment.
    const breakable = edges.find((e) => remaining.has(e.tbl) && remaining.has(e.ref) && e.cols.every((c) => !c.notNull));
    if (!breakable) throw new Error(`unbreakable foreign-key cycle among ${[...remaining].join(', ')}`);
    plans.get(breakable.tbl)?.deferred.push(...breakable.cols.map((c) => c.col));
    edges = edges.filter((e) => e !== breakable);
  }
  return order;
}

async function appliedMigrations(db: Db): Promise<string[]> {
  return z
    .array(NameRow)
    .parse(await q(db, 'SELECT name FROM schema_migrations ORDER BY name'))
    .map((r) => r.name);
}

const Header = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int() })),
});
const RowLine = z.object({ table: z.string(), row: z.record(z.string(), z.unknown()) });
const JsonRow = z.object({ j: z.string() });
const CountRow = z.object({ n: z.coerce.number() });

/** Writes the whole database to `file`, from one consistent snapshot. Returns the row count per table. */
export async function backupDatabase(database: Database, file: string, onProgress?: Progress): Promise<Record<string, number>> {
  const fh = await open(file, 'w');
  try {
    return await database.db.transaction(
      async (tx) => {
        // Timestamps render in UTC whatever the server's time zone, so both engines write the same text.
        await q(tx, `SET LOCAL TimeZone = 'UTC'`);
        const plan = await planTables(tx);
        const counts: Record<string, number> = {};
        for (const t of plan) counts[t.name] = CountRow.parse((await q(tx, `SELECT count(*)::int AS n FROM ${ident(t.name)}`))[0]).n;
        const header: z.infer<typeof Header> = { format: FORMAT, version: VERSION, migrations: await appliedMigrations(tx), tables: plan.map((t) => ({ name: t.name, rows: counts[t.name] ?? 0 })) };
        await fh.write(`${JSON.stringify(header)}\n`);
        for (const t of plan) {
          const total = counts[t.name] ?? 0;
          const pk = t.primaryKey.map(ident).join(', ');
          let after: unknown[] | null = null;
          let done = 0;
          for (;;) {
            const where = after ? `WHERE (${pk}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
            const rows = z.array(JsonRow).parse(await q(tx, `SELECT row_to_json(t)::text AS j FROM (SELECT * FROM ${ident(t.name)} ${where} ORDER BY ${pk} LIMIT ${BATCH}) t`, after ?? []));
            if (rows.length === 0) break;
            let chunk = '';
            let last: Record<string, unknown> = {};
            for (const { j } of rows) {
              last = z.record(z.string(), z.unknown()).parse(JSON.parse(j));
              chunk += `${JSON.stringify({ table: t.name, row: last })}\n`;
            }
            await fh.write(chunk);
            done += rows.length;
            onProgress?.(t.name, done, total);
            after = t.primaryKey.map((c) => last[c]);
            if (rows.length < BATCH) break;
          }
        }
        return counts;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  } finally {
    await fh.close();
  }
}

export class RestoreRefused extends Error {
  constructor(readonly reason: 'not_empty' | 'migrations_differ' | 'bad_file', detail: string) {
    super(detail);
    this.name = 'RestoreRefused';
  }
}

/** Rows of a self-referencing table, each after the row it points to. */
function parentsFirst(rows: Record<string, unknown>[], ref: { column: string; references: string }): Record<string, unknown>[] {
  const byKey = new Map(rows.map((r) => [String(r[ref.references]), r]));
  const out: Record<string, unknown>[] = [];
  const placed = new Set<Record<string, unknown>>();
  const place = (r: Record<string, unknown>, depth: number) => {
    if (placed.has(r) || depth > rows.length) return;
    const parentKey = r[ref.column];
    const parent = parentKey === null || parentKey === undefined ? undefined : byKey.get(String(parentKey));
    if (parent && parent !== r) place(parent, depth + 1);
    placed.add(r);
    out.push(r);
  };
  for (const r of rows) place(r, 0);
  return out;
}

/**
 * Tables that migrations fill with reference data (0004: the legal rules; 0007: requirement catalogues and assessment periods), children first.
 * A fresh database has these rows; a restore replaces them with the backup's.
 */
// Rows the migrations insert (rule data, settings): replaced by the backup's own, children before their parents.
const MIGRATION_SEEDED = ['soc_settings', 'incident_deadline_rules', 'level_criteria', 'level_authorities', 'regime_deadlines', 'public_holidays', 'assessment_schedules', 'requirements', 'requirement_catalogues', 'legal_regimes'];

/** Restores a backup into an empty, migrated database at the same migration level, in one transaction. */
export async function restoreDatabase(database: Database, file: string, onProgress?: Progress): Promise<Record<string, number>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = Header.safeParse(first.done ? null : safeJson(first.value));
  if (!header.success) throw new RestoreRefused('bad_file', 'not a Khiên backup file');
  const db = database.db;
  const plan = await planTables(db);
  const applied = await appliedMigrations(db);
  if (applied.join('\n') !== header.data.migrations.join('\n')) {
    throw new RestoreRefused('migrations_differ', `backup migrations [${header.data.migrations.join(', ')}] ≠ database [${applied.join(', ')}]`);
  }
  if (plan.map((t) => t.name).join(',') !== header.data.tables.map((t) => t.name).join(',')) throw new RestoreRefused('bad_file', 'table list differs from the database');
  for (const t of plan) {
    if (MIGRATION_SEEDED.includes(t.name)) continue;
    const n = CountRow.parse((await q(db, `SELECT count(*)::int AS n FROM ${ident(t.name)}`))[0]).n;
    if (n > 0) throw new RestoreRefused('not_empty', `table ${t.name} has ${n} rows`);
  }
  const totals = Object.fromEntries(header.data.tables.map((t) => [t.name, t.rows]));
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await q(tx, `SET LOCAL TimeZone = 'UTC'`);
    // The legal rule data the migrations seed is replaced by the backup's (an administrator may have corrected it).
    for (const name of MIGRATION_SEEDED) await q(tx, `DELETE FROM ${ident(name)}`);
    const later: { table: TablePlan; rows: Record<string, unknown>[] }[] = [];
    let pending: { table: TablePlan; rows: Record<string, unknown>[] } | null = null;
    const flush = async (final: boolean) => {
      if (!pending || (!final && (pending.rows.length < BATCH || pending.table.selfRef))) return;
      const { table } = pending;
      const rows = table.selfRef ? parentsFirst(pending.rows, table.selfRef) : pending.rows;
      if (table.deferred.length) later.push({ table, rows: rows.filter((r) => table.deferred.some((c) => r[c] !== null && r[c] !== undefined)) });
      for (let i = 0; i < rows.length; i += BATCH) {
        const slice = rows.slice(i, i + BATCH).map((r) => (table.deferred.length ? { ...r, ...Object.fromEntries(table.deferred.map((c) => [c, null])) } : r));
        await q(tx, `INSERT INTO ${ident(table.name)} SELECT * FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json)`, [JSON.stringify(slice)]);
        counts[table.name] = (counts[table.name] ?? 0) + slice.length;
        onProgress?.(table.name, counts[table.name] ?? 0, totals[table.name] ?? 0);
      }
      pending = { table, rows: [] };
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const line = RowLine.safeParse(safeJson(next.value));
      if (!line.success) throw new RestoreRefused('bad_file', 'unreadable row line');
      if (pending?.table.name !== line.data.table) {
        await flush(true);
        const table = plan.find((t) => t.name === line.data.table);
        if (!table) throw new RestoreRefused('bad_file', `unknown table ${line.data.table}`);
        pending = { table, rows: [] };
      }
      pending.rows.push(line.data.row);
      await flush(false);
    }
    await flush(true);
    for (const { table, rows } of later) {
      const key = table.primaryKey.map((c) => `t.${ident(c)} = x.${ident(c)}`).join(' AND ');
      const set = table.deferred.map((c) => `${ident(c)} = x.${ident(c)}`).join(', ');
      for (let i = 0; i < rows.length; i += BATCH) {
        await q(tx, `UPDATE ${ident(table.name)} t SET ${set} FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json) x WHERE ${key}`, [JSON.stringify(rows.slice(i, i + BATCH))]);
      }
    }
    // A truncated file rolls the whole restore back.
    for (const t of header.data.tables) if ((counts[t.name] ?? 0) !== t.rows) throw new RestoreRefused('bad_file', `table ${t.name}: ${counts[t.name] ?? 0} rows restored, header says ${t.rows}`);
  });
  return counts;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
