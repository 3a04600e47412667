/**
 * In-app notifications and their e-mail copies. A change notifies "the other side": the people who
 * hold an action on the organisation concerned (e.g. the police appraisers when a unit sends a
 * dossier, the unit's officers when it comes back). Rows and e-mails are written in the caller's
 * transaction, so they exist if and only if the change committed.
 */
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { ListNotificationsQuery, Notification, NotificationList } from '@shared/api/notifications';
import { ROLES } from '@shared/domain/roles';
import type { Ctx } from '../../http/context';
import { notFound, unauthenticated } from '../../http/errors';
import { translator } from '../../http/i18n';
import { roleCan, type Action } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { notifications, type NotificationRow } from '../../db/schema';
import { queryRows } from '../../db/connect';

export interface NotifyInput {
  /** Who is told: every active user holding this action on the organisation. */
  action: Action;
  orgId: string;
  orgPath: string;
  /** Catalogue entry `notifications.<kind>.{title,body}`. */
  kind: string;
  subjectType: string;
  subjectId: string;
  params: Record<string, string | number>;
  /** Path in the web app, e.g. `/dossiers/<id>`. */
  link: string;
}

interface Recipient {
  id: string;
  email: string | null;
  locale: 'vi' | 'en';
}

/** Users holding `action` on an organisation through a role on it or on an ancestor. */
async function recipients(ctx: Ctx, action: Action, orgPath: string): Promise<Recipient[]> {
  const roles = ROLES.filter((r) => roleCan(r, action));
  if (roles.length === 0) return [];
  const actor = ctx.principal ? principalUserId(ctx.principal) : null;
  // scope-exempt: fan-out to the people responsible for an organisation the actor already acts on.
  const rows = await queryRows(
    ctx.db,
    sql`SELECT DISTINCT u.id, u.email, u.locale
          FROM role_assignments ra
          JOIN orgs o ON o.id = ra.org_id
          JOIN users u ON u.id = ra.user_id
         WHERE ra.role = ANY(${sql.param(roles)}::text[])
           AND ${orgPath} LIKE o.path || '%'
           AND u.disabled_at IS NULL
           ${actor ? sql`AND u.id <> ${actor}` : sql``}`,
  );
  return rows.map((r) => ({ id: String(r.id), email: r.email === null ? null : String(r.email), locale: r.locale === 'en' ? 'en' : 'vi' }));
}

/** Notifies the holders of an action on an organisation, in the app and by e-mail in their language. */
export async function notify(tx: Ctx, input: NotifyInput): Promise<number> {
  const people = await recipients(tx, input.action, input.orgPath);
  if (people.length === 0) return 0;
  const now = tx.clock();
  await tx.db.insert(notifications).values(
    people.map((p) => ({
      id: uuidv7(),
      userId: p.id,
      orgId: input.orgId,
      kind: input.kind,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      params: input.params,
      createdAt: now,
    })),
  );
  const base = tx.config.publicUrl ?? `http://${tx.config.host}:${tx.config.port}`;
  for (const p of people) {
    if (!p.email) continue;
    const t = translator(p.locale);
    await tx.jobs.enqueue(tx, 'email.send', {
      to: p.email,
      subject: t(`notifications.${input.kind}.title`, input.params),
      text: `${t(`notifications.${input.kind}.body`, input.params)}\n\n${t('notifications.openLink')}: ${base}${input.link}`,
    });
  }
  return people.length;
}

function present(r: NotificationRow): Notification {
  const params: Record<string, string | number> = {};
  if (r.params && typeof r.params === 'object') {
    for (const [k, v] of Object.entries(r.params)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  }
  return {
    id: r.id,
    kind: r.kind,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    params,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

function me(ctx: Ctx): string {
  const id = ctx.principal ? principalUserId(ctx.principal) : null;
  if (!id) throw unauthenticated();
  return id;
}

/** The signed-in person's own notifications, newest first. */
export async function listNotifications(ctx: Ctx, q: ListNotificationsQuery): Promise<NotificationList> {
  const userId = me(ctx);
  const mine = eq(notifications.userId, userId);
  // scope-exempt: a person's own notifications, selected by their user id.
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(q.unread === 'true' ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt))
    .limit(q.limit);
  // scope-exempt: same, counted.
  const [unread] = await ctx.db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
  return { items: rows.map(present), total: rows.length, unread: unread?.n ?? 0 };
}

/** Marks one of the person's notifications read; someone else's is not found. */
export async function markRead(ctx: Ctx, id: string): Promise<void> {
  const userId = me(ctx);
  const done = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  if (done.length === 0) throw notFound();
}

export async function markAllRead(ctx: Ctx): Promise<void> {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock() })
    .where(and(eq(notifications.userId, me(ctx)), isNull(notifications.readAt)));
}
