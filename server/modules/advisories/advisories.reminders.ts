/**
 * The hourly 'advisory.reminders' job: for every published advisory and affected organisation, a
 * reminder some days before each due date and one overdue notice after it — each sent once (the
 * advisory_org_status row remembers when), so a re-run or a second worker sends nothing twice: the
 * row is claimed with UPDATE … WHERE <column> IS NULL RETURNING in the same transaction as the
 * notifications.
 */
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { queryRows, sqlFromText } from '../../db/connect';
import { record } from '../../audit/audit';
import { notifyMany } from '../notifications';
import { vnDateTime } from './advisories.service';

/** Days before the acknowledgement / remediation due dates when the unit is reminded. */
export const ACK_REMIND_DAYS = 1;
export const REMEDIATION_REMIND_DAYS = 3;

type Kind = 'ackReminder' | 'ackOverdue' | 'remediationReminder' | 'remediationOverdue';

const COLUMN: Record<Kind, string> = {
  ackReminder: 'ack_reminded_at',
  ackOverdue: 'ack_overdue_at',
  remediationReminder: 'remediation_reminded_at',
  remediationOverdue: 'remediation_overdue_at',
};

function condition(kind: Kind, now: Date) {
  const open = sql`EXISTS (SELECT 1 FROM advisory_targets t WHERE t.advisory_id = s.advisory_id AND t.org_id = s.org_id AND t.status IN ('pending','acknowledged'))`;
  const ackSoon = new Date(now.getTime() + ACK_REMIND_DAYS * 86_400_000);
  const remSoon = new Date(now.getTime() + REMEDIATION_REMIND_DAYS * 86_400_000);
  switch (kind) {
    case 'ackReminder':
      return sql`s.acknowledged_at IS NULL AND a.ack_due_at > ${now} AND a.ack_due_at <= ${ackSoon}`;
    case 'ackOverdue':
      return sql`s.acknowledged_at IS NULL AND a.ack_due_at <= ${now}`;
    case 'remediationReminder':
      return sql`${open} AND a.remediation_due_at > ${now} AND a.remediation_due_at <= ${remSoon}`;
    case 'remediationOverdue':
      return sql`${open} AND a.remediation_due_at <= ${now}`;
  }
}

/** Sends what is due now; returns how many (advisory, organisation) notices went out per kind. */
export async function sendAdvisoryReminders(ctx: Ctx): Promise<Record<Kind, number>> {
  const sent: Record<Kind, number> = { ackReminder: 0, ackOverdue: 0, remediationReminder: 0, remediationOverdue: 0 };
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    for (const kind of ['ackOverdue', 'ackReminder', 'remediationOverdue', 'remediationReminder'] as const) {
      const column = sqlFromText(COLUMN[kind]);
      // Claims the rows (marks them sent) and reads what the message needs, in one statement.
      const rows = await queryRows(
        tx.db,
        sql`UPDATE advisory_org_status s SET ${column} = ${now}
              FROM advisories a, orgs o
             WHERE a.id = s.advisory_id AND o.id = s.org_id AND a.status = 'published' AND s.${column} IS NULL AND ${condition(kind, now)}
            RETURNING s.advisory_id, s.org_id, o.path AS org_path, o.name AS org_name, a.code, a.title, a.org_id AS issuer_id,
                      a.ack_due_at, a.remediation_due_at`,
      );
      // Per advisory: each officer once, about the units they answer for (a district's or the
      // province's officer gets one reminder for all of them, not one per commune).
      const byAdvisory = new Map<string, typeof rows>();
      for (const r of rows) {
        const list = byAdvisory.get(String(r.advisory_id));
        if (list) list.push(r);
        else byAdvisory.set(String(r.advisory_id), [r]);
      }
      for (const [advisoryId, orgRows] of byAdvisory) {
        const first = orgRows[0] as (typeof rows)[number];
        const names = new Map(orgRows.map((r) => [String(r.org_id), String(r.org_name)]));
        const common = {
          code: String(first.code),
          title: String(first.title),
          ackDue: vnDateTime(first.ack_due_at ? new Date(String(first.ack_due_at)) : null),
          remediationDue: vnDateTime(first.remediation_due_at ? new Date(String(first.remediation_due_at)) : null),
        };
        await notifyMany(tx, {
          action: 'advisory.respond',
          orgs: orgRows.map((r) => ({ id: String(r.org_id), path: String(r.org_path) })),
          subjectType: 'advisory',
          subjectId: advisoryId,
          link: `/advisories/${advisoryId}`,
          message: (covered) => {
            const orgId = covered[0] as string;
            return covered.length === 1
              ? { kind: `advisory.${kind}`, orgId, params: { ...common, org: names.get(orgId) ?? '' } }
              : { kind: `advisory.${kind}Many`, orgId, params: { ...common, orgs: covered.length } };
          },
        });
        for (const r of orgRows) {
          await record(tx, { action: `advisory.${kind === 'ackReminder' || kind === 'remediationReminder' ? 'reminded' : 'overdue'}`, entityType: 'advisory', entityId: advisoryId, orgId: String(r.org_id), after: { kind } });
          sent[kind] += 1;
        }
      }
    }
  });
  return sent;
}
