/**
 * Systems import (CSV/XLSX): preview, then commit (issue #3). Nothing is written to the registry at
 * preview; the commit re-validates against the database of the moment and writes every valid row in
 * one transaction, one audit row per system. The unit is named by its code; a row whose system code
 * exists updates that system (an empty cell keeps the current value), so importing twice is harmless.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { CreateSystemBody, UpdateSystemBody, type ImportResult, type SystemImportPreview } from '@shared/api/systems';
import type { ImportRowResult } from '@shared/api/orgs';
import { AUDIENCES, COMPONENT_KINDS, HOSTINGS, INFO_TYPES, INFRA_SCOPES, LIFECYCLES, SYSTEM_TYPES } from '@shared/domain/systems';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, type MessageParams } from '../../http/errors';
import { translator } from '../../http/i18n';
import { can } from '../../authz/scope';
import { informationSystems, orgs, type InformationSystemRow, type OrgRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { fieldsOf, insertSystemRow, nextSystemCode, writeSystemUpdate } from './systems.service';
import { loadPreview, markCommitted, storePreview } from '../../imports/stored-imports';
import { importSummary, normaliseHeader, valueLookup } from '../../imports/import-file';
import { IMPORT_FIELDS, parseSystemImportFile, type ImportField, type RawImportRow } from './systems-import.parse';

type Body = UpdateSystemBody;

/** A row after validation: what it would do, or why it cannot. */
export interface CheckedRow extends ImportRowResult {
  body: Body | null;
  org: OrgRow | null;
  ownerOrgId: string | null | undefined;
  existing: InformationSystemRow | null;
}

const COMMIT_MESSAGES = { alreadyCommitted: 'errors.systems.importAlreadyCommitted', notFound: 'errors.systems.importNotFound' };
const RawImportRows = z.array(z.object({ row: z.number().int(), values: z.partialRecord(z.enum(IMPORT_FIELDS), z.string()) }));
const lower = (s: string) => s.toLowerCase();

const systemTypeOf = valueLookup(SYSTEM_TYPES, 'systems.types');
const infoTypeOf = valueLookup(INFO_TYPES, 'systems.infoTypes');
const audienceOf = valueLookup(AUDIENCES, 'systems.audiences');
const hostingOf = valueLookup(HOSTINGS, 'systems.hostings');
const lifecycleOf = valueLookup(LIFECYCLES, 'systems.lifecycles');
const infraScopeOf = valueLookup(INFRA_SCOPES, 'systems.infraScopes');
const componentKindOf = valueLookup(COMPONENT_KINDS, 'systems.componentKinds');
const isComponentKind = (s: string) => (COMPONENT_KINDS as readonly string[]).includes(componentKindOf(s));

const TRUE = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'c']);
const FALSE = new Set(['khong', 'no', 'n', 'false', '0', 'k']);
const bool = (s: string): boolean | string => (TRUE.has(normaliseHeader(s)) ? true : FALSE.has(normaliseHeader(s)) ? false : s);
/** "12.000" and "12 000" are twelve thousand in Vietnamese usage. */
const int = (s: string): number | string => (/^\d{1,3}([.,\s]\d{3})*$|^\d+$/.test(s) ? Number(s.replace(/[.,\s]/g, '')) : s);
const list = (s: string, of: (x: string) => string) => [...new Set(s.split(/[;,\n]/).map((x) => x.trim()).filter(Boolean).map(of))];

/** "kind | vendor | product | version", kind optional; fewer parts: product, or product | version. */
function components(text: string): { value: unknown[]; bad: string[] } {
  const value: unknown[] = [];
  const bad: string[] = [];
  for (const item of text.split(/[;\n]/).map((x) => x.trim()).filter(Boolean)) {
    const parts = item.split('|').map((x) => x.trim());
    const kind = parts.length > 1 && parts[0] && isComponentKind(parts[0]) ? componentKindOf(parts.shift() ?? '') : 'application';
    const [a = '', b = '', c = ''] = parts;
    if (parts.length > 3 || parts.length === 0) bad.push(item);
    else if (parts.length === 1) value.push({ kind, product: a, vendor: null, version: null });
    else if (parts.length === 2) value.push({ kind, product: a, version: b || null, vendor: null });
    else value.push({ kind, vendor: a || null, product: b, version: c || null });
  }
  return { value, bad };
}

