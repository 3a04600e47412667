/**
 * The audit log: every change, with who, what, when, from where, before and after; hash-chained
 * (issue #2). record() must be called inside the transaction of the change it describes.
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Ctx } from '../http/context';
import type { Db } from '../db/connect';
import { auditHead, auditLog, type AuditRow } from '../db/schema';
import { principalLabel, principalUserId } from '../authz/principal';
import { AppError } from '../http/errors';

/** Arbitrary constant: serialises appends so that seq stays contiguous and the chain linear. */
const AUDIT_LOCK = 7_314_160;
const GENESIS = '0'.repeat(64);

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON with object keys sorted at every depth, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Plain JSON (dates as ISO strings), never secrets. */
function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (SECRET_KEYS.has(k) ? '[redacted]' : v)));
}
const SECRET_KEYS = new Set(['passwordHash', 'password', 'newPassword', 'currentPassword', 'totpSecret', 'totpPendingSecret', 'secretHash', 'secret']);

type Hashed = Omit<AuditRow, 'hash'>;

export function hashOf(row: Hashed): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    orgId: row.orgId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    ip: row.ip,
    requestId: row.requestId,
  });
  return createHash('sha256').update(row.prevHash).update('\n').update(body).digest('hex');
}

/** Appends one audit record. Call inside the change's transaction (withTx). */
export async function record(ctx: Ctx, event: AuditEvent): Promise<void> {
  await recordMany(ctx, [event]);
}

/**
 * Appends audit records: under the chain's advisory lock, one read of the head, each row hashed over
 * the previous one, inserts in chunks, the head moved to the last. A bulk import records all its rows
 * in one call; the chain is the same as that many record() calls. Call inside the change's transaction.
 */
export async function recordMany(ctx: Ctx, events: readonly AuditEvent[]): Promise<void> {
  if (!ctx.inTx) throw new AppError('internal', 'errors.internal', { requestId: ctx.requestId });
  if (events.length === 0) return;
  const db = ctx.db;
  await db.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [head] = await db.select().from(auditHead);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS;
  const rows: AuditRow[] = events.map((event) => {
    seq += 1;
    const row: Hashed = {
      seq,
      at: ctx.clock(),
      actorId: principalUserId(ctx.principal),
      actorLabel: principalLabel(ctx.principal),
      orgId: event.orgId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      before: toJson(event.before),
      after: toJson(event.after),
      ip: ctx.ip,
      requestId: ctx.requestId.slice(0, 64),
      prevHash,
    };
    prevHash = hashOf(row);
    return { ...row, hash: prevHash };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(auditLog).values(rows.slice(i, i + 500));
  await db
    .insert(auditHead)
    .values({ id: true, seq, hash: prevHash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash: prevHash } });
}

export interface Verification {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
}

/**
 * Walks the whole chain: recomputes every hash, checks every link and that seq has no gap, and that
 * the pinned head matches the last record (detects a deleted tail).
 */
export async function verifyAudit(db: Db, onProgress?: (checked: number) => void): Promise<Verification> {
  let prevHash = GENESIS;
  let expected = 1;
  let checked = 0;
  const bad = (seq: number, reason: string): Verification => ({ ok: false, checked, firstBadSeq: seq, reason });
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.seq, expected - 1)).orderBy(asc(auditLog.seq)).limit(2000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expected) return bad(expected, 'missing');
      if (row.prevHash !== prevHash) return bad(row.seq, 'broken_link');
      const { hash, ...rest } = row;
      if (hashOf(rest) !== hash) return bad(row.seq, 'altered');
      prevHash = hash;
      expected += 1;
      checked += 1;
    }
    onProgress?.(checked);
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, true));
  if (checked > 0 && (!head || head.seq !== expected - 1 || head.hash !== prevHash)) return bad(expected - 1, 'head_mismatch');
  if (checked === 0 && head) return bad(1, 'missing');
  return { ok: true, checked, firstBadSeq: null, reason: null };
}
