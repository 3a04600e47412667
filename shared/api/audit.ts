import { z } from 'zod';
import { Id, Paging, listOf } from './common';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: Id.nullable(),
  actorLabel: z.string(),
  orgId: Id.nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = listOf(AuditEntry);
export type AuditList = z.infer<typeof AuditList>;

export const ListAuditQuery = Paging.extend({
  actorId: Id.optional(),
  orgId: Id.optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
