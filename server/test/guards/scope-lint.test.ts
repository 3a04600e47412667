/**
 * Scope lint (STYLE.md §4): in server/modules, every query that reads an org-owned table
 * (`.from(orgs)`, `.from(users)`…) carries the scope predicate, `inScope(` or `pathInScope(`, in the
 * same statement — directly, or in the local variable its `.where(…)` uses (`const where = and(...conds)`),
 * followed up to three definitions back. Otherwise it needs a `scope-exempt: <reason>` comment
 * within the three lines above, or a place in the allow-list below.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Whole files exempt, each with its reason. Keep it short: every entry is a place where one
 * organisation's rows could reach another.
 */
const ALLOW_FILES: Record<string, string> = {
  // Authentication resolves a session, a token or a username before any scope exists.
  'server/modules/auth/auth.repo.ts': 'authentication happens before scope exists',
};

/** The TypeScript names of the tables in ORG_OWNED_TABLES (orgs, users, roleAssignments, …). */
function orgOwnedTsNames(): string[] {
  const owned: readonly string[] = schema.ORG_OWNED_TABLES;
  return Object.entries(schema)
    .filter(([, v]) => v instanceof PgTable && owned.includes(getTableConfig(v).name))
    .map(([k]) => k);
}

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return moduleFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const OPEN = '([{';
const CLOSE = ')]}';

/** The statement around `at`: back and forth to a `;`, a `,` or an unbalanced bracket at its own depth. */
function statementAround(text: string, at: number): { start: number; end: number } {
  let depth = 0;
  let start = at;
  for (let i = at - 1; i >= 0; i -= 1) {
    const c = text.charAt(i);
    if (CLOSE.includes(c)) depth += 1;
    else if (OPEN.includes(c)) {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && (c === ';' || c === ',')) break;
    start = i;
  }
  depth = 0;
  let end = at;
  for (let i = at; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (OPEN.includes(c)) depth += 1;
    else if (CLOSE.includes(c)) {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && (c === ';' || c === ',')) break;
    end = i + 1;
  }
  return { start, end };
}

const SCOPED = /\b(?:inScope|pathInScope)\(/;

/** Whether the statement, or a local it passes to `.where(…)`, carries the scope predicate. */
function carriesScope(text: string, statement: string, before: number, hops = 3, isDefinition = false): boolean {
  if (SCOPED.test(statement)) return true;
  if (hops === 0) return false;
  // From the query: the locals its .where(…) uses; from a local's definition: every name on its right side.
  const sources = isDefinition ? [statement.slice(statement.indexOf('=') + 1)] : [...statement.matchAll(/\.where\(([^)]*)\)/g)].map((m) => m[1] ?? '');
  const names = new Set<string>();
  for (const src of sources) for (const id of src.matchAll(/\b[A-Za-z_]\w*\b/g)) names.add(id[0]);
  for (const name of names) {
    const decls = [...text.slice(0, before).matchAll(new RegExp(`\\b(?:const|let)\\s+${name}\\b[^=;]*=`, 'g'))];
    const decl = decls[decls.length - 1];
    if (!decl || decl.index === undefined) continue;
    const { start, end } = statementAround(text, decl.index + decl[0].length);
    if (carriesScope(text, text.slice(start, end), start, hops - 1, true)) return true;
  }
  return false;
}

function violationsIn(file: string, tables: string[]): string[] {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (ALLOW_FILES[rel]) return [];
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out: string[] = [];
  const re = new RegExp(`\\.from\\(\\s*(${tables.join('|')})\\s*\\)`, 'g');
  for (const m of text.matchAll(re)) {
    const at = m.index;
    const { start, end } = statementAround(text, at);
    const line = text.slice(0, at).split('\n').length;
    const startLine = text.slice(0, start).split('\n').length;
    const above = lines.slice(Math.max(0, startLine - 4), line).join('\n');
    if (/scope-exempt:/.test(above)) continue;
    if (carriesScope(text, text.slice(start, end), start)) continue;
    out.push(`${rel}:${line}: .from(${m[1]}) without inScope/pathInScope (add the predicate, or a "scope-exempt: <reason>" comment)`);
  }
  return out;
}

describe('scope lint', () => {
  const tables = orgOwnedTsNames();
  const files = moduleFiles(path.join(root, 'server/modules'));

  it('knows the org-owned tables by their TypeScript names', () => {
    expect(tables).toEqual(expect.arrayContaining(['orgs', 'users', 'roleAssignments', 'apiTokens', 'imports', 'auditLog']));
    expect(tables).toHaveLength(schema.ORG_OWNED_TABLES.length);
  });

  it('catches an unscoped read, and accepts a scoped one or an exemption', () => {
    const bad = `const [row] = await ctx.db.select().from(users).where(eq(users.id, id));`;
    const good = `const [row] = await ctx.db.select().from(users).where(and(eq(users.id, id), inScope(ctx, 'user.read', users.orgId)));`;
    const viaLocal = `const scope = inScope(ctx, 'x', users.orgId);\nconst conds: (SQL | undefined)[] = [scope];\nconst where = and(...conds);\nawait ctx.db.select().from(users).where(where);`;
    const check = (src: string) => {
      const at = src.indexOf('.from(');
      const { start, end } = statementAround(src, at);
      return carriesScope(src, src.slice(start, end), start);
    };
    expect(check(bad)).toBe(false);
    expect(check(good)).toBe(true);
    expect(check(viaLocal)).toBe(true);
  });

  it('finds every read of an org-owned table in server/modules scoped or exempted', () => {
    expect(files.length).toBeGreaterThan(5);
    const violations = files.flatMap((f) => violationsIn(f, tables));
    expect(violations).toEqual([]);
  });
});
