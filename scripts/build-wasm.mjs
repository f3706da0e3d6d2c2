#!/usr/bin/env node
// Compiles the WASM-SIMD kernels (AssemblyScript sources in src/backend/wasm/assembly/*.as)
// into wasm/actlab.wasm and wasm/actlab-relaxed.wasm (two feature levels, see `variants`).
// Offline and a few seconds; run by `npm run build:wasm` and before tsc in `npm run build`.
//
//   node scripts/build-wasm.mjs             build
//   node scripts/build-wasm.mjs --if-stale  build only if the .wasm is missing or older than a source
//   node scripts/build-wasm.mjs --wat       also write the .wat text of each (for reading the output)
//
// Why `.as` and not `.ts`: the AssemblyScript dialect (f32, v128, @inline, load<T>) is not
// TypeScript; with a .ts extension tsc and eslint, which cover src/, would try to check it.
// The compiler's readFile hook below maps the `.ts` names it asks for to the `.as` files.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'backend', 'wasm', 'assembly');
const outDir = join(root, 'wasm');
const outFiles = ['actlab.wasm', 'actlab-relaxed.wasm'].map((f) => join(outDir, f));

const args = new Set(process.argv.slice(2));

function isStale() {
  if (!outFiles.every((f) => existsSync(f))) return true;
  const built = Math.min(...outFiles.map((f) => statSync(f).mtimeMs));
  const inputs = [fileURLToPath(import.meta.url), ...readdirSync(srcDir).map((f) => join(srcDir, f))];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

// --if-stale runs from parallel test workers: one builds under a lock directory, the others wait
// for it and then find the module fresh.
const lockDir = join(outDir, '.build.lock');
if (args.has('--if-stale')) {
  if (!isStale()) process.exit(0);
  mkdirSync(outDir, { recursive: true });
  for (const started = Date.now(); ;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 120_000)
        rmSync(lockDir, { recursive: true, force: true }); // a crashed builder
      else if (Date.now() - started > 180_000)
        throw new Error('build:wasm: timed out waiting for another build', { cause: e });
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (!isStale()) process.exit(0);
    }
  }
  process.on('exit', () => rmSync(lockDir, { recursive: true, force: true }));
}

const { default: asc } = await import('assemblyscript/asc');
const started = performance.now();
const outputs = new Map();

// Two builds of the same sources. `actlab-relaxed.wasm` enables relaxed SIMD, where simd.as turns
// `madd` into a fused multiply-add and `sel` into a lane select (1.3–1.4× on the polynomial
// kernels, bench/RESULTS.md); `actlab.wasm` is for engines without it. runtime.ts picks one.
const variants = [
  { file: 'actlab.wasm', features: [] },
  { file: 'actlab-relaxed.wasm', features: ['--enable', 'relaxed-simd'] },
];
for (const { file, features } of variants) {
  const ascArgs = [
    'index.ts',
    '--outFile',
    file,
    ...(args.has('--wat') ? ['--textFile', file.replace(/\.wasm$/, '.wat')] : []),
    '-O3',
    '--noAssert',
    // A name section (function names, ~2.5 KiB; the code section is byte-identical without it):
    // `node --cpu-prof` and the bench profiler (bench/profile.ts) then show micro6, packA, … by
    // name instead of wasm-function[N].
    '--debug',
    '--runtime',
    'stub', // no GC, no managed objects: kernels only touch raw memory
    '--enable',
    'simd',
    '--enable',
    'threads',
    ...features,
    // The memory is created by the runtime (shared, growable) and imported; maximumMemory must
    // cover the largest maximum the runtime may ask for (65536 pages = 4 GiB).
    '--importMemory',
    '--sharedMemory',
    '--initialMemory',
    '1',
    '--maximumMemory',
    '65536',
    '--disableWarning',
    '112', // "v128 values in signatures": only the entry file's exports matter
  ];
  const { error, stderr } = await asc.main(ascArgs, {
    readFile(name) {
      const path = join(srcDir, name.replace(/\.ts$/, '.as'));
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    },
    writeFile(name, contents) {
      outputs.set(name, contents);
    },
    listFiles() {
      return [];
    },
  });
  if (error) {
    process.stderr.write(stderr.toString());
    console.error(`build:wasm: ${file}: ${error.message}`);
    process.exit(1);
  }
}

mkdirSync(outDir, { recursive: true });
for (const [name, contents] of outputs) {
  // Write then rename, so a concurrent reader (parallel test workers) never sees half a file.
  const tmp = join(outDir, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, contents);
  renameSync(tmp, join(outDir, name));
}
const sizes = variants.map(({ file }) => `wasm/${file} (${((outputs.get(file)?.length ?? 0) / 1024).toFixed(0)} KiB)`);
console.log(`build:wasm: ${sizes.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
