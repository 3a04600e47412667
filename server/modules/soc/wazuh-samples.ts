/**
 * Realistic Wazuh alerts (the shape of /var/ossec/logs/alerts/alerts.json, Wazuh 4.x), used by the
 * tests, the demo data and the bench. Each builder takes the agent and a time; the `id` is the
 * manager's "<epoch>.<offset>" like Wazuh's own.
 */
export interface SampleAgent {
  id: string;
  name: string;
  ip: string;
}

export type SampleKind = 'sshd_bruteforce' | 'web_attack' | 'syscheck' | 'rootcheck' | 'windows_logon_failure' | 'sudo';

let counter = 0;

/** Wazuh's timestamp spelling: "2026-12-03T09:15:02.123+0000". */
export function wazuhTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

function alertId(at: Date, salt: number): string {
  counter += 1;
  return `${Math.floor(at.getTime() / 1000)}.${(salt * 7919 + counter) % 100_000_000}`;
}

export function sampleAlert(kind: SampleKind, agent: SampleAgent, at: Date, opts: { attacker?: string; salt?: number; manager?: string } = {}): Record<string, unknown> {
  const attacker = opts.attacker ?? '203.0.113.45';
  const salt = opts.salt ?? 0;
  const base = {
    timestamp: wazuhTimestamp(at),
    agent: { id: agent.id, name: agent.name, ip: agent.ip },
    manager: { name: opts.manager ?? 'wazuh-manager-ca-tinh' },
    id: alertId(at, salt),
    cluster: { name: 'wazuh', node: 'master' },
  };
  const syslogTime = at.toUTCString().slice(5, 25);
  switch (kind) {
    case 'sshd_bruteforce':
      return {
        ...base,
        rule: {
          level: 10,
          description: 'sshd: brute force trying to get access to the system. Non existent user.',
          id: '5712',
          mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] },
          frequency: 8,
          firedtimes: 1 + (salt % 5),
          mail: false,
          groups: ['syslog', 'sshd', 'authentication_failures'],
          pci_dss: ['11.4', '10.2.4', '10.2.5'],
          gdpr: ['IV_35.7.d', 'IV_32.2'],
        },
        full_log: `${syslogTime} ${agent.name} sshd[${2000 + (salt % 3000)}]: Invalid user admin from ${attacker} port ${40000 + (salt % 20000)}`,
        previous_output: `${syslogTime} ${agent.name} sshd[1990]: Invalid user test from ${attacker} port 40112`,
        predecoder: { program_name: 'sshd', timestamp: syslogTime, hostname: agent.name },
        decoder: { parent: 'sshd', name: 'sshd' },
        data: { srcip: attacker, srcport: String(40000 + (salt % 20000)), srcuser: 'admin' },
        location: '/var/log/auth.log',
      };
    case 'web_attack':
      return {
        ...base,
        rule: {
          level: 6,
          description: 'SQL injection attempt.',
          id: '31103',
          mitre: { id: ['T1190'], tactic: ['Initial Access'], technique: ['Exploit Public-Facing Application'] },
          firedtimes: 1 + (salt % 9),
          mail: false,
          groups: ['web', 'accesslog', 'attack', 'sql_injection'],
          pci_dss: ['6.5', '11.4', '6.5.1'],
        },
        full_log: `${attacker} - - [${syslogTime} +0000] "GET /dvc/tra-cuu?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users-- HTTP/1.1" 200 512 "-" "sqlmap/1.7"`,
        decoder: { name: 'web-accesslog' },
        data: { protocol: 'GET', srcip: attacker, id: '200', url: "/dvc/tra-cuu?id=1' UNION SELECT username,password FROM users--" },
        location: '/var/log/nginx/access.log',
      };
    case 'syscheck':
      return {
        ...base,
        rule: {
          level: 7,
          description: 'Integrity checksum changed.',
          id: '550',
          mitre: { id: ['T1565.001'], tactic: ['Impact'], technique: ['Stored Data Manipulation'] },
          firedtimes: 1,
          mail: false,
          groups: ['ossec', 'syscheck', 'syscheck_entry_modified', 'syscheck_file'],
          pci_dss: ['11.5'],
        },
        full_log: "File '/etc/passwd' modified\nMode: realtime\nChanged attributes: size,mtime,md5,sha1,sha256\n",
        syscheck: {
          path: '/etc/passwd',
          mode: 'realtime',
          size_before: '1788',
          size_after: '1834',
          md5_before: '2b00042f7481c7b056c4b410d28f33cf',
          md5_after: '9f1a2b5c3d4e5f60718293a4b5c6d7e8',
          changed_attributes: ['size', 'mtime', 'md5', 'sha1', 'sha256'],
          event: 'modified',
        },
        decoder: { name: 'syscheck_integrity_changed' },
        location: 'syscheck',
      };
    case 'rootcheck':
      return {
        ...base,
        rule: { level: 7, description: 'Host-based anomaly detection event (rootcheck).', id: '510', firedtimes: 1, mail: false, groups: ['ossec', 'rootcheck'], pci_dss: ['10.6.1'] },
        full_log: "Trojaned version of file '/bin/netstat' detected. Signature used: 'bash|^/bin/sh|file\\.h|proc\\.h|/dev/[^n]|^/bin/.*sh' (Generic).",
        decoder: { name: 'rootcheck' },
        data: { title: 'Trojaned version of file detected.', file: '/bin/netstat' },
        location: 'rootcheck',
      };
    case 'windows_logon_failure':
      return {
        ...base,
        rule: {
          level: 5,
          description: 'Logon failure - Unknown user or bad password.',
          id: '60122',
          mitre: { id: ['T1531'], tactic: ['Impact'], technique: ['Account Access Removal'] },
          firedtimes: 1 + (salt % 4),
          mail: false,
          groups: ['windows', 'windows_security', 'win_authentication_failed'],
        },
        decoder: { name: 'windows_eventchannel' },
        data: {
          win: {
            system: { eventID: '4625', computer: `${agent.name}.ubnd.local`, providerName: 'Microsoft-Windows-Security-Auditing' },
            eventdata: { targetUserName: 'administrator', ipAddress: attacker, logonType: '3' },
          },
        },
        location: 'EventChannel',
      };
    case 'sudo':
      return {
        ...base,
        rule: { level: 3, description: 'Successful sudo to ROOT executed.', id: '5402', firedtimes: 1, mail: false, groups: ['syslog', 'sudo'] },
        full_log: `${syslogTime} ${agent.name} sudo:   quantri : TTY=pts/0 ; PWD=/home/quantri ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`,
        predecoder: { program_name: 'sudo', timestamp: syslogTime, hostname: agent.name },
        decoder: { parent: 'sudo', name: 'sudo', ftscomment: 'First time user executed the sudo command' },
        data: { srcuser: 'quantri', dstuser: 'root', tty: 'pts/0', pwd: '/home/quantri', command: '/usr/bin/systemctl restart nginx' },
        location: '/var/log/auth.log',
      };
  }
}

export const SAMPLE_KINDS: readonly SampleKind[] = ['sshd_bruteforce', 'web_attack', 'syscheck', 'rootcheck', 'windows_logon_failure', 'sudo'];
