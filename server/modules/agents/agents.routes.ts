/**
 * Agents (issue #4).
 *
 * ── osquery's remote TLS API (`osqueryRoutes`, prefix /api/osquery) ──────────────────────────────
 * Served by the main server and by the agent HTTPS listener (server/agent-listener.ts,
 * KHIEN_AGENT_PORT, default 8443), same plugin. All POST, JSON in and out (gzip request bodies
 * accepted, as sent with --logger_tls_compress):
 *   /api/osquery/enroll             {enroll_secret, host_identifier, platform_type, host_details} → {node_key}
 *   /api/osquery/config             {node_key} → {schedule, options, node_invalid:false}
 *   /api/osquery/log                {node_key, log_type:'result'|'status', data:[…]} → {node_invalid:false}
 *   /api/osquery/distributed/read   {node_key} → {queries:{id: sql}, node_invalid:false}
 *   /api/osquery/distributed/write  {node_key, queries:{id:[rows]}, statuses:{id:int}, messages:{id:str}} → {node_invalid:false}
 * Refusals: HTTP 4xx with `{"error": "<message>", "node_invalid": <bool>}` — osquery reads the body,
 * not the status (osquery/remote/utility.h): an unknown, revoked or missing node key, and a wrong
 * or revoked enrol secret, answer 401 with node_invalid true (osquery drops its key and enrols
 * again, as with Fleet); malformed bodies 400, oversized 413, other encodings 415. Body limits:
 * log 16 MB, distributed/write 8 MB, enroll 256 KB, config and distributed/read 64 KB (after gzip).
 * These routes are hidden from the OpenAPI document (so the guard walkers, which demand our own
 * error shape, skip them); their own tests are osquery.test.ts.
 *
 * Flags an agent runs with (the flag file of each platform, GET /api/agents/flagfile, see
 * agents.service.ts flagfile()): --tls_hostname=<KHIEN_AGENT_HOSTNAME>:<port>
 * --tls_server_certs=<the server certificate PEM> --enroll_secret_path=<file with the secret>
 * --host_identifier=uuid --enroll_tls_endpoint=/api/osquery/enroll --config_plugin=tls
 * --config_tls_endpoint=/api/osquery/config --logger_plugin=tls --logger_tls_endpoint=/api/osquery/log
 * --logger_tls_period=10 --distributed_plugin=tls --disable_distributed=false --distributed_interval=10
 * --distributed_tls_read_endpoint=/api/osquery/distributed/read
 * --distributed_tls_write_endpoint=/api/osquery/distributed/write
 * Scheduled queries (names and SQL): osquery.schedule.ts.
 *
 * ── People's API (`agentRoutes`, prefix /api/agents) ─────────────────────────────────────────────
 *   GET  /secrets (endpoint.read) · POST /secrets (endpoint.enroll; the secret, flag file and server
 *   certificate are returned once) · POST /secrets/:id/revoke (endpoint.enroll) ·
 *   GET /flagfile?platform=windows|linux (endpoint.enroll) · GET /server-certificate (endpoint.enroll) ·
 *   GET /queries, POST /queries, GET /queries/:id (endpoint.query).
 */
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Paging } from '@shared/api/common';
import { AGENT_FILES, CreateEnrollSecretBody, FlagfileQuery, CreateLiveQueryBody, CreatedEnrollSecret, EnrollSecret, EnrollSecretList, ListEnrollSecretsQuery, LiveQuery, LiveQueryList, LiveQueryResults } from '@shared/api/endpoints';
import { translator } from '../../http/i18n';
import { runtimeOf } from './agents.runtime';
import { agentTls } from './agents.tls';
import * as svc from './agents.service';
import * as osq from './osquery.service';

const KB = 1024;
const MB = 1024 * 1024;

const OSQUERY_ERRORS: Record<string, { status: number; key: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, key: 'errors.agents.tooLarge' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, key: 'errors.agents.mediaType' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, key: 'errors.agents.badJson' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, key: 'errors.agents.badJson' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, key: 'errors.agents.badRequest' },
};

function sqlStateOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth += 1) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

/** Any failure → osquery's shape. Never a 500 for bad input; a real fault is logged and answered 500. */
function osqueryErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const t = translator(req.ctx?.locale ?? 'vi');
  if (err instanceof osq.OsqueryError) {
    return reply.status(err.status).send({ error: t(err.messageKey, err.params), node_invalid: err.nodeInvalid });
  }
  const fe = err as Partial<FastifyError> & { code?: string };
  const known = fe.code ? OSQUERY_ERRORS[fe.code] : undefined;
  if (known) return reply.status(known.status).send({ error: t(known.key), node_invalid: false });
  // The machine was deleted while its node was still cached here: its node is gone with it, so the
  // agent must enrol again (foreign key violation on the machine's rows).
  if (sqlStateOf(err) === '23503') return reply.status(401).send({ error: t('errors.agents.nodeInvalid'), node_invalid: true });
  // A corrupt gzip stream, or a client error Fastify raised with its own status.
  if (fe.code === 'Z_DATA_ERROR' || fe.code === 'Z_BUF_ERROR' || (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)) {
    return reply.status(fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 400).send({ error: t('errors.agents.badRequest'), node_invalid: false });
  }
  req.log.error({ err }, 'osquery request failed');
  return reply.status(500).send({ error: t('errors.internal', { requestId: String(req.id) }), node_invalid: false });
}

