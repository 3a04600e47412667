/**
 * Result logs → the inventory. Called inside the log post's one transaction (all or nothing).
 *
 * Per query name (a pack prefix "pack/<pack>/" is ignored), lines are applied in order: a snapshot
 * replaces what the agent said before (unchanged snapshots are skipped by their digest in
 * agent_query_state); differentials ('added' / 'removed' event lines, or a batch's diffResults) add
 * and remove rows, and forget the digest so that the next snapshot is applied in full.
 *
 * What lands where: os_version → endpoints.os_*; system_info → hardware_uuid (when not yet known and
 * not used by another machine of the organisation), serial, hostname; interfaces → ip/mac arrays;
 * windows_security_products (type Antivirus) → endpoint_av_products (source 'agent'; the agent's rows
 * replaced on a snapshot) then refreshProtection; programs / packages / apps → endpoint_programs.
 * windows_security_center and logged_in_users are counted only (no column holds them).
 */
import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { OsqueryRow, ResultLine } from '@shared/api/osquery';
import type { OsPlatform } from '@shared/domain/endpoints';
import type { Ctx } from '../../http/context';
import { agentQueryState, endpointAvProducts, endpointPrograms, endpoints } from '../../db/schema';
import { refreshProtection } from '../endpoints/protection';
import type { AgentNode } from './agents.runtime';
import { QUERY } from './osquery.schedule';

const MAX_ADDRESSES = 32;
const PROGRAM_CHUNK = 1000;

export interface IngestStats {
  lines: number;
  applied: number;
  unchanged: number;
  ignored: number;
}

interface QueryWork {
  snapshot: OsqueryRow[] | null;
  added: OsqueryRow[];
  removed: OsqueryRow[];
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v)).trim();
const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);
const orNull = (s: string, n: number): string | null => (s ? cut(s, n) : null);

