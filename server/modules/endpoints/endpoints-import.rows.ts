/**
 * The rows of a console export against the database: the unit each row goes to, the machine it
 * matches (hardware id, then serial, then hostname, within that unit only), what would change, and
 * the writing of one row. Used by the preview and, again, by the commit.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { EndpointImportField as Field, EndpointImportRowError, EndpointImportRowResult, EndpointMatch } from '@shared/api/endpoint-import';
import type { Ctx } from '../../http/context';
import type { MessageParams } from '../../http/errors';
import { translator } from '../../http/i18n';
import { can, inScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { endpointAvProducts, endpoints, orgs, type EndpointRow, type OrgRow } from '../../db/schema';
import { recordMany, type AuditEvent } from '../../audit/audit';
import type { RawImportRow } from '../../imports/import-file';
import { parseCells, type AvProductValue, type ParsedValues } from './endpoints-import.parse';

/** A row after checking: what it would do, or why it cannot. */
export interface CheckedRow extends EndpointImportRowResult {
  orgId: string | null;
  parsed: ParsedValues;
  existing: EndpointRow | null;
  /** The products to keep as this import's (a product an agent or a person entered is left to them). */
  products: AvProductValue[] | undefined;
}

const lower = (s: string) => s.toLowerCase();

/** Message params with field codes replaced by their labels in the caller's language. */
export function labelled(ctx: Ctx, params: MessageParams): MessageParams {
  const t = translator(ctx.locale);
  const out = { ...params };
  for (const k of ['field', 'other'] as const) if (typeof out[k] === 'string') out[k] = t(`endpointImport.fields.${out[k]}`);
  return out;
}

async function orgsByCode(ctx: Ctx, codes: string[]): Promise<Map<string, OrgRow>> {
  const unique = [...new Set(codes.map(lower))];
  if (unique.length === 0) return new Map();
  // scope-exempt: unit codes are checked against the actor's scope with can() below; only
  // "not found" or "outside your scope" reaches the caller.
  const rows = await ctx.db.select().from(orgs).where(sql`lower(${orgs.code}) = ANY(${sql.param(unique)}::text[])`);
  return new Map(rows.map((r) => [lower(r.code), r]));
}

type ProductRow = { name: string; enabled: boolean | null; upToDate: boolean | null; source: string };

interface Known {
  byHardware: Map<string, EndpointRow[]>;
  bySerial: Map<string, EndpointRow[]>;
  byHostname: Map<string, EndpointRow[]>;
  products: Map<string, ProductRow[]>;
}

/** The machines of these units that share a hardware id, serial or hostname with the file. */
async function knownMachines(ctx: Ctx, orgIds: string[], rows: ParsedValues[]): Promise<Known> {
  const known: Known = { byHardware: new Map(), bySerial: new Map(), byHostname: new Map(), products: new Map() };
  const keys = (f: 'hardwareUuid' | 'serial' | 'hostname') => [...new Set(rows.flatMap((r) => (r[f] ? [lower(r[f])] : [])))];
  if (orgIds.length === 0) return known;
  const found = await ctx.db
    .select()
    .from(endpoints)
    .where(
      and(
        inArray(endpoints.orgId, orgIds),
        inScope(ctx, 'endpoint.manage', endpoints.orgId),
        or(
          sql`lower(${endpoints.hardwareUuid}) = ANY(${sql.param(keys('hardwareUuid'))}::text[])`,
          sql`lower(${endpoints.serial}) = ANY(${sql.param(keys('serial'))}::text[])`,
          sql`lower(${endpoints.hostname}) = ANY(${sql.param(keys('hostname'))}::text[])`,
        ),
      ),
    );
  const add = (map: Map<string, EndpointRow[]>, key: string, e: EndpointRow) => map.set(key, [...(map.get(key) ?? []), e]);
  for (const e of found) {
    if (e.hardwareUuid) add(known.byHardware, `${e.orgId}|${lower(e.hardwareUuid)}`, e);
    if (e.serial) add(known.bySerial, `${e.orgId}|${lower(e.serial)}`, e);
    add(known.byHostname, `${e.orgId}|${lower(e.hostname)}`, e);
  }
  if (found.length > 0) {
    const products = await ctx.db
      .select()
      .from(endpointAvProducts)
      .where(inArray(endpointAvProducts.endpointId, found.map((e) => e.id)));
    for (const p of products) known.products.set(p.endpointId, [...(known.products.get(p.endpointId) ?? []), p]);
  }
  return known;
}

