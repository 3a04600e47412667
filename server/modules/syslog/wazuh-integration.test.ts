/**
 * deploy/wazuh/custom-khien, the Wazuh custom integration script, run with python3 exactly as
 * wazuh-integratord runs it (argv: alert file, api_key, hook_url) against the real app listening on a
 * real port: the alert is stored; a wrong token stores nothing and fails the script.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeCommune, makeProvince, makeUser } from '../../test/factories';
import type { OrgRow } from '../../db/schema';
import { sampleAlert } from '../soc/wazuh-samples';

const script = fileURLToPath(new URL('../../../deploy/wazuh/custom-khien', import.meta.url));
let env: TestEnv;
let base: string;
let dir: string;
let commune: OrgRow;
let secret: string;

beforeAll(async () => {
  env = await createTestEnv();
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'khien-wazuh-'));
  const db = env.database.db;
  const province = await makeProvince(db);
  commune = await makeCommune(db, province);
  const admin = await login(env.app, await makeUser(db, { org: province, role: 'admin' }));
  const r = await env.app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: 'Wazuh manager', orgId: commune.id, actions: ['alert.ingest'] } });
  expect(r.statusCode, r.body).toBe(200);
  secret = r.json<{ secret: string }>().secret;
});
afterAll(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function storedWith(ref: string) {
  return (await env.database.raw.query(`SELECT org_id, source, rule_id, severity FROM alerts WHERE source_ref = $1`, [ref])).rows as { org_id: string; source: string; rule_id: string; severity: string }[];
}

describe('Wazuh custom integration script (deploy/wazuh/custom-khien)', () => {
  it('posts the alert file with the token and Khiên stores it for the token’s unit', async () => {
    const alert = sampleAlert('sshd_bruteforce', { id: '012', name: 'cong-dich-vu-cong', ip: '10.10.5.20' }, new Date(Date.now() - 60_000));
    const file = path.join(dir, 'alert-1.json');
    writeFileSync(file, JSON.stringify(alert));
    // hook_url as a bare base URL: the script appends /api/alerts/wazuh.
    const res = await run([file, secret, base]);
    expect(res.code, res.stderr).toBe(0);
    const rows = await storedWith(String(alert.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ org_id: commune.id, source: 'wazuh' });
    // Sent again (Wazuh retried): still one row, and the script still succeeds.
    expect((await run([file, secret, `${base}/api/alerts/wazuh`])).code).toBe(0);
    expect(await storedWith(String(alert.id))).toHaveLength(1);
  });

  it('fails without retrying when the token is refused, and stores nothing', async () => {
    const alert = sampleAlert('web_attack', { id: '013', name: 'web', ip: '10.10.5.21' }, new Date(Date.now() - 60_000));
    const file = path.join(dir, 'alert-2.json');
    writeFileSync(file, JSON.stringify(alert));
    const res = await run([file, 'khn_0000_wrong', base]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('refused by Khiên (401)');
    expect(await storedWith(String(alert.id))).toHaveLength(0);
  });

  it('fails cleanly on a missing argument or an unreadable alert file', async () => {
    expect((await run([path.join(dir, 'missing.json'), secret, base])).code).toBe(1);
    const usage = await run([]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage');
  });
});
