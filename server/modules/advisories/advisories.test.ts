/**
 * Early warnings through the HTTP API on a real database: drafting (who may, bad input refused with
 * nothing stored), the targeting preview with why each asset matched, publishing (targets, in-app
 * notices and e-mails to the affected units only), visibility by TLP, a unit's one-step answers with
 * evidence, the authority's overdue list shrinking, reminders sent once, imports of CVE JSON 5 and
 * CISA KEV files, withdrawal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Advisory, AdvisoryList, AdvisoryTargetList, ImportResult, OrgResponseList, OverdueList, TargetPreview } from '@shared/api/advisories';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { endpointPrograms, endpoints, informationSystems, systemComponents, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { multipartBody } from '../../test/multipart';
import { systemCtx } from '../../http/context';
import { sendAdvisoryReminders } from './advisories.reminders';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let now = new Date('2026-12-01T02:00:00Z');
let env: TestEnv;
let app: FastifyInstance;
let province: OrgRow;
let communeA: OrgRow;
let unitA: OrgRow;
let communeB: OrgRow;
let analyst: LoggedIn;
let officerA: LoggedIn;
let officerB: LoggedIn;
let viewerB: LoggedIn;
let systemA = '';
let endpointA1 = '';
let endpointA2 = '';

type Err = { error: { code: string; message: string; fields?: Record<string, string> } };

function call(who: LoggedIn | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) });
}

async function count(text: string): Promise<number> {
  const [r] = await queryRows(env.database.db, sql.raw(text));
  return Number(r?.n);
}

async function addEndpoint(org: OrgRow, hostname: string, programs: { name: string; version: string; publisher: string | null }[], os?: { name: string; version: string }) {
  const id = uuidv7();
  await env.database.db
    .insert(endpoints)
    .values({ id, orgId: org.id, hostname, source: 'agent', osPlatform: 'windows', osName: os?.name ?? 'Microsoft Windows 11 Pro', osVersion: os?.version ?? '10.0.22631' });
  if (programs.length) await env.database.db.insert(endpointPrograms).values(programs.map((p) => ({ endpointId: id, ...p })));
  return id;
}

/** Moves the clock in steps shorter than the session idle limit, each session used at every step. */
async function advance(ms: number) {
  for (let left = ms; left > 0; left -= 20 * 3_600_000) {
    now = new Date(now.getTime() + Math.min(left, 20 * 3_600_000));
    for (const who of [analyst, officerA, officerB, viewerB]) await call(who, 'GET', '/api/auth/session');
  }
}

const base = () => ({
  title: 'Lỗ hổng nghiêm trọng trong nginx và Firefox',
  description: 'Cho phép thực thi mã từ xa.',
  guidance: 'Cập nhật nginx lên 1.25.3 và Firefox lên 121.',
  severity: 'critical' as const,
  cvssScore: 9.8,
  cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cveIds: ['cve-2026-12345'],
  tlp: 'amber' as const,
  ackDueAt: new Date(now.getTime() + 2 * 86_400_000).toISOString(),
  remediationDueAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
  products: [
    { vendor: 'F5', product: 'nginx', versions: [{ version: '1.0.0', lessThan: '1.25.3', status: 'affected' as const, versionType: 'semver' }] },
    { vendor: 'Mozilla', product: 'Firefox', versions: [{ version: '0', lessThan: '121.0', status: 'affected' as const }] },
  ],
});

