/** `actlab lab`: serves the built lab with cross-origin isolation, and nothing outside it. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStatic } from '../../src/cli/commands/lab.js';
import { actlab } from '../cli/run.js';
import { startLab, type LabServer } from './serve.js';

const built = new URL('../../dist/lab/index.html', import.meta.url).pathname;

describe('actlab lab', () => {
  let lab: LabServer;
  beforeAll(async () => {
    if (!existsSync(built)) throw new Error(`the lab is not built (${built} is missing): run npm run build`);
    lab = await startLab();
  });
  afterAll(() => lab?.stop());

  it('prints a local URL and serves the page with COOP/COEP, so the page is cross-origin isolated', async () => {
    expect(lab.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(lab.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const html = await res.text();
    expect(html).toMatch(/<div id="app">/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(lab.url + script);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('answers 404 outside the lab folder and 405 to other methods', async () => {
    expect((await fetch(lab.url + 'nope.js')).status).toBe(404);
    expect((await fetch(lab.url + '..%2f..%2fpackage.json')).status).toBe(404);
    expect((await fetch(lab.url, { method: 'POST' })).status).toBe(405);
    const root = new URL('../../dist/lab/', import.meta.url).pathname;
    expect(resolveStatic(root, '/../../package.json')).toBeNull();
    expect(resolveStatic(root, '/%2e%2e/cli/main.js')).toBeNull();
    expect(resolveStatic(root, '/')).toBe(`${root}index.html`);
  });

  it('a port in use is a one-line usage error (exit 2)', () => {
    const port = new URL(lab.url).port;
    const r = actlab('lab', '--port', port);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`actlab lab: port ${port} on 127.0.0.1 is in use (try --port 0 for a free one)`);
    expect(actlab('lab', '--port', '70000').status).toBe(2);
  });
});
