/**
 * Issue #3 end to end, in the browser, as the province's staff live it: a commune registers a system,
 * classifies it, writes and sends its level dossier; the provincial police accept it, return it with a
 * comment, accept the revision, appraise it and submit it for approval; the approver approves a
 * different level; leadership sees the province's figures move; the decision DOCX downloads. Then the
 * appraiser takes up the police's own system (demo data): an independent council must appraise it.
 * Debian's chromium driven by playwright-core; assertions are on what a person reads (Vietnamese).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { Locator, Page } from 'playwright-core';
import { setupJourney } from './server';
import { enrolTotp, people } from './people';

const UI_TIMEOUT = 20_000;
/** One long journey through five people's browsers on a loaded machine. */
const JOURNEY_TIMEOUT = 600_000;

const setup = setupJourney('dossier');

const { person, journey, signIn } = people(() => setup, { timeoutMs: UI_TIMEOUT, acceptDownloads: true });


/** The left-hand menu of the signed-in app. */
function menu(page: Page) {
  return page.getByRole('menu');
}

/** The dossier page's title carries the state tag: what the person reads as "where the dossier is". */
async function stateIs(page: Page, state: string): Promise<void> {
  await page.getByRole('heading', { level: 3 }).getByText(state, { exact: true }).waitFor();
}

/** Presses a step's button, then the same button in its confirmation dialog (filled by `fill`) and waits for the dialog to close. */
async function takeStep(page: Page, label: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: label, exact: true }) });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: label, exact: true }).click();
  // No wait for the "Đã thực hiện «…»" message: a return opens a new version, the page remounts and that
  // message is not shown. The callers check what changed (the state tag, the endorsement line).
  await dialog.waitFor({ state: 'hidden' });
}

/** "Đã tiếp nhận 19 hồ sơ, đã phê duyệt 10." on the figures page, as numbers. */
async function readFigures(page: Page): Promise<{ submitted: number; approved: number }> {
  await page.getByRole('heading', { name: 'Số liệu hệ thống thông tin và hồ sơ cấp độ' }).waitFor();
  const headline = page.getByTestId('figures-headline');
  await headline.waitFor();
  const text = await headline.innerText();
  const match = /^Đã tiếp nhận ([\d.]+) hồ sơ, đã phê duyệt ([\d.]+)\.$/.exec(text.trim());
  if (!match) throw new Error(`unexpected figures headline: ${text}`);
  const n = (s: string | undefined) => Number((s ?? '').replace(/\./g, ''));
  return { submitted: n(match[1]), approved: n(match[2]) };
}

/** A day in Vietnam as `YYYY-MM-DD`, `offset` days from today. */
function dayVn(offset = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + offset * 86_400_000));
}

