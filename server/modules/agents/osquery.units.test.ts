/** Pure rules of the agents module: the live-query SQL check, snapshot digests, product states, platforms. */
import { describe, expect, it } from 'vitest';
import { isSingleSelect } from './agents.service';
import { avRows, cleanSerial, collect, digestOf, platformOf } from './osquery.ingest';

describe('live query SQL', () => {
  it('accepts one SELECT (or WITH … SELECT), with a trailing semicolon and quoted semicolons', () => {
    expect(isSingleSelect('SELECT * FROM osquery_info')).toBe(true);
    expect(isSingleSelect('select name from processes;')).toBe(true);
    expect(isSingleSelect("SELECT * FROM file WHERE path = 'C:\\a;b.txt';")).toBe(true);
    expect(isSingleSelect('WITH p AS (SELECT pid FROM processes) SELECT count(*) FROM p')).toBe(true);
  });
  it('refuses a second statement, comments, writes and unterminated quotes', () => {
    expect(isSingleSelect('SELECT 1; SELECT 2')).toBe(false);
    expect(isSingleSelect('SELECT 1 -- comment')).toBe(false);
    expect(isSingleSelect('SELECT 1 /* x */')).toBe(false);
    expect(isSingleSelect('DELETE FROM carves')).toBe(false);
    expect(isSingleSelect('ATTACH DATABASE \'x\' AS y')).toBe(false);
    expect(isSingleSelect("SELECT 'unterminated")).toBe(false);
    expect(isSingleSelect('PRAGMA table_info(users)')).toBe(false);
  });
});

describe('result ingest rules', () => {
  it('digests a snapshot independently of row and column order', () => {
    expect(digestOf([{ a: '1', b: '2' }, { a: '3', b: '4' }])).toBe(digestOf([{ b: '4', a: '3' }, { b: '2', a: '1' }]));
    expect(digestOf([{ a: '1' }])).not.toBe(digestOf([{ a: '2' }]));
  });
  it('reads windows_security_products states', () => {
    expect(
      avRows([
        { type: 'Antivirus', name: 'BKAV Pro', state: 'Snoozed', signatures_up_to_date: '1' },
        { type: 'Antivirus', name: 'Windows Defender', state: 'On', signatures_up_to_date: 0 },
        { type: 'Antivirus', name: 'X', state: 'Unknown', signatures_up_to_date: '' },
        { type: 'Firewall', name: 'Windows Firewall', state: 'On', signatures_up_to_date: '0' },
      ]),
    ).toEqual([
      { name: 'BKAV Pro', enabled: false, upToDate: true },
      { name: 'Windows Defender', enabled: true, upToDate: false },
      { name: 'X', enabled: null, upToDate: null },
    ]);
  });
  it('lets a later snapshot supersede earlier lines of the same query, pack prefix ignored', () => {
    const w = collect([
      { name: 'khien_programs', action: 'added', columns: { name: 'a' } },
      { name: 'pack/x/khien_programs', action: 'snapshot', snapshot: [{ name: 'b' }] },
      { name: 'khien_programs', action: 'removed', columns: { name: 'b' } },
    ]).get('khien_programs');
    expect(w).toEqual({ snapshot: [{ name: 'b' }], added: [], removed: [{ name: 'b' }] });
  });
  it('maps platforms and ignores placeholder serials', () => {
    expect(platformOf('windows')).toBe('windows');
    expect(platformOf('ubuntu', 'debian')).toBe('linux');
    expect(platformOf('darwin')).toBe('macos');
    expect(platformOf('freebsd')).toBe('other');
    expect(cleanSerial('To Be Filled By O.E.M.')).toBeNull();
    expect(cleanSerial(' 5CG123 ')).toBe('5CG123');
  });
});
