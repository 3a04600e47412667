/**
 * Issue #5 early warnings end to end, in the browser: the police's SOC analyst (soc.phantich) writes
 * an advisory on WinRAR, previews who it hits, and publishes it with an acknowledgement due date
 * already passed; the demo commune's security officer (xa.attt) sees why her computer matched,
 * acknowledges and reports it remediated in one step; the authority's overdue list for the advisory
 * shrinks. Assertions are on what a person reads (Vietnamese).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupJourney } from './server';
import { enrolTotp, people } from './people';

const UI_TIMEOUT = 20_000;
const JOURNEY_TIMEOUT = 300_000;
const TITLE = 'Lỗ hổng WinRAR thực thi mã khi mở tệp nén (E2E)';

// The demo province is seeded at start (a minute or more on a busy machine).
const setup = setupJourney('advisories', { startTimeoutMs: 240_000 });

const { person, journey, signIn } = people(() => setup, { timeoutMs: UI_TIMEOUT });


/** yyyy-mm-dd in Vietnam, `days` from today. */
function vnDay(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The number of units the overdue list names ("91 đơn vị quá hạn"), read once it has loaded. */
async function overdueCount(page: Page): Promise<number> {
  const count = page.getByTestId('overdue-count');
  await count.waitFor();
  return Number((await count.innerText()).match(/\d+/)?.[0] ?? NaN);
}

describe('issue #5 early warnings in the browser', () => {
  it(
    'the authority publishes an advisory, an affected officer acknowledges and remediates, the overdue list shrinks',
    async () => {
      await journey('advisories', async () => {
        // 1. The SOC analyst writes the advisory and previews who it hits.
        const analyst = await person('soc.phantich');
        await signIn(analyst, 'soc.phantich');
        await enrolTotp(analyst);
        await analyst.getByRole('menu').getByText('Cảnh báo sớm', { exact: true }).click();
        await analyst.getByRole('button', { name: 'Soạn cảnh báo' }).click();
        await analyst.getByRole('heading', { name: 'Soạn cảnh báo mới' }).waitFor();
        await analyst.getByLabel('Tiêu đề').fill(TITLE);
        await analyst.getByLabel('Mã CVE').fill('CVE-2023-38831');
        await analyst.getByLabel('Mô tả').fill('WinRAR trước 6.23 cho phép thực thi mã khi người dùng mở một tệp trong tệp ZIP được chế tạo.');
        await analyst.getByLabel('Hướng dẫn xử lý').fill('Cập nhật WinRAR lên 6.23 trở lên.');
        // The acknowledgement was due yesterday: every affected unit starts overdue.
        await analyst.getByLabel('Hạn xác nhận').fill(vnDay(-1));
        await analyst.getByLabel('Hạn khắc phục').fill(vnDay(14));
        await analyst.getByPlaceholder('Fortinet').fill('RARLAB');
        await analyst.getByPlaceholder('FortiOS').fill('WinRAR');
        await analyst.getByPlaceholder('1.25.3').fill('6.23');
        await analyst.getByRole('button', { name: 'Xem trước', exact: true }).click();
        const preview = analyst.getByTestId('preview');
        await preview.waitFor();
        expect(await preview.innerText()).toMatch(/máy tính bị ảnh hưởng/);
        expect(await preview.innerText()).toMatch(/WinRAR 6\.22 \(64-bit\)/);
        await analyst.getByRole('button', { name: 'Lưu bản nháp' }).click();

        // 2. It publishes; the officers of the affected units are notified.
        await analyst.getByRole('heading', { name: new RegExp(TITLE.replace(/[()]/g, '\\$&')) }).waitFor();
        await analyst.getByRole('button', { name: 'Ban hành', exact: true }).click();
        await analyst.getByRole('dialog').getByRole('button', { name: 'Ban hành', exact: true }).click();
        await analyst.locator('.ant-tag').getByText('Đã ban hành', { exact: true }).waitFor();
        await analyst.getByText('Đơn vị quá hạn với cảnh báo này').waitFor();
        const before = await overdueCount(analyst);
        expect(before).toBeGreaterThan(0);
        await analyst.getByText(/^0\/\d+ đơn vị đã xác nhận/).waitFor();

        // 3. The commune's officer sees why her computer matched, acknowledges and reports remediation in one step.
        const officer = await person('xa.attt');
        await signIn(officer, 'xa.attt');
        await officer.getByRole('menu').getByText('Cảnh báo sớm', { exact: true }).click();
        await officer.getByRole('link', { name: TITLE }).click();
        const unit = officer.getByTestId('unit-targets');
        await unit.waitFor();
        await unit.getByTestId('why').first().waitFor();
        expect(await unit.getByTestId('why').first().innerText()).toMatch(/Phần mềm cài trên máy: WinRAR 6\.22 \(64-bit\) — phiên bản 6\.22\.0/);
        await unit.getByRole('button', { name: 'Xác nhận đã nhận cảnh báo' }).click();
        await unit.getByRole('button', { name: 'Xác nhận đã nhận cảnh báo' }).waitFor({ state: 'detached' });
        await unit.locator('thead .ant-checkbox-input').check();
        await unit.getByRole('button', { name: /^Đã khắc phục \(\d+\)$/ }).click();
        const dialog = officer.getByRole('dialog');
        await dialog.getByLabel('Ghi chú').fill('Đã cập nhật WinRAR 7.01 ngày hôm nay.');
        await dialog.getByRole('button', { name: 'Gửi báo cáo' }).click();
        await officer.getByText(/Đã ghi nhận \d+ tài sản/).waitFor();
        await unit.locator('.ant-tag').getByText('Đã khắc phục', { exact: true }).first().waitFor();

        // 4. The authority's overdue list no longer names the commune.
        await analyst.reload();
        await analyst.getByText('Đơn vị quá hạn với cảnh báo này').waitFor();
        // The commune and its service center (the officer answers for both) have acknowledged.
        await analyst.getByText(/^[1-9]\d*\/\d+ đơn vị đã xác nhận/).waitFor();
        expect(await overdueCount(analyst)).toBeLessThan(before);
      });
    },
    JOURNEY_TIMEOUT,
  );
});
