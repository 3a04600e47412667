/**
 * The HTTPS listener osquery agents talk to (issue #4): a second Fastify instance serving only the
 * osquery remote API (the same plugin as /api/osquery on the main server), with the certificate
 * configured by KHIEN_AGENT_TLS_CERT / KHIEN_AGENT_TLS_KEY or generated once into
 * <dataDir>/agent-tls/. KHIEN_AGENT_PORT=off turns it off; 0 picks a free port (tests).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod';
import { OSQUERY_PREFIX } from '@shared/api/osquery';
import type { AppDeps } from './app';
import { authPlugin } from './http/auth-plugin';
import { agentTls, osqueryRoutes } from './modules/agents';

export interface AgentListener {
  app: FastifyInstance;
  /** `https://host:port` as bound. */
  url: string;
  port: number;
  /** The certificate agents must trust (--tls_server_certs). */
  certPath: string;
  close(): Promise<void>;
}

export async function startAgentListener(deps: AppDeps, opts: { port?: number; host?: string } = {}): Promise<AgentListener | null> {
  const { config, database, jobs } = deps;
  const port = opts.port ?? config.agentPort;
  if (port === null) return null;
  const tls = await agentTls(config);
  const app = Fastify({
    https: { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' },
    logger: deps.logger ?? { level: config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    keepAliveTimeout: 75_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', database);
  await app.register(authPlugin, {
    baseCtx: { db: database.db, database, config, jobs, clock: deps.clock ?? (() => new Date()), log: app.log },
  });
  await app.register(osqueryRoutes, { prefix: OSQUERY_PREFIX });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: 'not found', node_invalid: false }));
  try {
    await app.listen({ host: opts.host ?? config.agentHost, port });
  } catch (err) {
    await app.close(); // releases the shared agent runtime this instance took
    throw err;
  }
  const bound = (app.server.address() as AddressInfo).port;
  const shown = config.agentHostname;
  return {
    app,
    url: `https://${shown}:${bound}`,
    port: bound,
    certPath: tls.certPath,
    close: () => app.close(),
  };
}
