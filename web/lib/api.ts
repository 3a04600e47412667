import type { z } from 'zod';
import { ErrorResponse, type ErrorCode } from '@shared/api/common';
import { currentLocale, i18n } from './i18n';

/** `network`: the server could not be reached or answered something that is not our error shape. */
export type ApiErrorCode = ErrorCode | 'network';

/** The one error type of the web app: the server's `{ error: { code, message, fields?, requestId } }`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: Record<string, string>;
  readonly requestId: string | null;
  readonly status: number;

  constructor(init: {
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string> | undefined;
    requestId?: string | null | undefined;
    status: number;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId ?? null;
    this.status = init.status;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;

/** Set from every SessionInfo the server returns; sent as `x-csrf-token` on state-changing calls. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthenticated: (() => void) | null = null;

/** Called on any 401 (except where the caller expects one, e.g. the session probe and the login steps). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: QueryParams | undefined;
  /** JSON body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** A 401 here is an answer, not an expired session: do not send the user to the login page. */
  expectUnauthenticated?: boolean;
}

export function buildUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function networkError(status: number): ApiError {
  return new ApiError({ code: 'network', message: i18n.t('common.networkError'), status });
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    const data: unknown = JSON.parse(text);
    return data;
  } catch {
    return undefined;
  }
}

/**
 * The one fetch wrapper: same-origin, JSON, CSRF header on writes, the UI language as
 * `accept-language`, and every response checked against its shared Zod schema.
 */
export async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const headers = new Headers({ accept: 'application/json', 'accept-language': currentLocale() });
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(0);
  }

  const data = await readJson(res);
  if (!res.ok) {
    if (res.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.();
    const parsed = ErrorResponse.safeParse(data);
    if (!parsed.success) throw networkError(res.status);
    const { code, message, fields, requestId } = parsed.data.error;
    throw new ApiError({ code, message, fields, requestId, status: res.status });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // The server answered with a shape this build does not know: most likely an outdated page.
    console.error('Unexpected response shape', method, path, parsed.error.issues);
    throw new ApiError({ code: 'internal', message: i18n.t('common.unexpectedResponse'), status: res.status });
  }
  return parsed.data;
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('GET', path, schema, options),
  post: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('POST', path, schema, options),
  put: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('PUT', path, schema, options),
  patch: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('PATCH', path, schema, options),
  delete: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('DELETE', path, schema, options),
};
