/**
 * The SOC connection of each information system, the province's quiet threshold, and coverage: how
 * many important systems are connected to a SOC and monitored (connected, and their feed heard within
 * the threshold), per organisation and in the reader's whole scope, with the list of those missing.
 */
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { SocConnection, SocCoverage, SocSettings, UpdateSocConnectionBody } from '@shared/api/soc';
import type { MissingReason } from '@shared/api/soc';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { fieldError, forbidden, notFound } from '../../http/errors';
import { can, inScope, pathInScope, authorize } from '../../authz/scope';
import { holdsOn } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { informationSystems, orgs, socConnections, socSettings, type SocConnectionRow } from '../../db/schema';
import { record } from '../../audit/audit';

export async function quietHours(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.select({ quietHours: socSettings.quietHours }).from(socSettings);
  return row?.quietHours ?? 24;
}

/** The root of the tree's path and id (the province). */
async function provinceRoot(ctx: Ctx): Promise<{ id: string; path: string } | undefined> {
  // scope-exempt: only the root's own id and path, to ask whether the actor holds an action on it.
  const [root] = await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(isNull(orgs.parentId)).orderBy(asc(orgs.path)).limit(1);
  return root;
}

async function canSetThreshold(ctx: Ctx): Promise<boolean> {
  const root = await provinceRoot(ctx);
  return !!root && !!ctx.principal && holdsOn(ctx.principal, 'soc.manage', root.path);
}

/** Whether the feed is alive, and if not why the system is not monitored. */
export function monitoringState(
  c: { status: string; lastEventAt: Date | null } | null,
  now: Date,
  hours: number,
): { monitored: true } | { monitored: false; reason: MissingReason } {
  if (!c || c.status === 'not_connected') return { monitored: false, reason: 'not_connected' };
  if (c.status === 'in_progress') return { monitored: false, reason: 'in_progress' };
  if (!c.lastEventAt) return { monitored: false, reason: 'no_events' };
  if (now.getTime() - c.lastEventAt.getTime() > hours * 3_600_000) return { monitored: false, reason: 'quiet' };
  return { monitored: true };
}

const systemColumns = {
  id: informationSystems.id,
  code: informationSystems.code,
  name: informationSystems.name,
  isImportant: informationSystems.isImportant,
  orgId: informationSystems.orgId,
  orgCode: orgs.code,
  orgName: orgs.name,
  orgPath: orgs.path,
  conn: socConnections,
};

async function findSystem(ctx: Ctx, systemId: string) {
  const [row] = await ctx.db
    .select(systemColumns)
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .leftJoin(socConnections, eq(socConnections.systemId, informationSystems.id))
    .where(and(eq(informationSystems.id, systemId), inScope(ctx, 'soc.read', informationSystems.orgId)));
  return row;
}

function present(row: NonNullable<Awaited<ReturnType<typeof findSystem>>>, ctx: Ctx, hours: number): SocConnection {
  const c: SocConnectionRow | null = row.conn;
  return {
    systemId: row.id,
    systemCode: row.code,
    systemName: row.name,
    isImportant: row.isImportant,
    orgId: row.orgId,
    orgName: row.orgName,
    status: c?.status ?? 'not_connected',
    centerKind: c?.centerKind ?? null,
    centerName: c?.centerName ?? null,
    provider: c?.provider ?? null,
    connectedOn: c?.connectedOn ?? null,
    sourceIdentifiers: c?.sourceIdentifiers ?? [],
    logRetentionDays: c?.logRetentionDays ?? null,
    lastEventAt: c?.lastEventAt?.toISOString() ?? null,
    note: c?.note ?? null,
    updatedAt: c?.updatedAt.toISOString() ?? null,
    monitored: monitoringState(c, ctx.clock(), hours).monitored,
    quietHours: hours,
    canManage: can(ctx, 'soc.manage', { orgPath: row.orgPath }),
  };
}

export async function getConnection(ctx: Ctx, systemId: string): Promise<SocConnection> {
  const row = await findSystem(ctx, systemId);
  if (!row) throw notFound();
  return present(row, ctx, await quietHours(ctx));
}

