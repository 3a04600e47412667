import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LevelCriterion } from '@shared/api/legal';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { REGIMES_REPLY } from '../systems/system-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const criterion: LevelCriterion = {
  id: '0190a000-0000-7000-8000-00000000d001',
  regime: 'nd331_2026',
  code: 'L1.INTERNAL_PUBLIC',
  level: 1,
  legalRef: 'Điều 11 Nghị định 331/2026/NĐ-CP',
  textVi: 'Hệ thống phục vụ nội bộ chỉ xử lý thông tin công cộng.',
  textEn: 'Internal system processing only public information.',
  condition: { all: [{ field: 'systemType', eq: 'internal' }, { field: 'infoTypes', subsetOf: ['public'] }] },
  verified: false,
  sort: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const EMPTY = { status: 200, body: { items: [], total: 0 } };

function handlers(can: Record<string, boolean>) {
  return {
    'GET /api/auth/session': { status: 200, body: makeSession({ can }) },
    'GET /api/legal/regimes': { status: 200, body: REGIMES_REPLY },
    'GET /api/legal/criteria': { status: 200, body: { items: [criterion], total: 1 } },
    'GET /api/legal/authorities': EMPTY,
    'GET /api/legal/deadlines': EMPTY,
    'GET /api/legal/holidays': EMPTY,
  };
}

describe('LegalPage', () => {
  it('lists the criteria of the regime in force; only legal.manage may edit them', { timeout: 40_000 }, async () => {
    mockApi(handlers({ 'system.read': true }));
    renderRoutes(routes, '/legal');
    const row = (await screen.findByText('L1.INTERNAL_PUBLIC', undefined, { timeout: 15_000 })).closest('tr');
    if (!row) throw new Error('row not rendered');
    expect(within(row).getByText('Điều 11 Nghị định 331/2026/NĐ-CP')).toBeTruthy();
    expect(within(row).getByText('Chưa đối chiếu')).toBeTruthy();
    expect(within(row).queryByText('Sửa')).toBeNull();
  });

  it("checks the condition's JSON before sending, and shows the server's error on the condition", { timeout: 40_000 }, async () => {
    const calls = mockApi({
      ...handlers({ 'system.read': true, 'legal.manage': true }),
      [`PATCH /api/legal/criteria/${criterion.id}`]: apiError(400, 'validation', 'Thông tin chưa hợp lệ.', {
        condition: 'Điều kiện dùng trường không có trong bộ câu hỏi.',
      }),
    });
    renderRoutes(routes, '/legal');
    const row = (await screen.findByText('L1.INTERNAL_PUBLIC', undefined, { timeout: 15_000 })).closest('tr');
    if (!row) throw new Error('row not rendered');
    fireEvent.click(within(row).getByText('Sửa'));

    const condition = await screen.findByLabelText('Điều kiện (JSON)');
    fireEvent.change(condition, { target: { value: '{ "all": [ ' } });
    fireEvent.click(screen.getByText('Lưu'));
    expect(await screen.findByText(/Không phải JSON hợp lệ/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.change(condition, { target: { value: '{ "field": "systemType", "eq": "internal" }' } });
    fireEvent.click(screen.getByText('Lưu'));
    expect(await screen.findByText('Điều kiện dùng trường không có trong bộ câu hỏi.')).toBeTruthy();
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({
      level: 1,
      condition: { field: 'systemType', eq: 'internal' },
      verified: false,
    }));
  });
});
