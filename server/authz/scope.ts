/**
 * WHAT MAY THIS PERSON SEE? — the only code that knows how the organisation tree is walked.
 * ⚠ A bug here leaks one organisation's data to another: ask for two reviewers and add a test in
 * scope.test.ts for every change.
 *
 * A scope is the set of subtree roots (materialised paths, see migration 0001) on which the actor
 * holds an action. Reads of org-owned tables add `inScope(ctx, action, table.orgId)` to their WHERE;
 * an empty scope matches no rows — an absent filter never means "everything".
 */
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Ctx } from '../http/context';
import { AppError, notFound } from '../http/errors';
import { grantRoots, holdsOn, type Action } from './policies';

function rootsOf(ctx: Ctx, action: Action): string[] {
  if (!ctx.principal) throw new AppError('unauthenticated', 'errors.unauthenticated');
  return grantRoots(ctx.principal, action);
}

/** SQL condition: the organisation id in `column` lies in a subtree where the actor holds `action`. */
export function inScope(ctx: Ctx, action: Action, column: AnyColumn | SQL): SQL {
  const prefixes = rootsOf(ctx, action).map((r) => `${r}%`);
  if (prefixes.length === 0) return sql`false`;
  return sql`${column} IN (SELECT o.id FROM orgs o WHERE o.path LIKE ANY(${sql.param(prefixes)}::text[]))`;
}

/** SQL condition on an orgs.path column itself (the orgs table is its own owner). */
export function pathInScope(ctx: Ctx, action: Action, pathColumn: AnyColumn): SQL {
  const prefixes = rootsOf(ctx, action).map((r) => `${r}%`);
  if (prefixes.length === 0) return sql`false`;
  return sql`${pathColumn} LIKE ANY(${sql.param(prefixes)}::text[])`;
}

/** A resource the actor can see: may they act on it? Not holding the action there → forbidden. */
export function authorize(ctx: Ctx, action: Action, resource: { orgPath: string }): void {
  if (!ctx.principal) throw new AppError('unauthenticated', 'errors.unauthenticated');
  if (!holdsOn(ctx.principal, action, resource.orgPath)) throw new AppError('forbidden', 'errors.forbidden');
}

/**
 * For writes that name an organisation (a `requestedOrgId` from a body), after looking it up with a
 * scoped read: not visible (undefined) → not_found, so ids of other organisations cannot be probed;
 * visible but the action is not held there → forbidden.
 */
export function assertInScope(ctx: Ctx, action: Action, org: { path: string } | undefined): asserts org is { path: string } {
  if (!org) throw notFound();
  authorize(ctx, action, { orgPath: org.path });
}

export function can(ctx: Ctx, action: Action, resource: { orgPath: string }): boolean {
  return !!ctx.principal && holdsOn(ctx.principal, action, resource.orgPath);
}
