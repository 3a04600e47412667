/**
 * Property-based bad input on every route of the inventory: odd bodies, params, querystrings and
 * headers, signed in as an administrator and anonymously. No 5xx, always the one error shape, and
 * a refused request changes no organisation or user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, type TestEnv } from '../harness';
import { makeCommune, makeProvince, makeUser, type LoggedIn } from '../factories';
import type { OrgRow } from '../../db/schema';
import { exampleOf, isRecord, loginFrom, routeInventory, type RouteInfo } from './inventory';

const NUM_RUNS = 20;

let env: TestEnv;
let app: FastifyInstance;
let province: OrgRow;
let communeA: OrgRow;
let admin: LoggedIn;

/** Checksum of the tables a refused request must not touch. */
async function orgsAndUsers(): Promise<string> {
  const { rows } = await env.database.raw.query(
    `SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM orgs t) ||
            (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM users t) AS h`,
  );
  return String(rows[0]?.h);
}

/** An administrator whose session still works (a fuzzed POST /api/auth/logout may have ended it). */
async function liveAdmin(): Promise<LoggedIn> {
  const r = await app.inject({ url: '/api/auth/session', headers: admin.headers });
  if (r.statusCode !== 200) admin = await loginFrom(app, await makeUser(env.database.db, { org: province, role: 'admin' }));
  return admin;
}

// ── Arbitraries ─────────────────────────────────────────────────────────────────────────────

const printable = fc.string({ maxLength: 80 });
const unicode = fc.string({ unit: 'grapheme', maxLength: 40 });
const deep: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.integer(), fc.string(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })),
})).node;
const deepNest = fc.integer({ min: 50, max: 2000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const huge = fc.integer({ min: 1000, max: 100_000 }).map((n) => 'x'.repeat(n));

const param = fc.oneof(
  printable,
  unicode,
  fc.uuid(),
  fc.constantFrom('../', '..%2F..%2Fetc%2Fpasswd', '%00', '%zz', ' ', "1' OR '1'='1", '00000000-0000-0000-0000-000000000000', 'null', '-1', '1e309'),
  fc.integer({ min: 201, max: 5000 }).map((n) => 'a'.repeat(n)),
  // Sent as they are, not percent-encoded: malformed escapes reach the router itself.
  fc.constantFrom('%zz', '%E0%A4%A', 'a%00b', '..%2F..%2F', '%', '%C0%AF').map((raw) => ({ raw })),
);

function paramText(p: string | { raw: string }): string {
  return typeof p === 'string' ? encodeURIComponent(p) : p.raw;
}

/** A body as the raw text sent: JSON of anything, wrong types in a valid shape, pollution keys, or not JSON at all. */
function bodyOf(route: RouteInfo): fc.Arbitrary<string | undefined> {
  const example = route.body ? exampleOf(route.body, '00000000-0000-4000-8000-000000000000') : {};
  const exampleObj = isRecord(example) ? example : {};
  const keys = Object.keys(exampleObj);
  const wrongTypes =
    keys.length > 0
      ? fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.anything(), huge, fc.constant(null), fc.constant('a\u0000b'), fc.integer(), fc.boolean())).map(([k, v]) => JSON.stringify({ ...exampleObj, [k]: v }))
      : fc.anything().map((v) => JSON.stringify(v) ?? 'null');
  const pollution = fc.constantFrom(
    `{"__proto__":{"isAdmin":true,"orgId":"x"},${JSON.stringify(exampleObj).slice(1)}`,
    `{"constructor":{"prototype":{"polluted":true}},"__proto__":null}`,
    `{"__proto__":[]}`,
    `{"toString":1,"valueOf":"x","hasOwnProperty":false}`,
  );
  return fc.oneof(
    fc.constant(undefined),
    fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
    deep.map((v) => JSON.stringify(v) ?? 'null'),
    deepNest,
    huge.map((s) => JSON.stringify({ ...exampleObj, [keys[0] ?? 'x']: s })),
    huge,
    wrongTypes,
    pollution,
    fc.constantFrom(
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
      '--x\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\nContent-Type: text/csv\r\n\r\nma,ten\r\n--x--\r\n',
      '--x\r\nbad header\r\n\r\nabc\r\n--x--',
    ),
    fc.constantFrom('', '{', 'null', '[]', '"x"', '1', 'true', '{"a":1,"a":2}', '\u0000', '{"limit":1e999}'),
  );
}

const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.oneof(printable, fc.constantFrom('limit', 'offset', 'orgId', 'parentId', 'q', 'kind', 'role', 'from', 'to', '__proto__')), fc.oneof(printable, unicode, fc.array(printable, { maxLength: 3 }))).map((d) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(d)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
    return u.toString();
  }),
  fc.constantFrom('limit=-1', 'limit=1e309', 'offset=NaN', 'limit=0x10', '%zz=1', 'orgId=..%2F', 'q=%00', 'roots=maybe', 'limit=500&limit=1', 'from=yesterday'),
);

