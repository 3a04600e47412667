/** Opens the database (PGlite directory or DATABASE_URL) → migrates → seeds demo data if empty → listens. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from './config';
import { openDatabase } from './db/connect';
import { migrate } from './db/migrate';
import { createJobs } from './jobs/queue';
import { createMailer } from './jobs/mailer';
import { startWorkers } from './jobs/workers';
import { buildApp } from './app';
import { startAgentListener } from './agent-listener';
import { startSyslogListener } from './syslog-listener';
import { isEmpty, seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seed';

const started = Date.now();
const config = parseConfig();
if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
const database = config.databaseUrl
  ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
  : await openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
await migrate(database);
const jobs = createJobs(database);
const app = await buildApp({ config, database, jobs });
let seeded = false;
if (config.seedDemo === 'auto' && (await isEmpty(database.db))) {
  await seedDemo(database.db);
  seeded = true;
}
if (config.worker) {
  await jobs.start({ schedule: true });
  // The one job context: this process's configuration, database, queue, clock and logger.
  const worker = { db: database.db, database, config, jobs, clock: () => new Date(), log: app.log };
  await startWorkers(worker, createMailer(config, (o, m) => app.log.warn(o, m)));
}
await app.listen({ host: config.host, port: config.port });
// osquery agents' HTTPS listener (KHIEN_AGENT_PORT; off turns it off). A busy port does not stop the
// platform itself (several instances on one machine, tests): it is reported, and agents stay off here.
let agentsError = '';
const agents = await startAgentListener({ config, database, jobs }).catch((err: unknown) => {
  agentsError = err instanceof Error ? err.message : String(err);
  app.log.warn({ err }, 'agent listener not started');
  return null;
});
// Syslog/CEF listener (KHIEN_SYSLOG_PORT, UDP and TCP; off unless set), writing through the app's alert writer.
let syslogError = '';
const syslog = await startSyslogListener({ config, database, writer: app.alerts, log: app.log }).catch((err: unknown) => {
  syslogError = err instanceof Error ? err.message : String(err);
  app.log.warn({ err }, 'syslog listener not started');
  return null;
});
const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
const lines = [
  '',
  `  Khiên đang chạy tại / is running at: ${url}`,
  `  Cơ sở dữ liệu / database: ${database.kind === 'pglite' ? `PGlite (${path.join(config.dataDir, 'pglite')})` : 'PostgreSQL'}`,
  agents
    ? `  Tác tử osquery / osquery agents: ${agents.url}/api/osquery (chứng thư / certificate: ${agents.certPath})`
    : `  Tác tử osquery / osquery agents: tắt / off${agentsError ? ` (${agentsError})` : ''}`,
  syslog
    ? `  Syslog/CEF (UDP + TCP): ${syslog.host}:${syslog.port}`
    : `  Syslog/CEF: tắt / off${syslogError ? ` (${syslogError})` : ' (KHIEN_SYSLOG_PORT)'}`,
  `  Khởi động trong / started in ${Date.now() - started} ms`,
];
if (seeded || config.seedDemo === 'auto') {
  lines.push('', `  Tài khoản dùng thử / demo accounts (mật khẩu / password: ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(14)} ${a.description}`);
  lines.push('  (Quản trị viên và Công an tỉnh sẽ được hướng dẫn cài xác thực hai lớp ở lần đăng nhập đầu.)');
  lines.push('  (Administrators and police accounts set up two-factor authentication at first sign-in.)');
}
process.stdout.write(`${lines.join('\n')}\n\n`);

async function shutdown(signal: string) {
  app.log.info({ signal }, 'shutting down');
  await agents?.close();
  await syslog?.close();
  await app.close();
  await jobs.stop();
  await database.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
