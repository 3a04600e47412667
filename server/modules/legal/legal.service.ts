import type { ClassificationAnswers } from '@shared/api/classification';
import {
  Condition,
  type LegalRegimeList,
  type LevelAuthority,
  type LevelAuthorityList,
  type LevelCriterion,
  type LevelCriterionList,
  type PublicHoliday,
  type PublicHolidayList,
  type PutHolidayBody,
  type RegimeDeadline,
  type RegimeDeadlineList,
  type UpdateAuthorityBody,
  type UpdateCriterionBody,
  type UpdateDeadlineBody,
} from '@shared/api/legal';
import { evaluateLevel, regimeInForceOn, type ClassificationResult, type DeadlineStep, type RuleSet } from '@shared/domain/classification';
import type { Regime } from '@shared/domain/systems';
import { calendarOf, vnDay, type WorkingCalendar } from '@shared/domain/working-days';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound, unauthenticated } from '../../http/errors';
import { grantRoots } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import type { LevelAuthorityRow, LevelCriterionRow, RegimeDeadlineRow } from '../../db/schema';
import * as repo from './legal.repo';

// ── Reads ──────────────────────────────────────────────────────────────────────────────────

/** The regimes, with the one in force today (Vietnam's date). */
export async function listRegimes(ctx: Ctx): Promise<LegalRegimeList> {
  const rows = await repo.listRegimes(ctx);
  const today = regimeInForceOn(rows, vnDay(ctx.clock()));
  const items = rows.map((r) => ({
    code: r.code,
    nameVi: r.nameVi,
    nameEn: r.nameEn,
    legalRef: r.legalRef,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    inForce: r.code === today,
  }));
  return { items, total: items.length };
}

const presentCriterion = (r: LevelCriterionRow): LevelCriterion => ({ ...r, updatedAt: r.updatedAt.toISOString() });
const presentAuthority = (r: LevelAuthorityRow): LevelAuthority => ({ ...r, updatedAt: r.updatedAt.toISOString() });
const presentDeadline = (r: RegimeDeadlineRow): RegimeDeadline => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export async function listCriteria(ctx: Ctx, regime?: Regime): Promise<LevelCriterionList> {
  const items = (await repo.listCriteria(ctx, regime)).map(presentCriterion);
  return { items, total: items.length };
}

export async function listAuthorities(ctx: Ctx, regime?: Regime): Promise<LevelAuthorityList> {
  const items = (await repo.listAuthorities(ctx, regime)).map(presentAuthority);
  return { items, total: items.length };
}

export async function listDeadlines(ctx: Ctx, regime?: Regime): Promise<RegimeDeadlineList> {
  const items = (await repo.listDeadlines(ctx, regime)).map(presentDeadline);
  return { items, total: items.length };
}

export async function listHolidays(ctx: Ctx, year?: number): Promise<PublicHolidayList> {
  const items = await repo.listHolidays(ctx, year);
  return { items, total: items.length };
}

// ── Classification ─────────────────────────────────────────────────────────────────────────

/** Everything one regime says about levels, read from the rule tables. */
export async function loadRuleSet(ctx: Ctx, regime: Regime): Promise<RuleSet> {
  const [criteria, authorities, deadlines] = await Promise.all([repo.listCriteria(ctx, regime), repo.listAuthorities(ctx, regime), repo.listDeadlines(ctx, regime)]);
  return {
    regime,
    // Conditions are validated on every write; parsing again types them and refuses a row edited by hand into nonsense.
    criteria: criteria.map((c) => ({ ...c, condition: Condition.parse(c.condition) })),
    authorities,
    deadlines,
  };
}

/** The regime in force on a date (default: today in Vietnam), from the regimes' effective dates. */
export async function regimeInForce(ctx: Ctx, date: Date | string = ctx.clock()): Promise<Regime> {
  const day = vnDay(date);
  const regime = regimeInForceOn(await repo.listRegimes(ctx), day);
  if (!regime) throw new AppError('invalid_state', 'errors.legal.noRegimeInForce', { date: day });
  return regime;
}

/** The level of a system from its answers under a regime (default: the one in force today). */
export async function classify(ctx: Ctx, regime: Regime | undefined, answers: ClassificationAnswers, componentLevels: readonly number[] = []): Promise<ClassificationResult> {
  const ruleSet = await loadRuleSet(ctx, regime ?? (await regimeInForce(ctx)));
  return evaluateLevel(answers, ruleSet, { componentLevels });
}

