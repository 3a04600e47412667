import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  LegalRegimeList,
  LevelAuthorityList,
  LevelCriterion,
  LevelCriterionList,
  PublicHolidayList,
  RegimeDeadlineList,
  type UpdateCriterionBody,
} from '@shared/api/legal';
import {
  AssessmentSchedule,
  AssessmentScheduleList,
  Requirement,
  RequirementCatalogueList,
  RequirementList,
  type UpdateRequirementBody,
  type UpdateScheduleBody,
} from '@shared/api/assessments';
import type { Regime } from '@shared/domain/systems';
import { api } from '../../lib/api';

export type { LegalRegime, LevelAuthority, LevelCriterion, PublicHoliday, RegimeDeadline } from '@shared/api/legal';

export const LEGAL_KEY = ['legal'] as const;

export function useRegimes() {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'regimes'],
    queryFn: async ({ signal }) => (await api.get('/api/legal/regimes', LegalRegimeList, { signal })).items,
    staleTime: 10 * 60_000,
  });
}

export function useCriteria(regime: Regime) {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'criteria', regime],
    queryFn: async ({ signal }) => (await api.get('/api/legal/criteria', LevelCriterionList, { query: { regime }, signal })).items,
  });
}

export function useAuthorities(regime: Regime) {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'authorities', regime],
    queryFn: async ({ signal }) =>
      (await api.get('/api/legal/authorities', LevelAuthorityList, { query: { regime }, signal })).items,
  });
}

export function useDeadlines(regime: Regime) {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'deadlines', regime],
    queryFn: async ({ signal }) =>
      (await api.get('/api/legal/deadlines', RegimeDeadlineList, { query: { regime }, signal })).items,
  });
}

export function useHolidays(year: number) {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'holidays', year],
    queryFn: async ({ signal }) => (await api.get('/api/legal/holidays', PublicHolidayList, { query: { year }, signal })).items,
  });
}

export function useUpdateCriterion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCriterionBody }) =>
      api.patch(`/api/legal/criteria/${encodeURIComponent(id)}`, LevelCriterion, { body }),
    // A criterion changes the questionnaire's proposed levels too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: LEGAL_KEY }),
        queryClient.invalidateQueries({ queryKey: ['classification'] }),
      ]),
  });
}

// ── Requirement catalogues and assessment periods (/api/assessments/…, corrected under legal.manage) ──

export type { AssessmentSchedule, Requirement, RequirementCatalogue } from '@shared/api/assessments';

export function useCatalogues() {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'catalogues'],
    queryFn: async ({ signal }) => (await api.get('/api/assessments/catalogues', RequirementCatalogueList, { signal })).items,
    staleTime: 10 * 60_000,
  });
}

export function useRequirements(catalogue: string | null) {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'requirements', catalogue],
    queryFn: async ({ signal }) => (await api.get('/api/assessments/requirements', RequirementList, { query: { catalogue }, signal })).items,
    enabled: catalogue !== null,
  });
}

export function useSchedules() {
  return useQuery({
    queryKey: [...LEGAL_KEY, 'schedules'],
    queryFn: async ({ signal }) => (await api.get('/api/assessments/schedules', AssessmentScheduleList, { signal })).items,
  });
}

/** A requirement or a period changes the checklists and due dates of assessments too. */
function useInvalidateRules() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: LEGAL_KEY }), queryClient.invalidateQueries({ queryKey: ['assessments'] })]);
}

export function useUpdateRequirement() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateRequirementBody }) =>
      api.patch(`/api/assessments/requirements/${encodeURIComponent(id)}`, Requirement, { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateSchedule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ regime, levelMin, body }: { regime: Regime; levelMin: number; body: UpdateScheduleBody }) =>
      api.patch(`/api/assessments/schedules/${encodeURIComponent(regime)}/${levelMin}`, AssessmentSchedule, { body }),
    onSuccess: invalidate,
  });
}
