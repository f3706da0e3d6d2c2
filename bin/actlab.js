#!/usr/bin/env node
// Entry point of the `actlab` command: runs the compiled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    'actlab: the CLI is not built yet; run `npm run build` (npm install does it) in ' +
      fileURLToPath(new URL('..', import.meta.url)),
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
