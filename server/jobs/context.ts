/**
 * The one context of background work. The worker's context is built once where the worker starts
 * (main.ts: the process's configuration, database, queue, clock and logger) and every handler runs
 * with a system context derived from it — no handler re-reads the environment or rebuilds a
 * database handle of its own.
 */
import { systemCtx, type Ctx } from '../http/context';
import type { QueueName } from './queue';

/** What every handler shares: systemCtx's base (db, database, config, jobs, clock, log). */
export type WorkerCtx = Parameters<typeof systemCtx>[0];

/**
 * A handler's context. ⚠ Province-wide (systemCtx): no user is acting in a job. Named after its queue,
 * so audit rows say `system:<queue>` and log lines carry `job`.
 */
export function jobCtx(worker: WorkerCtx, queue: QueueName): Ctx {
  return systemCtx({ ...worker, log: worker.log.child({ job: queue }) }, queue);
}
