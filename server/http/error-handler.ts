/**
 * The one mapping from any failure to the one response shape:
 * `{ error: { code, message, fields?, requestId } }`, in the caller's language.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import type { ErrorResponse, Locale } from '@shared/api/common';
import { AppError, STATUS_OF, type MessageParams } from './errors';
import { hasKey, translator } from './i18n';

interface Issue {
  keyword: string;
  message?: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** A Zod issue → catalogue key and params, written for a commune officer. */
function issueMessage(issue: Issue): { key: string; params: MessageParams } {
  const p = issue.params;
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : 0);
  switch (issue.keyword) {
    case 'invalid_type':
      return { key: /received undefined/.test(issue.message ?? '') ? 'validation.required' : 'validation.invalidType', params: {} };
    case 'too_small':
      if (p.origin === 'string') return num(p.minimum) <= 1 ? { key: 'validation.required', params: {} } : { key: 'validation.tooShort', params: { min: num(p.minimum) } };
      if (p.origin === 'array' || p.origin === 'set') return { key: 'validation.tooFewItems', params: { min: num(p.minimum) } };
      return { key: 'validation.tooSmall', params: { min: num(p.minimum) } };
    case 'too_big':
      if (p.origin === 'string') return { key: 'validation.tooLong', params: { max: num(p.maximum) } };
      if (p.origin === 'array' || p.origin === 'set') return { key: 'validation.tooManyItems', params: { max: num(p.maximum) } };
      return { key: 'validation.tooBig', params: { max: num(p.maximum) } };
    case 'invalid_format':
      if (p.format === 'email') return { key: 'validation.invalidEmail', params: {} };
      if (p.format === 'uuid') return { key: 'validation.invalidUuid', params: {} };
      if (p.format === 'datetime' || p.format === 'date') return { key: 'validation.invalidDate', params: {} };
      return { key: 'validation.invalidFormat', params: {} };
    case 'invalid_value':
      return {
        key: 'validation.invalidOption',
        params: { options: Array.isArray(p.values) ? p.values.map(String).join(', ') : '' },
      };
    case 'unrecognized_keys':
      return { key: 'validation.unknownField', params: { keys: Array.isArray(p.keys) ? p.keys.join(', ') : '' } };
    default:
      return { key: 'validation.invalid', params: {} };
  }
}

function fieldLabel(t: ReturnType<typeof translator>, locale: Locale, path: string): string {
  const last = path.split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? path;
  return hasKey(`fields.${last}`, locale) ? t(`fields.${last}`) : path;
}

const FASTIFY_CODES: Record<string, { status: number; key: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, key: 'errors.unsupportedMediaType' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, key: 'errors.badRequest' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, key: 'errors.payloadTooLarge' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, key: 'errors.badJson' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, key: 'errors.badJson' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, key: 'errors.payloadTooLarge' },
  FST_FILES_LIMIT: { status: 413, key: 'errors.payloadTooLarge' },
  FST_PARTS_LIMIT: { status: 413, key: 'errors.payloadTooLarge' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, key: 'errors.unsupportedMediaType' },
  FST_ERR_RATE_LIMIT: { status: 429, key: 'errors.rateLimited' },
};

function localeOf(req: FastifyRequest): Locale {
  return req.ctx?.locale ?? 'vi';
}

const MULTIPART_PARSE_ERROR =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.)$/;

/** The SQLSTATE of a database error, on the error itself or a wrapping error's `cause`. */
function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth += 1) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

export function renderError(err: unknown, req: FastifyRequest): { status: number; body: ErrorResponse } {
  const locale = localeOf(req);
  const t = translator(locale);
  const requestId = String(req.id);
  if (err instanceof AppError) {
    const fields = err.fields
      ? Object.fromEntries(
          Object.entries(err.fields).map(([path, f]) => [
            path,
            t('validation.field', { field: fieldLabel(t, locale, path), message: t(f.key, f.params ?? {}) }),
          ]),
        )
      : undefined;
    return {
      status: err.status ?? STATUS_OF[err.code],
      body: { error: { code: err.code, message: t(err.messageKey, { requestId, ...err.params }), fields, requestId } },
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const fields: Record<string, string> = {};
    for (const issue of err.validation) {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
      if (fields[path]) continue;
      const m = issueMessage(issue);
      fields[path] = t('validation.field', { field: fieldLabel(t, locale, path), message: t(m.key, m.params) });
    }
    return { status: 400, body: { error: { code: 'validation', message: t('errors.validation'), fields, requestId } } };
  }
  const fe = err as Partial<FastifyError> & { code?: string };
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) {
    const code = known.status === 429 ? 'rate_limited' : 'validation';
    return { status: known.status, body: { error: { code, message: t(known.key, { seconds: 60 }), requestId } } };
  }
  // PostgreSQL errors that bad input can still reach (a repository should have mapped them). The query
  // layer wraps them (DrizzleQueryError), so the SQLSTATE is looked for on the error and its causes.
  const state = sqlState(err);
  if (state === '23505') return { status: 409, body: { error: { code: 'conflict', message: t('errors.conflict'), requestId } } };
  if (state === '23503') return { status: 409, body: { error: { code: 'invalid_state', message: t('errors.inUse'), requestId } } };
  // Raised by the triggers that freeze a submitted dossier version (migration 0005).
  if (state === 'KH001') return { status: 409, body: { error: { code: 'invalid_state', message: t('errors.dossiers.versionFrozen'), requestId } } };
  // Raised by the triggers that freeze a completed assessment (migration 0007).
  if (state === 'KH002') return { status: 409, body: { error: { code: 'invalid_state', message: t('errors.assessments.completed'), requestId } } };
  if (state === '22P02' || state === '22021' || state === '22001' || state === '22003' || state === '22007' || state === '22008')
    return { status: 400, body: { error: { code: 'validation', message: t('errors.badRequest'), requestId } } };
  // @fastify/busboy rejects a malformed multipart body (no or over-long boundary, truncated part) with plain Errors.
  if (err instanceof Error && MULTIPART_PARSE_ERROR.test(err.message))
    return { status: 400, body: { error: { code: 'validation', message: t('errors.badRequest'), requestId } } };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: 'validation', message: t('errors.badRequest'), requestId } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: t('errors.internal', { requestId }), requestId } } };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const { status, body } = renderError(err, req);
  if (status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: body.error.code, status }, 'request refused');
  if (status === 429 && err instanceof AppError === false) reply.header('retry-after', '60');
  return reply.status(status).send(body);
}
