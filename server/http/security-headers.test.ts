import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness';

/** Security headers on every answer (helmet's middleware, built once at startup). */
describe('security headers', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ startJobs: false });
  });
  afterAll(async () => env.close());

  it('every answer carries the content security policy and the other headers, API errors included', async () => {
    for (const url of ['/healthz', '/api/systems', '/api/khong-co']) {
      const res = await env.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      // Plain HTTP without a proxy in front: no HSTS, which would lock browsers out of the address.
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(res.headers['x-request-id'], url).toBeTruthy();
    }
  });

  it('HSTS is sent where TLS is in front of the platform', async () => {
    const tls = await createTestEnv({ startJobs: false, config: { KHIEN_PUBLIC_URL: 'https://khien.tuyenquang.gov.vn' } });
    try {
      const res = await tls.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await tls.close();
    }
  });
});
