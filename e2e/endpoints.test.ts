/**
 * Issue #4 end to end, in the browser: the province's leadership reads the directive's figure
 * ("31/812 computers at 125 centers run the central anti-malware") from the demo data; a commune's
 * security officer imports the central console's export for the commune's service center; the
 * figure moves by exactly what the file added; leadership drills down from the province to the
 * commune, to its center, to the machine the file brought in. Debian's chromium driven by
 * playwright-core; assertions are on what a person reads (Vietnamese).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupJourney } from './server';
import { people } from './people';

const UI_TIMEOUT = 20_000;
const JOURNEY_TIMEOUT = 300_000;

const setup = setupJourney('endpoints');

const { person, journey, signIn: signInPage } = people(() => setup, { timeoutMs: UI_TIMEOUT });

async function signIn(page: Page, username: string): Promise<void> {
  await signInPage(page, username);
  await page.getByRole('menu').waitFor();
}

/** "31/812 máy tính tại 125 Trung tâm …" → { central: 31, total: 812, centers: 125 }. */
async function headline(page: Page): Promise<{ central: number; total: number; centers: number; text: string }> {
  const el = page.getByTestId('coverage-headline');
  await el.waitFor();
  const text = (await el.innerText()).trim();
  const m = /^([\d.]+)\/([\d.]+) máy tính tại ([\d.]+) Trung tâm phục vụ hành chính công có phần mềm phòng chống mã độc tập trung$/.exec(text);
  if (!m) throw new Error(`unexpected headline: ${text}`);
  const n = (s: string | undefined) => Number((s ?? '').replace(/\./g, ''));
  return { central: n(m[1]), total: n(m[2]), centers: n(m[3]), text };
}

/** Pages through the coverage table until the organisation's row shows, then clicks its name. */
async function openRow(page: Page, name: string): Promise<void> {
  const target = page.getByRole('button', { name, exact: true }).or(page.getByRole('link', { name, exact: true }));
  for (let i = 0; i < 10; i += 1) {
    if (await target.first().isVisible()) {
      await target.first().click();
      return;
    }
    const next = page.locator('.ant-pagination-next:not(.ant-pagination-disabled)');
    if ((await next.count()) === 0) break;
    await next.click();
  }
  throw new Error(`no row «${name}» in the coverage table`);
}

describe('issue #4 in the browser', () => {
  it(
    'an officer imports the console export, the province figure moves, leadership drills down to the machine',
    async () => {
      await journey('endpoints', async () => {
        // 0. Leadership reads the directive's figure from the demo province.
        const leader = await person('lanhdao');
        await signIn(leader, 'lanhdao');
        await leader.getByRole('menu').getByText('Độ phủ bảo vệ', { exact: true }).click();
        const before = await headline(leader);
        expect(before).toMatchObject({ central: 31, total: 812, centers: 125 });

        // 1. The commune's officer imports the central console's export for the commune's center.
        const file = path.join(setup.workDir, 'ksc-export.csv');
        writeFileSync(
          file,
          [
            'Mã đơn vị,Tên máy,Mã phần cứng,Địa chỉ IP,Hệ điều hành,Bản quyền HĐH,Phần mềm diệt virus,Đang bật,Cơ sở dữ liệu cập nhật,Lần cuối kết nối',
            'X001-TTPVHCC,E2E-MOTCUA-01,8B1C6F0A-0000-4000-8000-00000000E201,10.20.1.201,Windows 11 Pro,Có bản quyền,Kaspersky Endpoint Security 12.5,Có,Có,02/12/2026 08:15',
            'X001-TTPVHCC,E2E-MOTCUA-02,8B1C6F0A-0000-4000-8000-00000000E202,10.20.1.202,Windows 10 Pro,Chưa rõ,Kaspersky Endpoint Security 12.5,Có,Có,02/12/2026 08:20',
            'X001-TTPVHCC,E2E-MOTCUA-03,8B1C6F0A-0000-4000-8000-00000000E203,10.20.1.203,Windows 10 Home,Không có bản quyền,,,,02/12/2026 08:25',
          ].join('\r\n'),
        );
        const officer = await person('xa.attt');
        await signIn(officer, 'xa.attt');
        await officer.getByRole('menu').getByText('Máy tính', { exact: true }).click();
        await officer.getByRole('button', { name: 'Nhập từ bảng điều khiển PCMĐ' }).click();
        await officer.getByRole('heading', { name: 'Nhập danh sách máy tính' }).waitFor();
        await officer.locator('input[type=file]').setInputFiles(file);
        await officer.getByLabel('Nguồn dữ liệu').fill('Kaspersky Security Center');
        await officer.getByRole('button', { name: 'Tiếp tục' }).click();
        // The columns were recognised from their Vietnamese headers; the officer checks and goes on.
        await officer.getByText('Cách ghép cột được đoán từ tên cột trong tệp. Hãy kiểm tra lại.').waitFor();
        await officer.getByRole('button', { name: 'Xem trước' }).click();
        await officer.getByText('Thêm mới 3, cập nhật 0, không đổi 0, 0 dòng có lỗi.').waitFor();
        await officer.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
        await officer.getByText('Đã nhập xong').waitFor();
        await officer.getByText('Thêm mới 3, cập nhật 0, không đổi 0, bỏ qua 0 dòng lỗi.').waitFor();

        // 2. The province figure moves by exactly what the file brought: 2 central of 3 new machines.
        await leader.reload();
        await expect.poll(async () => (await headline(leader)).text, { timeout: UI_TIMEOUT }).toBe(
          '33/815 máy tính tại 125 Trung tâm phục vụ hành chính công có phần mềm phòng chống mã độc tập trung',
        );

        // 3. Province → the commune → its center → the machine.
        await openRow(leader, 'UBND xã Yên Sơn');
        await leader.getByTestId('coverage-headline').getByText(/máy tính tại 1 Trung tâm/).waitFor();
        await openRow(leader, 'Trung tâm Phục vụ hành chính công xã Yên Sơn');
        await leader.getByRole('button', { name: 'E2E-MOTCUA-01', exact: true }).click();
        const drawer = leader.getByRole('dialog');
        await drawer.getByText('Kaspersky Endpoint Security 12.5').first().waitFor();
        await drawer.getByText('10.20.1.201').waitFor();
      });
    },
    JOURNEY_TIMEOUT,
  );
});
