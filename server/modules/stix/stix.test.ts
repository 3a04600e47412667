/**
 * STIX 2.1 export through the HTTP API on a real database: an incident reported by a commune and
 * worked by the provincial police, exported as a bundle that validates against the official OASIS
 * schemas; the national centre's API token pulls it too; another commune's analyst gets 404, a role
 * without incident.share 403; the export of a period; every export audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { createHash, randomBytes } from 'node:crypto';
import { apiTokens, auditLog, informationSystems, type OrgRow } from '../../db/schema';
import { createStixValidator } from './stix.validator';
import { INCIDENT_CORE_EXTENSION_ID, type StixObject } from './stix.markings';

// Tuesday 1 December 2026, 10:00 in Hanoi.
const now = new Date('2026-12-01T03:00:00.000Z');
const validator = createStixValidator();

let env: TestEnv;
let app: FastifyInstance;
let police: OrgRow;
let communeA: OrgRow;
let officerA: LoggedIn;
let analyst: LoggedIn;
let analystB: LoggedIn;
let leader: LoggedIn;
let tokenSecret: string;
let readOnlyToken: string;
let incidentId: string;
let incidentCode: string;

type Bundle = { type: string; id: string; objects?: StixObject[] };

function call(who: LoggedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) });
}

async function ok<T = { id: string; code: string }>(who: LoggedIn, method: 'POST' | 'PUT', url: string, payload: object = {}): Promise<T> {
  const r = await call(who, method, url, payload);
  if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json<T>();
}

beforeAll(async () => {
  env = await createTestEnv({ clock: () => now });
  app = env.app;
  const db = env.database.db;
  const province = await makeProvince(db);
  police = await makeOrg(db, province, 'police', 'Công an tỉnh');
  communeA = await makeCommune(db, province);
  const communeB = await makeCommune(db, province);
  officerA = await login(app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  // Police accounts hold their roles on the province root.
  analyst = await login(app, await makeUser(db, { org: police, role: 'soc_analyst', roleOrg: province }));
  analystB = await login(app, await makeUser(db, { org: communeB, role: 'soc_analyst' }));
  leader = await login(app, await makeUser(db, { org: province, role: 'leadership' }));
  // API tokens of the province: the national centre's (incident.share, so it can pull bundles) and
  // a reader's. Written directly: who may issue which token is the tokens module's business; this
  // file checks that the STIX routes honour what a token holds.
  const token = async (name: string, actions: string[]) => {
    const secret = `khn_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    await db.insert(apiTokens).values({ id: uuidv7(), name, prefix: secret.slice(4, 12), secretHash: createHash('sha256').update(secret).digest('hex'), orgId: province.id, actions });
    return secret;
  };
  tokenSecret = await token('Trung tâm An ninh mạng quốc gia', ['incident.read', 'incident.share', 'advisory.read']);
  readOnlyToken = await token('Máy đọc sự cố', ['incident.read']);

  const systemId = uuidv7();
  await db.insert(informationSystems).values({ id: systemId, orgId: communeA.id, code: 'HT-X-01', name: 'Cổng thông tin điện tử xã', systemType: 'internal', infoTypes: ['public'], regime: 'nd85_2016' });
  const incident = await ok(officerA, 'POST', '/api/incidents', {
    reporterName: 'Nguyễn Văn An',
    reporterPhone: '0912 345 678',
    detectedAt: '2026-12-01T00:40:00.000Z',
    type: 'defacement',
    severity: 'high',
    title: 'Trang thông tin điện tử của xã bị thay đổi giao diện',
    description: 'Trang chủ hiển thị nội dung lạ từ 07:40.',
    systemIds: [systemId],
    tlp: 'amber+strict',
  });
  incidentId = incident.id;
  incidentCode = incident.code;
  for (const indicator of [
    { kind: 'ipv4', value: '203.0.113.7', firstSeen: '2026-11-30T22:00:00.000Z', description: 'Đăng nhập quản trị lạ' },
    { kind: 'domain', value: 'Evil-Example.com' },
    { kind: 'url', value: "http://evil.example.com/shell.php?cmd='id'" },
    { kind: 'sha256', value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' },
  ]) {
    await ok(officerA, 'POST', `/api/incidents/${incidentId}/indicators`, indicator);
  }
  await ok(analyst, 'POST', `/api/incidents/${incidentId}/transitions/triage`, { note: 'Xác nhận sự cố thay đổi giao diện.' });
}, 120_000);
afterAll(() => env?.close());

describe('GET /api/stix/incidents/:id', () => {
  it('downloads the incident as a STIX 2.1 bundle that validates against the OASIS schemas', async () => {
    const r = await call(analyst, 'GET', `/api/stix/incidents/${incidentId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/stix+json;version=2.1');
    expect(String(r.headers['content-disposition'])).toContain(`attachment; filename="su-co-${incidentCode}.stix.json"`);
    const bundle = r.json<Bundle>();
    expect(validator.validateBundle(bundle)).toEqual([]);
    const objects = bundle.objects ?? [];
    const incident = objects.find((o) => o.type === 'incident');
    expect(incident?.name).toBe('Trang thông tin điện tử của xã bị thay đổi giao diện');
    expect((incident?.extensions as Record<string, unknown>)[INCIDENT_CORE_EXTENSION_ID]).toMatchObject({
      determination: 'confirmed',
      investigation_status: 'open',
      incident_types: ['modification-information'],
      criticality: 70,
    });
    // TLP:AMBER+STRICT exists only in TLP 2.0: one marking, the OASIS one.
    expect(incident?.object_marking_refs).toEqual(['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003']);
    expect(objects.filter((o) => o.type === 'indicator').map((o) => o.pattern).sort()).toEqual([
      "[domain-name:value = 'evil-example.com']",
      "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
      "[ipv4-addr:value = '203.0.113.7']",
      "[url:value = 'http://evil.example.com/shell.php?cmd=\\'id\\'']",
    ]);
    expect(objects.find((o) => o.type === 'infrastructure')?.name).toBe('Cổng thông tin điện tử xã');
    // Produced by the provincial police; the incident itself is authored by the reporting commune.
    const names = Object.fromEntries(objects.filter((o) => o.type === 'identity').map((o) => [o.id, o.name]));
    expect(names[String(incident?.created_by_ref)]).toBe(communeA.name);
    expect(Object.values(names)).toContain('Công an tỉnh');
    expect(objects.filter((o) => o.type === 'note').length).toBeGreaterThanOrEqual(2);
  });

  it('gives the same ids on a second export, and records each export in the audit log', async () => {
    const first = (await call(analyst, 'GET', `/api/stix/incidents/${incidentId}`)).json<Bundle>();
    const second = (await call(analyst, 'GET', `/api/stix/incidents/${incidentId}`)).json<Bundle>();
    expect(second).toEqual(first);
    const rows = await env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'stix.incident_exported'), eq(auditLog.entityId, incidentId)));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]?.orgId).toBe(communeA.id);
  });

  it('lets the national centre pull it with an API token holding incident.share', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/stix/incidents/${incidentId}`, headers: { authorization: `Bearer ${tokenSecret}` } });
    expect(r.statusCode).toBe(200);
    expect(validator.validateBundle(r.json())).toEqual([]);
  });

  it('answers 404 to an analyst of another commune, 403 to roles without incident.share, 401 anonymously', async () => {
    const other = await call(analystB, 'GET', `/api/stix/incidents/${incidentId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json<{ error: { code: string } }>().error.code).toBe('not_found');
    // Leadership reads the incident but may not share it; the reporting officer neither.
    expect((await call(leader, 'GET', `/api/incidents/${incidentId}`)).statusCode).toBe(200);
    expect((await call(leader, 'GET', `/api/stix/incidents/${incidentId}`)).statusCode).toBe(403);
    expect((await call(officerA, 'GET', `/api/stix/incidents/${incidentId}`)).statusCode).toBe(403);
    expect((await call(null, 'GET', `/api/stix/incidents/${incidentId}`)).statusCode).toBe(401);
    const reader = await app.inject({ method: 'GET', url: `/api/stix/incidents/${incidentId}`, headers: { authorization: `Bearer ${readOnlyToken}` } });
    expect(reader.statusCode).toBe(403);
    expect((await call(analyst, 'GET', `/api/stix/incidents/${uuidv7()}`)).statusCode).toBe(404);
    const bad = await call(analyst, 'GET', '/api/stix/incidents/khong-phai-uuid');
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/stix/incidents?from=&to=', () => {
  it('bundles the incidents detected in the period that the actor may share', async () => {
    const r = await call(analyst, 'GET', '/api/stix/incidents?from=2026-12-01&to=2026-12-01');
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['content-disposition'])).toContain('su-co-2026-12-01-den-2026-12-01.stix.json');
    const bundle = r.json<Bundle>();
    expect(validator.validateBundle(bundle)).toEqual([]);
    expect((bundle.objects ?? []).filter((o) => o.type === 'incident')).toHaveLength(1);
    // Detected at 07:40 on 1 December in Vietnam, which is still 30 November in UTC.
    const before = (await call(analyst, 'GET', '/api/stix/incidents?from=2026-11-01&to=2026-11-30')).json<Bundle>();
    expect(before.objects).toBeUndefined();
    expect(validator.validateBundle(before)).toEqual([]);
  });

  it('shows nothing of another commune', async () => {
    const r = await call(analystB, 'GET', '/api/stix/incidents?from=2026-12-01&to=2026-12-01');
    expect(r.statusCode).toBe(200);
    expect(r.json<Bundle>().objects).toBeUndefined();
  });

  it('refuses an inverted or overlong period with a Vietnamese message', async () => {
    const inverted = await call(analyst, 'GET', '/api/stix/incidents?from=2026-12-02&to=2026-12-01');
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json<{ error: { fields: Record<string, string> } }>().error.fields.to).toBe('Đến ngày: Ngày bắt đầu (2026-12-02) phải trước ngày kết thúc (2026-12-01).');
    const long = await call(analyst, 'GET', '/api/stix/incidents?from=2024-01-01&to=2026-12-01');
    expect(long.statusCode).toBe(400);
    expect(long.json<{ error: { fields: Record<string, string> } }>().error.fields.to).toContain('tối đa 366 ngày');
    expect((await call(analyst, 'GET', '/api/stix/incidents?from=hom-qua&to=2026-12-01')).statusCode).toBe(400);
    expect((await call(leader, 'GET', '/api/stix/incidents?from=2026-12-01&to=2026-12-01')).statusCode).toBe(403);
  });
});

describe('GET /api/stix/advisories/:id', () => {
  let advisoryId: string;
  let draftId: string;

  beforeAll(async () => {
    const fields = {
      title: 'Lỗ hổng nghiêm trọng trong PAN-OS GlobalProtect',
      description: 'Cho phép thực thi mã từ xa không cần xác thực.',
      guidance: 'Cập nhật PAN-OS lên bản vá mới nhất.',
      severity: 'critical',
      cvssScore: 10,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      cveIds: ['CVE-2024-3400'],
      tlp: 'green',
      ackDueAt: '2026-12-02T10:00:00.000Z',
      remediationDueAt: '2026-12-08T10:00:00.000Z',
      products: [{ vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: [{ version: '10.2.0', lessThan: '10.2.9', status: 'affected' }] }],
    };
    advisoryId = (await ok(analyst, 'POST', '/api/advisories', fields)).id;
    await ok(analyst, 'POST', `/api/advisories/${advisoryId}/publish`);
    draftId = (await ok(analyst, 'POST', '/api/advisories', { ...fields, title: 'Bản nháp chưa ban hành' })).id;
  }, 60_000);

  it('downloads the advisory as a vulnerability report that validates against the OASIS schemas', async () => {
    const r = await call(officerA, 'GET', `/api/stix/advisories/${advisoryId}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/stix+json;version=2.1');
    expect(String(r.headers['content-disposition'])).toMatch(/filename="canh-bao-.+\.stix\.json"/);
    const bundle = r.json<Bundle>();
    expect(validator.validateBundle(bundle)).toEqual([]);
    const objects = bundle.objects ?? [];
    expect(objects.find((o) => o.type === 'report')).toMatchObject({ report_types: ['vulnerability'] });
    expect(objects.find((o) => o.type === 'vulnerability')?.external_references).toEqual([
      { source_name: 'cve', external_id: 'CVE-2024-3400', url: 'https://www.cve.org/CVERecord?id=CVE-2024-3400' },
    ]);
    expect(objects.find((o) => o.type === 'course-of-action')?.description).toContain('Cập nhật PAN-OS lên bản vá mới nhất.');
    expect(objects.find((o) => o.type === 'software')).toMatchObject({ name: 'PAN-OS', vendor: 'Palo Alto Networks' });
    const audits = await env.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'stix.advisory_exported'), eq(auditLog.entityId, advisoryId)));
    expect(audits).toHaveLength(1);
  });

  it('hides a draft from everyone but its authors, and refuses a token without advisory.read', async () => {
    expect((await call(analyst, 'GET', `/api/stix/advisories/${draftId}`)).statusCode).toBe(200);
    expect((await call(officerA, 'GET', `/api/stix/advisories/${draftId}`)).statusCode).toBe(404);
    const token = await app.inject({ method: 'GET', url: `/api/stix/advisories/${advisoryId}`, headers: { authorization: `Bearer ${readOnlyToken}` } });
    expect(token.statusCode).toBe(403);
    expect((await call(null, 'GET', `/api/stix/advisories/${advisoryId}`)).statusCode).toBe(401);
  });
});
