import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { makeResult, makeSystem } from './system-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const system = makeSystem({ proposedLevel: 2, regime: 'nd331_2026', classifiedAt: '2026-11-20T03:00:00.000Z', can: { update: false, delete: false, classify: false } });

describe('SystemDetailPage', () => {
  it('shows the record, its components and the latest level with its reasons, warnings and authority', { timeout: 40_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true } }) },
      [`GET /api/systems/${system.id}`]: { status: 200, body: system },
      [`GET /api/systems/${system.id}/classifications`]: {
        status: 200,
        body: {
          items: [
            {
              id: '0190a000-0000-7000-8000-00000000c001',
              systemId: system.id,
              regime: 'nd331_2026',
              level: 2,
              answers: {},
              result: makeResult({
                warnings: ['unverifiedRule'],
                deadlines: [
                  { step: 'appraisal', levelMin: 1, levelMax: 2, days: 15, dayKind: 'working', legalRef: 'Điều 23 Nghị định 331/2026/NĐ-CP', verified: true },
                ],
              }),
              createdByName: 'Trần Thị B',
              createdAt: '2026-11-20T03:00:00.000Z',
            },
          ],
          total: 1,
        },
      },
    });
    renderRoutes(routes, `/systems/${system.id}`);

    expect(await screen.findByText('iOffice', undefined, { timeout: 15_000 })).toBeTruthy();
    expect(await screen.findByText('Điều 12 khoản 1 Nghị định 331/2026/NĐ-CP')).toBeTruthy();
    expect(screen.getByText('Có tiêu chí chưa được đối chiếu với văn bản gốc')).toBeTruthy();
    expect(screen.getAllByText('Đơn vị chuyên trách về an ninh mạng của chủ quản').length).toBe(2);
    expect(screen.getByText(/Thẩm định: tối đa 15 ngày làm việc/)).toBeTruthy();
    const history = screen.getByText('Trần Thị B').closest('tr');
    if (!history) throw new Error('history not rendered');
    expect(within(history).getByText('Cấp độ 2')).toBeTruthy();
    // A viewer neither edits nor classifies.
    expect(screen.queryByText('Xác định lại cấp độ')).toBeNull();
    expect(screen.queryByText('Sửa')).toBeNull();
  });
});
