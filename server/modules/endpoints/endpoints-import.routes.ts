import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** Import of the central anti-malware console's export (issue #4). */
export const endpointImportRoutes: FastifyPluginAsyncZod = async () => {};
