/**
 * The people's side of agents: enrol secrets per organisation (listed by readers, created and revoked
 * by those holding endpoint.enroll) and live queries (endpoint.query). Every read is scoped, every
 * write audited in its transaction.
 */
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type {
  CreateEnrollSecretBody,
  CreateLiveQueryBody,
  CreatedEnrollSecret,
  EnrollSecret,
  ListEnrollSecretsQuery,
  LiveQuery,
  LiveQueryResults,
} from '@shared/api/endpoints';
import type { EnrollSecretList as EnrollSecretListSchema, LiveQueryList as LiveQueryListSchema } from '@shared/api/endpoints';
import { AGENT_DIRS, AGENT_FILES, type AgentPlatform } from '@shared/api/endpoints';
import { OSQUERY_PATHS } from '@shared/api/osquery';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { assertInScope, authorize, can, inScope, pathInScope } from '../../authz/scope';
import type { Action } from '../../authz/policies';
import { principalUserId } from '../../authz/principal';
import { queryRows } from '../../db/connect';
import { agentNodes, distributedQueries, distributedResults, endpoints, enrollSecrets, orgs, type EnrollSecretRow } from '../../db/schema';
import { record } from '../../audit/audit';
import type { Config } from '../../config';
import { agentTls } from './agents.tls';
import { runtimeOf } from './agents.runtime';
import { sha256 } from './osquery.service';

type ListSecretsQuery = z.infer<typeof ListEnrollSecretsQuery>;
type EnrollSecretList = z.infer<typeof EnrollSecretListSchema>;
type LiveQueryList = z.infer<typeof LiveQueryListSchema>;

async function findOrg(ctx: Ctx, id: string, action: Action) {
  const [row] = await ctx.db.select().from(orgs).where(and(eq(orgs.id, id), pathInScope(ctx, action, orgs.path)));
  return row;
}

const secretColumns = {
  secret: enrollSecrets,
  orgCode: orgs.code,
  orgName: orgs.name,
  orgPath: orgs.path,
  nodes: sql<number>`(SELECT count(*)::int FROM agent_nodes n WHERE n.enroll_secret_id = ${enrollSecrets.id} AND n.revoked_at IS NULL)`.as('nodes'),
};

interface SecretRecord {
  secret: EnrollSecretRow;
  orgCode: string;
  orgName: string;
  orgPath: string;
  nodes: number;
}

function presentSecret(ctx: Ctx, r: SecretRecord): EnrollSecret {
  return {
    id: r.secret.id,
    orgId: r.secret.orgId,
    orgCode: r.orgCode,
    orgName: r.orgName,
    name: r.secret.name,
    hint: r.secret.hint,
    createdAt: r.secret.createdAt.toISOString(),
    lastUsedAt: r.secret.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.secret.revokedAt?.toISOString() ?? null,
    nodes: Number(r.nodes),
    can: { revoke: !r.secret.revokedAt && can(ctx, 'endpoint.enroll', { orgPath: r.orgPath }) },
  };
}

async function findSecret(ctx: Ctx, id: string): Promise<SecretRecord | undefined> {
  const [row] = await ctx.db
    .select(secretColumns)
    .from(enrollSecrets)
    .innerJoin(orgs, eq(orgs.id, enrollSecrets.orgId))
    .where(and(eq(enrollSecrets.id, id), inScope(ctx, 'endpoint.read', enrollSecrets.orgId)));
  return row;
}

const subtreeOf = (orgId: string, pathColumn: SQL | typeof orgs.path = orgs.path) => sql`${pathColumn} LIKE (SELECT s.path FROM orgs s WHERE s.id = ${orgId}) || '%'`;

