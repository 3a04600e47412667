/**
 * The inventory of computers (issue #4): list, read, manual entry and edits, and the violations the
 * security authority sees. Protection flags are derived only by refreshProtection (protection.ts).
 */
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AvProductInput, CreateEndpointBody, Endpoint, EndpointList, ListEndpointsQuery, ListViolationsQuery, UpdateEndpointBody, Violation } from '@shared/api/endpoints';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, authorize } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { agentNodes, endpointAvProducts, endpointViolations, endpoints, type EndpointAvProductRow, type EndpointRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { refreshProtection } from './protection';
import * as repo from './endpoints.repo';
import { presentEndpoint, presentViolation } from './endpoints.present';

export async function listEndpoints(ctx: Ctx, q: ListEndpointsQuery): Promise<EndpointList> {
  const { items, total } = await repo.listEndpoints(ctx, q);
  const [products, patterns] = await Promise.all([repo.productsOf(ctx, items.map((r) => r.endpoint.id)), repo.centralPatterns(ctx)]);
  return { items: items.map((r) => presentEndpoint(ctx, r, products.get(r.endpoint.id) ?? [], patterns)), total };
}

export async function getEndpoint(ctx: Ctx, id: string): Promise<Endpoint> {
  const row = await repo.findEndpoint(ctx, id);
  if (!row) throw notFound();
  const [products, patterns] = await Promise.all([repo.productsOf(ctx, [id]), repo.centralPatterns(ctx)]);
  return presentEndpoint(ctx, row, products.get(id) ?? [], patterns);
}

/** Two entries for the same product name would collide on the key (endpoint, name). */
function checkProducts(products: AvProductInput[] | undefined): void {
  if (!products) return;
  const seen = new Set<string>();
  products.forEach((p, i) => {
    if (seen.has(p.name)) throw fieldError(`avProducts.${i}.name`, 'errors.endpoints.duplicateProduct', { name: p.name });
    seen.add(p.name);
  });
}

/** Replaces a machine's antivirus products with what a person entered, then re-derives its flags. */
async function replaceProducts(tx: Ctx, endpointId: string, products: AvProductInput[]): Promise<void> {
  await tx.db.delete(endpointAvProducts).where(eq(endpointAvProducts.endpointId, endpointId));
  if (products.length > 0) {
    const at = tx.clock();
    await tx.db
      .insert(endpointAvProducts)
      .values(products.map((p) => ({ endpointId, name: p.name, enabled: p.enabled, upToDate: p.upToDate, source: 'manual' as const, reportedAt: at })));
  }
  await refreshProtection(tx.db, [endpointId]);
}

const productsForAudit = (rows: Pick<EndpointAvProductRow, 'name' | 'enabled' | 'upToDate'>[]) => rows.map(({ name, enabled, upToDate }) => ({ name, enabled, upToDate }));

type EndpointFields = Partial<Omit<EndpointRow, 'id' | 'createdAt' | 'createdBy' | 'updatedAt'>>;

function fieldsOf(body: UpdateEndpointBody, before: EndpointRow | undefined, now: Date): EndpointFields {
  const { avProducts: _products, retired, ...fields } = body;
  const out: EndpointFields = { ...fields };
  if (retired === true && !before?.retiredAt) out.retiredAt = now;
  if (retired === false) out.retiredAt = null;
  return out;
}

async function checkHardware(ctx: Ctx, orgId: string, hardwareUuid: string | null | undefined, exceptId?: string): Promise<void> {
  if (hardwareUuid && (await repo.hardwareTaken(ctx, orgId, hardwareUuid, exceptId))) {
    throw fieldError('hardwareUuid', 'errors.endpoints.hardwareTaken', { hardwareUuid });
  }
}

/** Manual entry of a machine with no agent, in a unit the actor manages. A person saw it now. */
export async function createEndpoint(ctx: Ctx, body: CreateEndpointBody): Promise<Endpoint> {
  const org = await repo.findOrg(ctx, body.orgId, 'endpoint.read');
  assertInScope(ctx, 'endpoint.manage', org);
  checkProducts(body.avProducts);
  await checkHardware(ctx, body.orgId, body.hardwareUuid);
  return withTx(ctx, async (tx) => {
    const now = tx.clock();
    const { avProducts, ...fields } = body;
    const [created] = await tx.db
      .insert(endpoints)
      .values({ ...fields, id: uuidv7(), source: 'manual', reportedSeenAt: now, createdBy: principalUserId(tx.principal), createdAt: now, updatedAt: now })
      .returning();
    if (!created) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
    await replaceProducts(tx, created.id, avProducts);
    await record(tx, { action: 'endpoint.created', entityType: 'endpoint', entityId: created.id, orgId: created.orgId, after: { ...created, avProducts: productsForAudit(avProducts) } });
    return getEndpoint(tx, created.id);
  });
}

/**
 * Edits what people know of a machine; `avProducts` replaces its product list as a whole (marked
 * 'manual'); `retired` takes it out of (or back into) the figures; a new `orgId` moves it
 * (endpoint.manage on both units), its agent enrolment and violations with it.
 */
export async function updateEndpoint(ctx: Ctx, id: string, body: UpdateEndpointBody): Promise<Endpoint> {
  const row = await repo.findEndpoint(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'endpoint.manage', { orgPath: row.orgPath });
  const before = row.endpoint;
  const moving = body.orgId !== undefined && body.orgId !== before.orgId;
  if (moving && body.orgId) assertInScope(ctx, 'endpoint.manage', await repo.findOrg(ctx, body.orgId, 'endpoint.read'));
  checkProducts(body.avProducts);
  const targetOrg = body.orgId ?? before.orgId;
  const hardware = body.hardwareUuid === undefined ? before.hardwareUuid : body.hardwareUuid;
  if (moving || (body.hardwareUuid && body.hardwareUuid.toLowerCase() !== before.hardwareUuid?.toLowerCase())) await checkHardware(ctx, targetOrg, hardware, id);
  return withTx(ctx, async (tx) => {
    const beforeProducts = (await repo.productsOf(tx, [id])).get(id) ?? [];
    const now = tx.clock();
    const [after] = await tx.db
      .update(endpoints)
      .set({ ...fieldsOf(body, before, now), updatedAt: now })
      .where(eq(endpoints.id, id))
      .returning();
    if (!after) throw notFound();
    if (body.avProducts) await replaceProducts(tx, id, body.avProducts);
    if (moving) {
      // The agent's enrolment and open findings follow the machine, so its new unit's readers see them.
      await tx.db.update(agentNodes).set({ orgId: after.orgId }).where(eq(agentNodes.endpointId, id));
      await tx.db.update(endpointViolations).set({ orgId: after.orgId }).where(eq(endpointViolations.endpointId, id));
    }
    const retiredChange = (before.retiredAt === null) !== (after.retiredAt === null);
    await record(tx, {
      action: moving ? 'endpoint.moved' : retiredChange ? (after.retiredAt ? 'endpoint.retired' : 'endpoint.reinstated') : 'endpoint.updated',
      entityType: 'endpoint',
      entityId: id,
      orgId: after.orgId,
      before: { ...before, avProducts: productsForAudit(beforeProducts) },
      after: { ...after, ...(body.avProducts ? { avProducts: productsForAudit(body.avProducts) } : {}) },
    });
    return getEndpoint(tx, id);
  });
}

/**
 * Deletes a machine from the inventory; its products, programs, check-ins and violations go with it.
 * Not while an agent is enrolled for it: the agent would enrol it again at its next call — revoke
 * the agent first, or mark the machine retired.
 */
export async function deleteEndpoint(ctx: Ctx, id: string): Promise<void> {
  const row = await repo.findEndpoint(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'endpoint.manage', { orgPath: row.orgPath });
  if (row.agent) throw new AppError('invalid_state', 'errors.endpoints.hasAgent', { hostname: row.endpoint.hostname });
  await withTx(ctx, async (tx) => {
    const products = (await repo.productsOf(tx, [id])).get(id) ?? [];
    await tx.db.delete(endpoints).where(eq(endpoints.id, id));
    await record(tx, { action: 'endpoint.deleted', entityType: 'endpoint', entityId: id, orgId: row.endpoint.orgId, before: { ...row.endpoint, avProducts: productsForAudit(products) } });
  });
}

// --- Violations ----------------------------------------------------------------------------------

export async function listViolations(ctx: Ctx, q: ListViolationsQuery) {
  const { items, total } = await repo.listViolations(ctx, q);
  return { items: items.map((r) => presentViolation(ctx, r)), total };
}

/** Closes a violation with a note (endpoint.manage on the machine's unit). */
export async function resolveViolation(ctx: Ctx, id: string, note: string): Promise<Violation> {
  const row = await repo.findViolation(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'endpoint.manage', { orgPath: row.orgPath });
  if (row.v.resolvedAt) throw new AppError('invalid_state', 'errors.endpoints.violationResolved');
  return withTx(ctx, async (tx) => {
    const [after] = await tx.db
      .update(endpointViolations)
      .set({ resolvedAt: tx.clock(), resolvedBy: principalUserId(tx.principal), resolutionNote: note })
      .where(sql`${endpointViolations.id} = ${id} AND ${endpointViolations.resolvedAt} IS NULL`)
      .returning();
    if (!after) throw new AppError('invalid_state', 'errors.endpoints.violationResolved');
    await record(tx, { action: 'endpoint.violation_resolved', entityType: 'endpoint_violation', entityId: id, orgId: after.orgId, before: row.v, after });
    return presentViolation(tx, { ...row, v: after });
  });
}