beforeAll(async () => {
  env = await createTestEnv({ clock: () => now, config: { KHIEN_SESSION_HOURS: '720', KHIEN_SESSION_IDLE_MINUTES: '1440' } });
  app = env.app;
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  unitA = await makeOrg(db, communeA, 'service_center');
  communeB = await makeCommune(db, province);
  analyst = await login(app, await makeUser(db, { org: province, role: 'soc_analyst' }));
  officerA = await login(app, await makeUser(db, { org: communeA, role: 'security_officer', email: 'attt.a@example.vn' }));
  officerB = await login(app, await makeUser(db, { org: communeB, role: 'security_officer', email: 'attt.b@example.vn' }));
  viewerB = await login(app, await makeUser(db, { org: communeB, role: 'viewer' }));
  systemA = uuidv7();
  await db.insert(informationSystems).values({ id: systemA, orgId: unitA.id, code: 'HT-A', name: 'Cổng thông tin xã A', systemType: 'internal', infoTypes: ['public'] });
  await db.insert(systemComponents).values([
    { id: uuidv7(), systemId: systemA, kind: 'web_server', vendor: 'nginx', product: 'nginx', version: '1.24', sort: 0 },
    { id: uuidv7(), systemId: systemA, kind: 'database', vendor: 'PostgreSQL', product: 'PostgreSQL', version: '15', sort: 1 },
  ]);
  endpointA1 = await addEndpoint(unitA, 'A-PC-01', [
    { name: 'Mozilla Firefox (x64 vi)', version: '120.0.1', publisher: 'Mozilla' },
    { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' },
  ]);
  endpointA2 = await addEndpoint(communeA, 'A-PC-02', [{ name: 'Mozilla Firefox (x64 vi)', version: '121.0', publisher: 'Mozilla' }]);
  await addEndpoint(communeB, 'B-PC-01', [{ name: 'Mozilla Firefox (x64 en-US)', version: '115.0', publisher: 'Mozilla' }]);
}, 120_000);
afterAll(() => env?.close());

let advisoryId = '';

describe('drafting', () => {
  it('refuses anonymous callers and roles that do not publish', async () => {
    expect((await call(null, 'POST', '/api/advisories', base())).statusCode).toBe(401);
    expect((await call(officerA, 'POST', '/api/advisories', base())).statusCode).toBe(403);
  });

  it('refuses bad input in Vietnamese and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM advisories');
    const bad = { ...base(), title: '', cveIds: ['CVE-20-1'], products: [{ vendor: 'F5', product: 'nginx', versions: [] }] };
    const r = await call(analyst, 'POST', '/api/advisories', bad);
    expect(r.statusCode).toBe(400);
    const body = r.json<Err>();
    expect(body.error.code).toBe('validation');
    expect(Object.keys(body.error.fields ?? {})).toEqual(expect.arrayContaining(['title', 'cveIds.0']));
    expect(body.error.message).toMatch(/không hợp lệ|Dữ liệu/i);
    const late = await call(analyst, 'POST', '/api/advisories', { ...base(), ackDueAt: base().remediationDueAt, remediationDueAt: base().ackDueAt });
    expect(late.statusCode).toBe(400);
    expect(late.json<Err>().error.fields?.ackDueAt).toContain('Hạn xác nhận phải trước hạn khắc phục');
    expect(await count('SELECT count(*)::int AS n FROM advisories')).toBe(before);
  });

  it('creates a numbered draft, audited, seen only by the authority', async () => {
    const r = await call(analyst, 'POST', '/api/advisories', base());
    expect(r.statusCode).toBe(200);
    const a = r.json<Advisory>();
    advisoryId = a.id;
    expect(a.code).toBe('CB-2026-001');
    expect(a.status).toBe('draft');
    expect(a.cveIds).toEqual(['CVE-2026-12345']);
    expect(a.products).toHaveLength(2);
    expect(a.can).toMatchObject({ edit: true, publish: true, respond: false });
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'advisory.created' AND entity_id = '${a.id}'`)).toBe(1);
    expect((await call(officerA, 'GET', `/api/advisories/${a.id}`)).statusCode).toBe(404);
    const second = await call(analyst, 'POST', '/api/advisories', { ...base(), title: 'Bản nháp thứ hai' });
    expect(second.json<Advisory>().code).toBe('CB-2026-002');
  });

  it('edits a draft', async () => {
    const r = await call(analyst, 'PATCH', `/api/advisories/${advisoryId}`, { guidance: 'Cập nhật ngay.', cvssScore: 9.1 });
    expect(r.statusCode).toBe(200);
    expect(r.json<Advisory>()).toMatchObject({ guidance: 'Cập nhật ngay.', cvssScore: 9.1 });
  });
});

describe('targeting', () => {
  it('previews the affected units, systems and computers with why, writing nothing', async () => {
    const r = await call(analyst, 'POST', `/api/advisories/${advisoryId}/preview`);
    expect(r.statusCode).toBe(200);
    const p = r.json<TargetPreview>();
    // A's system (nginx 1.24 < 1.25.3), A-PC-01 (Firefox 120.0.1 < 121.0) and B-PC-01 (115.0); not A-PC-02 (121.0).
    expect(p.totals).toEqual({ orgs: 2, systems: 1, endpoints: 2 });
    const sys = p.sample.find((s) => s.assetId === systemA);
    expect(sys?.why).toMatchObject({ matchedKind: 'component', matchedName: 'nginx', matchedVersion: '1.24', product: 'nginx', nameMatch: 'exact', versionRuleIndex: 0, versionReason: 'range' });
    expect(sys?.why.versionRule).toMatchObject({ version: '1.0.0', lessThan: '1.25.3' });
    const pc = p.sample.find((s) => s.assetId === endpointA1);
    expect(pc?.why).toMatchObject({ matchedKind: 'program', matchedName: 'Mozilla Firefox (x64 vi)', matchedVersion: '120.0.1', product: 'Firefox' });
    expect(p.sample.some((s) => s.assetId === endpointA2)).toBe(false);
    expect(await count('SELECT count(*)::int AS n FROM advisory_targets')).toBe(0);
  });

  it('previews unsaved products too', async () => {
    const r = await call(analyst, 'POST', '/api/advisories/preview', { products: [{ vendor: '7-zip', product: '7-zip', versions: [{ version: '0', lessThan: '24.07', status: 'affected' }] }] });
    expect(r.statusCode).toBe(200);
    expect(r.json<TargetPreview>().sample.map((s) => s.assetName)).toEqual(['A-PC-01']);
  });

  it('finds Vietnamese program names whatever their accents, and a product named after a leading word', async () => {
    const pc = await addEndpoint(communeB, 'B-KT-01', [{ name: 'Phần mềm Kế toán MISA SME 2023', version: 'R30', publisher: 'MISA JSC' }]);
    try {
      const r = await call(analyst, 'POST', '/api/advisories/preview', { products: [{ vendor: 'MISA', product: 'Ke toan MISA SME', allVersions: true, defaultStatus: 'affected', versions: [] }] });
      expect(r.statusCode, r.body).toBe(200);
      const p = r.json<TargetPreview>();
      expect(p.sample.map((s) => [s.assetName, s.why.nameMatch, s.why.versionReason])).toEqual([['B-KT-01', 'contains', 'all_versions']]);
    } finally {
      await queryRows(env.database.db, sql`DELETE FROM endpoints WHERE id = ${pc}`);
    }
  });

  it('publishes: targets with why, affected units told in the app and by e-mail, each officer once', async () => {
    // The province's security officer answers for every unit hit: one notice for all of them.
    const provinceOfficer = await makeUser(env.database.db, { org: province, role: 'security_officer', email: 'attt.tinh@example.vn' });
    const r = await call(analyst, 'POST', `/api/advisories/${advisoryId}/publish`);
    expect(r.statusCode).toBe(200);
    const a = r.json<Advisory>();
    expect(a.status).toBe('published');
    expect(a.counts).toMatchObject({ orgs: 2, targets: 3, pending: 3 });
    expect(await count(`SELECT count(*)::int AS n FROM advisory_org_status WHERE advisory_id = '${advisoryId}'`)).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'advisory.published' AND subject_id = '${advisoryId}'`)).toBe(2);
    const notices = await queryRows(env.database.db, sql`SELECT n.user_id, u.org_id, n.kind, n.params FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.subject_id = ${advisoryId} ORDER BY n.kind`);
    expect(notices.filter((n) => n.user_id === provinceOfficer.id)).toEqual([{ user_id: provinceOfficer.id, org_id: province.id, kind: 'advisory.publishedMany', params: expect.objectContaining({ orgs: 2, count: 3 }) }]);
    // Commune A's officer: A's system and A-PC-01, both in A's service centre.
    expect(notices.filter((n) => n.org_id === communeA.id)).toHaveLength(1);
    expect(notices.find((n) => n.org_id === communeA.id)).toMatchObject({ kind: 'advisory.published', params: { count: 2, org: unitA.name } });
    expect(await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'subject' LIKE 'Cảnh báo CB-2026-001%'`)).toBe(3);
    const mail = await queryRows(env.database.db, sql`SELECT data->>'text' AS text FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = 'attt.tinh@example.vn'`);
    expect(String(mail[0]?.text)).toContain('2 đơn vị thuộc phạm vi của bạn có 3 tài sản bị ảnh hưởng');
    // Out of the way of the reminder tests below.
    await queryRows(env.database.db, sql`UPDATE users SET disabled_at = now() WHERE id = ${provinceOfficer.id}`);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'advisory.published'`)).toBe(1);
    expect((await call(analyst, 'PATCH', `/api/advisories/${advisoryId}`, { title: 'x' })).statusCode).toBe(409);
  });
});

