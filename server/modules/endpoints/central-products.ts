/**
 * Which antivirus product names count as the province's centrally managed anti-malware. The list is
 * province-wide: reading it needs endpoint.read, changing it endpoint.configure on the province
 * itself. Every change re-derives every machine's flags in the same transaction.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { CentralAvProduct, CreateCentralAvProductBody } from '@shared/api/endpoints';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, forbidden, notFound } from '../../http/errors';
import { inScope, pathInScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { centralAvProducts, orgs, type CentralAvProductRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { refreshProtection } from './protection';

/** Machines in service, in the reader's scope, with an enabled (or not known disabled) product matching the pattern. */
function matches(ctx: Ctx) {
  return sql<number>`(
    SELECT count(DISTINCT p.endpoint_id)::int FROM endpoint_av_products p JOIN endpoints e ON e.id = p.endpoint_id
    WHERE strpos(lower(p.name), lower(${centralAvProducts.pattern})) > 0 AND p.enabled IS NOT FALSE AND e.retired_at IS NULL
      AND ${inScope(ctx, 'endpoint.read', sql`e.org_id`)}
  )`.mapWith(Number);
}

function present(r: { c: CentralAvProductRow; matches: number }): CentralAvProduct {
  return { id: r.c.id, pattern: r.c.pattern, vendor: r.c.vendor, note: r.c.note, matches: r.matches, createdAt: r.c.createdAt.toISOString() };
}

async function listRows(ctx: Ctx, id?: string) {
  return ctx.db
    .select({ c: centralAvProducts, matches: matches(ctx) })
    .from(centralAvProducts)
    .where(id ? eq(centralAvProducts.id, id) : undefined)
    .orderBy(asc(centralAvProducts.pattern));
}

export async function listCentralProducts(ctx: Ctx) {
  const rows = await listRows(ctx);
  return { items: rows.map(present), total: rows.length };
}

/** The province (a root organisation) on which the actor holds endpoint.configure; otherwise 403. */
async function provinceConfigured(ctx: Ctx): Promise<{ id: string }> {
  const [root] = await ctx.db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(isNull(orgs.parentId), pathInScope(ctx, 'endpoint.configure', orgs.path)))
    .limit(1);
  if (!root) throw forbidden();
  return root;
}

export async function createCentralProduct(ctx: Ctx, body: CreateCentralAvProductBody): Promise<CentralAvProduct> {
  const province = await provinceConfigured(ctx);
  const [dup] = await ctx.db.select({ id: centralAvProducts.id }).from(centralAvProducts).where(sql`lower(${centralAvProducts.pattern}) = lower(${body.pattern})`);
  if (dup) throw fieldError('pattern', 'errors.endpoints.patternTaken', { pattern: body.pattern });
  return withTx(ctx, async (tx) => {
    const [created] = await tx.db
      .insert(centralAvProducts)
      .values({ id: uuidv7(), pattern: body.pattern, vendor: body.vendor ?? null, note: body.note ?? null, createdBy: principalUserId(tx.principal), createdAt: tx.clock() })
      .returning();
    if (!created) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
    await refreshProtection(tx.db);
    await record(tx, { action: 'endpoint.central_product_added', entityType: 'central_av_product', entityId: created.id, orgId: province.id, after: created });
    const [row] = await listRows(tx, created.id);
    if (!row) throw notFound();
    return present(row);
  });
}

export async function deleteCentralProduct(ctx: Ctx, id: string): Promise<void> {
  const province = await provinceConfigured(ctx);
  const [row] = await ctx.db.select().from(centralAvProducts).where(eq(centralAvProducts.id, id));
  if (!row) throw notFound();
  await withTx(ctx, async (tx) => {
    await tx.db.delete(centralAvProducts).where(eq(centralAvProducts.id, id));
    await refreshProtection(tx.db);
    await record(tx, { action: 'endpoint.central_product_removed', entityType: 'central_av_product', entityId: id, orgId: province.id, before: row });
  });
}
