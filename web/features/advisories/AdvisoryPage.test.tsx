import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Rendering the whole app in jsdom is slow on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import type { Advisory, AdvisoryTarget, OrgResponseList, OverdueList, TargetPreview } from '@shared/api/advisories';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { toBody, type AdvisoryFormValues } from './AdvisoryFormPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ID = '0190a000-0000-7000-8000-00000000ad01';
const ORG = '0190a000-0000-7000-8000-000000000001';
const ORG_B = '0190a000-0000-7000-8000-000000000002';
const T1 = '0190a000-0000-7000-8000-0000000000f1';
const T2 = '0190a000-0000-7000-8000-0000000000f2';
const NOTIFICATIONS = { status: 200, body: { items: [], total: 0, unread: 0 } };
const counts = { orgs: 2, targets: 3, pending: 3, acknowledged: 0, remediated: 0, notAffected: 0, acknowledgedOrgs: 0, overdueOrgs: 1 };

function makeAdvisory(over: Partial<Advisory> = {}): Advisory {
  return {
    id: ID,
    code: 'CB-2026-004',
    title: 'Lỗ hổng FortiOS SSL VPN bị khai thác',
    severity: 'critical',
    cvssScore: 9.6,
    cveIds: ['CVE-2024-21762'],
    tlp: 'amber',
    knownExploited: true,
    status: 'published',
    source: 'cisa_kev',
    orgName: 'Công an tỉnh',
    ackDueAt: '2026-12-05T16:59:59.000Z',
    remediationDueAt: '2026-12-15T16:59:59.000Z',
    publishedAt: '2026-12-02T03:00:00.000Z',
    createdAt: '2026-12-02T02:00:00.000Z',
    counts,
    orgId: ORG_B,
    description: 'Lỗi ghi ngoài vùng nhớ trong SSL VPN.',
    guidance: 'Nâng cấp FortiOS lên 7.2.7 hoặc tắt SSL VPN.',
    cvssVector: null,
    publishedByName: 'Ngô Thanh Giám',
    withdrawnAt: null,
    withdrawReason: null,
    updatedAt: '2026-12-02T03:00:00.000Z',
    products: [{ id: '0190a000-0000-7000-8000-0000000000c1', vendor: 'Fortinet', product: 'FortiOS', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '7.2.0', lessThan: '7.2.7', status: 'affected' }] }],
    can: { edit: false, publish: false, withdraw: false, respond: true, seeResponses: true },
    ...over,
  };
}

function target(id: string, over: Partial<AdvisoryTarget> = {}): AdvisoryTarget {
  return {
    id,
    orgId: ORG,
    orgName: 'UBND xã Yên Sơn',
    assetKind: 'system',
    systemId: '0190a000-0000-7000-8000-0000000005a1',
    endpointId: null,
    assetName: 'Mạng nội bộ xã',
    why: {
      matchedKind: 'component',
      matchedVendor: 'Fortinet',
      matchedName: 'FortiOS',
      matchedVersion: '7.2.5',
      productVendor: 'Fortinet',
      product: 'FortiOS',
      nameMatch: 'exact',
      versionRule: { version: '7.2.0', lessThan: '7.2.7', status: 'affected' },
      versionRuleIndex: 0,
      versionReason: 'range',
    },
    status: 'pending',
    resolution: null,
    note: null,
    evidenceId: null,
    evidenceName: null,
    actedAt: null,
    actedByName: null,
    overdue: false,
    canRespond: true,
    ...over,
  };
}

