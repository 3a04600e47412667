import { describe, expect, it } from 'vitest';
import { parseRfc3339, parseSyslog, resolveYearless, zoneOffsetMinutes, type SyslogMessage } from './syslog';

const receivedAt = new Date('2026-12-03T03:00:00Z'); // 10:00 in Ha Noi

function ok(line: string, at = receivedAt): SyslogMessage {
  const r = parseSyslog(line, { receivedAt: at });
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.message;
}

describe('RFC 5424', () => {
  it('reads the RFC 5424 §6.5 examples: header fields, nil values, BOM, fractions and offsets', () => {
    const a = ok("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
    expect(a).toMatchObject({ format: 'rfc5424', facility: 4, severity: 2, hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47', structuredData: [] });
    expect(a.timestamp?.toISOString()).toBe('2003-10-11T22:14:15.003Z');
    expect(a.message).toBe("'su root' failed for lonvick on /dev/pts/8");

    const b = ok("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    expect(b.timestamp?.toISOString()).toBe('2003-08-24T12:14:15.000Z');
    expect(b).toMatchObject({ facility: 20, severity: 5, hostname: '192.0.2.1', appName: 'myproc', procId: '8710', msgId: null });
    expect(b.message).toBe("%% It's time to make the do-nuts.");
  });

  it('reads structured data with several elements and escaped quotes, backslashes and brackets', () => {
    const m = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high" note="a \\"quoted\\" \\\\ and \\] end"] An application event');
    expect(m.structuredData).toEqual([
      { id: 'exampleSDID@32473', params: { iut: '3', eventSource: 'Application', eventID: '1011' } },
      { id: 'examplePriority@32473', params: { class: 'high', note: 'a "quoted" \\ and ] end' } },
    ]);
    expect(m.message).toBe('An application event');
  });

  it('accepts a message with structured data and no MSG, and a nil timestamp', () => {
    const m = ok('<13>1 - host app - - [x@1 a="b"]');
    expect(m.timestamp).toBeNull();
    expect(m.message).toBe('');
  });

  it('carries a CEF payload in MSG', () => {
    const m = ok('<134>1 2026-12-03T09:58:01.120+07:00 pa-vm.tinh.gov.vn - - - - CEF:0|Palo Alto Networks|PAN-OS|11.1.0|end|TRAFFIC|1|src=10.0.0.1');
    expect(m.hostname).toBe('pa-vm.tinh.gov.vn');
    expect(m.timestamp?.toISOString()).toBe('2026-12-03T02:58:01.120Z');
    expect(m.message.startsWith('CEF:0|Palo Alto Networks')).toBe(true);
  });

  it.each([
    ['<34>1 2003-13-11T22:14:15Z host app - - - x', 'bad_header'],
    ['<34>1 yesterday host app - - - x', 'bad_header'],
    ['<34>1 2003-10-11T22:14:15Z host', 'bad_header'],
    ['<34>1 2003-10-11T22:14:15Z host app - - [unterminated a="b" x', 'bad_structured_data'],
    ['<34>1 2003-10-11T22:14:15Z host app - - [a b="c"]x', 'bad_structured_data'],
    ['<34>1 2003-10-11T22:14:15Z host app - - notsd', 'bad_structured_data'],
    ['<192>1 2003-10-11T22:14:15Z host app - - - x', 'bad_pri'],
    ['<034>Oct 11 22:14:15 host x', 'bad_pri'],
    ['<abc>Oct 11 22:14:15 host x', 'bad_pri'],
    ['   ', 'empty'],
    ['', 'empty'],
  ])('refuses %j (%s)', (line, reason) => {
    expect(parseSyslog(line, { receivedAt })).toEqual({ ok: false, reason });
  });

  it('refuses a hostname longer than 255 characters', () => {
    expect(parseSyslog(`<34>1 2003-10-11T22:14:15Z ${'h'.repeat(256)} app - - - x`, { receivedAt })).toEqual({ ok: false, reason: 'bad_header' });
  });
});

describe('RFC 3164', () => {
  it('reads the RFC 3164 example with host, tag and pid', () => {
    const m = ok("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8");
    expect(m).toMatchObject({ format: 'rfc3164', facility: 4, severity: 2, hostname: 'mymachine', appName: 'su', procId: '230' });
    expect(m.message).toBe("'su root' failed for lonvick on /dev/pts/8");
    // Year-less, read in Ha Noi time (UTC+7), the year closest to receipt: 2026-10-11 22:14:15 +07.
    expect(m.timestamp?.toISOString()).toBe('2026-10-11T15:14:15.000Z');
  });

  it('gives a December message received in early January the year before, and a January one received on 31 December the year after', () => {
    const jan1 = new Date('2027-01-01T00:30:00+07:00');
    expect(ok('<13>Dec 31 23:59:58 fw01 kernel: x', jan1).timestamp?.toISOString()).toBe('2026-12-31T16:59:58.000Z');
    const dec31 = new Date('2026-12-31T23:59:00+07:00');
    expect(ok('<13>Jan  1 00:00:05 fw01 kernel: x', dec31).timestamp?.toISOString()).toBe('2026-12-31T17:00:05.000Z');
  });

  it('uses the receiving day in Ha Noi, not in UTC, to choose the year', () => {
    // 2026-12-31 18:00 UTC is already 2027-01-01 01:00 in Ha Noi.
    const at = new Date('2026-12-31T18:00:00Z');
    expect(resolveYearless(0, 1, 0, 59, 0, 0, at, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-31T17:59:00.000Z');
  });

  it('skips 29 February in years without it', () => {
    // Received in March 2029: 2029 and 2030 have no 29 February; 2028 has.
    const d = resolveYearless(1, 29, 12, 0, 0, 0, new Date('2029-03-01T00:00:00Z'), 'Asia/Ho_Chi_Minh');
    expect(d?.toISOString()).toBe('2028-02-29T05:00:00.000Z');
  });

  it('never puts a message more than a week after its receipt', () => {
    // Received 3 December 2026: "Feb 5" is February 2026, not 2027.
    expect(resolveYearless(1, 5, 10, 0, 0, 0, receivedAt, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-02-05T03:00:00.000Z');
    // "Dec 8" (five days ahead: a wrong clock) stays in 2026; "Dec 20" is last year's.
    expect(resolveYearless(11, 8, 10, 0, 0, 0, receivedAt, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-08T03:00:00.000Z');
    expect(resolveYearless(11, 20, 10, 0, 0, 0, receivedAt, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2025-12-20T03:00:00.000Z');
  });

  it('reads a space-padded day, milliseconds, and a year after the day', () => {
    expect(ok('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!').timestamp?.toISOString()).toBe('2026-02-05T10:32:18.000Z');
    expect(ok('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!').hostname).toBe('10.0.0.99');
    expect(ok('<13>Feb 5 17:32:18.250 host x').timestamp?.toISOString()).toBe('2026-02-05T10:32:18.250Z');
    expect(ok('<13>Mar  1 2024 10:00:00 asa-01 %ASA-4-106023: Deny tcp').timestamp?.toISOString()).toBe('2024-03-01T03:00:00.000Z');
    expect(ok('<13>Mar  1 2024 10:00:00 asa-01 %ASA-4-106023: Deny tcp').hostname).toBe('asa-01');
  });

  it('reads an RFC 3339 time in the BSD layout (rsyslog forward format)', () => {
    const m = ok('<30>2026-12-03T09:59:59.123456+07:00 web01 nginx[811]: GET / 200');
    expect(m.timestamp?.toISOString()).toBe('2026-12-03T02:59:59.123Z');
    expect(m).toMatchObject({ hostname: 'web01', appName: 'nginx', procId: '811', message: 'GET / 200' });
  });

  it("reads Wazuh's CEF output: a time and then CEF, no host name", () => {
    const m = ok('<132>Dec  3 09:44:06 CEF:0|Wazuh|Wazuh|v4.7.2|5712|sshd: brute force|10|dvc=wazuh-manager');
    expect(m.hostname).toBeNull();
    expect(m.appName).toBeNull();
    expect(m.message.startsWith('CEF:0|Wazuh|')).toBe(true);
  });

  it('reads a host, then CEF straight after it (the tag is not "CEF")', () => {
    const m = ok('<189>Dec  3 10:00:00 FGT60E CEF:0|Fortinet|Fortigate|v7.2.5|0419016384|utm:ips signature|4|src=1.2.3.4');
    expect(m.hostname).toBe('FGT60E');
    expect(m.appName).toBeNull();
    expect(m.message.startsWith('CEF:0|Fortinet')).toBe(true);
  });

  it('reads a tag without a host when there is no timestamp, and assumes user.notice without PRI', () => {
    const m = ok('sshd[99]: Accepted publickey for root');
    expect(m).toMatchObject({ facility: 1, severity: 5, hostname: null, appName: 'sshd', procId: '99', timestamp: null, message: 'Accepted publickey for root' });
  });

  it('drops a trailing CR/LF and a BOM', () => {
    expect(ok('<13>Dec  3 10:00:00 h app: \uFEFFhello\r\n').message).toBe('hello');
  });

  it('refuses an impossible date', () => {
    expect(parseSyslog('<13>Feb 28 99:00:00 host x', { receivedAt })).toEqual({ ok: false, reason: 'bad_header' });
    expect(parseSyslog('<13>Feb 30 10:00:00 host x', { receivedAt })).toEqual({ ok: false, reason: 'bad_header' });
    expect(parseSyslog('<13>Foo  3 10:00:00 host x', { receivedAt })).toEqual({ ok: false, reason: 'bad_header' });
  });
});

describe('times', () => {
  it('knows Ha Noi is UTC+7 all year', () => {
    expect(zoneOffsetMinutes(new Date('2026-01-15T00:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(420);
    expect(zoneOffsetMinutes(new Date('2026-07-15T00:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(420);
  });

  it('reads RFC 3339 with Z, offsets, no offset (local), and refuses nonsense', () => {
    expect(parseRfc3339('2026-12-03T10:00:00Z', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(parseRfc3339('2026-12-03T10:00:00+0700', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(parseRfc3339('2026-12-03T10:00:00', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(parseRfc3339('2026-12-03T25:00:00Z', 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(parseRfc3339('2026-12-03', 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});
