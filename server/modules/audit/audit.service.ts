import { and, desc, eq, gte, lte, sql, count, type SQL } from 'drizzle-orm';
import type { AuditList, ListAuditQuery } from '@shared/api/audit';
import { auditLog, orgs } from '../../db/schema';
import { inScope } from '../../authz/scope';
import { grantRoots } from '../../authz/policies';
import type { Ctx } from '../../http/context';
import { AppError } from '../../http/errors';
import { verifyAudit } from '../../audit/audit';

/** Audit entries the actor may read: those of organisations in their audit.read scope; entries with no organisation (e.g. a sign-in with an unknown username) only to those holding it on a root. */
export async function listAudit(ctx: Ctx, q: ListAuditQuery): Promise<AuditList> {
  const holdsOnRoot = !!ctx.principal && grantRoots(ctx.principal, 'audit.read').some((p) => p.split('/').length === 3);
  const scope = holdsOnRoot ? sql`(${inScope(ctx, 'audit.read', auditLog.orgId)} OR ${auditLog.orgId} IS NULL)` : inScope(ctx, 'audit.read', auditLog.orgId);
  const conds: (SQL | undefined)[] = [scope];
  if (q.actorId) conds.push(eq(auditLog.actorId, q.actorId));
  if (q.orgId) conds.push(eq(auditLog.orgId, q.orgId));
  if (q.action) conds.push(sql`${auditLog.action} LIKE ${`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ e: auditLog, orgName: orgs.name })
      .from(auditLog)
      .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
      .where(where)
      .orderBy(desc(auditLog.seq))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map(({ e, orgName }) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorLabel: e.actorLabel,
      orgId: e.orgId,
      orgName,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
      ip: e.ip,
      requestId: e.requestId,
    })),
    total: total?.n ?? 0,
  };
}


/** Verifies the whole chain. Province-wide by nature, so only for those holding audit.read on a root organisation. */
export async function verifyAuditChain(ctx: Ctx) {
  const onRoot = !!ctx.principal && grantRoots(ctx.principal, 'audit.read').some((p) => p.split('/').length === 3);
  if (!onRoot) throw new AppError('forbidden', 'errors.forbidden');
  return verifyAudit(ctx.db);
}
