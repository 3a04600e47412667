import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Assessment, AssessmentItem } from '@shared/api/assessments';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ID = '0190a000-0000-7000-8000-0000000a5501';
const R1 = '0190a000-0000-4000-8000-0000000000b1';
const R2 = '0190a000-0000-4000-8000-0000000000b2';
const R3 = '0190a000-0000-4000-8000-0000000000b3';
const NOTIFICATIONS = { status: 200, body: { items: [], total: 0, unread: 0 } };

function item(requirementId: string, code: string, text: string, status: AssessmentItem['status']): AssessmentItem {
  return { requirementId, code, text, legalRef: 'TT 12/2022 PL III–V', verified: true, status, note: null, remediation: null, remediationDue: null, evidence: [] };
}

function makeAssessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: ID,
    orgId: '0190a000-0000-7000-8000-000000000001',
    orgName: 'UBND xã Chiềng Cơi',
    systemId: '0190a000-0000-7000-8000-0000000005a1',
    systemName: 'Cổng dịch vụ công của xã',
    systemCode: 'HT-01',
    kind: 'self',
    state: 'draft',
    catalogue: 'tt12_2022_tcvn11930_2017',
    regime: 'nd85_2016',
    level: 3,
    performedOn: null,
    performerKind: null,
    score: 33.33,
    nextDueOn: null,
    isOverdue: false,
    counts: { total: 3, met: 1, partial: 0, notMet: 0, notApplicable: 0, unanswered: 2 },
    createdAt: '2026-11-23T02:00:00.000Z',
    completedAt: null,
    catalogueName: 'Yêu cầu an toàn cơ bản theo cấp độ — Thông tư 12/2022/TT-BTTTT và TCVN 11930:2017',
    inspectionKind: null,
    triggerKind: null,
    testForm: null,
    independentOfOperator: null,
    conclusion: null,
    schedule: { months: 12, externalRequired: true, legalRef: 'NĐ 85/2016 Đ20.2.c; TT 12/2022 Đ12', verified: true },
    groups: [
      { family: 'management', groupCode: '1.1', groupName: 'Chính sách an toàn thông tin', items: [item(R1, 'm1.1.1', 'Xây dựng chính sách an toàn thông tin.', 'met')] },
      {
        family: 'technical',
        groupCode: '2.4',
        groupName: 'Bảo đảm an toàn dữ liệu',
        items: [item(R2, 't2.4.1', 'Sao lưu dự phòng dữ liệu.', null), item(R3, 't2.4.3', 'Bảo đảm tính nguyên vẹn của dữ liệu.', null)],
      },
    ],
    evidence: [],
    createdByName: 'Nguyễn Văn A',
    completedByName: null,
    can: { edit: true, complete: true },
    ...overrides,
  };
}

const liveScore = () => screen.getByTestId('live-score').textContent;

describe('AssessmentPage', () => {
  it('groups the checklist by family and group, scores live, saves in bulk and completes after confirming', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'assessment.read': true, 'assessment.perform': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/assessments/${ID}`]: { status: 200, body: makeAssessment() },
      [`PATCH /api/assessments/${ID}`]: { status: 200, body: makeAssessment() },
      [`POST /api/assessments/${ID}/complete`]: apiError(409, 'invalid_state', 'Còn 1 yêu cầu chưa chọn kết quả.'),
    });
    renderRoutes(routes, `/assessments/${ID}`);

    const management = await screen.findByTestId('family-management', {}, { timeout: 15_000 });
    expect(within(management).getByText('Yêu cầu quản lý')).toBeTruthy();
    expect(within(management).getByText('1.1. Chính sách an toàn thông tin')).toBeTruthy();
    expect(within(screen.getByTestId('family-technical')).getByText('2.4. Bảo đảm an toàn dữ liệu')).toBeTruthy();
    // One met of three applicable: an unanswered requirement counts as not met.
    expect(liveScore()).toBe('Điểm đáp ứng: 33.33/100');

    fireEvent.click(within(screen.getByTestId('item-t2.4.1')).getByRole('radio', { name: 'Đạt' }));
    expect(liveScore()).toBe('Điểm đáp ứng: 66.67/100');
    fireEvent.click(within(screen.getByTestId('item-t2.4.3')).getByRole('radio', { name: 'Không áp dụng' }));
    expect(liveScore()).toBe('Điểm đáp ứng: 100/100');
    // A partly met requirement asks for its remediation.
    fireEvent.click(within(screen.getByTestId('item-m1.1.1')).getByRole('radio', { name: 'Đạt một phần' }));
    expect(liveScore()).toBe('Điểm đáp ứng: 75/100');
    fireEvent.change(screen.getByLabelText('Biện pháp khắc phục yêu cầu m1.1.1'), { target: { value: 'Ban hành quy chế trong quý I' } });

    fireEvent.click(screen.getByRole('button', { name: /Lưu kết quả/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      items: [
        { requirementId: R2, status: 'met' },
        { requirementId: R3, status: 'not_applicable' },
        { requirementId: R1, status: 'partial', remediation: 'Ban hành quy chế trong quý I' },
      ],
    });

    fireEvent.click(screen.getByRole('button', { name: /Hoàn thành/ }));
    const modal = await screen.findByRole('dialog');
    expect(within(modal).getByText(/không thể sửa/)).toBeTruthy();
    fireEvent.click(within(modal).getByRole('button', { name: 'Hoàn thành' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/complete'))).toBe(true));
    // The server's refusal is shown in Vietnamese.
    expect(await screen.findByText('Còn 1 yêu cầu chưa chọn kết quả.')).toBeTruthy();
  }, 60_000);

  it('shows a completed inspection read-only, with its statuses and score', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'assessment.read': true, 'assessment.perform': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/assessments/${ID}`]: {
        status: 200,
        body: makeAssessment({
          kind: 'inspection',
          state: 'completed',
          score: 78.95,
          performedOn: '2026-11-20',
          nextDueOn: '2027-11-20',
          completedAt: '2026-11-23T03:00:00.000Z',
          can: { edit: false, complete: false },
        }),
      },
    });
    renderRoutes(routes, `/assessments/${ID}`);
    expect(await screen.findByText(/Kiểm tra của cơ quan chức năng/, {}, { timeout: 15_000 })).toBeTruthy();
    expect(liveScore()).toBe('Điểm đáp ứng: 78.95/100');
    for (const family of ['family-management', 'family-technical']) expect(within(screen.getByTestId(family)).queryAllByRole('radio')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /Hoàn thành/ })).toBeNull();
    expect(within(screen.getByTestId('item-m1.1.1')).getByText('Đạt')).toBeTruthy();
    expect(within(screen.getByTestId('item-t2.4.1')).getByText('Chưa đánh giá')).toBeTruthy();
  }, 60_000);
});
