/**
 * The tenancy walker: every route of the OpenAPI inventory (so routes added later are walked too),
 * called by every role of a sibling commune B, by an API token of B and anonymously, with ids of
 * every row of commune A's subtree. Nothing may succeed, nothing may change, nothing of A may show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '@shared/domain/roles';
import { TOKEN_ACTIONS } from '@shared/api/tokens';
import { createTestEnv, type TestEnv } from '../harness';
import { makeCommune, makeOrg, makeProvince, makeUser, type LoggedIn, type TestUser } from '../factories';
import { imports, type OrgRow } from '../../db/schema';
import { queryRows } from '../../db/connect';
import { multipartBody } from '../multipart';
import { containsUuidField, exampleOf, fillPath, isRecord, loginFrom, nextIp, queryExample, routeInventory, type RouteInfo } from './inventory';

/** Routes that answer without a session, on purpose. Adding one here needs a reviewer's eye. */
const PUBLIC_ROUTES = new Set(['POST /api/auth/login', 'POST /api/locale']);

let env: TestEnv;
let app: FastifyInstance;
let routes: RouteInfo[];
let province: OrgRow;
let communeA: OrgRow;
let communeB: OrgRow;
let unitA: OrgRow;
let admin: LoggedIn;
const bUsers: { role: Role; session: LoggedIn }[] = [];
let bTokenSecret = '';
/** Every id (uuid) of every row of A's subtree. */
let aIds: string[] = [];
/** Pairs of uuids found in one row of A's subtree (e.g. a role assignment's user_id and id). */
let aPairs: [string, string][] = [];
let aOrgIds: string[] = [];

function ok(status: number) {
  return status >= 200 && status < 300;
}

async function rows(text: string): Promise<Record<string, unknown>[]> {
  return (await env.database.raw.query(text)).rows;
}

async function apiOk(method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await app.inject({ method, url, payload, headers: admin.headers });
  if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  const body: unknown = r.json();
  if (!isRecord(body)) throw new Error('not an object');
  return body;
}

/** Tables with an org_id column, found in the database itself so that new tables are covered. */
async function orgOwnedTables(): Promise<string[]> {
  const r = await rows(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY 1`);
  return r.map((x) => String(x.table_name));
}

async function uuidColumns(table: string): Promise<string[]> {
  const r = await rows(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' AND data_type = 'uuid' ORDER BY ordinal_position`);
  return r.map((x) => String(x.column_name));
}

async function collectA(): Promise<void> {
  const like = `${communeA.path}%`;
  const orgRows = await queryRows(env.database.db, sql`SELECT id FROM orgs WHERE path LIKE ${like}`);
  aOrgIds = orgRows.map((r) => String(r.id));
  const ids = new Set(aOrgIds);
  const pairs = new Map<string, [string, string]>();
  for (const table of await orgOwnedTables()) {
    const cols = await uuidColumns(table);
    const found = await queryRows(
      env.database.db,
      sql`SELECT * FROM ${sql.identifier(table)} t WHERE t.org_id IN (SELECT id FROM orgs WHERE path LIKE ${like})`,
    );
    for (const row of found) {
      const values = cols.map((c) => row[c]).filter((v): v is string => typeof v === 'string');
      if (typeof row.id === 'string') ids.add(row.id);
      for (const x of values) for (const y of values) if (x !== y) pairs.set(`${x}|${y}`, [x, y]);
    }
  }
  aIds = [...ids];
  aPairs = [...pairs.values()];
}

/**
 * md5 of each application table's content. Sessions, rate limits and the audit log (with audit_head,
 * which pins its tail) legitimately change on sign-in and on failed sign-in attempts.
 */
async function checksums(ignore: Record<string, string[]> = {}): Promise<Record<string, string>> {
  const tables = await rows(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
     AND table_name NOT IN ('rate_limits', 'sessions', 'audit_log', 'audit_head') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const t of tables) {
    const name = String(t.table_name);
    const cols = ignore[name] ?? [];
    const row = cols.length ? `(to_jsonb(t) - ARRAY[${cols.map((c) => `'${c}'`).join(',')}]::text[])::text` : 't::text';
    const [r] = await rows(`SELECT md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS h FROM "${name}" t`);
    out[name] = String(r?.h);
  }
  return out;
}