type Matched = { match: { endpoint: EndpointRow; by: EndpointMatch['by'] } | null; ambiguous?: { by: EndpointMatch['by']; count: number; value: string } };

/** Hardware id, then serial, then hostname; a machine whose own hardware id or serial differs is another machine. */
function matchRow(known: Known, orgId: string, p: ParsedValues): Matched {
  const differs = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && lower(a) !== lower(b);
  const compatible = (e: EndpointRow) => !differs(e.hardwareUuid, p.hardwareUuid) && !differs(e.serial, p.serial);
  const steps: [EndpointMatch['by'], Map<string, EndpointRow[]>, string | undefined][] = [
    ['hardwareUuid', known.byHardware, p.hardwareUuid],
    ['serial', known.bySerial, p.serial],
    ['hostname', known.byHostname, p.hostname],
  ];
  for (const [by, map, value] of steps) {
    if (!value) continue;
    const candidates = (map.get(`${orgId}|${lower(value)}`) ?? []).filter(compatible);
    if (candidates.length > 1) return { match: null, ambiguous: { by, count: candidates.length, value } };
    const [endpoint] = candidates;
    if (endpoint) return { match: { endpoint, by } };
  }
  return { match: null };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const productKey = (p: AvProductValue) => `${p.name}\u0000${String(p.enabled)}\u0000${String(p.upToDate)}`;

/** The fields of an existing machine the row would change (only the fields the row fills). */
function changesOf(e: EndpointRow, p: ParsedValues, current: ProductRow[], products: AvProductValue[] | undefined): Field[] {
  const out: Field[] = [];
  if (p.hostname !== undefined && p.hostname !== e.hostname) out.push('hostname');
  if (p.hardwareUuid !== undefined && lower(p.hardwareUuid) !== lower(e.hardwareUuid ?? '')) out.push('hardwareUuid');
  if (p.serial !== undefined && lower(p.serial) !== lower(e.serial ?? '')) out.push('serial');
  if (p.ipAddresses && !sameSet(p.ipAddresses, e.ipAddresses)) out.push('ipAddresses');
  if (p.macAddresses && !sameSet(p.macAddresses, e.macAddresses)) out.push('macAddresses');
  if (p.osName !== undefined && p.osName !== e.osName) out.push('osName');
  if (p.osVersion !== undefined && p.osVersion !== e.osVersion) out.push('osVersion');
  // "Unknown" in an export tells nothing: it does not erase what an agent or a person established.
  if (p.osLicence && p.osLicence !== 'unknown' && p.osLicence !== e.osLicence) out.push('osLicence');
  if (p.assignedTo !== undefined && p.assignedTo !== e.assignedTo) out.push('assignedTo');
  if (products) {
    const mine = current.filter((c) => c.source === 'import').map((c) => productKey({ name: c.name, enabled: c.enabled, upToDate: c.upToDate }));
    if (!sameSet(mine, products.map(productKey))) out.push('avProduct');
  }
  // An older export does not make a machine look less recently seen.
  if (p.lastSeen && (!e.reportedSeenAt || p.lastSeen.getTime() > e.reportedSeenAt.getTime())) out.push('lastSeen');
  return out;
}

/** Validates every row against the file, the units and the machines of the moment, with the actor's scope. */
export async function checkRows(ctx: Ctx, chosen: OrgRow, raw: RawImportRow<Field>[]): Promise<CheckedRow[]> {
  const t = translator(ctx.locale);
  const now = ctx.clock();
  const cells = raw.map((r) => ({ row: r.row, ...parseCells(r.values, now) }));
  const units = await orgsByCode(ctx, cells.flatMap((c) => (c.parsed.orgCode ? [c.parsed.orgCode] : [])));
  const msg = (key: string, params: MessageParams = {}) => t(key, labelled(ctx, params));

  const targets = cells.map(({ parsed, issues }) => {
    if (!parsed.orgCode) return chosen;
    const unit = units.get(lower(parsed.orgCode));
    if (!unit) issues.push({ field: 'orgCode', key: 'errors.endpointImport.orgMissing', params: { code: parsed.orgCode } });
    else if (!can(ctx, 'endpoint.manage', { orgPath: unit.path })) issues.push({ field: 'orgCode', key: 'errors.endpointImport.orgOutOfScope', params: { code: parsed.orgCode } });
    else return unit;
    return null;
  });
  const orgIds = [...new Set(targets.flatMap((o) => (o ? [o.id] : [])))];
  const known = await knownMachines(ctx, orgIds, cells.map((c) => c.parsed));
  const firstRowOfKey = new Map<string, number>();

  return cells.map(({ row, parsed, issues }, i) => {
    const org = targets[i] ?? null;
    const errors: EndpointImportRowError[] = issues.map((x) => ({ field: x.field, message: msg(x.key, x.params) }));
    let match: EndpointMatch | null = null;
    let existing: EndpointRow | null = null;
    let changes: Field[] = [];
    let products = parsed.avProducts;
    if (org && parsed.hostname) {
      const found = matchRow(known, org.id, parsed);
      if (found.ambiguous) {
        const { by, count, value } = found.ambiguous;
        errors.push({ field: by, message: msg('errors.endpointImport.ambiguous', { count, value, field: by }) });
      }
      if (found.match) {
        existing = found.match.endpoint;
        match = { endpointId: existing.id, hostname: existing.hostname, by: found.match.by };
        const current = known.products.get(existing.id) ?? [];
        // The product list's key is the name: one an agent or a person reported stays theirs.
        const others = new Set(current.filter((c) => c.source !== 'import').map((c) => c.name));
        products = parsed.avProducts?.filter((p) => !others.has(p.name));
        changes = changesOf(existing, parsed, current, products);
      }
      // Two rows for one machine: the second would silently overwrite the first.
      const keys = [
        existing ? `e:${existing.id}` : null,
        parsed.hardwareUuid ? `h:${org.id}|${lower(parsed.hardwareUuid)}` : null,
        parsed.serial ? `s:${org.id}|${lower(parsed.serial)}` : null,
        !parsed.hardwareUuid && !parsed.serial ? `n:${org.id}|${lower(parsed.hostname)}` : null,
      ].filter((k): k is string => k !== null);
      const earlier = keys.map((k) => firstRowOfKey.get(k)).find((r) => r !== undefined);
      if (earlier !== undefined) errors.push({ field: null, message: msg('errors.endpointImport.duplicateRow', { row: earlier }) });
      for (const k of keys) if (!firstRowOfKey.has(k)) firstRowOfKey.set(k, row);
    }
    const action = errors.length > 0 ? 'error' : !existing ? 'create' : changes.length > 0 ? 'update' : 'unchanged';
    return { row, hostname: parsed.hostname ?? null, orgCode: parsed.orgCode ?? null, action, match, changes, errors, orgId: org?.id ?? null, parsed, existing, products };
  });
}

const CHUNK = 500;

/** This import's products of these machines replaced (a product an agent or a person entered is left as it is). */
async function replaceProducts(tx: Ctx, items: { endpointId: string; products: AvProductValue[] }[]): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    await tx.db.delete(endpointAvProducts).where(and(inArray(endpointAvProducts.endpointId, chunk.map((c) => c.endpointId)), eq(endpointAvProducts.source, 'import')));
    const rows = chunk.flatMap((c) => c.products.map((p) => ({ endpointId: c.endpointId, ...p, source: 'import' as const, reportedAt: tx.clock() })));
    if (rows.length > 0) await tx.db.insert(endpointAvProducts).values(rows).onConflictDoNothing();
  }
}