/** gzip request bodies (osquery --logger_tls_compress): inflated before parsing, the body limit applying to the inflated size. */
async function inflate(req: FastifyRequest, _reply: FastifyReply, payload: Readable & { receivedEncodedLength?: number }) {
  const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (enc === 'identity') return payload;
  if (enc !== 'gzip') throw new osq.OsqueryError(415, 'errors.agents.mediaType', false);
  const gunzip = createGunzip();
  const out: typeof gunzip & { receivedEncodedLength?: number } = gunzip;
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    out.receivedEncodedLength = (out.receivedEncodedLength ?? 0) + chunk.length;
  });
  payload.on('error', (e) => gunzip.destroy(e));
  payload.pipe(gunzip);
  return out;
}

/** osquery's remote API. The node key (or enrol secret) in the body is the credential: action 'public'. */
export const osqueryRoutes: FastifyPluginAsyncZod = async (app) => {
  const rt = runtimeOf(app.database);
  rt.acquire(app.log);
  app.addHook('onClose', async () => {
    await rt.release();
  });
  app.setErrorHandler(osqueryErrorHandler);
  app.addHook('preParsing', inflate);
  const hidden = { hide: true } as const;
  const opts = (bodyLimit: number) => ({ config: { action: 'public' as const }, schema: hidden, bodyLimit });
  // Every agent polls config, log and distributed/read every ~10 s: 10,000 hosts would write 3,000
  // access-log lines a second. Those three log only warnings and errors; enrolments stay in the log.
  const poll = (bodyLimit: number) => ({ ...opts(bodyLimit), logLevel: 'warn' as const });

  app.post('/enroll', opts(256 * KB), (req) => osq.enroll(req.ctx, req.body));
  app.post('/config', poll(64 * KB), (req) => osq.config(req.ctx, req.body));
  app.post('/log', poll(16 * MB), async (req) => {
    await osq.log(req.ctx, req.body);
    return { node_invalid: false };
  });
  app.post('/distributed/read', poll(64 * KB), (req) => osq.distributedRead(req.ctx, req.body));
  app.post('/distributed/write', opts(8 * MB), async (req) => {
    await osq.distributedWrite(req.ctx, req.body);
    return { node_invalid: false };
  });
  // Anything else under the prefix (a wrong endpoint flag) answers in osquery's shape too.
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: translator(req.ctx?.locale ?? 'vi')('errors.agents.notFound'), node_invalid: false }));
};

/** Enrol secrets and live queries, for people. */
export const agentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['agents'];
  app.get(
    '/secrets',
    { config: { action: 'endpoint.read' }, schema: { tags, summary: 'Khóa đăng ký tác tử', querystring: ListEnrollSecretsQuery, response: { 200: EnrollSecretList } } },
    (req) => svc.listSecrets(req.ctx, req.query),
  );
  app.post(
    '/secrets',
    { config: { action: 'endpoint.enroll' }, schema: { tags, summary: 'Tạo khóa đăng ký tác tử (hiện một lần)', body: CreateEnrollSecretBody, response: { 200: CreatedEnrollSecret } } },
    (req) => svc.createSecret(req.ctx, req.body),
  );
  app.post(
    '/secrets/:id/revoke',
    { config: { action: 'endpoint.enroll' }, schema: { tags, summary: 'Thu hồi khóa đăng ký tác tử', params: IdParams, response: { 200: EnrollSecret } } },
    (req) => svc.revokeSecret(req.ctx, req.params.id),
  );
  app.get(
    '/flagfile',
    { config: { action: 'endpoint.enroll' }, schema: { tags, summary: 'Tệp cờ osquery (osquery.flags) cho Windows hoặc Linux', querystring: FlagfileQuery } },
    async (req, reply) =>
      reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${AGENT_FILES.flags}"`)
        .send(svc.flagfile(req.ctx.config, req.query.platform)),
  );
  app.get('/server-certificate', { config: { action: 'endpoint.enroll' }, schema: { tags, summary: 'Chứng thư máy chủ cho tác tử (PEM)' } }, async (req, reply) => {
    const tls = await agentTls(req.ctx.config);
    return reply.header('content-type', 'application/x-pem-file').header('content-disposition', `attachment; filename="${AGENT_FILES.certificate}"`).send(tls.cert);
  });
  app.get(
    '/queries',
    { config: { action: 'endpoint.query' }, schema: { tags, summary: 'Truy vấn trực tiếp', querystring: Paging, response: { 200: LiveQueryList } } },
    (req) => svc.listLiveQueries(req.ctx, req.query),
  );
  app.post(
    '/queries',
    { config: { action: 'endpoint.query' }, schema: { tags, summary: 'Gửi truy vấn trực tiếp tới máy trạm', body: CreateLiveQueryBody, response: { 200: LiveQuery } } },
    (req) => svc.createLiveQuery(req.ctx, req.body),
  );
  app.get(
    '/queries/:id',
    { config: { action: 'endpoint.query' }, schema: { tags, summary: 'Kết quả truy vấn trực tiếp', params: IdParams, response: { 200: LiveQueryResults } } },
    (req) => svc.liveQueryResults(req.ctx, req.params.id),
  );
};

