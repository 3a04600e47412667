import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DeadlineRuleList,
  Incident,
  IncidentList,
  ResponderList,
  type AddMemberBody,
  type ClosingReportBody,
  type IncidentTransition,
  type IndicatorBody,
  type ListIncidentsQuery,
  type ReportIncidentInput,
  type SendReportBody,
  type UpdateIncidentBody,
} from '@shared/api/incidents';
import { SystemList } from '@shared/api/systems';
import { api } from '../../lib/api';

export const INCIDENTS_KEY = ['incidents'] as const;

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

/** Where the browser downloads an evidence file (same-origin GET with the session cookie). */
export function evidenceUrl(incidentId: string, evidenceId: string): string {
  return `${path(incidentId)}/evidence/${encodeURIComponent(evidenceId)}`;
}

/** The STIX 2.1 bundle of an incident, for the National Cyber Security Center. */
export function stixUrl(incidentId: string): string {
  return `/api/stix/incidents/${encodeURIComponent(incidentId)}`;
}

export function useIncidentList(params: Partial<ListIncidentsQuery>) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'list', params],
    queryFn: ({ signal }) => api.get('/api/incidents', IncidentList, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(path(id), Incident, { signal }),
    enabled: Boolean(id),
  });
}

export function useDeadlineRules() {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'deadline-rules'],
    queryFn: ({ signal }) => api.get('/api/incidents/deadline-rules', DeadlineRuleList, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useResponders(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'responders', id],
    queryFn: ({ signal }) => api.get(`${path(id)}/responders`, ResponderList, { signal }),
    enabled: enabled && Boolean(id),
  });
}

/** The systems the reporter may pick as affected. */
export function useSystemOptions() {
  return useQuery({
    queryKey: ['systems', 'list', { limit: 500 }],
    queryFn: ({ signal }) => api.get('/api/systems', SystemList, { query: { limit: 500 }, signal }),
  });
}

/** Every write answers with the whole incident: cache it at once and let lists refresh. */
function useStore() {
  const queryClient = useQueryClient();
  return async (i: Incident) => {
    queryClient.setQueryData([...INCIDENTS_KEY, 'detail', i.id], i);
    await queryClient.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'list'] });
  };
}

export function useReportIncident() {
  const store = useStore();
  return useMutation({ mutationFn: (body: ReportIncidentInput) => api.post('/api/incidents', Incident, { body }), onSuccess: store });
}

function useStepMutation<T>(fn: (v: T) => Promise<Incident>, store: (i: Incident) => Promise<void>) {
  return useMutation({ mutationFn: fn, onSuccess: store });
}

/** One mutation per case step; each answers with the incident. */
export function useIncidentStep(id: string) {
  const store = useStore();
  const m = <T,>(fn: (v: T) => Promise<Incident>) => useStepMutation(fn, store);
  return {
    transition: m((v: { transition: IncidentTransition; note?: string; reason?: string }) =>
      api.post(`${path(id)}/transitions/${v.transition}`, Incident, { body: { note: v.note || undefined, reason: v.reason || undefined } }),
    ),
    update: m((body: UpdateIncidentBody) => api.patch(path(id), Incident, { body })),
    comment: m((body: string) => api.post(`${path(id)}/comments`, Incident, { body: { body } })),
    sendReport: m((body: SendReportBody) => api.post(`${path(id)}/reports`, Incident, { body })),
    closing: m((body: ClosingReportBody) => api.put(`${path(id)}/closing-report`, Incident, { body })),
    addMember: m((body: AddMemberBody) => api.post(`${path(id)}/members`, Incident, { body })),
    removeMember: m((userId: string) => api.delete(`${path(id)}/members/${encodeURIComponent(userId)}`, Incident)),
    addIndicator: m((body: IndicatorBody) => api.post(`${path(id)}/indicators`, Incident, { body })),
    removeIndicator: m((indicatorId: string) => api.delete(`${path(id)}/indicators/${encodeURIComponent(indicatorId)}`, Incident)),
    linkSystem: m((systemId: string) => api.post(`${path(id)}/systems`, Incident, { body: { systemId } })),
    uploadEvidence: m((file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.post(`${path(id)}/evidence`, Incident, { body: form });
    }),
  };
}
