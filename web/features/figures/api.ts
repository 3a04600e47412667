import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AssessmentFigures, FigureDrillList, SystemFigures, UnitsWithoutSubmissionList, type FigureDrillQuery } from '@shared/api/figures';
import { api } from '../../lib/api';

export const FIGURES_KEY = ['figures'] as const;

/** Totals and per-unit rows of an organisation's subtree (default: what the user sees). */
export function useSystemFigures(orgId: string | null) {
  return useQuery({
    queryKey: [...FIGURES_KEY, 'systems', orgId],
    queryFn: ({ signal }) => api.get('/api/figures/systems', SystemFigures, { query: { orgId }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useUnitsWithoutSubmission(orgId: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...FIGURES_KEY, 'units-without-submission', orgId, page, pageSize],
    queryFn: ({ signal }) =>
      api.get('/api/figures/systems/units-without-submission', UnitsWithoutSubmissionList, {
        query: { orgId, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export type DrillParams = Pick<FigureDrillQuery, 'metric'> & Partial<Pick<FigureDrillQuery, 'orgId' | 'level' | 'own'>>;

/** The systems or dossiers behind one number; `null` while no number is opened. */
export function useFigureDrill(params: DrillParams | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...FIGURES_KEY, 'drill', params, page, pageSize],
    queryFn: ({ signal }) =>
      api.get('/api/figures/systems/drill', FigureDrillList, {
        query: { ...params, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      }),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  });
}

/** Periodic assessments due, overdue or never done, per unit (GET /api/figures/assessments). */
export function useAssessmentFigures(orgId: string | null, withinDays: number, enabled: boolean) {
  return useQuery({
    queryKey: [...FIGURES_KEY, 'assessments', orgId, withinDays],
    queryFn: ({ signal }) => api.get('/api/figures/assessments', AssessmentFigures, { query: { orgId, withinDays }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Where the browser downloads the annual report (Form 08) of an organisation (same-origin GET). */
export function annualReportUrl(orgId: string, year: number, format: 'docx' | 'pdf'): string {
  const q = new URLSearchParams({ year: String(year), orgId, format });
  return `/api/documents/annual-report?${q.toString()}`;
}
