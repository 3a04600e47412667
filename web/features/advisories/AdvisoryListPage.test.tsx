import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Rendering the whole app in jsdom is slow on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import type { AdvisoryList, OverdueList } from '@shared/api/advisories';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ID = '0190a000-0000-7000-8000-00000000ad01';
const NOTIFICATIONS = { status: 200, body: { items: [], total: 0, unread: 0 } };
const LIST: AdvisoryList = {
  items: [
    {
      id: ID,
      code: 'CB-2026-004',
      title: 'Lỗ hổng FortiOS SSL VPN bị khai thác',
      severity: 'critical',
      cvssScore: 9.6,
      cveIds: ['CVE-2024-21762'],
      tlp: 'clear',
      knownExploited: true,
      status: 'published',
      source: 'cisa_kev',
      orgName: 'Công an tỉnh',
      ackDueAt: '2026-12-05T16:59:59.000Z',
      remediationDueAt: '2026-12-15T16:59:59.000Z',
      publishedAt: '2026-12-02T03:00:00.000Z',
      createdAt: '2026-12-02T02:00:00.000Z',
      counts: { orgs: 12, targets: 30, pending: 10, acknowledged: 5, remediated: 12, notAffected: 3, acknowledgedOrgs: 8, overdueOrgs: 4 },
    },
  ],
  total: 1,
};
const OVERDUE: OverdueList = {
  items: [
    { advisoryId: ID, code: 'CB-2026-004', title: 'x', severity: 'critical', orgId: '0190a000-0000-7000-8000-000000000001', orgName: 'UBND xã Yên Sơn', ackDueAt: '2026-12-05T16:59:59.000Z', remediationDueAt: '2026-12-15T16:59:59.000Z', ackOverdue: false, remediationOverdue: true, open: 3 },
  ],
  total: 1,
};

describe('AdvisoryListPage', () => {
  it('shows the authority the overdue units, drafting and import', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'advisory.read': true, 'advisory.publish': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      'GET /api/advisories': { status: 200, body: LIST },
      'GET /api/advisories/overdue': { status: 200, body: OVERDUE },
    });
    renderRoutes(routes, '/advisories');
    const overdue = await screen.findByTestId('overdue-table', {}, { timeout: 15_000 });
    expect(await within(overdue).findByText('UBND xã Yên Sơn')).toBeTruthy();
    expect(within(overdue).getByText(/Còn 3 tài sản chưa xử lý/)).toBeTruthy();
    const table = screen.getByTestId('advisory-table');
    expect(await within(table).findByText('Lỗ hổng FortiOS SSL VPN bị khai thác')).toBeTruthy();
    expect(within(table).getByText('8/12 đơn vị đã xác nhận; 15/30 tài sản đã xử lý')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Soạn cảnh báo' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Nhập từ tệp' })).toBeTruthy();
  });

  it('shows a unit officer only the list, filtered to their unit by default', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'advisory.read': true, 'advisory.respond': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      'GET /api/advisories': { status: 200, body: LIST },
    });
    const { router } = renderRoutes(routes, '/advisories');
    expect(await screen.findByText('Lỗ hổng FortiOS SSL VPN bị khai thác', {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.queryByTestId('overdue-table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Soạn cảnh báo' })).toBeNull();
    expect(screen.getByText('Chỉ cảnh báo liên quan đơn vị tôi')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/advisories/overdue')).toBe(false);
    expect(router.state.location.pathname).toBe('/advisories');
  });
});
