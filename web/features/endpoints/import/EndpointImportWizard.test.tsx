import { fireEvent, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EndpointImportPreview } from '@shared/api/endpoint-import';
import type { Org } from '@shared/api/orgs';
import { makeSession, mockApi, renderWithProviders, type RecordedCall } from '../../../test/helpers';
import { EndpointImportWizard } from './EndpointImportWizard';

const session = makeSession();
const ORG_ID = session.user.orgId;
const IMPORT_ID = '0190a000-0000-7000-8000-00000000e001';
const MACHINE_ID = '0190a000-0000-7000-8000-00000000e002';

const org: Org = {
  id: ORG_ID,
  code: 'SKHCN',
  name: 'Sở Khoa học và Công nghệ',
  nameEn: null,
  kind: 'department',
  adminUnitKind: null,
  parentId: null,
  depth: 1,
  address: null,
  phone: null,
  email: null,
  securityOfficerId: null,
  securityOfficerName: null,
  securityOfficerQualification: null,
  childCount: 0,
  updatedAt: '2026-12-01T00:00:00.000Z',
  can: { update: false, delete: false, createChild: false, designateOfficer: false },
};

const headers = ['Tên máy', 'Mã phần cứng', 'Số máy', 'Địa chỉ IP', 'Phần mềm diệt virus'];
const guessed: EndpointImportPreview = {
  importId: IMPORT_ID,
  orgId: ORG_ID,
  source: 'Kaspersky Security Center',
  headers,
  mapping: { hostname: 'Tên máy', hardwareUuid: 'Mã phần cứng', ipAddresses: 'Địa chỉ IP', avProduct: 'Phần mềm diệt virus' },
  mappingFrom: 'guessed',
  mappingErrors: [],
  rows: [],
  summary: { total: 3, create: 1, update: 1, unchanged: 0, error: 1 },
};
const chosen: EndpointImportPreview = {
  ...guessed,
  mapping: { ...guessed.mapping, serial: 'Số máy' },
  mappingFrom: 'request',
  rows: [
    { row: 2, hostname: 'PC-KT-01', orgCode: null, action: 'create', match: null, changes: [], errors: [] },
    { row: 3, hostname: 'PC-VP-02', orgCode: null, action: 'update', match: { endpointId: MACHINE_ID, hostname: 'PC-VP-02', by: 'serial' }, changes: ['ipAddresses'], errors: [] },
    { row: 4, hostname: 'PC-X', orgCode: null, action: 'error', match: null, changes: [], errors: [{ field: 'ipAddresses', message: '«10.0.0.300» không phải địa chỉ IP hợp lệ.' }] },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

const formOf = (call: RecordedCall | undefined) => (call?.body instanceof FormData ? call.body : null);

describe('EndpointImportWizard', () => {
  it('uploads, lets the user fix the guessed mapping, previews each row and commits with the mapping saved', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/orgs': { status: 200, body: { items: [org], total: 1 } },
      [`GET /api/orgs/${ORG_ID}`]: { status: 200, body: org },
      'GET /api/endpoints/import/mappings': { status: 200, body: { items: [], total: 0 } },
      'POST /api/endpoints/import/preview': (call) => ({ status: 200, body: formOf(call)?.get('mapping') ? chosen : guessed }),
      'POST /api/endpoints/import/commit': { status: 200, body: { created: 1, updated: 1, unchanged: 0, skipped: 1, mappingSaved: true } },
    });
    const onDone = vi.fn();
    renderWithProviders(
      <App>
        <EndpointImportWizard onDone={onDone} />
      </App>,
    );

    const fileInput = await waitFor(() => {
      const found = document.body.querySelector<HTMLInputElement>('input[type="file"]');
      if (!found) throw new Error('no file input yet');
      return found;
    });
    fireEvent.change(screen.getByLabelText('Nguồn dữ liệu'), { target: { value: 'Kaspersky Security Center' } });
    fireEvent.change(fileInput, { target: { files: [new File(['Tên máy\n'], 'ksc.csv', { type: 'text/csv' })] } });
    expect(await screen.findByText('Đã chọn tệp «ksc.csv». Bấm để chọn tệp khác.')).toBeTruthy();
    const next = screen.getByRole('button', { name: 'Tiếp tục' });
    await waitFor(() => expect(next.hasAttribute('disabled')).toBe(false));
    fireEvent.click(next);

    // The guessed mapping, prefilled; the user maps "Số máy" to the serial number.
    expect(await screen.findByText('Cách ghép cột được đoán từ tên cột trong tệp. Hãy kiểm tra lại.')).toBeTruthy();
    const first = formOf(calls.find((c) => c.path === '/api/endpoints/import/preview'));
    expect(first?.get('orgId')).toBe(ORG_ID);
    expect(first?.get('source')).toBe('Kaspersky Security Center');
    expect(first?.get('mapping')).toBeNull();
    expect(first?.get('file')).toBeInstanceOf(File);
    fireEvent.mouseDown(screen.getByLabelText('Số sê-ri'));
    const option = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.textContent === 'Số máy');
      if (!found) throw new Error('option not rendered');
      return found;
    });
    fireEvent.click(option);
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));

    expect(await screen.findByText('Thêm mới 1, cập nhật 1, không đổi 0, 1 dòng có lỗi.')).toBeTruthy();
    const second = formOf(calls.filter((c) => c.path === '/api/endpoints/import/preview')[1]);
    expect(JSON.parse(String(second?.get('mapping')))).toEqual({ ...guessed.mapping, serial: 'Số máy' });
    expect(screen.getByText('Địa chỉ IP: «10.0.0.300» không phải địa chỉ IP hợp lệ.')).toBeTruthy();
    expect(screen.getByText('Máy «PC-VP-02» (khớp theo số sê-ri) — thay đổi: Địa chỉ IP')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Ghi vào hệ thống' }));
    expect(await screen.findByText('Thêm mới 1, cập nhật 1, không đổi 0, bỏ qua 1 dòng lỗi.')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/endpoints/import/commit')?.body).toEqual({ importId: IMPORT_ID, saveMapping: true });
    fireEvent.click(screen.getByRole('button', { name: 'Xong' }));
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('shows the server naming a column the file does not have next to the field', async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: session },
      'GET /api/orgs': { status: 200, body: { items: [org], total: 1 } },
      [`GET /api/orgs/${ORG_ID}`]: { status: 200, body: org },
      'GET /api/endpoints/import/mappings': {
        status: 200,
        body: { items: [{ id: MACHINE_ID, orgId: ORG_ID, orgName: org.name, source: 'BKAV', mapping: { hostname: 'Máy' }, updatedAt: '2026-12-01T00:00:00.000Z' }], total: 1 },
      },
      'POST /api/endpoints/import/preview': {
        status: 200,
        body: {
          ...guessed,
          importId: null,
          source: 'BKAV',
          mapping: { hostname: 'Máy' },
          mappingFrom: 'saved',
          mappingErrors: [{ field: 'hostname', column: 'Máy', message: 'Tệp không có cột «Máy» (đã chọn cho trường «Tên máy»). Hãy chọn lại cột.' }],
        },
      },
    });
    renderWithProviders(
      <App>
        <EndpointImportWizard />
      </App>,
    );
    const fileInput = await waitFor(() => {
      const found = document.body.querySelector<HTMLInputElement>('input[type="file"]');
      if (!found) throw new Error('no file input yet');
      return found;
    });
    fireEvent.change(screen.getByLabelText('Nguồn dữ liệu'), { target: { value: 'BKAV' } });
    fireEvent.change(fileInput, { target: { files: [new File(['x'], 'bkav.xlsx')] } });
    const next = screen.getByRole('button', { name: 'Tiếp tục' });
    await waitFor(() => expect(next.hasAttribute('disabled')).toBe(false));
    fireEvent.click(next);
    expect(await screen.findByText('Dùng cách ghép cột đã lưu cho nguồn «BKAV».')).toBeTruthy();
    expect(screen.getByText('Tệp không có cột «Máy» (đã chọn cho trường «Tên máy»). Hãy chọn lại cột.')).toBeTruthy();
  });
});
