/**
 * Import of a central anti-malware console's export (issue #4): preview, then commit, as the other
 * spreadsheet imports. Nothing is written at preview. The commit re-checks every row against the
 * database of the moment and, in one transaction, creates the machines it does not know (source
 * 'import') and updates the ones it matches — by hardware id, then serial, then hostname, within the
 * row's organisation — with only the fields the file fills, so that importing the same file again
 * changes nothing. One audit row per machine written, as the systems import does.
 */
import { and, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  ENDPOINT_IMPORT_FIELDS,
  EndpointImportMapping,
  type EndpointImportMapping as Mapping,
  type EndpointImportPreview,
  type EndpointImportResult,
  type EndpointImportRowResult,
  type MappingError,
  type SavedImportMappingList,
} from '@shared/api/endpoint-import';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, notFound } from '../../http/errors';
import { translator } from '../../http/i18n';
import { assertInScope, inScope, pathInScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { importMappings, orgs, type OrgRow } from '../../db/schema';
import { record } from '../../audit/audit';
import { readImportTable } from '../../imports/import-file';
import { loadPreview, markCommitted, storePreview } from '../../imports/stored-imports';
import { refreshProtection } from './protection';
import { IMPORT_MESSAGES, findHeaderRow, guessMapping, headersOf, mappingIssues, rowsByMapping, type MappingIssue } from './endpoints-import.parse';
import { checkRows, labelled, writeRows, type CheckedRow } from './endpoints-import.rows';

const COMMIT_MESSAGES = { alreadyCommitted: 'errors.endpointImport.alreadyCommitted', notFound: 'errors.endpointImport.notFound' };

/** What the preview keeps for the commit. */
const StoredImport = z.object({
  orgId: z.uuid(),
  source: z.string(),
  mapping: EndpointImportMapping,
  rows: z.array(z.object({ row: z.number().int(), values: z.partialRecord(z.enum(ENDPOINT_IMPORT_FIELDS), z.string()) })),
});

export interface PreviewInput {
  fileName: string;
  data: Buffer;
  orgId: string;
  source: string;
  mapping?: Mapping | undefined;
}

/** The organisation rows without a unit code go to: visible, and the actor manages endpoints there. */
async function chosenOrg(ctx: Ctx, orgId: string): Promise<OrgRow> {
  const [org] = await ctx.db.select().from(orgs).where(and(eq(orgs.id, orgId), pathInScope(ctx, 'org.read', orgs.path)));
  assertInScope(ctx, 'endpoint.manage', org);
  return org;
}

/** The mapping saved for this source on the organisation, else on its nearest ancestor the actor sees. */
async function savedMapping(ctx: Ctx, org: OrgRow, source: string): Promise<Mapping | null> {
  const [row] = await ctx.db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .innerJoin(orgs, eq(orgs.id, importMappings.orgId))
    .where(
      and(
        sql`lower(${importMappings.source}) = lower(${source})`,
        sql`${org.path} LIKE ${orgs.path} || '%'`,
        inScope(ctx, 'endpoint.manage', importMappings.orgId),
      ),
    )
    .orderBy(sql`${orgs.depth} DESC`)
    .limit(1);
  const parsed = EndpointImportMapping.safeParse(row?.mapping);
  return parsed.success ? parsed.data : null;
}

/** A mapping problem as a sentence, with the fields named as people know them. */
function mappingError(ctx: Ctx, issue: MappingIssue): MappingError {
  return { field: issue.field, column: issue.column, message: translator(ctx.locale)(issue.key, labelled(ctx, issue.params)) };
}

function summaryOf(rows: readonly EndpointImportRowResult[]) {
  const count = (a: EndpointImportRowResult['action']) => rows.filter((r) => r.action === a).length;
  return { total: rows.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), error: count('error') };
}

const resultOf = ({ row, hostname, orgCode, action, match, changes, errors }: CheckedRow): EndpointImportRowResult => ({ row, hostname, orgCode, action, match, changes, errors });

