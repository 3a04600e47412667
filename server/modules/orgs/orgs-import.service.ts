/**
 * Organisation import (CSV/XLSX): preview, then commit. Nothing is written to orgs at preview; the
 * commit re-validates against the database of the moment and writes everything in one transaction,
 * parents before children, one audit row per organisation.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { OrgImportRow, type ImportResult, type ImportRowResult, type OrgImportPreview } from '@shared/api/orgs';
import { ADMIN_UNIT_KINDS, ORG_KINDS, isChildKindAllowed, type AdminUnitKind, type OrgKind } from '@shared/domain/orgs';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, notFound, type MessageParams } from '../../http/errors';
import { translator } from '../../http/i18n';
import { can } from '../../authz/scope';
import { orgs, type OrgRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { insertOrgRow, writeOrgUpdate, type ParentRef } from './orgs.service';
import { loadPreview, markCommitted, storePreview } from '../../imports/stored-imports';
import { importSummary, valueLookup } from '../../imports/import-file';
import { IMPORT_FIELDS, parseOrgImportFile, type RawImportRow } from './orgs-import.parse';

/** A row after validation: what it would do, or why it cannot. */
export interface CheckedRow extends ImportRowResult {
  data: OrgImportRow | null;
  /** The existing organisation an 'update' row rewrites. */
  existing: OrgRow | null;
  /** The code of the parent it goes under (a file row or an existing organisation); null for the root. */
  parentKey: string | null;
}

const COMMIT_MESSAGES = { alreadyCommitted: 'errors.orgs.importAlreadyCommitted', notFound: 'errors.orgs.importNotFound' };
const RawImportRows = z.array(z.object({ row: z.number().int(), values: z.partialRecord(z.enum(IMPORT_FIELDS), z.string()) }));

const lower = (s: string) => s.toLowerCase();

const orgKindOf = valueLookup<OrgKind>(ORG_KINDS, 'orgKinds');
const adminUnitKindOf = valueLookup<AdminUnitKind>(ADMIN_UNIT_KINDS, 'adminUnitKinds');

/** A Zod issue as a sentence for a commune officer, in the caller's language. */
function issueText(ctx: Ctx, issue: z.core.$ZodIssue): string {
  const t = translator(ctx.locale);
  const field = String(issue.path[0] ?? '');
  let key = 'validation.invalid';
  let params: MessageParams = {};
  switch (issue.code) {
    case 'invalid_type':
      key = 'validation.required';
      break;
    case 'too_small':
      key = Number(issue.minimum) <= 1 ? 'validation.required' : 'validation.tooShort';
      params = { min: Number(issue.minimum) };
      break;
    case 'too_big':
      key = 'validation.tooLong';
      params = { max: Number(issue.maximum) };
      break;
    case 'invalid_format':
      key = issue.format === 'email' ? 'validation.invalidEmail' : 'validation.invalidFormat';
      break;
    case 'invalid_value':
      key = 'validation.invalidOption';
      params = { options: issue.values.map(String).join(', ') };
      break;
  }
  return t('validation.field', { field: t(`fields.${field}`), message: t(key, params) });
}

/** Database rows for the codes a file mentions, found province-wide. */
async function existingByCode(ctx: Ctx, codes: string[]): Promise<Map<string, OrgRow>> {
  const unique = [...new Set(codes.map(lower))];
  if (unique.length === 0) return new Map();
  // scope-exempt: codes are unique province-wide, so a code used outside the actor's scope must be
  // reported; only "exists, outside your scope" reaches the caller, never the row itself.
  const rows = await ctx.db.select().from(orgs).where(sql`lower(${orgs.code}) = ANY(${sql.param(unique)}::text[])`);
  return new Map(rows.map((r) => [lower(r.code), r]));
}

