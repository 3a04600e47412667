import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyslogSource } from '@shared/api/syslog';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';

beforeAll(async () => {
  await Promise.all([import('./AlertSourcesPage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const ORG = { id: '0190a000-0000-7000-8000-000000000001', code: 'X001', name: 'UBND xã Tân Lập' };

const existing: SyslogSource = {
  id: '0190a000-0000-7000-8000-00000000f001',
  orgId: ORG.id,
  orgCode: ORG.code,
  orgName: ORG.name,
  name: 'FortiGate trung tâm',
  senders: ['10.20.1.5/32', '10.20.8.0/24'],
  enabled: true,
  note: null,
  receivedCount: 12345,
  storedCount: 12001,
  lastReceivedAt: '2026-12-03T02:00:00.000Z',
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-01T02:00:00.000Z',
  can: { update: true },
};

const orgDetail = {
  ...ORG,
  nameEn: null,
  kind: 'commune',
  adminUnitKind: null,
  parentId: null,
  depth: 0,
  address: null,
  phone: null,
  email: null,
  securityOfficerId: null,
  securityOfficerName: null,
  securityOfficerQualification: null,
  childCount: 0,
  updatedAt: '2026-01-01T00:00:00.000Z',
  can: { update: false, delete: false, createChild: false, designateOfficer: false },
};

function base(can: Record<string, boolean>) {
  return {
    'GET /api/auth/session': { status: 200, body: makeSession({ can }) },
    'GET /api/soc/syslog-sources': { status: 200, body: { items: [existing], total: 1 } },
    'GET /api/soc/syslog-sources/listener': { status: 200, body: { enabled: true, port: 5514, host: '0.0.0.0' } },
    'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    [`GET /api/orgs/${ORG.id}`]: { status: 200, body: orgDetail },
  };
}

describe('Nguồn cảnh báo (/soc/sources)', () => {
  it('lists the senders with their counters, checks blocks before sending, and shows the server’s message next to the field', { timeout: 60_000 }, async () => {
    let posts = 0;
    const calls = mockApi({
      ...base({ 'soc.manage': true, 'soc.read': true }),
      'POST /api/soc/syslog-sources': () => {
        posts += 1;
        return posts === 1
          ? apiError(400, 'validation', 'Dữ liệu không hợp lệ.', { 'senders.0': 'Địa chỉ thiết bị gửi: Dải “10.30.0.0/16” đã được khai báo cho một nguồn syslog khác đang hoạt động.' })
          : { status: 200, body: { ...existing, id: '0190a000-0000-7000-8000-00000000f002', name: 'Palo Alto', senders: ['10.30.0.0/16'] } };
      },
    });
    renderRoutes(routes, '/soc/sources');

    const row = (await screen.findByText('FortiGate trung tâm', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('10.20.8.0/24')).toBeTruthy();
    expect(within(row).getByText('12.345')).toBeTruthy();
    expect(within(row).getByText('Đang nhận')).toBeTruthy();
    expect(screen.getByText('Khiên đang nhận syslog tại 0.0.0.0:5514 (UDP và TCP).')).toBeTruthy();
    // No alert.read: the refused-alerts tab is not offered.
    expect(screen.queryByText('Cảnh báo bị từ chối')).toBeNull();

    fireEvent.click(screen.getByText('Thêm nguồn'));
    const dialog = (await screen.findByText('Thêm nguồn syslog')).closest('.ant-modal');
    if (!(dialog instanceof HTMLElement)) throw new Error('no dialog');
    expect(await within(dialog).findByText(ORG.name)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Tên nguồn'), { target: { value: 'Palo Alto' } });
    const senders = within(dialog).getByLabelText('Địa chỉ thiết bị gửi');
    fireEvent.change(senders, { target: { value: '10.30.0.0/16\n10.0.0.1/8' } });
    fireEvent.click(within(dialog).getByText('Lưu'));
    expect(await within(dialog).findByText('“10.0.0.1/8” không phải địa chỉ IP hay dải mạng hợp lệ.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(senders, { target: { value: '10.30.0.0/16' } });
    fireEvent.click(within(dialog).getByText('Lưu'));
    expect(await within(dialog).findByText(/đã được khai báo cho một nguồn syslog khác/)).toBeTruthy();
    // What the user typed stays.
    expect((senders as HTMLTextAreaElement).value).toBe('10.30.0.0/16');
    fireEvent.click(within(dialog).getByText('Lưu'));
    await waitFor(() => expect(posts).toBe(2));
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ orgId: ORG.id, name: 'Palo Alto', senders: ['10.30.0.0/16'], note: null });
  });

  it('disables a source after confirmation', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      ...base({ 'soc.manage': true }),
      [`POST /api/soc/syslog-sources/${existing.id}/disable`]: { status: 200, body: { ...existing, enabled: false } },
    });
    renderRoutes(routes, '/soc/sources');
    fireEvent.click(await screen.findByLabelText('Ngừng nhận từ FortiGate trung tâm', undefined, { timeout: 20_000 }));
    const confirm = await screen.findByText('Ngừng nhận cảnh báo từ FortiGate trung tâm?');
    const pop = confirm.closest('.ant-popover');
    if (!(pop instanceof HTMLElement)) throw new Error('no popconfirm');
    fireEvent.click(within(pop).getByText('Ngừng nhận'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/disable'))).toBe(true));
  });

  it('shows refused alerts with their reasons, and the Wazuh steps with this server’s address', { timeout: 60_000 }, async () => {
    mockApi({
      ...base({ 'soc.manage': true, 'alert.read': true, 'token.manage': true }),
      'GET /api/alerts/rejections': {
        status: 200,
        body: { items: [{ day: '2026-12-03', channel: 'syslog_udp', reason: 'unknown_sender', source: '10.99.0.7', count: 42, lastSample: '<134>CEF:0|x', lastAt: '2026-12-03T02:00:00.000Z' }], total: 1 },
      },
    });
    renderRoutes(routes, '/soc/sources');
    fireEvent.click(await screen.findByText('Cảnh báo bị từ chối', undefined, { timeout: 20_000 }));
    const reason = await screen.findByText('Thiết bị gửi chưa được khai báo');
    const row = reason.closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('10.99.0.7')).toBeTruthy();
    expect(within(row).getByText('42')).toBeTruthy();
    expect(within(row).getByText('Syslog UDP')).toBeTruthy();

    fireEvent.click(screen.getByText('Kết nối Wazuh và thiết bị'));
    expect((await screen.findByText('Mở trang Mã truy cập API')).closest('a')?.getAttribute('href')).toBe('/tokens');
    expect(document.body.textContent).toContain(`<hook_url>${window.location.origin}/api/alerts/wazuh</hook_url>`);
    expect(document.body.textContent).toContain('<name>custom-khien</name>');
    expect(screen.getByText('Tải tập lệnh custom-khien')).toBeTruthy();
    expect(document.body.textContent).toContain('port="5514"');
  });
});
