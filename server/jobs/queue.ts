/**
 * Background work on the database (pg-boss, on PostgreSQL and on PGlite alike): e-mails, imports,
 * scheduled maintenance. Jobs are enqueued inside the transaction of the change that causes them
 * (outbox), so they exist if and only if the change committed.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/connect';
import { queryRows, sqlFromText } from '../db/connect';
import type { Ctx } from '../http/context';

export const QUEUES = [
  'email.send',
  'maintenance.cleanup',
  'coverage.snapshot',
  // Issue #5: reminders before an advisory's deadlines and the overdue mark after them.
  'advisory.reminders',
  // Issue #5: incident report deadlines — reminders before, escalation when missed.
  'incident.deadlines',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface EmailJob {
  to: string;
  subject: string;
  text: string;
}
export interface JobData {
  'email.send': EmailJob;
  'maintenance.cleanup': Record<string, never>;
  /** Today's coverage_daily rows (issue #4); re-run each hour, the day's last run stands. */
  'coverage.snapshot': Record<string, never>;
  'advisory.reminders': Record<string, never>;
  'incident.deadlines': Record<string, never>;
}

export type Handler<Q extends QueueName> = (data: JobData[Q], jobId: string) => Promise<void>;

export interface Jobs {
  /** Enqueues in the caller's transaction (ctx.db). */
  enqueue<Q extends QueueName>(ctx: Ctx, queue: Q, data: JobData[Q]): Promise<void>;
  /** Enqueues many jobs of one queue in the caller's transaction, a statement per thousand. */
  enqueueMany<Q extends QueueName>(ctx: Ctx, queue: Q, items: readonly JobData[Q][]): Promise<void>;
  work<Q extends QueueName>(queue: Q, handler: Handler<Q>): Promise<void>;
  start(opts: { schedule: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Jobs waiting or running in a queue (tests and /readyz). */
  pending(queue: QueueName): Promise<number>;
}

function bossDb(database: Database): PgBoss.Db {
  if (database.kind === 'pglite' && database.pglite) {
    const pglite = database.pglite;
    return {
      async executeSql(text, values) {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return results.length === 1 && results[0] ? results[0] : { rows: results.flatMap((r) => r.rows) };
      },
    };
  }
  return { executeSql: (text, values) => database.raw.query(text, values) };
}

export function createJobs(database: Database, opts: { pollingIntervalSeconds?: number } = {}): Jobs {
  const boss = new PgBoss({
    db: bossDb(database),
    schema: 'pgboss',
    supervise: true,
    maintenanceIntervalSeconds: 300,
  });
  boss.on('error', () => {
    /* pg-boss retries on its own; errors surface through job states */
  });
  let started = false;
  return {
    async enqueue(ctx, queue, data) {
      await this.enqueueMany(ctx, queue, [data]);
    },
    async enqueueMany(ctx, queue, items) {
      // Run pg-boss's insert through the caller's transaction handle.
      const db: PgBoss.Db = {
        async executeSql(text, values) {
          return { rows: await queryRows(ctx.db, sqlFromText(text, values)) };
        },
      };
      for (let i = 0; i < items.length; i += 1000) {
        await boss.insert(
          items.slice(i, i + 1000).map((data) => ({ name: queue, data, retryLimit: 5, retryDelay: 30, retryBackoff: true })),
          { db },
        );
      }
    },
    async work(queue, handler) {
      await boss.work<JobData[typeof queue]>(
        queue,
        { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data, job.id);
        },
      );
    },
    async start({ schedule }) {
      if (started) return;
      await boss.start();
      for (const q of QUEUES) {
        if (!(await boss.getQueue(q))) await boss.createQueue(q);
      }
      if (schedule) {
        await boss.schedule('maintenance.cleanup', '17 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
        await boss.schedule('coverage.snapshot', '55 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
        await boss.schedule('advisory.reminders', '5 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
        await boss.schedule('incident.deadlines', '*/10 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
    async pending(queue) {
      return boss.getQueueSize(queue);
    },
  };
}
