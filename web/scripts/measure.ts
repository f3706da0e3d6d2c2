/**
 * Measures the built lab in Debian's Chromium (`npm run lab:measure`): bundle size, time to
 * interactive, playground steps/s and frame rate on XOR (8-8) and on a 6 × 16 network, the
 * adversarial demo (training both MNIST models, FGSM and PGD-10 on one digit, the robust-accuracy
 * curve), and the backend the page and its workers ran on. Prints a markdown table and the JSON behind it.
 *
 * Timings depend on the machine and its load (the project's machines are shared): compare
 * numbers from one run, and run it more than once before quoting one.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
const labDir = join(root, 'dist/lab');
const SECONDS = Number(process.env.MEASURE_SECONDS ?? 8);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

function bundleSize(): {
  files: number;
  bytes: number;
  gzipBytes: number;
  assets: { name: string; bytes: number; gzipBytes: number }[];
} {
  const all = files(labDir);
  const size = (f: string) => ({ bytes: statSync(f).size, gzipBytes: gzipSync(readFileSync(f)).length });
  const assets = all
    .filter((f) => /\.(js|wasm|gz)$/.test(f))
    .map((f) => ({ name: f.slice(labDir.length + 1), ...size(f) }));
  const total = all.map(size);
  return {
    files: all.length,
    bytes: total.reduce((a, s) => a + s.bytes, 0),
    gzipBytes: total.reduce((a, s) => a + s.gzipBytes, 0),
    assets,
  };
}

async function startLab(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(root, 'bin/actlab.js'), 'lab', '--port', '0'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    child.stdout!.on(
      'data',
      (d: Buffer) => /http:\/\/\S+\//.test(String(d)) && resolve(/http:\/\/\S+\//.exec(String(d))![0]),
    ),
  );
  return { url, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds from navigation to the first frame with the explorer's chart drawn. */
async function timeToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // (A string: tsx would wrap a named arrow in a helper the page does not have.)
  return page.evaluate(`new Promise((resolve) => {
    const check = () => (document.querySelector('.chart canvas') ? resolve(performance.now()) : requestAnimationFrame(check));
    check();
  })`) as Promise<number>;
}

async function train(page: Page, url: string): Promise<Record<string, number | string>> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Play' }).click();
  const read = () =>
    page.evaluate(() => ({
      t: performance.now(),
      step: Number(document.querySelector<HTMLElement>('.metrics')?.dataset.step ?? 0),
      fps: Number(document.querySelector<HTMLElement>('.rate')?.dataset.fps ?? 0),
      backend: document.querySelector<HTMLElement>('.toolbar .backend')?.dataset.backend ?? '',
    }));
  await page.waitForTimeout(3000); // warm-up: JIT, first snapshots
  const a = await read();
  // Page frames while training, counted by the page itself.
  // (A string: tsx would wrap a named arrow in a helper the page does not have.)
  const frames = page.evaluate(`new Promise((resolve) => {
    let n = 0;
    const end = performance.now() + ${SECONDS * 1000};
    const tick = (now) => (now < end ? (n++, requestAnimationFrame(tick)) : resolve((n * 1000) / ${SECONDS * 1000}));
    requestAnimationFrame(tick);
  })`) as Promise<number>;
  const fps = await frames;
  const b = await read();
  await page.getByRole('button', { name: 'Pause' }).click();
  return {
    stepsPerSecond: Math.round(((b.step - a.step) * 1000) / (b.t - a.t)),
    pageFps: Math.round(fps),
    workerBackend: b.backend,
  };
}

/** Worker milliseconds of the digit attacks (both models) on `digits` consecutive digits, and of the curve. */
async function attackTimes(page: Page, attack: string, digits: number): Promise<{ digitMs: number; curveMs: number }> {
  const card = page.locator('.adv-digit');
  const curve = page.getByRole('region', { name: 'Robust accuracy' });
  const ms: number[] = [];
  for (let i = 0; i < digits; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Next digit' }).click();
    await page.waitForFunction(
      `document.querySelector('.adv-digit')?.dataset.attack === '${attack}' && document.querySelector('.adv-digit')?.dataset.digit === '${i}'`,
      undefined,
      { timeout: 60_000 },
    );
    ms.push(Number(await card.getAttribute('data-ms')));
  }
  await page.waitForFunction(
    `document.querySelector('[aria-label="Robust accuracy"]')?.dataset.done === 'true'`,
    undefined,
    {
      timeout: 300_000,
    },
  );
  return {
    digitMs: Math.round(median(ms) * 10) / 10,
    curveMs: Math.round(Number(await curve.getAttribute('data-ms'))),
  };
}

