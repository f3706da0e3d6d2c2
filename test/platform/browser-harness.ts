/**
 * Helpers for browser tests: a Vite build of a page, a static server on 127.0.0.1 (with or
 * without the cross-origin isolation headers), Debian's Chromium through playwright-core, and the
 * rule for a missing Chromium (skip with a printed reason; fail in CI).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import { extname, join, normalize, relative, sep } from 'node:path';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they are skipped, with the reason printed —
 * except in CI (CI=true), where the caller must fail instead (see `chromiumMissing`).
 */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export const chromiumMissing = (): string =>
  `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (scripts/setup-system.sh) ` +
  'or point ACTLAB_CHROMIUM at a Chromium binary';

export const inCI = (): boolean => process.env.CI === 'true';

export interface BuiltPage {
  readonly outDir: string;
  /** Vite's warnings (a Node builtin imported by browser code shows up here as "externalized"). */
  readonly warnings: string[];
}

/** Builds the page at `root` (its index.html) with Vite, minified, into `outDir`. */
export async function buildPage(root: string, outDir: string): Promise<BuiltPage> {
  const { build, createLogger } = await import('vite');
  const warnings: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  const warn = logger.warn.bind(logger);
  logger.warn = (msg, options) => {
    warnings.push(msg);
    warn(msg, options);
  };
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    worker: { format: 'es' },
  });
  return { outDir, warnings };
}

/** Every file under `dir`, relative paths. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

/**
 * The Node builtins a bundle's code imports or requires (`import … from 'node:fs'`,
 * `import('fs')`, `require("zlib")`, `export … from`), by module specifier.
 */
export function nodeImports(code: string): string[] {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const q = '["\'`]';
  const spec = `${q}([^"'\`]+)${q}`;
  const patterns = [
    new RegExp(`\\bfrom\\s*${spec}`, 'g'),
    new RegExp(`\\bimport\\s*\\(\\s*${spec}\\s*\\)`, 'g'),
    new RegExp(`\\bimport\\s*${spec}`, 'g'),
    new RegExp(`\\brequire\\s*\\(\\s*${spec}\\s*\\)`, 'g'),
  ];
  const found = new Set<string>();
  for (const re of patterns) for (const m of code.matchAll(re)) if (builtins.has(m[1]!)) found.add(m[1]!);
  return [...found].sort();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port). `isolated` adds Cross-Origin-Opener-Policy:
 * same-origin and Cross-Origin-Embedder-Policy: require-corp, which give the page
 * SharedArrayBuffer (crossOriginIsolated).
 */
export async function serveStatic(dir: string, isolated: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (relative(dir, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's Chromium, headless, through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
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
