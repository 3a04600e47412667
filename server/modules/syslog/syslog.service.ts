/**
 * Syslog senders, for people (issue #5): list, create, change, disable and enable the sources a unit
 * allows to send CEF over syslog. Every read scoped, every write audited in its transaction; the
 * listener of this process reloads its senders after each change.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { CreateSyslogSourceBody, ListSyslogSourcesQuery, SyslogListenerInfo, SyslogSource, SyslogSourceList, UpdateSyslogSourceBody } from '@shared/api/syslog';
import { formatCidr, parseCidr } from '@shared/domain/cidr';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, authorize, can, inScope, pathInScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { orgs, syslogSources, type SyslogSourceRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { invalidateSenders } from './syslog.senders';

interface SourceRecord {
  source: SyslogSourceRow;
  orgCode: string;
  orgName: string;
  orgPath: string;
}

const columns = { source: syslogSources, orgCode: orgs.code, orgName: orgs.name, orgPath: orgs.path };

function present(ctx: Ctx, r: SourceRecord): SyslogSource {
  const s = r.source;
  return {
    id: s.id,
    orgId: s.orgId,
    orgCode: r.orgCode,
    orgName: r.orgName,
    name: s.name,
    senders: s.senders,
    enabled: s.enabled,
    note: s.note,
    receivedCount: Number(s.receivedCount),
    storedCount: Number(s.storedCount),
    lastReceivedAt: s.lastReceivedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    can: { update: can(ctx, 'soc.manage', { orgPath: r.orgPath }) },
  };
}

async function findSource(ctx: Ctx, id: string): Promise<SourceRecord | undefined> {
  const [row] = await ctx.db
    .select(columns)
    .from(syslogSources)
    .innerJoin(orgs, eq(orgs.id, syslogSources.orgId))
    .where(and(eq(syslogSources.id, id), inScope(ctx, 'soc.manage', syslogSources.orgId)));
  return row;
}

const subtreeOf = (orgId: string): SQL => sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${orgId}) || '%'`;

/** The syslog sources of the actor's units, newest first. */
export async function listSources(ctx: Ctx, q: ListSyslogSourcesQuery): Promise<SyslogSourceList> {
  const where = and(
    inScope(ctx, 'soc.manage', syslogSources.orgId),
    q.orgId ? subtreeOf(q.orgId) : undefined,
    q.enabled ? eq(syslogSources.enabled, q.enabled === 'true') : undefined,
  );
  const items = await ctx.db
    .select(columns)
    .from(syslogSources)
    .innerJoin(orgs, eq(orgs.id, syslogSources.orgId))
    .where(where)
    .orderBy(desc(syslogSources.createdAt), desc(syslogSources.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await ctx.db.select({ n: count() }).from(syslogSources).innerJoin(orgs, eq(orgs.id, syslogSources.orgId)).where(where);
  return { items: items.map((r) => present(ctx, r)), total: total?.n ?? 0 };
}

/** Blocks as typed → canonical, deduplicated; a wrong one is named in a translated field error. */
function canonicalSenders(input: string[]): string[] {
  const out: string[] = [];
  input.forEach((value, i) => {
    const c = parseCidr(value);
    if (!c) throw fieldError(`senders.${i}`, 'errors.syslog.badCidr', { value: value.slice(0, 64) });
    const text = formatCidr(c);
    if (!out.includes(text)) out.push(text);
  });
  return out;
}

/**
 * A block already given to another enabled source (of any unit) would make the sender ambiguous:
 * refused. Overlapping blocks of different sizes are allowed (the most specific wins). The other
 * source is not named: it may belong to a unit the actor does not see.
 */
async function assertSendersFree(ctx: Ctx, senders: string[], exceptId: string | null): Promise<void> {
  // scope-exempt: a uniqueness check across the province; only a yes/no leaves this function.
  const [taken] = await ctx.db
    .select({ block: sql<string>`b.block` })
    .from(syslogSources)
    .innerJoin(sql`unnest(${syslogSources.senders}) AS b(block)`, sql`true`)
    .where(and(eq(syslogSources.enabled, true), sql`b.block = ANY(${sql.param(senders)}::text[])`, exceptId ? sql`${syslogSources.id} <> ${exceptId}` : undefined))
    .limit(1);
  if (taken) {
    const i = senders.indexOf(taken.block);
    throw fieldError(`senders.${Math.max(i, 0)}`, 'errors.syslog.senderTaken', { value: taken.block });
  }
}

export async function createSource(ctx: Ctx, body: CreateSyslogSourceBody): Promise<SyslogSource> {
  const [org] = await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.id, body.orgId), pathInScope(ctx, 'soc.read', orgs.path)));
  assertInScope(ctx, 'soc.manage', org);
  const senders = canonicalSenders(body.senders);
  await assertSendersFree(ctx, senders, null);
  const id = uuidv7();
  await withTx(ctx, async (tx) => {
    const now = tx.clock();
    const [row] = await tx.db
      .insert(syslogSources)
      .values({ id, orgId: body.orgId, name: body.name, senders, note: body.note ?? null, createdBy: principalUserId(tx.principal), createdAt: now, updatedBy: principalUserId(tx.principal), updatedAt: now })
      .returning();
    await record(tx, { action: 'syslog.source_created', entityType: 'syslog_source', entityId: id, orgId: body.orgId, after: row });
  });
  invalidateSenders(ctx.database);
  const created = await findSource(ctx, id);
  if (!created) throw notFound();
  return present(ctx, created);
}

