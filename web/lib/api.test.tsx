import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Ok } from '@shared/api/common';
import { apiError, mockApi } from '../test/helpers';
import { ApiError, api, buildUrl, setCsrfToken, setUnauthenticatedHandler } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

describe('api client', () => {
  it("turns the server's error shape into an ApiError with code, message, fields, request id and status", async () => {
    mockApi({
      'POST /api/orgs': apiError(400, 'validation', 'Dữ liệu chưa hợp lệ.', { code: 'Mã đơn vị «X» đã được dùng.' }),
    });
    const error = await api.post('/api/orgs', Ok, { body: { code: 'X' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'validation',
      message: 'Dữ liệu chưa hợp lệ.',
      fields: { code: 'Mã đơn vị «X» đã được dùng.' },
      requestId: 'req-test-1',
      status: 400,
    });
  });

  it('sends the CSRF token on writes only, and always the language', async () => {
    const calls = mockApi({
      'GET /api/things': { status: 200, body: { ok: true } },
      'DELETE /api/things/1': { status: 200, body: { ok: true } },
    });
    setCsrfToken('tok');
    await api.get('/api/things', Ok);
    await api.delete('/api/things/1', Ok);
    expect(calls[0]?.headers.get('x-csrf-token')).toBeNull();
    expect(calls[1]?.headers.get('x-csrf-token')).toBe('tok');
    expect(calls.every((c) => c.headers.get('accept-language') === 'vi')).toBe(true);
  });

  it('reports an unreachable server in plain words', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/api/x', Ok)).rejects.toMatchObject({
      code: 'network',
      status: 0,
      message: 'Không kết nối được với máy chủ. Hãy kiểm tra mạng rồi thử lại.',
    });
  });

  it('rejects an answer that does not match the shared schema', async () => {
    mockApi({ 'GET /api/n': { status: 200, body: { n: 'not a number' } } });
    await expect(api.get('/api/n', z.object({ n: z.number() }))).rejects.toMatchObject({ code: 'internal' });
  });

  it('calls the 401 handler unless the caller expects a 401', async () => {
    mockApi({ 'GET /api/x': apiError(401, 'unauthenticated', 'Bạn cần đăng nhập.') });
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    await api.get('/api/x', Ok, { expectUnauthenticated: true }).catch(() => undefined);
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await api.get('/api/x', Ok).catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('leaves empty filters out of the query string', () => {
    expect(buildUrl('/api/users', { q: '', orgId: undefined, limit: 20, role: null, subtree: true })).toBe(
      '/api/users?limit=20&subtree=true',
    );
  });
});
