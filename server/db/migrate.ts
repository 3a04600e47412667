import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './connect';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Arbitrary constant: one migrator at a time when several app instances start together. */
const MIGRATION_LOCK = 7_314_159;

export interface MigrationResult {
  applied: string[];
  total: number;
}

/** Applies every numbered SQL file not yet recorded, each in its own transaction, in order. */
export async function migrate(database: Database, log: (msg: string) => void = () => undefined): Promise<MigrationResult> {
  const { raw } = database;
  await raw.execScript(
    `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
     CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`,
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const script = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    const name = file.replace(/\.sql$/, '');
    // The lock and the check run inside the migration's transaction, so a concurrent instance
    // waits and then sees the row and skips the file.
    const guarded = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${name}') THEN
    RAISE EXCEPTION 'khien:already-applied';
  END IF;
END $$;
${script}
;INSERT INTO schema_migrations (name) VALUES ('${name}');`;
    const done = await raw.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
    if (done.rows.length > 0) continue;
    try {
      await raw.execScript(guarded);
      applied.push(name);
      log(`migrated ${name}`);
    } catch (e) {
      if (e instanceof Error && e.message.includes('khien:already-applied')) continue;
      throw e;
    }
  }
  return { applied, total: files.length };
}

export async function listMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}
