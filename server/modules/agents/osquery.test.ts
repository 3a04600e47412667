/**
 * osquery's remote TLS API, driven with osquery's own request shapes:
 * - enroll: osquery/remote/enroll/plugins/tls_enroll.cpp (enroll_secret, host_identifier,
 *   platform_type as a decimal string, host_details with one row of os_version, osquery_info,
 *   system_info and platform_info, every value a string);
 * - config / distributed read: {node_key} (docs/wiki/deployment/remote.md "Remote server API");
 * - log: {node_key, log_type, data:[…]} where data holds the filesystem logger's lines
 *   (docs/wiki/deployment/logging.md: snapshot lines with action 'snapshot' + snapshot rows,
 *   event-format differentials with columns + action 'added'/'removed', batch-format differentials
 *   with diffResults {added, removed}; status lines with severity, filename, line, message);
 * - distributed write: {node_key, queries:{id:[rows]}, statuses:{id:int}, messages:{id:str}}
 *   (remote.md "Distributed queries"; statuses since osquery 2.1.2);
 * - a refusal: osquery reads `node_invalid` (bool) and `error` from the body whatever the HTTP
 *   status (osquery/remote/utility.h TLSRequestHelper::go).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser, type LoggedIn } from '../../test/factories';
import { centralAvProducts, type OrgRow } from '../../db/schema';
import { runtimeOf } from './agents.runtime';

let env: TestEnv;
let dataDir: string;
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let officerA: LoggedIn;
let officerB: LoggedIn;
let analyst: LoggedIn;
let secretA = '';
let secretAId = '';
let secretB = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'khien-agents-'));
  env = await createTestEnv({ config: { KHIEN_DATA_DIR: dataDir, KHIEN_AGENT_PORT: '8443', KHIEN_AGENT_HOSTNAME: 'khien.tuyenquang.gov.vn' } });
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  officerA = await login(env.app, await makeUser(db, { org: communeA, role: 'security_officer' }));
  officerB = await login(env.app, await makeUser(db, { org: communeB, role: 'security_officer' }));
  analyst = await login(env.app, await makeUser(db, { org: province, role: 'soc_analyst' }));
  await db.insert(centralAvProducts).values({ id: uuidv7(), pattern: 'Kaspersky Endpoint Security', vendor: 'Kaspersky' }).onConflictDoNothing();
  const a = await createSecret(officerA, communeA.id, 'Bộ phận một cửa xã A');
  secretA = a.secret;
  secretAId = a.id;
  secretB = (await createSecret(officerB, communeB.id, 'Xã B')).secret;
});
afterAll(async () => {
  await env?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function createSecret(who: LoggedIn, orgId: string, name: string) {
  const r = await env.app.inject({ method: 'POST', url: '/api/agents/secrets', headers: who.headers, payload: { orgId, name } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ id: string; secret: string; serverCertificate: string; hint: string; orgId: string }>();
}

const rows = async (q: string, params: unknown[] = []) => (await env.database.raw.query(q, params)).rows;

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return env.app.inject({ method: 'POST', url: `/api/osquery${url}`, payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', 'user-agent': 'osquery/5.12.1', ...headers } });
}

interface Host {
  uuid: string;
  serial: string;
  hostname: string;
}
const newHost = (hostname = `PC-${randomUUID().slice(0, 6).toUpperCase()}`): Host => ({ uuid: randomUUID().toUpperCase(), serial: `5CG${randomUUID().slice(0, 7).toUpperCase()}`, hostname });

/** The enroll body of a Windows 10 machine, as tls_enroll.cpp builds it. */
function enrollBody(secret: string, h: Host) {
  return {
    enroll_secret: `${secret}\n`,
    host_identifier: h.uuid,
    platform_type: '2',
    host_details: {
      os_version: { name: 'Microsoft Windows 10 Pro', version: '10.0.19045', major: '10', minor: '0', patch: '', build: '19045', platform: 'windows', platform_like: 'windows', codename: 'Microsoft Windows 10 Pro', arch: '64-bit', install_date: '1672531200' },
      osquery_info: { pid: '4120', uuid: h.uuid, instance_id: randomUUID(), version: '5.12.1', config_hash: '', config_valid: '0', extensions: 'active', build_platform: 'windows', build_distro: '10', start_time: '1796274000', watcher: '3988', platform_mask: '2' },
      system_info: { hostname: h.hostname, uuid: h.uuid, cpu_type: 'x86_64', cpu_brand: 'Intel(R) Core(TM) i5-10500', physical_memory: '8589934592', hardware_vendor: 'Dell Inc.', hardware_model: 'OptiPlex 7080', hardware_serial: h.serial, computer_name: h.hostname, local_hostname: h.hostname },
      platform_info: { vendor: 'Dell Inc.', version: '1.9.2', date: '06/15/2022', revision: '1.9', extra: '', firmware_type: 'uefi' },
    },
  };
}

