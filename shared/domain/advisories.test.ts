import { describe, expect, it } from 'vitest';
import {
  advisoryCode,
  compareVersions,
  describeRule,
  isOverdue,
  matchInstalled,
  matchName,
  nameNeedle,
  mayMatchName,
  nameTokens,
  normaliseVendor,
  parseVersion,
  versionStatus,
  type ProductRule,
  type VersionRule,
} from './advisories';

describe('names', () => {
  it.each([
    ['Mozilla Firefox (x64 en-US)', ['mozilla', 'firefox']],
    ['7-Zip 23.01 (x64)', ['7', 'zip']],
    ['Microsoft Office Professional Plus 2016', ['microsoft', 'office', 'professional', 'plus', '2016']],
    ['Notepad++ (64-bit x64)', ['notepad', 'plus', 'plus']],
    ['http_server', ['http', 'server']],
    ['Google Chrome v120.0.6099.130', ['google', 'chrome']],
    ['WinRAR 6.24 (64-bit)', ['winrar']],
    ['Windows 10 Version 22H2 for x64-based Systems', ['windows', '10', 'for', 'based', 'systems']],
    ['Phần mềm Kế toán MISA', ['phan', 'mem', 'ke', 'toan', 'misa']],
  ])('tokenises %s', (name, tokens) => {
    expect(nameTokens(name)).toEqual(tokens);
  });

  it.each([
    ['Microsoft Corporation', 'microsoft'],
    ['microsoft', 'microsoft'],
    ['Igor Pavlov', '7 zip'],
    ['The Apache Software Foundation', 'apache'],
    ['Fortinet, Inc.', 'fortinet'],
    ['nginx', 'f5'],
    ['Oracle Corporation', 'oracle'],
    [null, ''],
  ])('normalises vendor %s', (v, out) => {
    expect(normaliseVendor(v)).toBe(out);
  });

  it.each<[Pick<ProductRule, 'vendor' | 'product'>, { vendor?: string | null; name: string }, string | null]>([
    [{ vendor: 'mozilla', product: 'firefox' }, { vendor: 'Mozilla', name: 'Mozilla Firefox (x64 en-US)' }, 'exact'],
    [{ vendor: 'mozilla', product: 'firefox' }, { vendor: null, name: 'Mozilla Firefox ESR (x64 vi)' }, 'prefix'],
    [{ vendor: '7-zip', product: '7-zip' }, { vendor: 'Igor Pavlov', name: '7-Zip 23.01 (x64)' }, 'exact'],
    [{ vendor: 'Microsoft', product: 'Office' }, { vendor: 'Microsoft Corporation', name: 'Microsoft Office Professional Plus 2016' }, 'prefix'],
    [{ vendor: 'apache', product: 'http_server' }, { vendor: 'Apache Software Foundation', name: 'Apache HTTP Server' }, 'exact'],
    [{ vendor: 'f5', product: 'nginx' }, { vendor: 'nginx', name: 'nginx' }, 'exact'],
    [{ vendor: 'F5', product: 'NGINX Open Source' }, { vendor: 'nginx', name: 'nginx' }, 'prefix'],
    [{ vendor: 'fortinet', product: 'fortios' }, { vendor: 'Fortinet', name: 'Forti OS' }, 'compact'],
    [{ vendor: 'Fortinet', product: 'FortiOS' }, { vendor: 'Fortinet', name: 'FortiGate FortiOS' }, 'contains'],
    [{ vendor: 'microsoft', product: 'windows 10' }, { vendor: 'Microsoft', name: 'Microsoft Windows 10 Pro' }, 'prefix'],
    [{ vendor: 'microsoft', product: 'windows 10' }, { vendor: 'Microsoft', name: 'Microsoft Windows 11 Pro' }, null],
    // Another vendor's product of the same name is not it.
    [{ vendor: 'mozilla', product: 'firefox' }, { vendor: 'Acme Corp', name: 'Firefox' }, null],
    [{ vendor: 'php', product: 'php' }, { vendor: 'The PHP Group', name: 'PHP' }, 'exact'],
    [{ vendor: '*', product: 'openssl' }, { vendor: 'OpenSSL Project', name: 'OpenSSL' }, 'exact'],
    [{ vendor: 'google', product: 'chrome' }, { vendor: 'Google LLC', name: 'Google Chrome' }, 'exact'],
    [{ vendor: 'google', product: 'chrome' }, { vendor: 'Google LLC', name: 'Google Earth Pro' }, null],
    [{ vendor: 'apache', product: 'tomcat' }, { vendor: 'Apache', name: 'Tomcat' }, 'exact'],
    [{ vendor: 'apache', product: 'tomcat' }, { vendor: 'Apache', name: 'HTTP Server' }, null],
  ])('%j against %j → %s', (rule, item, how) => {
    expect(matchName(rule, item)?.how ?? null).toBe(how);
  });

  type Case = [Pick<ProductRule, 'vendor' | 'product'>, { vendor?: string | null; name: string }];
  // The product after a hardware family or a model, as units type their devices into the registry.
  const contains: Case[] = [
    [{ vendor: 'Fortinet', product: 'FortiOS' }, { vendor: 'Fortinet', name: 'FortiGate FortiOS' }],
    [{ vendor: 'fortinet', product: 'fortios' }, { vendor: 'Fortinet, Inc.', name: 'FortiGate 100F FortiOS 7.2.5' }],
    [{ vendor: 'fortinet', product: 'fortios' }, { vendor: null, name: 'Fortinet FortiGate-60E FortiOS v6.4.15' }],
    [{ vendor: 'cisco', product: 'ASA Software' }, { vendor: 'Cisco Systems', name: 'Cisco ASA 5506-X ASA Software 9.16.4' }],
    [{ vendor: 'cisco', product: 'adaptive_security_appliance_software' }, { vendor: 'Cisco', name: 'ASA 5516-X Adaptive Security Appliance Software' }],
    [{ vendor: 'cisco', product: 'Firepower Threat Defense Software' }, { vendor: 'Cisco', name: 'Firepower 2110 Firepower Threat Defense Software' }],
    [{ vendor: 'cisco', product: 'IOS XE' }, { vendor: 'Cisco', name: 'Catalyst 9300-L IOS XE 17.9.4' }],
    [{ vendor: 'paloaltonetworks', product: 'PAN-OS' }, { vendor: 'Palo Alto Networks', name: 'PA-3220 PAN-OS 10.2.4' }],
    [{ vendor: 'microsoft', product: 'Word' }, { vendor: 'Microsoft Corporation', name: 'Microsoft Office Word 2007' }],
  ];
  it.each(contains)('%j is found after the leading words of %j', (rule, item) => {
    expect(matchName(rule, item)?.how).toBe('contains');
  });

  it.each<Case>([
    // A platform preposition: the add-on or the port, not the product.
    [{ vendor: 'microsoft', product: 'Windows' }, { vendor: 'Microsoft', name: 'Microsoft Defender for Windows' }],
    [{ vendor: 'microsoft', product: 'Excel' }, { vendor: 'Microsoft Corporation', name: 'Microsoft Power Query for Excel' }],
    [{ vendor: 'microsoft', product: 'Windows' }, { vendor: 'Microsoft', name: 'Microsoft Visual C++ Redistributable for Windows' }],
    [{ vendor: 'microsoft', product: 'Windows' }, { vendor: 'Microsoft', name: 'Microsoft Office cho Windows' }],
    [{ vendor: 'microsoft', product: 'Windows' }, { vendor: 'Microsoft', name: 'Microsoft Edge trên Windows' }],
    [{ vendor: 'google', product: 'Chrome' }, { vendor: 'Google LLC', name: 'Google Drive on Chrome' }],
    // Another vendor's device running something of the same name.
    [{ vendor: 'fortinet', product: 'FortiOS' }, { vendor: 'Acme Networks', name: 'Acme FortiOS Log Viewer' }],
    [{ vendor: 'mozilla', product: 'Firefox' }, { vendor: 'Kaspersky', name: 'Kaspersky Firefox Protection' }],
    // No vendor on the item and none in front of its name: the leading word may be another vendor.
    [{ vendor: 'fortinet', product: 'FortiOS' }, { vendor: null, name: 'Syslog Collector FortiOS' }],
    [{ vendor: 'trendmicro', product: 'Endpoint Security' }, { vendor: null, name: 'Kaspersky Endpoint Security' }],
    // Too short or too generic to tell one product from another.
    [{ vendor: 'apache', product: 'Server' }, { vendor: 'Apache Software Foundation', name: 'Apache HTTP Server' }],
    [{ vendor: 'microsoft', product: '.NET' }, { vendor: 'Microsoft', name: 'Microsoft ASP.NET Core 8.0.1 - Shared Framework' }],
    [{ vendor: 'cisco', product: 'IOS' }, { vendor: 'Cisco', name: 'Catalyst 2960 IOS' }],
    [{ vendor: 'microsoft', product: 'Management Console' }, { vendor: 'Microsoft', name: 'Microsoft SQL Server Management Console' }],
    // The product's words only at the third leading word or later.
    [{ vendor: 'cisco', product: 'ASA Software' }, { vendor: 'Cisco', name: 'Cisco Firepower 4110 Threat Defense ASA Software' }],
    [{ vendor: 'microsoft', product: 'Office' }, { vendor: 'Microsoft', name: 'Microsoft Visual Studio 2010 Tools Office Runtime' }],
    [{ vendor: 'fortinet', product: 'FortiOS' }, { vendor: 'Fortinet', name: 'FortiGate 100F HA Cluster FortiOS' }],
    // Not a contiguous run.
    [{ vendor: 'cisco', product: 'IOS XE' }, { vendor: 'Cisco', name: 'Catalyst 9300 IOS Classic XE' }],
  ])('%j is not %j', (rule, item) => {
    expect(matchName(rule, item)).toBeNull();
  });

  it('prefers exact, prefix and compact to contains', () => {
    expect(matchName({ vendor: 'fortinet', product: 'FortiOS' }, { vendor: 'Fortinet', name: 'FortiOS FortiGate FortiOS' })?.how).toBe('prefix');
    expect(matchName({ vendor: 'fortinet', product: 'FortiOS' }, { vendor: 'Fortinet', name: 'FortiOS' })?.how).toBe('exact');
  });

  it.each(contains)('the needle of %j finds the name of %j', (rule, item) => {
    const needle = nameNeedle(rule);
    expect(needle.length).toBeGreaterThanOrEqual(2);
    expect(mayMatchName(needle, item.name)).toBe(true);
  });

  it('the candidate filter finds what matches through accents, "++" and punctuation', () => {
    const cases: [{ vendor: string; product: string }, { vendor: string | null; name: string }, string][] = [
      [{ vendor: 'misa', product: 'Ke toan' }, { vendor: 'MISA', name: 'MISA SME Kế toán' }, 'contains'],
      [{ vendor: 'misa', product: 'Kế toán' }, { vendor: 'MISA', name: 'MISA SME Ke toan' }, 'contains'],
      [{ vendor: '7-zip', product: '7zip' }, { vendor: 'Igor Pavlov', name: '7-Zip 23.01 (x64)' }, 'compact'],
      [{ vendor: 'notepad-plus-plus', product: 'notepad++' }, { vendor: 'Notepad++ Team', name: 'Notepad++ (64-bit x64)' }, 'exact'],
      [{ vendor: 'Bkav', product: 'Bkav Pro' }, { vendor: 'Bkav Corporation', name: 'Bkav Pro Internet Security' }, 'prefix'],
    ];
    for (const [rule, item, how] of cases) {
      expect(matchName(rule, item)?.how, JSON.stringify([rule, item])).toBe(how);
      expect(mayMatchName(nameNeedle(rule), item.name), JSON.stringify([rule, item])).toBe(true);
    }
    expect(mayMatchName(nameNeedle({ vendor: 'mozilla', product: 'firefox' }), 'Google Chrome')).toBe(false);
    expect(mayMatchName('', 'anything')).toBe(false);
  });

  it('gives a needle every matching name contains', () => {
    expect(nameNeedle({ vendor: 'mozilla', product: 'firefox' })).toBe('fire');
    expect(nameNeedle({ vendor: 'Microsoft', product: 'Microsoft Office' })).toBe('offi');
    expect(nameNeedle({ vendor: 'fortinet', product: 'fortios' })).toBe('fort');
    expect('forti os'.includes(nameNeedle({ vendor: 'fortinet', product: 'fortios' }))).toBe(true);
  });
});

