import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SocCoverage } from '@shared/api/soc';
import { routes } from '../../app/routes';
import { makeSession, mockApi, renderRoutes } from '../../test/helpers';

beforeAll(async () => {
  await Promise.all([import('./SocCoveragePage'), import('../../app/AppShell')]);
}, 120_000);

afterEach(() => {
  vi.unstubAllGlobals();
});

const ORG_A = '0190a000-0000-7000-8000-0000000000a1';
const ORG_B = '0190a000-0000-7000-8000-0000000000b1';

function coverage(over: Partial<SocCoverage> = {}): SocCoverage {
  return {
    quietHours: 24,
    canSetThreshold: true,
    total: { important: 20, connected: 14, monitored: 13 },
    orgs: [
      { orgId: ORG_A, orgCode: 'SKHCN-CNTT', orgName: 'Trung tâm CNTT và Truyền thông', important: 3, connected: 3, monitored: 3 },
      { orgId: ORG_B, orgCode: 'SYT-BVDK', orgName: 'Bệnh viện Đa khoa tỉnh', important: 1, connected: 1, monitored: 0 },
    ],
    missing: [
      { systemId: '0190a000-0000-7000-8000-00000000c001', systemCode: 'SYT-BVDK-HIS', systemName: 'Hệ thống quản lý bệnh viện (HIS)', orgId: ORG_B, orgName: 'Bệnh viện Đa khoa tỉnh', reason: 'quiet', lastEventAt: '2026-11-30T02:00:00.000Z' },
      { systemId: '0190a000-0000-7000-8000-00000000c002', systemCode: 'SGDDT-CSDL', systemName: 'Cơ sở dữ liệu ngành giáo dục', orgId: ORG_B, orgName: 'Sở Giáo dục và Đào tạo', reason: 'not_connected', lastEventAt: null },
    ],
    ...over,
  };
}

describe('SocCoveragePage', () => {
  it('states the figure from the data, lists what is missing with why, and saves the threshold', { timeout: 60_000 }, async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'soc.read': true, 'soc.manage': true, 'alert.read': true } }) },
      'GET /api/soc/coverage': { status: 200, body: coverage() },
      'PUT /api/soc/settings': { status: 200, body: { quietHours: 48, updatedAt: '2026-12-03T03:00:00.000Z' } },
    });
    renderRoutes(routes, '/soc');
    expect(await screen.findByText('13/20 hệ thống quan trọng được giám sát', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText(/14 hệ thống đã kết nối SOC/)).toBeTruthy();
    const his = screen.getByText('SYT-BVDK-HIS — Hệ thống quản lý bệnh viện (HIS)').closest('tr');
    if (!his) throw new Error('no row');
    expect(within(his).getByText(/Mất tín hiệu từ/)).toBeTruthy();
    const edu = screen.getByText('SGDDT-CSDL — Cơ sở dữ liệu ngành giáo dục').closest('tr');
    if (!edu) throw new Error('no row');
    expect(within(edu).getByText('Chưa kết nối SOC')).toBeTruthy();
    expect(screen.getByText('0/1')).toBeTruthy();
    expect(screen.getByText('Xem cảnh báo')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Ngưỡng mất tín hiệu'), { target: { value: '48' } });
    fireEvent.click(screen.getByText('Lưu ngưỡng'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ quietHours: 48 }));
    expect(await screen.findByText('Đã lưu ngưỡng mới.')).toBeTruthy();
  });

  it('hides the threshold from a unit officer, and says when nothing is important yet', { timeout: 60_000 }, async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'soc.read': true } }) },
      'GET /api/soc/coverage': { status: 200, body: coverage({ canSetThreshold: false }) },
    });
    const { unmount } = renderRoutes(routes, '/soc');
    expect(await screen.findByText('13/20 hệ thống quan trọng được giám sát', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.queryByText('Lưu ngưỡng')).toBeNull();
    expect(screen.queryByText('Xem cảnh báo')).toBeNull();
    unmount();
    vi.unstubAllGlobals();
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'soc.read': true } }) },
      'GET /api/soc/coverage': { status: 200, body: coverage({ canSetThreshold: false, total: { important: 0, connected: 0, monitored: 0 }, orgs: [], missing: [] }) },
    });
    renderRoutes(routes, '/soc');
    expect(await screen.findByText('Chưa có hệ thống nào được đánh dấu là hệ thống quan trọng.', undefined, { timeout: 20_000 })).toBeTruthy();
  });
});
