/**
 * Durability: every write the server acknowledged survives `kill -9` (STYLE.md §3: reply only after
 * commit). Runs the real server as a child process on a PGlite directory, kills it mid-stream of
 * writes, restarts it on the same directory and reads the writes back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const onPostgres = !!process.env.TEST_DATABASE_URL;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'khien-crash-'));
const PASSWORD = 'Mat-khau-sap-do-2026';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function env(port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, TEST_DATABASE_URL: _t, ...rest } = process.env;
  return { ...rest, KHIEN_DATA_DIR: dataDir, PORT: String(port), KHIEN_SEED_DEMO: 'auto', LOG_LEVEL: 'warn', KHIEN_WEB_DIR: '/nonexistent', NODE_ENV: 'production' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(args: string[], port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: env(port) });
    children.push(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Starts the server and resolves once /readyz answers 200. */
async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready: ${output}`);
}

const Session = z.object({ csrfToken: z.string(), mfa: z.string() });
const Setup = z.object({ secret: z.string() });
const Created = z.object({ secret: z.string() });
const OrgItems = z.object({ items: z.array(z.object({ code: z.string() })), total: z.number() });

function sidOf(res: Response, fallback: string): string {
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('khien_sid='));
  return sid ? (sid.split(';')[0] ?? fallback) : fallback;
}

describe.skipIf(onPostgres)('crash durability (PGlite)', () => {
  it('keeps every acknowledged write after kill -9 and a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const admin = await run(['server/cli.ts', 'create-admin', '--username', 'qtv.crash', '--full-name', 'Quản trị thử', '--password', PASSWORD, '--province-code', 'TQ', '--province-name', 'UBND tỉnh Tuyên Quang'], port);
    expect(admin.code, admin.output).toBe(0);

    const first = await startServer(port);
    // Sign in, then enrol two-factor authentication as a new administrator must.
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'qtv.crash', password: PASSWORD }) });
    expect(login.status).toBe(200);
    let cookie = sidOf(login, '');
    let session = Session.parse(await login.json());
    expect(session.mfa).toBe('enroll');
    const post = (url: string, body: unknown) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken }, body: JSON.stringify(body) });
    const setup = await fetch(`${base}/api/auth/totp/setup`, { method: 'POST', headers: { cookie, 'x-csrf-token': session.csrfToken } });
    const { secret } = Setup.parse(await setup.json());
    const enable = await post('/api/auth/totp/enable', { code: await generate({ secret }) });
    expect(enable.status).toBe(200);
    cookie = sidOf(enable, cookie);
    session = Session.parse(await enable.json());
    expect(session.mfa).toBe('none');

    // A read-only API token, to read back after the restart without a second TOTP sign-in.
    const roots = OrgItems.extend({ items: z.array(z.object({ id: z.string(), code: z.string() })) }).parse(await (await fetch(`${base}/api/orgs?roots=true`, { headers: { cookie } })).json());
    const province = roots.items[0];
    if (!province) throw new Error('no province');
    const tokenRes = await post('/api/tokens', { name: 'crash-test', orgId: province.id, actions: ['org.read'], expiresInDays: 1 });
    expect(tokenRes.status).toBe(200);
    const token = Created.parse(await tokenRes.json()).secret;

    // Writes, 8 in flight, until 40 are acknowledged; then kill -9 with more in flight.
    const acknowledged: string[] = [];
    let n = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const code = `CRASH${String(n++).padStart(4, '0')}`;
        const ok = await post('/api/orgs', { code, name: `Đơn vị ${code}`, kind: 'unit', parentId: province.id }).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok && !killed) acknowledged.push(code);
        if (acknowledged.length >= 40 && !killed) {
          killed = true;
          first.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await new Promise<void>((resolve) => (first.exitCode !== null || first.signalCode !== null ? resolve() : first.once('exit', () => resolve())));
    expect(first.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const second = await startServer(port);
    const list = await fetch(`${base}/api/orgs?parentId=${province.id}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const present = new Set(OrgItems.parse(await list.json()).items.map((o) => o.code));
    const lost = acknowledged.filter((c) => !present.has(c));
    expect(lost).toEqual([]);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }, 90_000);
});

// The PostgreSQL server guarantees its own durability; this test is about the embedded database.
if (onPostgres) console.log('[crash.test] runs on PGlite only (unset TEST_DATABASE_URL to run it)');
