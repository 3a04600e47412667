import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { agentNodes, auditLog, endpointAvProducts, endpointViolations, endpoints, type OrgRow } from '../../db/schema';
import { EXPORT_HEADERS } from './endpoints-export';

let env: TestEnv;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let centerA: OrgRow;
let admin: LoggedIn;
let officerA: LoggedIn;
let officerB: LoggedIn;
let headA: LoggedIn;
let leader: LoggedIn;
let viewerA: LoggedIn;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  centerA = await makeOrg(db, communeA, 'service_center');
  admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  headA = await login(env.app, await makeUser(db, { org: centerA, role: 'org_head' }));
  leader = await login(env.app, await makeUser(db, { org: province, role: 'leadership' }));
  viewerA = await login(env.app, await makeUser(db, { org: communeA, role: 'viewer' }));
});
afterAll(() => env.close());

const auditOf = async (action: string) => (await env.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]?.n ?? 0;
const endpointCount = async () => (await env.database.db.select({ n: count() }).from(endpoints))[0]?.n ?? 0;

interface EndpointBody {
  id: string;
  hostname: string;
  orgId: string;
  source: string;
  stateSecret: boolean;
  hasAnyAv: boolean;
  hasCentralAv: boolean;
  avUpToDate: boolean | null;
  agent: boolean;
  lastSeenAt: string | null;
  retiredAt: string | null;
  avProducts: { name: string; central: boolean; source: string; enabled: boolean | null }[];
  can: { update: boolean; delete: boolean };
}

