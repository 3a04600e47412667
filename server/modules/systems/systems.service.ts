/** The information-system registry (issue #3): who operates what, with which components and facts. */
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type {
  ClassifySystemBody,
  ClassifySystemResult,
  CreateSystemBody,
  InformationSystem,
  ListSystemsQuery,
  SystemClassificationList,
  SystemComponent,
  SystemList,
  UpdateSystemBody,
} from '@shared/api/systems';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, authorize } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { classifications, informationSystems, systemComponents, type InformationSystemRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { classify } from '../legal';
import * as repo from './systems.repo';
import { presentClassification, presentSystem } from './systems.present';

/** Lists the systems the actor can see: a unit's subtree, searched, filtered, sorted, paged. */
export async function listSystems(ctx: Ctx, q: ListSystemsQuery): Promise<SystemList> {
  const { items, total } = await repo.listSystems(ctx, q);
  const components = await repo.componentsOf(ctx, items.map((r) => r.system.id));
  return { items: items.map((r) => presentSystem(ctx, r, components.get(r.system.id) ?? [])), total };
}

export async function getSystem(ctx: Ctx, id: string): Promise<InformationSystem> {
  const row = await repo.findSystem(ctx, id);
  if (!row) throw notFound();
  const components = await repo.componentsOf(ctx, [id]);
  return presentSystem(ctx, row, components.get(id) ?? []);
}

/** The next free `<ORGCODE>-HTnn` code; `reserved` holds codes taken earlier in the same batch. */
export async function nextSystemCode(ctx: Ctx, orgCode: string, reserved: Set<string> = new Set()): Promise<string> {
  const prefix = `${orgCode.slice(0, 24)}-HT`;
  const used = new Set([...(await repo.codesWithPrefix(ctx, prefix)), ...reserved].map((c) => c.toLowerCase()));
  let n = 1;
  while (used.has(`${prefix}${String(n).padStart(2, '0')}`.toLowerCase())) n += 1;
  return `${prefix}${String(n).padStart(2, '0')}`;
}

/** The columns a create or update writes, from a body (fields left out are not touched). */
export type SystemFields = Partial<Omit<InformationSystemRow, 'id' | 'createdAt' | 'createdBy' | 'updatedAt'>>;

export function fieldsOf(body: UpdateSystemBody): SystemFields {
  const { components: _components, ...fields } = body;
  return fields;
}

/** Replaces the components of a system as a whole. Call inside a transaction. */
export async function replaceComponents(tx: Ctx, systemId: string, components: SystemComponent[]): Promise<void> {
  await tx.db.delete(systemComponents).where(eq(systemComponents.systemId, systemId));
  if (components.length === 0) return;
  await tx.db.insert(systemComponents).values(
    components.map((c, i) => ({ id: uuidv7(), systemId, kind: c.kind, vendor: c.vendor ?? null, product: c.product, version: c.version ?? null, sort: i })),
  );
}

/** Inserts a system with its components. Call inside a transaction after the checks; the caller audits. */
export async function insertSystemRow(
  tx: Ctx,
  fields: SystemFields & Pick<InformationSystemRow, 'orgId' | 'code' | 'name' | 'systemType'>,
  components: SystemComponent[],
): Promise<InformationSystemRow> {
  const [created] = await tx.db
    .insert(informationSystems)
    .values({ ...fields, id: uuidv7(), createdBy: principalUserId(tx.principal), createdAt: tx.clock(), updatedAt: tx.clock() })
    .returning();
  if (!created) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
  await replaceComponents(tx, created.id, components);
  return created;
}

/** Writes a system's fields (and, given, its components). Call inside a transaction; the caller audits. */
export async function writeSystemUpdate(tx: Ctx, before: InformationSystemRow, set: SystemFields, components?: SystemComponent[]): Promise<InformationSystemRow> {
  const [after] = await tx.db
    .update(informationSystems)
    .set({ ...set, updatedAt: tx.clock() })
    .where(eq(informationSystems.id, before.id))
    .returning();
  if (!after) throw notFound();
  if (components) await replaceComponents(tx, before.id, components);
  // The history follows the system to its new unit, so its readers keep seeing it.
  if (set.orgId && set.orgId !== before.orgId) await tx.db.update(classifications).set({ orgId: set.orgId }).where(eq(classifications.systemId, before.id));
  return after;
}

/** The owner (chủ quản) must be an organisation the actor can see. */
async function checkOwner(ctx: Ctx, ownerOrgId: string | null | undefined): Promise<void> {
  if (ownerOrgId && !(await repo.findOrg(ctx, ownerOrgId, 'org.read'))) throw notFound();
}

/** The parent of a composite system must be a system in scope, and not the system itself or below it. */
async function checkParent(ctx: Ctx, parentSystemId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentSystemId) return;
  if (!(await repo.findSystem(ctx, parentSystemId))) throw notFound();
  if (selfId && (await repo.ancestorIds(ctx, parentSystemId)).includes(selfId)) throw fieldError('parentSystemId', 'errors.systems.parentCycle');
}

async function reload(ctx: Ctx, id: string): Promise<InformationSystem> {
  return getSystem(ctx, id);
}

