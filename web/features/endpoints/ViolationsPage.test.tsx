import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Violation } from '@shared/api/endpoints';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { ORG } from './endpoint-fixtures';

beforeAll(async () => {
  await Promise.all([import('./ViolationsPage'), import('./EndpointSettingsPage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const violation: Violation = {
  id: '0190a000-0000-7000-8000-00000000b001',
  kind: 'state_secret_agent',
  endpointId: '0190a000-0000-7000-8000-00000000e009',
  hostname: 'MAY-MAT-VANTHU',
  orgId: ORG.id,
  orgCode: ORG.code,
  orgName: ORG.name,
  firstSeenAt: '2026-12-01T02:00:00.000Z',
  lastSeenAt: '2026-12-02T02:00:00.000Z',
  occurrences: 4,
  resolvedAt: null,
  resolutionNote: null,
  can: { resolve: true },
};

describe('ViolationsPage', () => {
  it('lists open violations and records a resolution with a note', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true, 'endpoint.manage': true } }) },
      'GET /api/endpoints/violations': { status: 200, body: { items: [violation], total: 1 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`POST /api/endpoints/violations/${violation.id}/resolve`]: {
        status: 200,
        body: { ...violation, resolvedAt: '2026-12-03T02:00:00.000Z', resolutionNote: 'Đã gỡ agent.', can: { resolve: false } },
      },
    });
    renderRoutes(routes, '/endpoint-violations');
    const row = (await screen.findByText('MAY-MAT-VANTHU', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('Máy mật có agent kết nối')).toBeTruthy();
    expect(within(row).getByText('4')).toBeTruthy();

    fireEvent.click(within(row).getByLabelText('Ghi nhận đã xử lý vi phạm của máy MAY-MAT-VANTHU'));
    const dialog = (await screen.findByText('Ghi nhận xử lý vi phạm — máy MAY-MAT-VANTHU')).closest('.ant-modal');
    if (!(dialog instanceof HTMLElement)) throw new Error('no dialog');
    // A note is required (at least 3 characters) before anything is sent.
    fireEvent.click(within(dialog).getByText('Đã xử lý'));
    expect(await within(dialog).findByText('Vui lòng nhập thông tin này.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('Biện pháp đã thực hiện'), { target: { value: 'Đã gỡ agent.' } });
    fireEvent.click(within(dialog).getByText('Đã xử lý'));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ note: 'Đã gỡ agent.' }));
    expect(await screen.findByText('Đã ghi nhận xử lý vi phạm của máy MAY-MAT-VANTHU.')).toBeTruthy();
  });
});

describe('Central anti-malware products', () => {
  it('lets only the configurator add or remove a product name', { timeout: 60_000 }, async () => {
    const product = { id: '0190a000-0000-7000-8000-00000000a001', pattern: 'Kaspersky Endpoint', vendor: 'Kaspersky', note: null, matches: 31, createdAt: '2026-11-01T00:00:00.000Z' };
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true, 'endpoint.configure': true } }) },
      'GET /api/endpoints/central-products': { status: 200, body: { items: [product], total: 1 } },
      'POST /api/endpoints/central-products': { status: 200, body: { ...product, id: '0190a000-0000-7000-8000-00000000a002', pattern: 'BKAV Endpoint', matches: 5 } },
    });
    renderRoutes(routes, '/endpoint-settings');
    // Without endpoint.enroll there is no enrol-secret tab: the product list is the page.
    const row = (await screen.findByText('Kaspersky Endpoint', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('31')).toBeTruthy();
    expect(screen.queryByText('Mã đăng ký agent')).toBeNull();
    expect(within(row).getByLabelText('Bỏ «Kaspersky Endpoint»')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Cụm từ trong tên sản phẩm'), { target: { value: 'BKAV Endpoint' } });
    fireEvent.click(screen.getByText('Thêm', { selector: 'button span' }));
    expect(await screen.findByText('Đã thêm «BKAV Endpoint»: 5 máy khớp.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ pattern: 'BKAV Endpoint', vendor: null, note: null });
  });
});