async function enroll(secret: string, h: Host): Promise<string> {
  const r = await post('/enroll', enrollBody(secret, h));
  expect(r.statusCode, r.body).toBe(200);
  const body = r.json<{ node_key: string; node_invalid: boolean }>();
  expect(body.node_invalid).toBe(false);
  expect(body.node_key.length).toBeGreaterThanOrEqual(43);
  return body.node_key;
}

/** A result line as the logger writes it (logging.md): name, hostIdentifier, calendarTime, unixTime, epoch, counter, numerics, decorations + the payload. */
function line(h: Host, name: string, payload: Record<string, unknown>) {
  return { name, hostIdentifier: h.uuid, calendarTime: 'Thu Dec  3 06:00:00 2026 UTC', unixTime: 1796277600, epoch: 0, counter: 0, numerics: false, decorations: { host_uuid: h.uuid, hostname: h.hostname }, ...payload };
}
const snapshot = (h: Host, name: string, snap: Record<string, string>[]) => line(h, name, { action: 'snapshot', snapshot: snap });

function inventorySnapshots(h: Host, opts: { av?: Record<string, string>[]; programs?: Record<string, string>[] } = {}) {
  return [
    snapshot(h, 'khien_os_version', [{ name: 'Microsoft Windows 10 Pro', version: '10.0.19045', major: '10', minor: '0', patch: '', build: '19045', platform: 'windows', platform_like: 'windows' }]),
    snapshot(h, 'khien_system_info', [{ uuid: h.uuid, hardware_serial: h.serial, hostname: h.hostname, computer_name: h.hostname, hardware_vendor: 'Dell Inc.', hardware_model: 'OptiPlex 7080' }]),
    snapshot(h, 'khien_interfaces', [
      { interface: 'Ethernet', address: '10.20.30.41', mac: '00:1a:2b:3c:4d:5e' },
      { interface: 'Ethernet', address: 'fe80::1c2d:3e4f:5a6b:7c8d%12', mac: '00:1a:2b:3c:4d:5e' },
      { interface: 'Loopback Pseudo-Interface 1', address: '127.0.0.1', mac: '' },
    ]),
    snapshot(
      h,
      'khien_security_products',
      opts.av ?? [
        { type: 'Antivirus', name: 'Kaspersky Endpoint Security for Windows', state: 'On', state_timestamp: 'Thu, 03 Dec 2026 05:00:00 GMT', remediation_path: '%ProgramFiles%\\Kaspersky Lab\\avp.exe', signatures_up_to_date: '1' },
        { type: 'Firewall', name: 'Windows Firewall', state: 'On', state_timestamp: '', remediation_path: '', signatures_up_to_date: '0' },
      ],
    ),
    snapshot(h, 'khien_security_center', [{ antivirus: 'Good', antispyware: 'Good', firewall: 'Good', autoupdate: 'Good', windows_security_center_service: 'Good' }]),
    snapshot(
      h,
      'khien_programs',
      opts.programs ?? [
        { name: 'Kaspersky Endpoint Security for Windows', version: '12.3.0.493', publisher: 'AO Kaspersky Lab' },
        { name: 'Microsoft Office Professional Plus 2016', version: '16.0.4266.1001', publisher: 'Microsoft Corporation' },
        { name: 'Google Chrome', version: '120.0.6099.130', publisher: 'Google LLC' },
      ],
    ),
    snapshot(h, 'khien_logged_in_users', [{ user: 'nguyenvana', host: '', type: 'user' }]),
  ];
}

