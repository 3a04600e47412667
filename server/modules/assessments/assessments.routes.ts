import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** Self-assessments and inspections against the requirements of a system's level (issue #3). */
export const assessmentRoutes: FastifyPluginAsyncZod = async () => {};
