/**
 * The real Khiên server for browser journeys: `node --import tsx server/main.ts` in a child process,
 * on an embedded database in a temporary folder, a free port and the demo data. Builds nothing,
 * except `vite build` once when dist/web is missing. `setupJourney` gives a journey file its server,
 * chromium and a scratch folder for the whole file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export function ensureWebBuilt(): void {
  if (existsSync(path.join(root, 'dist', 'web', 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${String(r.status)})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startServer(timeoutMs = 90_000): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'khien-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    KHIEN_DATA_DIR: dataDir,
    KHIEN_SEED_DEMO: 'auto',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.KHIEN_PUBLIC_URL;
  delete env.KHIEN_WEB_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return { baseUrl, port, dataDir, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server did not become ready on ${baseUrl} (exit ${String(child.exitCode)}):\n${log}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What a journey file gets from `setupJourney`; read it inside tests (it is set once `beforeAll` ran). */
export interface JourneySetup {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A temporary folder of this file's own, for files the journey writes or downloads. */
  readonly workDir: string;
}

/**
 * Registers the file's `beforeAll`/`afterAll`: builds the web app if dist/web is missing, starts the
 * server on the demo data, launches chromium and makes a scratch folder (`khien-e2e-<name>-…`);
 * afterwards closes chromium, stops the server and removes the folder.
 */
export function setupJourney(name: string, opts: { startTimeoutMs?: number } = {}): JourneySetup {
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let workDir: string | undefined;

  beforeAll(
    async () => {
      ensureWebBuilt();
      server = await startServer(startTimeoutMs);
      browser = await launchChromium();
      workDir = mkdtempSync(path.join(tmpdir(), `khien-e2e-${name}-`));
    },
    // The project's hook timeout (vitest.config.ts), or more when the server is given longer to start.
    Math.max(180_000, startTimeoutMs + 60_000),
  );

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`setupJourney(${name}): ${what} is read before beforeAll ran (or it failed)`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'the server');
    },
    get browser() {
      return ready(browser, 'chromium');
    },
    get workDir() {
      return ready(workDir, 'the scratch folder');
    },
  };
}
