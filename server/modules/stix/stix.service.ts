/**
 * STIX 2.1 export use cases: load through the owning module (which applies the scope, so another
 * organisation's incident is not found), check the sharing right on the row, build, audit.
 */
import { and, asc, eq, gte, isNull, lt } from 'drizzle-orm';
import { STIX_MAX_PERIOD_DAYS, type StixPeriodQuery } from '@shared/api/stix';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { translator } from '../../http/i18n';
import { authorize, can, inScope } from '../../authz/scope';
import { fieldError, notFound } from '../../http/errors';
import { record } from '../../audit/audit';
import { incidents, orgs } from '../../db/schema';
import type { StixAdvisoryInput, StixIncidentInput, StixOrg } from './stix.model';
import type { StixBuildOptions } from './stix.common';
import { buildIncidentBundle, buildIncidentsBundle } from './stix.incident';
import { buildAdvisoryBundle } from './stix.advisory';

const DAY_MS = 86_400_000;

export type IncidentLoader = (ctx: Ctx, id: string) => Promise<StixIncidentInput>;
export type AdvisoryLoader = (ctx: Ctx, id: string) => Promise<StixAdvisoryInput>;

/** A bundle ready to send: the JSON text and the file name it downloads as. */
export interface StixDownload {
  body: string;
  fileName: string;
}

/**
 * The producer of every export: the province's security authority (the provincial police, the
 * organisation of kind `police` nearest the root), else the province itself.
 */
async function findProducer(ctx: Ctx): Promise<StixOrg> {
  const columns = { id: orgs.id, code: orgs.code, name: orgs.name, updatedAt: orgs.updatedAt };
  // scope-exempt: the name of the province's security authority, which signs every export, is public.
  const [police] = await ctx.db.select(columns).from(orgs).where(eq(orgs.kind, 'police')).orderBy(asc(orgs.depth), asc(orgs.path)).limit(1);
  if (police) return police;
  // scope-exempt: the province root, named as the producer when no police organisation is registered.
  const [root] = await ctx.db.select(columns).from(orgs).where(isNull(orgs.parentId)).orderBy(asc(orgs.path)).limit(1);
  if (!root) throw new Error('no province root organisation');
  return root;
}

async function buildOptions(ctx: Ctx): Promise<StixBuildOptions> {
  return { producer: await findProducer(ctx), lang: ctx.locale, t: translator(ctx.locale) };
}

/** The path of an organisation, for the sharing check on the incident's reporting unit. */
async function orgPathOf(ctx: Ctx, orgId: string): Promise<string | undefined> {
  // scope-exempt: the row was already found through the incidents module's scoped read; this only
  // reads its organisation's path to decide whether the actor may share it.
  const [row] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  return row?.path;
}

async function authorizeShare(ctx: Ctx, input: StixIncidentInput): Promise<void> {
  const orgPath = input.orgPath ?? (await orgPathOf(ctx, input.reportingOrg.id));
  if (!orgPath) throw notFound();
  // Visible (the loader found it) but not shareable by this actor → 403.
  authorize(ctx, 'incident.share', { orgPath });
}

/** One incident as a STIX 2.1 bundle for the National Cyber Security Center; the export is audited. */
export async function exportIncident(ctx: Ctx, id: string, load: IncidentLoader): Promise<StixDownload> {
  const input = await load(ctx, id);
  await authorizeShare(ctx, input);
  const bundle = buildIncidentBundle(input, await buildOptions(ctx));
  await withTx(ctx, (tx) =>
    record(tx, {
      action: 'stix.incident_exported',
      entityType: 'incident',
      entityId: input.id,
      orgId: input.reportingOrg.id,
      after: { bundleId: bundle.id, tlp: input.tlp, objects: bundle.objects?.length ?? 0 },
    }),
  );
  return { body: JSON.stringify(bundle), fileName: translator(ctx.locale)('stix.file.incident', { code: input.code }) };
}

/** At most this many incidents in one period export (each is read with its indicators and timeline). */
export const MAX_PERIOD_INCIDENTS = 500;

/** Midnight of a calendar day in Vietnam (UTC+7, no daylight saving). */
function vietnamMidnight(day: string): Date {
  return new Date(`${day}T00:00:00.000+07:00`);
}

/**
 * The incidents the actor may share that were detected in the period (Vietnam calendar days, both
 * included), in one bundle; the earliest MAX_PERIOD_INCIDENTS when there are more.
 */
export async function exportIncidentsInPeriod(ctx: Ctx, q: StixPeriodQuery, load: IncidentLoader): Promise<StixDownload> {
  const from = vietnamMidnight(q.from);
  const to = new Date(vietnamMidnight(q.to).getTime() + DAY_MS);
  if (to <= from) throw fieldError('to', 'errors.stix.periodInverted', { from: q.from, to: q.to });
  if ((to.getTime() - from.getTime()) / DAY_MS > STIX_MAX_PERIOD_DAYS) throw fieldError('to', 'errors.stix.periodTooLong', { days: STIX_MAX_PERIOD_DAYS });
  const rows = await ctx.db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(gte(incidents.detectedAt, from), lt(incidents.detectedAt, to), inScope(ctx, 'incident.share', incidents.orgId)))
    .orderBy(asc(incidents.detectedAt), asc(incidents.id))
    .limit(MAX_PERIOD_INCIDENTS);
  const inputs: StixIncidentInput[] = [];
  for (const { id } of rows) inputs.push(await load(ctx, id));
  const shareable: StixIncidentInput[] = [];
  for (const input of inputs) {
    const orgPath = input.orgPath ?? (await orgPathOf(ctx, input.reportingOrg.id));
    if (orgPath && can(ctx, 'incident.share', { orgPath })) shareable.push(input);
  }
  const bundle = buildIncidentsBundle(shareable, await buildOptions(ctx));
  if (shareable.length > 0) {
    await withTx(ctx, (tx) =>
      record(tx, {
        action: 'stix.incidents_exported',
        entityType: 'incident',
        after: { bundleId: bundle.id, from: q.from, to: q.to, incidentIds: shareable.map((i) => i.id) },
      }),
    );
  }
  return { body: JSON.stringify(bundle), fileName: translator(ctx.locale)('stix.file.incidents', { from: q.from, to: q.to }) };
}

/** One advisory the actor may read as a STIX 2.1 report bundle; the export is audited. */
export async function exportAdvisory(ctx: Ctx, id: string, load: AdvisoryLoader): Promise<StixDownload> {
  const input = await load(ctx, id);
  const bundle = buildAdvisoryBundle(input, await buildOptions(ctx));
  await withTx(ctx, (tx) =>
    record(tx, {
      action: 'stix.advisory_exported',
      entityType: 'advisory',
      entityId: input.id,
      orgId: input.issuer.id,
      after: { bundleId: bundle.id, tlp: input.tlp, objects: bundle.objects?.length ?? 0 },
    }),
  );
  return { body: JSON.stringify(bundle), fileName: translator(ctx.locale)('stix.file.advisory', { code: input.code }) };
}
