/**
 * Demo levels and dossiers (issue #3): most systems classified with the real rule data, and level
 * dossiers in every state in the proportions of the Sơn La directive — about 19 received by the
 * police, 10 approved — so the figures page reads like the documents from the first start.
 * Deterministic: the same province every time, dated relative to the day of seeding.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { v5 as uuidv5 } from 'uuid';
import { ClassificationAnswers } from '@shared/api/classification';
import { evaluateLevel, type RuleSet } from '@shared/domain/classification';
import type { DossierState, DossierTransition } from '@shared/domain/dossiers';
import { SECURITY_PLAN_PARTS } from '@shared/domain/dossiers';
import { addCalendarDays, dueDate, vnDay, type WorkingCalendar } from '@shared/domain/working-days';
import { addMonths, assessmentScore, type ItemStatus } from '@shared/domain/assessments';
import type { Regime } from '@shared/domain/systems';
import type { Ctx } from '../http/context';
import { assessmentItems, assessmentSchedules, assessments, classifications, dossierEvents, dossierVersions, dossiers, requirementCatalogues, requirements } from '../db/schema';
import { loadCalendar, loadRuleSet } from '../modules/legal';
import type { DemoSystem } from './seed';

const NS = '6f1d7a52-8c0e-4d53-9a57-0b6f3c1e2d44';
const idOf = (key: string) => uuidv5(`levels:${key}`, NS);

export interface SeedLevelsInput {
  systems: readonly DemoSystem[];
  systemId: (code: string) => string;
  orgId: (code: string) => string;
  /** The unit's designated security officer, if any (the preparer in the history). */
  officerOf: (orgCode: string) => string | null;
  appraiserId: string;
  approverId: string;
}

function answersOf(s: DemoSystem): ClassificationAnswers {
  return ClassificationAnswers.parse({
    systemType: s.systemType,
    infoTypes: s.infoTypes,
    userCount: s.userCount,
    personalBasicSubjects: s.personalBasicSubjects,
    personalSensitiveSubjects: s.personalSensitiveSubjects,
    handlesAdminProcedures: s.handlesAdminProcedures,
    onlinePublicServiceLevel: s.onlinePublicServiceLevel,
    infraScope: s.infraScope,
    requires24x7: s.requires24x7,
  });
}

/**
 * The states of the demo dossiers, in order of the systems chosen for them. A slot with `org` goes to
 * that unit's first system instead (the others keep theirs).
 */
const PLAN: { state: DossierState; regime: Regime; org?: string }[] = [
  ...Array.from({ length: 7 }, () => ({ state: 'approved' as const, regime: 'nd85_2016' as const })),
  ...Array.from({ length: 3 }, () => ({ state: 'approved' as const, regime: 'nd331_2026' as const })),
  { state: 'submitted_for_approval', regime: 'nd331_2026' },
  { state: 'appraised', regime: 'nd331_2026' },
  { state: 'under_appraisal', regime: 'nd331_2026' },
  // The police division that appraises runs this system itself: an independent council must appraise it.
  { state: 'under_appraisal', regime: 'nd331_2026', org: 'PA05' },
  // (A second received dossier is the re-determination of an old approval: seedRedetermination.)
  { state: 'submitted', regime: 'nd331_2026' },
  { state: 'returned_for_revision', regime: 'nd331_2026' },
  { state: 'returned_incomplete', regime: 'nd331_2026' },
  { state: 'rejected', regime: 'nd85_2016' },
  ...Array.from({ length: 13 }, () => ({ state: 'draft' as const, regime: 'nd331_2026' as const })),
  { state: 'withdrawn', regime: 'nd331_2026' },
];

/** The transitions that led to each state, in order. */
const PATH: Record<DossierState, DossierTransition[]> = {
  draft: [],
  withdrawn: ['withdraw'],
  submitted: ['submit'],
  returned_incomplete: ['submit', 'return_incomplete'],
  under_appraisal: ['submit', 'accept'],
  returned_for_revision: ['submit', 'accept', 'return_for_revision'],
  appraised: ['submit', 'accept', 'appraise'],
  submitted_for_approval: ['submit', 'accept', 'appraise', 'submit_for_approval'],
  approved: ['submit', 'accept', 'appraise', 'submit_for_approval', 'approve'],
  rejected: ['submit', 'accept', 'appraise', 'submit_for_approval', 'reject'],
  superseded: ['submit', 'accept', 'appraise', 'submit_for_approval', 'approve'],
};

