/**
 * osquery's remote API, server side: enrol a node with an organisation's secret, serve its
 * configuration, take its result and status logs, hand it live queries and take their answers.
 * The node key in the body is the credential; only its SHA-256 is stored (agent_nodes).
 *
 * These requests come from machines, not people: no principal, no organisation scope. Every read is
 * keyed by the caller's own secret or node, which decides the organisation — hence the scope
 * exemptions below. An enrol secret of one organisation can only ever put a machine into that
 * organisation.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import {
  DistributedWriteRequest,
  EnrollRequest,
  LogRequest,
  NodeRequest,
  ResultLine,
  StatusLine,
  type DistributedReadResponse,
  type EnrollResponse,
  type OsqueryConfig,
} from '@shared/api/osquery';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { queryRows } from '../../db/connect';
import { agentNodes, distributedResults, endpoints, enrollSecrets } from '../../db/schema';
import { runtimeOf, type AgentNode } from './agents.runtime';
import { configFor } from './osquery.schedule';
import { notify } from '../notifications';
import { cleanSerial, cleanUuid, ingestResults, osFields, type IngestStats } from './osquery.ingest';

/** A refusal in osquery's shape: `{ error, node_invalid }` with an HTTP status (osquery reads the body only). */
export class OsqueryError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly nodeInvalid: boolean,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = 'OsqueryError';
  }
}

const nodeInvalid = () => new OsqueryError(401, 'errors.agents.nodeInvalid', true);
const badRequest = (key = 'errors.agents.badRequest', params: Record<string, string | number> = {}) => new OsqueryError(400, key, false, params);

/** Rows kept of one live query's answer, and their total size. */
export const MAX_RESULT_ROWS = 1000;
export const MAX_RESULT_BYTES = 1_000_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } } }, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const at = r.error.issues[0]?.path.map(String).join('.') ?? '';
    throw badRequest('errors.agents.badField', { field: at.slice(0, 100) || 'body' });
  }
  return r.data;
}

/** The node of a node key, from the short-lived cache or the database; node_invalid otherwise. */
export async function authenticate(ctx: Ctx, body: unknown): Promise<AgentNode> {
  const key = body && typeof body === 'object' && 'node_key' in body ? (body as { node_key: unknown }).node_key : undefined;
  if (typeof key !== 'string' || key.length < 16 || key.length > 512) throw nodeInvalid();
  const hash = sha256(key);
  const rt = runtimeOf(ctx.database);
  const now = Date.now();
  let node = rt.cachedNode(hash, now);
  if (node === undefined) {
    // scope-exempt: the node authenticates by its own key; the row names its organisation.
    const [row] = await queryRows(
      ctx.db,
      sql`SELECT n.id, n.endpoint_id, n.org_id, n.host_identifier, o.path, e.state_secret
            FROM agent_nodes n JOIN endpoints e ON e.id = n.endpoint_id JOIN orgs o ON o.id = n.org_id
           WHERE n.node_key_hash = ${hash} AND n.revoked_at IS NULL`,
    );
    node = row
      ? {
          id: String(row.id),
          endpointId: String(row.endpoint_id),
          orgId: String(row.org_id),
          orgPath: String(row.path),
          hostIdentifier: String(row.host_identifier),
          stateSecret: row.state_secret === true,
        }
      : null;
    rt.cacheNode(hash, node, now);
  }
  if (!node) throw nodeInvalid();
  rt.checkin(node.endpointId, ctx.clock(), ctx.ip);
  if (node.stateSecret) await stateSecretCheckin(ctx, node.endpointId, node.orgId);
  return node;
}

/**
 * A state-secret machine talked to us: open the violation, or count one more occurrence. When it is
 * opened, the security authority (who inspects: inspection.record) and the unit's managers are told.
 */
