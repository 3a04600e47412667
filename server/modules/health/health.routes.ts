import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    try {
      await req.ctx.db.execute(sql`SELECT 1 FROM schema_migrations LIMIT 1`);
      return { status: 'ready', database: req.ctx.database.kind };
    } catch {
      return reply.status(503).send({ status: 'not_ready' });
    }
  });
};
