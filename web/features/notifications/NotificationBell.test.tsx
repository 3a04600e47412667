import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
});

const DOSSIER_ID = '0190a000-0000-7000-8000-00000000d001';
const NOTE_ID = '0190a000-0000-7000-8000-00000000e001';

describe('NotificationBell', () => {
  it('shows the unread count, translated titles, and opens the dossier while marking it read', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession() },
      'GET /api/notifications': {
        status: 200,
        body: {
          items: [
            {
              id: NOTE_ID,
              kind: 'dossier.return_for_revision',
              subjectType: 'dossier',
              subjectId: DOSSIER_ID,
              params: { system: 'Quản lý văn bản', org: 'UBND xã Tân Lập' },
              createdAt: '2026-11-24T01:00:00.000Z',
              readAt: null,
            },
          ],
          total: 3,
          unread: 3,
        },
      },
      [`POST /api/notifications/${NOTE_ID}/read`]: { status: 200, body: { ok: true } },
    });
    const { router } = renderRoutes(routes, '/');

    const bell = await screen.findByRole('button', { name: 'Thông báo: 3 chưa đọc' }, { timeout: 15_000 });
    expect(bell.textContent).toContain('3');
    fireEvent.click(bell);
    fireEvent.click(await screen.findByText('Hồ sơ «Quản lý văn bản» cần chỉnh sửa'));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/dossiers/${DOSSIER_ID}`));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === `/api/notifications/${NOTE_ID}/read`)).toBe(true));
    expect(calls.find((c) => c.path === '/api/notifications')?.method).toBe('GET');
  }, 60_000);
});