async function stateSecretCheckin(ctx: Ctx, endpointId: string, orgId: string): Promise<void> {
  const now = ctx.clock().toISOString();
  await withTx(ctx, async (tx) => {
    const [row] = await queryRows(
      tx.db,
      sql`INSERT INTO endpoint_violations (id, endpoint_id, org_id, kind, first_seen_at, last_seen_at, occurrences)
          VALUES (${uuidv7()}, ${endpointId}, ${orgId}, 'state_secret_agent', ${now}::timestamptz, ${now}::timestamptz, 1)
          ON CONFLICT (endpoint_id, kind) WHERE resolved_at IS NULL
          DO UPDATE SET last_seen_at = GREATEST(endpoint_violations.last_seen_at, EXCLUDED.last_seen_at),
                        occurrences = endpoint_violations.occurrences + 1
          RETURNING occurrences`,
    );
    if (Number(row?.occurrences) !== 1) return;
    // scope-exempt: the machine's own organisation and hostname, to address the notification.
    const [about] = await queryRows(tx.db, sql`SELECT e.hostname, o.path, o.name FROM endpoints e JOIN orgs o ON o.id = e.org_id WHERE e.id = ${endpointId}`);
    if (!about) return;
    const input = {
      orgId,
      orgPath: String(about.path),
      kind: 'agentStateSecret',
      subjectType: 'endpoint',
      subjectId: endpointId,
      params: { hostname: String(about.hostname), org: String(about.name) },
      link: `/endpoints/${endpointId}`,
    };
    await notify(tx, { ...input, action: 'inspection.record' });
    await notify(tx, { ...input, action: 'endpoint.manage' });
  });
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v)).trim();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Identity {
  hardwareUuid: string | null;
  serial: string | null;
  hostname: string;
}

function identityOf(req: EnrollRequest): Identity {
  const sys = req.host_details.system_info ?? {};
  const hostId = text(req.host_identifier);
  const hardwareUuid = cleanUuid(sys.uuid) ?? (UUID.test(hostId) ? cleanUuid(hostId) : null);
  const hostname = (text(sys.hostname) || text(sys.computer_name) || (UUID.test(hostId) ? '' : hostId) || hostId || 'unknown').slice(0, 255);
  return { hardwareUuid, serial: cleanSerial(sys.hardware_serial), hostname };
}

/**
 * The machine of the secret's organisation this node is: same hardware uuid, else same serial, else
 * same hostname (the latter two only among machines whose hardware uuid is unknown or equal).
 */
async function matchEndpoint(tx: Ctx, orgId: string, id: Identity): Promise<{ id: string; stateSecret: boolean } | undefined> {
  const pick = sql`SELECT id, state_secret FROM endpoints WHERE org_id = ${orgId}`;
  const compatible = id.hardwareUuid ? sql`AND (hardware_uuid IS NULL OR lower(hardware_uuid) = lower(${id.hardwareUuid}))` : sql``;
  const tries = [
    id.hardwareUuid ? sql`${pick} AND lower(hardware_uuid) = lower(${id.hardwareUuid}) LIMIT 1` : null,
    id.serial ? sql`${pick} AND lower(serial) = lower(${id.serial}) ${compatible} ORDER BY retired_at NULLS FIRST, created_at LIMIT 1` : null,
    sql`${pick} AND lower(hostname) = lower(${id.hostname}) ${compatible} ORDER BY retired_at NULLS FIRST, created_at LIMIT 1`,
  ];
  for (const q of tries) {
    if (!q) continue;
    // scope-exempt: within the organisation of the enrol secret presented.
    const [row] = await queryRows(tx.db, q);
    if (row) return { id: String(row.id), stateSecret: row.state_secret === true };
  }
  return undefined;
}

