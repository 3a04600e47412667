import { fireEvent, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, mockApi, renderWithProviders } from '../../test/helpers';
import { SystemFormDrawer } from './SystemFormDrawer';
import { UNIT, makeSystem } from './system-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const system = makeSystem();

describe('SystemFormDrawer', () => {
  it("shows the server's field errors next to the fields and keeps what the user typed", { timeout: 40_000 }, async () => {
    const calls = mockApi({
      [`GET /api/systems/${system.id}`]: { status: 200, body: system },
      'GET /api/systems': { status: 200, body: { items: [], total: 0 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`GET /api/orgs/${UNIT.orgId}`]: { status: 404, body: { error: { code: 'not_found', message: 'x', requestId: 'r' } } },
      [`PATCH /api/systems/${system.id}`]: apiError(400, 'validation', 'Thông tin chưa hợp lệ.', {
        name: 'Đơn vị đã có một hệ thống tên «Cổng một cửa».',
        'components.0.product': 'Tên sản phẩm quá dài.',
      }),
    });
    renderWithProviders(
      <App>
        <SystemFormDrawer target={{ mode: 'edit', systemId: system.id }} onClose={() => undefined} />
      </App>,
    );

    const name = await screen.findByDisplayValue('Hệ thống quản lý văn bản', undefined, { timeout: 15_000 });
    expect(screen.getByDisplayValue('iOffice')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'Cổng một cửa' } });
    fireEvent.click(screen.getByText('Lưu'));

    expect(await screen.findByText('Đơn vị đã có một hệ thống tên «Cổng một cửa».')).toBeTruthy();
    expect(screen.getByText('Tên sản phẩm quá dài.')).toBeTruthy();
    expect(screen.getByDisplayValue('Cổng một cửa')).toBeTruthy();

    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toMatchObject({
      name: 'Cổng một cửa',
      systemType: 'internal',
      components: [{ kind: 'application', vendor: 'VNPT', product: 'iOffice', version: '4.0' }],
    });
  });

  it('checks required fields before sending anything', { timeout: 40_000 }, async () => {
    const calls = mockApi({
      'GET /api/systems': { status: 200, body: { items: [], total: 0 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    });
    renderWithProviders(
      <App>
        <SystemFormDrawer target={{ mode: 'create', orgId: null }} onClose={() => undefined} />
      </App>,
    );
    fireEvent.click(await screen.findByText('Thêm hệ thống', { selector: 'button span' }, { timeout: 15_000 }));
    await waitFor(() => expect(screen.getAllByText('Vui lòng nhập thông tin này.').length).toBeGreaterThan(0));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
