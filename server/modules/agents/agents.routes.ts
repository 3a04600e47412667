import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** osquery's remote API (enroll, config, log, distributed read/write), authenticated by node key. */
export const osqueryRoutes: FastifyPluginAsyncZod = async () => {};

/** Enrol secrets and live queries, for people (issue #4). */
export const agentRoutes: FastifyPluginAsyncZod = async () => {};
