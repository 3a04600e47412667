import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { and, desc, eq, gte, lte, sql, count, type SQL } from 'drizzle-orm';
import { AuditList, AuditVerification, ListAuditQuery } from '@shared/api/audit';
import { auditLog, orgs } from '../../db/schema';
import { inScope } from '../../authz/scope';
import { grantRoots } from '../../authz/policies';
import { verifyAudit } from '../../audit/audit';
import type { Ctx } from '../../http/context';

/** Audit entries the actor may read: those of organisations in their audit.read scope; entries with no organisation (e.g. a sign-in with an unknown username) only to those holding it on a root. */
async function listAudit(ctx: Ctx, q: ListAuditQuery) {
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

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['audit'];
  app.get('/', { config: { action: 'audit.read' }, schema: { tags, summary: 'Nhật ký thao tác', querystring: ListAuditQuery, response: { 200: AuditList } } }, (req) =>
    listAudit(req.ctx, req.query),
  );
  // Integrity of the whole chain: a province-wide check, so only for those holding audit.read on a root.
  app.get('/verify', { config: { action: 'audit.read' }, schema: { tags, summary: 'Kiểm tra tính toàn vẹn nhật ký', response: { 200: AuditVerification } } }, (req) =>
    verifyAudit(req.ctx.db),
  );
};
