import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertDetail, AlertList } from '@shared/api/soc';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

beforeAll(async () => {
  await Promise.all([import('./AlertsPage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The full URLs (with query strings) the page fetched, on top of mockApi's handlers. */
function recordUrls(): string[] {
  const urls: string[] = [];
  const mocked = fetch;
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    urls.push(input);
    return mocked(input, init);
  });
  return urls;
}

const ORG = '0190a000-0000-7000-8000-0000000000a1';

function alert(n: number, over: Partial<Alert> = {}): Alert {
  return {
    id: `0190a000-0000-7000-8000-00000000a00${n}`,
    orgId: ORG,
    orgName: 'Trung tâm CNTT và Truyền thông',
    systemId: '0190a000-0000-7000-8000-00000000c001',
    systemName: 'Cổng dịch vụ công',
    source: 'wazuh',
    sourceRef: `1796289302.${n}`,
    occurredAt: '2026-12-03T02:15:02.000Z',
    receivedAt: '2026-12-03T02:15:04.000Z',
    ruleId: '5712',
    ruleName: 'sshd: brute force trying to get access to the system. Non existent user.',
    ruleGroups: ['syslog', 'sshd', 'authentication_failures'],
    severity: 'high',
    sourceSeverity: '10',
    host: `tq-dvc-app0${n}`,
    hostIp: '10.10.10.11',
    srcIp: '203.0.113.45',
    srcPort: 52344,
    dstIp: null,
    dstPort: null,
    status: 'new',
    incidentId: null,
    triagedByName: null,
    triagedAt: null,
    triageNote: null,
    ...over,
  };
}

const list: AlertList = { items: [alert(1), alert(2, { severity: 'medium', ruleId: '31103', ruleName: 'SQL injection attempt.' })], total: 2, canTriage: true };

describe('AlertsPage', () => {
  it('reads filters from the URL, shows the raw event, acknowledges a selection with a note and promotes to an incident', { timeout: 60_000 }, async () => {
    const detail: AlertDetail = { ...alert(1), raw: { rule: { id: '5712', level: 10 }, agent: { name: 'tq-dvc-app01' } }, canTriage: true };
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'alert.read': true, 'alert.triage': true, 'soc.read': true } }) },
      'GET /api/alerts': { status: 200, body: list },
      [`GET /api/alerts/${detail.id}`]: { status: 200, body: detail },
      'POST /api/alerts/triage': { status: 200, body: { updated: 2, skipped: 0 } },
    });
    const urls = recordUrls();
    const { router } = renderRoutes(routes, '/alerts?severity=high&q=sshd');
    const row = (await screen.findByText('tq-dvc-app01', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    const sent = urls.find((u) => u.startsWith('/api/alerts?'));
    expect(sent).toContain('severity=high');
    expect(sent).toContain('q=sshd');
    expect(within(row).getByText('Cao')).toBeTruthy();

    // The detail drawer with the original event.
    fireEvent.click(within(row).getByText('tq-dvc-app01'));
    expect(await screen.findByText('Chi tiết cảnh báo')).toBeTruthy();
    const raw = await screen.findByTestId('alert-raw');
    expect(raw.textContent).toContain('"level": 10');
    expect(screen.getByText(/mức 10 của nguồn/)).toBeTruthy();

    // Select both, acknowledge with a note.
    const boxes = screen.getAllByRole('checkbox');
    fireEvent.click(boxes[0] as HTMLElement); // select all
    expect(await screen.findByText('Đã chọn 2 cảnh báo')).toBeTruthy();
    fireEvent.click(screen.getByText('Đánh dấu đã xem', { selector: 'button span' }));
    const dialog = (await screen.findByText('Xử lý 2 cảnh báo')).closest('.ant-modal');
    if (!(dialog instanceof HTMLElement)) throw new Error('no dialog');
    fireEvent.change(within(dialog).getByLabelText('Ghi chú (không bắt buộc)'), { target: { value: 'Đã chặn IP' } });
    fireEvent.click(within(dialog).getByText('Đánh dấu đã xem'));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ ids: [alert(1).id, alert(2).id], action: 'acknowledge', note: 'Đã chặn IP' }),
    );
    expect(await screen.findByText('Đã cập nhật 2 cảnh báo.')).toBeTruthy();

    // Promotion goes to the incident form with the selected alerts.
    fireEvent.click(screen.getAllByRole('checkbox')[1] as HTMLElement);
    fireEvent.click(screen.getByText('Chuyển thành sự cố'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/incidents/new'));
    expect(router.state.location.search).toBe(`?alerts=${alert(1).id}`);
  });

  it('sends the URL filters to the server and groups by rule', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'alert.read': true } }) },
      'GET /api/alerts': (call) =>
        call.path === '/api/alerts'
          ? {
              status: 200,
              body: {
                ...list,
                canTriage: false,
                groups: [{ key: '5712', label: 'sshd: brute force trying to get access to the system. Non existent user.', count: 41, newCount: 7, maxSeverity: 'high', lastAt: '2026-12-03T02:15:02.000Z' }],
              },
            }
          : { status: 404, body: {} },
    });
    const urls = recordUrls();
    const { router } = renderRoutes(routes, '/alerts?groupBy=rule&status=new');
    expect(await screen.findByText('41', undefined, { timeout: 20_000 })).toBeTruthy();
    const sent = urls.find((u) => u.startsWith('/api/alerts?'));
    expect(sent).toContain('groupBy=rule');
    expect(sent).toContain('status=new');
    // A commune officer reads but does not triage: no selection, no actions.
    expect(screen.queryByText('Đánh dấu đã xem')).toBeNull();
    fireEvent.click(screen.getByText('Xem các cảnh báo'));
    await waitFor(() => expect(router.state.location.search).toContain('ruleId=5712'));
    expect(router.state.location.search).not.toContain('groupBy');
    expect(calls.length).toBeGreaterThan(0);
  });
});