const create = (who: LoggedIn, body: Record<string, unknown>) => env.app.inject({ method: 'POST', url: '/api/endpoints', headers: who.headers, payload: body });
const patch = (who: LoggedIn, id: string, body: Record<string, unknown>) => env.app.inject({ method: 'PATCH', url: `/api/endpoints/${id}`, headers: who.headers, payload: body });
async function list(who: LoggedIn, q: string) {
  const r = await env.app.inject({ url: `/api/endpoints?${q}`, headers: who.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ items: EndpointBody[]; total: number }>();
}
const names = (l: { items: EndpointBody[] }) => l.items.map((e) => e.hostname).sort();

describe('endpoint inventory', () => {
  let pcA = '';
  let pcB = '';

  it('refuses an anonymous caller with 401', async () => {
    expect((await env.app.inject({ url: '/api/endpoints' })).statusCode).toBe(401);
    expect((await env.app.inject({ url: '/api/endpoints/coverage' })).statusCode).toBe(401);
  });

  it('lets a commune officer enter a machine by hand, with its antivirus, audited', async () => {
    const central = await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: admin.headers, payload: { pattern: 'Kaspersky Endpoint', vendor: 'Kaspersky' } });
    expect(central.statusCode, central.body).toBe(200);
    const before = await auditOf('endpoint.created');
    const r = await create(officerA, {
      orgId: centerA.id,
      hostname: 'PC-MOTCUA-01',
      hardwareUuid: '4C4C4544-0042-3510-8052-B4C04F565032',
      serial: 'SN-7788',
      osPlatform: 'windows',
      osName: 'Windows 11 Pro',
      osVersion: '23H2',
      osLicence: 'licensed',
      ipAddresses: ['10.10.1.21'],
      macAddresses: ['00:1A:2B:3C:4D:5E'],
      assignedTo: 'Nguyễn Thị Hoa',
      avProducts: [
        { name: 'Kaspersky Endpoint Security 12', enabled: true, upToDate: true },
        { name: 'Windows Defender', enabled: false, upToDate: null },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const e = r.json<EndpointBody>();
    expect(e).toMatchObject({ orgId: centerA.id, source: 'manual', hasAnyAv: true, hasCentralAv: true, avUpToDate: true, agent: false, stateSecret: false, can: { update: true, delete: true } });
    expect(e.lastSeenAt).not.toBeNull();
    expect(e.avProducts).toEqual([
      expect.objectContaining({ name: 'Kaspersky Endpoint Security 12', central: true, source: 'manual' }),
      expect.objectContaining({ name: 'Windows Defender', central: false, enabled: false }),
    ]);
    expect(await auditOf('endpoint.created')).toBe(before + 1);
    pcA = e.id;
    const b = await create(officerB, { orgId: communeB.id, hostname: 'PC-XA-B-01', osLicence: 'unknown' });
    expect(b.statusCode).toBe(200);
    pcB = b.json<EndpointBody>().id;
  });

  it('answers 400 naming each bad field in Vietnamese, and writes nothing', async () => {
    const before = await endpointCount();
    const r = await create(officerA, { orgId: communeA.id, hostname: 'PC 01', osLicence: 'pirated', ipAddresses: ['10.0.0.300'], macAddresses: ['zz:zz'], avProducts: [{ name: '' }] });
    expect(r.statusCode).toBe(400);
    const f = r.json().error.fields;
    expect(f.hostname).toMatch(/^Tên máy/);
    expect(f.osLicence).toMatch(/^Bản quyền hệ điều hành/);
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['ipAddresses.0', 'macAddresses.0', 'avProducts.0.name']));
    expect(await endpointCount()).toBe(before);
  });

  it('refuses the same product twice and a hardware id already used in the unit, naming the field', async () => {
    const dup = await create(officerA, { orgId: communeA.id, hostname: 'PC-02', avProducts: [{ name: 'BKAV' }, { name: 'BKAV' }] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.fields['avProducts.1.name']).toMatch(/hai lần/);
    const hw = await create(officerA, { orgId: centerA.id, hostname: 'PC-03', hardwareUuid: '4c4c4544-0042-3510-8052-b4c04f565032' });
    expect(hw.statusCode).toBe(400);
    expect(hw.json().error.fields.hardwareUuid).toMatch(/đã được dùng/);
  });

  it('hides another commune\'s machines (404) and refuses its unit (404)', async () => {
    expect((await env.app.inject({ url: `/api/endpoints/${pcB}`, headers: officerA.headers })).statusCode).toBe(404);
    expect((await patch(officerA, pcB, { hostname: 'X' })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/endpoints/${pcB}`, headers: officerA.headers })).statusCode).toBe(404);
    expect((await create(officerA, { orgId: communeB.id, hostname: 'PC-X' })).statusCode).toBe(404);
    expect((await patch(officerA, pcA, { orgId: communeB.id })).statusCode).toBe(404);
    const mine = await list(officerA, 'limit=500');
    expect(mine.items.map((e) => e.id)).toEqual([pcA]);
    const foreign = await list(officerA, `orgId=${communeB.id}`);
    expect(foreign.total).toBe(0);
  });

  it('lets viewers and leadership read but not change (403), and flags can.update accordingly', async () => {
    const seen = await list(leader, 'limit=500');
    expect(seen.items.map((e) => e.id)).toEqual(expect.arrayContaining([pcA, pcB]));
    expect(seen.items.every((e) => !e.can.update)).toBe(true);
    expect((await patch(leader, pcA, { hostname: 'Y' })).statusCode).toBe(403);
    expect((await patch(viewerA, pcA, { hostname: 'Y' })).statusCode).toBe(403);
    expect((await create(viewerA, { orgId: communeA.id, hostname: 'PC-V' })).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/endpoints/${pcA}`, headers: viewerA.headers })).statusCode).toBe(403);
    // The center's head manages the center only: the commune's own machines are read-only to them… (they do not even see them).
    const head = await list(headA, 'limit=500');
    expect(head.items.map((e) => e.id)).toEqual([pcA]);
    expect((await create(headA, { orgId: communeA.id, hostname: 'PC-H' })).statusCode).toBe(404);
  });

  it('edits a machine: products replaced and flags re-derived, audited with before and after', async () => {
    const before = await auditOf('endpoint.updated');
    const r = await patch(officerA, pcA, { assignedTo: 'Trần Văn Nam', avProducts: [{ name: 'BKAV Endpoint', enabled: true, upToDate: false }] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ assignedTo: 'Trần Văn Nam', hasAnyAv: true, hasCentralAv: false, avUpToDate: false, serial: 'SN-7788' });
    expect(await auditOf('endpoint.updated')).toBe(before + 1);
    const [row] = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'endpoint.updated'));
    expect(JSON.stringify(row?.before)).toContain('Kaspersky Endpoint Security 12');
    expect(JSON.stringify(row?.after)).toContain('BKAV Endpoint');
    const restore = await patch(officerA, pcA, { avProducts: [{ name: 'Kaspersky Endpoint Security 12', enabled: true, upToDate: true }] });
    expect(restore.json()).toMatchObject({ hasCentralAv: true, avUpToDate: true });
  });

  it('moves a machine between units the officer manages, audited as a move, its agent following', async () => {
    const nodeId = uuidv7();
    await env.database.db.insert(agentNodes).values({ id: nodeId, endpointId: pcA, orgId: centerA.id, nodeKeyHash: 'a'.repeat(64), hostIdentifier: 'PC-MOTCUA-01' });
    const before = await auditOf('endpoint.moved');
    const r = await patch(officerA, pcA, { orgId: communeA.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ orgId: communeA.id, agent: true });
    expect(await auditOf('endpoint.moved')).toBe(before + 1);
    const [node] = await env.database.db.select().from(agentNodes).where(eq(agentNodes.id, nodeId));
    expect(node?.orgId).toBe(communeA.id);
    // The center's head does not hold endpoint.manage on the commune: moving back there is refused.
    expect((await patch(headA, pcA, { orgId: centerA.id })).statusCode).toBe(404);
    // Deleting it while its agent is enrolled is refused: the agent would bring it back.
    const del = await env.app.inject({ method: 'DELETE', url: `/api/endpoints/${pcA}`, headers: officerA.headers });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toMatch(/PC-MOTCUA-01/);
    await env.database.db.update(agentNodes).set({ revokedAt: new Date() }).where(eq(agentNodes.id, nodeId));
    expect((await env.app.inject({ url: `/api/endpoints/${pcA}`, headers: officerA.headers })).json()).toMatchObject({ agent: false });
  });

  it('takes the later of the agent\'s check-in and the reported last-seen', async () => {
    const later = new Date(Date.now() + 60_000);
    await env.database.db.execute(sql`INSERT INTO endpoint_checkins (endpoint_id, seen_at) VALUES (${pcA}, ${later.toISOString()}::timestamptz)`);
    const e = (await env.app.inject({ url: `/api/endpoints/${pcA}`, headers: officerA.headers })).json<EndpointBody>();
    expect(e.lastSeenAt).toBe(later.toISOString());
    await env.database.db.execute(sql`UPDATE endpoint_checkins SET seen_at = now() - interval '400 days' WHERE endpoint_id = ${pcA}`);
    const again = (await env.app.inject({ url: `/api/endpoints/${pcA}`, headers: officerA.headers })).json<EndpointBody>();
    expect(new Date(again.lastSeenAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 86_400_000);
  });

  it('retires and reinstates a machine, audited; the list shows it only under «retired» meanwhile', async () => {
    const r = await patch(officerA, pcA, { retired: true });
    expect(r.statusCode).toBe(200);
    expect(r.json<EndpointBody>().retiredAt).not.toBeNull();
    expect(await auditOf('endpoint.retired')).toBe(1);
    expect(names(await list(officerA, 'filter=all'))).toEqual([]);
    expect(names(await list(officerA, 'filter=retired'))).toEqual(['PC-MOTCUA-01']);
    const back = await patch(officerA, pcA, { retired: false });
    expect(back.json<EndpointBody>().retiredAt).toBeNull();
    expect(await auditOf('endpoint.reinstated')).toBe(1);
  });

  it('deletes a machine with its products, audited', async () => {
    const tmp = await create(officerA, { orgId: communeA.id, hostname: 'PC-TAM', avProducts: [{ name: 'BKAV' }] });
    const id = tmp.json<EndpointBody>().id;
    const r = await env.app.inject({ method: 'DELETE', url: `/api/endpoints/${id}`, headers: officerA.headers });
    expect(r.statusCode).toBe(200);
    expect(await auditOf('endpoint.deleted')).toBe(1);
    expect((await env.database.db.select({ n: count() }).from(endpointAvProducts).where(eq(endpointAvProducts.endpointId, id)))[0]?.n).toBe(0);
    expect((await env.app.inject({ url: `/api/endpoints/${id}`, headers: officerA.headers })).statusCode).toBe(404);
  });
});

