/**
 * Every message key the server can answer with exists in Vietnamese and English (STYLE.md §5), and
 * the two catalogues have the same keys and the same {{placeholders}}.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import vi from '@shared/i18n/vi.json';
import en from '@shared/i18n/en.json';
import { isRecord } from './inventory';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v)) for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

interface Use {
  key: string;
  where: string;
}

/** Keys named by `new AppError(code, 'key'…)`, `fieldError(field, 'key'…)` and any 'errors.*' / 'validation.*' literal. */
function keysUsedIn(file: string): Use[] {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(root, file);
  const uses: Use[] = [];
  const patterns = [
    /new AppError\(\s*'[^']*',\s*['"`]([^'"`$]+)['"`]/g,
    /fieldError\(\s*(?:'[^']*'|`[^`]*`|[A-Za-z_.]+),\s*['"`]([^'"`$]+)['"`]/g,
    /unauthenticated\(\s*['"`]([^'"`$]+)['"`]/g,
    /['"`]((?:errors|validation)\.[A-Za-z0-9_.]+)['"`]/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const key = m[1];
      if (!key) continue;
      const line = text.slice(0, m.index).split('\n').length;
      uses.push({ key, where: `${rel}:${line}` });
    }
  }
  return uses;
}

const viKeys = flatten(vi);
const enKeys = flatten(en);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  const files = sourceFiles(path.join(root, 'server'));
  const uses = files.flatMap(keysUsedIn);

  it('finds the error keys the server uses', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(uses.map((u) => u.key)).toEqual(expect.arrayContaining(['errors.notFound', 'errors.forbidden', 'validation.required']));
  });

  it('has every key the server uses in both Vietnamese and English', () => {
    const missing = uses.flatMap((u) => [
      ...(viKeys.has(u.key) ? [] : [`${u.where}: '${u.key}' missing in vi.json`]),
      ...(enKeys.has(u.key) ? [] : [`${u.where}: '${u.key}' missing in en.json`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('has the same keys in vi.json and en.json', () => {
    expect([...enKeys.keys()].filter((k) => !viKeys.has(k))).toEqual([]);
    expect([...viKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differ = [...viKeys].filter(([k, v]) => enKeys.has(k) && placeholders(v).join() !== placeholders(enKeys.get(k) ?? '').join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });
});