/** The current parents of organisations being updated without a parent column, by id. */
async function parentsById(ctx: Ctx, ids: string[]): Promise<Map<string, OrgRow>> {
  if (ids.length === 0) return new Map();
  // scope-exempt: only parents of organisations already checked to be in the actor's org.manage scope.
  const rows = await ctx.db.select().from(orgs).where(inArray(orgs.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Validates every row against the schema, the file and the database, with the actor's scope. */
export async function checkRows(ctx: Ctx, raw: RawImportRow[]): Promise<CheckedRow[]> {
  const t = translator(ctx.locale);
  const kindLabel = (k: string) => t(`orgKinds.${k}`, { defaultValue: k });
  const rows: CheckedRow[] = raw.map(({ row, values }) => {
    const input = {
      code: values.code ?? '',
      name: values.name ?? '',
      kind: values.kind ? orgKindOf(values.kind) : '',
      parentCode: values.parentCode ?? null,
      adminUnitKind: values.adminUnitKind ? adminUnitKindOf(values.adminUnitKind) : null,
      nameEn: values.nameEn ?? null,
      address: values.address ?? null,
      phone: values.phone ?? null,
      email: values.email ?? null,
    };
    const parsed = OrgImportRow.safeParse(input);
    const errors = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => issueText(ctx, i)))];
    return { row, code: values.code ?? null, action: 'error', errors, data: parsed.success ? parsed.data : null, existing: null, parentKey: null };
  });

  const byCode = new Map<string, CheckedRow[]>();
  for (const r of rows) if (r.data) byCode.set(lower(r.data.code), [...(byCode.get(lower(r.data.code)) ?? []), r]);
  for (const [, same] of byCode) {
    if (same.length > 1) for (const r of same) r.errors.push(t('errors.orgs.importDuplicateCode', { code: r.data?.code ?? '' }));
  }
  const fileRow = (code: string) => {
    const same = byCode.get(lower(code));
    return same?.length === 1 ? same[0] : undefined;
  };

  const codes = rows.flatMap((r) => (r.data ? [r.data.code, ...(r.data.parentCode ? [r.data.parentCode] : [])] : []));
  const db = await existingByCode(ctx, codes);
  for (const r of rows) {
    if (!r.data) continue;
    const found = db.get(lower(r.data.code));
    if (!found) continue;
    if (can(ctx, 'org.manage', { orgPath: found.path })) r.existing = found;
    else r.errors.push(t('errors.orgs.importCodeOutOfScope', { code: r.data.code }));
  }
  const currentParents = await parentsById(
    ctx,
    rows.flatMap((r) => (r.existing?.parentId && !r.data?.parentCode ? [r.existing.parentId] : [])),
  );

  // The parent: the file row with that code, else an existing organisation the actor manages.
  for (const r of rows) {
    const d = r.data;
    if (!d || r.errors.length) continue;
    if (r.existing && r.existing.parentId === null) {
      // The province root: it stays the root.
      if (d.parentCode) r.errors.push(t('errors.orgs.rootExists'));
      else if (d.kind !== 'province') r.errors.push(t('errors.orgs.kindNotAllowed', { kind: kindLabel(d.kind), parentKind: '—' }));
      continue;
    }
    // An update without a parent column keeps its parent.
    const parentCode = d.parentCode ?? (r.existing?.parentId ? currentParents.get(r.existing.parentId)?.code : undefined);
    if (!parentCode) {
      r.errors.push(t('validation.field', { field: t('fields.parentCode'), message: t('validation.required') }));
      continue;
    }
    if (lower(parentCode) === lower(d.code)) {
      r.errors.push(t('errors.orgs.cycle'));
      continue;
    }
    const inFile = fileRow(parentCode);
    const inDb = db.get(lower(parentCode)) ?? [...currentParents.values()].find((p) => lower(p.code) === lower(parentCode));
    let parentKind: OrgKind;
    if (inFile?.data) parentKind = inFile.data.kind;
    else if (inDb) {
      if (!can(ctx, 'org.manage', { orgPath: inDb.path })) {
        r.errors.push(t('errors.orgs.importRowOutOfScope', { code: parentCode }));
        continue;
      }
      parentKind = inDb.kind;
    } else {
      r.errors.push(t('errors.orgs.importParentMissing', { code: parentCode }));
      continue;
    }
    r.parentKey = lower(parentCode);
    if (!isChildKindAllowed(parentKind, d.kind)) r.errors.push(t('errors.orgs.kindNotAllowed', { kind: kindLabel(d.kind), parentKind: kindLabel(parentKind) }));
    if (d.adminUnitKind && d.kind !== 'commune') r.errors.push(t('validation.field', { field: t('fields.adminUnitKind'), message: t('validation.invalid') }));
  }

  // Chains through the file: a cycle, or a parent row with errors, makes the row invalid too.
  const bad = new Set(rows.filter((r) => r.errors.length));
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of rows) {
      if (bad.has(r) || !r.parentKey) continue;
      const reason = chainProblem(r, fileRow, db);
      const parentRow = fileRow(r.parentKey);
      if (reason === 'cycle') r.errors.push(t('errors.orgs.cycle'));
      else if (parentRow && bad.has(parentRow)) r.errors.push(t('errors.orgs.importParentInvalid', { code: parentRow.data?.code ?? '', row: parentRow.row }));
      else continue;
      bad.add(r);
      changed = true;
    }
  }
  for (const r of rows) r.action = r.errors.length ? 'error' : r.existing ? 'update' : 'create';
  return rows;
}

