/**
 * The queries the documents need beyond the dossier itself (read through the dossiers module, so
 * scoped): the events, the system, the bodies and the people who sign, and the legal rule data.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { inScope } from '../../authz/scope';
import { dossierEvents, informationSystems, legalRegimes, levelAuthorities, orgs, users } from '../../db/schema';
import type { OrgInfo, Signer } from './documents.frame';

const parent = alias(orgs, 'parent');
const orgColumns = { name: orgs.name, code: orgs.code, kind: orgs.kind, address: orgs.address, parentName: parent.name };

export async function listEvents(ctx: Ctx, dossierId: string) {
  return ctx.db
    .select({ transition: dossierEvents.transition, actorId: dossierEvents.actorId, note: dossierEvents.note, version: dossierEvents.version, at: dossierEvents.at })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), inScope(ctx, 'dossier.read', dossierEvents.orgId)))
    .orderBy(asc(dossierEvents.at), asc(dossierEvents.id));
}

export async function findSystem(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(informationSystems)
    .where(and(eq(informationSystems.id, id), inScope(ctx, 'dossier.read', informationSystems.orgId)));
  return row;
}

/** A body named on a document of a dossier the reader may see: its name, code, kind, address and parent's name. */
export async function findOrg(ctx: Ctx, id: string): Promise<OrgInfo | undefined> {
  // scope-exempt: names of the bodies on a dossier already read in scope (the unit, its province, the
  // police or committee that appraised or approved it), as the paper document shows them.
  const [row] = await ctx.db.select(orgColumns).from(orgs).leftJoin(parent, eq(parent.id, orgs.parentId)).where(eq(orgs.id, id));
  return row;
}

/** The people who signed steps of a dossier the reader may see: name, title and body only. */
export async function findSigners(ctx: Ctx, ids: string[]): Promise<Map<string, Signer>> {
  if (!ids.length) return new Map();
  // scope-exempt: signatories of a dossier already read in scope; only what the signed paper shows.
  const rows = await ctx.db
    .select({ id: users.id, fullName: users.fullName, title: users.title, org: orgColumns })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .leftJoin(parent, eq(parent.id, orgs.parentId))
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, title: r.title, org: r.org }]));
}

/** Reference data (not organisation data): the regime and who appraises and approves at a level. */
export async function findRegime(ctx: Ctx, regime: Regime) {
  const [row] = await ctx.db.select().from(legalRegimes).where(eq(legalRegimes.code, regime));
  return row;
}

export async function findAuthority(ctx: Ctx, regime: Regime, level: number) {
  const [row] = await ctx.db
    .select()
    .from(levelAuthorities)
    .where(and(eq(levelAuthorities.regime, regime), eq(levelAuthorities.level, level)));
  return row;
}