/** The new values of the fields the row changes, keyed by column property. */
function updateOf(r: CheckedRow): Partial<Record<keyof EndpointRow, unknown>> {
  const p = r.parsed;
  const set: Partial<Record<keyof EndpointRow, unknown>> = {};
  for (const f of r.changes) {
    if (f === 'lastSeen') set.reportedSeenAt = p.lastSeen;
    else if (f !== 'avProduct' && f !== 'avEnabled' && f !== 'avUpToDate' && f !== 'orgCode') set[f] = p[f];
  }
  return set;
}

/**
 * Each machine gets only the fields its row changes, in one statement per batch: a CASE per column
 * keeps what the row does not name (an agent may have written it since the check).
 */
async function updateMachines(tx: Ctx, items: { id: string; set: Partial<Record<keyof EndpointRow, unknown>> }[]): Promise<void> {
  const text = (col: string, key: string) => sql.raw(`${col} = CASE WHEN u.j ? '${key}' THEN u.j->>'${key}' ELSE e.${col} END`);
  const list = (col: string, key: string) =>
    sql.raw(`${col} = CASE WHEN u.j ? '${key}' THEN ARRAY(SELECT x FROM jsonb_array_elements_text(u.j->'${key}') WITH ORDINALITY AS a(x, n) ORDER BY n) ELSE e.${col} END`);
  for (let i = 0; i < items.length; i += CHUNK) {
    const payload = items.slice(i, i + CHUNK).map(({ id, set }) => ({ id, ...set }));
    await tx.db.execute(sql`
      UPDATE endpoints AS e SET
        ${text('hostname', 'hostname')}, ${text('hardware_uuid', 'hardwareUuid')}, ${text('serial', 'serial')},
        ${text('os_name', 'osName')}, ${text('os_version', 'osVersion')}, ${text('os_licence', 'osLicence')},
        ${text('assigned_to', 'assignedTo')}, ${list('ip_addresses', 'ipAddresses')}, ${list('mac_addresses', 'macAddresses')},
        reported_seen_at = CASE WHEN u.j ? 'reportedSeenAt' THEN (u.j->>'reportedSeenAt')::timestamptz ELSE e.reported_seen_at END,
        updated_at = ${tx.clock().toISOString()}::timestamptz
      FROM (SELECT (x->>'id')::uuid AS id, x AS j FROM jsonb_array_elements(${JSON.stringify(payload)}::jsonb) AS x) AS u
      WHERE e.id = u.id`);
  }
}

