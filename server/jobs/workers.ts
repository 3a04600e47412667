import { lt } from 'drizzle-orm';
import type { Ctx } from '../http/context';
import { imports, rateLimits, sessions } from '../db/schema';
import { QUEUES, type JobData, type QueueName } from './queue';
import type { Mailer } from './mailer';
import { jobCtx, type WorkerCtx } from './context';
import { vnDay } from '@shared/domain/working-days';
import { snapshotCoverage } from '../modules/endpoints/coverage';
import { sendAdvisoryReminders } from '../modules/advisories';
import { checkIncidentDeadlines } from '../modules/incidents';

const DAY_MS = 86_400_000;

/** A queue's handler: the job's context (see jobCtx) and the job's data. */
export type JobHandler<Q extends QueueName> = (ctx: Ctx, data: JobData[Q]) => Promise<void>;

/** The handler of every queue; the mailer is the only dependency beyond the context. */
export function jobHandlers(mailer: Mailer): { [Q in QueueName]: JobHandler<Q> } {
  return {
    'email.send': async (_ctx, mail) => mailer.send(mail),
    'maintenance.cleanup': async (ctx) => {
      const now = ctx.clock().getTime();
      await ctx.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now - 7 * DAY_MS)));
      await ctx.db.delete(rateLimits).where(lt(rateLimits.expiresAt, new Date(now)));
      await ctx.db.delete(imports).where(lt(imports.createdAt, new Date(now - 2 * DAY_MS)));
    },
    // The day's coverage per organisation (Asia/Ho_Chi_Minh calendar day), for the trend.
    'coverage.snapshot': async (ctx) => {
      const now = ctx.clock();
      await snapshotCoverage(ctx.db, vnDay(now), undefined, now);
    },
    // Reminders before an advisory's due dates and one overdue notice after (issue #5); each sent once.
    'advisory.reminders': async (ctx) => {
      await sendAdvisoryReminders(ctx);
    },
    // Incident report deadlines (issue #5): a reminder before a report is due, an escalation to the
    // response team and the unit's head when it is missed; each once per report.
    'incident.deadlines': async (ctx) => {
      await checkIncidentDeadlines(ctx);
    },
  };
}

/** Registers the handler of every queue, each with its job context built from the worker's. */
export async function startWorkers(worker: WorkerCtx, mailer: Mailer) {
  const handlers = jobHandlers(mailer);
  async function register<Q extends QueueName>(queue: Q) {
    const ctx = jobCtx(worker, queue);
    const handler = handlers[queue];
    await worker.jobs.work(queue, (data) => handler(ctx, data));
  }
  for (const queue of QUEUES) await register(queue);
}
