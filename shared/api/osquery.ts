/**
 * osquery's remote TLS API (enroll, config, log, distributed read/write) — osquery's own shapes, not
 * ours. Source: osquery's documentation "Remotely interfacing osquery"
 * (docs/wiki/deployment/remote.md) and its client code: the enroll request built by
 * osquery/remote/enroll/plugins/tls_enroll.cpp (every host_details value is a string, platform_type
 * is a decimal string), the request helper osquery/remote/utility.h (`node_key` is added to every
 * request body; a response with `node_invalid: true` clears the node key and re-enrols; a response
 * with an `error` key fails the request whatever the HTTP status, which osquery does not look at),
 * and the result/status log lines of the filesystem logger (docs/wiki/deployment/logging.md).
 *
 * Bodies are parsed leniently (osquery adds keys between versions): unknown keys are kept and
 * ignored. Sizes are capped so that a broken or hostile agent cannot make the server work hard.
 */
import { z } from 'zod';

/** Where the server serves osquery's API (prefix of the osquery routes; the flag file points here). */
export const OSQUERY_PREFIX = '/api/osquery';
export const OSQUERY_PATHS = {
  enroll: `${OSQUERY_PREFIX}/enroll`,
  config: `${OSQUERY_PREFIX}/config`,
  log: `${OSQUERY_PREFIX}/log`,
  distributedRead: `${OSQUERY_PREFIX}/distributed/read`,
  distributedWrite: `${OSQUERY_PREFIX}/distributed/write`,
} as const;

/** A column value as osquery sends it: strings (numbers when --logger_numerics is on). */
const Cell = z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]);
/** One row of a result: column name → value. */
export const OsqueryRow = z.record(z.string().max(256), Cell);
export type OsqueryRow = z.infer<typeof OsqueryRow>;

const NodeKey = z.string().max(512);
const Details = z.record(z.string().max(256), Cell);

/** POST enroll (tls_enroll.cpp requestKey). The secret's key name is `enroll_secret` unless overridden. */
export const EnrollRequest = z.looseObject({
  enroll_secret: z.string().max(1024),
  host_identifier: z.string().max(1024).default(''),
  platform_type: z.union([z.string().max(32), z.number()]).optional(),
  host_details: z
    .looseObject({
      os_version: Details.optional(),
      osquery_info: Details.optional(),
      system_info: Details.optional(),
      platform_info: Details.optional(),
    })
    .default({}),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

/** POST config and distributed/read: only the node key. */
export const NodeRequest = z.looseObject({ node_key: NodeKey });
export type NodeRequest = z.infer<typeof NodeRequest>;

/**
 * One result log line (docs/wiki/deployment/logging.md): an event-format differential (`columns` +
 * `action` 'added' | 'removed'), a snapshot (`action` 'snapshot' + `snapshot` rows) or a batch
 * differential (`diffResults` {added, removed}), with name, hostIdentifier, calendarTime, unixTime,
 * epoch, counter, numerics and decorations.
 */
export const ResultLine = z.looseObject({
  name: z.string().max(1024),
  hostIdentifier: z.string().max(1024).optional(),
  calendarTime: z.string().max(128).optional(),
  unixTime: z.union([z.number(), z.string().max(32)]).optional(),
  epoch: z.union([z.number(), z.string().max(32)]).optional(),
  counter: z.union([z.number(), z.string().max(32)]).optional(),
  numerics: z.union([z.boolean(), z.string().max(8)]).optional(),
  decorations: Details.optional(),
  action: z.enum(['added', 'removed', 'snapshot']).optional(),
  columns: OsqueryRow.optional(),
  snapshot: z.array(OsqueryRow).max(100_000).optional(),
  diffResults: z.looseObject({ added: z.array(OsqueryRow).max(100_000).default([]), removed: z.array(OsqueryRow).max(100_000).default([]) }).optional(),
});
export type ResultLine = z.infer<typeof ResultLine>;

/** A status log line (glog): severity 0 info, 1 warning, 2 error, 3 fatal. */
export const StatusLine = z.looseObject({
  hostIdentifier: z.string().max(1024).optional(),
  calendarTime: z.string().max(128).optional(),
  unixTime: z.union([z.number(), z.string().max(32)]).optional(),
  severity: z.union([z.number(), z.string().max(8)]).optional(),
  filename: z.string().max(1024).optional(),
  line: z.union([z.number(), z.string().max(16)]).optional(),
  message: z.string().max(65_536).optional(),
  version: z.string().max(64).optional(),
});
export type StatusLine = z.infer<typeof StatusLine>;

/** POST log (tls logger): `data` holds the lines; result lines are validated one by one. */
export const LogRequest = z.looseObject({
  node_key: NodeKey,
  log_type: z.enum(['result', 'status']),
  data: z.array(z.unknown()).max(100_000),
});
export type LogRequest = z.infer<typeof LogRequest>;

/** POST distributed/write: rows per query id, and (osquery ≥ 2.1.2) SQLite status codes and messages. */
export const DistributedWriteRequest = z.looseObject({
  node_key: NodeKey,
  queries: z.record(z.string().max(128), z.union([z.array(OsqueryRow).max(100_000), z.string().max(0), z.null()])).default({}),
  statuses: z.record(z.string().max(128), z.union([z.number().int(), z.string().max(16)])).default({}),
  messages: z.record(z.string().max(128), z.string().max(65_536)).default({}),
});
export type DistributedWriteRequest = z.infer<typeof DistributedWriteRequest>;

/** Responses. `node_invalid: true` makes osquery drop its node key and enrol again. */
export interface EnrollResponse {
  node_key: string;
  node_invalid: false;
}
export interface NodeInvalidResponse {
  node_invalid: true;
  error: string;
}
export interface OsqueryErrorResponse {
  error: string;
  node_invalid?: boolean;
}
export interface ScheduledQuery {
  query: string;
  interval: number;
  snapshot?: boolean;
  removed?: boolean;
  /** 'windows' | 'linux' | 'darwin' | 'posix' | 'any' (osquery's pack/schedule `platform` key). */
  platform?: string;
  description?: string;
}
export interface OsqueryConfig {
  schedule: Record<string, ScheduledQuery>;
  options: Record<string, string | number | boolean>;
  decorators?: { load?: string[]; always?: string[]; interval?: Record<string, string[]> };
  node_invalid: false;
}
export interface DistributedReadResponse {
  queries: Record<string, string>;
  node_invalid: false;
}
