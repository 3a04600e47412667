/**
 * Issue #5 incidents end to end, in the browser: a commune's security officer (xa.attt) reports an
 * incident with the form, seeing the legal due dates as she fills it; the provincial responder
 * (ungcuu) triages it, puts himself on the case, moves it through the response; the commune sends
 * the end-of-response report; the responder writes the closing report and closes the case; the
 * STIX 2.1 export downloads. Assertions are on what a person reads (Vietnamese).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { setupJourney } from './server';
import { enrolTotp, people } from './people';

const Bundle = z.object({ type: z.literal('bundle'), objects: z.array(z.looseObject({ type: z.string(), name: z.string().optional(), pattern: z.string().optional() })) });

const UI_TIMEOUT = 20_000;
const JOURNEY_TIMEOUT = 300_000;

const setup = setupJourney('incidents');

const { person, journey, signIn } = people(() => setup, { timeoutMs: UI_TIMEOUT, acceptDownloads: true });


/** Presses a response step's button and confirms it in its dialog. */
async function step(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function statusIs(page: Page, status: string): Promise<void> {
  await page.locator('.ant-tag').getByText(status, { exact: true }).first().waitFor();
}

describe('issue #5 incidents in the browser', () => {
  it(
    'a commune reports an incident, the responder handles and closes it, the STIX bundle downloads',
    async () => {
      await journey('incidents', async () => {
        // 1. The commune's officer reports, with the due dates computed as she fills the form.
        const officer = await person('xa.attt');
        await signIn(officer, 'xa.attt');
        await officer.getByRole('menu').getByText('Sự cố', { exact: true }).click();
        await officer.getByRole('button', { name: 'Báo cáo sự cố' }).click();
        await officer.getByRole('heading', { name: 'Báo cáo sự cố an toàn thông tin' }).waitFor();
        await officer.getByLabel('Số điện thoại').fill('0915 201 001');
        await officer.getByLabel('Tên ngắn gọn của sự cố').fill('Trang thông tin điện tử của xã bị thay giao diện (E2E)');
        await officer.getByRole('checkbox', { name: /^Sự cố nghiêm trọng/ }).check();
        const due = officer.getByTestId('due-dates');
        await due.getByText('Báo cáo ban đầu', { exact: true }).waitFor();
        await due.getByText('Báo cáo 72 giờ (nguyên nhân, phạm vi, khắc phục)').waitFor();
        await officer.getByLabel('Mô tả').fill('Trang chủ hiện hình ảnh lạ từ 7 giờ sáng; các trang con vẫn vào được.');
        await officer.getByLabel('Biện pháp đã thực hiện').fill('Tạm dừng trang web.');
        await officer.getByRole('button', { name: 'Gửi báo cáo sự cố' }).click();
        const heading = officer.getByRole('heading', { name: /^SC-\d{4}-\d{4} — Trang thông tin điện tử của xã bị thay giao diện \(E2E\)$/ });
        await heading.waitFor();
        const url = officer.url();
        expect(url).toMatch(/\/incidents\/[0-9a-f-]{36}$/);
        await statusIs(officer, 'Đã báo cáo');

        // 2. The responder triages, takes the lead, and moves the case through the response.
        const responder = await person('ungcuu');
        await signIn(responder, 'ungcuu');
        await enrolTotp(responder);
        await responder.getByRole('menu').waitFor();
        await responder.goto(url);
        await responder.getByRole('heading', { name: /Trang thông tin điện tử của xã bị thay giao diện \(E2E\)/ }).waitFor();
        await step(responder, 'Tiếp nhận, phân loại');
        await statusIs(responder, 'Đã tiếp nhận');
        await responder.getByLabel('Chọn cán bộ ứng cứu').click();
        await responder.locator('.ant-select-item-option').filter({ hasText: 'Bùi Quang Cứu' }).click();
        await responder.getByRole('button', { name: 'Phân công' }).click();
        await responder.getByText('Chủ trì').or(responder.getByText('Thành viên', { exact: true })).first().waitFor();
        await responder.getByLabel('Giá trị').fill('203.0.113.77');
        await responder.getByRole('button', { name: 'Thêm', exact: true }).click();
        await responder.getByText('203.0.113.77', { exact: true }).first().waitFor();
        await responder.getByLabel('Ghi diễn biến, việc đã làm…').fill('Đã xác định webshell trong thư mục tải lên.');
        await responder.getByRole('button', { name: 'Ghi', exact: true }).click();
        await responder.getByText('Đã xác định webshell trong thư mục tải lên.').waitFor();
        await step(responder, 'Bắt đầu ứng cứu');
        await statusIs(responder, 'Đang ứng cứu');
        await step(responder, 'Đã khoanh vùng');
        await statusIs(responder, 'Đã khoanh vùng');
        await step(responder, 'Đã khôi phục');
        await statusIs(responder, 'Đã khôi phục');

        // 3. The commune sends the end-of-response report.
        await officer.reload();
        await statusIs(officer, 'Đã khôi phục');
        const send = officer.locator('.ant-card').filter({ has: officer.getByText('Gửi báo cáo', { exact: true }) });
        await send.getByLabel('Loại báo cáo').click();
        await officer.locator('.ant-select-item-option').filter({ hasText: 'Báo cáo kết thúc ứng phó' }).click();
        await send.getByLabel('Nội dung báo cáo').fill('Đã khôi phục trang từ bản sao lưu sạch.');
        await send.getByLabel('Nguyên nhân').fill('Lỗ hổng trình cắm quản lý tệp.');
        await send.getByLabel('Phạm vi ảnh hưởng').fill('Trang chủ cổng thông tin của xã.');
        await send.getByLabel('Biện pháp khắc phục').fill('Vá trình cắm, đổi mật khẩu quản trị.');
        await send.getByRole('button', { name: 'Gửi', exact: true }).click();
        await officer.getByText('Gửi «Báo cáo kết thúc ứng phó»').waitFor();

        // 4. The responder writes the closing report and closes the case.
        await responder.reload();
        const closing = responder.locator('.ant-card').filter({ has: responder.getByText('Báo cáo kết thúc sự cố', { exact: true }) });
        await closing.getByLabel('Nguyên nhân').fill('Tin tặc lợi dụng lỗ hổng trình cắm quản lý tệp để tải webshell.');
        await closing.getByLabel('Phạm vi ảnh hưởng').fill('Trang chủ; không lộ dữ liệu.');
        await closing.getByLabel('Biện pháp khắc phục').fill('Gỡ webshell, vá trình cắm, dựng lại từ bản sao lưu.');
        await closing.getByLabel('Bài học kinh nghiệm').fill('Cập nhật trình cắm hằng tháng.');
        await closing.getByRole('button', { name: 'Lưu báo cáo kết thúc' }).click();
        await responder.getByText('Gỡ webshell, vá trình cắm, dựng lại từ bản sao lưu.').first().waitFor();
        await step(responder, 'Đóng sự cố');
        await statusIs(responder, 'Đã đóng');
        await responder.getByRole('button', { name: 'Mở lại sự cố' }).waitFor();

        // 5. The STIX 2.1 bundle for the National Cyber Security Center downloads.
        const [download] = await Promise.all([responder.waitForEvent('download'), responder.getByText('Xuất STIX 2.1').click()]);
        const saved = path.join(setup.workDir, 'incident.stix.json');
        await download.saveAs(saved);
        const bundle = Bundle.parse(JSON.parse(readFileSync(saved, 'utf8')));
        const objects = bundle.objects;
        expect(objects.some((o) => o.type === 'incident' && o.name?.includes('(E2E)'))).toBe(true);
        expect(objects.some((o) => o.type === 'indicator' && o.pattern?.includes('203.0.113.77'))).toBe(true);
      });
    },
    JOURNEY_TIMEOUT,
  );
});