/** Reads the file with the given, saved or guessed mapping, checks every row, and keeps it for the commit. */
export async function previewEndpointImport(ctx: Ctx, input: PreviewInput): Promise<EndpointImportPreview> {
  const org = await chosenOrg(ctx, input.orgId);
  const table = await readImportTable(input.data, input.fileName, IMPORT_MESSAGES);
  const saved = input.mapping ? null : await savedMapping(ctx, org, input.source);
  const proposed = input.mapping ?? saved;
  const headerAt = findHeaderRow(table, proposed);
  const headers = headersOf(table[headerAt]?.cells ?? []);
  if (headers.length === 0) throw new AppError('validation', IMPORT_MESSAGES.empty);
  const mapping = proposed ?? guessMapping(headers);
  const mappingFrom = input.mapping ? 'request' : saved ? 'saved' : 'guessed';
  const issues = mappingIssues(mapping, headers);
  const base = { orgId: org.id, source: input.source, headers, mapping, mappingFrom } as const;
  if (issues.length > 0) {
    const [first] = issues;
    // A mapping the caller chose and got wrong is bad input; a proposed one is only incomplete.
    if (input.mapping && first) {
      const fields = Object.fromEntries(issues.map((i) => [`mapping.${i.field ?? ''}`, { key: i.key, params: labelled(ctx, i.params) }]));
      throw new AppError('validation', first.key, labelled(ctx, first.params), fields);
    }
    return { ...base, importId: null, mappingErrors: issues.map((i) => mappingError(ctx, i)), rows: [], summary: summaryOf([]) };
  }
  const raw = rowsByMapping(table, headerAt, mapping);
  const checked = await checkRows(ctx, org, raw);
  const importId = await storePreview(ctx, 'endpoints', 'endpoint.manage', input.fileName, { orgId: org.id, source: input.source, mapping, rows: raw });
  const rows = checked.map(resultOf);
  return { ...base, importId, mappingErrors: [], rows, summary: summaryOf(rows) };
}

/** Writes a previewed import's valid rows: only its creator, only once; saves the mapping when asked. */
export async function commitEndpointImport(ctx: Ctx, importId: string, saveMapping: boolean): Promise<EndpointImportResult> {
  const stored = await loadPreview(ctx, 'endpoints', 'endpoint.manage', importId, StoredImport, COMMIT_MESSAGES);
  const org = await chosenOrg(ctx, stored.orgId);
  const checked = await checkRows(ctx, org, stored.rows);
  return withTx(ctx, async (tx) => {
    await markCommitted(tx, importId, COMMIT_MESSAGES);
    const written = await writeRows(tx, checked);
    const counts = {
      created: written.created,
      updated: written.updated,
      unchanged: checked.filter((r) => r.action === 'unchanged').length,
      skipped: checked.filter((r) => r.action === 'error').length,
    };
    const touched = written.ids;
    await refreshProtection(tx.db, touched);
    if (saveMapping) await upsertMapping(tx, org, stored.source, stored.mapping);
    return { ...counts, mappingSaved: saveMapping };
  });
}

async function upsertMapping(tx: Ctx, org: OrgRow, source: string, mapping: Mapping): Promise<void> {
  const userId = principalUserId(tx.principal);
  const [before] = await tx.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.orgId, org.id), sql`lower(${importMappings.source}) = lower(${source})`, inScope(tx, 'endpoint.manage', importMappings.orgId)));
  const values = { mapping, updatedBy: userId ?? null, updatedAt: tx.clock() };
  const [after] = before
    ? await tx.db.update(importMappings).set(values).where(eq(importMappings.id, before.id)).returning()
    : await tx.db.insert(importMappings).values({ id: uuidv7(), orgId: org.id, source, ...values }).returning();
  if (!after) throw notFound();
  await record(tx, { action: 'import_mapping.saved', entityType: 'import_mapping', entityId: after.id, orgId: org.id, before: before ?? null, after });
}

/** The saved mappings of the organisations the actor manages endpoints in (or those that apply to one). */
export async function listImportMappings(ctx: Ctx, orgId: string | undefined): Promise<SavedImportMappingList> {
  const target = orgId ? await chosenOrg(ctx, orgId) : null;
  const rows = await ctx.db
    .select({ m: importMappings, orgName: orgs.name })
    .from(importMappings)
    .innerJoin(orgs, eq(orgs.id, importMappings.orgId))
    .where(and(inScope(ctx, 'endpoint.manage', importMappings.orgId), target ? sql`${target.path} LIKE ${orgs.path} || '%'` : undefined))
    .orderBy(importMappings.source, sql`${orgs.depth} DESC`)
    .limit(500);
  const items = rows.flatMap(({ m, orgName }) => {
    const mapping = EndpointImportMapping.safeParse(m.mapping);
    return mapping.success ? [{ id: m.id, orgId: m.orgId, orgName, source: m.source, mapping: mapping.data, updatedAt: m.updatedAt.toISOString() }] : [];
  });
  return { items, total: items.length };
}
