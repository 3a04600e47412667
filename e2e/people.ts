/**
 * People's browsers for a journey: each person a fresh chromium profile (Vietnamese locale), signed
 * in through the login page; when the journey fails, every open page is photographed into
 * .tmp/e2e/ and the server's last output joins the error. Shared by the browser journeys.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_PASSWORD } from '../server/demo/seed';
import { root, type RunningServer } from './server';

const shotDir = path.join(root, '.tmp', 'e2e');

export interface People {
  /** A new person's browser (a fresh profile). */
  person(name: string): Promise<Page>;
  /** Runs the journey; on failure, screenshots of everyone's page and the server output. Closes every browser after. */
  journey(name: string, run: () => Promise<void>): Promise<void>;
  /** Signs in through the login page (demo password unless given). */
  signIn(page: Page, username: string, password?: string): Promise<void>;
}

export function people(get: () => { browser: Browser; server: RunningServer }, opts: { timeoutMs: number; acceptDownloads?: boolean }): People {
  const open: { name: string; context: BrowserContext; page: Page }[] = [];
  return {
    async person(name) {
      const context = await get().browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 }, acceptDownloads: opts.acceptDownloads ?? false });
      context.setDefaultTimeout(opts.timeoutMs);
      const page = await context.newPage();
      open.push({ name, context, page });
      return page;
    },
    async journey(name, run) {
      try {
        await run();
      } catch (error) {
        mkdirSync(shotDir, { recursive: true });
        const files: string[] = [];
        for (const p of open) {
          const file = path.join(shotDir, `${name}-${p.name}-${Date.now()}.png`);
          await p.page.screenshot({ path: file, fullPage: true }).then(
            () => files.push(file),
            () => undefined,
          );
        }
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(`${detail}\n(screenshots: ${files.join(', ')})\n--- server output ---\n${get().server.output().slice(-4000)}`, { cause: error });
      } finally {
        for (const p of open.splice(0)) await p.context.close().catch(() => undefined);
      }
    },
    async signIn(page, username, password = DEMO_PASSWORD) {
      await page.goto(`${get().server.baseUrl}/login`);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    },
  };
}

/** Police and administrator accounts enrol two-factor authentication (TOTP) at their first sign-in. */
export async function enrolTotp(page: Page): Promise<void> {
  await page.getByText('Cài đặt xác thực hai lớp').waitFor();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Error(`not a base32 TOTP secret: ${secret}`);
  await page.getByLabel('Mã 6 số').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
}