/** One entry of a zip archive, as text. */
function zipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the archive`)));
      zip.readEntry();
    });
  });
}

/** The visible text of document.xml: the runs' text joined (Word splits text across runs). */
const wordText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** A 1×1 PNG: the "network diagram". */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const SECTIONS = {
  overview: 'Hệ thống một cửa điện tử tiếp nhận và trả kết quả thủ tục hành chính cho người dân, doanh nghiệp trên địa bàn xã.',
  design: 'Máy chủ ứng dụng đặt tại Trung tâm dữ liệu tỉnh, vùng DMZ tách khỏi mạng nội bộ bằng tường lửa; sơ đồ mạng đính kèm.',
} as const;

const PLAN = [
  ['Bảo đảm an toàn khi thiết kế, xây dựng hệ thống', 'Phân vùng mạng, yêu cầu an toàn đưa vào hồ sơ thiết kế, kiểm tra trước khi đưa vào sử dụng.'],
  ['Bảo đảm an toàn khi vận hành hệ thống', 'Phân quyền tài khoản theo chức trách, cập nhật bản vá hằng tháng, ghi nhật ký truy cập.'],
  ['Kiểm tra, đánh giá an toàn thông tin', 'Tự kiểm tra 6 tháng một lần; thuê đơn vị độc lập đánh giá hằng năm.'],
  ['Quản lý rủi ro an toàn thông tin', 'Lập danh mục tài sản, đánh giá rủi ro hằng năm và có biện pháp xử lý.'],
  ['Giám sát an toàn thông tin', 'Kết nối hệ thống giám sát của tỉnh, theo dõi cảnh báo bất thường.'],
  ['Sao lưu, ứng cứu sự cố và khôi phục hệ thống', 'Sao lưu hằng ngày, có kịch bản ứng cứu sự cố, khôi phục trong 4 giờ.'],
  ['Kết thúc vận hành, thanh lý, hủy bỏ hệ thống', 'Xóa dữ liệu an toàn, thu hồi tài khoản, hủy thiết bị lưu trữ có biên bản.'],
] as const;

describe('level dossier journey (chromium)', () => {
  it(
    'a commune registers, classifies and sends a dossier; the police appraise it; the approver approves level 2; figures and the decision follow; the police’s own system is appraised by a council',
    async () => {
      await journey('level-dossier', async () => {
        const suffix = String(Date.now()).slice(-6);
        const systemName = `Hệ thống một cửa điện tử xã Yên Sơn ${suffix}`;
        const diagram = path.join(setup.workDir, 'so-do-mang-xa-yen-son.png');
        writeFileSync(diagram, TINY_PNG);

        // 0. Leadership's first reading of the province's figures.
        const leader = await person('lanhdao');
        await signIn(leader, 'lanhdao');
        await leader.getByRole('heading', { name: 'Xin chào, Lê Văn Lãnh' }).waitFor();
        await menu(leader).getByText('Số liệu cấp độ').click();
        const before = await readFigures(leader);

        // 1. The commune officer registers the system through the drawer.
        const officer = await person('xa.attt');
        await signIn(officer, 'xa.attt');
        await officer.getByRole('heading', { name: 'Xin chào, Hoàng Thị Xuân' }).waitFor();
        await menu(officer).getByText('Hệ thống thông tin').click();
        await officer.getByRole('heading', { name: 'Hệ thống thông tin' }).waitFor();
        await officer.getByRole('button', { name: 'Thêm hệ thống' }).click();
        const drawer = officer.getByRole('dialog');
        await drawer.getByText('Thêm hệ thống thông tin').waitFor();
        await drawer.getByLabel('Tên hệ thống').fill(systemName);
        await drawer.getByLabel('Mục đích sử dụng').fill('Tiếp nhận, giải quyết thủ tục hành chính cho người dân, doanh nghiệp.');
        const orgPicker = drawer.getByLabel('Đơn vị vận hành');
        await orgPicker.click();
        await orgPicker.pressSequentially('Yên Sơn');
        await officer.locator('.ant-select-dropdown:visible').getByText('UBND xã Yên Sơn', { exact: true }).click();
        await drawer.getByLabel('Loại hệ thống', { exact: true }).click();
        await officer.locator('.ant-select-dropdown:visible').getByText('Phục vụ người dân, doanh nghiệp', { exact: true }).click();
        await drawer.getByRole('checkbox', { name: 'Thông tin công cộng' }).check();
        await drawer.getByRole('checkbox', { name: 'Thông tin cá nhân' }).check();
        await drawer.getByRole('button', { name: 'Thêm thành phần' }).click();
        await drawer.getByLabel('Hãng', { exact: true }).fill('VNPT');
        await drawer.getByLabel('Sản phẩm', { exact: true }).fill('iGate một cửa điện tử');
        await drawer.getByLabel('Phiên bản', { exact: true }).fill('3.2');
        await drawer.getByRole('button', { name: 'Thêm hệ thống' }).click();
        await officer.getByText(`Đã thêm hệ thống «${systemName}».`).waitFor();
        await officer.getByRole('heading', { name: systemName }).waitFor();
        await officer.getByText('iGate một cửa điện tử').waitFor();

        // 2. The level questionnaire: it settles administrative procedures → level 3 under Decree 331.
        await officer.getByRole('button', { name: 'Xác định cấp độ', exact: true }).click();
        await officer.getByRole('heading', { name: `Xác định cấp độ: ${systemName}` }).waitFor();
        await officer.getByRole('radio', { name: /Nghị định 331\/2026.*\(đang có hiệu lực\)/ }).waitFor();
        await officer.getByRole('radio', { name: /^Phục vụ người dân, doanh nghiệp/ }).check();
        await officer.getByRole('button', { name: 'Tiếp theo' }).click();
        await officer.getByRole('checkbox', { name: /^Thông tin công cộng/ }).waitFor();
        expect(await officer.getByRole('checkbox', { name: /^Thông tin cá nhân/ }).isChecked()).toBe(true);
        await officer.getByRole('button', { name: 'Tiếp theo' }).click();
        await officer
          .getByRole('group', { name: 'Hệ thống có giải quyết thủ tục hành chính cho người dân, doanh nghiệp không?' })
          .getByText('Có', { exact: true })
          .click();
        const preview = officer.locator('.ant-card').filter({ has: officer.getByText('Cấp độ dự kiến', { exact: true }) });
        await preview.getByTestId('result-level').getByText('Cấp độ 3', { exact: true }).waitFor();
        await preview.getByText(/^NĐ 331\/2026 Đ13/).first().waitFor();
        await officer.getByRole('button', { name: 'Tiếp theo' }).click();
        await officer.getByRole('button', { name: 'Tiếp theo' }).click();
        await officer.getByText('Kiểm tra lại các câu trả lời.', { exact: false }).waitFor();
        await officer.getByRole('button', { name: 'Lưu kết quả' }).click();
        await officer.getByText(`Đã lưu kết quả xác định cấp độ của «${systemName}».`).waitFor();
        await officer.getByRole('heading', { name: systemName }).waitFor();
        await officer.getByRole('button', { name: 'Xác định lại cấp độ' }).waitFor();

        // 3. The dossier: opened from the system, every section written, saved, the diagram attached.
        await officer.getByRole('button', { name: 'Lập hồ sơ cấp độ' }).click();
        await officer.getByRole('heading', { name: 'Lập hồ sơ đề xuất cấp độ' }).waitFor();
        await officer.getByText(`${systemName} (`).waitFor();
        await officer.getByRole('button', { name: 'Lập hồ sơ', exact: true }).click();
        await officer.getByRole('heading', { name: `Hồ sơ cấp độ: ${systemName}` }).waitFor();
        await stateIs(officer, 'Đang dự thảo');
        const dossierUrl = officer.url();
        expect(dossierUrl).toMatch(/\/dossiers\/[0-9a-f-]{36}$/);

        await officer.getByLabel('Thuyết minh tổng quan', { exact: true }).fill(SECTIONS.overview);
        await officer.getByLabel('Tài liệu thiết kế', { exact: true }).fill(SECTIONS.design);
        const rationale = await officer.getByLabel('Thuyết minh đề xuất cấp độ', { exact: true }).inputValue();
        expect(rationale).toContain('NĐ 331/2026 Đ13'); // prefilled from the classification
        for (const [i, [part, text]] of PLAN.entries()) {
          await officer.getByLabel(`${i + 1}. ${part}`, { exact: true }).fill(text);
        }
        await officer.getByText('Có nội dung chưa lưu.').first().waitFor();
        await officer.getByRole('button', { name: 'Lưu hồ sơ' }).first().click();
        await officer.getByText('Đã lưu nội dung hồ sơ.').waitFor();
        await officer.getByTestId('dossier-checklist').getByText('Đã đủ các mục bắt buộc.').waitFor();

        const design = officer.getByTestId('section-design');
        await design.locator('input[type=file]').setInputFiles(diagram);
        await officer.getByText('Đã đính kèm «so-do-mang-xa-yen-son.png».').waitFor();
        await design.getByRole('link', { name: 'so-do-mang-xa-yen-son.png' }).waitFor();

        // 4. The head endorses; the officer sends.
        const head = await person('xa.truong');
        await signIn(head, 'xa.truong');
        await head.getByRole('heading', { name: 'Xin chào, Đỗ Văn Trưởng' }).waitFor();
        await head.goto(dossierUrl);
        await head.getByRole('heading', { name: `Hồ sơ cấp độ: ${systemName}` }).waitFor();
        await head.getByTestId('section-design').getByRole('link', { name: 'so-do-mang-xa-yen-son.png' }).waitFor();
        await takeStep(head, 'Đồng ý gửi (thủ trưởng)');
        await head.getByText('Đã đồng ý gửi phiên bản 1').waitFor();

        await officer.reload();
        await officer.getByText('Đã đồng ý gửi phiên bản 1').waitFor();
        await takeStep(officer, 'Gửi hồ sơ');
        await stateIs(officer, 'Đã gửi, chờ kiểm tra');

        // 5. The appraiser finds it, accepts it, comments on the design and returns it for revision.
        const appraiser = await person('pa05.thamdinh');
        await signIn(appraiser, 'pa05.thamdinh');
        await enrolTotp(appraiser);
        await appraiser.getByRole('heading', { name: 'Xin chào, Trần Thị Thẩm' }).waitFor();
        await menu(appraiser).getByText('Hồ sơ cấp độ').click();
        await appraiser.getByRole('heading', { name: 'Hồ sơ đề xuất cấp độ' }).waitFor();
        const search = appraiser.getByRole('searchbox', { name: 'Tìm theo tên hoặc mã hệ thống' });
        await search.fill(suffix);
        await search.press('Enter');
        await appraiser.getByRole('row').filter({ hasText: systemName }).filter({ hasText: 'Đã gửi, chờ kiểm tra' }).waitFor();
        await appraiser.getByRole('link', { name: systemName }).click();
        await appraiser.getByRole('heading', { name: `Hồ sơ cấp độ: ${systemName}` }).waitFor();
        await stateIs(appraiser, 'Đã gửi, chờ kiểm tra');
        await takeStep(appraiser, 'Tiếp nhận');
        await stateIs(appraiser, 'Đang thẩm định');

        const comment = `Sơ đồ mạng chưa thể hiện vùng quản trị và thiết bị tường lửa (góp ý ${suffix}).`;
        const appraiserDesign = appraiser.getByTestId('section-design');
        await appraiserDesign.getByLabel('Góp ý cho phần «Tài liệu thiết kế»').fill(comment);
        await appraiserDesign.getByRole('button', { name: 'Thêm góp ý' }).click();
        await appraiserDesign.getByTestId('dossier-comment').filter({ hasText: comment }).waitFor();
        await takeStep(appraiser, 'Trả lại để chỉnh sửa', async (dialog) => {
          await dialog.getByText('1 góp ý ở từng phần sẽ được gửi kèm.').waitFor();
        });
        await stateIs(appraiser, 'Trả lại để chỉnh sửa');

        // 6. The officer reads the comment where it belongs, revises the design, the head endorses, the officer resends.
        await officer.reload();
        await stateIs(officer, 'Trả lại để chỉnh sửa');
        await officer.getByText('Góp ý của cán bộ thẩm định được hiển thị ngay tại từng phần của hồ sơ bên dưới.').waitFor();
        const officerDesign = officer.getByTestId('section-design');
        await officerDesign.getByTestId('dossier-comment').filter({ hasText: comment }).getByText('Góp ý thẩm định — phiên bản 1').waitFor();
        const revised = `${SECTIONS.design} Bổ sung: vùng quản trị riêng, tường lửa FortiGate giữa DMZ và mạng nội bộ.`;
        await officer.getByLabel('Tài liệu thiết kế', { exact: true }).fill(revised);
        await officer.getByRole('button', { name: 'Lưu hồ sơ' }).first().click();
        await officer.getByText('Đã lưu nội dung hồ sơ.').first().waitFor();
        await officer.getByText('Mọi thay đổi đã được lưu.').first().waitFor();

        await head.reload();
        await head.getByText(revised).waitFor();
        await takeStep(head, 'Đồng ý gửi (thủ trưởng)');
        await head.getByText('Đã đồng ý gửi phiên bản 2').waitFor();

        await officer.reload();
        await officer.getByText('Đã đồng ý gửi phiên bản 2').waitFor();
        await takeStep(officer, 'Gửi hồ sơ');
        await stateIs(officer, 'Đã gửi, chờ kiểm tra');

        // 7. The appraiser accepts the revision, gives the opinion and submits for approval.
        await appraiser.reload();
        await stateIs(appraiser, 'Đã gửi, chờ kiểm tra');
        await appraiser.getByText(revised).waitFor();
        await takeStep(appraiser, 'Tiếp nhận');
        await stateIs(appraiser, 'Đang thẩm định');
        const opinion = 'Hồ sơ phù hợp; phương án bảo đảm an toàn thông tin đáp ứng yêu cầu. Đề nghị phê duyệt.';
        await takeStep(appraiser, 'Cho ý kiến thẩm định', async (dialog) => {
          await dialog.getByLabel('Ý kiến thẩm định').fill(opinion);
        });
        await stateIs(appraiser, 'Đã thẩm định');
        await appraiser.getByText(opinion).first().waitFor();
        await takeStep(appraiser, 'Trình phê duyệt');
        await stateIs(appraiser, 'Đã trình phê duyệt');

        // 8. The officer records the internal security regulation (approval needs it).
        await officer.reload();
        await stateIs(officer, 'Đã trình phê duyệt');
        await officer.getByLabel('Số quy chế').fill('01/QC-UBND');
        await officer.getByLabel('Ngày ban hành').fill(dayVn(-1));
        await officer.getByRole('button', { name: 'Lưu quy chế' }).click();
        await officer.getByText('Đã lưu thông tin quy chế.').waitFor();

        // 9. The approver, from the notification, approves level 2 (not the proposed 3).
        const approver = await person('pa05.pheduyet');
        await signIn(approver, 'pa05.pheduyet');
        await enrolTotp(approver);
        await approver.getByRole('heading', { name: 'Xin chào, Vũ Đức Duyệt' }).waitFor();
        await approver.getByRole('button', { name: /^Thông báo: \d+ chưa đọc$/ }).click();
        await approver.getByRole('button', { name: new RegExp(`^Trình phê duyệt: ${systemName} \\(UBND xã Yên Sơn\\)`) }).click();
        await approver.getByRole('heading', { name: `Hồ sơ cấp độ: ${systemName}` }).waitFor();
        await stateIs(approver, 'Đã trình phê duyệt');
        await approver.getByText('01/QC-UBND').waitFor();
        await takeStep(approver, 'Phê duyệt', async (dialog) => {
          await dialog.getByText(`Phê duyệt cấp độ cho hệ thống «${systemName}».`, { exact: false }).waitFor();
          await dialog.getByLabel('Cấp độ được phê duyệt').click();
          await approver.locator('.ant-select-dropdown:visible').getByText('Cấp độ 2', { exact: true }).click();
          await dialog.getByText('Lưu ý: cấp độ phê duyệt (Cấp độ 2) khác cấp độ đơn vị đề xuất (Cấp độ 3).').waitFor();
          await dialog.getByLabel('Số quyết định').fill('15/QĐ-UBND');
          await dialog.getByLabel('Ngày quyết định').fill(dayVn());
        });
        await stateIs(approver, 'Đã được phê duyệt');
        await approver.getByText(/^Số 15\/QĐ-UBND, ngày /).waitFor();

        // 10. Leadership sees one more approved dossier in the province.
        // The page still shows the figures read at the start: the person refreshes it.
        await leader.reload();
        const after = await readFigures(leader);
        expect(after.approved).toBe(before.approved + 1);

        // 11. The commune downloads the decision (DOCX) from the dossier page and it opens.
        await officer.reload();
        await stateIs(officer, 'Đã được phê duyệt');
        await officer.getByRole('button', { name: 'Tải văn bản' }).click();
        const item = officer.getByRole('menuitem', { name: 'Quyết định phê duyệt cấp độ (DOCX)' });
        await item.waitFor();
        const [download] = await Promise.all([officer.waitForEvent('download'), item.getByRole('link').click()]);
        const saved = path.join(setup.workDir, 'quyet-dinh.docx');
        await download.saveAs(saved);
        const docx = readFileSync(saved);
        expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
        const text = wordText(await zipEntry(docx, 'word/document.xml'));
        expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(text).toContain('15/QĐ-UBND');
        expect(text).toContain(systemName);

        // 12. The appraiser's own division (PA05) runs the province's network monitoring system (demo data):
        // its dossier needs the independent council, asked for in the dialog, shown on the dossier afterwards.
        const ownSystem = 'Hệ thống giám sát an toàn thông tin mạng của Công an tỉnh';
        await menu(appraiser).getByText('Hồ sơ cấp độ').click();
        await appraiser.getByRole('heading', { name: 'Hồ sơ đề xuất cấp độ' }).waitFor();
        await search.fill('PA05-HT01');
        await search.press('Enter');
        await appraiser.getByRole('row').filter({ hasText: ownSystem }).filter({ hasText: 'Đang thẩm định' }).waitFor();
        await appraiser.getByRole('link', { name: ownSystem }).click();
        await appraiser.getByRole('heading', { name: `Hồ sơ cấp độ: ${ownSystem}` }).waitFor();
        await stateIs(appraiser, 'Đang thẩm định');
        const appraise = 'Cho ý kiến thẩm định';
        await appraiser.getByRole('button', { name: appraise, exact: true }).click();
        const councilDialog = appraiser.getByRole('dialog').filter({ has: appraiser.getByRole('button', { name: appraise, exact: true }) });
        await councilDialog.getByText('Hệ thống do chính đơn vị của bạn vận hành: ý kiến thẩm định phải là của hội đồng độc lập.', { exact: false }).waitFor();
        await councilDialog.getByLabel('Ý kiến thẩm định').fill('Hội đồng thống nhất: hồ sơ phù hợp với cấp độ đề xuất.');
        // First without the council: the dialog says what is missing and stays open.
        await councilDialog.getByRole('button', { name: appraise, exact: true }).click();
        await councilDialog.getByText('Vui lòng nhập thông tin này.').waitFor();
        await councilDialog.getByText('Hội đồng cần ít nhất 3 thành viên, mỗi dòng một người.').waitFor();
        await councilDialog.getByLabel('Số quyết định thành lập hội đồng').fill(`12/QĐ-CAT-${suffix}`);
        await councilDialog
          .getByLabel('Thành viên hội đồng')
          .fill(['Nguyễn Văn Hội; Phó Giám đốc; Sở Khoa học và Công nghệ', 'Lê Thị Đồng; Trưởng phòng; Sở Nội vụ', 'Phạm Minh Lập; Chuyên gia; Trường Đại học Tân Trào'].join('\n'));
        await councilDialog.getByRole('button', { name: appraise, exact: true }).click();
        await councilDialog.waitFor({ state: 'hidden' });
        await stateIs(appraiser, 'Đã thẩm định');
        await appraiser.getByText('Hội đồng thẩm định độc lập', { exact: true }).waitFor();
        await appraiser.getByText(`Quyết định 12/QĐ-CAT-${suffix} — thành viên: Nguyễn Văn Hội, Lê Thị Đồng, Phạm Minh Lập`).waitFor();
        // What the appraiser recorded stays after a reload (it is the server's, not the page's).
        await appraiser.reload();
        await stateIs(appraiser, 'Đã thẩm định');
        await appraiser.getByText(`Quyết định 12/QĐ-CAT-${suffix} — thành viên: Nguyễn Văn Hội, Lê Thị Đồng, Phạm Minh Lập`).waitFor();
      });
    },
    JOURNEY_TIMEOUT,
  );
});
