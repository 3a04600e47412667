/**
 * The route inventory the guard suites walk, read from the OpenAPI document (every /api route has a
 * Zod schema, so its method, params, querystring and body are all there; docs and openapi.json are
 * hidden). A route added later is walked without anyone editing the guard suites.
 */
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { TestUser, LoggedIn } from '../factories';
import { cookieOf } from '../factories';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = Record<string, unknown>;

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form, `/api/users/{id}/roles/{assignmentId}`. */
  path: string;
  pathParams: string[];
  /** Path parameters that are not ids (a version number, a form name…), with a valid example each. */
  pathExamples: Record<string, string>;
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | undefined;
  label: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
function asMethod(m: string): RouteInfo['method'] | undefined {
  return METHODS.find((x) => x === m.toUpperCase());
}

export function routeInventory(app: FastifyInstance): RouteInfo[] {
  const doc: unknown = app.swagger();
  if (!isRecord(doc) || !isRecord(doc.paths)) throw new Error('no OpenAPI paths');
  const out: RouteInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    for (const [m, op] of Object.entries(item)) {
      const method = asMethod(m);
      if (!method || !isRecord(op)) continue;
      const params = Array.isArray(op.parameters) ? op.parameters.filter(isRecord) : [];
      const pathDefs = params.filter((p) => p.in === 'path');
      const pathParams = pathDefs.map((p) => String(p.name));
      const pathExamples: Record<string, string> = {};
      for (const p of pathDefs) {
        const schema = isRecord(p.schema) ? p.schema : {};
        if (schema.format !== 'uuid') pathExamples[String(p.name)] = String(exampleOf(schema, '', 0, String(p.name)));
      }
      const query = params
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: String(p.name), schema: isRecord(p.schema) ? p.schema : {}, required: p.required === true }));
      let body: Schema | undefined;
      const rb = op.requestBody;
      if (isRecord(rb) && isRecord(rb.content)) {
        const json = rb.content['application/json'];
        if (isRecord(json) && isRecord(json.schema)) body = json.schema;
      }
      out.push({ method, path, pathParams, pathExamples, query, body, label: `${method} ${path}` });
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

export function fillPath(route: RouteInfo, values: Record<string, string>): string {
  return route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x'));
}

/** Whether a schema has a uuid-format field anywhere (a body that names a row or an organisation). */
export function containsUuidField(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.format === 'uuid') return true;
  return Object.values(schema).some((v) => (isRecord(v) ? containsUuidField(v) : Array.isArray(v) && v.some((x) => isRecord(x) && containsUuidField(x))));
}

const STRING_CANDIDATES = ['Kh1en-Test', 'abc123', 'A0000001', '0912345678', '123456', 'Mat-khau-rat-dai-2026', 'x'];

/**
 * A schema-valid example. Every uuid-format field gets `uuid`. `variant` 0 takes each enum's first
 * value, 1 its last (so that a body is not refused only because e.g. `kind: province` cannot sit there).
 */
export function exampleOf(schema: Schema, uuid: string, variant = 0, key = ''): Json {
  if ('const' in schema) return toJson(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const values = schema.enum.filter((e) => e !== null);
    return toJson((variant === 0 ? values[0] : values[values.length - 1]) ?? null);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const alts = schema[key];
    if (Array.isArray(alts)) {
      const first = alts.filter(isRecord).find((a) => a.type !== 'null');
      if (first) return exampleOf(first, uuid, variant, key);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const obj: Record<string, Json> = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const [k, v] of Object.entries(props)) if (isRecord(v)) obj[k] = exampleOf(v, uuid, variant, k);
      return obj;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const items = isRecord(schema.items) ? schema.items : {};
      return Array.from({ length: Math.max(1, min) }, () => exampleOf(items, uuid, variant, key));
    }
    case 'integer':
    case 'number': {
      const lo = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
      const hi = typeof schema.maximum === 'number' ? schema.maximum : lo + 10;
      return Math.min(Math.max(lo, 1), hi);
    }
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema, uuid, key);
    default:
      return null;
  }
}

function stringExample(schema: Schema, uuid: string, key: string): string {
  if (schema.format === 'uuid') return uuid;
  // z.email() behind a pipe loses its format in the OpenAPI document: the field name tells.
  if (schema.format === 'email' || /email/i.test(key)) return 'guard@example.vn';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.format === 'date') return '2026-01-01';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 1000;
  const fits = (s: string) => s.length >= min && s.length <= max;
  const re = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : null;
  for (const base of STRING_CANDIDATES) {
    const s = base.length < min ? base.padEnd(min, '0') : base;
    if (fits(s) && (!re || re.test(s))) return s;
  }
  return 'x'.repeat(Math.max(1, min));
}

function toJson(v: unknown): Json {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v) ?? null;
}

export function queryExample(route: RouteInfo, uuid: string): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of route.query) {
    const v = p.name === 'limit' ? 500 : exampleOf(p.schema, uuid, 0, p.name);
    if (v !== null) q[p.name] = String(v);
  }
  return q;
}

let ipCounter = 0;
/** A fresh client address per sign-in, so the login rate limit (per IP) does not trip in set-up. */
export function nextIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** Signs in through the real API like factories.login, from its own client address. */
export async function loginFrom(app: FastifyInstance, user: TestUser): Promise<LoggedIn> {
  const remoteAddress = nextIp();
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: user.username, password: user.password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  let cookie = cookieOf(res.headers['set-cookie']);
  let body = res.json<{ csrfToken: string; mfa: string }>();
  if (body.mfa === 'verify' && user.totpSecret) {
    const code = await generate({ secret: user.totpSecret });
    const r2 = await app.inject({ method: 'POST', url: '/api/auth/totp/verify', remoteAddress, payload: { code }, headers: { cookie, 'x-csrf-token': body.csrfToken } });
    if (r2.statusCode !== 200) throw new Error(`totp failed: ${r2.statusCode} ${r2.body}`);
    cookie = cookieOf(r2.headers['set-cookie']);
    body = r2.json();
  }
  if (body.mfa !== 'none') throw new Error(`session still at mfa step ${body.mfa}`);
  return { cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}
