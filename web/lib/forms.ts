import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from './api';

type FieldPath = (string | number)[];
export interface FieldError {
  name: FieldPath;
  errors: string[];
}

function toPath(path: readonly PropertyKey[]): FieldPath {
  return path.flatMap((segment) => (typeof segment === 'symbol' ? [] : [segment]));
}

/** `roles.0.orgId` (server) → `['roles', 0, 'orgId']` (antd). */
export function serverFieldPath(key: string): FieldPath {
  return key.split('.').map((segment) => (/^[0-9]+$/.test(segment) ? Number(segment) : segment));
}

/** Puts the server's per-field messages next to the fields; the user's input stays as typed. */
export function applyServerFieldErrors(form: FormInstance, error: unknown): void {
  if (!isApiError(error)) return;
  const fields = Object.entries(error.fields).map(([key, message]) => ({
    name: serverFieldPath(key),
    errors: [message],
  }));
  if (fields.length > 0) form.setFields(fields);
}

function valueAt(values: unknown, path: FieldPath): unknown {
  let current: unknown = values;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Reflect.get(current, segment);
  }
  return current;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Plain-language message for one Zod issue; `formatHints` names a better message for a field's format. */
function issueMessage(issue: z.core.$ZodIssue, value: unknown, t: TFunction, formatHint: string | undefined): string {
  if (isBlank(value) && ['invalid_type', 'too_small', 'invalid_value'].includes(issue.code)) return t('form.required');
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return t('form.tooShort', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.tooFew', { min });
      return t('form.tooSmall', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('form.tooLong', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.tooMany', { max });
      return t('form.tooBig', { max });
    }
    case 'invalid_format':
      if (formatHint) return t(formatHint);
      if (issue.format === 'email') return t('form.invalidEmail');
      return t('form.invalidFormat');
    case 'invalid_value':
      return t('form.invalidChoice');
    default:
      return formatHint ? t(formatHint) : t('form.invalidFormat');
  }
}

export type Validation<T> = { ok: true; data: T } | { ok: false; fields: FieldError[] };

/**
 * Checks form values with the same Zod schema the server uses, before sending. Server-side
 * validation stays authoritative; this only saves a round trip and words messages for the form.
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: TFunction,
  formatHints: Record<string, string> = {},
): Validation<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const byField = new Map<string, FieldError>();
  for (const issue of parsed.error.issues) {
    const name = toPath(issue.path);
    const key = name.join('.');
    const hintKey = name.filter((segment) => typeof segment === 'string').join('.');
    const message = issueMessage(issue, valueAt(values, name), t, formatHints[hintKey]);
    const existing = byField.get(key);
    if (existing) {
      if (!existing.errors.includes(message)) existing.errors.push(message);
    } else {
      byField.set(key, { name, errors: [message] });
    }
  }
  return { ok: false, fields: [...byField.values()] };
}

/** Validates and, on failure, marks the fields; returns the parsed body or null. */
export function checkForm<S extends z.ZodType>(
  form: FormInstance,
  schema: S,
  values: unknown,
  t: TFunction,
  formatHints?: Record<string, string>,
): z.output<S> | null {
  const result = validateWith(schema, values, t, formatHints);
  if (result.ok) return result.data;
  form.setFields(result.fields);
  return null;
}

/** Empty text inputs mean "no value": `''`, whitespace and `undefined` become `null` for the listed keys. */
export function blankToNull(values: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const key of keys) {
    if (isBlank(out[key])) out[key] = null;
  }
  return out;
}
