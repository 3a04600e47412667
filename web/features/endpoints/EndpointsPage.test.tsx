import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { ORG, makeEndpoint } from './endpoint-fixtures';

// The lazily loaded shell and page are imported once here, so the first test is not timed on a cold module graph.
beforeAll(async () => {
  await Promise.all([import('./EndpointsPage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

/** mockApi records paths without their query; this keeps the full URLs the page asked for. */
function recordUrls(): string[] {
  const urls: string[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    urls.push(input);
    return inner(input, init);
  });
  return urls;
}

const orgDetail = {
  ...ORG,
  nameEn: null,
  kind: 'department',
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

const secret = makeEndpoint({
  id: '0190a000-0000-7000-8000-00000000e002',
  hostname: 'MAY-MAT-VANTHU',
  stateSecret: true,
  source: 'manual',
  agent: false,
  osName: 'Windows 7',
  osVersion: 'SP1',
  osLicence: 'unlicensed',
  hasAnyAv: false,
  hasCentralAv: false,
  avProducts: [],
  lastSeenAt: '2026-01-02T00:00:00.000Z',
  assignedTo: null,
});

describe('EndpointsPage', () => {
  it('lists the computers with their protection and takes its filters from the URL', { timeout: 60_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true } }) },
      'GET /api/endpoints': { status: 200, body: { items: [makeEndpoint(), secret], total: 2 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`GET /api/orgs/${ORG.id}`]: { status: 200, body: orgDetail },
    });
    const urls = recordUrls();
    const { router } = renderRoutes(routes, `/endpoints?orgId=${ORG.id}&filter=no_central_av`);

    const first = (await screen.findByText('MC-TIEPNHAN-01', undefined, { timeout: 20_000 })).closest('tr');
    const second = screen.getByText('MAY-MAT-VANTHU').closest('tr');
    if (!first || !second) throw new Error('rows not rendered');
    expect(within(first).getByText('Windows 10 Pro 22H2')).toBeTruthy();
    expect(within(first).getByText('Có bản quyền')).toBeTruthy();
    expect(within(first).getByText('Kaspersky Endpoint Security 12')).toBeTruthy();
    expect(within(first).getByText('Tập trung')).toBeTruthy();
    expect(within(first).getByText('Agent')).toBeTruthy();
    expect(within(first).getByText('Trần Thị B')).toBeTruthy();
    expect(within(second).getByText('Máy mật')).toBeTruthy();
    expect(within(second).getByText('Không bản quyền')).toBeTruthy();
    expect(within(second).getByText('Không có phần mềm diệt virus')).toBeTruthy();
    expect(within(second).getByText('Nhập tay')).toBeTruthy();
    // Seen long ago: shown in red (antd's danger text).
    expect(within(second).getByText(/trước/).closest('.ant-typography-danger')).toBeTruthy();

    // The URL's filters reach the server, and the export link carries them without paging.
    const listUrl = urls.find((u) => u.startsWith('/api/endpoints?'));
    expect(listUrl).toContain(`orgId=${ORG.id}`);
    expect(listUrl).toContain('filter=no_central_av');
    const href = screen.getByText('Xuất Excel').closest('a')?.getAttribute('href') ?? '';
    expect(href.startsWith('/api/endpoints/export.xlsx?')).toBe(true);
    expect(href).toContain('filter=no_central_av');
    expect(href).not.toContain('limit=');

    // Another filter goes into the URL (shareable, and what coverage links use) and to the server.
    fireEvent.click(screen.getByText('HĐH không bản quyền'));
    await waitFor(() => expect(router.state.location.search).toContain('filter=unlicensed_os'));
    expect(router.state.location.search).toContain(`orgId=${ORG.id}`);
    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/endpoints?') && u.includes('filter=unlicensed_os'))).toBe(true));

    // Read-only: no manual entry, no import, no row actions; the menu names the page.
    expect(screen.queryByText('Thêm máy')).toBeNull();
    expect(screen.queryByText('Nhập từ bảng điều khiển PCMĐ')).toBeNull();
    expect(screen.queryByLabelText('Sửa máy MC-TIEPNHAN-01')).toBeNull();
    expect(screen.getByText('Độ phủ bảo vệ').closest('[role="menuitem"]')).toBeTruthy();
  });

  it('adds a machine by hand, checking the hostname first and showing the server’s field errors', { timeout: 60_000 }, async () => {
    let posts = 0;
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true, 'endpoint.manage': true } }) },
      'GET /api/endpoints': { status: 200, body: { items: [], total: 0 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`GET /api/orgs/${ORG.id}`]: { status: 200, body: orgDetail },
      'POST /api/endpoints': () => {
        posts += 1;
        return posts === 1
          ? apiError(400, 'validation', 'Thông tin chưa hợp lệ.', { hostname: 'Đơn vị đã có máy tên «MC-TIEPNHAN-02».' })
          : { status: 201, body: makeEndpoint({ hostname: 'MC-TIEPNHAN-03', source: 'manual' }) };
      },
    });
    renderRoutes(routes, '/endpoints');
    expect(await screen.findByText('Chưa có máy tính nào.', undefined, { timeout: 20_000 })).toBeTruthy();
    fireEvent.click(screen.getByText('Thêm máy'));

    const hostname = await screen.findByLabelText('Tên máy', { selector: 'input' });
    const drawer = hostname.closest('.ant-drawer');
    if (!(drawer instanceof HTMLElement)) throw new Error('no drawer');
    // The unit defaults to the user's own.
    expect(await within(drawer).findByText(ORG.name)).toBeTruthy();

    // A hostname with spaces is refused before anything is sent, with the reason under the field.
    fireEvent.change(hostname, { target: { value: 'MC TIEP NHAN' } });
    fireEvent.click(within(drawer).getByText('Thêm máy'));
    expect(await within(drawer).findByText('Tên máy không được chứa dấu cách hay ký tự điều khiển.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    // A server-side field error lands under the field too, and the input is kept.
    fireEvent.change(hostname, { target: { value: 'MC-TIEPNHAN-02' } });
    fireEvent.change(within(drawer).getByLabelText('Tên hệ điều hành'), { target: { value: 'Windows 11 Pro' } });
    fireEvent.click(within(drawer).getByText('Thêm sản phẩm'));
    fireEvent.change(await within(drawer).findByLabelText('Tên sản phẩm thứ 1'), { target: { value: 'Kaspersky Endpoint Security' } });
    fireEvent.click(within(drawer).getByText('Thêm máy'));
    expect(await within(drawer).findByText('Đơn vị đã có máy tên «MC-TIEPNHAN-02».')).toBeTruthy();
    expect(screen.getByDisplayValue('MC-TIEPNHAN-02')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      orgId: ORG.id,
      hostname: 'MC-TIEPNHAN-02',
      osName: 'Windows 11 Pro',
      osLicence: 'unknown',
      stateSecret: false,
      avProducts: [{ name: 'Kaspersky Endpoint Security', enabled: null, upToDate: null }],
    });

    // Corrected: saved, the drawer closes.
    fireEvent.change(hostname, { target: { value: 'MC-TIEPNHAN-03' } });
    fireEvent.click(within(drawer).getByText('Thêm máy'));
    expect(await screen.findByText('Đã thêm máy MC-TIEPNHAN-03.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('retires a machine after confirmation, from the actions its `can` flags allow', { timeout: 60_000 }, async () => {
    const machine = makeEndpoint();
    const locked = makeEndpoint({ id: '0190a000-0000-7000-8000-00000000e003', hostname: 'MC-KHAC-01', can: { update: false, delete: false } });
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true, 'endpoint.manage': true } }) },
      'GET /api/endpoints': { status: 200, body: { items: [machine, locked], total: 2 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`PATCH /api/endpoints/${machine.id}`]: { status: 200, body: { ...machine, retiredAt: '2026-12-03T00:00:00.000Z' } },
    });
    renderRoutes(routes, '/endpoints');
    const row = (await screen.findByText('MC-TIEPNHAN-01', undefined, { timeout: 20_000 })).closest('tr');
    const other = screen.getByText('MC-KHAC-01').closest('tr');
    if (!row || !other) throw new Error('rows not rendered');
    // A machine the user may not change offers no action.
    expect(within(other).queryByLabelText('Sửa máy MC-KHAC-01')).toBeNull();
    expect(within(other).queryByLabelText('Xoá máy MC-KHAC-01')).toBeNull();

    fireEvent.click(within(row).getByLabelText('Thanh lý máy MC-TIEPNHAN-01'));
    const confirm = (await screen.findByText('Thanh lý máy MC-TIEPNHAN-01?')).closest('.ant-popover');
    if (!(confirm instanceof HTMLElement)) throw new Error('no confirmation');
    fireEvent.click(within(confirm).getByText('Thanh lý'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ retired: true }));
    expect(await screen.findByText('Đã đưa máy MC-TIEPNHAN-01 ra khỏi sử dụng.')).toBeTruthy();
  });
});
