import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
const server = spawn('node', ['bin/actlab.js', 'lab', '--port', '0'], {
  detached: true,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((res) =>
  server.stdout.on('data', (d) => {
    const m = /http:\/\/\S+/.exec(String(d));
    if (m) res(m[0]);
  }),
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text());
});
page.on('pageerror', (e) => console.log('pageerror', e.message));
const q = process.argv[2] ?? '';
await page.goto(url + q);
await page.waitForTimeout(Number(process.argv[4] ?? 2500));
if (process.argv[5]) {
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(Number(process.argv[5]));
}
console.log(
  await page.evaluate(() => ({ iso: crossOriginIsolated, backend: document.querySelector('.backend')?.textContent })),
);
await page.screenshot({ path: process.argv[3] ?? '/tmp/shot.png', fullPage: true });
await browser.close();
process.kill(-server.pid);