/** POST enroll: a valid, unrevoked secret → a new node (and machine, when none matches) in its organisation. */
export async function enroll(ctx: Ctx, body: unknown): Promise<EnrollResponse> {
  const req = parse(EnrollRequest, body);
  const secret = req.enroll_secret.trim();
  if (!secret) throw new OsqueryError(401, 'errors.agents.secretInvalid', true);
  // scope-exempt: the secret is the credential; its row decides the organisation.
  const [found] = await ctx.db
    .select({ id: enrollSecrets.id, orgId: enrollSecrets.orgId, revokedAt: enrollSecrets.revokedAt })
    .from(enrollSecrets)
    .where(eq(enrollSecrets.secretHash, sha256(secret)));
  if (!found || found.revokedAt) throw new OsqueryError(401, 'errors.agents.secretInvalid', true);
  const identity = identityOf(req);
  const os = osFields(req.host_details.os_version);
  const info = req.host_details.osquery_info ?? {};
  const nodeKey = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const result = await withTx(ctx, async (tx) => {
    let match = await matchEndpoint(tx, found.orgId, identity);
    if (match) {
      await tx.db.execute(sql`
        UPDATE endpoints SET
          hardware_uuid = COALESCE(hardware_uuid, ${identity.hardwareUuid}),
          serial = COALESCE(${identity.serial}, serial),
          hostname = ${identity.hostname},
          os_name = COALESCE(${os.osName ?? null}, os_name),
          os_version = COALESCE(${os.osVersion ?? null}, os_version),
          os_build = COALESCE(${os.osBuild ?? null}, os_build),
          os_platform = COALESCE(${req.host_details.os_version ? (os.osPlatform ?? null) : null}, os_platform),
          updated_at = ${now.toISOString()}::timestamptz
        WHERE id = ${match.id}`);
    } else {
      const id = uuidv7();
      const [created] = await tx.db
        .insert(endpoints)
        .values({
          id,
          orgId: found.orgId,
          hostname: identity.hostname,
          hardwareUuid: identity.hardwareUuid,
          serial: identity.serial,
          osName: os.osName ?? null,
          osVersion: os.osVersion ?? null,
          osBuild: os.osBuild ?? null,
          osPlatform: req.host_details.os_version ? (os.osPlatform ?? null) : null,
          source: 'agent',
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: endpoints.id });
      // A concurrent enrolment of the same hardware created it first: use that one.
      match = created ? { id: created.id, stateSecret: false } : await matchEndpoint(tx, found.orgId, identity);
      if (!match) throw new OsqueryError(409, 'errors.agents.enrollConflict', false);
    }
    // One live node per machine: a re-enrolment (osquery lost its key, or was reinstalled) replaces the old.
    await tx.db
      .update(agentNodes)
      .set({ revokedAt: now })
      .where(and(eq(agentNodes.endpointId, match.id), isNull(agentNodes.revokedAt)));
    const nodeId = uuidv7();
    await tx.db.insert(agentNodes).values({
      id: nodeId,
      endpointId: match.id,
      orgId: found.orgId,
      enrollSecretId: found.id,
      nodeKeyHash: sha256(nodeKey),
      hostIdentifier: (text(req.host_identifier) || identity.hostname).slice(0, 255),
      platform: text(req.host_details.os_version?.platform).slice(0, 64) || null,
      osqueryVersion: text(info.version).slice(0, 64) || null,
      enrolledAt: now,
    });
    await tx.db.update(enrollSecrets).set({ lastUsedAt: now }).where(eq(enrollSecrets.id, found.id));
    if (match.stateSecret) await stateSecretCheckin(tx, match.id, found.orgId);
    return match;
  });
  const rt = runtimeOf(ctx.database);
  rt.forgetEndpoint(result.id);
  rt.checkin(result.id, now, ctx.ip);
  return { node_key: nodeKey, node_invalid: false };
}

/** POST config: the inventory schedule (none for a state-secret machine). */
export async function config(ctx: Ctx, body: unknown): Promise<OsqueryConfig> {
  const node = await authenticate(ctx, body);
  parse(NodeRequest, body);
  return configFor({ stateSecret: node.stateSecret });
}

export interface LogOutcome extends IngestStats {
  statusErrors: number;
}

/** POST log: result lines feed the inventory (in one transaction); status lines are counted, errors logged at debug. */
export async function log(ctx: Ctx, body: unknown): Promise<LogOutcome> {
  const node = await authenticate(ctx, body);
  const req = parse(LogRequest, body);
  const out: LogOutcome = { lines: req.data.length, applied: 0, unchanged: 0, ignored: 0, statusErrors: 0 };
  if (req.log_type === 'status') {
    for (const item of req.data) {
      const line = StatusLine.safeParse(item);
      if (!line.success) continue;
      const severity = Number(line.data.severity ?? 0);
      if (severity >= 2) {
        out.statusErrors += 1;
        ctx.log.debug({ node: node.id, file: line.data.filename, line: line.data.line, message: line.data.message?.slice(0, 500) }, 'osquery status error');
      }
    }
    return out;
  }
  const lines: ResultLine[] = [];
  for (const [i, item] of req.data.entries()) {
    const line = ResultLine.safeParse(item);
    if (!line.success) throw badRequest('errors.agents.badField', { field: `data.${i}.${line.error.issues[0]?.path.map(String).join('.') ?? ''}`.slice(0, 100) });
    lines.push(line.data);
  }
  // A state-secret machine must not run an agent: nothing it says enters the inventory.
  if (node.stateSecret || lines.length === 0) return { ...out, ignored: lines.length };
  const stats = await withTx(ctx, (tx) => ingestResults(tx, node, lines));
  return { ...out, ...stats };
}

