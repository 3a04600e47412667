import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { makeSystem } from './system-fixtures';

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

const classified = makeSystem({
  id: '0190a000-0000-7000-8000-00000000a002',
  code: 'XA.TANLAP.MOTCUA',
  name: 'Hệ thống một cửa điện tử',
  proposedLevel: 3,
  approvedLevel: 3,
  isImportant: true,
  answers: { ...makeSystem().answers, systemType: 'citizen_business' },
});

describe('SystemsPage', () => {
  it('lists the systems with their levels, filters through the URL and exports with the same filters', { timeout: 40_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true } }) },
      'GET /api/systems': { status: 200, body: { items: [makeSystem(), classified], total: 2 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    });
    const urls = recordUrls();
    renderRoutes(routes, '/systems?systemType=citizen_business&level=3&levelOf=approved');

    // The first render loads the page's lazy chunk, which takes a while in jsdom.
    const first = (await screen.findByText('Hệ thống quản lý văn bản', undefined, { timeout: 15_000 })).closest('tr');
    const second = screen.getByText('Hệ thống một cửa điện tử').closest('tr');
    if (!first || !second) throw new Error('rows not rendered');
    expect(within(first).getByText('Chưa xác định')).toBeTruthy();
    expect(within(first).getByText('Chưa phê duyệt')).toBeTruthy();
    expect(within(first).getByText('Phục vụ hoạt động nội bộ')).toBeTruthy();
    expect(within(second).getAllByText('Cấp độ 3')).toHaveLength(2);
    expect(within(second).getByText('Quan trọng')).toBeTruthy();

    // The filters of the URL reach the server…
    const listUrl = urls.find((u) => u.startsWith('/api/systems?'));
    expect(listUrl).toContain('systemType=citizen_business');
    expect(listUrl).toContain('level=3');
    expect(listUrl).toContain('levelOf=approved');
    // …and the export link carries them, without paging.
    const exportLink = screen.getByText('Xuất Excel').closest('a');
    const href = exportLink?.getAttribute('href') ?? '';
    expect(href.startsWith('/api/systems/export.xlsx?')).toBe(true);
    expect(href).toContain('systemType=citizen_business');
    expect(href).not.toContain('limit=');

    // Searching adds `q` and goes back to the first page.
    const search = screen.getByLabelText('Tìm theo tên hoặc mã hệ thống');
    fireEvent.change(search, { target: { value: 'một cửa' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/systems?') && u.includes('q=m%E1%BB%99t+c%E1%BB%ADa'))).toBe(true));

    // Read-only: no create or import buttons.
    expect(screen.queryByText('Thêm hệ thống')).toBeNull();
    expect(screen.queryByText('Nhập từ Excel')).toBeNull();
  });

  it('offers create and import to those who manage systems', { timeout: 40_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true, 'system.manage': true } }) },
      'GET /api/systems': { status: 200, body: { items: [], total: 0 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    });
    renderRoutes(routes, '/systems');
    expect(await screen.findByText('Chưa có hệ thống thông tin nào.', undefined, { timeout: 15_000 })).toBeTruthy();
    expect(screen.getByText('Thêm hệ thống')).toBeTruthy();
    fireEvent.click(screen.getByText('Nhập từ Excel'));
    expect(await screen.findByText('Tải file mẫu (.xlsx)')).toBeTruthy();
  });
});
