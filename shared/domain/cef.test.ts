import { describe, expect, it } from 'vitest';
import { cefField, cefLabelled, findCef, parseCef, parseCefTime, parseExtension, type CefEvent } from './cef';

const receivedAt = new Date('2026-12-03T03:00:00Z');

function ok(text: string): CefEvent {
  const r = parseCef(text);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.event;
}

// Samples in the shape the devices send (addresses and names changed).
const PALO_ALTO =
  'CEF:0|Palo Alto Networks|PAN-OS|10.1.0|spyware|THREAT|5|rt=Dec 03 2026 02:12:33 GMT deviceExternalId=007051000123456 src=10.20.1.15 dst=203.0.113.50 sourceTranslatedAddress=198.51.100.7 cs1Label=Rule cs1=Outbound Web suser=tinh\\\\nguyenvana app=web-browsing cs3Label=Virtual System cs3=vsys1 cn1Label=SessionID cn1=123456 spt=51514 dpt=443 proto=tcp act=reset-both request=evil.example.com/path?a\\=1&b\\=2 cs2Label=URL Category cs2=malware externalId=7123456789012345678 cat=Suspicious DNS Query(86345678)';
const FORTIGATE =
  'CEF:0|Fortinet|Fortigate|v7.2.5|0419016384|utm:ips signature|4|deviceExternalId=FGT60E4Q16000000 FTNTFGTlogid=0419016384 cat=utm:ips FTNTFGTsubtype=ips FTNTFGTlevel=alert FTNTFGTvd=root FTNTFGTeventtime=1796266800123456789 src=203.0.113.9 dst=10.10.5.20 spt=44321 dpt=80 deviceInboundInterface=wan1 act=dropped externalId=12345 msg=web_server: Apache.Log4j.Error.Log.Remote.Code.Execution, severity critical';
const CHECK_POINT =
  'CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Drop deviceDirection=0 rt=1796266800000 spt=52431 dpt=443 src=10.1.1.5 dst=203.0.113.10 proto=6 ifname=eth1 origin=10.1.1.1 product=VPN-1 & FireWall-1';
const WAZUH =
  'CEF:0|Wazuh|Wazuh|v4.7.2|5712|sshd: brute force trying to get access to the system. Non existent user.|10|dvc=wazuh-manager cs2=(web-portal) 10.10.5.20->/var/log/auth.log cs2Label=Location src=203.0.113.9 suser=admin msg=Dec  3 10:44:05 web-portal sshd[1234]: Invalid user admin from 203.0.113.9 port 51234';

