import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@shared/api/users';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

const ORG = { orgId: '0190a000-0000-7000-8000-000000000001', orgName: 'UBND xã Tân Lập' };

function makeUser(overrides: Partial<User>): User {
  return {
    id: '0190a000-0000-7000-8000-000000000101',
    username: 'tranthib',
    fullName: 'Trần Thị B',
    email: null,
    phone: null,
    title: null,
    itQualification: null,
    locale: 'vi',
    ...ORG,
    disabled: false,
    lockedUntil: null,
    totpEnabled: false,
    lastLoginAt: null,
    roles: [{ id: '0190a000-0000-7000-8000-000000000201', role: 'security_officer', ...ORG, orgCode: 'XA.TANLAP' }],
    createdAt: '2025-07-01T02:00:00.000Z',
    can: { update: false, resetPassword: false, manageRoles: false },
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('UsersPage', () => {
  it("shows each user's actions from that user's `can`, and no create button without user.manage", async () => {
    const manageable = makeUser({
      can: { update: true, resetPassword: true, manageRoles: true },
      lockedUntil: '2999-01-01T00:00:00.000Z',
    });
    const readOnly = makeUser({ id: '0190a000-0000-7000-8000-000000000102', username: 'levanc', fullName: 'Lê Văn C' });
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'user.read': true } }) },
      'GET /api/users': { status: 200, body: { items: [manageable, readOnly], total: 2 } },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    });
    renderRoutes(routes, '/users');

    // Text queries rather than getByRole: role queries over antd tables are very slow in jsdom.
    const first = (await screen.findByText('Trần Thị B')).closest('tr');
    const second = screen.getByText('Lê Văn C').closest('tr');
    if (!first || !second) throw new Error('rows not rendered');

    expect(within(first).getByText('Đặt lại mật khẩu')).toBeTruthy();
    expect(within(first).getByText('Mở khoá')).toBeTruthy();
    expect(within(first).getByText('Ngừng sử dụng')).toBeTruthy();
    expect(within(first).getByText(/Tạm khoá đến/)).toBeTruthy();
    expect(within(first).getByText('Cán bộ chuyên trách ATTT · XA.TANLAP')).toBeTruthy();

    expect(within(second).queryByText('Đặt lại mật khẩu')).toBeNull();
    expect(within(second).queryByText('Ngừng sử dụng')).toBeNull();
    expect(within(second).getByText('Xem')).toBeTruthy();

    expect(screen.queryByText('Thêm người dùng')).toBeNull();
  });
});
