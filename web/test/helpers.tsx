import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import type { SessionInfo } from '@shared/api/auth';
import { AppProviders, createQueryClient } from '../app/AppProviders';

export interface RecordedCall {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Reply = { status: number; body: unknown };
type Handler = Reply | ((call: RecordedCall) => Reply);

/**
 * Replaces `fetch` with a table of canned answers keyed by `METHOD /path` (query string ignored).
 * Unknown routes answer 404 in the server's error shape. Returns the list of calls made.
 */
export function mockApi(handlers: Record<string, Handler>): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = input.split('?')[0] ?? input;
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const call = { method, path, headers: new Headers(init.headers), body };
    calls.push(call);
    const handler = handlers[`${method} ${path}`];
    const reply =
      handler === undefined
        ? { status: 404, body: { error: { code: 'not_found', message: 'not found', requestId: 'req-404' } } }
        : typeof handler === 'function'
          ? handler(call)
          : handler;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>): Reply {
  return { status, body: { error: { code, message, requestId: 'req-test-1', ...(fields ? { fields } : {}) } } };
}

const ORG_ID = '0190a000-0000-7000-8000-000000000001';

export function makeSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    user: {
      id: '0190a000-0000-7000-8000-0000000000aa',
      username: 'nguyenvana',
      fullName: 'Nguyễn Văn A',
      email: null,
      phone: null,
      title: null,
      itQualification: 'it_bachelor',
      locale: 'vi',
      orgId: ORG_ID,
      orgName: 'Sở Khoa học và Công nghệ',
      mustChangePassword: false,
      totpEnabled: false,
      roles: [
        {
          id: '0190a000-0000-7000-8000-0000000000bb',
          role: 'security_officer',
          orgId: ORG_ID,
          orgName: 'Sở Khoa học và Công nghệ',
          orgCode: 'SKHCN',
        },
      ],
    },
    mfa: 'none',
    csrfToken: 'csrf-token-123',
    can: {},
    expiresAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Renders routes in memory with the app's real providers. */
export function renderRoutes(routes: RouteObject[], initialPath: string) {
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const queryClient = createQueryClient();
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, router, queryClient };
}

export function renderWithProviders(ui: ReactElement, path = '/') {
  return renderRoutes([{ path: '*', element: ui }], path);
}
