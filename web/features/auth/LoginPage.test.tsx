import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { LoginPage } from './LoginPage';

const routes = [
  { path: '/login', element: <LoginPage /> },
  { path: '/', element: <p>app home</p> },
  { path: '/change-password', element: <p>change password page</p> },
];

const notSignedIn = apiError(401, 'unauthenticated', 'Bạn cần đăng nhập để tiếp tục.');

async function submitPassword(username: string, password: string) {
  fireEvent.change(await screen.findByLabelText('Tên đăng nhập'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('LoginPage', () => {
  it("shows the server's message for a wrong password and keeps what the user typed", async () => {
    mockApi({
      'GET /api/auth/session': notSignedIn,
      'POST /api/auth/login': apiError(401, 'unauthenticated', 'Tên đăng nhập hoặc mật khẩu không đúng.'),
    });
    renderRoutes(routes, '/login');
    await submitPassword('nguyenvana', 'sai-mat-khau');

    expect(await screen.findByText('Tên đăng nhập hoặc mật khẩu không đúng.')).toBeTruthy();
    expect(screen.getByText(/req-test-1/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Tên đăng nhập').value).toBe('nguyenvana');
    expect(screen.getByLabelText<HTMLInputElement>('Mật khẩu').value).toBe('sai-mat-khau');
  });

  it('asks for the 6-digit code when the account has two-factor, sending the session CSRF token', async () => {
    const calls = mockApi({
      'GET /api/auth/session': notSignedIn,
      'POST /api/auth/login': { status: 200, body: makeSession({ mfa: 'verify', csrfToken: 'half-session-csrf' }) },
      'POST /api/auth/totp/verify': { status: 200, body: makeSession() },
    });
    const { router } = renderRoutes(routes, '/login');
    await submitPassword('nguyenvana', 'mat-khau-dung-1');

    fireEvent.change(await screen.findByLabelText('Mã 6 số'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    const verify = calls.find((c) => c.path === '/api/auth/totp/verify');
    expect(verify?.body).toEqual({ code: '123456' });
    expect(verify?.headers.get('x-csrf-token')).toBe('half-session-csrf');
    expect(verify?.headers.get('accept-language')).toBe('vi');
  });

  it('puts a wrong TOTP code message next to the code field', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ mfa: 'verify' }) },
      'POST /api/auth/totp/verify': apiError(400, 'validation', 'Dữ liệu chưa hợp lệ.', {
        code: 'Mã xác thực không đúng hoặc đã hết hạn.',
      }),
    });
    renderRoutes(routes, '/login');
    fireEvent.change(await screen.findByLabelText('Mã 6 số'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận' }));

    expect(await screen.findByText('Mã xác thực không đúng hoặc đã hết hạn.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Mã 6 số').value).toBe('000000');
  });

  it('checks the code format before sending', async () => {
    const calls = mockApi({ 'GET /api/auth/session': { status: 200, body: makeSession({ mfa: 'verify' }) } });
    renderRoutes(routes, '/login');
    fireEvent.change(await screen.findByLabelText('Mã 6 số'), { target: { value: '12a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận' }));

    expect(await screen.findByText('Mã gồm đúng 6 chữ số.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/auth/totp/verify')).toBe(false);
  });

  it('sends a user who must change the password to that page first', async () => {
    mockApi({
      'GET /api/auth/session': notSignedIn,
      'POST /api/auth/login': {
        status: 200,
        body: makeSession({ user: { ...makeSession().user, mustChangePassword: true } }),
      },
    });
    const { router } = renderRoutes(routes, '/login');
    await submitPassword('nguyenvana', 'mat-khau-tam-1');
    await waitFor(() => expect(router.state.location.pathname).toBe('/change-password'));
  });
});
