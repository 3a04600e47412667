import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssessmentFigures, FigureCounters, SystemFigures } from '@shared/api/figures';
import type { DueList } from '@shared/api/assessments';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

beforeAll(async () => {
  await Promise.all([import('./FiguresPage'), import('./LevelChart'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const PROVINCE = '0190a000-0000-7000-8000-00000000e001';
const HEALTH = '0190a000-0000-7000-8000-00000000e002';
const COMMUNE = '0190a000-0000-7000-8000-00000000e003';

const zero: FigureCounters = {
  units: 0,
  unitsWithoutSubmission: 0,
  systems: 0,
  important: 0,
  classified: 0,
  byProposedLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 },
  byApprovedLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 },
  dossiers: { drafting: 0, submitted: 0, underAppraisal: 0, returned: 0, appraised: 0, approved: 0, rejected: 0, overdue: 0 },
};

const figures: SystemFigures = {
  org: { id: PROVINCE, code: 'SL', name: 'UBND tỉnh Sơn La', kind: 'province', parentId: null },
  asOf: '2026-12-16',
  totals: zero,
  rows: [],
};

const dueFigures: AssessmentFigures = {
  org: figures.org,
  asOf: '2026-12-16',
  withinDays: 30,
  totals: { overdue: 3, dueSoon: 1, never: 2 },
  rows: [
    { org: { id: HEALTH, code: 'SYT', name: 'Sở Y tế', kind: 'department' }, own: false, hasChildren: true, overdue: 2, dueSoon: 1, never: 0 },
    { org: { id: COMMUNE, code: 'XTL', name: 'Xã Tân Lập', kind: 'commune' }, own: false, hasChildren: false, overdue: 1, dueSoon: 0, never: 2 },
  ],
};

const system = (n: number, status: DueList['items'][number]['status'], nextDueOn: string | null) => ({
  systemId: `0190a000-0000-7000-8000-00000000e1${String(n).padStart(2, '0')}`,
  systemName: `Hệ thống số ${n} của Sở Y tế`,
  systemCode: `SYT-${n}`,
  orgId: HEALTH,
  orgName: 'Sở Y tế',
  approvedLevel: 3,
  regime: 'nd331_2026' as const,
  lastAssessedOn: nextDueOn ? '2025-11-01' : null,
  lastKind: nextDueOn ? ('self' as const) : null,
  nextDueOn,
  status,
  externalRequired: false,
});

const due: DueList = {
  items: [system(1, 'overdue', '2026-11-01'), system(2, 'overdue', '2026-12-01'), system(3, 'due_soon', '2026-12-30')],
  total: 3,
  counts: { overdue: 2, dueSoon: 1, never: 0 },
};

function setup(can: Record<string, boolean>) {
  return mockApi({
    'GET /api/auth/session': { status: 200, body: makeSession({ can }) },
    'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
    'GET /api/figures/systems': { status: 200, body: figures },
    'GET /api/figures/systems/units-without-submission': { status: 200, body: { items: [], total: 0 } },
    'GET /api/figures/assessments': { status: 200, body: dueFigures },
    'GET /api/assessments/due': { status: 200, body: due },
  });
}

describe('FiguresPage: periodic assessments and the annual report', () => {
  it('shows the due and overdue assessments per unit and the systems behind a number', async () => {
    const calls = setup({ 'system.read': true, 'org.read': true, 'assessment.read': true });
    renderRoutes(routes, '/figures');
    expect((await screen.findByTestId('assessments-due-totals')).textContent).toBe('Quá hạn: 3 hệ thống; đến hạn trong 30 ngày tới: 1; chưa từng đánh giá: 2.');
    expect(screen.getByLabelText('Chưa từng đánh giá: Xã Tân Lập').textContent).toBe('2');
    fireEvent.click(screen.getByLabelText('Quá hạn đánh giá: Sở Y tế'));
    const first = await screen.findByText('Hệ thống số 1 của Sở Y tế');
    const drawer = first.closest('.ant-drawer');
    if (!(drawer instanceof HTMLElement)) throw new Error('no drawer');
    expect(within(drawer).getByText('Quá hạn đánh giá — Sở Y tế')).toBeTruthy();
    expect(within(drawer).getByText('Hệ thống số 2 của Sở Y tế')).toBeTruthy();
    // Only the overdue ones: the one due soon is behind the other number.
    expect(within(drawer).queryByText('Hệ thống số 3 của Sở Y tế')).toBeNull();
    expect(calls.some((c) => c.path === '/api/assessments/due')).toBe(true);
  });

  it('pages the units 20 at a time, the most overdue first, and sorts by another number', async () => {
    // 45 communes in name order; Xã số 30 is the most overdue, then Xã số 23 (3 overdue, 2 due soon, 3 never)
    // ahead of Xã số 11 (3, 2, 1) and Xã số 35 (3, 2, 0).
    const rows = Array.from({ length: 45 }, (_, i) => {
      const n = i + 1;
      const name = `Xã số ${String(n).padStart(2, '0')}`;
      const id = `0190a000-0000-7000-8000-0000000f${String(n).padStart(4, '0')}`;
      return { org: { id, code: `X${n}`, name, kind: 'commune' as const }, own: false, hasChildren: false, overdue: n === 30 ? 9 : n % 4, dueSoon: n % 3, never: n % 5 };
    });
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true, 'org.read': true, 'assessment.read': true } }) },
      'GET /api/orgs': { status: 200, body: { items: [], total: 0 } },
      'GET /api/figures/systems': { status: 200, body: figures },
      'GET /api/figures/systems/units-without-submission': { status: 200, body: { items: [], total: 0 } },
      'GET /api/figures/assessments': { status: 200, body: { ...dueFigures, rows } },
      'GET /api/assessments/due': { status: 200, body: due },
    });
    renderRoutes(routes, '/figures');
    await screen.findByLabelText('Quá hạn đánh giá: Xã số 30');
    const table = screen.getByTestId('assessments-due-totals').nextElementSibling;
    if (!(table instanceof HTMLElement)) throw new Error('no table after the totals');
    const names = () => within(table).getAllByRole('row').slice(1).map((tr) => tr.querySelector('td')?.textContent);
    expect(names()).toHaveLength(20);
    expect(names().slice(0, 4)).toEqual(['Xã số 30', 'Xã số 23', 'Xã số 11', 'Xã số 35']);
    expect(within(table).getByText('Tổng cộng 45 mục')).toBeTruthy();

    fireEvent.click(within(table).getByTitle('3'));
    expect(names()).toHaveLength(5);
    // Every unit shows once across the three pages.
    fireEvent.click(within(table).getByTitle('2'));
    const second = names();
    fireEvent.click(within(table).getByTitle('1'));
    expect(new Set([...names(), ...second]).size).toBe(40);

    // Never assessed, most first: 4 never, then the most overdue of them (Xã số 19 and 39: 3), then due soon.
    fireEvent.click(within(table).getByText('Chưa từng đánh giá'));
    expect(names().slice(0, 3)).toEqual(['Xã số 19', 'Xã số 39', 'Xã số 14']);

    // The numbers still open the systems behind them.
    fireEvent.click(screen.getByLabelText('Quá hạn đánh giá: Xã số 19'));
    expect(await screen.findByText('Quá hạn đánh giá — Xã số 19')).toBeTruthy();
  });

  it('offers the annual report of the focused organisation for download', async () => {
    setup({ 'system.read': true, 'org.read': true });
    renderRoutes(routes, '/figures');
    fireEvent.click(await screen.findByText('Báo cáo năm (Mẫu số 08)'));
    const docx = await screen.findByText('Báo cáo năm 2026 (DOCX)');
    expect(docx.closest('a')?.getAttribute('href')).toBe(`/api/documents/annual-report?year=2026&orgId=${PROVINCE}&format=docx`);
    expect(screen.getByText('Báo cáo năm 2026 (PDF)').closest('a')?.getAttribute('href')).toContain('format=pdf');
    // Without assessment.read, no due figures are asked for.
    expect(screen.queryByText('Tự đánh giá, kiểm tra định kỳ: đến hạn và quá hạn')).toBeNull();
  });
});
