/**
 * An import is previewed, kept, then committed by the person who previewed it, once: the `imports`
 * table holds the rows read from the file in between. Shared by every spreadsheet import.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Ctx } from '../http/context';
import { AppError, notFound } from '../http/errors';
import { inScope } from '../authz/scope';
import type { Action } from '../authz/policies';
import { principalUserId } from '../authz/principal';
import { imports } from '../db/schema';
import { importOwnerOrg } from './import-file';

type Kind = 'orgs' | 'systems' | 'endpoints';

/** Keeps the rows read from a previewed file for its commit; returns the import's id. */
export async function storePreview(ctx: Ctx, kind: Kind, action: Action, fileName: string, rows: unknown): Promise<string> {
  const userId = principalUserId(ctx.principal);
  if (!userId) throw new AppError('forbidden', 'errors.forbidden');
  const orgId = await importOwnerOrg(ctx, action);
  const id = uuidv7();
  await ctx.db.insert(imports).values({ id, kind, orgId, createdBy: userId, fileName: fileName.slice(0, 255) || 'import', rows });
  return id;
}

export interface CommitMessages {
  alreadyCommitted: string;
  notFound: string;
}

/** The kept rows of an import this person previewed and has not committed; anyone else's is not found. */
export async function loadPreview<T>(ctx: Ctx, kind: Kind, action: Action, id: string, schema: z.ZodType<T>, m: CommitMessages): Promise<T> {
  const userId = principalUserId(ctx.principal);
  if (!userId) throw notFound();
  const [saved] = await ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.kind, kind), eq(imports.createdBy, userId), inScope(ctx, action, imports.orgId)));
  if (!saved) throw notFound();
  if (saved.committedAt) throw new AppError('invalid_state', m.alreadyCommitted);
  const rows = schema.safeParse(saved.rows);
  if (!rows.success) throw new AppError('invalid_state', m.notFound);
  return rows.data;
}

/** Marks the import committed inside the commit's transaction: a second, concurrent commit loses. */
export async function markCommitted(tx: Ctx, id: string, m: CommitMessages): Promise<void> {
  const marked = await tx.db
    .update(imports)
    .set({ committedAt: tx.clock() })
    .where(and(eq(imports.id, id), isNull(imports.committedAt)))
    .returning({ id: imports.id });
  if (marked.length === 0) throw new AppError('invalid_state', m.alreadyCommitted);
}
