import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Coverage } from '@shared/api/endpoints';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { counts, coverageRow, makeCoverage } from './endpoint-fixtures';

// The lazily loaded shell, page and chart (echarts) are imported once here, so that the first
// test is not timed on a cold module graph.
beforeAll(async () => {
  await Promise.all([import('./CoveragePage'), import('./CoverageTrendChart'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const PROVINCE = '0190a000-0000-7000-8000-00000000c001';
const TANLAP = '0190a000-0000-7000-8000-00000000c002';
const YENPHU = '0190a000-0000-7000-8000-00000000c003';
const CENTER = '0190a000-0000-7000-8000-00000000c004';

const province: Coverage = makeCoverage({
  orgId: PROVINCE,
  orgName: 'UBND tỉnh Tuyên Quang',
  summary: counts({ total: 2140, centralAv: 380, anyAv: 1500, licensedOs: 900, seen: 1700, excluded: 12 }),
  centers: { ...counts({ total: 812, centralAv: 31, anyAv: 300, licensedOs: 200, seen: 500, excluded: 0 }), count: 125, withoutMachines: 1 },
  rows: [
    coverageRow({ orgId: TANLAP, orgName: 'Xã Tân Lập', hasChildren: true, ...counts({ total: 10, centralAv: 2, anyAv: 6, licensedOs: 3, seen: 8, excluded: 1 }) }),
    coverageRow({ orgId: YENPHU, orgName: 'Xã Yên Phú', hasChildren: false, ...counts({ total: 4, centralAv: 4, anyAv: 4, licensedOs: 4, seen: 4 }) }),
  ],
});

const tanLap: Coverage = makeCoverage({
  orgId: TANLAP,
  orgName: 'Xã Tân Lập',
  summary: counts({ total: 10, centralAv: 2, anyAv: 6, licensedOs: 3, seen: 8, excluded: 1 }),
  centers: { ...counts({ total: 6, centralAv: 1, anyAv: 4, licensedOs: 2, seen: 5 }), count: 1, withoutMachines: 0 },
  rows: [coverageRow({ orgId: CENTER, orgName: 'Trung tâm PVHCC xã Tân Lập', orgKind: 'service_center', ...counts({ total: 6, centralAv: 1, anyAv: 4, licensedOs: 2, seen: 5 }) })],
});

function org(id: string, name: string, parentId: string | null) {
  return {
    id,
    code: 'X',
    name,
    nameEn: null,
    kind: 'commune',
    adminUnitKind: null,
    parentId,
    depth: parentId ? 1 : 0,
    address: null,
    phone: null,
    email: null,
    securityOfficerId: null,
    securityOfficerName: null,
    securityOfficerQualification: null,
    childCount: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    can: { update: false, delete: false, createChild: false, designateOfficer: false },
  };
}

function setup() {
  const urls: string[] = [];
  mockApi({
    'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'endpoint.read': true } }) },
    'GET /api/endpoints/coverage': { status: 200, body: province },
    'GET /api/endpoints/coverage/history': {
      status: 200,
      body: { orgId: PROVINCE, points: [{ day: '2026-12-01', ...counts({ total: 812, centralAv: 31, anyAv: 300, licensedOs: 200, seen: 500 }) }] },
    },
    [`GET /api/orgs/${TANLAP}`]: { status: 200, body: org(TANLAP, 'Xã Tân Lập', PROVINCE) },
    [`GET /api/orgs/${PROVINCE}`]: { status: 200, body: org(PROVINCE, 'UBND tỉnh Tuyên Quang', null) },
  });
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    urls.push(input);
    // The drill-down asks for the child's coverage.
    if (input.startsWith('/api/endpoints/coverage?') && input.includes(`orgId=${TANLAP}`)) {
      return Promise.resolve(new Response(JSON.stringify(tanLap), { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    return inner(input, init);
  });
  return urls;
}

describe('CoveragePage', () => {
  it('states the directive’s figure from the data, per unit, with the machines behind each number', { timeout: 60_000 }, async () => {
    setup();
    renderRoutes(routes, '/coverage');
    const headline = await screen.findByTestId('coverage-headline', undefined, { timeout: 20_000 });
    expect(headline.textContent).toBe('31/812 máy tính tại 125 Trung tâm phục vụ hành chính công có phần mềm phòng chống mã độc tập trung');
    expect(screen.getByTestId('coverage-centers-without').textContent).toContain('1 Trung tâm phục vụ hành chính công chưa có máy tính nào');
    const exportLink = screen.getByText('Xuất Excel').closest('a');
    expect(exportLink?.getAttribute('href')).toMatch(/^\/api\/endpoints\/coverage\/export\.xlsx\?/);
    expect(exportLink?.getAttribute('href')).toContain('groupBy=children');
    expect(screen.getByTestId('coverage-subline').textContent).toContain('Toàn bộ UBND tỉnh Tuyên Quang: 380/2.140 máy tính');
    expect(screen.getByLabelText('PM PCMĐ tập trung: 380/2140')).toBeTruthy();
    expect(screen.getByLabelText('Không tính (máy mật): 12')).toBeTruthy();

    const row = screen.getByText('Xã Tân Lập').closest('tr');
    if (!row) throw new Error('no row');
    // A count opens the inventory filtered to the machines lacking it.
    const missing = within(row).getByLabelText('8 máy chưa có PCMĐ tập trung: Xã Tân Lập');
    expect(missing.getAttribute('href')).toBe(`/endpoints?orgId=${TANLAP}&filter=no_central_av`);
    expect(missing.textContent).toBe('2/10');
    expect(within(row).getByLabelText('Không tính (máy mật): Xã Tân Lập').getAttribute('href')).toBe(`/endpoints?orgId=${TANLAP}&filter=state_secret`);
    // A unit without sub-units links straight to its machines.
    expect(screen.getByText('Xã Yên Phú').closest('a')?.getAttribute('href')).toBe(`/endpoints?orgId=${YENPHU}`);
    // The trend's text alternative tells the latest day.
    expect((await screen.findByLabelText(/^Ngày 01\/12\/2026: 31\/812 máy có PCMĐ tập trung/)).getAttribute('role')).toBe('img');
  });

  it('drills into a unit, with a breadcrumb back up', { timeout: 60_000 }, async () => {
    const urls = setup();
    const { router } = renderRoutes(routes, '/coverage?seenDays=30');
    fireEvent.click(await screen.findByText('Xã Tân Lập', undefined, { timeout: 20_000 }));
    await waitFor(() => expect(router.state.location.search).toBe(`?seenDays=30&orgId=${TANLAP}`));
    expect(urls.some((u) => u.startsWith('/api/endpoints/coverage?') && u.includes(`orgId=${TANLAP}`) && u.includes('seenDays=30'))).toBe(true);
    await waitFor(() =>
      expect(screen.getByTestId('coverage-headline').textContent).toBe('1/6 máy tính tại 1 Trung tâm phục vụ hành chính công có phần mềm phòng chống mã độc tập trung'),
    );
    const center = screen.getByText('Trung tâm PVHCC xã Tân Lập').closest('a');
    expect(center?.getAttribute('href')).toBe(`/endpoints?orgId=${CENTER}`);
    // The seen-days window follows into the inventory link of "not seen".
    expect(screen.getByLabelText('1 máy không hoạt động trong 30 ngày: Trung tâm PVHCC xã Tân Lập').getAttribute('href')).toBe(
      `/endpoints?orgId=${CENTER}&filter=not_seen&seenDays=30`,
    );

    // Back up through the breadcrumb.
    const up = (await screen.findByText('UBND tỉnh Tuyên Quang')).closest('a');
    if (!up) throw new Error('no breadcrumb link');
    fireEvent.click(up);
    await waitFor(() => expect(router.state.location.search).toBe(`?seenDays=30&orgId=${PROVINCE}`));
  });
});
