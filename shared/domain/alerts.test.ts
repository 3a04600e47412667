import { describe, expect, it } from 'vitest';
import { normaliseWazuhAlert, parseWazuhTimestamp, severityFromCef, severityFromWazuhLevel } from './alerts';

const NOW = new Date('2026-12-03T10:00:00Z');

// Alerts as Wazuh 4.x writes them to alerts.json (and hands to a custom integration).
const sshdBruteForce = {
  timestamp: '2026-12-03T09:15:02.123+0000',
  rule: {
    level: 10,
    description: 'sshd: brute force trying to get access to the system. Non existent user.',
    id: '5712',
    mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] },
    frequency: 8,
    firedtimes: 1,
    mail: false,
    groups: ['syslog', 'sshd', 'authentication_failures'],
    pci_dss: ['11.4', '10.2.4', '10.2.5'],
  },
  agent: { id: '003', name: 'DVC-WEB-01', ip: '10.20.1.15' },
  manager: { name: 'wazuh-manager' },
  id: '1796289302.5231845',
  full_log: 'Dec  3 09:15:01 DVC-WEB-01 sshd[24811]: Invalid user admin from 203.0.113.45 port 52344',
  predecoder: { program_name: 'sshd', timestamp: 'Dec  3 09:15:01', hostname: 'DVC-WEB-01' },
  decoder: { parent: 'sshd', name: 'sshd' },
  data: { srcip: '203.0.113.45', srcport: '52344', srcuser: 'admin' },
  location: '/var/log/auth.log',
};

const webAttack = {
  timestamp: '2026-12-03T08:01:44.900+0700',
  rule: { level: 6, description: 'SQL injection attempt.', id: '31103', firedtimes: 3, mail: false, groups: ['web', 'accesslog', 'attack', 'sql_injection'] },
  agent: { id: '007', name: 'cong-dvc', ip: '10.20.1.20' },
  manager: { name: 'wazuh-manager' },
  id: '1796259704.911',
  full_log: '198.51.100.7 - - [03/Dec/2026:08:01:44 +0700] "GET /tra-cuu?id=1%27%20OR%201=1-- HTTP/1.1" 200 512 "-" "sqlmap/1.7"',
  decoder: { name: 'web-accesslog' },
  data: { protocol: 'GET', srcip: '198.51.100.7', id: '200', url: "/tra-cuu?id=1' OR 1=1--" },
  location: '/var/log/nginx/access.log',
};

const syscheck = {
  timestamp: '2026-12-02T22:40:10.002+0000',
  rule: { level: 7, description: 'Integrity checksum changed.', id: '550', firedtimes: 1, mail: false, groups: ['ossec', 'syscheck', 'syscheck_entry_modified', 'syscheck_file'] },
  agent: { id: '012', name: 'csdl-dan-cu', ip: '10.20.3.4' },
  manager: { name: 'wazuh-manager' },
  id: '1796251210.77',
  full_log: "File '/etc/passwd' modified\nMode: realtime\n",
  syscheck: { path: '/etc/passwd', mode: 'realtime', event: 'modified', changed_attributes: ['size', 'md5'] },
  decoder: { name: 'syscheck_integrity_changed' },
  location: 'syscheck',
};

const rootcheck = {
  timestamp: '2026-12-03T01:00:00.000+0000',
  rule: { level: 7, description: 'Host-based anomaly detection event (rootcheck).', id: '510', firedtimes: 1, mail: false, groups: ['ossec', 'rootcheck'] },
  agent: { id: '012', name: 'csdl-dan-cu', ip: '10.20.3.4' },
  manager: { name: 'wazuh-manager' },
  id: '1796259600.12',
  full_log: "Trojaned version of file '/bin/netstat' detected.",
  decoder: { name: 'rootcheck' },
  data: { title: 'Trojaned version of file detected.', file: '/bin/netstat' },
  location: 'rootcheck',
};

// An event the manager itself received over syslog from a firewall: agent 000, host in the predecoder.
const managerSyslog = {
  timestamp: '2026-12-03T09:30:00.000+0000',
  rule: { level: 12, description: 'Multiple IDS alerts for same id.', id: '20152', groups: ['ids', 'multiple_ids'] },
  agent: { id: '000', name: 'wazuh-manager' },
  manager: { name: 'wazuh-manager' },
  id: '1796290200.1',
  predecoder: { hostname: 'fw-trung-tam' },
  data: { srcip: '192.0.2.9', dstip: '10.20.1.15', dstport: 443 },
  location: '10.20.0.1',
};

function ok(input: unknown) {
  const r = normaliseWazuhAlert(input, NOW);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.alert;
}

