/**
 * Queries of authentication. They run BEFORE anyone is known to be in scope (a session cookie or a
 * token is being resolved, a username is being checked), so they read users and sessions by key
 * without a scope predicate — scope-exempt by nature, listed in authz/scope-lint.test.ts.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES } from '@shared/domain/roles';
import type { Db } from '../../db/connect';
import { apiTokens, orgs, roleAssignments, sessions, users, type UserRow } from '../../db/schema';
import type { Assignment } from '../../authz/principal';

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

export async function listAssignments(db: Db, userId: string): Promise<Assignment[]> {
  return db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      orgId: roleAssignments.orgId,
      orgPath: orgs.path,
      orgName: orgs.name,
      orgCode: orgs.code,
    })
    .from(roleAssignments)
    .innerJoin(orgs, eq(orgs.id, roleAssignments.orgId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(orgs.depth, roleAssignments.role);
}

export async function orgNameOf(db: Db, orgId: string): Promise<string> {
  const [o] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, orgId));
  return o?.name ?? '';
}

const AssignmentsJson = z.array(
  z.object({ id: z.string(), role: z.enum(ROLES), orgId: z.string(), orgPath: z.string(), orgName: z.string(), orgCode: z.string() }),
);

/**
 * The statement behind findLiveSession, prepared once per database handle: it runs on every request,
 * so neither the query layer (building the SQL) nor PostgreSQL (planning it: a named statement per
 * connection) redoes the work each time. Only the user fields a principal needs are read.
 * The assignments' organisations are looked up by primary key per assignment (`OFFSET 0` keeps the
 * planner from turning that into a scan of every organisation, which it picks when statistics are
 * missing, as on PGlite, which never auto-analyses).
 */
function prepareFindLiveSession(db: Db) {
  return db
    .select({
      session: sessions,
      user: { id: users.id, username: users.username, fullName: users.fullName, orgId: users.orgId },
      assignments: sql<unknown>`(SELECT coalesce(json_agg(json_build_object('id', ra.id, 'role', ra.role, 'orgId', o.id, 'orgPath', o.path, 'orgName', o.name, 'orgCode', o.code) ORDER BY o.depth, ra.role), '[]'::json)
        FROM role_assignments ra CROSS JOIN LATERAL (SELECT o.id, o.path, o.name, o.code, o.depth FROM orgs o WHERE o.id = ra.org_id OFFSET 0) o
        WHERE ra.user_id = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
        isNull(users.disabledAt),
      ),
    )
    .prepare('khien_find_live_session');
}
const findLiveSessionStatements = new WeakMap<Db, ReturnType<typeof prepareFindLiveSession>>();

/** The live session with its user and role assignments, in one round trip (it runs on every request). */
export async function findLiveSession(db: Db, id: string, now: Date, idleSince: Date) {
  let statement = findLiveSessionStatements.get(db);
  if (!statement) {
    statement = prepareFindLiveSession(db);
    findLiveSessionStatements.set(db, statement);
  }
  const [row] = await statement.execute({ id, now, idleSince });
  if (!row) return undefined;
  const assignments: Assignment[] = AssignmentsJson.parse(row.assignments);
  return { session: row.session, user: row.user, assignments };
}

export async function findLiveToken(db: Db, secretHash: string, now: Date) {
  const [row] = await db
    .select({ token: apiTokens, orgPath: orgs.path })
    .from(apiTokens)
    .innerJoin(orgs, eq(orgs.id, apiTokens.orgId))
    .where(
      and(
        eq(apiTokens.secretHash, secretHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > ${now})`,
      ),
    );
  return row;
}