describe('visibility', () => {
  it('shows an AMBER advisory to a targeted unit with only its own targets', async () => {
    const r = await call(officerA, 'GET', `/api/advisories/${advisoryId}/targets`);
    expect(r.statusCode).toBe(200);
    const t = r.json<AdvisoryTargetList>();
    expect(t.items.map((x) => x.assetName).sort()).toEqual(['A-PC-01', 'Cổng thông tin xã A']);
    expect(t.items.every((x) => x.canRespond)).toBe(true);
    const list = (await call(officerA, 'GET', '/api/advisories')).json<AdvisoryList>();
    expect(list.items.map((i) => i.id)).toEqual([advisoryId]);
    expect(list.items[0]?.counts.targets).toBe(2);
  });

  it('hides an AMBER advisory from a reader of an untargeted unit, and shows a CLEAR one', async () => {
    const other = (await call(analyst, 'POST', '/api/advisories', { ...base(), tlp: 'green', products: [{ vendor: 'Microsoft', product: 'IIS', allVersions: true }] })).json<Advisory>();
    expect((await call(analyst, 'POST', `/api/advisories/${other.id}/publish`)).statusCode).toBe(200);
    const c = await makeCommune(env.database.db, province);
    const reader = await login(app, await makeUser(env.database.db, { org: c, role: 'viewer' }));
    expect((await call(reader, 'GET', `/api/advisories/${advisoryId}`)).statusCode).toBe(404);
    expect((await call(reader, 'GET', `/api/advisories/${other.id}`)).statusCode).toBe(200);
    const ids = (await call(reader, 'GET', '/api/advisories')).json<AdvisoryList>().items.map((i) => i.id);
    expect(ids).toEqual([other.id]);
    // B was targeted (its Firefox), but sees none of A's assets.
    const tB = (await call(viewerB, 'GET', `/api/advisories/${advisoryId}/targets`)).json<AdvisoryTargetList>();
    expect(tB.items.map((x) => x.assetName)).toEqual(['B-PC-01']);
    expect(tB.items[0]?.canRespond).toBe(false);
  });
});