export async function listSecrets(ctx: Ctx, q: ListSecretsQuery): Promise<EnrollSecretList> {
  const where = and(
    inScope(ctx, 'endpoint.read', enrollSecrets.orgId),
    q.orgId ? subtreeOf(q.orgId) : undefined,
    q.revoked === 'true' ? isNotNull(enrollSecrets.revokedAt) : q.revoked === 'false' ? isNull(enrollSecrets.revokedAt) : undefined,
  );
  const items = await ctx.db
    .select(secretColumns)
    .from(enrollSecrets)
    .innerJoin(orgs, eq(orgs.id, enrollSecrets.orgId))
    .where(where)
    .orderBy(desc(enrollSecrets.createdAt), desc(enrollSecrets.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await ctx.db.select({ n: count() }).from(enrollSecrets).innerJoin(orgs, eq(orgs.id, enrollSecrets.orgId)).where(where);
  return { items: items.map((r) => presentSecret(ctx, r)), total: total?.n ?? 0 };
}

/** `host:port` agents connect to (no port when it is 443). */
export function tlsHostOf(config: Config): string {
  const port = config.agentPort;
  return port && port !== 443 ? `${config.agentHostname}:${port}` : config.agentHostname;
}

/**
 * The osquery flag file for one platform: it names the secret and certificate files by the names the
 * page hands them out under (AGENT_FILES), in osquery's folder of that platform (AGENT_DIRS).
 */
export function flagfile(config: Config, platform: AgentPlatform): string {
  const dir = AGENT_DIRS[platform];
  const at = (file: string) => (platform === 'windows' ? `${dir}\\${file}` : `${dir}/${file}`);
  return [
    `# Khiên — osquery flag file (${at(AGENT_FILES.flags)}); run: osqueryd --flagfile=${at(AGENT_FILES.flags)}`,
    `--tls_hostname=${tlsHostOf(config)}`,
    `--tls_server_certs=${at(AGENT_FILES.certificate)}`,
    `--enroll_secret_path=${at(AGENT_FILES.secret)}`,
    '--host_identifier=uuid',
    `--enroll_tls_endpoint=${OSQUERY_PATHS.enroll}`,
    '--config_plugin=tls',
    `--config_tls_endpoint=${OSQUERY_PATHS.config}`,
    '--config_refresh=300',
    '--config_tls_max_attempts=3',
    '--logger_plugin=tls',
    `--logger_tls_endpoint=${OSQUERY_PATHS.log}`,
    '--logger_tls_period=10',
    '--disable_distributed=false',
    '--distributed_plugin=tls',
    '--distributed_interval=10',
    '--distributed_tls_max_attempts=3',
    `--distributed_tls_read_endpoint=${OSQUERY_PATHS.distributedRead}`,
    `--distributed_tls_write_endpoint=${OSQUERY_PATHS.distributedWrite}`,
    '',
  ].join('\n');
}

export async function createSecret(ctx: Ctx, body: CreateEnrollSecretBody): Promise<CreatedEnrollSecret> {
  const org = await findOrg(ctx, body.orgId, 'endpoint.read');
  assertInScope(ctx, 'endpoint.enroll', org);
  const secret = `khs_${randomBytes(24).toString('base64url')}`;
  const tls = await agentTls(ctx.config);
  const id = uuidv7();
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(enrollSecrets)
      .values({ id, orgId: org.id, name: body.name, secretHash: sha256(secret), hint: secret.slice(0, 8), createdBy: principalUserId(tx.principal), createdAt: tx.clock() })
      .returning();
    await record(tx, { action: 'agents.secret_created', entityType: 'enroll_secret', entityId: id, orgId: org.id, after: row });
  });
  const created = await findSecret(ctx, id);
  if (!created) throw notFound();
  return { ...presentSecret(ctx, created), secret, serverCertificate: tls.cert };
}

export async function revokeSecret(ctx: Ctx, id: string): Promise<EnrollSecret> {
  const found = await findSecret(ctx, id);
  if (!found) throw notFound();
  authorize(ctx, 'endpoint.enroll', { orgPath: found.orgPath });
  if (found.secret.revokedAt) throw new AppError('invalid_state', 'errors.agents.secretRevoked');
  await withTx(ctx, async (tx) => {
    const [after] = await tx.db
      .update(enrollSecrets)
      .set({ revokedAt: tx.clock(), revokedBy: principalUserId(tx.principal) })
      .where(and(eq(enrollSecrets.id, id), isNull(enrollSecrets.revokedAt)))
      .returning();
    if (!after) throw new AppError('invalid_state', 'errors.agents.secretRevoked');
    await record(tx, { action: 'agents.secret_revoked', entityType: 'enroll_secret', entityId: id, orgId: found.secret.orgId, before: found.secret, after });
  });
  const after = await findSecret(ctx, id);
  if (!after) throw notFound();
  return presentSecret(ctx, after);
}

// --- Live queries --------------------------------------------------------------------------------

/** Removes string literals and identifiers in quotes, so that what is left is the statement's shape. */
function withoutQuoted(s: string): string {
  return s.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, "''");
}

