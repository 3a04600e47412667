/**
 * Figures of the registry and the level dossiers for the province and each organisation (issue #3
 * "Figures"; Form 08 of Decree 331; the "received 19, approved 10" of the Sơn La directive), with the
 * names behind every number. Read-only; every query is scoped (figures.repo.ts).
 */
import type {
  DossierMetric,
  FigureCounters,
  FigureDrillList,
  FigureDrillQuery,
  FigureRow,
  SystemFigures,
  SystemFiguresQuery,
  SystemMetric,
  UnitsWithoutSubmissionList,
  UnitsWithoutSubmissionQuery,
} from '@shared/api/figures';
import { DOSSIER_METRICS } from '@shared/api/figures';
import { vnDay } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { fieldError, notFound } from '../../http/errors';
import * as repo from './figures.repo';
import type { FocusOrg, Tally } from './figures.repo';

/** The organisation asked for (404 when not visible), or the actor's visible roots. */
async function resolveFocus(ctx: Ctx, requestedOrgId: string | undefined): Promise<{ focus: FocusOrg | null; roots: FocusOrg[] }> {
  if (requestedOrgId) {
    const org = await repo.findOrg(ctx, requestedOrgId);
    if (!org) throw notFound();
    return { focus: org, roots: [org] };
  }
  const roots = await repo.listRootOrgs(ctx);
  return { focus: roots.length === 1 ? (roots[0] ?? null) : null, roots };
}

function emptyTally(): Tally {
  return {};
}

function add(into: Tally, from: Tally | undefined): Tally {
  if (from) for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

function counters(t: Tally): FigureCounters {
  const n = (k: string) => t[k] ?? 0;
  const levels = (p: string) => ({ '1': n(`${p}1`), '2': n(`${p}2`), '3': n(`${p}3`), '4': n(`${p}4`), '5': n(`${p}5`), none: n(`${p}none`) });
  return {
    units: n('units'),
    unitsWithoutSubmission: n('unitsWithoutSubmission'),
    systems: n('systems'),
    important: n('important'),
    classified: n('classified'),
    byProposedLevel: levels('p'),
    byApprovedLevel: levels('a'),
    dossiers: Object.fromEntries(DOSSIER_METRICS.map((m) => [m, n(m)])) as Record<DossierMetric, number>,
  };
}

/** Every tally of a subtree, per child of the focus ('' = the focus's own records). */
async function talliesOf(ctx: Ctx, focus: FocusOrg, today: string): Promise<Map<string, Tally>> {
  // Three independent aggregates: on PostgreSQL they run side by side on pool connections (the
  // province's figures in about the time of the slowest one); PGlite queues them on its one connection.
  const [systems, dossiers, units] = await Promise.all([repo.countSystems(ctx, focus), repo.countDossiers(ctx, focus, today), repo.countUnits(ctx, focus)]);
  const out = new Map<string, Tally>();
  for (const m of [systems, dossiers, units]) for (const [key, t] of m) out.set(key, add(out.get(key) ?? emptyTally(), t));
  return out;
}

const orgOf = (o: FocusOrg) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind });
const isZero = (c: FigureCounters) => c.systems === 0 && c.units === 0 && Object.values(c.dossiers).every((v) => v === 0);

/** Totals of an organisation's subtree and one row per direct child (its whole subtree each). */
export async function getSystemFigures(ctx: Ctx, q: SystemFiguresQuery): Promise<SystemFigures> {
  const today = vnDay(ctx.clock());
  const { focus, roots } = await resolveFocus(ctx, q.orgId);
  const rows: FigureRow[] = [];
  const total = emptyTally();
  if (focus) {
    const tallies = await talliesOf(ctx, focus, today);
    for (const t of tallies.values()) add(total, t);
    const own = counters(tallies.get('') ?? {});
    // The focus's own records (e.g. a system registered by the provincial People's Committee itself).
    if (!isZero(own)) rows.push({ org: orgOf(focus), own: true, hasChildren: false, ...own });
    for (const child of await repo.listChildOrgs(ctx, focus.id)) {
      rows.push({ org: orgOf(child), own: false, hasChildren: child.hasChildren, ...counters(tallies.get(child.id) ?? {}) });
    }
  } else {
    // Several separate subtrees (e.g. roles on two communes): one row per root.
    for (const root of roots) {
      const t = emptyTally();
      for (const x of (await talliesOf(ctx, root, today)).values()) add(t, x);
      add(total, t);
      rows.push({ org: orgOf(root), own: false, hasChildren: await repo.hasChildren(ctx, root.id), ...counters(t) });
    }
  }
  return { org: focus ? { ...orgOf(focus), parentId: focus.parentId } : null, asOf: today, totals: counters(total), rows };
}

