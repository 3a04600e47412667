import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FigureCounters, FigureDrillList, SystemFigures, UnitsWithoutSubmissionList } from '@shared/api/figures';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

// The lazily loaded page, shell and chart (echarts) are imported once here, so that the first
// test is not timed on a cold module graph.
beforeAll(async () => {
  await Promise.all([import('./FiguresPage'), import('./LevelChart'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const PROVINCE = '0190a000-0000-7000-8000-00000000f001';
const HEALTH = '0190a000-0000-7000-8000-00000000f002';
const COMMUNE = '0190a000-0000-7000-8000-00000000f003';
const QUIET = '0190a000-0000-7000-8000-00000000f004';

function counters(over: Partial<Omit<FigureCounters, 'dossiers'>> & { dossiers?: Partial<FigureCounters['dossiers']> } = {}): FigureCounters {
  const levels = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 };
  return {
    units: 0,
    unitsWithoutSubmission: 0,
    systems: 0,
    important: 0,
    classified: 0,
    byProposedLevel: levels,
    byApprovedLevel: levels,
    ...over,
    dossiers: { drafting: 0, submitted: 0, underAppraisal: 0, returned: 0, appraised: 0, approved: 0, rejected: 0, overdue: 0, ...over.dossiers },
  };
}

const figures: SystemFigures = {
  org: { id: PROVINCE, code: 'SL', name: 'UBND tỉnh Sơn La', kind: 'province', parentId: null },
  asOf: '2026-09-15',
  totals: counters({
    units: 3,
    unitsWithoutSubmission: 1,
    systems: 25,
    important: 4,
    classified: 21,
    byProposedLevel: { '1': 2, '2': 12, '3': 6, '4': 1, '5': 0, none: 4 },
    byApprovedLevel: { '1': 1, '2': 6, '3': 3, '4': 0, '5': 0, none: 15 },
    dossiers: { submitted: 19, approved: 10, underAppraisal: 5, returned: 3, overdue: 2, drafting: 4, appraised: 1 },
  }),
  rows: [
    { org: { id: HEALTH, code: 'SYT', name: 'Sở Y tế', kind: 'department' }, own: false, hasChildren: true, ...counters({ units: 1, systems: 15, dossiers: { submitted: 12, approved: 7, overdue: 2 } }) },
    { org: { id: COMMUNE, code: 'XTL', name: 'Xã Tân Lập', kind: 'commune' }, own: false, hasChildren: false, ...counters({ units: 1, systems: 8, dossiers: { submitted: 7, approved: 3 } }) },
    { org: { id: QUIET, code: 'XYP', name: 'Xã Yên Phú', kind: 'commune' }, own: false, hasChildren: false, ...counters({ units: 1, unitsWithoutSubmission: 1, systems: 2 }) },
  ],
};

const units: UnitsWithoutSubmissionList = {
  items: [{ id: QUIET, code: 'XYP', name: 'Xã Yên Phú', kind: 'commune', parentName: 'UBND tỉnh Sơn La', systemCount: 0, draftCount: 0, hasNoSystem: true }],
  total: 1,
};

const drill: FigureDrillList = {
  kind: 'dossiers',
  items: [
    {
      systemId: '0190a000-0000-7000-8000-00000000f101',
      systemCode: 'SYT-HT01',
      systemName: 'Hệ thống quản lý khám chữa bệnh',
      orgId: HEALTH,
      orgName: 'Sở Y tế',
      proposedLevel: 2,
      approvedLevel: null,
      isImportant: false,
      dossierId: '0190a000-0000-7000-8000-00000000f201',
      dossierState: 'under_appraisal',
      receivedAt: '2026-08-10T02:00:00.000Z',
      dueOn: '2026-09-01',
      directiveDueOn: null,
    },
  ],
  total: 1,
};

function setup() {
  const urls: string[] = [];
  mockApi({
    'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true, 'org.read': true } }) },
    'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    'GET /api/figures/systems': { status: 200, body: figures },
    'GET /api/figures/systems/units-without-submission': { status: 200, body: units },
    'GET /api/figures/systems/drill': { status: 200, body: drill },
  });
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    urls.push(input);
    return inner(input, init);
  });
  return urls;
}

describe('FiguresPage', () => {
  it('reads the headline figures in the directive’s words, per unit, and names the units that sent nothing', async () => {
    setup();
    renderRoutes(routes, '/figures');
    expect((await screen.findByTestId('figures-headline')).textContent).toBe('Đã tiếp nhận 19 hồ sơ, đã phê duyệt 10.');
    expect(screen.getByLabelText('Hồ sơ đã tiếp nhận: 19')).toBeTruthy();
    expect(screen.getByLabelText('Quá hạn: 2')).toBeTruthy();
    expect(screen.getByText('/ 3 đơn vị')).toBeTruthy();

    const health = screen.getByText('Sở Y tế').closest('tr');
    if (!health) throw new Error('no row');
    expect(within(health).getByLabelText('Đã tiếp nhận: Sở Y tế').textContent).toBe('12');
    expect(screen.getByText('Xã Tân Lập')).toBeTruthy();

    // The units that sent nothing, flagged when they registered nothing either.
    expect(await screen.findByText('Chưa đăng ký hệ thống nào')).toBeTruthy();
    expect(screen.getAllByText('Xã Yên Phú').length).toBeGreaterThanOrEqual(2);
    // The nav item.
    expect(screen.getByText('Số liệu cấp độ')).toBeTruthy();
  });

  it('opens the list behind a number in a drawer', async () => {
    const urls = setup();
    renderRoutes(routes, '/figures');
    fireEvent.click(await screen.findByLabelText('Quá hạn: Sở Y tế'));
    const name = await screen.findByText('Hệ thống quản lý khám chữa bệnh');
    const drawer = name.closest('.ant-drawer');
    if (!(drawer instanceof HTMLElement)) throw new Error('no drawer');
    expect(within(drawer).getByText('Đang thẩm định')).toBeTruthy();
    expect(within(drawer).getByText('Quá hạn — Sở Y tế')).toBeTruthy();
    const asked = urls.find((u) => u.startsWith('/api/figures/systems/drill?'));
    expect(asked).toContain('metric=overdue');
    expect(asked).toContain(`orgId=${HEALTH}`);
  });

  it('focuses on a unit with sub-units when its name is clicked', async () => {
    const urls = setup();
    const { router } = renderRoutes(routes, '/figures');
    fireEvent.click(await screen.findByText('Sở Y tế'));
    await waitFor(() => expect(router.state.location.search).toBe(`?orgId=${HEALTH}`));
    await waitFor(() => expect(urls).toContain(`/api/figures/systems?orgId=${HEALTH}`));
  });
});
