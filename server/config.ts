import { z } from 'zod';
import path from 'node:path';

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** A PostgreSQL URL switches from the embedded database to a real server. */
  DATABASE_URL: z.string().url().optional(),
  KHIEN_DATA_DIR: z.string().default('./data'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KHIEN_PUBLIC_URL: z.string().url().optional(),
  /** Behind a TLS-terminating load balancer: trust X-Forwarded-* and send HSTS. */
  KHIEN_TRUST_PROXY: Bool.default(false),
  KHIEN_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  KHIEN_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  KHIEN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  KHIEN_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  KHIEN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Khiên <khien@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KHIEN_WEB_DIR: z.string().default('./dist/web'),
  /** Run background jobs in this instance (turn off on web-only instances). */
  KHIEN_WORKER: Bool.default(true),
  /**
   * Who sends a unit's level dossier to the police: its head only, or its security officer once the
   * head has endorsed the version (issue #3).
   */
  KHIEN_DOSSIER_SUBMIT: z.enum(['head', 'officer_with_head_endorsement']).default('officer_with_head_endorsement'),
  /** HTTPS listener for osquery agents (issue #4): a port, 0 for any free port, or `off`. */
  KHIEN_AGENT_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default(8443),
  /** Address the agent listener binds to (default: HOST). */
  KHIEN_AGENT_HOST: z.string().optional(),
  /** The name agents connect to (--tls_hostname, and the generated certificate's name). */
  KHIEN_AGENT_HOSTNAME: z.string().regex(/^[A-Za-z0-9.:-]+$/).max(253).optional(),
  /** PEM files of the agent listener's certificate and key; when absent a self-signed pair is generated into <dataDir>/agent-tls/. */
  KHIEN_AGENT_TLS_CERT: z.string().optional(),
  KHIEN_AGENT_TLS_KEY: z.string().optional(),
  /** Syslog/CEF listener (issue #5): UDP and TCP on one port, `off` (the default) or 0 for any free port (tests). */
  KHIEN_SYSLOG_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default('off'),
  /** Address the syslog listener binds to (default: HOST). */
  KHIEN_SYSLOG_HOST: z.string().optional(),
  /**
   * UDP receive buffer the syslog listener asks the kernel for, in bytes (default 8 MiB): it holds a
   * burst while the process is busy. Linux grants at most net.core.rmem_max (sysctl).
   */
  KHIEN_SYSLOG_RCVBUF: z.coerce.number().int().min(65_536).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
});

export type Config = ReturnType<typeof parseConfig>;

export function parseConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = Env.parse(env);
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.KHIEN_DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.KHIEN_PUBLIC_URL,
    trustProxy: e.KHIEN_TRUST_PROXY,
    seedDemo: e.KHIEN_SEED_DEMO,
    sessionHours: e.KHIEN_SESSION_HOURS,
    sessionIdleMinutes: e.KHIEN_SESSION_IDLE_MINUTES,
    loginMaxFailures: e.KHIEN_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.KHIEN_LOCKOUT_MINUTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    webDir: path.resolve(e.KHIEN_WEB_DIR),
    worker: e.KHIEN_WORKER,
    dossierSubmitMode: e.KHIEN_DOSSIER_SUBMIT,
    agentPort: e.KHIEN_AGENT_PORT === 'off' ? null : e.KHIEN_AGENT_PORT,
    agentHost: e.KHIEN_AGENT_HOST ?? e.HOST,
    agentHostname: e.KHIEN_AGENT_HOSTNAME ?? agentHostnameOf(e.KHIEN_PUBLIC_URL),
    agentTlsCert: e.KHIEN_AGENT_TLS_CERT ? path.resolve(e.KHIEN_AGENT_TLS_CERT) : undefined,
    agentTlsKey: e.KHIEN_AGENT_TLS_KEY ? path.resolve(e.KHIEN_AGENT_TLS_KEY) : undefined,
    syslogPort: e.KHIEN_SYSLOG_PORT === 'off' ? null : e.KHIEN_SYSLOG_PORT,
    syslogHost: e.KHIEN_SYSLOG_HOST ?? e.HOST,
    syslogRecvBufferBytes: e.KHIEN_SYSLOG_RCVBUF,
  };
}

/** The host name of the public URL (agents reach the same machine), or localhost. */
function agentHostnameOf(publicUrl: string | undefined): string {
  if (!publicUrl) return 'localhost';
  return new URL(publicUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
}