const NEXT: Record<DossierTransition, DossierState> = {
  submit: 'submitted',
  accept: 'under_appraisal',
  return_incomplete: 'returned_incomplete',
  return_for_revision: 'returned_for_revision',
  appraise: 'appraised',
  submit_for_approval: 'submitted_for_approval',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
};

function sectionsFor(s: DemoSystem, level: number, criteria: string[]) {
  const plan = Object.fromEntries(
    SECURITY_PLAN_PARTS.map((p) => [p, `Phương án (${p.replace(/_/g, ' ')}) cho hệ thống ${s.name}, đáp ứng yêu cầu cơ bản của cấp độ ${level}.`]),
  );
  return {
    overview: `${s.name}: ${s.purpose} Vận hành tại ${s.hostingProvider ?? 'phòng máy của đơn vị'}; ${s.userCount.toLocaleString('vi-VN')} người sử dụng.`,
    design: `Thành phần chính: ${s.components.map((c) => [c.vendor, c.product, c.version].filter(Boolean).join(' ')).join('; ')}.`,
    level_rationale: [`Đề xuất cấp độ ${level}, căn cứ:`, ...criteria.map((c) => `- ${c}`)].join('\n'),
    security_plan: plan,
  };
}

/** Classifies the demo systems and opens their dossiers; returns how many of each were written. */
export async function seedLevels(ctx: Ctx, input: SeedLevelsInput): Promise<{ classified: number; dossiers: number; assessments: number }> {
  const today = vnDay(ctx.clock());
  const calendar: WorkingCalendar = await loadCalendar(ctx);
  const rules: Record<Regime, RuleSet> = { nd85_2016: await loadRuleSet(ctx, 'nd85_2016'), nd331_2026: await loadRuleSet(ctx, 'nd331_2026') };

  // Nine systems in ten have been through the questionnaire; the rest wait for it (not those a dossier slot names).
  const pinned = new Set(PLAN.flatMap((p) => (p.org ? [p.org] : [])));
  const classified = input.systems.filter((s, i) => i % 10 !== 9 || pinned.has(s.org));
  const levelOf = new Map<string, { level: number; criteria: string[] }>();
  const classRows = [];
  for (const [i, s] of classified.entries()) {
    const answers = answersOf(s);
    const result = evaluateLevel(answers, rules.nd331_2026);
    if (result.level === null) continue;
    levelOf.set(s.code, { level: result.level, criteria: result.matched.map((m) => `${m.legalRef}: ${m.textVi}`) });
    const at = new Date(`${addCalendarDays(today, -(20 + (i % 90)))}T03:00:00Z`);
    classRows.push({
      id: idOf(`classification:${s.code}`),
      systemId: input.systemId(s.code),
      orgId: input.orgId(s.org),
      regime: 'nd331_2026' as const,
      answers,
      level: result.level,
      result,
      createdBy: input.officerOf(s.org),
      createdAt: at,
    });
  }
  for (let i = 0; i < classRows.length; i += 200) await ctx.db.insert(classifications).values(classRows.slice(i, i + 200));
  await ctx.db.execute(sql`
    UPDATE information_systems s SET regime = 'nd331_2026', proposed_level = c.level, classified_at = c.created_at
      FROM classifications c WHERE c.system_id = s.id`);

  // Dossiers: important platforms and department systems first, then communes, one per system.
  const candidates = input.systems
    .filter((s) => levelOf.has(s.code) && !s.parent && !pinned.has(s.org))
    .sort((a, b) => Number(b.isImportant) - Number(a.isImportant) || a.code.localeCompare(b.code));
  const picked = candidates.filter((_, i) => i % 3 === 0);
  const chosen = PLAN.map((p, i) => (p.org ? input.systems.find((x) => x.org === p.org && levelOf.has(x.code)) : picked[i]));
  let decisionNo = 0;
  let written = 0;
  const approvedSystems: ApprovedSystem[] = [];
  for (const [i, s] of chosen.entries()) {
    const plan = PLAN[i];
    const cls = s ? levelOf.get(s.code) : undefined;
    if (!plan || !s || !cls) continue;
    written += 1;
    const id = idOf(`dossier:${s.code}`);
    const orgId = input.orgId(s.org);
    const officer = input.officerOf(s.org);
    const steps = PATH[plan.state];
    // Legacy dossiers were handled a year or more ago, new ones in the last weeks.
    const start = plan.regime === 'nd85_2016' ? addCalendarDays(today, -420 + i * 25) : addCalendarDays(today, -60 + i);
    const level = cls.level;
    const approvedLevel = plan.state === 'approved' && i === 3 ? Math.max(1, level - 1) : level;
    const events = [];
    let day = start;
    let state: DossierState = 'draft';
    const times: Partial<Record<DossierTransition, Date>> = {};
    let dueOn: string | null = null;
    for (const t of steps) {
      day = addCalendarDays(day, t === 'submit' ? 3 : t === 'accept' ? 2 : 6);
      const at = new Date(`${day}T02:30:00Z`);
      times[t] = at;
      const next = NEXT[t];
      const clock = next === 'submitted' ? 'completeness' : next === 'under_appraisal' ? 'appraisal' : next === 'submitted_for_approval' ? 'approval' : null;
      const deadline = clock ? rules[plan.regime].deadlines.find((d) => d.step === clock && d.levelMin <= level && d.levelMax >= level) : undefined;
      dueOn = deadline ? dueDate(at, deadline, calendar) : null;
      const unitSide = t === 'submit' || t === 'withdraw';
      events.push({
        id: idOf(`event:${s.code}:${t}:${events.length}`),
        dossierId: id,
        orgId,
        transition: t,
        fromState: state,
        toState: next,
        version: 1,
        note: t === 'return_incomplete' ? 'Thiếu tài liệu thiết kế và sơ đồ mạng.' : t === 'return_for_revision' ? 'Bổ sung phương án giám sát và sao lưu.' : t === 'reject' ? 'Hệ thống đã ngừng đầu tư nâng cấp; đề nghị lập lại hồ sơ khi triển khai.' : null,
        dueOn,
        actorId: unitSide ? officer : t === 'approve' || t === 'reject' ? input.approverId : input.appraiserId,
        at,
      });
      state = next;
    }
    const returned = state === 'returned_for_revision' || state === 'returned_incomplete';
    const sections = sectionsFor(s, level, cls.criteria);
    const approved = state === 'approved';
    if (approved) decisionNo += 1;
    const decisionDate = approved && times.approve ? vnDay(times.approve) : null;
    await ctx.db.insert(dossiers).values({
      id,
      orgId,
      systemId: input.systemId(s.code),
      regime: plan.regime,
      state,
      proposedLevel: level,
      currentVersion: returned ? 2 : 1,
      receivedAt: times.submit ?? null,
      acceptedAt: times.accept ?? null,
      appraisedAt: times.appraise ?? null,
      submittedForApprovalAt: times.submit_for_approval ?? null,
      decidedAt: times.approve ?? times.reject ?? null,
      clock: state === 'submitted' ? 'completeness' : state === 'under_appraisal' ? 'appraisal' : state === 'submitted_for_approval' ? 'approval' : null,
      dueOn: ['submitted', 'under_appraisal', 'submitted_for_approval'].includes(state) ? dueOn : null,
      // The Sơn La-style directive deadline on the dossiers still open.
      directiveDueOn: approved || state === 'rejected' || state === 'withdrawn' ? null : '2026-12-31',
      regulationNo: approved ? `${String(decisionNo).padStart(2, '0')}/QC-${s.org}` : null,
      regulationIssuedOn: approved && decisionDate ? addCalendarDays(decisionDate, -30) : null,
      appraisalOpinion: times.appraise ? 'Hồ sơ phù hợp với cấp độ đề xuất; phương án đáp ứng yêu cầu cơ bản.' : null,
      decisionNo: approved ? `${String(decisionNo).padStart(2, '0')}/QĐ-UBND` : null,
      decisionDate,
      approvedLevel: approved ? approvedLevel : null,
      decidedBy: times.approve || times.reject ? input.approverId : null,
      createdBy: officer,
      createdAt: new Date(`${start}T02:00:00Z`),
      updatedAt: new Date(`${day}T02:30:00Z`),
    });
    const sent = steps.includes('submit');
    // Insert versions unfrozen, then freeze: the trigger forbids touching a frozen row afterwards.
    await ctx.db.insert(dossierVersions).values({
      id: idOf(`version:${s.code}:1`),
      dossierId: id,
      orgId,
      version: 1,
      sections,
      proposedLevel: level,
      frozenAt: sent ? (times.submit ?? null) : null,
      createdBy: officer,
    });
    if (returned) {
      await ctx.db.insert(dossierVersions).values({ id: idOf(`version:${s.code}:2`), dossierId: id, orgId, version: 2, sections, proposedLevel: level, createdBy: officer });
    }
    if (events.length) await ctx.db.insert(dossierEvents).values(events);
    if (approved && decisionDate) {
      await ctx.db.execute(sql`
        UPDATE information_systems SET approved_level = ${approvedLevel}, approved_regime = ${plan.regime}, approved_on = ${decisionDate}::date
         WHERE id = ${input.systemId(s.code)}`);
      approvedSystems.push({ code: s.code, systemId: input.systemId(s.code), orgId, level: approvedLevel, regime: plan.regime, officer, decisionDate });
    }
  }
  const assessed = await seedAssessments(ctx, approvedSystems, input.appraiserId, today);
  const redetermined = approvedSystems[6]?.regime === 'nd85_2016' ? await seedRedetermination(ctx, approvedSystems[6], decisionNo + 1, input, today) : 0;
  return { classified: classRows.length, dossiers: written + redetermined, assessments: assessed };
}