/** Placeholder serial numbers firmware ships with: not an identity. */
const JUNK_SERIALS = new Set(['', '0', 'none', 'n/a', 'na', 'default string', 'to be filled by o.e.m.', 'system serial number', 'not specified', 'not applicable', '123456789', '0123456789', 'chassis serial number']);
const JUNK_UUIDS = new Set(['', '00000000-0000-0000-0000-000000000000', '03000200-0400-0500-0006-000700080009', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);

export function cleanSerial(v: unknown): string | null {
  const s = text(v);
  return JUNK_SERIALS.has(s.toLowerCase()) ? null : cut(s, 128);
}
export function cleanUuid(v: unknown): string | null {
  const s = text(v);
  return JUNK_UUIDS.has(s.toLowerCase()) ? null : cut(s, 128);
}

/** osquery's os_version.platform (and platform_like) → our platform. */
export function platformOf(platform: unknown, like: unknown = ''): OsPlatform {
  const p = `${text(platform)} ${text(like)}`.toLowerCase();
  if (/windows/.test(p)) return 'windows';
  if (/darwin|macos/.test(p)) return 'macos';
  if (/ubuntu|debian|rhel|centos|fedora|suse|arch|gentoo|amzn|oracle|rocky|alma|linux|manjaro|nixos|alpine/.test(p)) return 'linux';
  return 'other';
}

/** The os_version row → endpoints columns. */
export function osFields(row: OsqueryRow | undefined): Partial<typeof endpoints.$inferInsert> {
  if (!row) return {};
  const version = text(row.version) || [text(row.major), text(row.minor), text(row.patch)].filter(Boolean).join('.');
  return {
    osName: orNull(text(row.name), 255),
    osVersion: orNull(version, 100),
    osBuild: orNull(text(row.build), 100),
    osPlatform: platformOf(row.platform, row.platform_like),
  };
}

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
function macOf(v: unknown): string | null {
  const s = text(v).toLowerCase();
  if (!MAC.test(s) || s === '00:00:00:00:00:00') return null;
  return s.replaceAll('-', ':');
}
function ipOf(v: unknown): string | null {
  const s = text(v).split('%')[0] ?? '';
  if (!s || s.length > 64 || !/^[0-9a-f.:]+$/i.test(s)) return null;
  if (s.startsWith('127.') || s === '::1' || s.toLowerCase().startsWith('fe80:')) return null;
  return s;
}

/** The digest of a snapshot: the same rows in any order give the same digest. */
export function digestOf(rows: OsqueryRow[]): string {
  const lines = rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] === null || r[k] === undefined ? null : String(r[k])]))).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function queryKey(name: string): string {
  const i = name.lastIndexOf('/');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Groups the lines by query, in order (a later snapshot supersedes what came before it). */
export function collect(lines: ResultLine[]): Map<string, QueryWork> {
  const work = new Map<string, QueryWork>();
  for (const line of lines) {
    const key = queryKey(line.name);
    let w = work.get(key);
    if (!w) {
      w = { snapshot: null, added: [], removed: [] };
      work.set(key, w);
    }
    if (line.action === 'snapshot' || (line.snapshot && !line.action)) {
      w.snapshot = line.snapshot ?? [];
      w.added = [];
      w.removed = [];
    } else if (line.diffResults) {
      w.added.push(...line.diffResults.added);
      w.removed.push(...line.diffResults.removed);
    } else if (line.columns && line.action === 'added') w.added.push(line.columns);
    else if (line.columns && line.action === 'removed') w.removed.push(line.columns);
  }
  return work;
}

interface AvRow {
  name: string;
  enabled: boolean | null;
  upToDate: boolean | null;
}

/** windows_security_products rows of type Antivirus → products (state On/Off/Snoozed/Expired). */
export function avRows(rows: OsqueryRow[]): AvRow[] {
  const out = new Map<string, AvRow>();
  for (const r of rows) {
    const type = text(r.type).toLowerCase();
    if (type && type !== 'antivirus') continue;
    const name = cut(text(r.name), 255);
    if (!name) continue;
    const state = text(r.state).toLowerCase();
    const enabled = state === 'on' ? true : state === 'off' || state === 'snoozed' || state === 'expired' ? false : null;
    const sig = text(r.signatures_up_to_date).toLowerCase();
    const upToDate = sig === '1' || sig === 'true' ? true : sig === '0' || sig === 'false' ? false : null;
    out.set(name.toLowerCase(), { name, enabled, upToDate });
  }
  return [...out.values()];
}

interface ProgramRow {
  name: string;
  version: string;
  publisher: string | null;
}
function programRows(rows: OsqueryRow[]): ProgramRow[] {
  const out = new Map<string, ProgramRow>();
  for (const r of rows) {
    const name = cut(text(r.name), 255);
    if (!name) continue;
    const version = cut(text(r.version), 100);
    out.set(`${name}\u0000${version}`, { name, version, publisher: orNull(text(r.publisher), 255) });
  }
  return [...out.values()];
}

async function snapshotUnchanged(tx: Ctx, node: AgentNode, key: string, rows: OsqueryRow[]): Promise<boolean> {
  const digest = digestOf(rows);
  const [prev] = await tx.db
    .select({ digest: agentQueryState.digest })
    .from(agentQueryState)
    .where(and(eq(agentQueryState.nodeId, node.id), eq(agentQueryState.queryName, cut(key, 128))));
  if (prev?.digest === digest) return true;
  await tx.db
    .insert(agentQueryState)
    .values({ nodeId: node.id, queryName: cut(key, 128), digest, updatedAt: tx.clock() })
    .onConflictDoUpdate({ target: [agentQueryState.nodeId, agentQueryState.queryName], set: { digest, updatedAt: tx.clock() } });
  return false;
}

async function forgetDigest(tx: Ctx, node: AgentNode, key: string): Promise<void> {
  await tx.db.delete(agentQueryState).where(and(eq(agentQueryState.nodeId, node.id), eq(agentQueryState.queryName, cut(key, 128))));
}

/** Writes the changed columns of the machine (only when something differs: no rewrite per check-in). */
async function updateEndpoint(tx: Ctx, endpointId: string, orgId: string, set: Partial<typeof endpoints.$inferInsert>, hardwareUuid: string | null): Promise<void> {
  const entries = Object.entries(set).filter(([, v]) => v !== undefined);
  const assignments: SQL[] = [];
  const differs: SQL[] = [];
  const columns: Record<string, SQL> = {
    osName: sql`os_name`,
    osVersion: sql`os_version`,
    osBuild: sql`os_build`,
    osPlatform: sql`os_platform`,
    serial: sql`serial`,
    hostname: sql`hostname`,
  };
  for (const [k, v] of entries) {
    const col = columns[k];
    if (col) {
      assignments.push(sql`${col} = ${v}`);
      differs.push(sql`${col} IS DISTINCT FROM ${v}`);
    } else if (k === 'ipAddresses' || k === 'macAddresses') {
      const c = k === 'ipAddresses' ? sql`ip_addresses` : sql`mac_addresses`;
      assignments.push(sql`${c} = ${sql.param(v)}::text[]`);
      differs.push(sql`${c} IS DISTINCT FROM ${sql.param(v)}::text[]`);
    }
  }
  if (hardwareUuid) {
    // Only when not yet known, and not another machine's of the same organisation (unique per org).
    const free = sql`NOT EXISTS (SELECT 1 FROM endpoints o WHERE o.org_id = ${orgId} AND lower(o.hardware_uuid) = lower(${hardwareUuid}) AND o.id <> ${endpointId})`;
    assignments.push(sql`hardware_uuid = CASE WHEN hardware_uuid IS NULL AND ${free} THEN ${hardwareUuid} ELSE hardware_uuid END`);
    differs.push(sql`(hardware_uuid IS NULL AND ${free})`);
  }
  if (assignments.length === 0) return;
  await tx.db.execute(sql`
    UPDATE endpoints SET ${sql.join(assignments, sql`, `)}, updated_at = ${tx.clock().toISOString()}::timestamptz
     WHERE id = ${endpointId} AND (${sql.join(differs, sql` OR `)})`);
}

async function replaceAv(tx: Ctx, endpointId: string, rows: AvRow[]): Promise<void> {
  await tx.db.delete(endpointAvProducts).where(and(eq(endpointAvProducts.endpointId, endpointId), eq(endpointAvProducts.source, 'agent')));
  await upsertAv(tx, endpointId, rows);
}

async function upsertAv(tx: Ctx, endpointId: string, rows: AvRow[]): Promise<void> {
  if (rows.length === 0) return;
  const now = tx.clock();
  await tx.db
    .insert(endpointAvProducts)
    .values(rows.map((r) => ({ endpointId, name: r.name, enabled: r.enabled, upToDate: r.upToDate, source: 'agent' as const, reportedAt: now })))
    .onConflictDoUpdate({
      target: [endpointAvProducts.endpointId, endpointAvProducts.name],
      set: { enabled: sql`excluded.enabled`, upToDate: sql`excluded.up_to_date`, source: sql`excluded.source`, reportedAt: sql`excluded.reported_at` },
    });
}

async function insertPrograms(tx: Ctx, endpointId: string, rows: ProgramRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += PROGRAM_CHUNK) {
    const chunk = rows.slice(i, i + PROGRAM_CHUNK);
    await tx.db
      .insert(endpointPrograms)
      .values(chunk.map((p) => ({ endpointId, name: p.name, version: p.version, publisher: p.publisher })))
      .onConflictDoNothing();
  }
}

