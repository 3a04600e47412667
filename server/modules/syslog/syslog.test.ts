/** Syslog senders through the HTTP API: scoped, audited, CIDR checked with a translated message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { auditLog, syslogSources, type OrgRow } from '../../db/schema';
import type { SyslogSource } from '@shared/api/syslog';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let analyst: LoggedIn;
let officerA: LoggedIn;
let officerB: LoggedIn;
let headA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  analyst = await login(env.app, await makeUser(db, { org: province, role: 'soc_analyst' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  headA = await login(env.app, await makeUser(db, { org: communeA, role: 'org_head' }));
});
afterAll(() => env.close());

const URL = '/api/soc/syslog-sources';

async function create(as: LoggedIn, orgId: string, senders: string[], name = 'Tường lửa FortiGate') {
  return env.app.inject({ method: 'POST', url: URL, headers: as.headers, payload: { orgId, name, senders } });
}

describe('syslog sources', () => {
  it('refuses the anonymous (401) and a unit head without soc.manage (403)', async () => {
    expect((await env.app.inject({ url: URL })).statusCode).toBe(401);
    expect((await env.app.inject({ url: URL, headers: headA.headers })).statusCode).toBe(403);
    expect((await create(headA, communeA.id, ['10.1.0.0/16'])).statusCode).toBe(403);
  });

  it('creates a source with canonical, deduplicated blocks, audited in its transaction', async () => {
    const r = await create(officerA, communeA.id, ['10.1.0.0/16', ' 10.1.0.0/16', '2001:DB8::/32', '::ffff:10.2.3.4']);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json<SyslogSource>();
    expect(s).toMatchObject({ orgId: communeA.id, name: 'Tường lửa FortiGate', senders: ['10.1.0.0/16', '2001:db8::/32', '10.2.3.4/32'], enabled: true, receivedCount: 0, storedCount: 0, lastReceivedAt: null, can: { update: true } });
    const audit = await env.database.db.select().from(auditLog).where(eq(auditLog.entityId, s.id));
    expect(audit.map((a) => a.action)).toEqual(['syslog.source_created']);
    expect(audit[0]?.orgId).toBe(communeA.id);
  });

  it('refuses a wrong block with a Vietnamese message naming it, and writes nothing', async () => {
    const before = await env.database.db.select().from(syslogSources);
    const r = await create(officerA, communeA.id, ['10.9.0.0/16', '10.0.0.1/8']);
    expect(r.statusCode).toBe(400);
    const err = r.json<{ error: { code: string; fields: Record<string, string> } }>().error;
    expect(err.code).toBe('validation');
    expect(err.fields['senders.1']).toContain('“10.0.0.1/8” không phải địa chỉ IP hay dải mạng hợp lệ');
    const en = await env.app.inject({ method: 'POST', url: URL, headers: { ...officerA.headers, 'accept-language': 'en' }, payload: { orgId: communeA.id, name: 'x', senders: ['not-an-ip'] } });
    expect(en.json<{ error: { fields: Record<string, string> } }>().error.fields['senders.0']).toContain('is not a valid IP address');
    expect(await env.database.db.select().from(syslogSources)).toHaveLength(before.length);
    expect((await create(officerA, communeA.id, [])).statusCode).toBe(400);
  });

  it('refuses a block another enabled source already holds, without naming that source', async () => {
    const r = await create(officerB, communeB.id, ['10.1.0.0/16']);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('10.1.0.0/16');
    expect(r.body).not.toContain('FortiGate');
    // A narrower block inside it is allowed (the most specific wins).
    expect((await create(officerB, communeB.id, ['10.1.5.0/24'], 'Máy chủ syslog xã B')).statusCode).toBe(200);
  });

  it("does not show or let a unit touch another unit's sources (404); the province analyst sees both", async () => {
    const listB = (await env.app.inject({ url: URL, headers: officerB.headers })).json<{ items: SyslogSource[] }>();
    expect(listB.items.every((s) => s.orgId === communeB.id)).toBe(true);
    const listAll = (await env.app.inject({ url: `${URL}?limit=500`, headers: analyst.headers })).json<{ items: SyslogSource[] }>();
    const aSource = listAll.items.find((s) => s.orgId === communeA.id);
    expect(aSource).toBeDefined();
    expect(listAll.items.some((s) => s.orgId === communeB.id)).toBe(true);
    const id = aSource?.id ?? '';
    expect((await env.app.inject({ method: 'PATCH', url: `${URL}/${id}`, headers: officerB.headers, payload: { name: 'chiếm' } })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'POST', url: `${URL}/${id}/disable`, headers: officerB.headers })).statusCode).toBe(404);
    expect((await create(officerB, communeA.id, ['10.50.0.0/16'])).statusCode).toBe(404);
  });

  it('changes, disables and enables a source, each audited; disabling twice is refused', async () => {
    const created = (await create(officerA, communeA.id, ['192.168.10.0/24'], 'Palo Alto')).json<SyslogSource>();
    const u = await env.app.inject({ method: 'PATCH', url: `${URL}/${created.id}`, headers: officerA.headers, payload: { name: 'Palo Alto PA-820', senders: ['192.168.10.0/24', '192.168.11.7'], note: 'Phòng máy chủ' } });
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json<SyslogSource>()).toMatchObject({ name: 'Palo Alto PA-820', senders: ['192.168.10.0/24', '192.168.11.7/32'], note: 'Phòng máy chủ' });
    const d = await env.app.inject({ method: 'POST', url: `${URL}/${created.id}/disable`, headers: officerA.headers });
    expect(d.json<SyslogSource>().enabled).toBe(false);
    expect((await env.app.inject({ method: 'POST', url: `${URL}/${created.id}/disable`, headers: officerA.headers })).statusCode).toBe(409);
    // Disabled, its blocks are free for another source; enabling it again is then refused.
    expect((await create(officerB, communeB.id, ['192.168.11.7'], 'Khác')).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'POST', url: `${URL}/${created.id}/enable`, headers: officerA.headers })).statusCode).toBe(400);
    const audit = await env.database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((a) => a.action)).toEqual(['syslog.source_created', 'syslog.source_updated', 'syslog.source_disabled']);
    expect((await env.app.inject({ method: 'PATCH', url: `${URL}/${created.id}`, headers: officerA.headers, payload: { bogus: 1 } })).statusCode).toBe(400);
  });

  it('tells where devices send (the listener is off in tests unless configured)', async () => {
    const r = await env.app.inject({ url: `${URL}/listener`, headers: officerA.headers });
    expect(r.json()).toEqual({ enabled: false, port: null, host: null });
  });
});