describe('AdvisoryPage for an affected unit', () => {
  it('shows why each asset matched and answers several assets "not affected" in one step, with a reason', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'advisory.read': true, 'advisory.respond': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/advisories/${ID}`]: { status: 200, body: makeAdvisory() },
      [`GET /api/advisories/${ID}/targets`]: {
        status: 200,
        body: {
          items: [
            target(T1),
            target(T2, {
              assetKind: 'endpoint',
              assetName: 'YENSON-KT-02',
              why: { ...target(T2).why, matchedKind: 'program', matchedName: 'FortiClient VPN', matchedVendor: 'Fortinet', nameMatch: 'prefix', versionReason: 'unknown_version', versionRule: null, versionRuleIndex: null, matchedVersion: null },
            }),
          ],
          total: 2,
        },
      },
      [`POST /api/advisories/${ID}/acknowledge`]: { status: 200, body: makeAdvisory() },
      [`POST /api/advisories/${ID}/respond`]: (call) =>
        (call.body as { note?: string | null }).note ? { status: 200, body: makeAdvisory() } : apiError(400, 'validation', 'Dữ liệu chưa hợp lệ.', { note: 'Hãy ghi lý do không bị ảnh hưởng.' }),
    });
    renderRoutes(routes, `/advisories/${ID}`);
    const unit = await screen.findByTestId('unit-targets', {}, { timeout: 15_000 });
    const whys = await within(unit).findAllByTestId('why');
    expect(whys[0]?.textContent).toContain('FortiOS — phiên bản 7.2.5');
    expect(whys[0]?.textContent).toContain('từ 7.2.0, dưới 7.2.7');
    expect(whys[1]?.textContent).toContain('không rõ phiên bản');

    fireEvent.click(within(unit).getByRole('button', { name: 'Xác nhận đã nhận cảnh báo' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/acknowledge'))).toBe(true));

    const boxes = within(unit).getAllByRole('checkbox');
    fireEvent.click(boxes[1] as HTMLElement);
    fireEvent.click(boxes[2] as HTMLElement);
    fireEvent.click(within(unit).getByRole('button', { name: 'Không bị ảnh hưởng (2)' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Báo 2 tài sản không bị ảnh hưởng')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Ghi chú'), { target: { value: 'Khớp nhầm: FortiClient không phải FortiOS' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Gửi báo cáo' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/respond'))).toBe(true));
    const sent = calls.find((c) => c.path.endsWith('/respond'))?.body;
    expect(sent).toEqual({ targetIds: [T1, T2], resolution: 'not_affected', note: 'Khớp nhầm: FortiClient không phải FortiOS', evidenceId: null });
  });
});

describe('AdvisoryPage for the authority', () => {
  it('lists each organisation\'s response and the overdue ones', async () => {
    const responses: OrgResponseList = {
      items: [
        { orgId: ORG, orgName: 'UBND xã Yên Sơn', targets: 2, pending: 2, acknowledged: 0, remediated: 0, notAffected: 0, acknowledgedAt: null, acknowledgedByName: null, ackOverdue: true, remediationOverdue: false },
        { orgId: ORG_B, orgName: 'Sở Tài chính', targets: 1, pending: 0, acknowledged: 0, remediated: 1, notAffected: 0, acknowledgedAt: '2026-12-03T02:00:00.000Z', acknowledgedByName: 'Trần B', ackOverdue: false, remediationOverdue: false },
      ],
      total: 2,
    };
    const overdue: OverdueList = {
      items: [{ advisoryId: ID, code: 'CB-2026-004', title: 'x', severity: 'critical', orgId: ORG, orgName: 'UBND xã Yên Sơn', ackDueAt: '2026-12-05T16:59:59.000Z', remediationDueAt: '2026-12-15T16:59:59.000Z', ackOverdue: true, remediationOverdue: false, open: 2 }],
      total: 1,
    };
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'advisory.read': true, 'advisory.publish': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/advisories/${ID}`]: { status: 200, body: makeAdvisory({ can: { edit: false, publish: false, withdraw: true, respond: false, seeResponses: true } }) },
      [`GET /api/advisories/${ID}/responses`]: { status: 200, body: responses },
      [`GET /api/advisories/${ID}/overdue`]: { status: 200, body: overdue },
    });
    renderRoutes(routes, `/advisories/${ID}`);
    const table = await screen.findByTestId('responses-table', {}, { timeout: 15_000 });
    expect(await within(table).findByText('Sở Tài chính')).toBeTruthy();
    expect(within(table).getByText('Quá hạn xác nhận')).toBeTruthy();
    expect(await screen.findByText(/Chưa xác nhận \(hạn/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Thu hồi' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Xuất STIX 2.1' }).getAttribute('href')).toBe(`/api/stix/advisories/${ID}`);
    expect(screen.queryByTestId('unit-targets')).toBeNull();
  });

  it('previews targeting from the draft form before saving', async () => {
    const preview: TargetPreview = {
      orgs: [{ orgId: ORG, orgName: 'UBND xã Yên Sơn', systems: 1, endpoints: 3 }],
      totals: { orgs: 1, systems: 1, endpoints: 3 },
      sample: [{ orgId: ORG, orgName: 'UBND xã Yên Sơn', assetKind: 'system', assetId: T1, assetName: 'Mạng nội bộ xã', why: target(T1).why }],
    };
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'advisory.read': true, 'advisory.publish': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      'POST /api/advisories/preview': { status: 200, body: preview },
    });
    renderRoutes(routes, '/advisories/new');
    fireEvent.change(await screen.findByPlaceholderText('FortiOS', {}, { timeout: 15_000 }), { target: { value: 'FortiOS' } });
    fireEvent.change(screen.getByPlaceholderText('1.25.3'), { target: { value: '7.2.7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    const panel = await screen.findByTestId('preview');
    expect(within(panel).getByText('1 cơ quan, đơn vị; 1 hệ thống; 3 máy tính bị ảnh hưởng')).toBeTruthy();
    expect(within(panel).getByText('Mạng nội bộ xã', { exact: false })).toBeTruthy();
    const body = calls.find((c) => c.path === '/api/advisories/preview')?.body;
    expect(body).toEqual({ products: [{ vendor: null, product: 'FortiOS', allVersions: false, defaultStatus: 'unaffected', versions: [{ version: '0', status: 'affected', lessThan: '7.2.7' }] }] });
  });
});

describe('toBody', () => {
  it('turns the form into the API body: CVE ids split and upper-cased, due dates at the end of the Vietnamese day', () => {
    const v: AdvisoryFormValues = {
      title: ' Lỗ hổng ',
      severity: 'high',
      tlp: 'green',
      cveIds: 'cve-2024-21762, CVE-2023-27997',
      ackDue: '2026-12-05',
      remediationDue: '2026-12-15',
      products: [{ vendor: 'Fortinet', product: 'FortiOS', allVersions: true, versions: [{ version: '7.0', boundKind: 'lessThan', bound: '7.2.7', status: 'affected' }] }],
    };
    expect(toBody(v)).toMatchObject({
      title: 'Lỗ hổng',
      cveIds: ['CVE-2024-21762', 'CVE-2023-27997'],
      ackDueAt: '2026-12-05T16:59:59.999Z',
      remediationDueAt: '2026-12-15T16:59:59.999Z',
      products: [{ vendor: 'Fortinet', product: 'FortiOS', allVersions: true, versions: [] }],
    });
  });
});