/** The live queries this node should run now: in force, aimed at it or its organisation's subtree, not yet answered. */
export async function distributedRead(ctx: Ctx, body: unknown): Promise<DistributedReadResponse> {
  const node = await authenticate(ctx, body);
  parse(NodeRequest, body);
  if (node.stateSecret) return { queries: {}, node_invalid: false };
  const rt = runtimeOf(ctx.database);
  const now = ctx.clock().getTime();
  const aimed = (await rt.liveQueries(Date.now())).filter(
    (q) => q.expiresAt > now && (q.endpointId ? q.endpointId === node.endpointId : node.orgPath.startsWith(q.orgPath)),
  );
  if (aimed.length === 0) return { queries: {}, node_invalid: false };
  // scope-exempt: the node's own answers.
  const answered = await ctx.db
    .select({ queryId: distributedResults.queryId })
    .from(distributedResults)
    .where(and(eq(distributedResults.nodeId, node.id), sql`${distributedResults.queryId} = ANY(${sql.param(aimed.map((q) => q.id))}::uuid[])`));
  const done = new Set(answered.map((a) => a.queryId));
  const queries: Record<string, string> = {};
  for (const q of aimed) if (!done.has(q.id)) queries[q.id] = q.sql;
  return { queries, node_invalid: false };
}

function capRows(rows: Record<string, unknown>[]): { rows: Record<string, string>[]; truncated: boolean } {
  const out: Record<string, string>[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, MAX_RESULT_ROWS)) {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) row[k.slice(0, 256)] = v === null || v === undefined ? '' : String(v).slice(0, 8192);
    bytes += JSON.stringify(row).length;
    if (bytes > MAX_RESULT_BYTES) return { rows: out, truncated: true };
    out.push(row);
  }
  return { rows: out, truncated: rows.length > MAX_RESULT_ROWS };
}

/** POST distributed/write: stores each answer to a live query aimed at this node (others are ignored). */
export async function distributedWrite(ctx: Ctx, body: unknown): Promise<{ stored: number }> {
  const node = await authenticate(ctx, body);
  const req = parse(DistributedWriteRequest, body);
  const ids = [...new Set([...Object.keys(req.queries), ...Object.keys(req.statuses)])].filter((id) => UUID.test(id));
  if (ids.length === 0 || node.stateSecret) return { stored: 0 };
  const now = ctx.clock();
  // scope-exempt: only live queries aimed at this node (its machine or an ancestor of its organisation).
  const aimed = await queryRows(
    ctx.db,
    sql`SELECT q.id FROM distributed_queries q JOIN orgs o ON o.id = q.org_id
         WHERE q.id = ANY(${sql.param(ids)}::uuid[])
           AND (q.endpoint_id = ${node.endpointId} OR (q.endpoint_id IS NULL AND ${node.orgPath} LIKE o.path || '%'))`,
  );
  const valid = new Set(aimed.map((r) => String(r.id)));
  const values = ids
    .filter((id) => valid.has(id))
    .map((id) => {
      const raw = req.queries[id];
      const { rows, truncated } = capRows(Array.isArray(raw) ? raw : []);
      const statusRaw = req.statuses[id];
      const status = statusRaw === undefined ? 0 : Number.parseInt(String(statusRaw), 10);
      const message = (req.messages[id] ?? (truncated ? `truncated to ${rows.length} rows` : '')).slice(0, 2000) || null;
      return { queryId: id, nodeId: node.id, orgId: node.orgId, status: Number.isFinite(status) ? Math.max(-2_147_483_648, Math.min(2_147_483_647, status)) : 1, rows, message, receivedAt: now };
    });
  if (values.length === 0) return { stored: 0 };
  await withTx(ctx, async (tx) => {
    await tx.db
      .insert(distributedResults)
      .values(values)
      .onConflictDoUpdate({
        target: [distributedResults.queryId, distributedResults.nodeId],
        set: { status: sql`excluded.status`, rows: sql`excluded.rows`, message: sql`excluded.message`, receivedAt: sql`excluded.received_at` },
      });
  });
  return { stored: values.length };
}
