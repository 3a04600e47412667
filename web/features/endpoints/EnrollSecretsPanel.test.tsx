import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatedEnrollSecret, EnrollSecret } from '@shared/api/endpoints';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { ORG } from './endpoint-fixtures';

beforeAll(async () => {
  await Promise.all([import('./EndpointSettingsPage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const existing: EnrollSecret = {
  id: '0190a000-0000-7000-8000-00000000d001',
  orgId: ORG.id,
  orgCode: ORG.code,
  orgName: ORG.name,
  name: 'Đợt 1',
  hint: 'kq3Z',
  createdAt: '2026-11-01T02:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  nodes: 3,
  can: { revoke: true },
};

const SECRET = 'kq9Xb2VtR7pL0sDfGh4JkLmN8qWeRtYu';
const created: CreatedEnrollSecret = {
  ...existing,
  id: '0190a000-0000-7000-8000-00000000d002',
  name: 'Trung tâm PVHCC',
  hint: 'kq9X',
  nodes: 0,
  secret: SECRET,
  serverCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};

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

describe('Enrol secrets', () => {
  it('creates a secret for a unit and shows it once, with the files to deploy', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true, 'endpoint.enroll': true } }) },
      'GET /api/agents/secrets': { status: 200, body: { items: [existing], total: 1 } },
      'POST /api/agents/secrets': { status: 201, body: created },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      [`GET /api/orgs/${ORG.id}`]: { status: 200, body: orgDetail },
      'GET /api/endpoints/central-products': { status: 200, body: { items: [], total: 0 } },
    });
    renderRoutes(routes, '/endpoint-settings');

    // The list never holds the secret itself, only its first characters.
    const row = (await screen.findByText('Đợt 1', undefined, { timeout: 20_000 })).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('kq3Z…')).toBeTruthy();
    expect(within(row).getByLabelText('Thu hồi mã Đợt 1')).toBeTruthy();

    fireEvent.click(screen.getByText('Tạo mã đăng ký'));
    const dialog = (await screen.findByText('Tạo mã đăng ký agent')).closest('.ant-modal');
    if (!(dialog instanceof HTMLElement)) throw new Error('no dialog');
    expect(await within(dialog).findByText(ORG.name)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Tên gợi nhớ'), { target: { value: 'Trung tâm PVHCC' } });
    fireEvent.click(within(dialog).getByText('Tạo mã'));

    const value = await screen.findByTestId('enroll-secret-value');
    expect(value.textContent).toContain(SECRET);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ orgId: ORG.id, name: 'Trung tâm PVHCC' });
    expect(screen.getByText('Mã chỉ hiển thị một lần. Hãy sao chép hoặc tải về ngay; sau khi đóng cửa sổ này sẽ không xem lại được.')).toBeTruthy();
    expect(within(value.closest('.ant-modal') as HTMLElement).getByText('Tải tệp mã (khien-enroll-secret.txt)')).toBeTruthy();
    expect(within(value.closest('.ant-modal') as HTMLElement).getByText('Tải chứng thư máy chủ (khien-server.pem)')).toBeTruthy();
    // The flag file of each platform names those files in osquery's folder of that platform.
    expect(within(value.closest('.ant-modal') as HTMLElement).getByText('Tệp cấu hình osquery cho Windows').closest('a')?.getAttribute('href')).toBe('/api/agents/flagfile?platform=windows');
    expect(within(value.closest('.ant-modal') as HTMLElement).getByText('Tệp cấu hình osquery cho Linux').closest('a')?.getAttribute('href')).toBe('/api/agents/flagfile?platform=linux');

    // Once closed, the secret is gone from the page for good.
    fireEvent.click(screen.getByText('Tôi đã lưu mã'));
    await waitFor(() => expect(screen.queryByText(SECRET)).toBeNull());
    expect(document.body.textContent).not.toContain(SECRET);
  });
});
