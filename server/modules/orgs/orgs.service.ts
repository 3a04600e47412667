import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { CreateOrgBody, ListOrgsQuery, Org, OrgList, UpdateOrgBody } from '@shared/api/orgs';
import { isChildKindAllowed } from '@shared/domain/orgs';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { authorize } from '../../authz/scope';
import { grantRoots } from '../../authz/policies';
import { orgs, type OrgRow } from '../../db/schema';
import { record } from '../../audit/audit';
import * as repo from './orgs.repo';
import { presentOrg } from './orgs.present';

/** Lists organisations the actor can see: children of one, the roots of their visible tree, or a search. */
export async function listOrgs(ctx: Ctx, q: ListOrgsQuery): Promise<OrgList> {
  const rootPaths = q.roots === 'true' && ctx.principal ? topmost(grantRoots(ctx.principal, 'org.read')) : undefined;
  const { items, total } = await repo.listOrgs(ctx, { ...q, rootPaths });
  return { items: items.map((r) => presentOrg(ctx, r)), total };
}

/** The roots of a set of subtrees, without those nested inside another. */
function topmost(paths: string[]): string[] {
  return [...new Set(paths)].filter((p) => !paths.some((o) => o !== p && p.startsWith(o)));
}

export async function getOrg(ctx: Ctx, id: string): Promise<Org> {
  const row = await repo.findOrg(ctx, id);
  if (!row) throw notFound();
  return presentOrg(ctx, row);
}

async function reload(ctx: Ctx, id: string): Promise<Org> {
  const row = await repo.findOrg(ctx, id);
  if (!row) throw notFound();
  return presentOrg(ctx, row);
}

function checkKind(kind: OrgRow['kind'], adminUnitKind: OrgRow['adminUnitKind'] | undefined, parent: OrgRow | null) {
  if (!isChildKindAllowed(parent?.kind ?? null, kind)) {
    throw fieldError('kind', 'errors.orgs.kindNotAllowed', { kind, parentKind: parent?.kind ?? '—' });
  }
  if (adminUnitKind && kind !== 'commune') throw fieldError('adminUnitKind', 'validation.invalid');
}

/** Creates an organisation under a parent the actor manages. */
export async function createOrg(ctx: Ctx, body: CreateOrgBody): Promise<Org> {
  const requestedParentId = body.parentId;
  if (!requestedParentId) throw new AppError('conflict', 'errors.orgs.rootExists');
  const parentRow = await repo.findOrg(ctx, requestedParentId);
  if (!parentRow) throw notFound();
  const parent = parentRow.org;
  authorize(ctx, 'org.manage', { orgPath: parent.path });
  checkKind(body.kind, body.adminUnitKind, parent);
  if (await repo.codeTaken(ctx, body.code)) throw fieldError('code', 'errors.orgs.codeTaken', { code: body.code });
  return withTx(ctx, async (tx) => {
    const created = await insertOrgRow(tx, parent, body);
    await record(tx, { action: 'org.created', entityType: 'org', entityId: created.id, orgId: created.id, after: created });
    return reload(tx, created.id);
  });
}

/** Where a new or moved organisation goes: its parent's id, materialised path and depth. */
export type ParentRef = Pick<OrgRow, 'id' | 'path' | 'depth'>;

/** The editable fields of an organisation, as the create form and the import send them. */
export type OrgFields = Pick<CreateOrgBody, 'code' | 'name' | 'kind' | 'nameEn' | 'adminUnitKind' | 'address' | 'phone' | 'email'>;

/**
 * Inserts an organisation under `parent`, maintaining the materialised path and depth (the one place
 * besides movePaths that writes them). Call inside a transaction; the caller audits.
 */
export async function insertOrgRow(tx: Ctx, parent: ParentRef, fields: OrgFields, id: string = uuidv7()): Promise<OrgRow> {
  const [created] = await tx.db
    .insert(orgs)
    .values({
      id,
      code: fields.code,
      name: fields.name,
      nameEn: fields.nameEn ?? null,
      kind: fields.kind,
      adminUnitKind: fields.adminUnitKind ?? null,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      address: fields.address ?? null,
      phone: fields.phone ?? null,
      email: fields.email ?? null,
    })
    .returning();
  if (!created) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
  return created;
}

/**
 * Writes an organisation's fields and, given a new parent, moves it with its whole subtree. Call
 * inside a transaction after the checks (scope, kind, cycle); the caller audits.
 */
