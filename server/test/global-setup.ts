import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connect';
import { migrate } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    pgBaseUrl: string;
  }
}

/** Migrates once; each test file then clones: a saved data directory (PGlite) or a template database (PostgreSQL). */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const tpl = `khien_tpl_${process.pid}`;
    const admin = await openDatabase({ kind: 'postgres', url, max: 1 });
    await admin.raw.query(`DROP DATABASE IF EXISTS ${tpl}`);
    await admin.raw.query(`CREATE DATABASE ${tpl}`);
    const t = await openDatabase({ kind: 'postgres', url: withDb(url, tpl), max: 2 });
    await migrate(t);
    await t.close();
    project.provide('pgTemplate', tpl);
    project.provide('pgBaseUrl', url);
    project.provide('pgliteTemplate', '');
    return async () => {
      const { rows } = await admin.raw.query(`SELECT datname FROM pg_database WHERE datname LIKE 'khien_t_${process.pid}_%' OR datname = $1`, [tpl]);
      for (const r of rows) await admin.raw.query(`DROP DATABASE IF EXISTS ${String(r.datname)} WITH (FORCE)`);
      await admin.close();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'khien-test-'));
  const db = await openDatabase({ kind: 'pglite' });
  await migrate(db);
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  project.provide('pgBaseUrl', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
