import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** The inventory of computers, coverage, central products, violations (issue #4). */
export const endpointRoutes: FastifyPluginAsyncZod = async () => {};
