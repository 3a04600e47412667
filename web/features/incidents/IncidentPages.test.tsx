import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeadlineRuleList, Incident, IncidentList } from '@shared/api/incidents';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ORG = '0190a000-0000-7000-8000-000000000001';
const ID = '0190a000-0000-7000-8000-00000000ec01';
const ALERT = '0190a000-0000-7000-8000-00000000a1e1';

const rules: DeadlineRuleList = {
  items: [
    { code: 'nd331.initial_24h', regime: 'nd331_2026', reportType: 'initial', appliesWhen: 'serious', anchor: 'detected', hours: 24, legalRef: 'NĐ 331/2026/NĐ-CP Đ31.2.d', textVi: 'Sự cố nghiêm trọng: thông báo ban đầu trong 24 giờ.', textEn: 'x', verified: false, updatedAt: '2026-11-01T00:00:00.000Z' },
    { code: 'nd331.report_72h', regime: 'nd331_2026', reportType: 'report_72h', appliesWhen: 'serious', anchor: 'detected', hours: 72, legalRef: 'NĐ 331/2026/NĐ-CP Đ31.2.d', textVi: 'Báo cáo 72 giờ.', textEn: 'x', verified: false, updatedAt: '2026-11-01T00:00:00.000Z' },
    { code: 'nd85.notification', regime: 'nd85_2016', reportType: 'notification', appliesWhen: 'always', anchor: 'detected', hours: 120, legalRef: 'TT 20/2017/TT-BTTTT Đ9', textVi: '5 ngày.', textEn: 'x', verified: true, updatedAt: '2026-11-01T00:00:00.000Z' },
  ],
  total: 3,
  regimes: [
    { code: 'nd85_2016', effectiveFrom: '2016-07-01', effectiveTo: '2026-08-18' },
    { code: 'nd331_2026', effectiveFrom: '2026-08-19', effectiveTo: null },
  ],
};

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: ID,
    code: 'SC-2026-0007',
    orgId: ORG,
    orgName: 'UBND xã Mỹ Lâm',
    title: 'Thư giả mạo Kho bạc',
    type: 'phishing',
    severity: 'high',
    serious: true,
    status: 'reported',
    regime: 'nd331_2026',
    detectedAt: '2026-12-01T01:30:00.000Z',
    reportedAt: '2026-12-01T02:00:00.000Z',
    nextDueAt: '2026-12-04T01:30:00.000Z',
    isOverdue: true,
    tlp: 'amber',
    reporterName: 'Nguyễn Văn An',
    reporterTitle: null,
    reporterPhone: '0912345678',
    reporterEmail: null,
    nationalSecuritySign: false,
    beyondCapacity: false,
    personalDataInvolved: false,
    description: 'Ba cán bộ nhận thư giả mạo.',
    infrastructureProvider: null,
    actionsTaken: null,
    supportRequested: null,
    responseEndedAt: null,
    closing: { cause: null, scope: null, remedy: null, lessons: null },
    closedAt: null,
    closedByName: null,
    reopenedAt: null,
    reopenReason: null,
    createdByName: 'Nguyễn Văn An',
    systems: [],
    alerts: [],
    members: [],
    reports: [
      { id: '0190a000-0000-7000-8000-00000000e001', reportType: 'initial', dueAt: '2026-12-02T01:30:00.000Z', sentAt: '2026-12-01T02:00:00.000Z', sentByName: 'Nguyễn Văn An', isLate: false, legalRef: 'NĐ 331/2026/NĐ-CP Đ31.2.d', verified: false, content: {} },
      { id: '0190a000-0000-7000-8000-00000000e002', reportType: 'report_72h', dueAt: '2026-12-04T01:30:00.000Z', sentAt: null, sentByName: null, isLate: true, legalRef: 'NĐ 331/2026/NĐ-CP Đ31.2.d', verified: false, content: null },
    ],
    events: [{ id: '0190a000-0000-7000-8000-00000000ee01', kind: 'reported', fromStatus: null, toStatus: 'reported', body: null, params: {}, actorName: 'Nguyễn Văn An', at: '2026-12-01T02:00:00.000Z' }],
    indicators: [],
    evidence: [],
    can: { transitions: [], sendReport: true, contribute: true, manage: false, share: false },
    ...over,
  };
}

