import type { ErrorCode } from '@shared/api/common';

/** HTTP status of each error code: the one table (STYLE.md §5). */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  internal: 500,
};

export type MessageParams = Record<string, string | number>;

/**
 * The one error type. `messageKey` names an entry of shared/i18n/{vi,en}.json; `fields` maps a
 * field path to a message key (translated with the same params) or to an already-translated text.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string,
    readonly params: MessageParams = {},
    readonly fields?: Record<string, { key: string; params?: MessageParams }>,
    /** Overrides the status of the code table, for the few protocol cases that need it (413, 415). */
    readonly status?: number,
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('not_found', 'errors.notFound');
export const forbidden = () => new AppError('forbidden', 'errors.forbidden');
export const unauthenticated = (key = 'errors.unauthenticated') => new AppError('unauthenticated', key);

/** A field-level validation error raised by a service (e.g. a rule the schema cannot express). */
export function fieldError(field: string, key: string, params: MessageParams = {}) {
  return new AppError('validation', 'errors.validation', {}, { [field]: { key, params } });
}
