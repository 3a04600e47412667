import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** Organisation import from CSV/XLSX (preview → commit). Written next. */
export const orgImportRoutes: FastifyPluginAsyncZod = async () => {};
