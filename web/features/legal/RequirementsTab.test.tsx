import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssessmentSchedule, Requirement, RequirementCatalogue } from '@shared/api/assessments';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { REGIMES_REPLY } from '../systems/system-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const catalogues: RequirementCatalogue[] = [
  { code: 'tt12_2022', regime: 'nd85_2016', nameVi: 'Thông tư 12/2022 và TCVN 11930:2017', nameEn: 'Circular 12/2022', legalRef: 'TT 12/2022', effectiveFrom: '2022-10-01', verified: true },
  { code: 'tcvn14423_2026', regime: 'nd331_2026', nameVi: 'TCVN 14423:2026', nameEn: 'TCVN 14423:2026', legalRef: 'TCVN 14423:2026', effectiveFrom: '2026-08-19', verified: false },
];

const requirement: Requirement = {
  id: '0190a000-0000-7000-8000-00000000a001',
  catalogue: 'tcvn14423_2026',
  code: 'QL.1.1',
  family: 'management',
  groupCode: 'QL.1',
  groupNameVi: 'Chính sách an ninh mạng',
  groupNameEn: 'Cybersecurity policy',
  textVi: 'Có quy chế bảo đảm an ninh mạng được ban hành.',
  textEn: 'A cybersecurity regulation is issued.',
  minLevel: 1,
  maxLevel: 5,
  legalRef: 'TCVN 14423:2026 mục 5.1',
  verified: false,
  sort: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const schedule: AssessmentSchedule = {
  regime: 'nd331_2026',
  levelMin: 3,
  levelMax: 4,
  months: 12,
  externalRequired: false,
  legalRef: 'Điều 31 Nghị định 331/2026/NĐ-CP',
  verified: false,
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const EMPTY = { status: 200, body: { items: [], total: 0 } };

function handlers(can: Record<string, boolean>) {
  return {
    'GET /api/auth/session': { status: 200, body: makeSession({ can }) },
    'GET /api/legal/regimes': { status: 200, body: REGIMES_REPLY },
    'GET /api/legal/criteria': EMPTY,
    'GET /api/legal/authorities': EMPTY,
    'GET /api/legal/deadlines': EMPTY,
    'GET /api/legal/holidays': EMPTY,
    'GET /api/assessments/catalogues': { status: 200, body: { items: catalogues, total: 2 } },
    'GET /api/assessments/requirements': { status: 200, body: { items: [requirement], total: 1 } },
    'GET /api/assessments/schedules': { status: 200, body: { items: [schedule], total: 1 } },
  };
}

async function openTab(name: string) {
  fireEvent.click(await screen.findByRole('tab', { name }, { timeout: 15_000 }));
}

describe('LegalPage: requirement catalogue and assessment periods', () => {
  it('lists the requirements of the newest catalogue; readers cannot edit', { timeout: 40_000 }, async () => {
    const calls = mockApi(handlers({ 'system.read': true, 'assessment.read': true }));
    renderRoutes(routes, '/legal');
    await openTab('Yêu cầu an toàn theo cấp độ');
    const row = (await screen.findByText('QL.1.1')).closest('tr');
    if (!row) throw new Error('row not rendered');
    expect(within(row).getByText('Có quy chế bảo đảm an ninh mạng được ban hành.')).toBeTruthy();
    expect(within(row).getByText('Cấp độ 1–5')).toBeTruthy();
    expect(within(row).queryByText('Sửa')).toBeNull();
    // The newest catalogue (the regime in force) is the one chosen.
    expect(screen.getByRole('combobox', { name: 'Bộ yêu cầu' }).closest('.ant-select')?.textContent).toContain('TCVN 14423:2026');
    expect(calls.some((c) => c.path === '/api/assessments/requirements')).toBe(true);
  });

  it('lets a legal.manage holder correct a requirement, and shows the server’s field error', { timeout: 40_000 }, async () => {
    let answer = apiError(400, 'validation', 'Thông tin chưa hợp lệ.', { legalRef: 'Điều khoản quá dài.' });
    const calls = mockApi({
      ...handlers({ 'system.read': true, 'assessment.read': true, 'legal.manage': true }),
      [`PATCH /api/assessments/requirements/${requirement.id}`]: () => answer,
    });
    renderRoutes(routes, '/legal');
    await openTab('Yêu cầu an toàn theo cấp độ');
    fireEvent.click(await screen.findByLabelText('Sửa yêu cầu QL.1.1'));
    const text = await screen.findByLabelText('Nội dung (tiếng Việt)');
    fireEvent.change(text, { target: { value: 'Có quy chế bảo đảm an ninh mạng do người đứng đầu ban hành.' } });
    fireEvent.change(screen.getByLabelText('Điều khoản'), { target: { value: 'TCVN 14423:2026 mục 5.1.1' } });
    fireEvent.click(screen.getByText('Lưu'));
    expect(await screen.findByText('Điều khoản quá dài.')).toBeTruthy();
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
        textVi: 'Có quy chế bảo đảm an ninh mạng do người đứng đầu ban hành.',
        textEn: 'A cybersecurity regulation is issued.',
        legalRef: 'TCVN 14423:2026 mục 5.1.1',
        minLevel: 1,
        maxLevel: 5,
        verified: false,
      }),
    );
    answer = { status: 200, body: { ...requirement, legalRef: 'TCVN 14423:2026 mục 5.1.1' } };
    fireEvent.click(screen.getByText('Lưu'));
    expect(await screen.findByText('Đã lưu yêu cầu QL.1.1.')).toBeTruthy();
  });

  it('lets a legal.manage holder change an assessment period', { timeout: 40_000 }, async () => {
    const calls = mockApi({
      ...handlers({ 'system.read': true, 'assessment.read': true, 'legal.manage': true }),
      'PATCH /api/assessments/schedules/nd331_2026/3': { status: 200, body: { ...schedule, months: 6 } },
    });
    renderRoutes(routes, '/legal');
    await openTab('Chu kỳ đánh giá');
    const row = (await screen.findByText('12 tháng')).closest('tr');
    if (!row) throw new Error('row not rendered');
    expect(within(row).getByText('Cấp độ 3–4')).toBeTruthy();
    fireEvent.click(within(row).getByText('Sửa'));
    const months = await screen.findByLabelText('Chu kỳ (tháng)');
    fireEvent.change(months, { target: { value: '6' } });
    fireEvent.click(screen.getByText('Lưu'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ months: 6, externalRequired: false, legalRef: 'Điều 31 Nghị định 331/2026/NĐ-CP', verified: false }));
    expect(await screen.findByText('Đã lưu chu kỳ đánh giá.')).toBeTruthy();
  });
});