/**
 * A level determined again under Decree 331 (issue #3 "re-determination"): the system approved under
 * Decree 85 goes through the new procedure; its new approval supersedes the old decision, which stays
 * in the history. One such system, so the dossier list shows the `superseded` state.
 */
async function seedRedetermination(ctx: Ctx, old: ApprovedSystem, no: number, input: SeedLevelsInput, today: string): Promise<number> {
  const oldId = idOf(`dossier:${old.code}`);
  const id = idOf(`dossier:${old.code}:redetermined`);
  const [prev] = await ctx.db.select().from(dossierVersions).where(eq(dossierVersions.dossierId, oldId));
  const steps: DossierTransition[] = ['submit', 'accept', 'appraise', 'submit_for_approval', 'approve'];
  const times = steps.map((_, i) => new Date(`${addCalendarDays(today, -40 + i * 6)}T03:00:00Z`));
  const decidedAt = times[4] ?? new Date();
  const decisionDate = vnDay(decidedAt);
  // One approved dossier per system: the old approval gives way first, then points at the new one.
  await ctx.db.update(dossiers).set({ state: 'superseded', supersededAt: decidedAt }).where(eq(dossiers.id, oldId));
  await ctx.db.insert(dossiers).values({
    id,
    orgId: old.orgId,
    systemId: old.systemId,
    regime: 'nd331_2026',
    state: 'approved',
    proposedLevel: old.level,
    receivedAt: times[0],
    acceptedAt: times[1],
    appraisedAt: times[2],
    submittedForApprovalAt: times[3],
    decidedAt,
    regulationNo: `${String(no).padStart(2, '0')}/QC-UBND`,
    regulationIssuedOn: addCalendarDays(decisionDate, -20),
    appraisalOpinion: 'Hồ sơ xác định lại cấp độ theo Nghị định 331/2026 phù hợp; phương án đã cập nhật theo TCVN 14423:2026.',
    decisionNo: `${String(no).padStart(2, '0')}/QĐ-UBND`,
    decisionDate,
    approvedLevel: old.level,
    decidedBy: input.approverId,
    createdBy: old.officer,
    createdAt: new Date(`${addCalendarDays(today, -45)}T02:00:00Z`),
    updatedAt: decidedAt,
  });
  await ctx.db.insert(dossierVersions).values({
    id: idOf(`version:${old.code}:redetermined:1`),
    dossierId: id,
    orgId: old.orgId,
    version: 1,
    sections: prev?.sections ?? {},
    proposedLevel: old.level,
    frozenAt: times[0],
    createdBy: old.officer,
  });
  let from: DossierState = 'draft';
  await ctx.db.insert(dossierEvents).values(
    steps.map((t, i) => {
      const e = { id: idOf(`event:${old.code}:redetermined:${t}`), dossierId: id, orgId: old.orgId, transition: t, fromState: from, toState: NEXT[t], version: 1, note: null, dueOn: null, actorId: t === 'submit' ? old.officer : t === 'approve' ? input.approverId : input.appraiserId, at: times[i] ?? decidedAt };
      from = NEXT[t];
      return e;
    }),
  );
  await ctx.db.update(dossiers).set({ supersededBy: id }).where(eq(dossiers.id, oldId));
  await ctx.db.insert(dossierEvents).values({ id: idOf(`event:${old.code}:supersede`), dossierId: oldId, orgId: old.orgId, transition: 'supersede', fromState: 'approved', toState: 'superseded', version: 1, note: `${String(no).padStart(2, '0')}/QĐ-UBND`, dueOn: null, actorId: input.approverId, at: decidedAt });
  await ctx.db.execute(sql`
    UPDATE information_systems SET approved_regime = 'nd331_2026', approved_on = ${decisionDate}::date WHERE id = ${old.systemId}`);
  return 1;
}

