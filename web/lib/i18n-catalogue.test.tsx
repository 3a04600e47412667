import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrgImportRow } from '@shared/api/orgs';
import { TOKEN_ACTIONS } from '@shared/api/tokens';
import { ADMIN_UNIT_KINDS, ORG_KINDS } from '@shared/domain/orgs';
import { IT_QUALIFICATIONS, ROLES } from '@shared/domain/roles';
import vi from '@shared/i18n/vi.json';
import en from '@shared/i18n/en.json';
import { SERVER_ONLY_NAMESPACES } from '@shared/i18n/namespaces';

const catalogues = { vi, en };
const webDir = join(import.meta.dirname, '..');

function lookup(catalogue: unknown, key: string): unknown {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, part);
  }
  return node;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// The web app's own namespaces (the server owns errors, validation, fields).
const WEB_NAMESPACES = [
  'app', 'nav', 'common', 'form', 'login', 'totp', 'password', 'home', 'orgs', 'users', 'audit',
  'profile', 'tokens', 'roles', 'orgKinds', 'adminUnitKinds', 'itQualifications', 'tokenActions',
];

/** Literal keys: `t('a.b')` calls, plus quoted `namespace.key` strings (e.g. form-format hints). */
function usedKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const literal = new RegExp(`['"]((?:${WEB_NAMESPACES.join('|')})\\.[A-Za-z0-9_.]+)['"]`, 'g');
  const call = /\bt\(\s*['"]([^'"]+)['"]/g;
  for (const file of sourceFiles(webDir)) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(call)) if (m[1]) keys.set(m[1], file);
    for (const m of code.matchAll(literal)) {
      // Session `can` action names look like keys but are not (`org.read`, `audit.read`…).
      if (m[1] && !/^[a-z]+\.(read|manage)$/.test(m[1])) keys.set(m[1], file);
    }
  }
  return keys;
}

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n catalogue', () => {
  it('has every key the web code uses, in Vietnamese and in English', () => {
    const keys = usedKeys();
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].flatMap(([key, file]) =>
      (['vi', 'en'] as const)
        .filter((lang) => typeof lookup(catalogues[lang], key) !== 'string')
        .map((lang) => `${lang}: ${key} (${file.slice(webDir.length + 1)})`),
    );
    expect(missing).toEqual([]);
  });

  it('names every role, organisation kind, administrative unit kind and IT qualification in both languages', () => {
    const keys = [
      ...ROLES.map((r) => `roles.${r}`),
      ...ORG_KINDS.map((k) => `orgKinds.${k}`),
      ...ADMIN_UNIT_KINDS.map((k) => `adminUnitKinds.${k}`),
      ...IT_QUALIFICATIONS.map((q) => `itQualifications.${q}`),
      ...TOKEN_ACTIONS.map((a) => `tokenActions.${a}`),
      ...OrgImportRow.keyof().options.flatMap((c) => [`orgs.import.viHeaders.${c}`, `orgs.import.columnHelp.${c}`]),
      ...['create', 'update', 'error'].map((a) => `orgs.import.actions.${a}`),
      ...['active', 'revoked', 'expired'].map((s) => `tokens.states.${s}`),
    ];
    for (const lang of ['vi', 'en'] as const) {
      const missing = keys.filter((key) => typeof lookup(catalogues[lang], key) !== 'string');
      expect(missing, lang).toEqual([]);
    }
    expect(lookup(vi, 'roles.security_officer')).toBe('Cán bộ chuyên trách ATTT');
    expect(lookup(vi, 'orgKinds.commune')).toBe('UBND xã/phường/đặc khu');
  });

  it('has the same web keys in Vietnamese and English', () => {
    for (const ns of WEB_NAMESPACES) {
      expect(leafKeys(lookup(en, ns), ns).sort(), ns).toEqual(leafKeys(lookup(vi, ns), ns).sort());
    }
  });

  it('uses none of the namespaces the web build leaves out (shared/i18n/namespaces.ts)', () => {
    const serverOnly = new RegExp(`['"\`](?:${SERVER_ONLY_NAMESPACES.join('|')})\\.[A-Za-z0-9_.$]`);
    const offending = sourceFiles(webDir).filter((file) => serverOnly.test(readFileSync(file, 'utf8').replace(/[a-zA-Z]+\.(read|manage|enroll|query|configure)\b/g, '')));
    expect(offending.map((f) => f.slice(webDir.length + 1))).toEqual([]);
    expect(SERVER_ONLY_NAMESPACES).toEqual(expect.arrayContaining(['errors', 'validation', 'fields']));
  });

  it('keeps the import header aliases identical in both languages (they are file data, not UI text)', () => {
    expect(lookup(en, 'orgs.import.viHeaders')).toEqual(lookup(vi, 'orgs.import.viHeaders'));
  });
});