describe('inventory filters, search and export', () => {
  let commune: OrgRow;
  let unit: OrgRow;
  let officer: LoggedIn;

  beforeAll(async () => {
    const db = env.database.db;
    commune = await makeCommune(db, province);
    unit = await makeOrg(db, commune, 'unit');
    officer = await login(env.app, await makeUser(db, { org: commune, role: 'security_officer' }));
    const add = async (body: Record<string, unknown>) => {
      const r = await create(officer, { orgId: commune.id, ...body });
      if (r.statusCode !== 200) throw new Error(r.body);
      return r.json<EndpointBody>().id;
    };
    await add({ hostname: 'ke-toan-01', osLicence: 'licensed', serial: 'SER-111', assignedTo: 'Lê Văn Tám', ipAddresses: ['192.168.5.17'], avProducts: [{ name: 'Kaspersky Endpoint Security 11' }] });
    await add({ orgId: unit.id, hostname: 'van-thu-02', osLicence: 'unlicensed', hardwareUuid: 'HW-ABC-222', avProducts: [{ name: 'BKAV Pro' }] });
    await add({ hostname: 'mat-03', stateSecret: true, osLicence: 'licensed' });
    const old = await add({ hostname: 'cu-04', osLicence: 'unknown' });
    await env.database.db.update(endpoints).set({ reportedSeenAt: new Date(Date.now() - 20 * 86_400_000), source: 'import' }).where(eq(endpoints.id, old));
    const gone = await add({ hostname: 'hong-05', osLicence: 'licensed', avProducts: [{ name: 'Kaspersky Endpoint Security 11' }] });
    await patch(officer, gone, { retired: true });
  });

  it('filters by each coverage complement, state-secret and retired', async () => {
    const o = `orgId=${commune.id}`;
    expect(names(await list(officer, `${o}&filter=all`))).toEqual(['cu-04', 'ke-toan-01', 'mat-03', 'van-thu-02']);
    expect(names(await list(officer, `${o}&filter=no_central_av`))).toEqual(['cu-04', 'van-thu-02']);
    expect(names(await list(officer, `${o}&filter=no_av`))).toEqual(['cu-04']);
    expect(names(await list(officer, `${o}&filter=unlicensed_os`))).toEqual(['cu-04', 'van-thu-02']);
    expect(names(await list(officer, `${o}&filter=not_seen&seenDays=7`))).toEqual(['cu-04']);
    expect(names(await list(officer, `${o}&filter=not_seen&seenDays=30`))).toEqual([]);
    const secret = await list(officer, `${o}&filter=state_secret`);
    expect(secret.items.map((e) => [e.hostname, e.stateSecret])).toEqual([['mat-03', true]]);
    expect(names(await list(officer, `${o}&filter=retired`))).toEqual(['hong-05']);
    expect(names(await list(officer, `orgId=${unit.id}`))).toEqual(['van-thu-02']);
    expect(names(await list(officer, `orgId=${commune.id}&ownOnly=true`))).toEqual(['cu-04', 'ke-toan-01', 'mat-03']);
    expect(names(await list(officer, `${o}&source=import`))).toEqual(['cu-04']);
    expect(names(await list(officer, `${o}&osLicence=licensed`))).toEqual(['ke-toan-01', 'mat-03']);
  });

  it('searches hostname, serial, hardware id, assigned person and IP', async () => {
    expect(names(await list(officer, 'q=KE-TOAN'))).toEqual(['ke-toan-01']);
    expect(names(await list(officer, 'q=ser-111'))).toEqual(['ke-toan-01']);
    expect(names(await list(officer, 'q=hw-abc'))).toEqual(['van-thu-02']);
    expect(names(await list(officer, `q=${encodeURIComponent('Văn Tám')}`))).toEqual(['ke-toan-01']);
    expect(names(await list(officer, 'q=192.168.5.1'))).toEqual(['ke-toan-01']);
    expect(names(await list(officer, 'q=%25'))).toEqual([]);
  });

  it('sorts and pages with the full total', async () => {
    const page = await list(officer, 'sort=hostname&order=desc&limit=2');
    expect(page.items.map((e) => e.hostname)).toEqual(['van-thu-02', 'mat-03']);
    expect(page.total).toBe(4);
    const next = await list(officer, 'sort=hostname&order=desc&limit=2&offset=2');
    expect(next.items.map((e) => e.hostname)).toEqual(['ke-toan-01', 'cu-04']);
  });

  it('exports the same filters to XLSX, every row, with Vietnamese headers', async () => {
    const r = await env.app.inject({ url: `/api/endpoints/export.xlsx?orgId=${commune.id}&filter=no_central_av`, headers: officer.headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)));
    expect(row(1)).toEqual([...EXPORT_HEADERS]);
    expect(sheet.rowCount).toBe(3);
    const host = EXPORT_HEADERS.indexOf('Tên máy');
    const lic = EXPORT_HEADERS.indexOf('Bản quyền hệ điều hành');
    const av = EXPORT_HEADERS.indexOf('Phần mềm phòng chống mã độc');
    expect([row(2)[host], row(3)[host]]).toEqual(['cu-04', 'van-thu-02']);
    expect(row(3)[lic]).toBe('Không có bản quyền');
    expect(row(3)[av]).toBe('BKAV Pro');
    expect(row(3)[0]).toBe(unit.code);
    const all = await env.app.inject({ url: `/api/endpoints/export.xlsx?orgId=${commune.id}`, headers: officer.headers });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]?.rowCount).toBe(5);
    const foreign = await env.app.inject({ url: `/api/endpoints/export.xlsx?orgId=${communeA.id}`, headers: officer.headers });
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(foreign.rawPayload as unknown as ArrayBuffer);
    expect(wb3.worksheets[0]?.rowCount).toBe(1);
  });
});

