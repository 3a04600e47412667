import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/connect';
import { imports, rateLimits, sessions } from '../db/schema';
import type { Jobs } from './queue';
import type { Mailer } from './mailer';
import { vnDay } from '@shared/domain/working-days';
import { snapshotCoverage } from '../modules/endpoints/coverage';
import { reminderCtx, sendAdvisoryReminders } from '../modules/advisories';
import { checkIncidentDeadlines } from '../modules/incidents';

/** Registers the handlers of every queue. Jobs act province-wide (no user is acting). */
export async function startWorkers(jobs: Jobs, db: Db, mailer: Mailer) {
  await jobs.work('email.send', async (mail) => mailer.send(mail));
  await jobs.work('maintenance.cleanup', async () => {
    const now = new Date();
    await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now.getTime() - 7 * 86_400_000)));
    await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now));
    await db.delete(imports).where(sql`${imports.createdAt} < now() - interval '2 days'`);
  });
  // The day's coverage per organisation (Asia/Ho_Chi_Minh calendar day), for the trend.
  await jobs.work('coverage.snapshot', async () => {
    await snapshotCoverage(db, vnDay(new Date()));
  });
  // Reminders before an advisory's due dates and one overdue notice after (issue #5); each sent once.
  await jobs.work('advisory.reminders', async () => {
    await sendAdvisoryReminders(reminderCtx(db, jobs));
  });
  // Incident report deadlines (issue #5): a reminder before a report is due, an escalation to the
  // response team and the unit's head when it is missed; each once per report. The job context is
  // the advisories module's (a province-wide system context), named for this queue.
  await jobs.work('incident.deadlines', async () => {
    const base = reminderCtx(db, jobs);
    await checkIncidentDeadlines({ ...base, principal: { kind: 'system', name: 'incident.deadlines', roots: ['/'] }, requestId: 'system:incident.deadlines' });
  });
}