/**
 * Writes the rows that create or update a machine, with one audit row per machine; returns the ids
 * written. New machines are inserted in batches: a whole console export commits in seconds.
 */
export async function writeRows(tx: Ctx, rows: readonly CheckedRow[]): Promise<{ created: number; updated: number; ids: string[] }> {
  const events: AuditEvent[] = [];
  const ids: string[] = [];
  const creates = rows.filter((r) => r.action === 'create');
  const createdBy = principalUserId(tx.principal);
  for (let i = 0; i < creates.length; i += CHUNK) {
    const chunk = creates.slice(i, i + CHUNK).map((r) => {
      const p = r.parsed;
      const row = {
        id: uuidv7(),
        orgId: r.orgId ?? '',
        hostname: p.hostname ?? '',
        hardwareUuid: p.hardwareUuid ?? null,
        serial: p.serial ?? null,
        osName: p.osName ?? null,
        osVersion: p.osVersion ?? null,
        osLicence: p.osLicence ?? 'unknown',
        ipAddresses: p.ipAddresses ?? [],
        macAddresses: p.macAddresses ?? [],
        assignedTo: p.assignedTo ?? null,
        source: 'import' as const,
        reportedSeenAt: p.lastSeen ?? null,
        createdBy,
        createdAt: tx.clock(),
        updatedAt: tx.clock(),
      };
      return { row, products: r.products ?? [] };
    });
    const inserted = await tx.db.insert(endpoints).values(chunk.map((c) => c.row)).returning();
    const products = chunk.flatMap((c) => c.products.map((p) => ({ endpointId: c.row.id, ...p, source: 'import' as const, reportedAt: tx.clock() })));
    for (let j = 0; j < products.length; j += CHUNK) await tx.db.insert(endpointAvProducts).values(products.slice(j, j + CHUNK)).onConflictDoNothing();
    inserted.forEach((row, k) => {
      ids.push(row.id);
      events.push({ action: 'endpoint.imported', entityType: 'endpoint', entityId: row.id, orgId: row.orgId, after: { ...row, avProducts: chunk[k]?.products ?? [] } });
    });
  }
  const updates = rows.flatMap((r) => (r.action === 'update' && r.existing ? [{ r, e: r.existing, set: updateOf(r) }] : []));
  await updateMachines(tx, updates.map(({ e, set }) => ({ id: e.id, set })));
  const productChanges = updates.flatMap(({ r, e }) => (r.changes.includes('avProduct') && r.products ? [{ endpointId: e.id, products: r.products }] : []));
  await replaceProducts(tx, productChanges);
  const newProducts = new Map(productChanges.map((c) => [c.endpointId, c.products]));
  for (const { e, set } of updates) {
    ids.push(e.id);
    const products = newProducts.get(e.id);
    events.push({ action: 'endpoint.imported', entityType: 'endpoint', entityId: e.id, orgId: e.orgId, before: e, after: { ...e, ...set, updatedAt: tx.clock(), ...(products ? { avProducts: products } : {}) } });
  }
  const updated = updates.length;
  await recordMany(tx, events);
  return { created: creates.length, updated, ids };
}
