/**
 * The agent listener's TLS certificate: the files named by KHIEN_AGENT_TLS_CERT / KHIEN_AGENT_TLS_KEY,
 * or else a self-signed certificate generated once into <dataDir>/agent-tls/ (the demo's case), for
 * the name agents connect to (KHIEN_AGENT_HOSTNAME) plus localhost. Agents pin it with
 * --tls_server_certs, so the same PEM is handed out with every new enrol secret.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import type { Config } from '../../config';

export interface AgentTls {
  cert: string;
  key: string;
  /** Where the certificate came from (a configured file, or the generated one). */
  certPath: string;
  generated: boolean;
}

const loading = new Map<string, Promise<AgentTls>>();

export function agentTlsDir(config: Config): string {
  return path.join(config.dataDir, 'agent-tls');
}

async function generateInto(dir: string, hostname: string): Promise<AgentTls> {
  const certPath = path.join(dir, 'server.crt');
  const keyPath = path.join(dir, 'server.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, generated: true };
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  const now = new Date();
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }];
  if (hostname !== 'localhost' && hostname !== '127.0.0.1') altNames.unshift(isIP(hostname) ? { type: 7, ip: hostname } : { type: 2, value: hostname });
  // selfsigned (and its crypto library) is loaded only the one time a certificate is generated.
  const { generate } = await import('selfsigned');
  const pems = await generate(
    [
      { name: 'commonName', value: hostname },
      { name: 'organizationName', value: 'Khien' },
    ],
    {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  // Both files are written into a fresh folder that is then renamed into place in one step, so that
  // two processes starting at once never pair one's key with the other's certificate: the loser
  // of the rename reads the winner's pair.
  const staging = mkdtempSync(`${dir}.tmp-`);
  writeFileSync(path.join(staging, 'server.key'), pems.private, { mode: 0o600 });
  writeFileSync(path.join(staging, 'server.crt'), pems.cert, { mode: 0o644 });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, generated: true };
  }
  chmodSync(dir, 0o700);
  return { cert: pems.cert, key: pems.private, certPath, generated: true };
}

/** The certificate and key (generated on first use when none is configured). */
export function agentTls(config: Config): Promise<AgentTls> {
  if (config.agentTlsCert && config.agentTlsKey) {
    const certPath = config.agentTlsCert;
    const keyPath = config.agentTlsKey;
    return Promise.resolve({ cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, generated: false });
  }
  const dir = agentTlsDir(config);
  let p = loading.get(dir);
  if (!p) {
    p = generateInto(dir, config.agentHostname);
    p.catch(() => loading.delete(dir));
    loading.set(dir, p);
  }
  return p;
}