/**
 * Reporting units (department, agency, commune) of the subtree under which no dossier was ever sent
 * (received_at never set), with what they have registered; `hasNoSystem` flags those with nothing at all.
 */
export async function listUnitsWithoutSubmission(ctx: Ctx, q: UnitsWithoutSubmissionQuery): Promise<UnitsWithoutSubmissionList> {
  const { roots } = await resolveFocus(ctx, q.orgId);
  if (roots.length === 0) return { items: [], total: 0 };
  const paths = roots.map((r) => r.path);
  const page = await repo.listUnitsWithoutSubmission(ctx, paths, q.limit, q.offset);
  const { systems, drafts } = await repo.countUnderUnits(ctx, page.map((u) => u.id));
  const items = page.map((u) => {
    const systemCount = systems.get(u.id) ?? 0;
    return { id: u.id, code: u.code, name: u.name, kind: u.kind, parentName: u.parentName, systemCount, draftCount: drafts.get(u.id) ?? 0, hasNoSystem: systemCount === 0 };
  });
  // The window count rides on the rows; a page past the end asks for the first row to learn it.
  const total = page[0]?.total ?? (q.offset > 0 ? ((await repo.listUnitsWithoutSubmission(ctx, paths, 1, 0))[0]?.total ?? 0) : 0);
  return { items, total };
}

function isDossierMetric(m: FigureDrillQuery['metric']): m is DossierMetric {
  return (DOSSIER_METRICS as readonly string[]).includes(m);
}

/** The systems or dossiers behind one number of the figures, a page at a time. */
export async function drillFigures(ctx: Ctx, q: FigureDrillQuery): Promise<FigureDrillList> {
  if (q.own === 'true' && !q.orgId) throw fieldError('own', 'figures.errors.ownNeedsOrg');
  const today = vnDay(ctx.clock());
  const { roots } = await resolveFocus(ctx, q.orgId);
  if (roots.length === 0) return { kind: isDossierMetric(q.metric) ? 'dossiers' : 'systems', items: [], total: 0 };
  const place: repo.Place = q.own === 'true' && q.orgId ? { ownOrgId: q.orgId } : { paths: roots.map((r) => r.path) };
  const none = { dossierId: null, dossierState: null, receivedAt: null, dueOn: null, directiveDueOn: null };
  if (isDossierMetric(q.metric)) {
    const metric = q.metric;
    const page = (limit: number, offset: number) => repo.listDrillDossiers(ctx, place, metric, today, limit, offset);
    const rows = await page(q.limit, q.offset);
    return {
      kind: 'dossiers',
      items: rows.map(({ total: _t, receivedAt, ...r }) => ({ ...r, receivedAt: receivedAt ? receivedAt.toISOString() : null })),
      total: rows[0]?.total ?? (q.offset > 0 ? ((await page(1, 0))[0]?.total ?? 0) : 0),
    };
  }
  const metric: SystemMetric = q.metric;
  const page = (limit: number, offset: number) => repo.listDrillSystems(ctx, place, metric, q.level, limit, offset);
  const rows = await page(q.limit, q.offset);
  return {
    kind: 'systems',
    items: rows.map(({ total: _t, ...r }) => ({ ...r, ...none })),
    total: rows[0]?.total ?? (q.offset > 0 ? ((await page(1, 0))[0]?.total ?? 0) : 0),
  };
}