/** The adversarial demo at its defaults: training both models, then FGSM and PGD-10 (one digit, and the curve). */
async function adversarialDemo(page: Page, url: string): Promise<Record<string, number | string>> {
  const start = Date.now();
  await page.goto(`${url}?view=adversarial&attack=fgsm&digit=0`);
  await page.waitForFunction(
    `document.querySelector('[aria-label="Training"]')?.dataset.trained === 'true'`,
    undefined,
    {
      timeout: 120_000,
    },
  );
  const openToTrainedS = (Date.now() - start) / 1000;
  const trainS = Number(await page.getByRole('status', { name: 'Training' }).getAttribute('data-seconds'));
  const workerBackend = (await page.locator('.toolbar .backend').getAttribute('data-backend')) ?? '';
  const fgsm = await attackTimes(page, 'fgsm', 5);
  await page.getByRole('spinbutton', { name: 'Test digit (0–499)' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Test digit (0–499)' }).press('Enter');
  await page.getByRole('combobox', { name: 'Attack' }).selectOption('pgd');
  const pgd = await attackTimes(page, 'pgd', 5);
  return {
    trainSeconds: Math.round(trainS * 100) / 100,
    openToTrainedSeconds: Math.round(openToTrainedS * 100) / 100,
    fgsmDigitMs: fgsm.digitMs,
    pgd10DigitMs: pgd.digitMs,
    fgsmCurveMs: fgsm.curveMs,
    pgd10CurveMs: pgd.curveMs,
    workerBackend,
  };
}

const bundle = bundleSize();
const lab = await startLab();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const tti: number[] = [];
  for (let i = 0; i < 3; i++) tti.push(await timeToInteractive(page, `${lab.url}?view=explorer`));
  const pageBackend = await page.locator('.top .backend').getAttribute('data-backend');
  const isolated = await page.evaluate(() => crossOriginIsolated);
  const xor = await train(page, `${lab.url}?view=playground`);
  const deep = await train(page, `${lab.url}?view=playground&data=spiral&hidden=16,16,16,16,16,16&act=tanh`);
  const adv = await adversarialDemo(page, lab.url);
  const result = {
    adversarial: adv,
    bundle,
    timeToInteractiveMs: Math.round(median(tti)),
    pageBackend,
    crossOriginIsolated: isolated,
    xor8x8: xor,
    net6x16: deep,
    seconds: SECONDS,
  };
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(
    [
      '| measure | value |',
      '|---|---|',
      `| bundle (dist/lab, ${bundle.files} files) | ${kb(bundle.bytes)} (${kb(bundle.gzipBytes)} gzip) |`,
      ...bundle.assets.map((j) => `| ${j.name} | ${kb(j.bytes)} (${kb(j.gzipBytes)} gzip) |`),
      `| time to interactive (explorer drawn, median of 3) | ${result.timeToInteractiveMs} ms |`,
      `| backend: page / worker | ${pageBackend} / ${xor.workerBackend} (cross-origin isolated: ${isolated}) |`,
      `| XOR 8-8, batch 32: steps/s, page fps | ${xor.stepsPerSecond}, ${xor.pageFps} |`,
      `| spiral 6 × 16 tanh, batch 32: steps/s, page fps | ${deep.stepsPerSecond}, ${deep.pageFps} |`,
      `| adversarial: training both 784-64-10 models, 8 epochs on 2,500 digits (worker; from opening the view) | ${adv.trainSeconds} s (${adv.openToTrainedSeconds} s) |`,
      `| adversarial: one digit, both models, FGSM / PGD-10 (median of 5) | ${adv.fgsmDigitMs} ms / ${adv.pgd10DigitMs} ms |`,
      `| adversarial: robust-accuracy curve, 13 ε × 200 digits × 2 models, FGSM / PGD-10 | ${adv.fgsmCurveMs} ms / ${adv.pgd10CurveMs} ms |`,
      `| adversarial worker backend | ${adv.workerBackend} |`,
    ].join('\n'),
  );
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  lab.stop();
}
