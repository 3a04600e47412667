/**
 * deploy/wazuh/khien-forward, the bulk forwarder of Wazuh's alerts.json, run with python3 --once
 * against the real app listening on a real port, through a small counting proxy (which also answers
 * 503 on demand): batches of at most 1,000 lines and under 1 MiB, the position kept across runs, a
 * partial last line held back, rotation, a refused token that advances nothing.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser } from '../../test/factories';
import { SAMPLE_KINDS, sampleAlert } from '../soc/wazuh-samples';

const script = fileURLToPath(new URL('../../../deploy/wazuh/khien-forward', import.meta.url));
let env: TestEnv;
let proxy: Server;
let proxyUrl: string;
let dir: string;
let alertsFile: string;
let stateFile: string;
let tokenFile: string;

/** What reached Khiên through the proxy: lines and bytes per request, and the status answered. */
const requests: { lines: number; bytes: number; status: number }[] = [];
let failNext = 0;
let failWith = 503;

beforeAll(async () => {
  env = await createTestEnv();
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const lines = body.toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
      if (failNext > 0) {
        failNext -= 1;
        requests.push({ lines, bytes: body.length, status: failWith });
        res.writeHead(failWith, { 'content-type': 'application/json' }).end('{"error":"refused"}');
        return;
      }
      void fetch(`${base}${req.url}`, { method: 'POST', headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) }, body })
        .then(async (r) => {
          requests.push({ lines, bytes: body.length, status: r.status });
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text());
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  dir = mkdtempSync(path.join(tmpdir(), 'khien-forward-'));
  alertsFile = path.join(dir, 'alerts.json');
  stateFile = path.join(dir, 'khien-forward.pos');
  tokenFile = path.join(dir, 'token');
  const db = env.database.db;
  const province = await makeProvince(db);
  const commune = await makeCommune(db, province);
  const admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  const r = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'Wazuh manager', orgId: commune.id, actions: ['alert.ingest'] } });
  expect(r.statusCode, r.body).toBe(200);
  writeFileSync(tokenFile, `${r.json<{ secret: string }>().secret}\n`);
});
afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let salt = 0;
/** `n` sample alerts (distinct salts, every kind), one JSON line each, and their ids. */
function alertLines(n: number): { text: string; ids: string[] } {
  const ids: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    salt += 1;
    const a = sampleAlert(SAMPLE_KINDS[salt % SAMPLE_KINDS.length]!, { id: String(100 + (salt % 50)), name: `may-${salt % 50}`, ip: `10.20.${salt % 200}.${salt % 250}` }, new Date(Date.now() - 120_000 + (salt % 60_000)), { salt });
    ids.push(String(a.id));
    lines.push(JSON.stringify(a));
  }
  return { text: lines.map((l) => `${l}\n`).join(''), ids };
}

function run(args: string[] = [], token = tokenFile): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, '--url', proxyUrl, '--token-file', token, '--file', alertsFile, '--state', stateFile, '--once', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function countStored(): Promise<number> {
  const { rows } = await env.database.raw.query(`SELECT count(*)::int AS n FROM alerts WHERE source = 'wazuh'`);
  return Number((rows[0] as { n: number }).n);
}
async function storedIds(ids: string[]): Promise<number> {
  const { rows } = await env.database.raw.query(`SELECT count(*)::int AS n FROM alerts WHERE source_ref = ANY($1::text[])`, [ids]);
  return Number((rows[0] as { n: number }).n);
}
const position = () => readFileSync(stateFile, 'utf8');