/** The body fields a row's cells give (only the cells that are filled). */
function bodyInput(values: Partial<Record<ImportField, string>>): { input: Record<string, unknown>; badComponents: string[] } {
  const input: Record<string, unknown> = {};
  let badComponents: string[] = [];
  const v = values;
  if (v.code) input.code = v.code;
  if (v.name) input.name = v.name;
  if (v.systemType) input.systemType = systemTypeOf(v.systemType);
  if (v.purpose) input.purpose = v.purpose;
  if (v.audiences) input.audiences = list(v.audiences, audienceOf);
  if (v.infoTypes) input.infoTypes = list(v.infoTypes, infoTypeOf);
  if (v.hosting) input.hosting = hostingOf(v.hosting);
  if (v.hostingProvider) input.hostingProvider = v.hostingProvider;
  if (v.lifecycle) input.lifecycle = lifecycleOf(v.lifecycle);
  if (v.isImportant) input.isImportant = bool(v.isImportant);
  if (v.userCount) input.userCount = int(v.userCount);
  if (v.handlesAdminProcedures) input.handlesAdminProcedures = bool(v.handlesAdminProcedures);
  if (v.onlinePublicServiceLevel) input.onlinePublicServiceLevel = int(v.onlinePublicServiceLevel);
  if (v.personalBasicSubjects) input.personalBasicSubjects = int(v.personalBasicSubjects);
  if (v.personalSensitiveSubjects) input.personalSensitiveSubjects = int(v.personalSensitiveSubjects);
  if (v.infraScope) input.infraScope = infraScopeOf(v.infraScope);
  if (v.requires24x7) input.requires24x7 = bool(v.requires24x7);
  if (v.contactName) input.contactName = v.contactName;
  if (v.contactPhone) input.contactPhone = v.contactPhone;
  if (v.contactEmail) input.contactEmail = v.contactEmail;
  if (v.components) {
    const c = components(v.components);
    input.components = c.value;
    badComponents = c.bad;
  }
  return { input, badComponents };
}