describe('central anti-malware products', () => {
  it('are configured by the province\'s administrator only (403 otherwise), each change re-deriving every machine, audited', async () => {
    const communeAdmin = await login(env.app, await makeUser(env.database.db, { org: communeA, role: 'admin' }));
    expect((await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: communeAdmin.headers, payload: { pattern: 'BKAV' } })).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: officerA.headers, payload: { pattern: 'BKAV' } })).statusCode).toBe(403);
    const dup = await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: admin.headers, payload: { pattern: 'kaspersky endpoint' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.fields.pattern).toMatch(/đã có/);
    const bkavMachines = async () =>
      (await env.database.db.select({ n: count() }).from(endpoints).where(sql`${endpoints.hasCentralAv} AND ${endpoints.id} IN (SELECT endpoint_id FROM endpoint_av_products WHERE name ILIKE 'bkav%')`))[0]?.n;
    expect(await bkavMachines()).toBe(0);
    const add = await env.app.inject({ method: 'POST', url: '/api/endpoints/central-products', headers: admin.headers, payload: { pattern: 'BKAV', note: 'Thử nghiệm' } });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json()).toMatchObject({ pattern: 'BKAV', matches: 1 }); // van-thu-02 (hong-05's … is retired; PC-TAM deleted)
    expect(await bkavMachines()).toBe(1);
    expect(await auditOf('endpoint.central_product_added')).toBe(2);
    const listed = await env.app.inject({ url: '/api/endpoints/central-products', headers: viewerA.headers });
    expect(listed.json<{ items: { pattern: string }[] }>().items.map((p) => p.pattern)).toEqual(['BKAV', 'Kaspersky Endpoint']);
    const del = await env.app.inject({ method: 'DELETE', url: `/api/endpoints/central-products/${add.json<{ id: string }>().id}`, headers: admin.headers });
    expect(del.statusCode).toBe(200);
    expect(await bkavMachines()).toBe(0);
    expect(await auditOf('endpoint.central_product_removed')).toBe(1);
  });
});

