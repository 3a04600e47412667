/**
 * The agent HTTPS listener (server/agent-listener.ts): generates its self-signed certificate once into
 * <dataDir>/agent-tls/, answers osquery's enroll over TLS to a client that pins that certificate
 * (as osquery does with --tls_server_certs), and serves nothing but the osquery routes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness';
import { login, makeProvince, makeUser } from '../../test/factories';
import { startAgentListener, type AgentListener } from '../../agent-listener';
import { parseConfig } from '../../config';

let env: TestEnv;
let listener: AgentListener | null = null;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'khien-agent-tls-'));
  env = await createTestEnv({ config: { KHIEN_DATA_DIR: dataDir, KHIEN_AGENT_PORT: '0', KHIEN_AGENT_HOST: '127.0.0.1' } });
  listener = await startAgentListener({ config: env.config, database: env.database, jobs: env.jobs, logger: false });
});
afterAll(async () => {
  await listener?.close();
  await env?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function httpsPost(port: number, urlPath: string, body: unknown, ca: string): Promise<{ status: number; json: unknown; protocol: string }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, method: 'POST', ca, servername: 'localhost', headers: { 'content-type': 'application/json', 'content-length': data.length, 'user-agent': 'osquery/5.12.1' } },
      (res) => {
        const chunks: Buffer[] = [];
        const sock = res.socket as unknown as { getProtocol?: () => string | null } | null;
        const protocol = sock?.getProtocol?.() ?? '';
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')), protocol });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('agent TLS listener', () => {
  it('is off with KHIEN_AGENT_PORT=off', async () => {
    const off = parseConfig({ NODE_ENV: 'test', KHIEN_AGENT_PORT: 'off' });
    expect(off.agentPort).toBeNull();
    expect(await startAgentListener({ config: off, database: env.database, jobs: env.jobs, logger: false })).toBeNull();
  });

  it('generates its certificate once into <dataDir>/agent-tls and enrols over https with it pinned', async () => {
    if (!listener) throw new Error('listener not started');
    const certPath = path.join(dataDir, 'agent-tls', 'server.crt');
    const keyPath = path.join(dataDir, 'agent-tls', 'server.key');
    expect(existsSync(certPath)).toBe(true);
    expect(statSync(keyPath).mode & 0o077).toBe(0);
    const ca = readFileSync(certPath, 'utf8');
    expect(listener.port).toBeGreaterThan(0);

    const db = env.database.db;
    const province = await makeProvince(db);
    const officer = await login(env.app, await makeUser(db, { org: province, role: 'security_officer' }));
    const created = await env.app.inject({ method: 'POST', url: '/api/agents/secrets', headers: officer.headers, payload: { orgId: province.id, name: 'TLS' } });
    expect(created.statusCode, created.body).toBe(200);
    const secret = created.json<{ secret: string; serverCertificate: string }>();
    // The certificate handed out with the secret is the one the listener presents.
    expect(secret.serverCertificate).toBe(ca);

    const uuid = randomUUID().toUpperCase();
    const enroll = await httpsPost(
      listener.port,
      '/api/osquery/enroll',
      { enroll_secret: secret.secret, host_identifier: uuid, platform_type: '9', host_details: { system_info: { uuid, hostname: 'ubuntu-01', hardware_serial: 'VMW-123' }, os_version: { name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', platform: 'ubuntu', platform_like: 'debian' } } },
      ca,
    );
    expect(enroll.status).toBe(200);
    expect(enroll.protocol).toMatch(/^TLSv1\.[23]$/);
    const nodeKey = (enroll.json as { node_key: string }).node_key;
    expect(nodeKey.length).toBeGreaterThanOrEqual(43);
    const config = await httpsPost(listener.port, '/api/osquery/config', { node_key: nodeKey }, ca);
    expect(config.status).toBe(200);
    expect(Object.keys((config.json as { schedule: object }).schedule).length).toBeGreaterThan(5);
    const bad = await httpsPost(listener.port, '/api/osquery/config', { node_key: 'nope-nope-nope-nope' }, ca);
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ node_invalid: true });
    // Only osquery's routes: the people's API is not served here.
    const other = await httpsPost(listener.port, '/api/agents/secrets', {}, ca);
    expect(other.status).toBe(404);
    const [ep] = (await env.database.raw.query(`SELECT os_platform, hostname FROM endpoints WHERE hardware_uuid = $1`, [uuid])).rows;
    expect(ep).toEqual({ os_platform: 'linux', hostname: 'ubuntu-01' });
  });

  it('fails cleanly on a busy port (the caller carries on without agents)', async () => {
    if (!listener) throw new Error('listener not started');
    await expect(startAgentListener({ config: env.config, database: env.database, jobs: env.jobs, logger: false }, { port: listener.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });

  it('refuses a client that does not trust the certificate (no silent fallback to plain HTTP)', async () => {
    if (!listener) throw new Error('listener not started');
    await expect(httpsPost(listener.port, '/api/osquery/enroll', {}, '')).rejects.toThrow();
  });
});
