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

/** One notice for many organisations: each person is told once, about those they answer for. */
export interface NotifyManyInput {
  /** Who is told: every active user holding this action on one of the organisations (or above it). */
  action: Action;
  orgs: readonly { id: string; path: string }[];
  subjectType: string;
  subjectId: string;
  /** Path in the web app, e.g. `/advisories/<id>`. */
  link: string;
  /** One person's notice from the ids of the organisations of `orgs` they answer for (at least one). */
  message: (covered: string[]) => { kind: string; params: Record<string, string | number>; orgId: string };
}

interface Recipient {
  id: string;
  email: string | null;
  locale: 'vi' | 'en';
  /** The organisations of the notice this person answers for. */
  covered: string[];
}

/**
 * Users holding `action` on any of the organisations through a role on it or on an ancestor, each
 * once with the organisations they cover. An organisation's ancestors are the ids in its path
 * (`/province/district/commune/`), so this is one indexed join per ancestor, not a scan per org.
 */
async function recipients(ctx: Ctx, action: Action, orgs: readonly { id: string; path: string }[]): Promise<Recipient[]> {
  const roles = ROLES.filter((r) => roleCan(r, action));
  if (roles.length === 0 || orgs.length === 0) return [];
  const actor = ctx.principal ? principalUserId(ctx.principal) : null;
  // scope-exempt: fan-out to the people responsible for organisations the actor already acts on.
  const rows = await queryRows(
    ctx.db,
    sql`SELECT u.id, u.email, u.locale, array_agg(DISTINCT t.org_id) AS covered
          FROM unnest(${sql.param(orgs.map((o) => o.id))}::uuid[], ${sql.param(orgs.map((o) => o.path))}::text[]) AS t(org_id, path)
          CROSS JOIN LATERAL unnest(string_to_array(btrim(t.path, '/'), '/')::uuid[]) AS a(org_id)
          JOIN role_assignments ra ON ra.org_id = a.org_id AND ra.role = ANY(${sql.param(roles)}::text[])
          JOIN users u ON u.id = ra.user_id
         WHERE u.disabled_at IS NULL ${actor ? sql`AND u.id <> ${actor}` : sql``}
         GROUP BY u.id, u.email, u.locale
         ORDER BY u.id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    email: r.email === null ? null : String(r.email),
    locale: r.locale === 'en' ? 'en' : 'vi',
    covered: Array.isArray(r.covered) ? r.covered.map(String) : [],
  }));
}

/** Notifies the holders of an action on an organisation, in the app and by e-mail in their language. */
export async function notify(tx: Ctx, input: NotifyInput): Promise<number> {
  const { orgId, orgPath, kind, params, ...rest } = input;
  return notifyMany(tx, { ...rest, orgs: [{ id: orgId, path: orgPath }], message: () => ({ kind, params, orgId }) });
}

/**
 * Notifies, once each, the holders of an action on any of several organisations (an advisory that
 * hits 2,000 units): one notice and one e-mail per person, about the organisations they answer for.
 */
export async function notifyMany(tx: Ctx, input: NotifyManyInput): Promise<number> {
  const people = await recipients(tx, input.action, input.orgs);
  if (people.length === 0) return 0;
  const now = tx.clock();
  const notices = people.map((p) => ({ person: p, ...input.message(p.covered) }));
  // One statement for all the notices (parallel arrays, not 8 parameters per row).
  const col = <T>(f: (n: (typeof notices)[number]) => T) => sql.param(notices.map(f));
  await queryRows(
    tx.db,
    sql`INSERT INTO notifications (id, user_id, org_id, kind, subject_type, subject_id, params, created_at)
        SELECT n.id, n.user_id, n.org_id, n.kind, ${input.subjectType}, ${input.subjectId}, n.params, ${now}
          FROM unnest(${col(() => uuidv7())}::uuid[], ${col((n) => n.person.id)}::uuid[], ${col((n) => n.orgId)}::uuid[], ${col((n) => n.kind)}::text[],
                      ${col((n) => JSON.stringify(n.params))}::jsonb[]) AS n(id, user_id, org_id, kind, params)`,
  );
  const base = tx.config.publicUrl ?? `http://${tx.config.host}:${tx.config.port}`;
  const t = { vi: translator('vi'), en: translator('en') };
  const mails = notices.flatMap((n) => {
    if (!n.person.email) return [];
    const tr = t[n.person.locale];
    return [
      {
        to: n.person.email,
        subject: tr(`notifications.${n.kind}.title`, n.params),
        text: `${tr(`notifications.${n.kind}.body`, n.params)}\n\n${tr('notifications.openLink')}: ${base}${input.link}`,
      },
    ];
  });
  await tx.jobs.enqueueMany(tx, 'email.send', mails);
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