const endpointOf = async (hardwareUuid: string) => rows(`SELECT * FROM endpoints WHERE lower(hardware_uuid) = lower($1)`, [hardwareUuid]);

describe('enrol secrets (people)', () => {
  it('hands out the secret once with a flag file and the server certificate; only the hash is kept', async () => {
    const created = await createSecret(officerA, communeA.id, 'Trung tâm phục vụ hành chính công');
    expect(created.secret).toMatch(/^khs_/);
    expect(created.hint).toBe(created.secret.slice(0, 8));
    expect(created.serverCertificate).toContain('BEGIN CERTIFICATE');
    // The flag file of each platform names the files the page hands out, in osquery's folder there.
    for (const [platform, secretPath, certPath] of [
      ['windows', 'C:\\Program Files\\osquery\\khien-enroll-secret.txt', 'C:\\Program Files\\osquery\\khien-server.pem'],
      ['linux', '/etc/osquery/khien-enroll-secret.txt', '/etc/osquery/khien-server.pem'],
    ] as const) {
      const flags = await env.app.inject({ url: `/api/agents/flagfile?platform=${platform}`, headers: officerA.headers });
      expect(flags.statusCode, flags.body).toBe(200);
      expect(flags.body).toContain('--tls_hostname=khien.tuyenquang.gov.vn:8443');
      expect(flags.body).toContain('--enroll_tls_endpoint=/api/osquery/enroll');
      expect(flags.body).toContain('--distributed_tls_write_endpoint=/api/osquery/distributed/write');
      expect(flags.body).toContain('--host_identifier=uuid');
      expect(flags.body).toContain(`--enroll_secret_path=${secretPath}\n`);
      expect(flags.body).toContain(`--tls_server_certs=${certPath}\n`);
      expect(flags.body).not.toContain(created.secret);
    }
    expect((await env.app.inject({ url: '/api/agents/flagfile?platform=macos', headers: officerA.headers })).statusCode).toBe(400);
    const stored = await rows(`SELECT secret_hash FROM enroll_secrets WHERE id = $1`, [created.id]);
    expect(String(stored[0]?.secret_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await rows(`SELECT * FROM audit_log WHERE entity_id = $1`, [created.id]))).not.toContain(created.secret);
    const list = await env.app.inject({ url: '/api/agents/secrets', headers: officerA.headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secret);
    expect(list.json<{ items: { id: string }[] }>().items.map((s) => s.id)).toContain(created.id);
  });

  it('lets no officer create a secret for another commune', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/agents/secrets', headers: officerB.headers, payload: { orgId: communeA.id, name: 'x' } });
    expect(r.statusCode).toBe(404);
    const list = await env.app.inject({ url: '/api/agents/secrets', headers: officerB.headers });
    expect(list.json<{ items: { orgId: string }[] }>().items.every((s) => s.orgId === communeB.id)).toBe(true);
  });
});