/** Registers a system in a unit the actor manages; the code is generated when left empty. */
export async function createSystem(ctx: Ctx, body: CreateSystemBody): Promise<InformationSystem> {
  const requestedOrg = await repo.findOrg(ctx, body.orgId, 'system.read');
  assertInScope(ctx, 'system.manage', requestedOrg);
  await checkOwner(ctx, body.ownerOrgId);
  await checkParent(ctx, body.parentSystemId);
  if (body.code && (await repo.codeTaken(ctx, body.code))) throw fieldError('code', 'errors.systems.codeTaken', { code: body.code });
  const code = body.code ?? (await nextSystemCode(ctx, requestedOrg.code));
  return withTx(ctx, async (tx) => {
    const created = await insertSystemRow(tx, { ...fieldsOf(body), orgId: requestedOrg.id, code, name: body.name, systemType: body.systemType }, body.components);
    await record(tx, { action: 'system.created', entityType: 'system', entityId: created.id, orgId: created.orgId, after: { ...created, components: body.components } });
    return reload(tx, created.id);
  });
}

/**
 * Edits a system; `components` replaces the list as a whole; a new `orgId` moves it (system.manage
 * on both units). Changing the facts keeps the proposed level: only classify recomputes it.
 */
export async function updateSystem(ctx: Ctx, id: string, body: UpdateSystemBody): Promise<InformationSystem> {
  const row = await repo.findSystem(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'system.manage', { orgPath: row.orgPath });
  const before = row.system;
  const moving = body.orgId !== undefined && body.orgId !== before.orgId;
  if (moving && body.orgId) assertInScope(ctx, 'system.manage', await repo.findOrg(ctx, body.orgId, 'system.read'));
  if (body.ownerOrgId !== before.ownerOrgId) await checkOwner(ctx, body.ownerOrgId);
  if (body.parentSystemId !== before.parentSystemId) await checkParent(ctx, body.parentSystemId, id);
  if (body.code && (await repo.codeTaken(ctx, body.code, id))) throw fieldError('code', 'errors.systems.codeTaken', { code: body.code });
  const components = body.components;
  return withTx(ctx, async (tx) => {
    const beforeComponents = (await repo.componentsOf(tx, [id])).get(id) ?? [];
    const after = await writeSystemUpdate(tx, before, fieldsOf(body), components);
    await record(tx, {
      action: moving ? 'system.moved' : 'system.updated',
      entityType: 'system',
      entityId: id,
      orgId: after.orgId,
      before: { ...before, components: beforeComponents.map(({ kind, vendor, product, version }) => ({ kind, vendor, product, version })) },
      after: { ...after, ...(components ? { components } : {}) },
    });
    return reload(tx, id);
  });
}

/** Deletes a system that has no sub-systems; its components and classification history go with it. */
export async function deleteSystem(ctx: Ctx, id: string): Promise<void> {
  const row = await repo.findSystem(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'system.manage', { orgPath: row.orgPath });
  const children = await repo.countChildren(ctx, id);
  if (children > 0) throw new AppError('invalid_state', 'errors.systems.hasChildren', { count: children, name: row.system.name });
  await withTx(ctx, async (tx) => {
    await tx.db.delete(informationSystems).where(eq(informationSystems.id, id));
    await record(tx, { action: 'system.deleted', entityType: 'system', entityId: id, orgId: row.system.orgId, before: row.system });
  });
}

/** The level determinations of a system, newest first. */
export async function listClassifications(ctx: Ctx, id: string): Promise<SystemClassificationList> {
  const row = await repo.findSystem(ctx, id);
  if (!row) throw notFound();
  const rows = await repo.listClassifications(ctx, id);
  return { items: rows.map((r) => presentClassification(r.c, r.createdByName)), total: rows.length };
}

/**
 * Determines the level of a system: writes the answers into its columns, runs the legal rules of the
 * regime (default: the one in force), and keeps the answers, matched criteria and result in the
 * history — never only the number (legal-framework.md §10.4). A composite system takes at least the
 * highest level of its sub-systems (approved, else proposed).
 */
export async function classifySystem(ctx: Ctx, id: string, body: ClassifySystemBody): Promise<ClassifySystemResult> {
  const row = await repo.findSystem(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'system.manage', { orgPath: row.orgPath });
  const componentLevels = await repo.childLevels(ctx, id);
  const result = await classify(ctx, body.regime, body.answers, componentLevels);
  if (result.level === null) throw fieldError('answers', 'errors.systems.noLevel');
  const level = result.level;
  return withTx(ctx, async (tx) => {
    const at = tx.clock();
    const after = await writeSystemUpdate(tx, row.system, { ...body.answers, regime: result.regime, proposedLevel: level, classifiedAt: at });
    const [saved] = await tx.db
      .insert(classifications)
      .values({ id: uuidv7(), systemId: id, orgId: after.orgId, regime: result.regime, answers: body.answers, level, result, createdBy: principalUserId(tx.principal), createdAt: at })
      .returning();
    if (!saved) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
    await record(tx, {
      action: 'system.classified',
      entityType: 'system',
      entityId: id,
      orgId: after.orgId,
      before: { regime: row.system.regime, proposedLevel: row.system.proposedLevel },
      after: { regime: result.regime, proposedLevel: level, classificationId: saved.id, matched: result.matched.map((m) => m.code) },
    });
    const [history] = await repo.listClassifications(tx, id);
    return { system: await reload(tx, id), classification: presentClassification(saved, history?.createdByName ?? null) };
  });
}