/** One SELECT (or WITH … SELECT) statement, no comments, no second statement. */
export function isSingleSelect(sqlText: string): boolean {
  const body = withoutQuoted(sqlText.trim()).replace(/;\s*$/, '').trim();
  if (/['"`[]/.test(body.replace(/''/g, ''))) return false; // an unterminated quote
  if (body.includes(';') || body.includes('--') || body.includes('/*')) return false;
  if (!/^(select|with)\b/i.test(body)) return false;
  return !/\b(insert|update|delete|drop|create|alter|attach|detach|pragma|vacuum|replace|reindex)\b/i.test(body);
}

interface QueryRecord {
  query: typeof distributedQueries.$inferSelect;
  orgPath: string;
}

async function findQuery(ctx: Ctx, id: string): Promise<QueryRecord | undefined> {
  const [row] = await ctx.db
    .select({ query: distributedQueries, orgPath: orgs.path })
    .from(distributedQueries)
    .innerJoin(orgs, eq(orgs.id, distributedQueries.orgId))
    .where(and(eq(distributedQueries.id, id), inScope(ctx, 'endpoint.query', distributedQueries.orgId)));
  return row;
}

/** How many live nodes a query reaches, and how many answered. */
async function countsOf(ctx: Ctx, ids: string[]): Promise<Map<string, { targets: number; answered: number }>> {
  const out = new Map<string, { targets: number; answered: number }>();
  if (ids.length === 0) return out;
  // scope-exempt: counts only, for queries already read through a scoped query.
  const rows = await queryRows(
    ctx.db,
    sql`SELECT q.id,
          (SELECT count(*)::int FROM agent_nodes n JOIN orgs no ON no.id = n.org_id
            WHERE n.revoked_at IS NULL AND (q.endpoint_id = n.endpoint_id OR (q.endpoint_id IS NULL AND no.path LIKE o.path || '%'))) AS targets,
          (SELECT count(*)::int FROM distributed_results r WHERE r.query_id = q.id) AS answered
        FROM distributed_queries q JOIN orgs o ON o.id = q.org_id
       WHERE q.id = ANY(${sql.param(ids)}::uuid[])`,
  );
  for (const r of rows) out.set(String(r.id), { targets: Number(r.targets), answered: Number(r.answered) });
  return out;
}

function presentQuery(q: typeof distributedQueries.$inferSelect, counts: { targets: number; answered: number } | undefined): LiveQuery {
  return {
    id: q.id,
    orgId: q.orgId,
    endpointId: q.endpointId,
    name: q.name,
    sql: q.sql,
    createdAt: q.createdAt.toISOString(),
    expiresAt: q.expiresAt.toISOString(),
    targets: counts?.targets ?? 0,
    answered: counts?.answered ?? 0,
  };
}

export async function createLiveQuery(ctx: Ctx, body: CreateLiveQueryBody): Promise<LiveQuery> {
  if (!isSingleSelect(body.sql)) throw fieldError('sql', 'errors.agents.sqlNotSelect');
  const org = await findOrg(ctx, body.orgId, 'endpoint.read');
  assertInScope(ctx, 'endpoint.query', org);
  let orgId = org.id;
  if (body.endpointId) {
    const [ep] = await ctx.db
      .select({ id: endpoints.id, orgId: endpoints.orgId, orgPath: orgs.path })
      .from(endpoints)
      .innerJoin(orgs, eq(orgs.id, endpoints.orgId))
      .where(and(eq(endpoints.id, body.endpointId), inScope(ctx, 'endpoint.read', endpoints.orgId)));
    if (!ep || !ep.orgPath.startsWith(org.path)) throw notFound();
    authorize(ctx, 'endpoint.query', { orgPath: ep.orgPath });
    orgId = ep.orgId;
  }
  const now = ctx.clock();
  const id = uuidv7();
  const created = await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(distributedQueries)
      .values({
        id,
        orgId,
        endpointId: body.endpointId ?? null,
        name: body.name,
        sql: body.sql.trim(),
        createdBy: principalUserId(tx.principal),
        createdAt: now,
        expiresAt: new Date(now.getTime() + body.ttlMinutes * 60_000),
      })
      .returning();
    if (!row) throw new AppError('internal', 'errors.internal', { requestId: tx.requestId });
    await record(tx, { action: 'agents.live_query_created', entityType: 'live_query', entityId: id, orgId, after: row });
    return row;
  });
  runtimeOf(ctx.database).invalidateQueries();
  return presentQuery(created, (await countsOf(ctx, [id])).get(id));
}

export async function listLiveQueries(ctx: Ctx, q: { limit: number; offset: number }): Promise<LiveQueryList> {
  const where = inScope(ctx, 'endpoint.query', distributedQueries.orgId);
  const rows = await ctx.db.select().from(distributedQueries).where(where).orderBy(desc(distributedQueries.createdAt), desc(distributedQueries.id)).limit(q.limit).offset(q.offset);
  const [total] = await ctx.db.select({ n: count() }).from(distributedQueries).where(where);
  const counts = await countsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentQuery(r, counts.get(r.id))), total: total?.n ?? 0 };
}

export async function liveQueryResults(ctx: Ctx, id: string): Promise<z.infer<typeof LiveQueryResults>> {
  const found = await findQuery(ctx, id);
  if (!found) throw notFound();
  const rows = await ctx.db
    .select({ endpointId: agentNodes.endpointId, hostname: endpoints.hostname, status: distributedResults.status, message: distributedResults.message, rows: distributedResults.rows, receivedAt: distributedResults.receivedAt })
    .from(distributedResults)
    .innerJoin(agentNodes, eq(agentNodes.id, distributedResults.nodeId))
    .innerJoin(endpoints, eq(endpoints.id, agentNodes.endpointId))
    .where(and(eq(distributedResults.queryId, id), inScope(ctx, 'endpoint.query', distributedResults.orgId)))
    .orderBy(endpoints.hostname)
    .limit(5000);
  const results = rows.map((r) => ({
    endpointId: r.endpointId,
    hostname: r.hostname,
    status: r.status,
    message: r.message,
    rows: Array.isArray(r.rows) ? r.rows.map((row: unknown) => stringRecord(row)) : [],
    receivedAt: r.receivedAt.toISOString(),
  }));
  return { query: presentQuery(found.query, (await countsOf(ctx, [id])).get(id)), results };
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out[k] = x === null || x === undefined ? '' : String(x);
  return out;
}
