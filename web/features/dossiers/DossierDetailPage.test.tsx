import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/routes';
import { apiError, makeSession, mockApi, renderRoutes } from '../../test/helpers';
import { DOSSIER_ID, makeDossier } from './dossier-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const NOTIFICATIONS = { status: 200, body: { items: [], total: 0, unread: 0 } };

function dialog(): HTMLElement {
  const el = document.querySelector<HTMLElement>('.ant-modal');
  if (!el) throw new Error('no dialog open');
  return el;
}

describe('DossierDetailPage', () => {
  it("shows the appraiser's comment on the section it concerns, and only the steps the `can` map allows", async () => {
    mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'dossier.read': true, 'dossier.appraise': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/dossiers/${DOSSIER_ID}`]: { status: 200, body: makeDossier() },
    });
    renderRoutes(routes, `/dossiers/${DOSSIER_ID}`);

    const design = await screen.findByTestId('section-design', {}, { timeout: 15_000 });
    expect(within(design).getByText('Bổ sung sơ đồ mạng và quy hoạch địa chỉ IP.')).toBeTruthy();
    expect(within(design).getByText('Góp ý thẩm định — phiên bản 1')).toBeTruthy();
    expect(within(screen.getByTestId('section-overview')).queryByText(/Bổ sung sơ đồ mạng/)).toBeNull();
    // The attachment with its download link and shortened hash.
    expect(within(design).getByText('so-do-mang.png').closest('a')?.getAttribute('href')).toBe(
      `/api/dossiers/${DOSSIER_ID}/attachments/0190a000-0000-7000-8000-00000000f001`,
    );
    expect(within(design).getByText('SHA-256 aaaaaaaa…12345678')).toBeTruthy();
    // Read-only content (can.edit false), and a comment box per section (can.comment true).
    expect(screen.queryByText('Lưu hồ sơ')).toBeNull();
    expect(within(design).getByLabelText('Góp ý cho phần «Tài liệu thiết kế»')).toBeTruthy();

    expect(screen.getByText('Trả lại để chỉnh sửa', { selector: 'button span' })).toBeTruthy();
    expect(screen.getByText('Cho ý kiến thẩm định', { selector: 'button span' })).toBeTruthy();
    for (const absent of ['Gửi hồ sơ', 'Tiếp nhận', 'Phê duyệt', 'Không phê duyệt', 'Rút hồ sơ', 'Đồng ý gửi (thủ trưởng)']) {
      expect(screen.queryByText(absent, { selector: 'button span' })).toBeNull();
    }
  }, 60_000);

  it('approves with the chosen level, the decision number and date, warning that the level differs', async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'dossier.read': true, 'dossier.approve': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/dossiers/${DOSSIER_ID}`]: {
        status: 200,
        body: makeDossier({
          state: 'submitted_for_approval',
          can: { edit: false, endorse: false, comment: true, transitions: ['return_for_revision', 'approve', 'reject'], councilRequired: false },
        }),
      },
      [`POST /api/dossiers/${DOSSIER_ID}/approve`]: {
        status: 200,
        body: makeDossier({ state: 'approved', approvedLevel: 2, can: { edit: false, endorse: false, comment: false, transitions: [], councilRequired: false } }),
      },
    });
    renderRoutes(routes, `/dossiers/${DOSSIER_ID}`);

    fireEvent.click(await screen.findByText('Phê duyệt', { selector: 'button span' }, { timeout: 15_000 }));
    const modal = dialog();
    fireEvent.mouseDown(within(modal).getByRole('combobox'));
    const option = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.textContent === 'Cấp độ 2');
      if (!found) throw new Error('option not rendered');
      return found;
    });
    fireEvent.click(option);
    expect(await within(modal).findByText(/khác cấp độ đơn vị đề xuất/)).toBeTruthy();
    fireEvent.change(within(modal).getByLabelText('Số quyết định'), { target: { value: '15/QĐ-UBND' } });
    fireEvent.change(within(modal).getByLabelText('Ngày quyết định'), { target: { value: '2026-11-25' } });
    fireEvent.click(within(modal).getByRole('button', { name: 'Phê duyệt' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/approve'))).toBe(true));
    const approve = calls.find((c) => c.method === 'POST' && c.path.endsWith('/approve'));
    expect(approve?.body).toEqual({ approvedLevel: 2, decisionNo: '15/QĐ-UBND', decisionDate: '2026-11-25' });
    expect(approve?.headers.get('x-csrf-token')).toBe('csrf-token-123');
  }, 60_000);

  it("asks for the independent council when the appraiser's own unit runs the system, and shows it once recorded", async () => {
    const council = {
      decisionNo: '12/QĐ-CAT',
      members: [
        { name: 'Nguyễn Văn Hội', title: 'Phó Giám đốc', org: 'Sở Khoa học và Công nghệ' },
        { name: 'Lê Thị Đồng', title: null, org: 'Trung tâm CNTT và Truyền thông' },
        { name: 'Phạm Văn Lập', title: 'Chuyên gia', org: null },
      ],
    };
    let appraised = false;
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'dossier.read': true, 'dossier.appraise': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/dossiers/${DOSSIER_ID}`]: () => ({
        status: 200,
        body: appraised
          ? makeDossier({ state: 'appraised', appraisalCouncil: council, appraisalOpinion: 'Hồ sơ phù hợp.', can: { edit: false, endorse: false, comment: false, transitions: [], councilRequired: false } })
          : makeDossier({ can: { edit: false, endorse: false, comment: true, transitions: ['return_for_revision', 'appraise'], councilRequired: true } }),
      }),
      [`POST /api/dossiers/${DOSSIER_ID}/appraise`]: () => {
        appraised = true;
        return { status: 200, body: makeDossier({ state: 'appraised', appraisalCouncil: council, appraisalOpinion: 'Hồ sơ phù hợp.', can: { edit: false, endorse: false, comment: false, transitions: [], councilRequired: false } }) };
      },
    });
    renderRoutes(routes, `/dossiers/${DOSSIER_ID}`);

    fireEvent.click(await screen.findByText('Cho ý kiến thẩm định', { selector: 'button span' }, { timeout: 15_000 }));
    const modal = dialog();
    expect(within(modal).getByText(/ý kiến thẩm định phải là của hội đồng độc lập/)).toBeTruthy();
    fireEvent.change(within(modal).getByLabelText('Ý kiến thẩm định'), { target: { value: 'Hồ sơ phù hợp.' } });
    const submit = () => fireEvent.click(within(modal).getByRole('button', { name: 'Cho ý kiến thẩm định' }));

    // Nothing about the council yet: both fields say what they need, nothing is sent.
    submit();
    expect(await within(modal).findByText('Vui lòng nhập thông tin này.')).toBeTruthy();
    expect(within(modal).getByText('Hội đồng cần ít nhất 3 thành viên, mỗi dòng một người.')).toBeTruthy();

    // Sixteen members, then a name too long (the second member, on line 3 after a blank line): said next to the members.
    fireEvent.change(within(modal).getByLabelText('Số quyết định thành lập hội đồng'), { target: { value: council.decisionNo } });
    const members = within(modal).getByLabelText('Thành viên hội đồng');
    fireEvent.change(members, { target: { value: Array.from({ length: 16 }, (_, i) => `Thành viên số ${i + 1}; Chuyên viên`).join('\n') } });
    submit();
    expect(await within(modal).findByText('Hội đồng có từ 3 đến 15 thành viên, mỗi dòng một người.')).toBeTruthy();
    fireEvent.change(members, { target: { value: ['Nguyễn Văn Hội', '', 'Ng'.repeat(130), 'Phạm Văn Lập'].join('\n') } });
    submit();
    expect(await within(modal).findByText('Dòng 3: Tối đa 255 ký tự.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    // Three members, as typed: name; title; organisation.
    fireEvent.change(members, {
      target: { value: 'Nguyễn Văn Hội; Phó Giám đốc; Sở Khoa học và Công nghệ\nLê Thị Đồng; ; Trung tâm CNTT và Truyền thông\n\nPhạm Văn Lập; Chuyên gia' },
    });
    submit();
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/appraise'))).toBe(true));
    expect(calls.find((c) => c.path.endsWith('/appraise'))?.body).toEqual({ opinion: 'Hồ sơ phù hợp.', council });
    expect(await screen.findByText('Hội đồng thẩm định độc lập')).toBeTruthy();
    expect(screen.getByText('Quyết định 12/QĐ-CAT — thành viên: Nguyễn Văn Hội, Lê Thị Đồng, Phạm Văn Lập')).toBeTruthy();
  }, 60_000);

  it("requires a reason before refusing, and shows the server's refusal as it is worded", async () => {
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'dossier.read': true, 'dossier.approve': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/dossiers/${DOSSIER_ID}`]: {
        status: 200,
        body: makeDossier({ state: 'submitted_for_approval', can: { edit: false, endorse: false, comment: false, transitions: ['reject'], councilRequired: false } }),
      },
      [`POST /api/dossiers/${DOSSIER_ID}/reject`]: apiError(
        409,
        'invalid_state',
        'Hồ sơ đang ở bước «Đã được phê duyệt» nên không thể thực hiện thao tác này. Người được thao tác ở bước này: không ai (hồ sơ đã kết thúc).',
      ),
    });
    renderRoutes(routes, `/dossiers/${DOSSIER_ID}`);

    fireEvent.click(await screen.findByText('Không phê duyệt', { selector: 'button span' }, { timeout: 15_000 }));
    const modal = dialog();
    fireEvent.click(within(modal).getByRole('button', { name: 'Không phê duyệt' }));
    expect(await within(modal).findByText('Vui lòng nhập thông tin này.')).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith('/reject'))).toBe(false);

    fireEvent.change(within(modal).getByLabelText('Lý do không phê duyệt'), { target: { value: 'Phương án chưa phù hợp.' } });
    fireEvent.click(within(modal).getByRole('button', { name: 'Không phê duyệt' }));
    expect(await within(modal).findByText(/không ai \(hồ sơ đã kết thúc\)/)).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/reject'))?.body).toEqual({ note: 'Phương án chưa phù hợp.' });
  }, 60_000);

  it('lets the officer edit a section and saves it with PATCH, showing the field error next to it', async () => {
    const draft = makeDossier({
      state: 'draft',
      currentVersion: 1,
      frozen: false,
      comments: [],
      attachments: [],
      versions: [{ version: 1, frozenAt: null, proposedLevel: 3 }],
      missingSections: ['overview'],
      sections: {},
      can: { edit: true, endorse: false, comment: false, transitions: ['submit', 'withdraw'], councilRequired: false },
    });
    const calls = mockApi({
      'GET /api/auth/session': { status: 200, body: makeSession({ can: { 'dossier.read': true, 'dossier.prepare': true } }) },
      'GET /api/notifications': NOTIFICATIONS,
      [`GET /api/dossiers/${DOSSIER_ID}`]: { status: 200, body: draft },
      [`PATCH /api/dossiers/${DOSSIER_ID}`]: apiError(400, 'validation', 'Dữ liệu chưa hợp lệ.', {
        'sections.overview': 'Tối đa 20000 ký tự.',
      }),
    });
    renderRoutes(routes, `/dossiers/${DOSSIER_ID}`);

    const overview = await screen.findByLabelText('Thuyết minh tổng quan', {}, { timeout: 15_000 });
    fireEvent.change(overview, { target: { value: 'Hệ thống một cửa điện tử của xã.' } });
    const [save] = screen.getAllByText('Lưu hồ sơ');
    if (!save) throw new Error('no save button');
    fireEvent.click(save);
    expect(await screen.findByText('Tối đa 20000 ký tự.')).toBeTruthy();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({ sections: { overview: 'Hệ thống một cửa điện tử của xã.' } });
    // The text stays as typed after the failure.
    expect((screen.getByLabelText('Thuyết minh tổng quan') as HTMLTextAreaElement).value).toBe('Hệ thống một cửa điện tử của xã.');
    expect(screen.getByText('Gửi hồ sơ', { selector: 'button span' })).toBeTruthy();
    expect(screen.getByText('Rút hồ sơ', { selector: 'button span' })).toBeTruthy();
  }, 60_000);
});
