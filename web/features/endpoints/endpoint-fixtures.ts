import type { Coverage, CoverageCounts, CoverageRow, Endpoint } from '@shared/api/endpoints';

/** Test data of the endpoints pages (web tests only). */
export const ORG = { id: '0190a000-0000-7000-8000-000000000001', code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' };

export function makeEndpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: '0190a000-0000-7000-8000-00000000e001',
    orgId: ORG.id,
    orgCode: ORG.code,
    orgName: ORG.name,
    hostname: 'MC-TIEPNHAN-01',
    hardwareUuid: '4C4C4544-0042-3510-8051-B4C04F4E4B32',
    serial: 'CN0X1234',
    osPlatform: 'windows',
    osName: 'Windows 10 Pro',
    osVersion: '22H2',
    osBuild: '19045',
    osLicence: 'licensed',
    ipAddresses: ['10.20.0.15'],
    macAddresses: ['00:1A:2B:3C:4D:5E'],
    assignedTo: 'Trần Thị B',
    stateSecret: false,
    source: 'agent',
    hasAnyAv: true,
    hasCentralAv: true,
    avUpToDate: true,
    avProducts: [
      { name: 'Kaspersky Endpoint Security 12', enabled: true, upToDate: true, central: true, source: 'agent', reportedAt: '2026-12-01T02:00:00.000Z' },
    ],
    agent: true,
    lastSeenAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    notes: null,
    retiredAt: null,
    updatedAt: '2026-12-01T02:00:00.000Z',
    can: { update: true, delete: true },
    ...overrides,
  };
}

export function counts(over: Partial<CoverageCounts> = {}): CoverageCounts {
  return { total: 0, centralAv: 0, anyAv: 0, licensedOs: 0, seen: 0, excluded: 0, ...over };
}

export function coverageRow(over: Partial<CoverageRow> & Pick<CoverageRow, 'orgId' | 'orgName'>): CoverageRow {
  return { orgCode: 'X', orgKind: 'commune', hasChildren: false, own: false, ...counts(), ...over };
}

export function makeCoverage(over: Partial<Coverage> & Pick<Coverage, 'orgId' | 'orgName'>): Coverage {
  return { seenDays: 7, summary: counts(), centers: { ...counts(), count: 0, withoutMachines: 0 }, rows: [], ...over };
}
