import { fireEvent, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrgImportPreview } from '@shared/api/orgs';
import { mockApi, renderWithProviders } from '../../test/helpers';
import { OrgImportWizard } from './OrgImportWizard';

const IMPORT_ID = '0190a000-0000-7000-8000-00000000c0de';

const preview: OrgImportPreview = {
  importId: IMPORT_ID,
  valid: 2,
  invalid: 1,
  rows: [
    { row: 2, code: 'SKHCN', action: 'update', errors: [] },
    { row: 3, code: 'XA.TANLAP', action: 'create', errors: [] },
    { row: 4, code: 'XA.X', action: 'error', errors: ['Không tìm thấy đơn vị cha có mã «KHONGCO».'] },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('OrgImportWizard', () => {
  it('uploads the file, shows each row, and commits only the valid rows once the user agrees', async () => {
    const calls = mockApi({
      'POST /api/orgs/import': { status: 200, body: preview },
      [`POST /api/orgs/import/${IMPORT_ID}/commit`]: { status: 200, body: { created: 1, updated: 1, skipped: 1 } },
    });
    renderWithProviders(
      <App>
        <OrgImportWizard open onClose={() => undefined} />
      </App>,
    );

    // The column guide lists the Vietnamese header aliases.
    expect(await screen.findByText('Mã đơn vị cha')).toBeTruthy();

    const input = await waitFor(() => {
      const found = document.body.querySelector<HTMLInputElement>('input[type="file"]');
      if (!found) throw new Error('no file input yet');
      return found;
    });
    const file = new File(['code,name,kind\n'], 'don-vi.csv', { type: 'text/csv' });
    fireEvent.change(input, { target: { files: [file] } });

    expect(await screen.findByText('2 dòng hợp lệ, 1 dòng có lỗi.')).toBeTruthy();
    expect(screen.getByText('Không tìm thấy đơn vị cha có mã «KHONGCO».')).toBeTruthy();
    const upload = calls.find((c) => c.path === '/api/orgs/import');
    expect(upload?.body).toBeInstanceOf(FormData);
    expect(upload?.body instanceof FormData ? upload.body.get('file') : null).toBeInstanceOf(File);

    const commit = screen.getByRole('button', { name: 'Ghi vào hệ thống' });
    expect(commit.hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByLabelText('Chỉ nhập 2 dòng hợp lệ, bỏ qua 1 dòng có lỗi'));
    expect(commit.hasAttribute('disabled')).toBe(false);
    fireEvent.click(commit);

    expect(await screen.findByText('Thêm mới 1, cập nhật 1, bỏ qua 1 đơn vị.')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/commit'))?.body).toEqual({ acceptValidRows: true });
  });
});
