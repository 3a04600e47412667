/**
 * A fresh, migrated database per test file (cloned from the global template) and the real app on it.
 * No mocks: the same buildApp, the same SQL, PGlite or PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/connect';
import { parseConfig, type Config } from '../config';
import { createJobs, type Jobs } from '../jobs/queue';
import { buildApp } from '../app';
import { withDb } from './global-setup';

export interface TestEnv {
  app: FastifyInstance;
  database: Database;
  config: Config;
  jobs: Jobs;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<Database> {
  const tpl = inject('pgTemplate');
  if (tpl) {
    const base = inject('pgBaseUrl');
    const name = `khien_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
    const admin = await openDatabase({ kind: 'postgres', url: base, max: 1 });
    await admin.raw.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
    await admin.close();
    const db = await openDatabase({ kind: 'postgres', url: withDb(base, name), max: 5 });
    const close = db.close;
    return {
      ...db,
      async close() {
        await close();
        const a = await openDatabase({ kind: 'postgres', url: base, max: 1 });
        await a.raw.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.close();
      },
    };
  }
  const file = inject('pgliteTemplate');
  return openDatabase({ kind: 'pglite', loadDataDir: new Blob([readFileSync(file)]) });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KHIEN_WEB_DIR: '/nonexistent', ...overrides });
}

export async function createTestEnv(opts: { config?: Record<string, string>; clock?: () => Date; startJobs?: boolean } = {}): Promise<TestEnv> {
  const database = await openTestDatabase();
  const config = testConfig(opts.config);
  const jobs = createJobs(database, { pollingIntervalSeconds: 0.5 });
  if (opts.startJobs !== false) await jobs.start({ schedule: false });
  const app = await buildApp({ config, database, jobs, logger: false, clock: opts.clock });
  await app.ready();
  return {
    app,
    database,
    config,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await database.close();
    },
  };
}
