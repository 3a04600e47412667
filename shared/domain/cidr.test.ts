import { describe, expect, it } from 'vitest';
import { cidrContains, formatCidr, normaliseIp, parseCidr, parseIp } from './cidr';

function contains(block: string, ip: string): boolean {
  const c = parseCidr(block);
  const a = parseIp(ip);
  if (!c || !a) throw new Error('bad test input');
  return cidrContains(c, a);
}

describe('addresses', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 192.168.1.254 ', '192.168.1.254'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::FFFF:0A00:0001', '10.0.0.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::', '2001:db8::'],
    ['::1', '::1'],
    ['::', '::'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:1:0:0:1:0:1', '2001:db8:1::1:0:1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('normalises %j to %j', (input, out) => {
    expect(normaliseIp(input)).toBe(out);
  });

  it.each(['', '10.0.0', '10.0.0.256', '10.0.0.01', '1.2.3.4.5', 'abc', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'gggg::1', '10.0.0.1/24', 'web01'])('refuses %j', (input) => {
    expect(parseIp(input)).toBeNull();
  });
});

describe('CIDR blocks', () => {
  it('parses blocks and single addresses', () => {
    expect(formatCidr(parseCidr('10.20.0.0/16')!)).toBe('10.20.0.0/16');
    expect(formatCidr(parseCidr('10.20.1.5')!)).toBe('10.20.1.5/32');
    expect(formatCidr(parseCidr('2001:db8::/32')!)).toBe('2001:db8::/32');
    expect(formatCidr(parseCidr('0.0.0.0/0')!)).toBe('0.0.0.0/0');
    expect(formatCidr(parseCidr('::ffff:10.0.0.0/104')!)).toBe('10.0.0.0/8');
  });

  it.each(['10.0.0.1/8', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '2001:db8::/129', 'x/8', '10.0.0.0/8/8'])('refuses %j', (input) => {
    expect(parseCidr(input)).toBeNull();
  });

  it('matches addresses inside a block only, by family', () => {
    expect(contains('10.20.0.0/16', '10.20.255.1')).toBe(true);
    expect(contains('10.20.0.0/16', '10.21.0.1')).toBe(false);
    expect(contains('10.20.1.5', '10.20.1.5')).toBe(true);
    expect(contains('10.20.1.5', '10.20.1.6')).toBe(false);
    expect(contains('0.0.0.0/0', '203.0.113.9')).toBe(true);
    expect(contains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(contains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(contains('127.0.0.0/8', '::ffff:127.0.0.1')).toBe(true);
  });
});