/** Walks up through file rows to the existing organisation the chain hangs from; a loop, or moving an organisation under its own subtree, is a cycle. */
function chainProblem(start: CheckedRow, fileRow: (code: string) => CheckedRow | undefined, db: Map<string, OrgRow>): 'cycle' | null {
  const seen = new Set<CheckedRow>([start]);
  const moved: OrgRow[] = start.existing ? [start.existing] : [];
  let key = start.parentKey;
  while (key) {
    const next = fileRow(key);
    if (!next) break;
    if (seen.has(next)) return 'cycle';
    seen.add(next);
    if (next.existing) moved.push(next.existing);
    key = next.parentKey;
  }
  const anchor = key ? db.get(key) : undefined;
  if (anchor && moved.some((m) => anchor.path.startsWith(m.path))) return 'cycle';
  return null;
}

/** Reads and checks an uploaded file, keeps it for the commit, and says what each row would do. */
export async function previewOrgImport(ctx: Ctx, file: { fileName: string; data: Buffer }): Promise<OrgImportPreview> {
  const raw = await parseOrgImportFile(file.data, file.fileName);
  const checked = await checkRows(ctx, raw);
  const importId = await storePreview(ctx, 'orgs', 'org.manage', file.fileName, raw);
  return { importId, ...importSummary(checked) };
}

/** Writes a previewed import: only its creator, only once, nothing at all if rows fail and valid rows were not accepted. */
export async function commitOrgImport(ctx: Ctx, id: string, acceptValidRows: boolean): Promise<ImportResult> {
  const raw = await loadPreview(ctx, 'orgs', 'org.manage', id, RawImportRows, COMMIT_MESSAGES);
  const checked = await checkRows(ctx, raw);
  return withTx(ctx, async (tx) => {
    await markCommitted(tx, id, COMMIT_MESSAGES);
    return applyCheckedRows(tx, checked, acceptValidRows);
  });
}

/**
 * Writes the valid rows, parents before children, one audit row each. Call inside a transaction.
 * With invalid rows and `acceptValidRows` false, throws before writing anything.
 */
export async function applyCheckedRows(tx: Ctx, rows: CheckedRow[], acceptValidRows: boolean, onProgress?: (done: number) => void): Promise<ImportResult> {
  const invalid = rows.filter((r) => r.action === 'error').length;
  if (invalid > 0 && !acceptValidRows) throw new AppError('invalid_state', 'errors.orgs.importHasErrors', { count: invalid });
  const valid = rows.filter((r) => r.action !== 'error');
  const validCodes = new Map(valid.flatMap((r) => (r.data ? [[lower(r.data.code), r] as const] : [])));
  const written = new Set<CheckedRow>();
  const order: CheckedRow[] = [];
  const visit = (r: CheckedRow) => {
    if (written.has(r)) return;
    written.add(r);
    const parent = r.parentKey ? validCodes.get(r.parentKey) : undefined;
    if (parent) visit(parent);
    order.push(r);
  };
  valid.forEach(visit);

  let created = 0;
  let updated = 0;
  for (const [i, r] of order.entries()) {
    const d = r.data;
    if (!d) continue;
    const parent = r.parentKey ? await currentParent(tx, r.parentKey) : null;
    const fields = {
      code: d.code,
      name: d.name,
      kind: d.kind,
      nameEn: d.nameEn ?? null,
      adminUnitKind: d.adminUnitKind ?? null,
      address: d.address ?? null,
      phone: d.phone ?? null,
      email: d.email ?? null,
    };
    if (r.existing) {
      // scope-exempt: re-reads inside the transaction a row planImport found in scope and checked with can(org.manage).
      const [before] = await tx.db.select().from(orgs).where(eq(orgs.id, r.existing.id));
      if (!before) throw notFound();
      const after = await writeOrgUpdate(tx, before, fields, parent);
      await record(tx, { action: 'org.imported', entityType: 'org', entityId: after.id, orgId: after.id, before, after });
      updated += 1;
    } else {
      if (!parent) throw new AppError('invalid_state', 'errors.orgs.importParentMissing', { code: r.parentKey ?? '' });
      const row = await insertOrgRow(tx, parent, fields);
      await record(tx, { action: 'org.imported', entityType: 'org', entityId: row.id, orgId: row.id, after: row });
      created += 1;
    }
    if ((i + 1) % 100 === 0) onProgress?.(i + 1);
  }
  onProgress?.(order.length);
  return { created, updated, skipped: invalid };
}

/** The parent as it is now inside the transaction (an earlier row may have created or moved it). */
async function currentParent(tx: Ctx, code: string): Promise<ParentRef> {
  // scope-exempt: the code was checked against the actor's org.manage scope in checkRows.
  const [p] = await tx.db.select({ id: orgs.id, path: orgs.path, depth: orgs.depth }).from(orgs).where(sql`lower(${orgs.code}) = ${code}`);
  if (!p) throw new AppError('invalid_state', 'errors.orgs.importParentMissing', { code });
  return p;
}
