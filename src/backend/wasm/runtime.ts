/**
 * The WASM-SIMD runtime: compiles wasm/actlab-relaxed.wasm (or wasm/actlab.wasm, see
 * WasmSimdLevel) once, instantiates it on a shared `WebAssembly.Memory`, and bundles the
 * allocator and the typed kernels into one explicit object. `getWasmRuntime()` / `loadWasmRuntime()` return the one lazily created default
 * instance; `createWasmRuntime()` makes an independent one (its own memory).
 *
 * The .wasm is found relative to the package root (the nearest folder above this file whose
 * package.json is actlab's), so the same code works from src/ (tsx, vitest) and dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { envSetting } from '../../util/env.js';
import { WasmAllocator } from './allocator.js';
import {
  createActivationKernels, createPreluChannels, type WasmActivationKernels, type WasmChannelKernel,
} from './activations.js';
import type { WasmExports } from './exports.js';
import { createKernels, type ThreadState, type WasmKernels } from './kernels.js';
import { GemmThreads } from './threads.js';
import { webAssemblyApi, type WasmMemory, type WasmModule, type WebAssemblyApi } from './wasm-api.js';

export interface WasmRuntimeOptions {
  /** Initial memory in MiB (default 16). */
  readonly initialMiB?: number;
  /** Maximum memory in MiB (default 4096, the wasm32 limit); a shared memory must declare one. */
  readonly maximumMiB?: number;
  /** A compiled module to instantiate instead of reading the .wasm file. */
  readonly module?: WasmModule;
  /** The .wasm bytes (e.g. fetched in a browser) instead of reading the .wasm file. */
  readonly bytes?: Uint8Array;
  /** Which build to read (default: chooseSimdLevel()); ignored with `module` or `bytes`. */
  readonly simd?: WasmSimdLevel;
}

export interface WasmRuntime {
  readonly module: WasmModule;
  /** The build this runtime runs (read from the module itself). */
  readonly simd: WasmSimdLevel;
  readonly memory: WasmMemory;
  /** The raw exports (pointers are byte offsets); prefer `kernels` and `activations`. */
  readonly exports: WasmExports;
  /** alloc / free / owns / copyIn for Float32Arrays inside `memory`. */
  readonly heap: WasmAllocator;
  readonly kernels: WasmKernels;
  /** Fused forward/backward kernels keyed by activation id. */
  readonly activations: WasmActivationKernels;
  /** PReLU with a weight per channel. */
  readonly preluChannels: WasmChannelKernel;
  /**
   * Starts `count` helper threads (Node worker_threads on the same memory) that large GEMMs are
   * split over; resolves when they are ready. Calling it again replaces the pool.
   */
  enableThreads(count?: number): Promise<void>;
  /** Stops the helper threads (GEMM runs on the calling thread again). */
  disableThreads(): Promise<void>;
  /** Number of helper threads (0: single-threaded). */
  readonly threads: number;
}

const PAGE = 65536;
const MIB = 2 ** 20;

/** A module with one function `() -> v128` whose body is `code` (no locals; code < 128 bytes). */
function v128Probe(code: readonly number[]): Uint8Array {
  const body = [0x00, ...code, 0x0b]; // no locals, code, end
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
    0x03, 0x02, 0x01, 0x00, // function section
    0x0a, body.length + 2, 0x01, body.length, ...body, // code section
  ]);
}
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0
/** (v128.const 0) */
const SIMD_PROBE = v128Probe(V128_ZERO);
/** (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)): opcode 0xfd 0x105 */
const RELAXED_SIMD_PROBE = v128Probe([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02]);

/** True when this engine validates WebAssembly SIMD (v128) code. */
export function wasmSimdSupported(): boolean {
  return webAssemblyApi()?.validate(SIMD_PROBE) ?? false;
}

/** True when this engine validates relaxed SIMD (as it does by default from V8 11.4, Chrome 114, Node 22). */
export function wasmRelaxedSimdSupported(): boolean {
  return webAssemblyApi()?.validate(RELAXED_SIMD_PROBE) ?? false;
}

/**
 * Node 20's V8 (11.3) implements relaxed SIMD behind `--experimental-wasm-relaxed-simd`; the flag
 * only lets modules that use it validate (V8 11.4 shipped it on). Setting it at run time is
 * enough: V8 reads wasm features at each compile. Returns whether relaxed SIMD now validates.
 */
function enableRelaxedSimdInNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { v8?: string } } }).process;
  if (!proc?.versions?.v8) return false;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return wasmRelaxedSimdSupported();
}

/**
 * Which build to load: `relaxed` (wasm/actlab-relaxed.wasm: fused multiply-add and lane select)
 * where the engine has relaxed SIMD, else `baseline` (wasm/actlab.wasm). Same kernels, same
 * accuracy bounds; relaxed is 1.3–1.4× faster on the transcendental ones.
 */
export type WasmSimdLevel = 'baseline' | 'relaxed';

/**
 * The level to load: `requested`, else `ACTLAB_WASM_SIMD` (baseline | relaxed), else the best
 * this engine runs (in Node 20 after enabling relaxed SIMD, see enableRelaxedSimdInNode).
 * Asking for `relaxed` where it cannot run is an error, not a silent fallback.
 */
export function chooseSimdLevel(requested: WasmSimdLevel | undefined = simdLevelFromEnv()): WasmSimdLevel {
  if (requested === 'baseline') return 'baseline';
  if (wasmRelaxedSimdSupported() || enableRelaxedSimdInNode()) return 'relaxed';
  if (requested === 'relaxed') throw new Error('wasm runtime: this engine does not support relaxed SIMD');
  return 'baseline';
}