async function auditRowsOfA(): Promise<number> {
  const [r] = await queryRows(
    env.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE ${`${communeA.path}%`})`,
  );
  return Number(r?.n);
}

interface Attempt {
  route: RouteInfo;
  url: string;
  payload: ReturnType<typeof exampleOf> | undefined;
}

/** The requests that name A: every id (and id pair) in the path, A's organisations in every uuid of the body. */
function attemptsOnA(route: RouteInfo): Attempt[] {
  const out: Attempt[] = [];
  const bodies = route.body
    ? aOrgIds.flatMap((orgId) => [exampleOf(route.body ?? {}, orgId, 0), exampleOf(route.body ?? {}, orgId, 1)])
    : [undefined];
  const query = new URLSearchParams(queryExample(route, communeA.id)).toString();
  const withQuery = (u: string) => (query ? `${u}?${query}` : u);
  if (route.pathParams.length === 0) {
    if (route.method === 'GET' || !containsUuidField(route.body)) return [];
    for (const payload of bodies) out.push({ route, url: withQuery(route.path), payload });
    return out;
  }
  // Id parameters get every id of A (and every id pair); others (a version number, a form) a valid example.
  const idParams = route.pathParams.filter((p) => !(p in route.pathExamples));
  const fixed = route.pathExamples;
  if (idParams.length === 0) return [];
  const paramSets: Record<string, string>[] = aIds.map((id) => ({ ...fixed, ...Object.fromEntries(idParams.map((p) => [p, id])) }));
  if (idParams.length === 2) {
    const [p1, p2] = idParams;
    if (p1 && p2) for (const [x, y] of aPairs) paramSets.push({ ...fixed, [p1]: x, [p2]: y });
  }
  for (const params of paramSets) {
    const url = withQuery(fillPath(route, params));
    // One body per path, alternating variants, keeps the walk a few thousand requests.
    out.push({ route, url, payload: bodies[out.length % bodies.length] });
  }
  return out;
}

async function send(a: Attempt, headers: Record<string, string>) {
  return app.inject({
    method: a.route.method,
    url: a.url,
    headers,
    remoteAddress: '10.200.0.1',
    ...(a.payload !== undefined ? { payload: JSON.stringify(a.payload), headers: { ...headers, 'content-type': 'application/json' } } : {}),
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  app = env.app;
  routes = routeInventory(app);
  const db = env.database.db;
  province = await makeProvince(db);
  communeA = await makeCommune(db, province);
  communeB = await makeCommune(db, province);
  unitA = await makeOrg(db, communeA, 'unit');
  await makeOrg(db, communeB, 'unit');
  admin = await loginFrom(app, await makeUser(db, { org: province, role: 'admin' }));

  const aUsers: TestUser[] = [];
  const roleOf = new Map<string, Role>();
  for (const role of ROLES) {
    const u = await makeUser(db, { org: communeA, role });
    aUsers.push(u);
    roleOf.set(u.id, role);
    const b = await makeUser(db, { org: communeB, role });
    bUsers.push({ role, session: await loginFrom(app, b) });
  }
  // A's data made through the API: a sub-unit, a user with roles, an officer, a token, audit rows.
  const serviceCenter = await apiOk('POST', '/api/orgs', { code: `SC-${communeA.code}`, name: 'Trung tâm phục vụ hành chính công', kind: 'service_center', parentId: communeA.id });
  const created = await apiOk('POST', '/api/users', {
    username: `guard${communeA.code.toLowerCase()}`,
    fullName: 'Cán bộ A',
    orgId: unitA.id,
    password: 'Mat-khau-thu-2026',
    roles: [{ role: 'security_officer', orgId: unitA.id }],
  });
  await apiOk('POST', `/api/users/${String(created.id)}/roles`, { role: 'viewer', orgId: String(serviceCenter.id) });
  await apiOk('POST', `/api/orgs/${unitA.id}/security-officer`, { userId: String(created.id) });
  await apiOk('POST', '/api/tokens', { name: 'Máy khách A', orgId: communeA.id, actions: [...TOKEN_ACTIONS] });
  const systemA = await apiOk('POST', '/api/systems', {
    orgId: unitA.id,
    name: 'Hệ thống quản lý văn bản và điều hành',
    systemType: 'internal',
    infoTypes: ['public'],
    components: [{ kind: 'web_server', vendor: 'nginx', product: 'nginx', version: '1.24' }],
  });
  await apiOk('POST', `/api/systems/${String(systemA.id)}/classify`, { answers: { systemType: 'internal', infoTypes: ['public'] } });
  // A part of it run by the province keeps it from being deleted by the positive control below.
  await apiOk('POST', '/api/systems', { orgId: province.id, name: 'Phân hệ lưu trữ', systemType: 'internal', infoTypes: ['public'], parentSystemId: String(systemA.id) });
  // A level dossier of A taken to appraisal: versions, an attachment, a comment, events, notifications.
  // One session per role: a second sign-in within the same 30 s would replay the TOTP code (refused).
  const sessions = new Map<Role, LoggedIn>();
  const as = async (role: Role) => {
    const known = sessions.get(role);
    if (known) return known;
    const u = aUsers.find((x) => x.org.id === communeA.id && roleOf.get(x.id) === role);
    if (!u) throw new Error(`no ${role} in A`);
    const session = await loginFrom(app, u);
    sessions.set(role, session);
    return session;
  };
  const officerA = await as('security_officer');
  const headA = await as('org_head');
  const appraiserA = await as('authority_appraiser');
  const on = async (who: LoggedIn, method: 'POST' | 'PATCH', url: string, payload: object = {}) => {
    const r = await app.inject({ method, url, payload, headers: who.headers });
    if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json<{ id: string }>();
  };
  const dossierA = await on(officerA, 'POST', '/api/dossiers', { systemId: String(systemA.id) });
  const text = 'Nội dung';
  const plan = { design_build: text, operation: text, inspection: text, risk: text, monitoring: text, backup_response_recovery: text, decommissioning: text };
  await on(officerA, 'PATCH', `/api/dossiers/${dossierA.id}`, { sections: { overview: text, design: text, level_rationale: text, security_plan: plan } });
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const m = multipartBody({ name: 'so-do.png', content: png }, { section: 'design' });
  const up = await app.inject({ method: 'POST', url: `/api/dossiers/${dossierA.id}/attachments`, payload: m.payload, headers: { ...officerA.headers, ...m.headers } });
  if (up.statusCode !== 200) throw new Error(`upload: ${up.statusCode} ${up.body}`);
  await on(headA, 'POST', `/api/dossiers/${dossierA.id}/endorse`);
  await on(officerA, 'POST', `/api/dossiers/${dossierA.id}/submit`);
  await on(appraiserA, 'POST', `/api/dossiers/${dossierA.id}/accept`);
  await on(appraiserA, 'POST', `/api/dossiers/${dossierA.id}/comments`, { section: 'design', body: 'Bổ sung sơ đồ mạng.' });
  // A self-assessment of A's system (approved for the walk): an answered item and an evidence file.
  await rows(`UPDATE information_systems SET approved_level = 1, approved_regime = 'nd85_2016' WHERE id = '${String(systemA.id)}'`);
  const assessmentA = await on(officerA, 'POST', '/api/assessments', { systemId: String(systemA.id), kind: 'self' });
  const [itemA] = await rows(`SELECT requirement_id FROM assessment_items WHERE assessment_id = '${assessmentA.id}' ORDER BY requirement_id LIMIT 1`);
  await on(officerA, 'PATCH', `/api/assessments/${assessmentA.id}`, { items: [{ requirementId: String(itemA?.requirement_id), status: 'met' }] });
  const ev = multipartBody({ name: 'minh-chung.png', content: png }, { requirementId: String(itemA?.requirement_id) });
  const evUp = await app.inject({ method: 'POST', url: `/api/assessments/${assessmentA.id}/evidence`, payload: ev.payload, headers: { ...officerA.headers, ...ev.headers } });
  if (evUp.statusCode !== 200) throw new Error(`evidence: ${evUp.statusCode} ${evUp.body}`);
  // An early warning issued by A's analyst (TLP:AMBER: only A's readers see it) hitting A's nginx, with
  // A's acknowledgement and an evidence file (issue #5): the /api/advisories/{id}/… routes find them.
  const analystA = await as('soc_analyst');
  const advisoryA = await on(analystA, 'POST', '/api/advisories', {
    title: 'Lỗ hổng nginx',
    severity: 'high',
    tlp: 'amber',
    ackDueAt: '2099-01-01T00:00:00Z',
    remediationDueAt: '2099-02-01T00:00:00Z',
    products: [{ vendor: 'nginx', product: 'nginx', allVersions: true }],
  });
  await on(analystA, 'POST', `/api/advisories/${advisoryA.id}/publish`);
  await on(officerA, 'POST', `/api/advisories/${advisoryA.id}/acknowledge`);
  const advEv = multipartBody({ name: 'ban-va.png', content: png });
  const advUp = await app.inject({ method: 'POST', url: `/api/advisories/${advisoryA.id}/evidence`, payload: advEv.payload, headers: { ...officerA.headers, ...advEv.headers } });
  if (advUp.statusCode !== 200) throw new Error(`advisory evidence: ${advUp.statusCode} ${advUp.body}`);
  const firstA = aUsers[0];
  if (!firstA) throw new Error('no user in A');
  await db.insert(imports).values({ id: uuidv7(), kind: 'orgs', orgId: communeA.id, createdBy: firstA.id, fileName: 'don-vi.csv', rows: [] });
  // A computer of A entered by hand, with an open violation (issue #4): the /api/endpoints/{id} routes find them.
  const endpointA = await apiOk('POST', '/api/endpoints', { orgId: unitA.id, hostname: 'PC-A-01', avProducts: [{ name: 'BKAV Endpoint' }] });
  await queryRows(db, sql`INSERT INTO endpoint_violations (id, endpoint_id, org_id, kind, first_seen_at, last_seen_at) VALUES (${uuidv7()}, ${String(endpointA.id)}, ${unitA.id}, 'state_secret_agent', now(), now())`);
  // Its enrolled agent keeps the positive control's DELETE from removing it before the GETs.
  await queryRows(db, sql`INSERT INTO agent_nodes (id, endpoint_id, org_id, node_key_hash, host_identifier) VALUES (${uuidv7()}, ${String(endpointA.id)}, ${unitA.id}, ${'f'.repeat(64)}, 'PC-A-01')`);
  // A Wazuh alert of A's system (issue #5): the /api/alerts/{id} routes find it.
  await queryRows(db, sql`INSERT INTO alerts (id, org_id, system_id, source, source_ref, dedup_key, occurred_at, rule_id, rule_name, severity, host, raw)
    VALUES (${uuidv7()}, ${unitA.id}, ${String(systemA.id)}, 'wazuh', '1796289302.1', ${'a'.repeat(64)}, now(), '5712', 'sshd: brute force', 'high', 'pc-a-01', '{}'::jsonb)`);
  // An incident of A (issue #5) with its system, a responder on it, an indicator and an evidence file:
  // the /api/incidents/{id}/… routes find them.
  const incidentA = await on(officerA, 'POST', '/api/incidents', {
    reporterName: 'Cán bộ A', reporterPhone: '0912345678', detectedAt: new Date(Date.now() - 3_600_000).toISOString(), type: 'phishing', severity: 'medium',
    title: 'Thư giả mạo', description: 'Thư giả mạo gửi tới hộp thư công vụ.', systemIds: [String(systemA.id)],
  });
  const responderA = aUsers.find((x) => roleOf.get(x.id) === 'incident_responder');
  await on(await as('incident_responder'), 'POST', `/api/incidents/${incidentA.id}/members`, { userId: String(responderA?.id), role: 'lead' });
  await on(officerA, 'POST', `/api/incidents/${incidentA.id}/indicators`, { kind: 'domain', value: 'kho-bac.example.com' });
  const incEv = multipartBody({ name: 'thu-gia.png', content: png });
  const incUp = await app.inject({ method: 'POST', url: `/api/incidents/${incidentA.id}/evidence`, payload: incEv.payload, headers: { ...officerA.headers, ...incEv.headers } });
  if (incUp.statusCode !== 200) throw new Error(`incident evidence: ${incUp.statusCode} ${incUp.body}`);
  // An enrol secret and a live query of A (issue #4 agents): the /api/agents/{secrets,queries}/{id} routes find them.
  await apiOk('POST', '/api/agents/secrets', { orgId: communeA.id, name: 'Khóa đăng ký A' });
  await apiOk('POST', '/api/agents/queries', { orgId: communeA.id, name: 'Phiên bản osquery', sql: 'SELECT version FROM osquery_info' });
  // A syslog source of A (issue #5): the /api/soc/syslog-sources/{id}/… routes find it.
  await apiOk('POST', '/api/soc/syslog-sources', { orgId: communeA.id, name: 'Tường lửa A', senders: ['10.77.0.0/16'] });
  const bToken = await apiOk('POST', '/api/tokens', { name: 'Máy khách B', orgId: communeB.id, actions: [...TOKEN_ACTIONS] });
  bTokenSecret = String(bToken.secret);
  await collectA();
}, 600_000);
afterAll(() => env?.close());

describe('tenancy walker', () => {
  it('reads a route inventory that holds every API route', () => {
    const labels = routes.map((r) => r.label);
    expect(labels).toEqual(expect.arrayContaining(['POST /api/orgs/', 'GET /api/orgs/{id}', 'DELETE /api/users/{id}/roles/{assignmentId}']));
    expect(routes.filter((r) => r.pathParams.length > 0).length).toBeGreaterThan(5);
    expect(aIds.length).toBeGreaterThan(20);
    expect(aPairs.length).toBeGreaterThan(0);
  });

  it('lets no role of commune B read or change any row of commune A, by any route', async () => {
    const before = await checksums();
    const auditBefore = await auditRowsOfA();
    const leaks: string[] = [];
    let sent = 0;
    // Every id of A on every route, each attempt by ROLES_PER_ATTEMPT roles of B in rotation, so that
    // every role tries every route (routes have more attempts than there are roles) while the walk
    // stays a few tens of thousands of requests as routes and A's rows grow.
    const ROLES_PER_ATTEMPT = 3;
    for (const route of routes) {
      for (const [i, a] of attemptsOnA(route).entries()) {
        for (let k = 0; k < Math.min(ROLES_PER_ATTEMPT, bUsers.length); k += 1) {
          const b = bUsers[(i * ROLES_PER_ATTEMPT + k) % bUsers.length];
          if (!b) continue;
          const r = await send(a, b.session.headers);
          sent += 1;
          if (ok(r.statusCode) || r.statusCode >= 500) leaks.push(`${b.role} ${a.route.method} ${a.url} → ${r.statusCode} ${r.body.slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
    expect(await checksums()).toEqual(before);
    expect(await auditRowsOfA()).toBe(auditBefore);
  }, 900_000);

  it('shows no id of commune A in any list a role of commune B reads', async () => {
    const leaks: string[] = [];
    const lists = routes.filter((r) => r.method === 'GET' && r.pathParams.length === 0);
    expect(lists.length).toBeGreaterThan(2);
    for (const route of lists) {
      const urls = [route.path, `${route.path}?${new URLSearchParams(queryExample(route, communeA.id)).toString()}`];
      if (route.query.some((q) => q.name === 'limit')) urls.push(`${route.path}?limit=500`);
      for (const { role, session } of bUsers) {
        for (const url of urls) {
          const r = await app.inject({ url, headers: session.headers });
          if (r.statusCode >= 500) leaks.push(`${role} GET ${url} → ${r.statusCode}`);
          for (const id of aIds) if (r.body.includes(id)) leaks.push(`${role} GET ${url} shows ${id}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 600_000);

  it('lets an API token of commune B neither reach A nor list its ids', async () => {
    // Using a token stamps its own last_used_at: that is the one change allowed.
    const ignore = { api_tokens: ['last_used_at'] };
    const before = await checksums(ignore);
    const auditBefore = await auditRowsOfA();
    const headers = { authorization: `Bearer ${bTokenSecret}` };
    const leaks: string[] = [];
    for (const route of routes) {
      for (const a of attemptsOnA(route)) {
        const r = await send(a, headers);
        if (ok(r.statusCode) || r.statusCode >= 500) leaks.push(`${a.route.method} ${a.url} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
      if (route.method === 'GET' && route.pathParams.length === 0) {
        const q = new URLSearchParams(queryExample(route, communeA.id)).toString();
        for (const url of [route.path, `${route.path}?${q}`]) {
          const r = await app.inject({ url, headers });
          if (r.statusCode >= 500) leaks.push(`GET ${url} → ${r.statusCode}`);
          for (const id of aIds) if (r.body.includes(id)) leaks.push(`GET ${url} shows ${id}`);
        }
      }
    }
    // The token is good: it does read its own commune.
    const own = await app.inject({ url: `/api/orgs/${communeB.id}`, headers });
    expect(own.statusCode).toBe(200);
    expect(leaks).toEqual([]);
    expect(await checksums(ignore)).toEqual(before);
    expect(await auditRowsOfA()).toBe(auditBefore);
  }, 600_000);

  it('answers 401 to an anonymous caller on every route but the public ones', async () => {
    const before = await checksums();
    const wrong: string[] = [];
    for (const route of routes) {
      const url = fillPath(route, Object.fromEntries(route.pathParams.map((p) => [p, communeA.id])));
      const payload = route.body ? JSON.stringify(exampleOf(route.body, communeA.id)) : undefined;
      const r = await app.inject({
        method: route.method,
        url,
        remoteAddress: nextIp(),
        ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/json' } } : {}),
      });
      if (PUBLIC_ROUTES.has(route.label)) {
        if (r.statusCode >= 500) wrong.push(`${route.label} → ${r.statusCode}`);
      } else if (r.statusCode !== 401) wrong.push(`${route.label} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await checksums()).toEqual(before);
  });

  // Positive control, run last because it writes: the very same requests succeed for commune A's
  // administrator, so the walk above is refused for scope, not because its requests are malformed.
  it('sends requests that commune A\'s own administrator can carry out', async () => {
    const aAdmin = await loginFrom(app, await makeUser(env.database.db, { org: communeA, role: 'admin' }));
    // Alerts are read by the SOC, not by administrators (issue #5): GETs the administrator may not make are tried as A's analyst.
    const aAnalyst = await loginFrom(app, await makeUser(env.database.db, { org: communeA, role: 'soc_analyst' }));
    const failedRoutes: string[] = [];
    let writesDone = 0;
    for (const route of routes) {
      const attempts = attemptsOnA(route);
      if (attempts.length === 0) continue;
      let succeeded = 0;
      for (const a of attempts) {
        let r = await send(a, aAdmin.headers);
        if (r.statusCode === 403 && route.method === 'GET') r = await send(a, aAnalyst.headers);
        if (ok(r.statusCode)) succeeded += 1;
        expect(r.statusCode, `${a.route.method} ${a.url}`).toBeLessThan(500);
      }
      if (route.method === 'GET' && succeeded === 0) failedRoutes.push(route.label);
      if (route.method !== 'GET') writesDone += succeeded;
    }
    expect(failedRoutes).toEqual([]);
    expect(writesDone).toBeGreaterThan(5);
  }, 600_000);
});
