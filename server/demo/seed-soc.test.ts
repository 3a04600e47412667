/**
 * The demo province's SOC figures through the real API: 13/20 important systems monitored, the
 * missing ones with their reasons, a few hundred Wazuh alerts across several units in the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AlertList, SocCoverage } from '@shared/api/soc';
import { createTestEnv, type TestEnv } from '../test/harness';
import { login, makeUser, type LoggedIn } from '../test/factories';
import { orgs } from '../db/schema';
import { seedDemo } from './seed';
import { DEMO_IMPORTANT_SYSTEMS, DEMO_MONITORED_SYSTEMS } from './seed-soc';

let env: TestEnv;
let analyst: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.database.db);
  const [root] = await env.database.db.select().from(orgs).where(eq(orgs.code, 'TQ'));
  if (!root) throw new Error('no province');
  analyst = await login(env.app, await makeUser(env.database.db, { org: root, role: 'soc_analyst' }));
}, 300_000);
afterAll(() => env?.close());

describe('demo SOC data', () => {
  it('shows 13/20 important systems monitored, with the others missing for their reasons', async () => {
    const r = await env.app.inject({ url: '/api/soc/coverage', headers: analyst.headers });
    expect(r.statusCode).toBe(200);
    const c = r.json<SocCoverage>();
    expect(c.total).toEqual({ important: DEMO_IMPORTANT_SYSTEMS, connected: DEMO_MONITORED_SYSTEMS + 1, monitored: DEMO_MONITORED_SYSTEMS });
    const reasons = c.missing.map((m) => m.reason).sort();
    expect(reasons).toEqual(['in_progress', 'in_progress', 'not_connected', 'not_connected', 'not_connected', 'not_connected', 'quiet']);
    expect(c.orgs.length).toBeGreaterThan(3);
  });

  it('puts a few hundred alerts of several units in the queue, the last day\'s still new', async () => {
    const r = await env.app.inject({ url: '/api/alerts?groupBy=system&limit=500', headers: analyst.headers });
    expect(r.statusCode).toBe(200);
    const list = r.json<AlertList>();
    expect(list.total).toBeGreaterThan(200);
    expect(list.total).toBeLessThan(1000);
    expect(new Set(list.items.map((a) => a.orgId)).size).toBeGreaterThan(3);
    expect(list.groups?.length).toBe(DEMO_MONITORED_SYSTEMS + 1);
    const fresh = await env.app.inject({ url: '/api/alerts?status=new&limit=1', headers: analyst.headers });
    expect(fresh.json<AlertList>().total).toBeGreaterThan(10);
  });
});
