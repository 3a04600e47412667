/**
 * Browser journeys through the built app and the real server, as the province's staff use it:
 * Debian's chromium driven by playwright-core. Assertions are on what a person reads (Vietnamese).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/demo/seed';
import { root, setupJourney } from './server';

const shotDir = path.join(root, '.tmp', 'e2e');
const UI_TIMEOUT = 20_000;

const setup = setupJourney('journeys');
/** Every URL the browser asked for during journeys a and b (d checks them). */
const requested: string[] = [];

/** A fresh browser profile per journey; a screenshot in .tmp/e2e/ when the journey fails. */
async function journey(name: string, record: boolean, run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await setup.browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  if (record) page.on('request', (req) => requested.push(req.url()));
  try {
    await run(page);
  } catch (error) {
    mkdirSync(shotDir, { recursive: true });
    const file = path.join(shotDir, `${name}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${detail}\n(screenshot: ${file})\n--- server output ---\n${setup.server.output().slice(-4000)}`, { cause: error });
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${setup.server.baseUrl}/login`);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** The left-hand menu of the signed-in app. */
function menu(page: Page) {
  return page.getByRole('menu');
}

describe('browser journeys (chromium)', () => {
  it('a. a commune officer signs in, reads their name and role, and switches the language', async () => {
    await journey('a-commune-officer', true, async (page) => {
      await signIn(page, 'xa.attt', DEMO_PASSWORD);
      await page.getByRole('heading', { name: 'Xin chào, Hoàng Thị Xuân' }).waitFor();
      await page.getByText('Cán bộ chuyên trách ATTT — UBND xã Yên Sơn').waitFor();
      await menu(page).getByText('Trang chủ').waitFor();

      // The choice is saved on the account (PATCH /api/me); wait for that before switching back, as a
      // person reading the page would. (Switching back while it is in flight re-applies English:
      // see storeSession → applyLocale in web/app/session.ts.)
      const saved = page.waitForResponse((res) => res.url().endsWith('/api/me') && res.request().method() === 'PATCH');
      await page.getByText('English', { exact: true }).click();
      expect((await saved).ok()).toBe(true);
      await page.getByRole('heading', { name: 'Welcome, Hoàng Thị Xuân' }).waitFor();
      await menu(page).getByText('Home', { exact: true }).waitFor();
      expect(await menu(page).getByText('Trang chủ').count()).toBe(0);

      const savedVi = page.waitForResponse((res) => res.url().endsWith('/api/me') && res.request().method() === 'PATCH');
      await page.getByText('Tiếng Việt', { exact: true }).click();
      expect((await savedVi).ok()).toBe(true);
      await menu(page).getByText('Trang chủ').waitFor();
      await page.getByRole('heading', { name: 'Xin chào, Hoàng Thị Xuân' }).waitFor();
    });
  });

  it('b. the administrator sets up 2FA, creates a unit and a user, and checks the audit log', async () => {
    await journey('b-admin', true, async (page) => {
      await signIn(page, 'admin', DEMO_PASSWORD);

      // Two-factor enrolment: type the key shown on the page into "the app" (otplib here).
      await page.getByText('Cài đặt xác thực hai lớp').waitFor();
      const shown = await page.getByTestId('totp-secret').innerText();
      const secret = shown.replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await page.getByLabel('Mã 6 số').fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
      await page.getByRole('heading', { name: 'Xin chào, Nguyễn Văn Quản' }).waitFor();

      // A new unit under the commune, through the form.
      const suffix = String(Date.now()).slice(-6);
      const unitName = `Tổ công nghệ số xã Yên Sơn ${suffix}`;
      const unitCode = `X001-CNS${suffix}`;
      await menu(page).getByText('Cơ quan, đơn vị').click();
      await page.getByRole('heading', { name: 'Cơ quan, đơn vị' }).waitFor();
      await page.getByRole('searchbox', { name: 'Tìm theo tên hoặc mã đơn vị' }).fill('Yên Sơn');
      await page.getByText('UBND xã Yên Sơn', { exact: true }).first().click();
      await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByText('Thêm đơn vị trực thuộc «UBND xã Yên Sơn»').waitFor();
      await drawer.getByLabel('Tên đơn vị', { exact: true }).fill(unitName);
      await drawer.getByLabel('Mã đơn vị').fill(unitCode);
      await drawer.getByLabel('Loại đơn vị', { exact: true }).click();
      await page.locator('.ant-select-dropdown:visible').getByText('Đơn vị trực thuộc', { exact: true }).click();
      await drawer.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText(`Đã tạo đơn vị «${unitName}».`).waitFor();

      // It appears in the tree, under the province and the commune.
      await page.getByRole('searchbox', { name: 'Tìm theo tên hoặc mã đơn vị' }).fill('');
      const tree = page.getByRole('tree');
      const node = (name: string) => page.locator('.ant-tree-treenode').filter({ hasText: name });
      await tree.waitFor();
      // The tree is virtualised (only the rows in view exist): scroll it the way a person would.
      const reveal = async (name: string) => {
        const row = node(name).first();
        for (let i = 0; i < 80 && !(await row.isVisible()); i++) {
          await tree.hover();
          await page.mouse.wheel(0, 240);
          await page.waitForTimeout(100);
        }
        await row.scrollIntoViewIfNeeded();
        return row;
      };
      /** Opens a node unless it is open already. */
      const expand = async (name: string) => {
        const row = await reveal(name);
        const closed = row.locator('.ant-tree-switcher_close');
        if ((await closed.count()) > 0) await closed.click();
        await row.locator('.ant-tree-switcher_open').waitFor();
      };
      await expand('UBND tỉnh Tuyên Quang');
      await expand('UBND xã Yên Sơn');
      await (await reveal(unitName)).waitFor();

      // A user of the new unit.
      const username = `cns${suffix}`;
      await menu(page).getByText('Người dùng').click();
      await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const userDrawer = page.getByRole('dialog');
      await userDrawer.getByText('Thêm người dùng').first().waitFor();
      await userDrawer.getByLabel('Tên đăng nhập').fill(username);
      await userDrawer.getByLabel('Họ và tên').fill('Vũ Thị Số');
      const orgPicker = userDrawer.getByLabel('Đơn vị', { exact: true });
      await orgPicker.click();
      await orgPicker.pressSequentially(unitCode);
      await page.locator('.ant-select-dropdown:visible').getByText(unitName, { exact: true }).click();
      await userDrawer.getByRole('button', { name: 'Tạo ngẫu nhiên' }).click();
      await userDrawer.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.getByText('Đã tạo tài khoản cho Vũ Thị Số.').waitFor();
      const userSearch = page.getByRole('searchbox', { name: 'Tìm theo họ tên, tên đăng nhập' });
      await userSearch.fill(username);
      await userSearch.press('Enter');
      await page.getByRole('row').filter({ hasText: 'Vũ Thị Số' }).filter({ hasText: username }).first().waitFor();

      // The audit log has the creation, and the chain is intact.
      await menu(page).getByText('Nhật ký hệ thống').click();
      await page.getByRole('heading', { name: 'Nhật ký hệ thống' }).waitFor();
      await page.getByText('Thêm đơn vị').first().waitFor();
      await page.getByText('Thêm người dùng').first().waitFor();
      await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
      await page.getByText(/^Nhật ký toàn vẹn: đã kiểm tra \d+ bản ghi/).waitFor();
    });
  });

  it('c. a wrong password shows the generic error', async () => {
    await journey('c-wrong-password', false, async (page) => {
      await signIn(page, 'xa.attt', 'khong-dung-mat-khau');
      await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
      expect(page.url()).toBe(`${setup.server.baseUrl}/login`);
    });
  });

  it('d. no request left the origin during journeys a and b', () => {
    expect(requested.length).toBeGreaterThan(10);
    const origin = setup.server.baseUrl;
    const foreign = requested.filter(
      (url) => !(url === origin || url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')),
    );
    expect(foreign).toEqual([]);
  });
});