describe('severity from the Wazuh level', () => {
  it('follows the documented table at each boundary', () => {
    expect([0, 4, 5, 7, 8, 11, 12, 15].map(severityFromWazuhLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
  it('clamps and survives nonsense', () => {
    expect(severityFromWazuhLevel(16)).toBe('critical');
    expect(severityFromWazuhLevel(-3)).toBe('low');
    expect(severityFromWazuhLevel(Number.NaN)).toBe('low');
  });
});

describe('severity from CEF', () => {
  it('maps numbers 0–10 and the words', () => {
    expect(['0', '3', '4', '6', '7', '8', '9', '10'].map(severityFromCef)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(['Low', 'Medium', 'High', 'Very-High', 'Unknown', ''].map(severityFromCef)).toEqual(['low', 'medium', 'high', 'critical', 'low', 'low']);
  });
});

describe('Wazuh timestamps', () => {
  it('reads the +0000 spelling, a +0700 offset and Z', () => {
    expect(parseWazuhTimestamp('2026-12-03T09:15:02.123+0000', NOW)?.toISOString()).toBe('2026-12-03T09:15:02.123Z');
    expect(parseWazuhTimestamp('2026-12-03T08:01:44.900+0700', NOW)?.toISOString()).toBe('2026-12-03T01:01:44.900Z');
    expect(parseWazuhTimestamp('2026-12-03T08:01:44Z', NOW)?.toISOString()).toBe('2026-12-03T08:01:44.000Z');
  });
  it('refuses garbage, far-future and ancient dates', () => {
    expect(parseWazuhTimestamp('yesterday', NOW)).toBeNull();
    expect(parseWazuhTimestamp('2027-12-03T08:01:44Z', NOW)).toBeNull();
    expect(parseWazuhTimestamp('1970-01-01T00:00:00Z', NOW)).toBeNull();
    expect(parseWazuhTimestamp(1234, NOW)).toBeNull();
  });
});

describe('normaliseWazuhAlert', () => {
  it('sshd brute force: rule, level 10 → high, source address and port (a string in Wazuh), agent as identifiers', () => {
    const a = ok(sshdBruteForce);
    expect(a).toMatchObject({
      source: 'wazuh',
      sourceRef: '1796289302.5231845',
      ruleId: '5712',
      ruleName: 'sshd: brute force trying to get access to the system. Non existent user.',
      ruleGroups: ['syslog', 'sshd', 'authentication_failures'],
      severity: 'high',
      sourceSeverity: '10',
      host: 'DVC-WEB-01',
      hostIp: '10.20.1.15',
      srcIp: '203.0.113.45',
      srcPort: 52344,
      dstIp: null,
      dstPort: null,
    });
    expect(a.occurredAt.toISOString()).toBe('2026-12-03T09:15:02.123Z');
    expect(a.identifiers).toEqual(['dvc-web-01', 'wazuh-manager:003', '10.20.1.15']);
    expect(a.raw).toBe(sshdBruteForce);
  });

  it('web attack: level 6 → medium, time with a +0700 offset', () => {
    const a = ok(webAttack);
    expect(a.severity).toBe('medium');
    expect(a.srcIp).toBe('198.51.100.7');
    expect(a.ruleGroups).toContain('sql_injection');
    expect(a.occurredAt.toISOString()).toBe('2026-12-03T01:01:44.900Z');
  });

  it('syscheck and rootcheck: no data addresses, the agent names the host', () => {
    const s = ok(syscheck);
    expect(s).toMatchObject({ ruleId: '550', severity: 'medium', host: 'csdl-dan-cu', srcIp: null, srcPort: null });
    const r = ok(rootcheck);
    expect(r).toMatchObject({ ruleId: '510', ruleGroups: ['ossec', 'rootcheck'], host: 'csdl-dan-cu' });
  });

  it('an event of the manager itself (agent 000) is named by its predecoder host, destination kept', () => {
    const a = ok(managerSyslog);
    expect(a.host).toBe('fw-trung-tam');
    expect(a.severity).toBe('critical');
    expect(a.dstIp).toBe('10.20.1.15');
    expect(a.dstPort).toBe(443);
    expect(a.identifiers).toEqual(expect.arrayContaining(['fw-trung-tam', '10.20.1.15']));
  });

  it('takes the time of receipt when the alert has no timestamp', () => {
    const { timestamp: _t, ...noTime } = sshdBruteForce;
    expect(ok(noTime).occurredAt).toEqual(NOW);
  });

  it('refuses what is not a Wazuh alert, with the reason', () => {
    const reason = (v: unknown) => {
      const r = normaliseWazuhAlert(v, NOW);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('text')).toBe('not_an_object');
    expect(reason([sshdBruteForce])).toBe('not_an_object');
    expect(reason(null)).toBe('not_an_object');
    expect(reason({ ...sshdBruteForce, rule: undefined })).toBe('missing_rule');
    expect(reason({ ...sshdBruteForce, rule: { ...sshdBruteForce.rule, level: 'high' } })).toBe('bad_level');
    expect(reason({ ...sshdBruteForce, rule: { ...sshdBruteForce.rule, level: 99 } })).toBe('bad_level');
    expect(reason({ ...sshdBruteForce, rule: { ...sshdBruteForce.rule, description: '  ' } })).toBe('missing_description');
    expect(reason({ ...sshdBruteForce, timestamp: 'soon' })).toBe('bad_timestamp');
  });

  it('drops addresses and ports that are not addresses and ports', () => {
    const a = ok({ ...sshdBruteForce, agent: { id: '1', name: 'x', ip: 'any' }, data: { srcip: '999.1.1.1', srcport: '70000', dstip: 'fe80::1', dstport: 'http' } });
    expect(a).toMatchObject({ hostIp: null, srcIp: null, srcPort: null, dstIp: 'fe80::1', dstPort: null });
  });
});
