import { and, asc, count, desc, eq, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ListDossiersQuery } from '@shared/api/dossiers';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { inScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';
import {
  classifications,
  dossierAttachments,
  dossierComments,
  dossierEvents,
  dossierVersions,
  dossiers,
  informationSystems,
  orgs,
  regimeDeadlines,
  users,
} from '../../db/schema';

const summaryColumns = {
  dossier: dossiers,
  orgName: orgs.name,
  orgPath: orgs.path,
  systemName: informationSystems.name,
  systemCode: informationSystems.code,
};

export type DossierWithNames = NonNullable<Awaited<ReturnType<typeof findDossier>>>;

/** One dossier the actor may see (dossier.read by default), with its unit and system names. */
export async function findDossier(ctx: Ctx, id: string, action: Action = 'dossier.read') {
  const [row] = await ctx.db
    .select(summaryColumns)
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, dossiers.systemId))
    .where(and(eq(dossiers.id, id), inScope(ctx, action, dossiers.orgId)));
  return row;
}

/** Locks the dossier row for a transition (two appraisers clicking at once get one winner). */
export async function lockDossier(tx: Ctx, id: string) {
  const [row] = await tx.db
    .select({ id: dossiers.id, state: dossiers.state, currentVersion: dossiers.currentVersion })
    .from(dossiers)
    .where(and(eq(dossiers.id, id), inScope(tx, 'dossier.read', dossiers.orgId)))
    .for('update');
  return row;
}

function escapeLike(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listDossiers(ctx: Ctx, q: ListDossiersQuery, today: string) {
  const conds: (SQL | undefined)[] = [inScope(ctx, 'dossier.read', dossiers.orgId)];
  if (q.orgId) conds.push(sql`${dossiers.orgId} IN (SELECT c.id FROM orgs c, orgs p WHERE p.id = ${q.orgId} AND c.path LIKE p.path || '%')`);
  if (q.systemId) conds.push(eq(dossiers.systemId, q.systemId));
  if (q.state) conds.push(eq(dossiers.state, q.state));
  if (q.overdue === 'true') conds.push(overdueCondition(today));
  if (q.q) conds.push(or(ilike(informationSystems.name, escapeLike(q.q)), ilike(informationSystems.code, escapeLike(q.q)), ilike(orgs.name, escapeLike(q.q))));
  const where = and(...conds);
  const items = await ctx.db
    .select(summaryColumns)
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, dossiers.systemId))
    .where(where)
    .orderBy(desc(dossiers.updatedAt), asc(dossiers.id))
    .limit(q.limit)
    .offset(q.offset);
  if (q.offset === 0 && items.length < q.limit) return { items, total: items.length };
  const [total] = await ctx.db
    .select({ n: count() })
    .from(dossiers)
    .innerJoin(orgs, eq(orgs.id, dossiers.orgId))
    .innerJoin(informationSystems, eq(informationSystems.id, dossiers.systemId))
    .where(where);
  return { items, total: total?.n ?? 0 };
}

/** A running legal clock past its due date, or a directive's deadline passed on a dossier still open. */
export function overdueCondition(today: string): SQL {
  return sql`((${dossiers.dueOn} IS NOT NULL AND ${dossiers.dueOn} < ${today}::date)
    OR (${dossiers.directiveDueOn} IS NOT NULL AND ${dossiers.directiveDueOn} < ${today}::date AND ${dossiers.state} NOT IN ('approved', 'rejected', 'withdrawn')))`;
}

export async function findVersion(ctx: Ctx, dossierId: string, version: number) {
  const [row] = await ctx.db
    .select()
    .from(dossierVersions)
    .where(and(eq(dossierVersions.dossierId, dossierId), eq(dossierVersions.version, version), inScope(ctx, 'dossier.read', dossierVersions.orgId)));
  return row;
}

export async function listVersions(ctx: Ctx, dossierId: string) {
  return ctx.db
    .select({ version: dossierVersions.version, frozenAt: dossierVersions.frozenAt, proposedLevel: dossierVersions.proposedLevel })
    .from(dossierVersions)
    .where(and(eq(dossierVersions.dossierId, dossierId), inScope(ctx, 'dossier.read', dossierVersions.orgId)))
    .orderBy(asc(dossierVersions.version));
}

export async function listComments(ctx: Ctx, dossierId: string) {
  return ctx.db
    .select({ comment: dossierComments, version: dossierVersions.version, authorName: users.fullName })
    .from(dossierComments)
    .innerJoin(dossierVersions, eq(dossierVersions.id, dossierComments.versionId))
    .leftJoin(users, eq(users.id, dossierComments.authorId))
    .where(and(eq(dossierComments.dossierId, dossierId), inScope(ctx, 'dossier.read', dossierComments.orgId)))
    .orderBy(asc(dossierComments.createdAt));
}

