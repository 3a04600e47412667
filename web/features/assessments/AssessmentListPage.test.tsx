import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssessmentList, DueList } from '@shared/api/assessments';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ORG = '0190a000-0000-7000-8000-000000000001';
const SYS = '0190a000-0000-7000-8000-0000000005a1';

const due: DueList = {
  items: [
    { systemId: SYS, systemName: 'Cổng dịch vụ công của xã', systemCode: 'HT-01', orgId: ORG, orgName: 'UBND xã Chiềng Cơi', approvedLevel: 3, regime: 'nd85_2016', lastAssessedOn: '2025-10-01', lastKind: 'self', nextDueOn: '2026-10-01', status: 'overdue', externalRequired: true },
  ],
  total: 1,
  counts: { never: 4, overdue: 1, dueSoon: 0 },
};

const list: AssessmentList = {
  items: [
    {
      id: '0190a000-0000-7000-8000-0000000a5501',
      orgId: ORG,
      orgName: 'UBND xã Chiềng Cơi',
      systemId: SYS,
      systemName: 'Cổng dịch vụ công của xã',
      systemCode: 'HT-01',
      kind: 'inspection',
      state: 'completed',
      catalogue: 'tt12_2022_tcvn11930_2017',
      regime: 'nd85_2016',
      level: 3,
      performedOn: '2025-10-01',
      performerKind: 'mps',
      score: 78.95,
      nextDueOn: '2026-10-01',
      isOverdue: true,
      counts: { total: 19, met: 15, partial: 0, notMet: 4, notApplicable: 0, unanswered: 0 },
      createdAt: '2025-10-01T02:00:00.000Z',
      completedAt: '2025-10-01T03:00:00.000Z',
    },
  ],
  total: 1,
};

describe('AssessmentListPage', () => {
  it('shows systems due for assessment with their overdue tag, and the assessments with their score', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'assessment.read': true } }) },
      'GET /api/notifications': { status: 200, body: { items: [], total: 0, unread: 0 } },
      'GET /api/assessments/due': { status: 200, body: due },
      'GET /api/assessments': { status: 200, body: list },
    });
    renderRoutes(routes, '/assessments');
    expect(await screen.findByText('Hệ thống đến hạn đánh giá', {}, { timeout: 15_000 })).toBeTruthy();
    const dueRow = (await screen.findAllByText('Cổng dịch vụ công của xã'))[0]?.closest('tr');
    if (!dueRow) throw new Error('no due row');
    expect(within(dueRow).getByText('Quá hạn đánh giá')).toBeTruthy();
    expect(within(dueRow).getByText('Cần tổ chức bên ngoài đánh giá')).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'Kiểm tra của cơ quan chức năng' });
    const row = link.closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('78.95')).toBeTruthy();
    expect(within(row).getByText('Quá hạn đánh giá')).toBeTruthy();
  }, 60_000);
});