export async function writeOrgUpdate(tx: Ctx, before: OrgRow, set: Partial<OrgRow>, newParent: ParentRef | null): Promise<OrgRow> {
  const fields: Partial<OrgRow> = { ...set, updatedAt: tx.clock() };
  if (newParent && newParent.id !== before.parentId) {
    await repo.movePaths(tx, before.path, `${newParent.path}${before.id}/`, newParent.depth + 1 - before.depth);
    fields.parentId = newParent.id;
  }
  const [after] = await tx.db.update(orgs).set(fields).where(eq(orgs.id, before.id)).returning();
  if (!after) throw notFound();
  return after;
}

/** Edits an organisation; a new parent moves its whole subtree. */
export async function updateOrg(ctx: Ctx, id: string, body: UpdateOrgBody): Promise<Org> {
  const row = await repo.findOrg(ctx, id);
  if (!row) throw notFound();
  const before = row.org;
  authorize(ctx, 'org.manage', { orgPath: before.path });
  let parent: OrgRow | null = null;
  const moving = body.parentId !== undefined && body.parentId !== before.parentId;
  if (moving) {
    if (!body.parentId || before.parentId === null) throw fieldError('parentId', 'errors.orgs.rootExists');
    const p = await repo.findOrg(ctx, body.parentId);
    if (!p) throw notFound();
    authorize(ctx, 'org.manage', { orgPath: p.org.path });
    if (p.org.path.startsWith(before.path)) throw fieldError('parentId', 'errors.orgs.cycle');
    parent = p.org;
  } else if (before.parentId) {
    parent = (await repo.findOrg(ctx, before.parentId))?.org ?? null;
  }
  const kind = body.kind ?? before.kind;
  const adminUnitKind = body.adminUnitKind !== undefined ? body.adminUnitKind : before.adminUnitKind;
  if (body.kind !== undefined || moving || body.adminUnitKind !== undefined) {
    if (before.parentId === null) {
      if (kind !== 'province') throw fieldError('kind', 'errors.orgs.kindNotAllowed', { kind, parentKind: '—' });
    } else checkKind(kind, adminUnitKind, parent);
  }
  if (body.code && (await repo.codeTaken(ctx, body.code, id))) throw fieldError('code', 'errors.orgs.codeTaken', { code: body.code });
  return withTx(ctx, async (tx) => {
    const { parentId: _ignored, ...fields } = body;
    const after = await writeOrgUpdate(tx, before, fields, moving ? parent : null);
    await record(tx, { action: moving ? 'org.moved' : 'org.updated', entityType: 'org', entityId: id, orgId: id, before, after });
    return reload(tx, id);
  });
}

/** Deletes an empty organisation (no sub-units, no users). */
export async function deleteOrg(ctx: Ctx, id: string): Promise<void> {
  const row = await repo.findOrg(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'org.manage', { orgPath: row.org.path });
  if (row.org.parentId === null) throw new AppError('invalid_state', 'errors.orgs.rootExists');
  const children = await repo.countChildren(ctx, id);
  if (children > 0) throw new AppError('invalid_state', 'errors.orgs.hasChildren', { count: children });
  const members = await repo.countUsers(ctx, id);
  if (members > 0) throw new AppError('invalid_state', 'errors.orgs.hasUsers', { count: members });
  await withTx(ctx, async (tx) => {
    await tx.db.delete(orgs).where(eq(orgs.id, id));
    await record(tx, { action: 'org.deleted', entityType: 'org', entityId: id, orgId: row.org.parentId, before: row.org });
  });
}

/** Records the unit's designated security officer (the directives require one per unit), or clears it. */
export async function designateOfficer(ctx: Ctx, id: string, userId: string | null): Promise<Org> {
  const row = await repo.findOrg(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'org.designate_officer', { orgPath: row.org.path });
  if (userId && !(await repo.findUserOfOrg(ctx, userId, id))) throw fieldError('userId', 'errors.orgs.officerNotInOrg');
  return withTx(ctx, async (tx) => {
    await tx.db.update(orgs).set({ securityOfficerId: userId, updatedAt: tx.clock() }).where(eq(orgs.id, id));
    await record(tx, {
      action: 'org.officer_designated',
      entityType: 'org',
      entityId: id,
      orgId: id,
      before: { securityOfficerId: row.org.securityOfficerId },
      after: { securityOfficerId: userId },
    });
    return reload(tx, id);
  });
}