describe('violations', () => {
  it('shows a state-secret machine\'s agent to the security authority and lets the unit resolve it with a note', async () => {
    const pc = await create(officerA, { orgId: communeA.id, hostname: 'MAT-01', stateSecret: true });
    const endpointId = pc.json<EndpointBody>().id;
    const id = uuidv7();
    const now = new Date();
    await env.database.db.insert(endpointViolations).values({ id, endpointId, orgId: communeA.id, kind: 'state_secret_agent', firstSeenAt: now, lastSeenAt: now });
    const authority = await login(env.app, await makeUser(env.database.db, { org: province, role: 'authority_appraiser' }));
    const seen = await env.app.inject({ url: '/api/endpoints/violations', headers: authority.headers });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ total: 1, items: [{ id, hostname: 'MAT-01', orgId: communeA.id, kind: 'state_secret_agent', can: { resolve: false } }] });
    expect((await env.app.inject({ url: '/api/endpoints/violations', headers: officerB.headers })).json().total).toBe(0);
    expect((await env.app.inject({ method: 'POST', url: `/api/endpoints/violations/${id}/resolve`, headers: officerB.headers, payload: { note: 'Đã gỡ' } })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'POST', url: `/api/endpoints/violations/${id}/resolve`, headers: viewerA.headers, payload: { note: 'Đã gỡ' } })).statusCode).toBe(403);
    const noNote = await env.app.inject({ method: 'POST', url: `/api/endpoints/violations/${id}/resolve`, headers: officerA.headers, payload: { note: '' } });
    expect(noNote.statusCode).toBe(400);
    expect(Object.keys(noNote.json().error.fields)).toEqual(['note']);
    const ok = await env.app.inject({ method: 'POST', url: `/api/endpoints/violations/${id}/resolve`, headers: officerA.headers, payload: { note: 'Đã gỡ tác tử, kiểm tra lại máy.' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ resolutionNote: 'Đã gỡ tác tử, kiểm tra lại máy.', can: { resolve: false } });
    expect(ok.json().resolvedAt).not.toBeNull();
    expect(await auditOf('endpoint.violation_resolved')).toBe(1);
    expect((await env.app.inject({ method: 'POST', url: `/api/endpoints/violations/${id}/resolve`, headers: officerA.headers, payload: { note: 'Lần nữa' } })).statusCode).toBe(409);
    expect((await env.app.inject({ url: '/api/endpoints/violations', headers: authority.headers })).json().total).toBe(0);
    expect((await env.app.inject({ url: '/api/endpoints/violations?open=false', headers: authority.headers })).json().total).toBe(1);

    // The same list as XLSX: the resolved violation with its note; none for the other commune.
    const xlsx = await env.app.inject({ url: '/api/endpoints/violations/export.xlsx?open=false', headers: authority.headers });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.worksheets[0]?.getSheetValues() ?? []).filter(Array.isArray).map((v) => (v as unknown[]).slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['MAT-01', 'Đã gỡ tác tử, kiểm tra lại máy.', 'Máy soạn thảo, lưu trữ bí mật nhà nước chạy tác tử giám sát']));
    const foreign = await env.app.inject({ url: '/api/endpoints/violations/export.xlsx?open=false', headers: officerB.headers });
    expect(foreign.statusCode).toBe(200);
    const wbB = new ExcelJS.Workbook();
    await wbB.xlsx.load(foreign.rawPayload as unknown as ArrayBuffer);
    expect(wbB.worksheets[0]?.rowCount).toBe(1);
  });
});