interface ApprovedSystem {
  code: string;
  systemId: string;
  orgId: string;
  level: number;
  regime: Regime;
  officer: string | null;
  decisionDate: string;
}

/**
 * Assessments of approved systems (issue #3 "Self-assessment and inspection"): completed
 * self-assessments for the first five — the legacy ones a year old, so some are overdue — a police
 * inspection of the first, and one self-assessment still in progress.
 */
async function seedAssessments(ctx: Ctx, approved: readonly ApprovedSystem[], appraiserId: string, today: string): Promise<number> {
  const plans: { system: ApprovedSystem; kind: 'self' | 'inspection'; completed: boolean; offsetDays: number }[] = [];
  for (const [i, system] of approved.slice(0, 6).entries()) plans.push({ system, kind: 'self', completed: i < 5, offsetDays: 30 });
  const first = approved[0];
  if (first) plans.push({ system: first, kind: 'inspection', completed: true, offsetDays: 45 });
  let written = 0;
  for (const [k, p] of plans.entries()) {
    const { system } = p;
    const [catalogue] = await ctx.db
      .select({ code: requirementCatalogues.code })
      .from(requirementCatalogues)
      .where(eq(requirementCatalogues.regime, system.regime))
      .orderBy(asc(requirementCatalogues.effectiveFrom));
    if (!catalogue) continue;
    const list = await ctx.db
      .select({ id: requirements.id, textVi: requirements.textVi })
      .from(requirements)
      .where(and(eq(requirements.catalogue, catalogue.code), lte(requirements.minLevel, system.level), gte(requirements.maxLevel, system.level)))
      .orderBy(asc(requirements.sort), asc(requirements.code));
    const [schedule] = await ctx.db
      .select({ months: assessmentSchedules.months })
      .from(assessmentSchedules)
      .where(and(eq(assessmentSchedules.regime, system.regime), lte(assessmentSchedules.levelMin, system.level), gte(assessmentSchedules.levelMax, system.level)));
    const performed = addCalendarDays(system.decisionDate, p.offsetDays);
    const performedOn = performed > today ? today : performed;
    const id = idOf(`assessment:${system.code}:${p.kind}`);
    const actor = p.kind === 'self' ? system.officer : appraiserId;
    // A conditional design requirement ("… đánh dấu «Không áp dụng»") does not apply to most demo systems.
    const statuses: (ItemStatus | null)[] = list.map((r, j) =>
      !p.completed && j % 2 === 1 ? null : r.textVi.includes('Không áp dụng') ? 'not_applicable' : (j + k) % (9 + k) === 5 ? 'not_met' : (j + 2 * k) % 7 === 3 ? 'partial' : 'met',
    );
    const at = new Date(`${performedOn}T08:00:00Z`);
    await ctx.db.insert(assessments).values({
      id,
      orgId: system.orgId,
      systemId: system.systemId,
      kind: p.kind,
      catalogue: catalogue.code,
      regime: system.regime,
      level: system.level,
      performedOn: p.completed ? null : performedOn,
      performerKind: p.kind === 'self' ? 'internal_independent' : 'mps',
      inspectionKind: p.kind === 'inspection' ? 'compliance' : null,
      triggerKind: 'periodic',
      testForm: p.kind === 'inspection' ? 'gray_box' : null,
      independentOfOperator: p.kind === 'self' ? true : null,
      createdBy: actor,
      createdAt: at,
      updatedAt: at,
    });
    await ctx.db.insert(assessmentItems).values(
      list.map((r, j) => ({
        assessmentId: id,
        requirementId: r.id,
        orgId: system.orgId,
        status: statuses[j] ?? null,
        remediation: statuses[j] === 'not_met' || statuses[j] === 'partial' ? 'Bổ sung trong kế hoạch khắc phục năm tới.' : null,
        updatedBy: actor,
        updatedAt: at,
      })),
    );
    if (p.completed) {
      // Completed last: the freeze trigger forbids touching the items afterwards.
      await ctx.db
        .update(assessments)
        .set({
          state: 'completed',
          performedOn,
          score: assessmentScore(statuses),
          nextDueOn: schedule ? addMonths(performedOn, schedule.months) : null,
          conclusion: p.kind === 'inspection' ? 'Hệ thống cơ bản đáp ứng yêu cầu; đề nghị khắc phục các yêu cầu chưa đạt.' : 'Tự đánh giá định kỳ: cơ bản đáp ứng yêu cầu của cấp độ.',
          completedAt: at,
          completedBy: actor,
        })
        .where(eq(assessments.id, id));
    }
    written += 1;
  }
  return written;
}
