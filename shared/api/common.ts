import { z } from 'zod';

/** Field schemas shared by every endpoint, so two endpoints never disagree on what is valid. */
export const Id = z.uuid();
export const OrgCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
export const Name = z.string().trim().min(1).max(255);
export const OptionalText = (max: number) => z.string().trim().max(max).optional().nullable();
export const Email = z.string().trim().max(254).pipe(z.email());
export const Phone = z
  .string()
  .trim()
  .max(32)
  .regex(/^[0-9+()\s.-]{6,32}$/);
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/);
/** At least 10 characters; long passphrases welcome (NIST SP 800-63B). */
export const NewPassword = z.string().min(10).max(256);
export const Locale = z.enum(['vi', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const IdParams = z.object({ id: Id });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const ErrorCode = z.enum([
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_state',
  'rate_limited',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorResponse = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    requestId: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const Ok = z.object({ ok: z.literal(true) });
