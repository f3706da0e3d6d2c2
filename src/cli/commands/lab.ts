/**
 * `actlab lab`: serves the web lab built into the package (dist/lab, made by `npm run build`)
 * from a small static server, with the cross-origin-isolation headers (COOP/COEP) that let the
 * page use SharedArrayBuffer — the WASM backend's shared memory and its threads. No dev server,
 * no network beyond the port it listens on.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { intArg } from '../options.js';
import { print } from '../output.js';

const DEFAULT_PORT = 5180;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Cross-origin isolation: without both headers `crossOriginIsolated` is false and SharedArrayBuffer is absent. */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** The built lab shipped with the package: dist/lab next to dist/cli (also found from src/ under tsx). */
export function labDirectory(): string | null {
  for (const rel of ['../../lab/', '../../../dist/lab/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** The file a URL path names inside `root`, or null when it escapes it or does not exist. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function handle(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...ISOLATION }).end();
    return;
  }
  const file = resolveStatic(root, req.url ?? '/');
  if (file === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION }).end('not found\n');
    return;
  }
  // Hashed build assets never change under their name; the page itself is revalidated.
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...ISOLATION,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/** Starts the server; resolves with its URL once it listens. */
export function serveLab(root: string, port: number, host: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => handle(root, req, res));
  return new Promise((resolvePromise, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(new UsageError(`port ${port} on ${host} is in use (try --port 0 for a free one)`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
        reject(new UsageError(`cannot listen on host ${host} (${e.code}); try --host 127.0.0.1`));
      else reject(e);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolvePromise({ server, url: `http://${shown}:${actual}/` });
    });
  });
}

export function register(program: Command): void {
  program
    .command('lab')
    .summary('serve the web lab (explorer, playground, adversarial demo) on a local port')
    .description(
      'Serves the web lab built into the package (dist/lab) with the headers that make the page cross-origin isolated ' +
        '(COOP/COEP), so the library runs on its WASM backend with shared memory in the browser. Prints the URL and ' +
        'serves until interrupted (Ctrl-C). Everything computes in the page; the server only sends files.',
    )
    .addOption(
      new Option('--port <n>', 'port to listen on (0: any free port)')
        .argParser(intArg(0, 65535))
        .default(DEFAULT_PORT),
    )
    .addOption(
      new Option('--host <address>', 'address to listen on (0.0.0.0 to reach it from other machines)').default(
        '127.0.0.1',
      ),
    )
    .action(async (o: { port: number; host: string }) => {
      const root = labDirectory();
      if (root === null) throw new UsageError('the lab is not built (no dist/lab/index.html); run `npm run build`');
      const { server, url } = await serveLab(root, o.port, o.host);
      print(`actlab lab: serving ${url}  (cross-origin isolated; Ctrl-C to stop)`);
      await new Promise<void>((done) => {
        const stop = () => server.close(() => done());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