async function change(ctx: Ctx, id: string, patch: Partial<Pick<SyslogSourceRow, 'name' | 'senders' | 'note' | 'enabled'>>, action: string): Promise<SyslogSource> {
  const found = await findSource(ctx, id);
  if (!found) throw notFound();
  authorize(ctx, 'soc.manage', { orgPath: found.orgPath });
  const enabledAfter = patch.enabled ?? found.source.enabled;
  if (enabledAfter) await assertSendersFree(ctx, patch.senders ?? found.source.senders, id);
  await withTx(ctx, async (tx) => {
    const [after] = await tx.db
      .update(syslogSources)
      .set({ ...patch, updatedBy: principalUserId(tx.principal), updatedAt: tx.clock() })
      .where(eq(syslogSources.id, id))
      .returning();
    if (!after) throw notFound();
    await record(tx, { action, entityType: 'syslog_source', entityId: id, orgId: found.source.orgId, before: found.source, after });
  });
  invalidateSenders(ctx.database);
  const after = await findSource(ctx, id);
  if (!after) throw notFound();
  return present(ctx, after);
}

export async function updateSource(ctx: Ctx, id: string, body: UpdateSyslogSourceBody): Promise<SyslogSource> {
  const patch: Partial<Pick<SyslogSourceRow, 'name' | 'senders' | 'note'>> = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.senders !== undefined) patch.senders = canonicalSenders(body.senders);
  if (body.note !== undefined) patch.note = body.note;
  return change(ctx, id, patch, 'syslog.source_updated');
}

/** Stops accepting a source's senders at once (their messages are then refused as unknown_sender). */
export async function setSourceEnabled(ctx: Ctx, id: string, enabled: boolean): Promise<SyslogSource> {
  const found = await findSource(ctx, id);
  if (!found) throw notFound();
  if (found.source.enabled === enabled) throw new AppError('invalid_state', enabled ? 'errors.syslog.alreadyEnabled' : 'errors.syslog.alreadyDisabled');
  return change(ctx, id, { enabled }, enabled ? 'syslog.source_enabled' : 'syslog.source_disabled');
}

/** Where devices send: the listener's port as configured (the page's instructions show it). */
export function listenerInfo(ctx: Ctx): SyslogListenerInfo {
  const port = ctx.config.syslogPort;
  return { enabled: port !== null, port, host: port === null ? null : ctx.config.syslogHost };
}
