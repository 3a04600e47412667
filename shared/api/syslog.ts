import { z } from 'zod';
import { Id, Name, Paging, listOf } from './common';

/**
 * Syslog senders (issue #5): the devices and relays a unit allows to send CEF over syslog to the
 * platform's listener (KHIEN_SYSLOG_PORT, UDP and TCP). Blocks are validated by shared/domain/cidr.ts
 * on the server (a translated message names the wrong value) and in the web form.
 */
export const MAX_SENDERS = 50;

/** One CIDR block or address as typed; checked and put in canonical form by the server. */
export const SenderBlock = z.string().trim().min(1).max(64);
export const SenderBlocks = z.array(SenderBlock).min(1).max(MAX_SENDERS);

export const SyslogSource = z.object({
  id: Id,
  orgId: Id,
  orgCode: z.string(),
  orgName: z.string(),
  name: z.string(),
  senders: z.array(z.string()),
  enabled: z.boolean(),
  note: z.string().nullable(),
  receivedCount: z.number().int(),
  storedCount: z.number().int(),
  lastReceivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ update: z.boolean() }),
});
export type SyslogSource = z.infer<typeof SyslogSource>;
export const SyslogSourceList = listOf(SyslogSource);
export type SyslogSourceList = z.infer<typeof SyslogSourceList>;

export const ListSyslogSourcesQuery = Paging.extend({ orgId: Id.optional(), enabled: z.enum(['true', 'false']).optional() });
export type ListSyslogSourcesQuery = z.infer<typeof ListSyslogSourcesQuery>;

export const CreateSyslogSourceBody = z.object({
  orgId: Id,
  name: Name,
  senders: SenderBlocks,
  note: z.string().trim().max(1000).optional().nullable(),
});
export type CreateSyslogSourceBody = z.infer<typeof CreateSyslogSourceBody>;

export const UpdateSyslogSourceBody = z
  .object({
    name: Name.optional(),
    senders: SenderBlocks.optional(),
    note: z.string().trim().max(1000).optional().nullable(),
  })
  .strict();
export type UpdateSyslogSourceBody = z.infer<typeof UpdateSyslogSourceBody>;

/** What the listener reports about itself (GET /api/soc/syslog-sources/listener). */
export const SyslogListenerInfo = z.object({
  enabled: z.boolean(),
  port: z.number().int().nullable(),
  host: z.string().nullable(),
});
export type SyslogListenerInfo = z.infer<typeof SyslogListenerInfo>;