describe('osquery protocol', () => {
  const h = newHost('PC-TTHC-XA-A-01');
  let nodeKey = '';

  it('enrols a Windows machine into the secret\'s organisation and creates it (source agent)', async () => {
    nodeKey = await enroll(secretA, h);
    const [ep] = await endpointOf(h.uuid);
    expect(ep?.org_id).toBe(communeA.id);
    expect(ep?.source).toBe('agent');
    expect(ep?.hostname).toBe(h.hostname);
    expect(ep?.serial).toBe(h.serial);
    expect(ep?.os_platform).toBe('windows');
    expect(ep?.os_name).toBe('Microsoft Windows 10 Pro');
    const nodes = await rows(`SELECT node_key_hash, osquery_version, platform FROM agent_nodes WHERE endpoint_id = $1`, [ep?.id]);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.node_key_hash).not.toBe(nodeKey);
    expect(nodes[0]?.osquery_version).toBe('5.12.1');
    expect((await rows(`SELECT last_used_at FROM enroll_secrets WHERE id = $1`, [secretAId]))[0]?.last_used_at).not.toBeNull();
  });

  it('serves the inventory schedule with platform keys and options', async () => {
    const r = await post('/config', { node_key: nodeKey });
    expect(r.statusCode).toBe(200);
    const cfg = r.json<{ schedule: Record<string, { query: string; interval: number; snapshot?: boolean; platform?: string }>; options: Record<string, unknown>; node_invalid: boolean }>();
    expect(cfg.node_invalid).toBe(false);
    expect(Object.keys(cfg.schedule)).toEqual(
      expect.arrayContaining(['khien_os_version', 'khien_system_info', 'khien_interfaces', 'khien_security_products', 'khien_security_center', 'khien_programs', 'khien_packages_linux', 'khien_logged_in_users']),
    );
    expect(cfg.schedule.khien_security_products?.platform).toBe('windows');
    expect(cfg.schedule.khien_security_products?.interval).toBe(600);
    expect(cfg.schedule.khien_programs?.platform).toBe('windows');
    expect(cfg.schedule.khien_packages_linux?.platform).toBe('linux');
    expect(cfg.schedule.khien_os_version?.interval).toBe(3600);
    expect(Object.values(cfg.schedule).every((q) => q.snapshot === true)).toBe(true);
    expect(cfg.options.distributed_interval).toBe(10);
  });

  it('turns result snapshots into the inventory and the protection flags', async () => {
    const r = await post('/log', { node_key: nodeKey, log_type: 'result', data: inventorySnapshots(h) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ node_invalid: false });
    const [ep] = await endpointOf(h.uuid);
    expect(ep?.ip_addresses).toEqual(['10.20.30.41']);
    expect(ep?.mac_addresses).toEqual(['00:1a:2b:3c:4d:5e']);
    expect(ep?.os_version).toBe('10.0.19045');
    expect(ep?.os_build).toBe('19045');
    expect(ep?.os_licence).toBe('unknown');
    expect(ep?.has_any_av).toBe(true);
    expect(ep?.has_central_av).toBe(true);
    expect(ep?.av_up_to_date).toBe(true);
    const av = await rows(`SELECT name, enabled, up_to_date, source FROM endpoint_av_products WHERE endpoint_id = $1`, [ep?.id]);
    expect(av).toEqual([{ name: 'Kaspersky Endpoint Security for Windows', enabled: true, up_to_date: true, source: 'agent' }]);
    const programs = await rows(`SELECT name FROM endpoint_programs WHERE endpoint_id = $1 ORDER BY name`, [ep?.id]);
    expect(programs.map((p) => p.name)).toEqual(['Google Chrome', 'Kaspersky Endpoint Security for Windows', 'Microsoft Office Professional Plus 2016']);
    const states = await rows(`SELECT query_name FROM agent_query_state s JOIN agent_nodes n ON n.id = s.node_id WHERE n.endpoint_id = $1`, [ep?.id]);
    expect(states.length).toBeGreaterThanOrEqual(6);
  });

  it('skips unchanged snapshots without touching the machine row', async () => {
    const [before] = await endpointOf(h.uuid);
    await new Promise((res) => setTimeout(res, 20));
    const r = await post('/log', { node_key: nodeKey, log_type: 'result', data: inventorySnapshots(h) });
    expect(r.statusCode).toBe(200);
    const [after] = await endpointOf(h.uuid);
    expect((after?.updated_at as Date).getTime()).toBe((before?.updated_at as Date).getTime());
  });

  it('replaces the agent\'s antivirus rows on a new snapshot: Kaspersky disabled → no central AV', async () => {
    const av = [{ type: 'Antivirus', name: 'Kaspersky Endpoint Security for Windows', state: 'Off', state_timestamp: '', remediation_path: '', signatures_up_to_date: '0' }];
    const r = await post('/log', { node_key: nodeKey, log_type: 'result', data: [snapshot(h, 'khien_security_products', av)] });
    expect(r.statusCode).toBe(200);
    const [ep] = await endpointOf(h.uuid);
    expect(ep?.has_central_av).toBe(false);
    expect(ep?.has_any_av).toBe(false);
    // Back on, up to date.
    await post('/log', { node_key: nodeKey, log_type: 'result', data: [snapshot(h, 'khien_security_products', [{ ...av[0]!, state: 'On', signatures_up_to_date: '1' }])] });
    expect((await endpointOf(h.uuid))[0]?.has_central_av).toBe(true);
  });

  it('applies event-format and batch-format differentials', async () => {
    const added = line(h, 'khien_programs', { action: 'added', columns: { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' } });
    const removed = line(h, 'khien_programs', { action: 'removed', columns: { name: 'Google Chrome', version: '120.0.6099.130', publisher: 'Google LLC' } });
    const batch = line(h, 'pack/khien/khien_security_products', {
      diffResults: { added: [{ type: 'Antivirus', name: 'Windows Defender', state: 'On', signatures_up_to_date: '0' }], removed: [] },
    });
    const r = await post('/log', { node_key: nodeKey, log_type: 'result', data: [added, removed, batch] });
    expect(r.statusCode, r.body).toBe(200);
    const [ep] = await endpointOf(h.uuid);
    const programs = (await rows(`SELECT name FROM endpoint_programs WHERE endpoint_id = $1 ORDER BY name`, [ep?.id])).map((p) => p.name);
    expect(programs).toContain('7-Zip 23.01 (x64)');
    expect(programs).not.toContain('Google Chrome');
    expect(ep?.has_central_av).toBe(true);
    expect(ep?.av_up_to_date).toBe(false); // Defender's signatures are out of date
  });

  it('takes status logs without storing them', async () => {
    const status = [
      { hostIdentifier: h.uuid, calendarTime: 'Thu Dec  3 06:00:01 2026 UTC', unixTime: '1796277601', severity: '0', filename: 'scheduler.cpp', line: '83', message: 'Executing scheduled query khien_programs', version: '5.12.1', decorations: {} },
      { hostIdentifier: h.uuid, calendarTime: 'Thu Dec  3 06:00:02 2026 UTC', unixTime: '1796277602', severity: '2', filename: 'tls.cpp', line: '251', message: 'TLS/HTTPS POST request failed', version: '5.12.1' },
    ];
    const r = await post('/log', { node_key: nodeKey, log_type: 'status', data: status });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ node_invalid: false });
  });

  it('accepts a gzip-compressed log post (--logger_tls_compress)', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ node_key: nodeKey, log_type: 'result', data: [snapshot(h, 'khien_logged_in_users', [{ user: 'tranthib', host: '', type: 'user' }])] })));
    const r = await post('/log', body, { 'content-encoding': 'gzip' });
    expect(r.statusCode, r.body).toBe(200);
    const bad = await post('/log', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(bad.statusCode).toBe(400);
    expect(typeof bad.json<{ error: string }>().error).toBe('string');
  });

  it('runs a live query: read hands it out once, write stores rows and status, people read the results', async () => {
    const bad = await env.app.inject({ method: 'POST', url: '/api/agents/queries', headers: analyst.headers, payload: { orgId: communeA.id, name: 'x', sql: 'DELETE FROM users; SELECT 1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { fields: Record<string, string> } }>().error.fields.sql).toMatch(/SELECT/);
    const create = await env.app.inject({ method: 'POST', url: '/api/agents/queries', headers: analyst.headers, payload: { orgId: communeA.id, name: 'Tiến trình đang chạy', sql: "SELECT name, path FROM processes WHERE name LIKE '%avp%';" } });
    expect(create.statusCode, create.body).toBe(200);
    const q = create.json<{ id: string; targets: number }>();
    expect(q.targets).toBeGreaterThanOrEqual(1);
    const otherOrg = await env.app.inject({ method: 'POST', url: '/api/agents/queries', headers: analyst.headers, payload: { orgId: communeB.id, name: 'B only', sql: 'SELECT * FROM osquery_info' } });
    const qb = otherOrg.json<{ id: string }>();

    const read = await post('/distributed/read', { node_key: nodeKey });
    expect(read.statusCode).toBe(200);
    const queries = read.json<{ queries: Record<string, string> }>().queries;
    expect(queries[q.id]).toContain('FROM processes');
    expect(queries[qb.id]).toBeUndefined();

    const write = await post('/distributed/write', {
      node_key: nodeKey,
      queries: { [q.id]: [{ name: 'avp.exe', path: 'C:\\Program Files (x86)\\Kaspersky Lab\\avp.exe' }], [qb.id]: [{ leaked: 'no' }], 'not-a-query': [] },
      statuses: { [q.id]: 0, [qb.id]: 0, 'not-a-query': 1 },
      messages: { [q.id]: '' },
    });
    expect(write.statusCode, write.body).toBe(200);
    expect(write.json()).toEqual({ node_invalid: false });
    const again = await post('/distributed/read', { node_key: nodeKey });
    expect(again.json<{ queries: Record<string, string> }>().queries[q.id]).toBeUndefined();

    const results = await env.app.inject({ url: `/api/agents/queries/${q.id}`, headers: analyst.headers });
    expect(results.statusCode).toBe(200);
    const res = results.json<{ query: { answered: number }; results: { hostname: string; status: number; rows: Record<string, string>[] }[] }>();
    expect(res.query.answered).toBe(1);
    expect(res.results[0]?.hostname).toBe(h.hostname);
    expect(res.results[0]?.rows[0]?.name).toBe('avp.exe');
    // The answer to B's query from A's node was not stored.
    expect(await rows(`SELECT 1 FROM distributed_results WHERE query_id = $1`, [qb.id])).toHaveLength(0);
    const list = await env.app.inject({ url: '/api/agents/queries', headers: analyst.headers });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(q.id);
  });

  it('records check-ins in batches, in endpoint_checkins only', async () => {
    const [before] = await endpointOf(h.uuid);
    await post('/config', { node_key: nodeKey });
    await post('/distributed/read', { node_key: nodeKey });
    const rt = runtimeOf(env.database);
    expect(rt.pendingCount()).toBeGreaterThanOrEqual(1);
    await rt.flush();
    expect(rt.pendingCount()).toBe(0);
    const seen = await rows(`SELECT seen_at FROM endpoint_checkins WHERE endpoint_id = $1`, [before?.id]);
    expect(seen).toHaveLength(1);
    expect(Date.now() - (seen[0]?.seen_at as Date).getTime()).toBeLessThan(60_000);
    const [after] = await endpointOf(h.uuid);
    expect((after?.updated_at as Date).getTime()).toBe((before?.updated_at as Date).getTime());
  });

  it('re-enrolment of the same hardware reuses the machine and invalidates the old node key', async () => {
    const [ep] = await endpointOf(h.uuid);
    const second = await enroll(secretA, h);
    expect(second).not.toBe(nodeKey);
    const eps = await endpointOf(h.uuid);
    expect(eps).toHaveLength(1);
    expect(eps[0]?.id).toBe(ep?.id);
    expect(await rows(`SELECT 1 FROM agent_nodes WHERE endpoint_id = $1 AND revoked_at IS NULL`, [ep?.id])).toHaveLength(1);
    const old = await post('/config', { node_key: nodeKey });
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({ node_invalid: true });
    expect((await post('/config', { node_key: second })).statusCode).toBe(200);
    nodeKey = second;
  });

  it('matches an imported machine by serial, then by hostname, within the organisation', async () => {
    const bySerial = newHost();
    const byName = newHost();
    const idSerial = uuidv7();
    const idName = uuidv7();
    await env.database.raw.query(`INSERT INTO endpoints (id, org_id, hostname, serial, source) VALUES ($1, $2, 'KT-OLD-NAME', $3, 'import'), ($4, $2, $5, NULL, 'import')`, [
      idSerial,
      communeA.id,
      bySerial.serial.toLowerCase(),
      idName,
      byName.hostname.toLowerCase(),
    ]);
    await enroll(secretA, bySerial);
    await enroll(secretA, byName);
    expect((await endpointOf(bySerial.uuid))[0]?.id).toBe(idSerial);
    expect((await endpointOf(byName.uuid))[0]?.id).toBe(idName);
    expect((await endpointOf(byName.uuid))[0]?.source).toBe('import');
  });
});

describe('refusals', () => {
  it('answers an unknown, missing or malformed node key with node_invalid (401) on every endpoint', async () => {
    for (const url of ['/config', '/log', '/distributed/read', '/distributed/write']) {
      for (const body of [{ node_key: 'x'.repeat(43) }, {}, { node_key: 42 }, { node_key: '' }]) {
        const r = await post(url, { log_type: 'result', data: [], ...body });
        expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBe(401);
        const b = r.json<{ node_invalid: boolean; error: string }>();
        expect(b.node_invalid).toBe(true);
        expect(typeof b.error).toBe('string');
      }
    }
  });

  it('refuses a wrong secret and a revoked one, and a revoked secret enrols nothing more', async () => {
    const wrong = await post('/enroll', enrollBody('khs_not-a-secret', newHost()));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ node_invalid: true });
    const s = await createSecret(officerA, communeA.id, 'sẽ thu hồi');
    const h = newHost();
    const key = await enroll(s.secret, h);
    const revoke = await env.app.inject({ method: 'POST', url: `/api/agents/secrets/${s.id}/revoke`, headers: officerA.headers });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect((await env.app.inject({ method: 'POST', url: `/api/agents/secrets/${s.id}/revoke`, headers: officerA.headers })).statusCode).toBe(409);
    const h2 = newHost();
    const refused = await post('/enroll', enrollBody(s.secret, h2));
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ node_invalid: true });
    expect(await endpointOf(h2.uuid)).toHaveLength(0);
    // Machines already enrolled keep reporting.
    expect((await post('/config', { node_key: key })).statusCode).toBe(200);
    expect((await rows(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'agents.secret_revoked' AND entity_id = $1`, [s.id]))[0]?.n).toBe(1);
  });

  it('never enrols with organisation B\'s secret into organisation A, even for A\'s hardware', async () => {
    const h = newHost();
    await enroll(secretA, h);
    const [inA] = await endpointOf(h.uuid);
    await enroll(secretB, h);
    const all = await endpointOf(h.uuid);
    expect(all).toHaveLength(2);
    expect(all.map((e) => e.org_id).sort()).toEqual([communeA.id, communeB.id].sort());
    const nodeInB = await rows(`SELECT n.org_id FROM agent_nodes n JOIN endpoints e ON e.id = n.endpoint_id WHERE e.id <> $1 AND lower(e.hardware_uuid) = lower($2)`, [inA?.id, h.uuid]);
    expect(nodeInB.every((n) => n.org_id === communeB.id)).toBe(true);
    // A's node is still live: B's enrolment did not touch A's machine.
    expect(await rows(`SELECT 1 FROM agent_nodes WHERE endpoint_id = $1 AND revoked_at IS NULL`, [inA?.id])).toHaveLength(1);
  });

  it('a state-secret machine is enrolled with an empty schedule and every check-in bumps its violation', async () => {
    const h = newHost('MAY-MAT-01');
    const id = uuidv7();
    await env.database.raw.query(`INSERT INTO endpoints (id, org_id, hostname, hardware_uuid, state_secret, source) VALUES ($1, $2, $3, $4, true, 'manual')`, [id, communeA.id, h.hostname, h.uuid]);
    const police = await makeUser(env.database.db, { org: province, role: 'authority_appraiser' });
    const key = await enroll(secretA, h);
    const cfg = await post('/config', { node_key: key });
    expect(cfg.statusCode).toBe(200);
    expect(cfg.json<{ schedule: Record<string, unknown> }>().schedule).toEqual({});
    const read = await post('/distributed/read', { node_key: key });
    expect(read.json<{ queries: Record<string, string> }>().queries).toEqual({});
    await post('/log', { node_key: key, log_type: 'result', data: inventorySnapshots(h) });
    const v = await rows(`SELECT kind, occurrences, org_id, resolved_at FROM endpoint_violations WHERE endpoint_id = $1`, [id]);
    expect(v).toHaveLength(1);
    expect(v[0]?.kind).toBe('state_secret_agent');
    expect(v[0]?.org_id).toBe(communeA.id);
    expect(v[0]?.occurrences).toBe(4); // enrol, config, read, log
    // The security authority was told once, when the violation opened.
    const told = await rows(`SELECT kind, params FROM notifications WHERE user_id = $1 AND subject_id = $2`, [police.id, id]);
    expect(told).toHaveLength(1);
    expect(told[0]?.kind).toBe('agentStateSecret');
    expect(told[0]?.params).toMatchObject({ hostname: h.hostname });
    // Nothing it sent entered the inventory.
    expect(await rows(`SELECT 1 FROM endpoint_programs WHERE endpoint_id = $1`, [id])).toHaveLength(0);
  });

  it('asks the agent of a machine deleted meanwhile to enrol again, even while its node is cached', async () => {
    const h = newHost();
    const key = await enroll(secretA, h);
    expect((await post('/config', { node_key: key })).statusCode).toBe(200); // cached now
    const [ep] = await endpointOf(h.uuid);
    await env.database.raw.query(`DELETE FROM endpoints WHERE id = $1`, [ep?.id]);
    const r = await post('/log', { node_key: key, log_type: 'result', data: inventorySnapshots(h) });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ node_invalid: true });
    await runtimeOf(env.database).flush(); // a check-in of the deleted machine is skipped, not an error
    expect(await rows(`SELECT 1 FROM endpoint_checkins WHERE endpoint_id = $1`, [ep?.id])).toHaveLength(0);
    await enroll(secretA, h);
    expect(await endpointOf(h.uuid)).toHaveLength(1);
  });

  it('answers malformed, mistyped and oversized posts with a 4xx osquery can parse, and writes nothing of a refused log', async () => {
    const h = newHost();
    const key = await enroll(secretA, h);
    await post('/log', { node_key: key, log_type: 'result', data: inventorySnapshots(h) });
    const [ep] = await endpointOf(h.uuid);
    const programsBefore = await rows(`SELECT name FROM endpoint_programs WHERE endpoint_id = $1 ORDER BY name`, [ep?.id]);
    expect(programsBefore.length).toBe(3);

    const cases: { url: string; body: string | Buffer; status: number }[] = [
      { url: '/enroll', body: '{"enroll_secret": ', status: 400 },
      { url: '/log', body: `{"node_key":"${key}","log_type":"result","data":[{"name":`, status: 400 },
      { url: '/log', body: JSON.stringify({ node_key: key, log_type: 'result', data: 'not an array' }), status: 400 },
      { url: '/log', body: JSON.stringify({ node_key: key, log_type: 'metrics', data: [] }), status: 400 },
      { url: '/enroll', body: JSON.stringify({ enroll_secret: 42, host_identifier: [] }), status: 400 },
      { url: '/distributed/write', body: JSON.stringify({ node_key: key, queries: 'x' }), status: 400 },
      { url: '/config', body: 'x'.repeat(70 * 1024), status: 413 },
      { url: '/log', body: Buffer.alloc(17 * 1024 * 1024, 0x20), status: 413 },
      { url: '/nope', body: '{}', status: 404 },
    ];
    for (const c of cases) {
      const r = await post(c.url, c.body);
      expect(r.statusCode, `${c.url} ${String(c.body).slice(0, 60)} → ${r.body.slice(0, 200)}`).toBe(c.status);
      const b = r.json<{ error: unknown; node_invalid: unknown }>();
      expect(typeof b.error).toBe('string');
      expect(typeof b.node_invalid).toBe('boolean');
    }
    const wrongType = await env.app.inject({ method: 'POST', url: '/api/osquery/config', payload: 'node_key=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.statusCode).toBe(415);
    expect(typeof wrongType.json<{ error: unknown }>().error).toBe('string');

    // One good snapshot and one malformed line: the whole post is refused, nothing is written.
    const mixed = await post('/log', {
      node_key: key,
      log_type: 'result',
      data: [snapshot(h, 'khien_programs', [{ name: 'Only This', version: '1', publisher: 'x' }]), { name: 42, snapshot: 'no' }],
    });
    expect(mixed.statusCode).toBe(400);
    expect(await rows(`SELECT name FROM endpoint_programs WHERE endpoint_id = $1 ORDER BY name`, [ep?.id])).toEqual(programsBefore);
  });
});
