/**
 * Debian's Chromium through playwright-core for the lab's end-to-end tests. Without Chromium the
 * tests skip with a printed reason, except under CI (CI=true), where a missing browser fails.
 * Screenshots go to docs/img/lab-*.png with ACTLAB_UPDATE_SCREENSHOTS=1 (so a test run does not
 * rewrite tracked images), else to a temporary folder; either way every view is photographed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotDir =
  process.env.ACTLAB_UPDATE_SCREENSHOTS === '1'
    ? new URL('../../docs/img/', import.meta.url).pathname
    : join(tmpdir(), 'actlab-lab-screenshots');

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `lab-${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Console errors and uncaught exceptions of a page, collected from the start. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
