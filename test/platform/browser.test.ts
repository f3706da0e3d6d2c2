/**
 * The library in the browser. One Vite build of a probe page (test/platform/browser-page: the
 * page's main thread and a module Web Worker each `await init()`, compute GELU and a GEMM large
 * enough for helper threads), then:
 * 1. the bundle must contain no Node import (Vite would stub it and warn "externalized");
 * 2. Debian's Chromium loads it from a static server, cross-origin isolated and not: WASM both
 *    times, helper threads (Web Workers) only when isolated, correct numbers everywhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { F, tensor, type BackendInfo } from '../../src/index.js';
import {
  buildPage,
  chromiumAvailable,
  chromiumMissing,
  filesUnder,
  inCI,
  launchChromium,
  nodeImports,
  serveStatic,
  type BuiltPage,
} from './browser-harness.js';
import { GELU_X, type ProbeResult } from './browser-page/probe.js';

const pageRoot = fileURLToPath(new URL('./browser-page/', import.meta.url));
let built: BuiltPage;

beforeAll(async () => {
  built = await buildPage(pageRoot, mkdtempSync(join(tmpdir(), 'actlab-browser-')));
}, 180_000);

afterAll(() => {
  if (built) rmSync(built.outDir, { recursive: true, force: true });
});

describe('the library bundled for the browser by Vite', () => {
  it('contains no Node import', () => {
    expect(built.warnings.filter((w) => /externalized for browser compatibility/.test(w))).toEqual([]);
    const scripts = filesUnder(built.outDir).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThanOrEqual(2); // the page and its worker
    for (const file of scripts) {
      const code = readFileSync(join(built.outDir, file), 'utf8');
      expect(nodeImports(code), file).toEqual([]);
      // The only Node names are the dormant Node adapter's process.getBuiltinModule('node:…')
      // calls (src/platform/node.ts), which never run in a browser.
      const named = [...code.matchAll(/(getBuiltinModule\(\s*)?["'`]node:[\w/]+["'`]/g)];
      expect(
        named.filter((m) => m[1] === undefined).map((m) => m[0]),
        file,
      ).toEqual([]);
    }
  });

  it('emits both WASM builds as assets and reports the sizes', () => {
    const files = filesUnder(built.outDir);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    expect(wasm.some((f) => /actlab-relaxed-[\w-]+\.wasm$/.test(f))).toBe(true);
    expect(wasm.some((f) => /actlab-(?!relaxed)[\w-]+\.wasm$/.test(f))).toBe(true);
    const sizes = files
      .filter((f) => /\.(js|wasm)$/.test(f))
      .map((f) => {
        const bytes = readFileSync(join(built.outDir, f));
        return `${f}: ${(bytes.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB)`;
      });
    console.log(`browser bundle of the probe page:\n  ${sizes.join('\n  ')}`);
  });
});

const runBrowser = chromiumAvailable() || inCI();
if (!runBrowser) console.warn(`[skip] browser tests: ${chromiumMissing()}`);

/** GELU in float64 on the exact js backend: the reference for the float32 values from the page. */
const geluRef = Array.from(F.gelu(tensor(GELU_X, { dtype: 'float64' })).data);
const ulpF32 = (x: number): number => (x === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));

interface PageOutcome {
  page?: ProbeResult;
  worker?: { result?: ProbeResult; error?: string };
  error?: string;
  hardwareConcurrency: number;
  errors: string[];
}

describe.skipIf(!runBrowser)('in Chromium (playwright-core)', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`CI=true: ${chromiumMissing()}`);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function visit(isolated: boolean): Promise<PageOutcome> {
    const server = await serveStatic(built.outDir, isolated);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => (globalThis as { __actlab?: unknown }).__actlab !== undefined, null, {
        timeout: 120_000,
      });
      const out = await page.evaluate(() => (globalThis as { __actlab?: unknown }).__actlab as PageOutcome);
      const hardwareConcurrency = await page.evaluate(
        () => (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency,
      );
      return { ...out, hardwareConcurrency, errors };
    } finally {
      await page.close();
      await server.close();
    }
  }

  function checkNumbers(r: ProbeResult): void {
    r.gelu.forEach((v, i) => {
      const ref = geluRef[i]!;
      expect(Math.abs(v - ref), `gelu(${GELU_X[i]}) = ${v}, float64 ${ref}`).toBeLessThanOrEqual(4 * ulpF32(ref));
    });
    expect(r.gemmMaxError).toBeLessThan(1e-3);
  }

  function checkBefore(before: BackendInfo): void {
    // Browsers compile WebAssembly asynchronously: js until init().
    expect(before).toMatchObject({ backend: 'js', ready: false });
    expect(before.reason).toMatch(/await init\(\)/);
  }

  it('cross-origin isolated: WASM with relaxed SIMD and helper threads (Web Workers), in the page and in a worker', async () => {
    const out = await visit(true);
    expect(out.error).toBeUndefined();
    expect(out.worker?.error).toBeUndefined();
    const helpers = Math.min(out.hardwareConcurrency - 1, 7);
    for (const r of [out.page!, out.worker!.result!]) {
      expect(r.isolated, r.where).toBe(true);
      checkBefore(r.before);
      expect(r.info, r.where).toMatchObject({ backend: 'wasm', simd: 'relaxed', sharedMemory: true, ready: true });
      expect(r.info.threads, r.where).toBe(helpers);
      if (helpers > 0) expect(r.threadedGemms, `${r.where}: GEMMs split over the helpers`).toBeGreaterThan(0);
      checkNumbers(r);
      console.log(`isolated ${r.where}: init ${r.initMs.toFixed(0)} ms; ${r.info.reason}`);
    }
    expect(out.errors).toEqual([]);
  }, 180_000);

  it('not isolated: WASM on unshared memory, single-threaded, and backendInfo says why', async () => {
    const out = await visit(false);
    expect(out.error).toBeUndefined();
    expect(out.worker?.error).toBeUndefined();
    for (const r of [out.page!, out.worker!.result!]) {
      expect(r.isolated, r.where).toBe(false);
      checkBefore(r.before);
      expect(r.info, r.where).toMatchObject({ backend: 'wasm', simd: 'relaxed', sharedMemory: false, threads: 0 });
      if (out.hardwareConcurrency > 1)
        expect(r.info.reason).toMatch(/no shared WASM memory: the page is not cross-origin isolated/);
      expect(r.threadedGemms).toBe(0);
      checkNumbers(r);
      console.log(`not isolated ${r.where}: init ${r.initMs.toFixed(0)} ms; ${r.info.reason}`);
    }
    expect(out.errors).toEqual([]);
  }, 180_000);
});
