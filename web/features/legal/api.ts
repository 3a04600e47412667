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