/** The public-holiday calendar behind working-day deadlines. */
export async function loadCalendar(ctx: Ctx): Promise<WorkingCalendar> {
  return calendarOf(await repo.listHolidays(ctx));
}

// ── Writes (administrators of the whole province) ──────────────────────────────────────────

/**
 * The rule data applies to the whole province: the route's 'legal.manage' must be held at the top
 * of the organisation tree, not only on a commune's subtree.
 */
function assertProvinceWide(ctx: Ctx): void {
  if (!ctx.principal) throw unauthenticated();
  const topLevel = grantRoots(ctx.principal, 'legal.manage').some((path) => path.split('/').filter(Boolean).length <= 1);
  if (!topLevel) throw new AppError('forbidden', 'errors.legal.provinceAdminOnly');
}

/** Corrects a level criterion: its level, reference, texts, condition or verification. */
export async function updateCriterion(ctx: Ctx, id: string, body: UpdateCriterionBody): Promise<LevelCriterion> {
  assertProvinceWide(ctx);
  const before = await repo.findCriterion(ctx, id);
  if (!before) throw notFound();
  return withTx(ctx, async (tx) => {
    const after = await repo.updateCriterion(tx, id, { ...body, updatedAt: tx.clock(), updatedBy: principalUserId(tx.principal) });
    if (!after) throw notFound();
    await record(tx, { action: 'legal.criterion_updated', entityType: 'level_criterion', entityId: id, before, after });
    return presentCriterion(after);
  });
}

export async function updateAuthority(ctx: Ctx, regime: Regime, level: number, body: UpdateAuthorityBody): Promise<LevelAuthority> {
  assertProvinceWide(ctx);
  const before = await repo.findAuthority(ctx, regime, level);
  if (!before) throw notFound();
  return withTx(ctx, async (tx) => {
    const after = await repo.updateAuthority(tx, regime, level, { ...body, updatedAt: tx.clock() });
    if (!after) throw notFound();
    await record(tx, { action: 'legal.authority_updated', entityType: 'level_authority', entityId: `${regime}/${level}`, before, after });
    return presentAuthority(after);
  });
}

export async function updateDeadline(ctx: Ctx, regime: Regime, step: DeadlineStep, levelMin: number, body: UpdateDeadlineBody): Promise<RegimeDeadline> {
  assertProvinceWide(ctx);
  const before = await repo.findDeadline(ctx, regime, step, levelMin);
  if (!before) throw notFound();
  if (body.levelMax !== undefined && body.levelMax < levelMin) throw fieldError('levelMax', 'errors.legal.levelRange', { levelMin, levelMax: body.levelMax });
  return withTx(ctx, async (tx) => {
    const after = await repo.updateDeadline(tx, regime, step, levelMin, { ...body, updatedAt: tx.clock() });
    if (!after) throw notFound();
    await record(tx, { action: 'legal.deadline_updated', entityType: 'regime_deadline', entityId: `${regime}/${step}/${levelMin}`, before, after });
    return presentDeadline(after);
  });
}

/** Adds or corrects one day of the holiday calendar (a day off, or a weekend day worked in exchange). */
export async function putHoliday(ctx: Ctx, day: string, body: PutHolidayBody): Promise<PublicHoliday> {
  assertProvinceWide(ctx);
  const before = (await repo.findHoliday(ctx, day)) ?? null;
  return withTx(ctx, async (tx) => {
    const after = await repo.upsertHoliday(tx, { day, ...body });
    if (!after) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
    await record(tx, { action: before ? 'legal.holiday_updated' : 'legal.holiday_added', entityType: 'public_holiday', entityId: day, before, after });
    return after;
  });
}

export async function deleteHoliday(ctx: Ctx, day: string): Promise<void> {
  assertProvinceWide(ctx);
  const before = await repo.findHoliday(ctx, day);
  if (!before) throw notFound();
  await withTx(ctx, async (tx) => {
    await repo.deleteHoliday(tx, day);
    await record(tx, { action: 'legal.holiday_deleted', entityType: 'public_holiday', entityId: day, before });
  });
}