/** A Zod issue as a sentence for a commune officer, in the caller's language. */
function issueText(ctx: Ctx, issue: z.core.$ZodIssue): string {
  const t = translator(ctx.locale);
  const field = String([...issue.path].reverse().find((p) => typeof p === 'string') ?? '');
  let key = 'validation.invalid';
  let params: MessageParams = {};
  switch (issue.code) {
    case 'invalid_type':
      key = issue.input === undefined ? 'validation.required' : 'validation.invalidType';
      break;
    case 'too_small':
      key = issue.origin === 'string' ? (Number(issue.minimum) <= 1 ? 'validation.required' : 'validation.tooShort') : 'validation.tooSmall';
      params = { min: Number(issue.minimum) };
      break;
    case 'too_big':
      key = issue.origin === 'string' ? 'validation.tooLong' : issue.origin === 'array' ? 'validation.tooManyItems' : 'validation.tooBig';
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
  return t('validation.field', { field: t(`fields.${field}`, { defaultValue: field }), message: t(key, params) });
}

const CreateRow = CreateSystemBody.omit({ orgId: true, ownerOrgId: true, parentSystemId: true });

/** Systems with the codes a file mentions, found province-wide, with the path of their unit. */
async function systemsByCode(ctx: Ctx, codes: string[]): Promise<Map<string, { system: InformationSystemRow; orgPath: string }>> {
  const unique = [...new Set(codes.map(lower))];
  if (unique.length === 0) return new Map();
  // scope-exempt: codes are unique province-wide, so a code used outside the actor's scope must be
  // reported; only "exists, outside your scope" reaches the caller, never the row itself.
  const rows = await ctx.db
    .select({ system: informationSystems, orgPath: orgs.path })
    .from(informationSystems)
    .innerJoin(orgs, eq(orgs.id, informationSystems.orgId))
    .where(sql`lower(${informationSystems.code}) = ANY(${sql.param(unique)}::text[])`);
  return new Map(rows.map((r) => [lower(r.system.code), r]));
}

async function orgsByCode(ctx: Ctx, codes: string[]): Promise<Map<string, OrgRow>> {
  const unique = [...new Set(codes.map(lower))];
  if (unique.length === 0) return new Map();
  // scope-exempt: unit codes are checked against the actor's scope with can() below; only
  // "not found" or "outside your scope" reaches the caller.
  const rows = await ctx.db.select().from(orgs).where(sql`lower(${orgs.code}) = ANY(${sql.param(unique)}::text[])`);
  return new Map(rows.map((r) => [lower(r.code), r]));
}

/** Validates every row against the schema, the file and the database, with the actor's scope. */
export async function checkRows(ctx: Ctx, raw: RawImportRow[]): Promise<CheckedRow[]> {
  const t = translator(ctx.locale);
  const existing = await systemsByCode(ctx, raw.flatMap((r) => (r.values.code ? [r.values.code] : [])));
  const units = await orgsByCode(ctx, raw.flatMap((r) => [r.values.orgCode, r.values.ownerOrgCode].filter((c): c is string => !!c)));
  const seen = new Map<string, number>();
  for (const r of raw) if (r.values.code) seen.set(lower(r.values.code), (seen.get(lower(r.values.code)) ?? 0) + 1);

  return raw.map(({ row, values }) => {
    const errors: string[] = [];
    const code = values.code ?? null;
    const found = code ? existing.get(lower(code)) : undefined;
    if (code && (seen.get(lower(code)) ?? 0) > 1) errors.push(t('errors.systems.importDuplicateCode', { code }));
    if (found && !can(ctx, 'system.manage', { orgPath: found.orgPath })) errors.push(t('errors.systems.importCodeOutOfScope', { code }));

    const org = values.orgCode ? units.get(lower(values.orgCode)) : undefined;
    if (!values.orgCode) errors.push(t('validation.field', { field: t('fields.orgCode'), message: t('validation.required') }));
    else if (!org) errors.push(t('errors.systems.importOrgMissing', { code: values.orgCode }));
    else if (!can(ctx, 'system.manage', { orgPath: org.path })) errors.push(t('errors.systems.importOrgOutOfScope', { code: values.orgCode }));

    let ownerOrgId: string | undefined;
    if (values.ownerOrgCode) {
      const owner = units.get(lower(values.ownerOrgCode));
      // An owner the actor cannot see is reported as not found, like the API's 404.
      if (!owner || !can(ctx, 'org.read', { orgPath: owner.path })) errors.push(t('errors.systems.importOwnerMissing', { code: values.ownerOrgCode }));
      else ownerOrgId = owner.id;
    }

    const { input, badComponents } = bodyInput(values);
    for (const text of badComponents) errors.push(t('errors.systems.importBadComponent', { text: text.slice(0, 100) }));
    const parsed = found ? UpdateSystemBody.safeParse(input) : CreateRow.safeParse({ infoTypes: [], ...input });
    if (!parsed.success) errors.push(...new Set(parsed.error.issues.map((i) => issueText(ctx, i))));
    return {
      row,
      code,
      action: errors.length ? 'error' : found ? 'update' : 'create',
      errors,
      body: parsed.success ? parsed.data : null,
      org: org ?? null,
      ownerOrgId,
      existing: found?.system ?? null,
    };
  });
}

/** Reads and checks an uploaded file, keeps it for the commit, and says what each row would do. */
export async function previewSystemImport(ctx: Ctx, file: { fileName: string; data: Buffer }): Promise<SystemImportPreview> {
  const raw = await parseSystemImportFile(file.data, file.fileName);
  const checked = await checkRows(ctx, raw);
  const importId = await storePreview(ctx, 'systems', 'system.manage', file.fileName, raw);
  return { importId, ...importSummary(checked) };
}

/** Writes a previewed import: only its creator, only once; with errors, nothing unless valid rows were accepted. */
export async function commitSystemImport(ctx: Ctx, id: string, acceptValidRows: boolean): Promise<ImportResult> {
  const raw = await loadPreview(ctx, 'systems', 'system.manage', id, RawImportRows, COMMIT_MESSAGES);
  const checked = await checkRows(ctx, raw);
  const invalid = checked.filter((r) => r.action === 'error').length;
  if (invalid > 0 && !acceptValidRows) throw new AppError('invalid_state', 'errors.systems.importHasErrors', { count: invalid });
  return withTx(ctx, async (tx) => {
    await markCommitted(tx, id, COMMIT_MESSAGES);
    let created = 0;
    let updated = 0;
    const reserved = new Set<string>();
    for (const r of checked) {
      const { body, org } = r;
      if (r.action === 'error' || !body || !org) continue;
      const fields = { ...fieldsOf(body), orgId: org.id, ...(r.ownerOrgId !== undefined ? { ownerOrgId: r.ownerOrgId } : {}) };
      if (r.existing) {
        const after = await writeSystemUpdate(tx, r.existing, fields, body.components);
        await record(tx, { action: 'system.imported', entityType: 'system', entityId: after.id, orgId: after.orgId, before: r.existing, after });
        updated += 1;
      } else {
        const code = body.code ?? (await nextSystemCode(tx, org.code, reserved));
        reserved.add(code);
        const row = await insertSystemRow(tx, { ...fields, code, name: body.name ?? '', systemType: body.systemType ?? 'other' }, body.components ?? []);
        await record(tx, { action: 'system.imported', entityType: 'system', entityId: row.id, orgId: row.orgId, after: { ...row, components: body.components ?? [] } });
        created += 1;
      }
    }
    return { created, updated, skipped: invalid };
  });
}
