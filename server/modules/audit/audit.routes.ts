import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { AuditList, AuditVerification, ListAuditQuery } from '@shared/api/audit';
import { listAudit, verifyAuditChain } from './audit.service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['audit'];
  app.get('/', { config: { action: 'audit.read' }, schema: { tags, summary: 'Nhật ký thao tác', querystring: ListAuditQuery, response: { 200: AuditList } } }, (req) =>
    listAudit(req.ctx, req.query),
  );
  // Integrity of the whole chain: a province-wide check, so only for those holding audit.read on a root.
  app.get('/verify', { config: { action: 'audit.read' }, schema: { tags, summary: 'Kiểm tra tính toàn vẹn nhật ký', response: { 200: AuditVerification } } }, (req) =>
    verifyAuditChain(req.ctx),
  );
};
