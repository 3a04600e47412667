/**
 * buildApp(deps) → the Fastify instance. Used by main.ts and by every test; the one place where
 * modules are registered (one line each).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/connect';
import type { Jobs } from './jobs/queue';
import { authPlugin } from './http/auth-plugin';
import { errorHandler } from './http/error-handler';
import { AppError } from './http/errors';
import { healthRoutes } from './modules/health/health.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { orgRoutes } from './modules/orgs/orgs.routes';
import { userRoutes } from './modules/users/users.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { tokenRoutes } from './modules/tokens/tokens.routes';
import { dossierRoutes } from './modules/dossiers';
import { notificationRoutes } from './modules/notifications';
import { systemRoutes } from './modules/systems';
import { legalRoutes } from './modules/legal';
import { figureRoutes } from './modules/figures';
import { documentRoutes } from './modules/documents';
import { endpointImportRoutes, endpointRoutes } from './modules/endpoints';
import { agentRoutes, osqueryRoutes } from './modules/agents';
import { assessmentRoutes } from './modules/assessments';
import { incidentRoutes } from './modules/incidents';
import { advisoryRoutes } from './modules/advisories';
import { alertIntakeRoutes, alertRoutes, createAlertWriter, socRoutes } from './modules/soc';
import { syslogSourceRoutes } from './modules/syslog';
import { stixRoutes } from './modules/stix';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  jobs: Jobs;
  clock?: () => Date;
  logger?: boolean | object;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, jobs } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any route (a malformed or over-long URL) get the one error shape too.
    frameworkErrors: (err, req, reply) => {
      errorHandler(err, req, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorate('database', database);
  // One alert writer (group commit) for the Wazuh route and the syslog listener; flushed on close.
  app.decorate('alerts', createAlertWriter(database.db, { clock: deps.clock, onError: (err) => app.log.error({ err }, 'alert writer') }));
  app.addHook('onClose', async () => app.alerts.close());
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Time spent in the server up to sending (routing, auth, handler, serialisation): browser
    // developer tools show it next to the network time, and the bench reads it.
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
  });

  await app.register(cookie);
  // Security headers: helmet's middleware built once (its Fastify wrapper rebuilds it on every request).
  const securityHeaders = helmet({
    // The platform runs inside a provincial data centre without internet: nothing from other hosts.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd's CSS-in-JS injects <style> elements
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only where TLS is really in front of us.
    strictTransportSecurity: config.trustProxy || config.publicUrl?.startsWith('https:') ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10, parts: 12 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Khiên API', version: '0.1.0', description: 'Nền tảng quản lý an toàn thông tin cấp tỉnh' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'khien_sid' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, {
    baseCtx: { db: database.db, database, config, jobs, clock: deps.clock ?? (() => new Date()), log: app.log },
  });

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(orgRoutes, { prefix: '/api/orgs' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(tokenRoutes, { prefix: '/api/tokens' });
  await app.register(systemRoutes, { prefix: '/api/systems' });
  await app.register(legalRoutes, { prefix: '/api' });
  await app.register(dossierRoutes, { prefix: '/api/dossiers' });
  await app.register(notificationRoutes, { prefix: '/api/notifications' });
  await app.register(figureRoutes, { prefix: '/api/figures' });
  await app.register(documentRoutes, { prefix: '/api/documents' });
  await app.register(endpointRoutes, { prefix: '/api/endpoints' });
  await app.register(endpointImportRoutes, { prefix: '/api/endpoints/import' });
  await app.register(agentRoutes, { prefix: '/api/agents' });
  await app.register(osqueryRoutes, { prefix: '/api/osquery' });
  await app.register(assessmentRoutes, { prefix: '/api/assessments' });
  await app.register(incidentRoutes, { prefix: '/api/incidents' });
  await app.register(advisoryRoutes, { prefix: '/api/advisories' });
  await app.register(socRoutes, { prefix: '/api/soc' });
  await app.register(syslogSourceRoutes, { prefix: '/api/soc/syslog-sources' });
  await app.register(alertRoutes, { prefix: '/api/alerts' });
  await app.register(alertIntakeRoutes, { prefix: '/api/alerts/wazuh' });
  await app.register(stixRoutes, { prefix: '/api/stix' });

  // The web app, built by `npm run build`, served by the same server.
  const hasWeb = existsSync(path.join(config.webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: config.webDir, prefix: '/', wildcard: false, maxAge: '1h', preCompressed: true });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (req.method === 'GET' && hasWeb && !url.startsWith('/api/') && !path.extname(url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw new AppError('not_found', 'errors.routeNotFound', { method: req.method, url: url.slice(0, 100) }, undefined, 404);
  });
  return app;
}