/** Sets a system's SOC connection (soc.manage on its organisation). Audited with before and after. */
export async function updateConnection(ctx: Ctx, systemId: string, body: UpdateSocConnectionBody): Promise<SocConnection> {
  const row = await findSystem(ctx, systemId);
  if (!row) throw notFound();
  authorize(ctx, 'soc.manage', { orgPath: row.orgPath });
  if (body.status === 'connected' && !body.centerKind) throw fieldError('centerKind', 'errors.soc.centerRequired');
  if (body.status === 'connected' && !body.connectedOn) throw fieldError('connectedOn', 'errors.soc.connectedOnRequired');
  if (body.connectedOn && body.connectedOn > ctx.clock().toISOString().slice(0, 10)) throw fieldError('connectedOn', 'errors.soc.connectedOnFuture');
  const identifiers = [...new Set(body.sourceIdentifiers.map((s) => s.toLowerCase()))];
  await withTx(ctx, async (tx) => {
    if (identifiers.length > 0) {
      // An identifier names one system province-wide; the other system is not named (it may be another unit's).
      // scope-exempt: a uniqueness check across the province that returns only the identifiers taken.
      const taken = await tx.db
        .select({ ids: socConnections.sourceIdentifiers })
        .from(socConnections)
        .where(and(ne(socConnections.systemId, systemId), sql`${socConnections.sourceIdentifiers} && ${sql.param(identifiers)}::text[]`));
      const clash = identifiers.find((i) => taken.some((t) => t.ids.includes(i)));
      if (clash) throw fieldError('sourceIdentifiers', 'errors.soc.identifierTaken', { identifier: clash });
    }
    const now = tx.clock();
    const values = {
      orgId: row.orgId,
      status: body.status,
      centerKind: body.centerKind ?? null,
      centerName: body.centerName ?? null,
      provider: body.provider ?? null,
      connectedOn: body.connectedOn ?? null,
      sourceIdentifiers: identifiers,
      logRetentionDays: body.logRetentionDays ?? null,
      note: body.note ?? null,
      updatedBy: principalUserId(tx.principal),
      updatedAt: now,
    };
    await tx.db
      .insert(socConnections)
      .values({ systemId, ...values })
      .onConflictDoUpdate({ target: socConnections.systemId, set: values });
    const before = row.conn ? { ...row.conn, lastEventAt: undefined, updatedAt: undefined } : null;
    await record(tx, { action: 'soc.connection.updated', entityType: 'information_system', entityId: systemId, orgId: row.orgId, before, after: { ...values, updatedAt: undefined } });
  });
  return getConnection(ctx, systemId);
}

export async function getSettings(ctx: Ctx): Promise<SocSettings> {
  const [row] = await ctx.db.select().from(socSettings);
  return { quietHours: row?.quietHours ?? 24, updatedAt: row?.updatedAt.toISOString() ?? null };
}

/** The quiet threshold is the province's: soc.manage on the root organisation. Audited. */
export async function updateSettings(ctx: Ctx, body: { quietHours: number }): Promise<SocSettings> {
  const root = await provinceRoot(ctx);
  if (!root || !(await canSetThreshold(ctx))) throw forbidden();
  await withTx(ctx, async (tx) => {
    const [before] = await tx.db.select({ quietHours: socSettings.quietHours }).from(socSettings);
    await tx.db
      .insert(socSettings)
      .values({ id: true, quietHours: body.quietHours, updatedBy: principalUserId(tx.principal), updatedAt: tx.clock() })
      .onConflictDoUpdate({ target: socSettings.id, set: { quietHours: body.quietHours, updatedBy: principalUserId(tx.principal), updatedAt: tx.clock() } });
    await record(tx, { action: 'soc.settings.updated', entityType: 'soc_settings', entityId: 'province', orgId: root.id, before: before ?? null, after: { quietHours: body.quietHours } });
  });
  return getSettings(ctx);
}

/**
 * Coverage of the important systems (not retired) in the reader's scope, or under `orgId`:
 * important / connected / monitored, per owning organisation and in total, and the missing ones.
 */
export async function getCoverage(ctx: Ctx, q: { orgId?: string }): Promise<SocCoverage> {
  const hours = await quietHours(ctx);
  const now = ctx.clock();
  const conds = [
    eq(informationSystems.isImportant, true),
    ne(informationSystems.lifecycle, 'retired'),
    inScope(ctx, 'soc.read', informationSystems.orgId),
    q.orgId ? sql`${orgs.path} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${q.orgId}) || '%'` : undefined,
  ];
  const rows = await ctx.db
    .select(systemColumns)
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .leftJoin(socConnections, eq(socConnections.systemId, informationSystems.id))
    .where(and(...conds))
    .orderBy(asc(orgs.path), asc(informationSystems.code));

  const total = { important: 0, connected: 0, monitored: 0 };
  const byOrg = new Map<string, SocCoverage['orgs'][number]>();
  const missing: SocCoverage['missing'] = [];
  for (const r of rows) {
    const state = monitoringState(r.conn, now, hours);
    const connected = r.conn?.status === 'connected';
    const o = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgCode: r.orgCode, orgName: r.orgName, important: 0, connected: 0, monitored: 0 };
    byOrg.set(r.orgId, o);
    for (const f of [total, o]) {
      f.important += 1;
      if (connected) f.connected += 1;
      if (state.monitored) f.monitored += 1;
    }
    if (!state.monitored) {
      missing.push({ systemId: r.id, systemCode: r.code, systemName: r.name, orgId: r.orgId, orgName: r.orgName, reason: state.reason, lastEventAt: r.conn?.lastEventAt?.toISOString() ?? null });
    }
  }
  return { quietHours: hours, canSetThreshold: await canSetThreshold(ctx), total, orgs: [...byOrg.values()], missing };
}

/** Scoped helper for other readers (the soc.read subtree check of an org id). */
export async function orgVisible(ctx: Ctx, orgId: string): Promise<boolean> {
  const [o] = await ctx.db.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.id, orgId), pathInScope(ctx, 'soc.read', orgs.path)));
  return !!o;
}