describe('answers and overdue', () => {
  it('acknowledges, answers in one step with evidence, and the overdue list shrinks', async () => {
    // Two days and a minute later: acknowledgement is overdue for both units.
    await advance(2 * 86_400_000 + 60_000);
    let overdue = (await call(analyst, 'GET', '/api/advisories/overdue')).json<OverdueList>();
    expect(overdue.items.filter((o) => o.advisoryId === advisoryId).map((o) => o.orgId).sort()).toEqual([communeB.id, unitA.id].sort());
    expect((await call(officerB, 'GET', '/api/advisories/overdue')).json<OverdueList>().items.every((o) => o.orgId === communeB.id)).toBe(true);

    const ack = await call(officerA, 'POST', `/api/advisories/${advisoryId}/acknowledge`, {});
    expect(ack.statusCode).toBe(200);
    overdue = (await call(analyst, 'GET', `/api/advisories/${advisoryId}/overdue`)).json<OverdueList>();
    expect(overdue.items.map((o) => o.orgId)).toEqual([communeB.id]);

    const targets = (await call(officerA, 'GET', `/api/advisories/${advisoryId}/targets`)).json<AdvisoryTargetList>().items;
    const sys = targets.find((t) => t.assetKind === 'system');
    const pc = targets.find((t) => t.assetKind === 'endpoint');
    if (!sys || !pc) throw new Error('targets missing');
    expect(sys.status).toBe('acknowledged');

    // Not affected needs a reason; a refused answer changes nothing.
    const noNote = await call(officerA, 'POST', `/api/advisories/${advisoryId}/respond`, { targetIds: [pc.id], resolution: 'not_affected' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<Err>().error.fields?.note).toContain('lý do');
    // Another unit's asset is not found, and nothing of the request is applied.
    const mixed = await call(officerB, 'POST', `/api/advisories/${advisoryId}/respond`, { targetIds: [pc.id], resolution: 'patched' });
    expect(mixed.statusCode).toBe(404);

    const m = multipartBody({ name: 'ban-va.png', content: PNG });
    const up = await app.inject({ method: 'POST', url: `/api/advisories/${advisoryId}/evidence`, payload: m.payload, headers: { ...officerA.headers, ...m.headers } });
    expect(up.statusCode).toBe(200);
    const evidenceId = up.json<{ id: string }>().id;
    const bad = multipartBody({ name: 'virus.exe', content: Buffer.from('MZ\x90\x00not a document') });
    const refused = await app.inject({ method: 'POST', url: `/api/advisories/${advisoryId}/evidence`, payload: bad.payload, headers: { ...officerA.headers, ...bad.headers } });
    expect(refused.statusCode).toBe(400);

    const done = await call(officerA, 'POST', `/api/advisories/${advisoryId}/respond`, { targetIds: [sys.id], resolution: 'patched', note: 'Đã nâng cấp nginx 1.26.2', evidenceId });
    expect(done.statusCode).toBe(200);
    const na = await call(officerA, 'POST', `/api/advisories/${advisoryId}/respond`, { targetIds: [pc.id], resolution: 'not_affected', note: 'Đã gỡ Firefox' });
    expect(na.statusCode).toBe(200);
    expect(na.json<Advisory>().counts).toMatchObject({ remediated: 1, notAffected: 1, targets: 2 });
    const after = (await call(officerA, 'GET', `/api/advisories/${advisoryId}/targets`)).json<AdvisoryTargetList>().items;
    expect(after.find((t) => t.id === sys.id)).toMatchObject({ status: 'remediated', resolution: 'patched', evidenceName: 'ban-va.png', note: 'Đã nâng cấp nginx 1.26.2' });
    const file = await call(analyst, 'GET', `/api/advisories/${advisoryId}/evidence/${evidenceId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await call(officerB, 'GET', `/api/advisories/${advisoryId}/evidence/${evidenceId}`)).statusCode).toBe(404);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'advisory.responded'`)).toBe(2);

    // After the remediation due date only B remains overdue; A has answered everything.
    await advance(6 * 86_400_000);
    const responses = (await call(analyst, 'GET', `/api/advisories/${advisoryId}/responses`)).json<OrgResponseList>();
    expect(responses.items.find((r) => r.orgId === unitA.id)).toMatchObject({ remediationOverdue: false, remediated: 1, notAffected: 1 });
    expect(responses.items.find((r) => r.orgId === communeB.id)).toMatchObject({ ackOverdue: true, remediationOverdue: true, pending: 1 });
    overdue = (await call(analyst, 'GET', `/api/advisories/${advisoryId}/overdue`)).json<OverdueList>();
    expect(overdue.items.map((o) => o.orgId)).toEqual([communeB.id]);
  });

  it('sends each reminder and overdue notice once', async () => {
    const ctx = systemCtx({ db: env.database.db, database: env.database, config: env.config, jobs: env.jobs, clock: () => now, log: app.log }, 'test');
    const first = await sendAdvisoryReminders(ctx);
    // B: overdue for acknowledgement and remediation; A has acknowledged and answered everything.
    expect(first).toMatchObject({ ackOverdue: 1, remediationOverdue: 1 });
    const again = await sendAdvisoryReminders(ctx);
    expect(again).toEqual({ ackReminder: 0, ackOverdue: 0, remediationReminder: 0, remediationOverdue: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'advisory.remediationOverdue'`)).toBe(1);
  });
});

const CVE_RECORD = {
  dataType: 'CVE_RECORD',
  dataVersion: '5.1',
  cveMetadata: { cveId: 'CVE-2026-40001', state: 'PUBLISHED', assignerShortName: 'mitre' },
  containers: {
    cna: {
      title: '7-Zip: Mark-of-the-Web bypass',
      descriptions: [{ lang: 'en', value: '7-Zip before 24.07 does not propagate Mark-of-the-Web.' }],
      affected: [{ vendor: '7-Zip', product: '7-Zip', defaultStatus: 'unaffected', versions: [{ version: '0', lessThan: '24.07', status: 'affected', versionType: 'custom' }] }],
      metrics: [{ cvssV3_1: { version: '3.1', baseScore: 7, baseSeverity: 'HIGH', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' } }],
      references: [{ url: 'https://www.7-zip.org/history.txt' }],
    },
  },
};

const KEV = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2026.11.30',
  dateReleased: '2026-11-30T17:00:00.000Z',
  count: 2,
  vulnerabilities: [
    {
      cveID: 'CVE-2026-24472',
      vendorProject: 'Mozilla',
      product: 'Firefox',
      vulnerabilityName: 'Mozilla Firefox Use-After-Free Vulnerability',
      dateAdded: '2026-11-20',
      shortDescription: 'Use-after-free in Firefox.',
      requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2026-12-30',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
    },
    {
      cveID: 'CVE-2026-11111',
      vendorProject: 'Acme',
      product: 'Widget Server',
      vulnerabilityName: 'Acme Widget Server RCE',
      dateAdded: '2026-11-21',
      shortDescription: 'RCE.',
      requiredAction: 'Apply updates.',
      dueDate: '2026-12-12',
      knownRansomwareCampaignUse: 'Known',
    },
  ],
};

function importFile(who: LoggedIn, kind: string, content: string, fields: Record<string, string> = {}) {
  const m = multipartBody({ name: 'feed.json', content }, { kind, ...fields });
  return app.inject({ method: 'POST', url: '/api/advisories/import', payload: m.payload, headers: { ...who.headers, ...m.headers } });
}

describe('imports', () => {
  it('imports a CVE JSON 5 record as a draft with its products and CVSS', async () => {
    const r = await importFile(analyst, 'cve_json5', JSON.stringify(CVE_RECORD));
    expect(r.statusCode).toBe(200);
    const res = r.json<ImportResult>();
    expect(res.created).toHaveLength(1);
    const a = (await call(analyst, 'GET', `/api/advisories/${res.created[0]?.id}`)).json<Advisory>();
    expect(a).toMatchObject({ title: '7-Zip: Mark-of-the-Web bypass', severity: 'high', cvssScore: 7, source: 'cve_json5', cveIds: ['CVE-2026-40001'], status: 'draft' });
    expect(a.products[0]).toMatchObject({ vendor: '7-Zip', product: '7-Zip', versions: [{ version: '0', lessThan: '24.07', status: 'affected' }] });
  });

  it('imports the KEV entries that hit the inventory, due dates from the feed', async () => {
    const r = await importFile(analyst, 'cisa_kev', JSON.stringify(KEV));
    expect(r.statusCode).toBe(200);
    const res = r.json<ImportResult>();
    expect(res).toMatchObject({ entries: 2, skipped: 1 });
    expect(res.created.map((c) => c.cveIds[0])).toEqual(['CVE-2026-24472']);
    expect(res.created[0]).toMatchObject({ knownExploited: true, source: 'cisa_kev', severity: 'high', remediationDueAt: '2026-12-30T16:59:59.000Z' });
    const chosen = await importFile(analyst, 'cisa_kev', JSON.stringify(KEV), { cveIds: 'CVE-2026-11111' });
    expect(chosen.json<ImportResult>().created[0]).toMatchObject({ severity: 'critical' });
  });

  it('refuses bad files with a reason and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM advisories');
    const cases: [string, string, string][] = [
      ['cve_json5', '{not json', 'JSON'],
      ['cve_json5', JSON.stringify({ dataType: 'CVE_RECORD' }), 'CVE JSON 5'],
      ['cisa_kev', JSON.stringify(CVE_RECORD), 'KEV'],
      ['cve_json5', JSON.stringify({ ...CVE_RECORD, cveMetadata: { cveId: 'CVE-2026-40001', state: 'REJECTED' } }), 'REJECTED'],
      ['xml', '{}', 'kind'],
    ];
    for (const [kind, content, says] of cases) {
      const r = await importFile(analyst, kind, content);
      expect(r.statusCode, content).toBe(400);
      expect(JSON.stringify(r.json<Err>().error)).toContain(says === 'kind' ? 'kind' : says);
    }
    expect((await importFile(officerA, 'cve_json5', JSON.stringify(CVE_RECORD))).statusCode).toBe(403);
    expect(await count('SELECT count(*)::int AS n FROM advisories')).toBe(before);
  });
});

describe('withdrawal', () => {
  it('withdraws a published advisory; units can no longer answer it', async () => {
    const r = await call(analyst, 'POST', `/api/advisories/${advisoryId}/withdraw`, { reason: 'Nhà sản xuất đính chính.' });
    expect(r.statusCode).toBe(200);
    expect(r.json<Advisory>()).toMatchObject({ status: 'withdrawn', withdrawReason: 'Nhà sản xuất đính chính.' });
    expect((await call(officerB, 'POST', `/api/advisories/${advisoryId}/acknowledge`, {})).statusCode).toBe(409);
    expect((await call(analyst, 'GET', '/api/advisories/overdue')).json<OverdueList>().items.some((o) => o.advisoryId === advisoryId)).toBe(false);
  });
});