function simdLevelFromEnv(): WasmSimdLevel | undefined {
  const v = envSetting('ACTLAB_WASM_SIMD');
  if (v === undefined) return undefined;
  if (v !== 'baseline' && v !== 'relaxed') {
    throw new RangeError(`ACTLAB_WASM_SIMD: unknown level ${JSON.stringify(v)} (expected 'baseline' or 'relaxed')`);
  }
  return v;
}

/** True when shared WebAssembly memories can be created (browsers: cross-origin isolation). */
export function wasmSharedMemorySupported(): boolean {
  const wa = webAssemblyApi();
  if (!wa || typeof SharedArrayBuffer !== 'function') return false;
  try {
    return new wa.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** The actlab package root: the nearest folder above `from` whose package.json is named actlab. */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'actlab') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`wasm runtime: no actlab package.json above ${from}`);
  }
}

/** Path of the compiled kernels of one build. */
export function wasmFilePath(level: WasmSimdLevel = 'baseline'): string {
  return join(findPackageRoot(), 'wasm', level === 'relaxed' ? 'actlab-relaxed.wasm' : 'actlab.wasm');
}

function readWasmBytes(level: WasmSimdLevel): Uint8Array {
  const path = wasmFilePath(level);
  if (!existsSync(path)) {
    throw new Error(`wasm runtime: ${path} is missing; build it with \`npm run build:wasm\``);
  }
  return new Uint8Array(readFileSync(path));
}

function memoryFor(wa: WebAssemblyApi, options: WasmRuntimeOptions): { memory: WasmMemory; maximumBytes: number } {
  const initialMiB = options.initialMiB ?? 16;
  const maximumMiB = options.maximumMiB ?? 4096;
  if (!(initialMiB > 0) || !(maximumMiB >= initialMiB) || maximumMiB > 4096) {
    throw new RangeError(
      `wasm runtime: need 0 < initialMiB <= maximumMiB <= 4096, got initialMiB ${initialMiB}, maximumMiB ${maximumMiB}`,
    );
  }
  const initial = Math.ceil((initialMiB * MIB) / PAGE);
  const maximum = Math.floor((maximumMiB * MIB) / PAGE);
  const memory = new wa.Memory({ initial, maximum, shared: true });
  return { memory, maximumBytes: maximum * PAGE };
}

function assemble(wa: WebAssemblyApi, module: WasmModule, options: WasmRuntimeOptions): WasmRuntime {
  const { memory, maximumBytes } = memoryFor(wa, options);
  const instance = new wa.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as WasmExports;
  // Keep the first 64 KiB (static data, probe scratch) away from the heap even if the module's
  // data grows a little: the allocator starts at the larger of that and the module's heap base.
  const heap = new WasmAllocator(memory, Math.max(exports.heap_base(), 64 * 1024), maximumBytes);
  const threads: ThreadState = { pool: null };
  return {
    module,
    simd: exports.simd_level() === 1 ? 'relaxed' : 'baseline',
    memory,
    exports,
    heap,
    kernels: createKernels(exports, heap, threads),
    activations: createActivationKernels(exports, heap),
    preluChannels: createPreluChannels(exports, heap),
    async enableThreads(count = 1) {
      await this.disableThreads();
      threads.pool = await GemmThreads.start(module, memory, exports, heap, count);
    },
    async disableThreads() {
      const pool = threads.pool;
      threads.pool = null;
      await pool?.stop();
    },
    get threads() {
      return threads.pool?.count ?? 0;
    },
  };
}

function supportedApi(): WebAssemblyApi {
  const wa = webAssemblyApi();
  if (!wa || !wasmSimdSupported()) throw new Error('wasm runtime: this engine does not support WebAssembly SIMD');
  if (!wasmSharedMemorySupported()) {
    throw new Error('wasm runtime: shared WebAssembly memory is unavailable (browsers need cross-origin isolation)');
  }
  return wa;
}

/** A new, independent runtime (own memory and heap), compiled synchronously. */
export function createWasmRuntime(options: WasmRuntimeOptions = {}): WasmRuntime {
  const wa = supportedApi();
  const module = options.module ?? new wa.Module(options.bytes ?? readWasmBytes(chooseSimdLevel(options.simd)));
  return assemble(wa, module, options);
}

/** A new, independent runtime, compiled asynchronously (off the main thread where possible). */
export async function createWasmRuntimeAsync(options: WasmRuntimeOptions = {}): Promise<WasmRuntime> {
  const wa = supportedApi();
  const module = options.module ?? (await wa.compile(options.bytes ?? readWasmBytes(chooseSimdLevel(options.simd))));
  return assemble(wa, module, options);
}

/** The one default runtime, created on first use (the only module-level state of the backend). */
const defaultRuntime: { instance: WasmRuntime | null; pending: Promise<WasmRuntime> | null } = {
  instance: null,
  pending: null,
};

/** The default runtime, compiling it synchronously on first use. */
export function getWasmRuntime(): WasmRuntime {
  defaultRuntime.instance ??= createWasmRuntime();
  return defaultRuntime.instance;
}

/** The default runtime, compiling it asynchronously on first use. */
export async function loadWasmRuntime(): Promise<WasmRuntime> {
  if (defaultRuntime.instance) return defaultRuntime.instance;
  defaultRuntime.pending ??= createWasmRuntimeAsync().then((rt) => (defaultRuntime.instance ??= rt));
  return defaultRuntime.pending;
}
