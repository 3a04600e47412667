import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import type { ApiToken, CreateTokenBody, CreatedToken } from '@shared/api/tokens';
import { apiTokens, orgs, users } from '../../db/schema';
import { assertInScope, authorize, inScope } from '../../authz/scope';
import { holdsOn } from '../../authz/policies';
import { AppError, fieldError, notFound } from '../../http/errors';
import { withTx, type Ctx } from '../../http/context';
import { record } from '../../audit/audit';
import { newApiSecret, sha256 } from '../auth/tokens';
import { forgetApiToken } from '../auth/auth.service';

const creator = alias(users, 'creator');

async function listRows(ctx: Ctx, id?: string) {
  const rows = await ctx.db
    .select({ t: apiTokens, orgName: orgs.name, orgPath: orgs.path, createdBy: creator.fullName })
    .from(apiTokens)
    .innerJoin(orgs, eq(orgs.id, apiTokens.orgId))
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .where(and(inScope(ctx, 'token.manage', apiTokens.orgId), id ? eq(apiTokens.id, id) : undefined))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
  return rows.map(({ t, orgName, orgPath, createdBy }) => ({
    orgPath,
    token: {
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      orgId: t.orgId,
      orgName,
      actions: t.actions,
      createdAt: t.createdAt.toISOString(),
      createdBy,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      expiresAt: t.expiresAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    },
  }));
}

/** API tokens the actor manages, newest first. */
export async function listTokens(ctx: Ctx): Promise<ApiToken[]> {
  return (await listRows(ctx)).map((r) => r.token);
}

/** Issues a token for a machine client, scoped to an organisation subtree and to actions its creator holds there. */
export async function createToken(ctx: Ctx, body: CreateTokenBody): Promise<CreatedToken> {
  const [org] = await ctx.db.select({ path: orgs.path }).from(orgs).where(and(eq(orgs.id, body.orgId), inScope(ctx, 'org.read', orgs.id)));
  assertInScope(ctx, 'token.manage', org);
  for (const action of body.actions) {
    // alert.ingest is held by no person (only machines post alerts): whoever manages tokens there grants it.
    if (action === 'alert.ingest') continue;
    if (!ctx.principal || !holdsOn(ctx.principal, action, org.path)) throw fieldError('actions', 'errors.tokens.actionNotHeld', { action });
  }
  const { secret, prefix } = newApiSecret();
  const id = uuidv7();
  const now = ctx.clock();
  await withTx(ctx, async (tx) => {
    await tx.db.insert(apiTokens).values({
      id,
      name: body.name,
      prefix,
      secretHash: sha256(secret),
      orgId: body.orgId,
      actions: body.actions,
      createdBy: ctx.principal?.kind === 'user' ? ctx.principal.userId : null,
      createdAt: now,
      expiresAt: body.expiresInDays ? new Date(now.getTime() + body.expiresInDays * 86_400_000) : null,
    });
    await record(tx, { action: 'token.created', entityType: 'api_token', entityId: id, orgId: body.orgId, after: { name: body.name, prefix, actions: body.actions } });
  });
  const [created] = await listRows(ctx, id);
  if (!created) throw new AppError('internal', 'errors.internal', { requestId: ctx.requestId });
  return { token: created.token, secret };
}

/** Revokes a token; it stops authenticating at once. */
export async function revokeToken(ctx: Ctx, id: string): Promise<ApiToken> {
  const [found] = await listRows(ctx, id);
  if (!found) throw notFound();
  authorize(ctx, 'token.manage', { orgPath: found.orgPath });
  await withTx(ctx, async (tx) => {
    if (!found.token.revokedAt) await tx.db.update(apiTokens).set({ revokedAt: tx.clock() }).where(eq(apiTokens.id, id));
    await record(tx, { action: 'token.revoked', entityType: 'api_token', entityId: id, orgId: found.token.orgId });
  });
  forgetApiToken(ctx, id);
  const [after] = await listRows(ctx, id);
  if (!after) throw notFound();
  return after.token;
}