describe('versions', () => {
  it('parses real-world versions', () => {
    expect(parseVersion('10.0.19045.3803')?.map((s) => s.n)).toEqual([10, 0, 19045, 3803]);
    expect(parseVersion('7.2.5 build1517')?.map((s) => s.n)).toEqual([7, 2, 5, 1517]);
    expect(parseVersion('v2.4.58')?.map((s) => s.n)).toEqual([2, 4, 58]);
    expect(parseVersion('')).toBeNull();
    expect(parseVersion('unknown')).toBeNull();
  });

  it.each<[string, string, number]>([
    ['1.24', '1.24.0', 0],
    ['1.24.0', '1.25.3', -1],
    ['10.0.19045.3803', '10.0.19045.3930', -1],
    ['10.0.19045', '10.0.19045.3803', -1],
    ['23.01', '23.1', 0],
    ['2.4.58', '2.4.9', 1],
    ['8.0.0-rc1', '8.0.0', -1],
    ['8.0.0-rc2', '8.0.0-rc10', -1],
    ['9.3p2', '9.3p1', 1],
    ['9.3p1', '9.3', 1],
    ['2.4.58-1ubuntu1', '2.4.58', 1],
    ['7.2.5 build1517', '7.2.5', 1],
    ['121.0', '120.0.1', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b) ?? NaN)).toBe(sign);
  });

  it('cannot compare what has no version', () => {
    expect(compareVersions('', '1.0')).toBeNull();
    expect(compareVersions('1.0', null)).toBeNull();
  });

  const range: VersionRule[] = [{ version: '7.0.0', lessThan: '7.2.6', status: 'affected', versionType: 'semver' }];
  it.each<[string, string, number | null, string]>([
    ['6.4.15', 'unaffected', null, 'default'],
    ['7.0.0', 'affected', 0, 'range'],
    ['7.2.5', 'affected', 0, 'range'],
    ['7.2.5 build1517', 'affected', 0, 'range'],
    ['7.2.6', 'unaffected', null, 'default'],
    ['7.4.0', 'unaffected', null, 'default'],
  ])('lessThan range: %s → %s', (v, status, rule, reason) => {
    expect(versionStatus({ versions: range, defaultStatus: 'unaffected' }, v)).toEqual({ status, rule, reason });
  });

  it('lessThanOrEqual includes its bound, lessThan does not', () => {
    const le: VersionRule[] = [{ version: '0', lessThanOrEqual: '1.25.3', status: 'affected' }];
    expect(versionStatus({ versions: le }, '1.25.3').status).toBe('affected');
    expect(versionStatus({ versions: le }, '1.25.4').status).toBe('unknown');
    const lt: VersionRule[] = [{ version: '0', lessThan: '1.25.3', status: 'affected' }];
    expect(versionStatus({ versions: lt }, '1.25.3').status).toBe('unknown');
    expect(versionStatus({ versions: lt }, '1.0').status).toBe('affected');
  });

  it('"*" as an upper bound is unbounded, as an exact version is every version', () => {
    expect(versionStatus({ versions: [{ version: '2.0', lessThan: '*', status: 'affected' }] }, '99.1').status).toBe('affected');
    expect(versionStatus({ versions: [{ version: '2.0', lessThan: '*', status: 'affected' }] }, '1.9').status).toBe('unknown');
    expect(versionStatus({ versions: [{ version: '*', status: 'affected' }] }, '3.1').reason).toBe('exact');
  });

  it('an exact version entry matches that version only', () => {
    const exact: VersionRule[] = [{ version: '8.8.15', status: 'affected' }];
    expect(versionStatus({ versions: exact, defaultStatus: 'unaffected' }, '8.8.15')).toEqual({ status: 'affected', rule: 0, reason: 'exact' });
    expect(versionStatus({ versions: exact, defaultStatus: 'unaffected' }, '8.8.16').status).toBe('unaffected');
  });

  it('an explicit unaffected entry wins over an affected range', () => {
    const rules: VersionRule[] = [
      { version: '0', lessThan: '3.0', status: 'affected' },
      { version: '2.9.1', status: 'unaffected' },
    ];
    expect(versionStatus({ versions: rules }, '2.9.1')).toEqual({ status: 'unaffected', rule: 1, reason: 'exact' });
    expect(versionStatus({ versions: rules }, '2.9.0')).toEqual({ status: 'affected', rule: 0, reason: 'range' });
  });

  it('applies changes from their version on', () => {
    const rules: VersionRule[] = [{ version: '1.0', lessThan: '2.0', status: 'affected', changes: [{ at: '1.5', status: 'unaffected' }] }];
    expect(versionStatus({ versions: rules }, '1.4.9').status).toBe('affected');
    expect(versionStatus({ versions: rules }, '1.5').status).toBe('unaffected');
  });

  it('uses the default status when no rule is given, and all versions when told', () => {
    expect(versionStatus({ defaultStatus: 'affected' }, '1.0')).toEqual({ status: 'affected', rule: null, reason: 'all_versions' });
    expect(versionStatus({ defaultStatus: 'unaffected' }, '1.0').status).toBe('unaffected');
    expect(versionStatus({ allVersions: true, versions: range }, '1.0')).toEqual({ status: 'affected', rule: null, reason: 'all_versions' });
    expect(versionStatus({ versions: range }, '')).toEqual({ status: 'unknown', rule: null, reason: 'unknown_version' });
  });

  it('reads Windows builds against a cumulative update boundary', () => {
    const win: VersionRule[] = [{ version: '10.0.0', lessThan: '10.0.19045.3803', status: 'affected', versionType: 'custom' }];
    expect(versionStatus({ versions: win }, '10.0.19045.3693').status).toBe('affected');
    expect(versionStatus({ versions: win }, '10.0.19045.3803').status).toBe('unknown');
    expect(versionStatus({ versions: win }, '10.0.19045.4046').status).toBe('unknown');
  });
});

