import { describe, expect, it } from 'vitest';
import { syslogToAlert, decodeFrame } from './syslog.intake';

const receivedAt = new Date('2026-12-03T03:00:00Z');
const at: { receivedAt: Date; senderIp: string | null } = { receivedAt, senderIp: '::ffff:10.10.0.1' };

function alert(line: string, opts = at) {
  const r = syslogToAlert(line, opts);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.alert;
}

describe('syslog line → alert', () => {
  it('normalises a FortiGate IPS event (RFC 3164): addresses, ports, severity, device-scoped reference', () => {
    const a = alert(
      '<189>Dec  3 09:59:58 FGT60E CEF:0|Fortinet|Fortigate|v7.2.5|0419016384|utm:ips signature|4|deviceExternalId=FGT60E4Q16000000 cat=utm:ips src=203.0.113.9 dst=10.10.5.20 spt=44321 dpt=80 act=dropped externalId=12345 msg=Apache.Log4j',
    );
    expect(a).toMatchObject({
      source: 'cef',
      sourceRef: 'Fortinet|Fortigate|fgt60e4q16000000|12345',
      ruleId: '0419016384',
      ruleName: 'utm:ips signature',
      ruleGroups: ['utm:ips', 'Fortinet Fortigate'],
      severity: 'medium',
      sourceSeverity: '4',
      host: 'FGT60E',
      hostIp: '10.10.0.1',
      srcIp: '203.0.113.9',
      srcPort: 44321,
      dstIp: '10.10.5.20',
      dstPort: 80,
      raw: { line: expect.stringContaining('CEF:0|Fortinet') },
    });
    expect(a.occurredAt.toISOString()).toBe('2026-12-03T02:59:58.000Z');
    expect(a.identifiers.sort()).toEqual(['10.10.0.1', '10.10.5.20', 'fgt60e', 'fgt60e4q16000000'].sort());
    // The attacker's address is not an identifier of our systems.
    expect(a.identifiers).not.toContain('203.0.113.9');
  });

  it('takes rt over the syslog header time, and reads a Palo Alto threat over RFC 5424', () => {
    const a = alert(
      '<14>1 2026-12-03T09:20:00+07:00 pa-vm.tinh.gov.vn - - - - CEF:0|Palo Alto Networks|PAN-OS|10.1.0|spyware|THREAT|9|rt=Dec 03 2026 02:12:33 GMT dvchost=PA-VM-01 src=10.20.1.15 dst=203.0.113.50 spt=51514 dpt=443 externalId=7123456789012345678',
    );
    expect(a.occurredAt.toISOString()).toBe('2026-12-03T02:12:33.000Z');
    expect(a.severity).toBe('critical');
    expect(a.host).toBe('PA-VM-01');
    expect(a.identifiers).toEqual(expect.arrayContaining(['pa-vm-01', 'pa-vm.tinh.gov.vn', '203.0.113.50']));
    expect(a.sourceRef).toBe('Palo Alto Networks|PAN-OS|pa-vm-01|7123456789012345678');
  });

  it("reads Wazuh's own CEF output: no host in the header, the agent from its location", () => {
    const a = alert(
      '<132>Dec  3 09:44:06 CEF:0|Wazuh|Wazuh|v4.7.2|5712|sshd: brute force trying to get access to the system. Non existent user.|10|dvc=wazuh-manager cs2=(web-portal) 10.10.5.20->/var/log/auth.log cs2Label=Location src=203.0.113.9 suser=admin msg=Invalid user admin',
    );
    expect(a).toMatchObject({ ruleId: '5712', severity: 'critical', sourceSeverity: '10', host: 'wazuh-manager', srcIp: '203.0.113.9', sourceRef: null });
    expect(a.identifiers).toEqual(expect.arrayContaining(['web-portal', '10.10.5.20', 'wazuh-manager']));
    expect(a.occurredAt.toISOString()).toBe('2026-12-03T02:44:06.000Z');
  });

  it('without any time takes the receipt time; bad ports and addresses are dropped, not guessed', () => {
    const a = alert('CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Drop src=10.1.1.5 dst=not-an-ip spt=99999 dpt=-1', { receivedAt, senderIp: null });
    expect(a.occurredAt).toEqual(receivedAt);
    expect(a).toMatchObject({ severity: 'low', srcIp: '10.1.1.5', dstIp: null, srcPort: null, dstPort: null, hostIp: null, identifiers: [] });
  });

  it('gives two devices with the same event number two references (no false duplicates)', () => {
    const line = (dev: string) => `<13>Dec  3 10:00:00 ${dev} CEF:0|Fortinet|Fortigate|7|1|n|3|externalId=1001`;
    expect(alert(line('fw-a')).sourceRef).not.toBe(alert(line('fw-b')).sourceRef);
  });

  it.each([
    ['<13>Dec  3 10:00:00 web01 sshd[1]: Accepted password for root', 'not_cef'],
    ['<13>Dec  3 10:00:00 web01 CEF:0|V|P|1', 'bad_cef_header'],
    ['<999>Dec  3 10:00:00 x CEF:0|V|P|1|1|n|3|', 'bad_pri'],
    ['<13>1 garbage', 'bad_header'],
    ['', 'empty'],
  ])('refuses %j (%s)', (line, reason) => {
    expect(syslogToAlert(line, at)).toEqual({ ok: false, reason });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(decodeFrame(Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe]))).toBeNull();
    expect(decodeFrame(Buffer.from('<13>Cảnh báo'))).toBe('<13>Cảnh báo');
  });
});
