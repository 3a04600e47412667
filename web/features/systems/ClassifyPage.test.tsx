import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClassifySystemBody } from '@shared/api/systems';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes, type RecordedCall } from '../../test/helpers';
import { REGIMES_REPLY, makeResult, makeSystem } from './system-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const system = makeSystem();
const BASE = `/api/systems/${system.id}`;

function isClassifyBody(body: unknown): body is ClassifySystemBody {
  return typeof body === 'object' && body !== null && 'answers' in body;
}

function lastBody(calls: RecordedCall[], path: string): ClassifySystemBody {
  const body = calls.filter((c) => c.path === path).at(-1)?.body;
  if (!isClassifyBody(body)) throw new Error(`no call to ${path}`);
  return body;
}

function question(id: string): HTMLElement {
  return screen.getByTestId(`q-${id}`);
}

describe('ClassifyPage', () => {
  it('shows only the questions of the chosen system type and posts the answers with the regime in force', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'system.read': true, 'system.manage': true } }) },
      [`GET ${BASE}`]: { status: 200, body: system },
      'GET /api/legal/regimes': { status: 200, body: REGIMES_REPLY },
      'POST /api/classification/evaluate': (call) => {
        const body = call.body;
        const adminProcedures = isClassifyBody(body) && body.answers.handlesAdminProcedures;
        return {
          status: 200,
          body: adminProcedures
            ? makeResult({
                level: 3,
                matched: [
                  {
                    code: 'L3.ADMIN_PROCEDURES',
                    level: 3,
                    legalRef: 'Điều 13 khoản 2 điểm b Nghị định 331/2026/NĐ-CP',
                    textVi: 'Hệ thống thông tin giải quyết thủ tục hành chính.',
                    textEn: 'System settling administrative procedures.',
                    verified: false,
                  },
                ],
                warnings: ['unverifiedRule'],
              })
            : makeResult(),
        };
      },
      [`POST ${BASE}/classify`]: {
        status: 200,
        body: {
          system: { ...system, proposedLevel: 3 },
          classification: {
            id: '0190a000-0000-7000-8000-00000000c001',
            systemId: system.id,
            regime: 'nd331_2026',
            level: 3,
            answers: {},
            result: makeResult({ level: 3 }),
            createdByName: 'Nguyễn Văn A',
            createdAt: '2026-12-01T03:00:00.000Z',
          },
        },
      },
      [`GET ${BASE}/classifications`]: { status: 200, body: { items: [], total: 0 } },
    });
    renderRoutes(routes, `${BASE.replace('/api', '')}/classify`);

    // Step 1: the system type, under the decree in force.
    expect(await screen.findByText('Hệ thống này phục vụ ai, dùng để làm gì?', undefined, { timeout: 15_000 })).toBeTruthy();
    expect(screen.getByText('Nghị định 331/2026/NĐ-CP (đang có hiệu lực)')).toBeTruthy();
    // The live preview shows the level and its legal reference.
    expect(await screen.findByText('Điều 12 khoản 1 Nghị định 331/2026/NĐ-CP')).toBeTruthy();

    // Step 2: information. The harm question appears only with state secrets, with a strong alert.
    fireEvent.click(screen.getByText('Tiếp theo'));
    expect(await screen.findByText('Hệ thống xử lý những loại thông tin nào?')).toBeTruthy();
    expect(screen.queryByTestId('q-stateSecretHarm')).toBeNull();
    fireEvent.click(within(question('infoTypes')).getByText('Bí mật nhà nước'));
    expect(await screen.findByText('Hệ thống có bí mật nhà nước — KHÔNG quản lý trên nền tảng này')).toBeTruthy();
    expect(question('stateSecretHarm')).toBeTruthy();
    fireEvent.click(within(question('infoTypes')).getByText('Bí mật nhà nước'));
    await waitFor(() => expect(screen.queryByTestId('q-stateSecretHarm')).toBeNull());

    // Step 3 for an internal system: nothing to ask.
    fireEvent.click(screen.getByText('Tiếp theo'));
    expect(await screen.findByText(/Không có câu hỏi riêng cho loại/)).toBeTruthy();
    expect(screen.queryByTestId('q-handlesAdminProcedures')).toBeNull();

    // Back to step 1: a system serving citizens.
    fireEvent.click(screen.getByText('Quay lại'));
    fireEvent.click(screen.getByText('Quay lại'));
    fireEvent.click(within(question('systemType')).getByText('Phục vụ người dân, doanh nghiệp'));
    fireEvent.click(screen.getByText('Tiếp theo'));
    fireEvent.click(within(question('infoTypes')).getByText('Thông tin cá nhân'));
    fireEvent.click(screen.getByText('Tiếp theo'));

    // Step 3 now asks the Decree 331 questions for citizen services, not the old service levels.
    expect(question('handlesAdminProcedures')).toBeTruthy();
    expect(question('personalBasicSubjects')).toBeTruthy();
    expect(question('personalSensitiveSubjects')).toBeTruthy();
    expect(screen.queryByTestId('q-onlinePublicServiceLevel')).toBeNull();
    expect(screen.queryByTestId('q-userCount')).toBeNull();
    fireEvent.click(within(question('handlesAdminProcedures')).getByText('Có'));
    const count = within(question('personalBasicSubjects')).getByRole('spinbutton');
    fireEvent.change(count, { target: { value: '150000' } });
    fireEvent.blur(count);

    // The preview follows (debounced) with the criterion, its article and the warning.
    expect(await screen.findByText('Điều 13 khoản 2 điểm b Nghị định 331/2026/NĐ-CP')).toBeTruthy();
    expect(screen.getByText('Có tiêu chí chưa được đối chiếu với văn bản gốc')).toBeTruthy();
    expect(lastBody(calls, '/api/classification/evaluate').regime).toBe('nd331_2026');

    fireEvent.click(screen.getByText('Tiếp theo'));
    fireEvent.click(screen.getByText('Tiếp theo'));
    fireEvent.click(await screen.findByText('Lưu kết quả'));

    await waitFor(() => expect(calls.some((c) => c.path === `${BASE}/classify`)).toBe(true));
    const saved = lastBody(calls, `${BASE}/classify`);
    expect(saved.regime).toBe('nd331_2026');
    expect(saved.answers).toMatchObject({
      systemType: 'citizen_business',
      infoTypes: ['private', 'personal'],
      handlesAdminProcedures: true,
      personalBasicSubjects: 150_000,
      stateSecretHarm: 'none',
      icsWorksGrade: 'none',
      infraScope: null,
    });
  });
});
