/**
 * Figures of the registry and the level dossiers for the province and each organisation (issue #3
 * "Figures"; Form 08 of Decree 331; the "received 19, approved 10" of the Sơn La directive), with the
 * names behind every number. Read-only; every query is scoped (figures.repo.ts).
 */
import type {
  AssessmentFigureRow,
  AssessmentFigures,
  AssessmentFiguresQuery,
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
import { DOSSIER_METRICS, reportPeriod, type PlanDeployment, type ReportCheck } from '@shared/api/figures';
import { DOSSIER_STATES, type Form08Status } from '@shared/domain/dossiers';
import { z } from 'zod';
import { vnDay } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { fieldError, notFound } from '../../http/errors';
import { form08Status } from '../dossiers';
import { countDue, listDueSystems } from '../assessments';
import * as repo from './figures.repo';

const DossierStateSchema = z.enum(DOSSIER_STATES);
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

/** One row of Form 08's per-system table. */
export interface ReportSystem {
  code: string;
  name: string;
  orgName: string;
  proposedLevel: number | null;
  approvedLevel: number | null;
  status: Form08Status | null;
  decisionNo: string | null;
  decisionDate: string | null;
  decisionIssuer: string | null;
  regulationNo: string | null;
  regulationIssuedOn: string | null;
  /** Not yet approved: the legal or directive due date of its dossier. */
  expectedApprovalOn: string | null;
  /** From the latest completed assessment's score; null when never assessed (nothing to say). */
  deployment: PlanDeployment | null;
  expectedFullDeploymentOn: string | null;
  check: ReportCheck | null;
}

export interface AnnualReportData {
  figures: SystemFigures & { org: NonNullable<SystemFigures['org']> };
  /** The reporting organisation's materialised path (its province is the first id). */
  orgPath: string;
  period: ReturnType<typeof reportPeriod>;
  systems: ReportSystem[];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The plan's deployment as Form 08 asks it, read off the latest completed assessment against the
 * level's requirements: every applicable requirement met (score 100) is "fully deployed", some is
 * "partly", none is "not deployed".
 */
function deploymentOf(score: number | null): PlanDeployment | null {
  if (score === null) return null;
  if (score >= 100) return 'full';
  return score > 0 ? 'partial' : 'none';
}

/**
 * The annual report's data (Form 08): the same figures as the figures page for the reporting
 * organisation, and its systems. `orgId` absent: the caller's one visible root (several → say which).
 */
export async function getAnnualReportData(ctx: Ctx, q: { orgId?: string; year: number }): Promise<AnnualReportData> {
  const figures = await getSystemFigures(ctx, { orgId: q.orgId });
  const org = figures.org;
  if (!org) throw fieldError('orgId', 'figures.errors.reportNeedsOrg');
  const focus = await repo.findOrg(ctx, org.id);
  if (!focus) throw notFound();
  const period = reportPeriod(q.year);
  const rows = await repo.listReportSystems(ctx, focus.path, period.from, period.to);
  const systems = rows.map((r): ReportSystem => {
    const state = r.dossier_state === null ? null : DossierStateSchema.parse(r.dossier_state);
    const status = state ? form08Status(state) : null;
    const before = r.checked_before_use === true;
    const periodic = r.checked_periodically === true;
    const score = num(r.score);
    return {
      code: String(r.code),
      name: String(r.name),
      orgName: String(r.org_name),
      proposedLevel: num(r.proposed_level),
      approvedLevel: num(r.approved_level),
      status,
      decisionNo: status === 'approved' ? text(r.decision_no) : null,
      decisionDate: status === 'approved' ? text(r.decision_date) : null,
      decisionIssuer: status === 'approved' ? text(r.decider_org) : null,
      regulationNo: text(r.regulation_no),
      regulationIssuedOn: text(r.regulation_issued_on),
      expectedApprovalOn: status && status !== 'approved' ? (text(r.due_on) ?? text(r.directive_due_on)) : null,
      deployment: deploymentOf(score),
      expectedFullDeploymentOn: score !== null && score < 100 ? text(r.remediation_due) : null,
      check: before && periodic ? 'both' : before ? 'before_use' : periodic ? 'periodic' : null,
    };
  });
  return { figures: { ...figures, org }, orgPath: focus.path, period, systems };
}

/**
 * Periodic assessments due, never done or overdue, for an organisation's subtree and per direct
 * child (or per visible root) — the assessments module's own list of due systems, rolled up along
 * the organisation path, so the figures and GET /api/assessments/due never disagree.
 */
export async function getAssessmentFigures(ctx: Ctx, q: AssessmentFiguresQuery): Promise<AssessmentFigures> {
  const { focus, roots } = await resolveFocus(ctx, q.orgId);
  const items = focus || roots.length ? await listDueSystems(ctx, { orgId: focus?.id, withinDays: q.withinDays }) : [];
  const rows: AssessmentFigureRow[] = [];
  const under = (path: string) => countDue(items.filter((i) => i.orgPath.startsWith(path)));
  if (focus) {
    const own = countDue(items.filter((i) => i.orgId === focus.id));
    if (own.never + own.overdue + own.dueSoon > 0) rows.push({ org: orgOf(focus), own: true, hasChildren: false, ...own });
    for (const child of await repo.listChildOrgs(ctx, focus.id)) rows.push({ org: orgOf(child), own: false, hasChildren: child.hasChildren, ...under(child.path) });
  } else {
    for (const root of roots) rows.push({ org: orgOf(root), own: false, hasChildren: await repo.hasChildren(ctx, root.id), ...under(root.path) });
  }
  const inRoots = items.filter((i) => roots.some((r) => i.orgPath.startsWith(r.path)));
  return { org: focus ? { ...orgOf(focus), parentId: focus.parentId } : null, asOf: vnDay(ctx.clock()), withinDays: q.withinDays, totals: countDue(inRoots), rows };
}
