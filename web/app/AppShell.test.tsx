import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, makeSession, mockApi, renderRoutes } from '../test/helpers';
import { menuKeyFor } from './AppShell';
import { routes } from './routes';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function menuLabels(): Promise<string[]> {
  const menu = await screen.findByRole('menu');
  return within(menu)
    .getAllByRole('menuitem')
    .map((item) => item.textContent ?? '');
}

describe('AppShell', () => {
  it("shows only the menu items the session's `can` map allows, and the user's organisation", async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'org.read': true, 'audit.read': true } }) },
    });
    renderRoutes(routes, '/');

    expect(await menuLabels()).toEqual(['Trang chủ', 'Cơ quan, đơn vị', 'Nhật ký hệ thống']);
    expect(screen.getByTestId('header-org').textContent).toBe('Sở Khoa học và Công nghệ');
    expect(await screen.findByText('Xin chào, Nguyễn Văn A')).toBeTruthy();
    expect(screen.getByText('Cán bộ chuyên trách ATTT — Sở Khoa học và Công nghệ')).toBeTruthy();
  });

  it('refuses a page the roles do not include', async () => {
    mockApi({ 'GET /api/auth/session': { status: 200, body: makeSession({ can: {} }) } });
    renderRoutes(routes, '/users');
    expect(await screen.findByText('Bạn không có quyền mở trang này')).toBeTruthy();
  });

  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    mockApi({ 'GET /api/auth/session': apiError(401, 'unauthenticated', 'Bạn cần đăng nhập để tiếp tục.') });
    const { router } = renderRoutes(routes, '/audit');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.state).toEqual({ from: '/audit' });
    expect(await screen.findByRole('button', { name: 'Đăng nhập' })).toBeTruthy();
  });

  it('goes to the login page when the session expires during work (any 401)', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'token.manage': true } }) },
      'GET /api/tokens': apiError(401, 'unauthenticated', 'Bạn cần đăng nhập để tiếp tục.'),
    });
    const { router } = renderRoutes(routes, '/tokens');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  });

  it('switches the interface to English', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession() },
      'POST /api/locale': { status: 200, body: { ok: true } },
      'PATCH /api/me': { status: 200, body: makeSession({ user: { ...makeSession().user, locale: 'en' } }) },
    });
    renderRoutes(routes, '/');
    fireEvent.click(await screen.findByText('English'));
    expect(await screen.findByText('Welcome, Nguyễn Văn A')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/locale')?.body).toEqual({ locale: 'en' });
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ locale: 'en' });
  });

  it('highlights the menu item of nested paths', () => {
    expect(menuKeyFor('/')).toBe('/');
    expect(menuKeyFor('/users')).toBe('/users');
    expect(menuKeyFor('/orgs/abc')).toBe('/orgs');
  });
});