describe('incident report form', () => {
  it('computes the due dates as the officer fills it, and sends the report with the promoted alerts', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'incident.read': true, 'incident.report': true, 'system.read': true } }) },
      'GET /api/incidents/deadline-rules': { status: 200, body: rules },
      'GET /api/systems': { status: 200, body: { items: [], total: 0 } },
      'POST /api/incidents': { status: 200, body: incident() },
      [`GET /api/incidents/${ID}`]: { status: 200, body: incident() },
    });
    const { router } = renderRoutes(routes, `/incidents/new?alerts=${ALERT}`);
    expect(await screen.findByText('Báo cáo sự cố an toàn thông tin', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText('1 cảnh báo SOC sẽ được gắn vào sự cố này.')).toBeTruthy();
    // The reporter's own name is filled in.
    expect(screen.getByLabelText('Người liên hệ')).toHaveProperty('value', 'Nguyễn Văn A');
    fireEvent.change(screen.getByLabelText('Thời điểm phát hiện'), { target: { value: '2026-12-01T08:30' } });
    // Not serious: only the closing report is owed under Decree 331.
    const due = await screen.findByTestId('due-dates');
    expect(within(due).getByText(/Nghị định 331/)).toBeTruthy();
    expect(within(due).queryByText('Báo cáo ban đầu')).toBeNull();
    fireEvent.click(screen.getByText('Sự cố nghiêm trọng'));
    await waitFor(() => expect(within(screen.getByTestId('due-dates')).getByText('Báo cáo ban đầu')).toBeTruthy());
    expect(within(screen.getByTestId('due-dates')).getByText('Báo cáo 72 giờ (nguyên nhân, phạm vi, khắc phục)')).toBeTruthy();
    // A detection under the legacy rules shows their 5-day notification instead.
    fireEvent.change(screen.getByLabelText('Thời điểm phát hiện'), { target: { value: '2026-08-01T08:30' } });
    await waitFor(() => expect(within(screen.getByTestId('due-dates')).getByText('Thông báo sự cố')).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Thời điểm phát hiện'), { target: { value: '2026-12-01T08:30' } });

    fireEvent.change(screen.getByLabelText('Số điện thoại'), { target: { value: '0912345678' } });
    fireEvent.change(screen.getByLabelText('Tên ngắn gọn của sự cố'), { target: { value: 'Thư giả mạo Kho bạc' } });
    fireEvent.change(screen.getByLabelText('Mô tả'), { target: { value: 'Ba cán bộ nhận thư giả mạo.' } });
    fireEvent.click(screen.getByText('Gửi báo cáo sự cố'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/incidents/${ID}`), { timeout: 10_000 });
    const body = calls.find((c) => c.method === 'POST')?.body;
    expect(body).toMatchObject({ alertIds: [ALERT], serious: true, reporterPhone: '0912345678', title: 'Thư giả mạo Kho bạc', tlp: 'amber' });
    expect(new Date(String((body as { detectedAt: string }).detectedAt)).getTime()).toBe(new Date('2026-12-01T08:30').getTime());
  });
});

describe('incident case view', () => {
  it('shows the reporting unit its reports, lateness and the report form, and no response steps', { timeout: 60_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'incident.read': true, 'incident.report': true } }) },
      [`GET /api/incidents/${ID}`]: { status: 200, body: incident() },
    });
    renderRoutes(routes, `/incidents/${ID}`);
    expect(await screen.findByText('SC-2026-0007 — Thư giả mạo Kho bạc', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText(/Có báo cáo đã quá hạn/)).toBeTruthy();
    expect(screen.getAllByText('Quá hạn').length).toBeGreaterThan(0);
    expect(screen.getByText('Gửi báo cáo', { selector: '.ant-card-head-title' })).toBeTruthy();
    expect(screen.queryByText('Tiếp nhận, phân loại')).toBeNull();
    expect(screen.queryByText('Xuất STIX 2.1')).toBeNull();
  });

  it('lets a responder take the next step, and offers the STIX export', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'incident.read': true, 'incident.respond': true, 'incident.share': true } }) },
      [`GET /api/incidents/${ID}`]: { status: 200, body: incident({ can: { transitions: ['triage'], sendReport: true, contribute: true, manage: true, share: true } }) },
      [`GET /api/incidents/${ID}/responders`]: { status: 200, body: { items: [], total: 0 } },
      [`POST /api/incidents/${ID}/transitions/triage`]: { status: 200, body: incident({ status: 'triaged', can: { transitions: ['respond'], sendReport: true, contribute: true, manage: true, share: true } }) },
    });
    renderRoutes(routes, `/incidents/${ID}`);
    const button = await screen.findByText('Tiếp nhận, phân loại', { selector: 'button span' }, { timeout: 20_000 });
    expect(screen.getByText('Xuất STIX 2.1').closest('a')?.getAttribute('href')).toBe(`/api/stix/incidents/${ID}`);
    fireEvent.click(button);
    const dialog = (await screen.findByText(/Xác nhận đã tiếp nhận/)).closest('.ant-modal');
    if (!(dialog instanceof HTMLElement)) throw new Error('no dialog');
    fireEvent.change(within(dialog).getByLabelText('Ghi chú (không bắt buộc)'), { target: { value: 'Đã xác minh' } });
    fireEvent.click(within(dialog).getByText('Xác nhận'));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ note: 'Đã xác minh' }));
    expect(await screen.findByText('Bắt đầu ứng cứu', { selector: 'button span' })).toBeTruthy();
  });
});

describe('incident list', () => {
  it('marks overdue incidents and filters on them', { timeout: 60_000 }, async () => {
    const list: IncidentList = { items: [incident()], total: 1 };
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'incident.read': true, 'incident.report': true } }) },
      'GET /api/incidents': { status: 200, body: list },
    });
    const urls: string[] = [];
    const inner = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
      urls.push(input);
      return inner(input, init);
    });
    renderRoutes(routes, '/incidents');
    const row = (await screen.findByText('SC-2026-0007', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('Quá hạn')).toBeTruthy();
    expect(screen.getByText('Báo cáo sự cố')).toBeTruthy();
    fireEvent.click(screen.getByRole('switch'));
    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/incidents?') && u.includes('overdue=true'))).toBe(true));
  });
});