export async function countComments(ctx: Ctx, versionId: string): Promise<number> {
  const [r] = await ctx.db
    .select({ n: count() })
    .from(dossierComments)
    .where(and(eq(dossierComments.versionId, versionId), inScope(ctx, 'dossier.read', dossierComments.orgId)));
  return r?.n ?? 0;
}

export async function listEvents(ctx: Ctx, dossierId: string) {
  return ctx.db
    .select({ event: dossierEvents, actorName: users.fullName })
    .from(dossierEvents)
    .leftJoin(users, eq(users.id, dossierEvents.actorId))
    .where(and(eq(dossierEvents.dossierId, dossierId), inScope(ctx, 'dossier.read', dossierEvents.orgId)))
    .orderBy(asc(dossierEvents.at), asc(dossierEvents.id));
}

export async function listAttachments(ctx: Ctx, dossierId: string) {
  return ctx.db
    .select({
      id: dossierAttachments.id,
      version: dossierVersions.version,
      section: dossierAttachments.section,
      fileName: dossierAttachments.fileName,
      mediaType: dossierAttachments.mediaType,
      sizeBytes: dossierAttachments.sizeBytes,
      sha256: dossierAttachments.sha256,
      createdAt: dossierAttachments.createdAt,
    })
    .from(dossierAttachments)
    .innerJoin(dossierVersions, eq(dossierVersions.id, dossierAttachments.versionId))
    .where(and(eq(dossierAttachments.dossierId, dossierId), inScope(ctx, 'dossier.read', dossierAttachments.orgId)))
    .orderBy(asc(dossierAttachments.createdAt));
}

/** The system a dossier is for, if the actor holds `action` on its unit. */
export async function findSystem(ctx: Ctx, id: string, action: Action) {
  const [row] = await ctx.db
    .select({ system: informationSystems, orgPath: orgs.path })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(and(eq(informationSystems.id, id), inScope(ctx, action, informationSystems.orgId)));
  return row;
}

/**
 * Whether the acting person's own unit (their home organisation) is, or is above, the organisation at
 * `orgPath`: an appraiser of the police must not appraise the police's own system alone.
 */
export async function actsOnOwnUnit(ctx: Ctx, orgPath: string): Promise<boolean> {
  const p = ctx.principal;
  if (!p || p.kind !== 'user') return false;
  // scope-exempt: the actor's own home organisation, read to compare paths.
  const [home] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, p.orgId));
  return !!home && orgPath.startsWith(home.path);
}

/** The approved dossier(s) of a system — at most one, the approval that stands (locked for the change). */
export async function approvedDossiersOf(tx: Ctx, systemId: string) {
  return tx.db
    .select({ id: dossiers.id, orgId: dossiers.orgId, currentVersion: dossiers.currentVersion, decisionNo: dossiers.decisionNo })
    .from(dossiers)
    .where(and(eq(dossiers.systemId, systemId), eq(dossiers.state, 'approved'), inScope(tx, 'dossier.read', dossiers.orgId)))
    .for('update');
}

/** The latest classification of a system under a regime (its matched criteria prefill the rationale). */
export async function latestClassification(ctx: Ctx, systemId: string, regime: Regime) {
  const [row] = await ctx.db
    .select()
    .from(classifications)
    .where(and(eq(classifications.systemId, systemId), eq(classifications.regime, regime), inScope(ctx, 'system.read', classifications.orgId)))
    .orderBy(desc(classifications.createdAt))
    .limit(1);
  return row;
}

/** The legal time limit of a step for a level under a regime (reference data, not organisation data). */
export async function findDeadline(ctx: Ctx, regime: Regime, step: 'completeness' | 'appraisal' | 'approval', level: number) {
  const [row] = await ctx.db
    .select()
    .from(regimeDeadlines)
    .where(and(eq(regimeDeadlines.regime, regime), eq(regimeDeadlines.step, step), lte(regimeDeadlines.levelMin, level), sql`${regimeDeadlines.levelMax} >= ${level}`));
  return row;
}

/** Carries a version's attachments into the next version (new rows; the frozen ones stay). */
export async function copyAttachments(tx: Ctx, fromVersionId: string, toVersionId: string): Promise<void> {
  // scope-exempt: rows of a version the caller has just locked and checked in scope.
  await tx.db.execute(sql`
    INSERT INTO dossier_attachments (id, dossier_id, version_id, org_id, section, file_name, media_type, size_bytes, sha256, content, created_by, created_at)
    SELECT gen_random_uuid(), dossier_id, ${toVersionId}, org_id, section, file_name, media_type, size_bytes, sha256, content, created_by, created_at
      FROM dossier_attachments WHERE version_id = ${fromVersionId}`);
}