describe('CEF header', () => {
  it('reads the seven header fields of a Palo Alto threat log', () => {
    const e = ok(PALO_ALTO);
    expect(e).toMatchObject({ version: 0, deviceVendor: 'Palo Alto Networks', deviceProduct: 'PAN-OS', deviceVersion: '10.1.0', signatureId: 'spyware', name: 'THREAT', severity: '5' });
  });

  it('unescapes \\| and \\\\ in header fields, and keeps "=" as it is there', () => {
    const e = ok('CEF:0|security|threat\\|manager|1.0|100|detected a \\\\ in packet = bad|10|src=10.0.0.1 act=blocked a \\\\ dst=1.1.1.1');
    expect(e.deviceProduct).toBe('threat|manager');
    expect(e.name).toBe('detected a \\ in packet = bad');
    expect(e.extension).toEqual({ src: '10.0.0.1', act: 'blocked a \\', dst: '1.1.1.1' });
  });

  it('accepts an empty extension and a severity word', () => {
    expect(ok('CEF:0|V|P|1|100|name|Very-High|').extension).toEqual({});
    expect(ok('CEF:1|V|P|1|100|name|High|x=1').version).toBe(1);
  });

  it('finds CEF after a prefix a relay added', () => {
    expect(findCef('AgentDevice=x CEF:0|a|b|c|d|e|1|')).toBe(14);
    expect(ok('some-relay: CEF:0|V|P|1|100|n|3|src=1.2.3.4').extension.src).toBe('1.2.3.4');
  });

  it.each([
    ['Accepted password for root from 10.0.0.1', 'not_cef'],
    ['CEF:|V|P|1|100|n|3|', 'not_cef'],
    ['CEF:0|V|P|1|100|n|3', 'bad_cef_header'],
    ['CEF:0|V|P|1', 'bad_cef_header'],
    ['CEF:0|V|P|1||n|3|', 'bad_cef_header'],
    ['CEF:0|V|P|1|100||3|', 'bad_cef_header'],
    ['CEF:0|V|P|1|100|n| |', 'bad_cef_header'],
    ['CEF:0|V|P|1\\|100|n|3|', 'bad_cef_header'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(parseCef(text)).toEqual({ ok: false, reason });
  });
});

describe('CEF extension', () => {
  it('keeps spaces inside values and splits at " key="', () => {
    expect(parseExtension('cs1Label=Rule cs1=Outbound Web suser=a b c')).toEqual({ cs1Label: 'Rule', cs1: 'Outbound Web', suser: 'a b c' });
  });

  it('unescapes \\=, \\\\, \\n and \\r, and keeps a stray backslash', () => {
    expect(parseExtension('msg=line1\\nline2\\r\\nend a\\=b path=C:\\\\Windows\\\\x other=c:\\temp')).toEqual({
      msg: 'line1\nline2\r\nend a=b',
      path: 'C:\\Windows\\x',
      other: 'c:\\temp',
    });
  });

  it('does not take an escaped "=" (or one after an escaped backslash) for a key', () => {
    expect(parseExtension('request=http://x/?a\\=1 act=ok')).toEqual({ request: 'http://x/?a=1', act: 'ok' });
    // "\\\\=" is an escaped backslash and then a real "=": "k\\" is not a key (the backslash is no key char), so it stays in the value.
    expect(parseExtension('a=x y\\\\=z')).toEqual({ a: 'x y\\=z' });
  });

  it('keeps an unescaped "=" inside a value when no space and key come before it', () => {
    expect(parseExtension('request=http://x/?a=1&b=2 act=ok')).toEqual({ request: 'http://x/?a=1&b=2', act: 'ok' });
  });

  it('reads the Palo Alto sample: escaped backslash in a user name, escaped "=" in a URL, labels', () => {
    const e = ok(PALO_ALTO);
    expect(e.extension.suser).toBe('tinh\\nguyenvana');
    expect(e.extension.request).toBe('evil.example.com/path?a=1&b=2');
    expect(e.extension.cat).toBe('Suspicious DNS Query(86345678)');
    expect(cefLabelled(e.extension)).toMatchObject({ Rule: 'Outbound Web', 'Virtual System': 'vsys1', SessionID: '123456', 'URL Category': 'malware' });
  });

  it('reads the FortiGate, Check Point and Wazuh samples', () => {
    const f = ok(FORTIGATE);
    expect(f.extension).toMatchObject({ src: '203.0.113.9', dst: '10.10.5.20', externalId: '12345', act: 'dropped', cat: 'utm:ips', msg: 'web_server: Apache.Log4j.Error.Log.Remote.Code.Execution, severity critical' });
    const c = ok(CHECK_POINT);
    expect(c.name).toBe('https');
    expect(c.severity).toBe('Unknown');
    expect(c.extension.product).toBe('VPN-1 & FireWall-1');
    const w = ok(WAZUH);
    expect(w.extension.cs2).toBe('(web-portal) 10.10.5.20->/var/log/auth.log');
    expect(w.extension.msg).toBe('Dec  3 10:44:05 web-portal sshd[1234]: Invalid user admin from 203.0.113.9 port 51234');
  });

  it('reads fields by short or full name; blank values are absent', () => {
    const ext = parseExtension('sourceAddress=10.0.0.9 destinationPort=22 dvchost= msg=hi');
    expect(cefField(ext, 'src')).toBe('10.0.0.9');
    expect(cefField(ext, 'dpt')).toBe('22');
    expect(cefField(ext, 'dvchost')).toBeNull();
    expect(cefField(ext, 'msg')).toBe('hi');
  });

  it('drops text before the first key and trailing blanks', () => {
    expect(parseExtension('  junk src=1.2.3.4   ')).toEqual({ src: '1.2.3.4' });
    expect(parseExtension('')).toEqual({});
  });
});

describe('CEF times (rt, end, start)', () => {
  it.each([
    ['1796266800000', '2026-12-03T03:00:00.000Z'],
    ['1796266800', '2026-12-03T03:00:00.000Z'],
    ['Dec 03 2026 02:12:33 GMT', '2026-12-03T02:12:33.000Z'],
    ['Dec 03 2026 09:12:33.250 ICT', '2026-12-03T02:12:33.250Z'],
    ['Dec 03 2026 09:12:33 +07:00', '2026-12-03T02:12:33.000Z'],
    ['Dec 03 2026 09:12:33 GMT+0700', '2026-12-03T02:12:33.000Z'],
    ['Dec 03 2026 09:12:33', '2026-12-03T02:12:33.000Z'],
    ['Dec 03 09:12:33', '2026-12-03T02:12:33.000Z'],
    ['Dec 03 02:12:33.5 UTC', '2026-12-03T02:12:33.500Z'],
    ['Dec 03 2026 09:12:33 PST', '2026-12-03T02:12:33.000Z'], // unknown abbreviation: read in Ha Noi time
    ['2026-12-03T09:12:33+07:00', '2026-12-03T02:12:33.000Z'],
    ['2026-12-03T02:12:33Z', '2026-12-03T02:12:33.000Z'],
  ])('reads %j', (v, iso) => {
    expect(parseCefTime(v, receivedAt)?.toISOString()).toBe(iso);
  });

  it.each(['yesterday', 'Dec 32 2026 10:00:00', 'Foo 03 2026 10:00:00', '12345', 'Dec 03 2026 25:00:00'])('refuses %j', (v) => {
    expect(parseCefTime(v, receivedAt)).toBeNull();
  });

  it('gives a year-less "Dec 31" received on 1 January the year before', () => {
    expect(parseCefTime('Dec 31 23:00:00 GMT', new Date('2027-01-01T01:00:00Z'))?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });
});