describe('matchInstalled', () => {
  const products: ProductRule[] = [
    { vendor: 'apache', product: 'http_server', versions: [{ version: '2.4.0', lessThanOrEqual: '2.4.58', status: 'affected' }], defaultStatus: 'unaffected' },
    { vendor: 'f5', product: 'nginx', versions: [{ version: '1.0.0', lessThan: '1.25.3', status: 'affected' }] },
  ];

  it('says which product and which rule matched', () => {
    expect(matchInstalled(products, { vendor: 'nginx', name: 'nginx', version: '1.24' })).toEqual({ product: 1, nameMatch: 'exact', versionRule: 0, versionReason: 'range' });
    expect(matchInstalled(products, { vendor: 'Apache Software Foundation', name: 'Apache HTTP Server 2.4.58 (x64)', version: '2.4.58' })).toEqual({
      product: 0,
      nameMatch: 'exact',
      versionRule: 0,
      versionReason: 'range',
    });
  });

  it('does not hit a fixed version, and asks about an unknown one', () => {
    expect(matchInstalled(products, { vendor: 'nginx', name: 'nginx', version: '1.25.3' })).toBeNull();
    expect(matchInstalled(products, { vendor: 'Apache', name: 'Apache HTTP Server', version: '2.4.59' })).toBeNull();
    expect(matchInstalled(products, { vendor: 'nginx', name: 'nginx', version: null })?.versionReason).toBe('unknown_version');
    expect(matchInstalled(products, { vendor: 'Microsoft', name: 'IIS', version: '10.0' })).toBeNull();
  });
});

describe('helpers', () => {
  it('describes rules', () => {
    const words = { from: 'từ', below: 'dưới', upTo: 'đến', all: 'mọi phiên bản' };
    expect(describeRule({ version: '7.0.0', lessThan: '7.2.6', status: 'affected' }, words)).toBe('từ 7.0.0, dưới 7.2.6');
    expect(describeRule({ version: '0', lessThanOrEqual: '1.25.3', status: 'affected' }, words)).toBe('đến 1.25.3');
    expect(describeRule({ version: '8.8.15', status: 'affected' }, words)).toBe('= 8.8.15');
    expect(describeRule({ version: '0', lessThan: '*', status: 'affected' }, words)).toBe('mọi phiên bản');
  });

  it('knows overdue', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    expect(isOverdue('2026-12-02T00:00:00Z', null, now)).toBe(true);
    expect(isOverdue('2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z', now)).toBe(false);
    expect(isOverdue('2026-12-04T00:00:00Z', null, now)).toBe(false);
    expect(isOverdue(null, null, now)).toBe(false);
  });

  it('numbers advisories per year', () => {
    expect(advisoryCode(2026, 7)).toBe('CB-2026-007');
    expect(advisoryCode(2026, 1234)).toBe('CB-2026-1234');
  });
});
