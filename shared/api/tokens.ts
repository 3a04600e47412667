import { z } from 'zod';
import { Id, Name, listOf } from './common';

/** Actions a machine client may be granted. Later capabilities add theirs (alert intake, agent enrolment…). */
export const TOKEN_ACTIONS = [
  'org.read',
  'user.read',
  'audit.read',
  'system.read',
  'endpoint.read',
  // A SIEM (Wazuh's integration) posts alerts; a dashboard may read SOC coverage, advisories and incidents.
  'alert.ingest',
  'soc.read',
  'advisory.read',
  'incident.read',
] as const;

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  orgId: Id,
  orgName: z.string(),
  actions: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = listOf(ApiToken);

export const CreateTokenBody = z.object({
  name: Name,
  orgId: Id,
  actions: z.array(z.enum(TOKEN_ACTIONS)).min(1).max(20),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(365),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

/** The secret is shown exactly once, at creation. */
export const CreatedToken = z.object({ token: ApiToken, secret: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;