async function applyPrograms(tx: Ctx, endpointId: string, w: QueryWork): Promise<void> {
  if (w.snapshot) {
    await tx.db.delete(endpointPrograms).where(eq(endpointPrograms.endpointId, endpointId));
    await insertPrograms(tx, endpointId, programRows(w.snapshot));
  }
  for (const p of programRows(w.removed)) {
    await tx.db.delete(endpointPrograms).where(and(eq(endpointPrograms.endpointId, endpointId), eq(endpointPrograms.name, p.name), eq(endpointPrograms.version, p.version)));
  }
  await insertPrograms(tx, endpointId, programRows(w.added));
}

/** Current addresses of the machine (for differentials). */
async function currentAddresses(tx: Ctx, endpointId: string): Promise<{ ips: string[]; macs: string[] }> {
  // scope-exempt: the agent's own machine, authenticated by its node key.
  const [row] = await tx.db.select({ ips: endpoints.ipAddresses, macs: endpoints.macAddresses }).from(endpoints).where(eq(endpoints.id, endpointId));
  return { ips: row?.ips ?? [], macs: row?.macs ?? [] };
}

function uniq(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].slice(0, MAX_ADDRESSES);
}

/** Applies one log post's result lines. Call inside a transaction. */
export async function ingestResults(tx: Ctx, node: AgentNode, lines: ResultLine[]): Promise<IngestStats> {
  const stats: IngestStats = { lines: lines.length, applied: 0, unchanged: 0, ignored: 0 };
  const work = collect(lines);
  const set: Partial<typeof endpoints.$inferInsert> = {};
  let hardwareUuid: string | null = null;
  let avChanged = false;

  for (const [key, w] of work) {
    const known = Object.values(QUERY).includes(key as never);
    if (!known) {
      stats.ignored += 1;
      continue;
    }
    if (w.snapshot) {
      if (await snapshotUnchanged(tx, node, key, w.snapshot)) {
        if (w.added.length === 0 && w.removed.length === 0) {
          stats.unchanged += 1;
          continue;
        }
        w.snapshot = null;
      }
    }
    if (!w.snapshot) await forgetDigest(tx, node, key);
    stats.applied += 1;
    const rows = w.snapshot ?? w.added;
    switch (key) {
      case QUERY.osVersion:
        if (rows[0]) Object.assign(set, osFields(rows[rows.length - 1]));
        break;
      case QUERY.systemInfo: {
        const r = rows[rows.length - 1];
        if (!r) break;
        const host = cut(text(r.hostname) || text(r.computer_name), 255);
        if (host) set.hostname = host;
        const serial = cleanSerial(r.hardware_serial);
        if (serial) set.serial = serial;
        hardwareUuid = cleanUuid(r.uuid);
        break;
      }
      case QUERY.interfaces: {
        if (w.snapshot) {
          set.ipAddresses = uniq(w.snapshot.map((r) => ipOf(r.address)));
          set.macAddresses = uniq(w.snapshot.map((r) => macOf(r.mac)));
        } else {
          const cur = await currentAddresses(tx, node.endpointId);
          const goneIps = new Set(w.removed.map((r) => ipOf(r.address)));
          const goneMacs = new Set(w.removed.map((r) => macOf(r.mac)));
          set.ipAddresses = uniq([...cur.ips.filter((ip) => !goneIps.has(ip)), ...w.added.map((r) => ipOf(r.address))]);
          set.macAddresses = uniq([...cur.macs.filter((m) => !goneMacs.has(m)), ...w.added.map((r) => macOf(r.mac))]);
        }
        break;
      }
      case QUERY.securityProducts:
        if (w.snapshot) await replaceAv(tx, node.endpointId, avRows(w.snapshot));
        for (const r of avRows(w.removed)) {
          await tx.db
            .delete(endpointAvProducts)
            .where(and(eq(endpointAvProducts.endpointId, node.endpointId), eq(endpointAvProducts.name, r.name), eq(endpointAvProducts.source, 'agent')));
        }
        await upsertAv(tx, node.endpointId, avRows(w.added));
        avChanged = true;
        break;
      case QUERY.programs:
      case QUERY.packagesLinux:
      case QUERY.appsMac:
        await applyPrograms(tx, node.endpointId, w);
        break;
      default:
        // windows_security_center, logged_in_users: collected, counted, not stored.
        break;
    }
  }
  await updateEndpoint(tx, node.endpointId, node.orgId, set, hardwareUuid);
  if (avChanged) await refreshProtection(tx.db, [node.endpointId]);
  return stats;
}