describe('Wazuh bulk forwarder (deploy/wazuh/khien-forward)', () => {
  it('sends 1,200 alerts in requests of at most 1,000 lines and under 1 MiB, and keeps its position', async () => {
    const first = alertLines(1200);
    expect(new Set(first.ids).size).toBe(1200);
    writeFileSync(alertsFile, first.text);
    const res = await run(['--batch', '1000']);
    expect(res.code, res.stderr).toBe(0);
    expect(await countStored()).toBe(1200);
    expect(await storedIds(first.ids)).toBe(1200);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((r) => r.status === 200 && r.lines <= 1000 && r.bytes < 1_048_576)).toBe(true);
    expect(requests.reduce((s, r) => s + r.lines, 0)).toBe(1200);
    expect(JSON.parse(position())).toEqual({ inode: statSync(alertsFile).ino, offset: Buffer.byteLength(first.text) });
    expect(res.stderr).toMatch(/sent 1200 lines in \d+ requests: stored 1200, duplicates 0, refused 0/);

    // Nothing new: nothing sent.
    requests.length = 0;
    expect((await run()).code).toBe(0);
    expect(requests).toHaveLength(0);
    expect(await countStored()).toBe(1200);
  });

  it('sends appended lines only, holds back a partial last line and sends it once complete; retries a 503', async () => {
    const more = alertLines(10);
    const partial = alertLines(1);
    const cut = 40;
    appendFileSync(alertsFile, more.text + partial.text.slice(0, cut));
    requests.length = 0;
    failNext = 1; // Khiên is busy once: retried, not skipped
    failWith = 503;
    const res = await run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('attempt 1: Khiên answered 503');
    expect(requests.map((r) => [r.status, r.lines])).toEqual([
      [503, 10],
      [200, 10],
    ]);
    expect(await countStored()).toBe(1210);
    expect(await storedIds(more.ids)).toBe(10);
    expect(await storedIds(partial.ids)).toBe(0);
    expect(JSON.parse(position()).offset).toBe(statSync(alertsFile).size - cut);

    appendFileSync(alertsFile, partial.text.slice(cut));
    requests.length = 0;
    expect((await run()).code).toBe(0);
    expect(requests.map((r) => r.lines)).toEqual([1]);
    expect(await storedIds(partial.ids)).toBe(1);
    expect(await countStored()).toBe(1211);
    expect(JSON.parse(position()).offset).toBe(statSync(alertsFile).size);
  });

  it('skips a line over 1 MiB with a message and sends the lines around it', async () => {
    const before = alertLines(1);
    const after = alertLines(1);
    appendFileSync(alertsFile, before.text + `{"big":"${'x'.repeat(1_100_000)}"}\n` + after.text);
    const res = await run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/skipped a line of \d+ bytes at offset \d+ \(over 1 MiB\)/);
    expect(await storedIds([...before.ids, ...after.ids])).toBe(2);
    expect(JSON.parse(position()).offset).toBe(statSync(alertsFile).size);
  });

  it('logs and skips a batch refused whole (400), so the stream goes on', async () => {
    const refused = alertLines(4);
    appendFileSync(alertsFile, refused.text);
    failNext = 1;
    failWith = 400;
    const res = await run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Khiên refused the whole batch of 4 lines (400)');
    expect(await storedIds(refused.ids)).toBe(0);
    expect(JSON.parse(position()).offset).toBe(statSync(alertsFile).size);
    const next = alertLines(2);
    appendFileSync(alertsFile, next.text);
    expect((await run()).code).toBe(0);
    expect(await storedIds(next.ids)).toBe(2);
  });

  it('starts from the beginning of a rotated file (new inode, fewer bytes)', async () => {
    const oldInode = statSync(alertsFile).ino;
    const rotated = alertLines(5);
    // Written beside, then renamed over: the new file has another inode while the old one still exists.
    writeFileSync(`${alertsFile}.new`, rotated.text);
    renameSync(`${alertsFile}.new`, alertsFile);
    expect(statSync(alertsFile).ino).not.toBe(oldInode);
    const total = await countStored();
    requests.length = 0;
    const res = await run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('rotated');
    expect(await storedIds(rotated.ids)).toBe(5);
    expect(await countStored()).toBe(total + 5);
    expect(JSON.parse(position())).toEqual({ inode: statSync(alertsFile).ino, offset: Buffer.byteLength(rotated.text) });
  });

  it('exits non-zero on a refused token and advances nothing; the right token then sends the lines', async () => {
    const pending = alertLines(3);
    appendFileSync(alertsFile, pending.text);
    const saved = position();
    const wrong = path.join(dir, 'wrong-token');
    writeFileSync(wrong, 'khn_0000_wrong\n');
    const res = await run([], wrong);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('token refused by Khiên (401)');
    expect(position()).toBe(saved);
    expect(existsSync(`${stateFile}.tmp`)).toBe(false);
    expect(await storedIds(pending.ids)).toBe(0);

    expect((await run()).code).toBe(0);
    expect(await storedIds(pending.ids)).toBe(3);
  });

  it('refuses a missing token and a batch above 1,000', async () => {
    const noToken = await run([], path.join(dir, 'missing-token'));
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('configuration');
    const big = await run(['--batch', '1001']);
    expect(big.code).not.toBe(0);
    expect(big.stderr).toContain('--batch must be between 1 and 1000');
  });
});