interface BadHeaders {
  contentType: string | undefined;
  acceptLanguage: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
}
const headers: fc.Arbitrary<BadHeaders> = fc.record({
  contentType: fc.option(
    fc.oneof(
      fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/octet-stream', '*/*', `multipart/form-data; boundary=${'b'.repeat(300)}`),
      printable,
    ),
    { nil: undefined },
  ),
  acceptLanguage: fc.option(fc.oneof(printable, fc.constantFrom('en-US,en;q=0.9', 'vi;q=abc', '*', 'x'.repeat(5000))), { nil: undefined }),
  cookie: fc.option(fc.oneof(printable, printable.map((s) => `khien_sid=${s}`), fc.constantFrom('khien_sid=', `khien_sid=${'a'.repeat(300)}`, 'khien_lang=xx', 'khien_sid=%zz; khien_sid=2')), { nil: undefined }),
  authorization: fc.option(fc.oneof(printable, printable.map((s) => `Bearer ${s}`), fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', `Bearer ${'k'.repeat(10_000)}`)), { nil: undefined }),
});

const request = (route: RouteInfo) =>
  fc.record({
    params: fc.array(param, { minLength: route.pathParams.length, maxLength: route.pathParams.length }),
    body: bodyOf(route),
    query,
    headers,
    keepSession: fc.boolean(),
  });

// ── The property ────────────────────────────────────────────────────────────────────────────

function assertErrorShape(status: number, text: string, label: string) {
  if (status < 400) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label}: ${status} answered with non-JSON ${text.slice(0, 200)}`);
  }
  const e = isRecord(body) ? body.error : undefined;
  if (!isRecord(e) || typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.requestId !== 'string') {
    throw new Error(`${label}: ${status} answered with ${text.slice(0, 300)}`);
  }
}

async function fuzzRoute(route: RouteInfo, asAdmin: boolean) {
  await fc.assert(
    fc.asyncProperty(request(route), async (req) => {
      const session = asAdmin ? await liveAdmin() : null;
      const h: Record<string, string> = {};
      if (session && req.keepSession) Object.assign(h, session.headers);
      if (session && !req.keepSession) h['x-csrf-token'] = session.csrf;
      if (req.headers.cookie !== undefined) h.cookie = session && req.keepSession ? `${session.cookie}; ${req.headers.cookie}` : req.headers.cookie;
      if (req.headers.authorization !== undefined) h.authorization = req.headers.authorization;
      if (req.headers.acceptLanguage !== undefined) h['accept-language'] = req.headers.acceptLanguage;
      h['content-type'] = req.headers.contentType ?? 'application/json';
      let i = 0;
      const url = route.path.replace(/\{[^}]+\}/g, () => paramText(req.params[i++] ?? ''));
      const path = req.query ? `${url}?${req.query}` : url;
      const before = asAdmin ? await orgsAndUsers() : '';
      const res = await app.inject({
        method: route.method,
        url: path,
        headers: h,
        ...(req.body !== undefined && route.method !== 'GET' ? { payload: req.body } : {}),
      });
      const label = `${route.label} as ${asAdmin ? 'admin' : 'anonymous'} → ${path.slice(0, 120)}`;
      if (res.statusCode >= 500) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      assertErrorShape(res.statusCode, res.body, label);
      if (asAdmin && res.statusCode >= 400) {
        const after = await orgsAndUsers();
        if (after !== before) throw new Error(`${label}: refused with ${res.statusCode} but changed orgs/users`);
      }
    }),
    { numRuns: NUM_RUNS, endOnFailure: true },
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  app = env.app;
  province = await makeProvince(env.database.db);
  communeA = await makeCommune(env.database.db, province);
  await makeUser(env.database.db, { org: communeA, role: 'security_officer' });
  admin = await loginFrom(app, await makeUser(env.database.db, { org: province, role: 'admin' }));
});
afterAll(() => env?.close());

describe('bad input on every route', () => {
  it('has routes to fuzz', () => {
    expect(routeInventory(app).length).toBeGreaterThan(10);
  });

  describe.each([
    ['an administrator', true],
    ['an anonymous caller', false],
  ])('from %s', (_who, asAdmin) => {
    it('never answers 5xx, always with the error shape, and a refusal changes nothing', async () => {
      for (const route of routeInventory(app)) await fuzzRoute(route, asAdmin);
    }, 900_000);
  });
});

/**
 * osquery's remote API is hidden from the OpenAPI document and answers in osquery's own shape
 * ({ error, node_invalid }, which osqueryd parses), so it is walked here: generated bodies with a
 * real enrolled node key, a real secret or garbage, and odd content types. No 5xx, always a JSON
 * object osquery can read, and a refused post writes nothing.
 */
describe('bad input on the osquery remote API', () => {
  const OSQUERY_PATHS = ['/api/osquery/enroll', '/api/osquery/config', '/api/osquery/log', '/api/osquery/distributed/read', '/api/osquery/distributed/write'];
  const secret = 'fuzz-enroll-secret-0123456789abcdef';
  let nodeKey = '';

  async function agentTables(): Promise<string> {
    const { rows } = await env.database.raw.query(
      `SELECT (SELECT count(*) FROM endpoints) || '/' || (SELECT count(*) FROM agent_nodes) || '/' ||
              (SELECT count(*) FROM endpoint_av_products) || '/' || (SELECT count(*) FROM endpoint_programs) || '/' ||
              (SELECT count(*) FROM distributed_results) AS h`,
    );
    return String(rows[0]?.h);
  }

  beforeAll(async () => {
    const { createHash, randomUUID } = await import('node:crypto');
    await env.database.raw.query(`INSERT INTO enroll_secrets (id, org_id, name, secret_hash, hint) VALUES ($1, $2, 'fuzz', $3, 'fuzz')`, [
      randomUUID(),
      communeA.id,
      createHash('sha256').update(secret).digest('hex'),
    ]);
    const r = await app.inject({
      method: 'POST',
      url: '/api/osquery/enroll',
      payload: { enroll_secret: secret, host_identifier: 'FUZZ-PC', platform_type: '2', host_details: { system_info: { hostname: 'FUZZ-PC', uuid: 'F0F0F0F0-0000-4000-8000-000000000001' } } },
    });
    expect(r.statusCode, r.body).toBe(200);
    nodeKey = r.json<{ node_key: string }>().node_key;
    expect(nodeKey.length).toBeGreaterThanOrEqual(32);
  });

  const credential = fc.oneof(
    fc.constant<Record<string, unknown>>({}),
    fc.constant(null).map(() => ({ node_key: nodeKey })),
    fc.constant(null).map(() => ({ enroll_secret: secret })),
    fc.record({ node_key: fc.oneof(printable, fc.anything()) }),
  );
  const agentBody = fc.oneof(
    fc.tuple(credential, fc.dictionary(fc.constantFrom('log_type', 'data', 'queries', 'statuses', 'messages', 'host_identifier', 'host_details', 'platform_type'), deep, { maxKeys: 4 })).map(([c, rest]) =>
      JSON.stringify({ ...rest, ...c }),
    ),
    fc.tuple(credential, fc.array(deep, { maxLength: 5 })).map(([c, data]) => JSON.stringify({ ...c, log_type: 'result', data })),
    fc.tuple(credential, fc.dictionary(printable, fc.array(deep, { maxLength: 3 }), { maxKeys: 3 })).map(([c, queries]) => JSON.stringify({ ...c, queries, statuses: { x: 'zero' } })),
    fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
    deepNest,
    huge,
    fc.constantFrom('', '{', 'null', '[]', '"x"', '\u0000', `{"node_key":${'1'.repeat(400)}}`, '{"__proto__":{"node_key":"x"}}'),
  );
  const contentType = fc.option(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x'), { nil: undefined });

  it('never answers 5xx, always JSON osquery can read, and a refused post writes nothing', async () => {
    for (const url of OSQUERY_PATHS) {
      await fc.assert(
        fc.asyncProperty(agentBody, contentType, async (payload, type) => {
          const before = await agentTables();
          const res = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': type ?? 'application/json' } });
          const label = `${url} ← ${payload.slice(0, 120)}`;
          if (res.statusCode >= 500) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          let body: unknown;
          try {
            body = JSON.parse(res.body);
          } catch {
            throw new Error(`${label}: ${res.statusCode} answered with non-JSON ${res.body.slice(0, 200)}`);
          }
          if (!isRecord(body)) throw new Error(`${label}: answered with ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400) {
            if (typeof body.error !== 'string') throw new Error(`${label}: ${res.statusCode} without osquery's error string: ${res.body.slice(0, 200)}`);
            if (typeof body.node_invalid !== 'boolean') throw new Error(`${label}: ${res.statusCode} without node_invalid: ${res.body.slice(0, 200)}`);
            if ((await agentTables()) !== before) throw new Error(`${label}: refused with ${res.statusCode} but wrote agent data`);
          }
        }),
        { numRuns: 60, endOnFailure: true },
      );
    }
  }, 600_000);
});
