/**
 * Queries of the legal rule tables. These hold province-wide reference data, not organisation-owned
 * rows: no scope predicate applies (the route's action still gates every call).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Regime } from '@shared/domain/systems';
import type { DeadlineStep } from '@shared/domain/classification';
import type { Ctx } from '../../http/context';
import {
  legalRegimes,
  levelAuthorities,
  levelCriteria,
  publicHolidays,
  regimeDeadlines,
  type LevelAuthorityRow,
  type LevelCriterionRow,
  type PublicHolidayRow,
  type RegimeDeadlineRow,
} from '../../db/schema';

export function listRegimes(ctx: Ctx) {
  return ctx.db.select().from(legalRegimes).orderBy(asc(legalRegimes.effectiveFrom));
}

export function listCriteria(ctx: Ctx, regime?: Regime) {
  return ctx.db
    .select()
    .from(levelCriteria)
    .where(regime ? eq(levelCriteria.regime, regime) : undefined)
    .orderBy(asc(levelCriteria.regime), asc(levelCriteria.sort), asc(levelCriteria.code));
}

export async function findCriterion(ctx: Ctx, id: string): Promise<LevelCriterionRow | undefined> {
  const [row] = await ctx.db.select().from(levelCriteria).where(eq(levelCriteria.id, id));
  return row;
}

export async function updateCriterion(tx: Ctx, id: string, set: Partial<LevelCriterionRow>): Promise<LevelCriterionRow | undefined> {
  const [row] = await tx.db.update(levelCriteria).set(set).where(eq(levelCriteria.id, id)).returning();
  return row;
}

export function listAuthorities(ctx: Ctx, regime?: Regime) {
  return ctx.db
    .select()
    .from(levelAuthorities)
    .where(regime ? eq(levelAuthorities.regime, regime) : undefined)
    .orderBy(asc(levelAuthorities.regime), asc(levelAuthorities.level));
}

const authorityKey = (regime: Regime, level: number) => and(eq(levelAuthorities.regime, regime), eq(levelAuthorities.level, level));

export async function findAuthority(ctx: Ctx, regime: Regime, level: number): Promise<LevelAuthorityRow | undefined> {
  const [row] = await ctx.db.select().from(levelAuthorities).where(authorityKey(regime, level));
  return row;
}

export async function updateAuthority(tx: Ctx, regime: Regime, level: number, set: Partial<LevelAuthorityRow>): Promise<LevelAuthorityRow | undefined> {
  const [row] = await tx.db.update(levelAuthorities).set(set).where(authorityKey(regime, level)).returning();
  return row;
}

export function listDeadlines(ctx: Ctx, regime?: Regime) {
  return ctx.db
    .select()
    .from(regimeDeadlines)
    .where(regime ? eq(regimeDeadlines.regime, regime) : undefined)
    .orderBy(asc(regimeDeadlines.regime), asc(regimeDeadlines.step), asc(regimeDeadlines.levelMin));
}

const deadlineKey = (regime: Regime, step: DeadlineStep, levelMin: number) =>
  and(eq(regimeDeadlines.regime, regime), eq(regimeDeadlines.step, step), eq(regimeDeadlines.levelMin, levelMin));

export async function findDeadline(ctx: Ctx, regime: Regime, step: DeadlineStep, levelMin: number): Promise<RegimeDeadlineRow | undefined> {
  const [row] = await ctx.db.select().from(regimeDeadlines).where(deadlineKey(regime, step, levelMin));
  return row;
}

export async function updateDeadline(tx: Ctx, regime: Regime, step: DeadlineStep, levelMin: number, set: Partial<RegimeDeadlineRow>) {
  const [row] = await tx.db.update(regimeDeadlines).set(set).where(deadlineKey(regime, step, levelMin)).returning();
  return row;
}

export function listHolidays(ctx: Ctx, year?: number) {
  const range = year ? and(gte(publicHolidays.day, `${year}-01-01`), lte(publicHolidays.day, `${year}-12-31`)) : undefined;
  return ctx.db.select().from(publicHolidays).where(range).orderBy(asc(publicHolidays.day));
}

export async function findHoliday(ctx: Ctx, day: string): Promise<PublicHolidayRow | undefined> {
  const [row] = await ctx.db.select().from(publicHolidays).where(eq(publicHolidays.day, day));
  return row;
}

export async function upsertHoliday(tx: Ctx, row: PublicHolidayRow): Promise<PublicHolidayRow | undefined> {
  const { day: _day, ...rest } = row;
  const [saved] = await tx.db.insert(publicHolidays).values(row).onConflictDoUpdate({ target: publicHolidays.day, set: rest }).returning();
  return saved;
}

export async function deleteHoliday(tx: Ctx, day: string): Promise<void> {
  await tx.db.delete(publicHolidays).where(eq(publicHolidays.day, day));
}
