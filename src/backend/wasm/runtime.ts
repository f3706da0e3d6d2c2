/**
 * The WASM-SIMD runtime: compiles wasm/actlab-relaxed.wasm (or wasm/actlab.wasm, see
 * WasmSimdLevel) once, instantiates it on a `WebAssembly.Memory`, and bundles the allocator and
 * the typed kernels into one explicit object. `getWasmRuntime()` / `loadWasmRuntime()` return the
 * one lazily created default instance; `createWasmRuntime()` makes an independent one (its own memory).
 *
 * The .wasm files are found relative to this module (`new URL('../../../wasm/…', import.meta.url)`,
 * the same depth from src/ and dist/, and the pattern bundlers such as Vite rewrite into an emitted
 * asset). Node reads them synchronously through the platform seam (src/platform), so the backend is
 * ready at import; browsers fetch and compile them asynchronously (createWasmRuntimeAsync, `init()`).
 *
 * The memory is shared where the host allows it (Node; cross-origin isolated pages), which helper
 * threads need and which never detaches tensor views when it grows. Elsewhere it is an ordinary
 * memory (unsharedMemoryImport flips the module's import): growable without detaching views where
 * the engine has `Memory.prototype.toResizableBuffer`, else of a fixed size.
 */
import { platform } from '../../platform/index.js';
import { envSetting } from '../../platform/env.js';
import { WasmAllocator } from './allocator.js';
import {
  createActivationKernels, createPreluChannels, type WasmActivationKernels, type WasmChannelKernel,
} from './activations.js';
import type { WasmExports } from './exports.js';
import { createKernels, type ThreadState, type WasmKernels } from './kernels.js';
import { unsharedMemoryImport } from './memory-import.js';
import { GemmThreads } from './threads.js';
import { webAssemblyApi, type WasmMemory, type WasmModule, type WebAssemblyApi } from './wasm-api.js';

export interface WasmRuntimeOptions {
  /** Initial memory in MiB (default 16). */
  readonly initialMiB?: number;
  /**
   * Maximum memory in MiB (default 4096, the wasm32 limit). An unshared memory on an engine
   * without resizable buffers cannot grow without detaching every tensor, so it gets this size
   * up front (default there: 1024, halved down to 128 until the engine grants it).
   */
  readonly maximumMiB?: number;
  /** A compiled module to instantiate instead of reading the .wasm file. */
  readonly module?: WasmModule;
  /** The .wasm bytes instead of reading (Node) or fetching (browsers) the .wasm file. */
  readonly bytes?: Uint8Array;
  /** Where to read the .wasm of the chosen level from instead of next to this module (e.g. a CDN). */
  readonly url?: (level: WasmSimdLevel) => URL | string;
  /** Which build to read (default: chooseSimdLevel()); ignored with `module` or `bytes`. */
  readonly simd?: WasmSimdLevel;
  /**
   * Shared memory (needed for helper threads). Default: shared where the host allows it (Node,
   * cross-origin isolated pages), else unshared. `true` where it is unavailable is an error.
   */
  readonly shared?: boolean;
}

export interface WasmRuntime {
  readonly module: WasmModule;
  /** The build this runtime runs (read from the module itself). */
  readonly simd: WasmSimdLevel;
  readonly memory: WasmMemory;
  /** Whether `memory` is shared (helper threads need it). */
  readonly shared: boolean;
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
   * Starts `count` helper threads (Node worker_threads or Web Workers on the same memory) that
   * large GEMMs are split over, and resolves when they are ready; with the count already running
   * (or requested) it only waits for them. Another count replaces the pool. Needs shared memory.
   */
  enableThreads(count?: number): Promise<void>;
  /**
   * Asks for `count` helper threads started at the first GEMM rather than now, so a process that
   * never multiplies matrices never starts them (what the default backend does); 0 stops them.
   */
  requestThreads(count: number): void;
  /** Stops the helper threads (GEMM runs on the calling thread again). */
  disableThreads(): Promise<void>;
  /** Helper threads running, starting or requested (0: single-threaded; also after they failed to start). */
  readonly threads: number;
  /** Why the helper threads could not start, or null. */
  readonly threadFailure: Error | null;
  /** GEMMs the current pool has split over its helpers (diagnostics and tests). */
  readonly threadedGemms: number;
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
 * enough: V8 reads wasm features at each compile. The platform sets it where there is such a
 * switch (Node); returns whether relaxed SIMD now validates.
 */
function enableRelaxedSimd(): boolean {
  return platform().enableRelaxedSimd() && wasmRelaxedSimdSupported();
}

/**
 * Which build to load: `relaxed` (wasm/actlab-relaxed.wasm: fused multiply-add and lane select)
 * where the engine has relaxed SIMD, else `baseline` (wasm/actlab.wasm). Same kernels, same
 * accuracy bounds; relaxed is 1.3–1.4× faster on the transcendental ones.
 */
export type WasmSimdLevel = 'baseline' | 'relaxed';

/**
 * The level to load: `requested`, else `ACTLAB_WASM_SIMD` (baseline | relaxed), else the best
 * this engine runs (in Node 20 after enabling relaxed SIMD, see enableRelaxedSimd).
 * Asking for `relaxed` where it cannot run is an error, not a silent fallback.
 */
export function chooseSimdLevel(requested: WasmSimdLevel | undefined = simdLevelFromEnv()): WasmSimdLevel {
  if (requested === 'baseline') return 'baseline';
  if (wasmRelaxedSimdSupported() || enableRelaxedSimd()) return 'relaxed';
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

/**
 * URL of the compiled kernels of one build, next to this module's package. Two literal
 * `new URL(…, import.meta.url)` expressions, the form bundlers recognise and emit as assets.
 */
export function wasmUrl(level: WasmSimdLevel = 'baseline'): URL {
  return level === 'relaxed'
    ? new URL('../../../wasm/actlab-relaxed.wasm', import.meta.url)
    : new URL('../../../wasm/actlab.wasm', import.meta.url);
}

/** Path of the compiled kernels of one build (Node). */
export function wasmFilePath(level: WasmSimdLevel = 'baseline'): string {
  return platform().filePath(wasmUrl(level));
}

/** The actlab package root (Node): three folders above this module, from src/ and dist/ alike. */
export function findPackageRoot(): string {
  return platform()
    .filePath(new URL('../../../', import.meta.url))
    .replace(/[\\/]+$/, '');
}

function urlFor(options: WasmRuntimeOptions, level: WasmSimdLevel): URL {
  const custom = options.url?.(level);
  if (custom === undefined || custom instanceof URL) return custom ?? wasmUrl(level);
  // A relative string is relative to the page, as in fetch().
  return new URL(custom, (globalThis as { location?: { href?: string } }).location?.href);
}

function readWasmBytes(options: WasmRuntimeOptions, level: WasmSimdLevel): Uint8Array {
  const read = platform().readFileSync;
  const url = urlFor(options, level);
  if (read === null) {
    throw new Error(
      `wasm runtime: this host loads ${url.href} asynchronously; use createWasmRuntimeAsync() or \`await init()\``,
    );
  }
  try {
    return read(url);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      const path = platform().filePath(url);
      throw new Error(`wasm runtime: ${path} is missing; build it with \`npm run build:wasm\``, { cause: e });
    }
    throw e;
  }
}

async function fetchWasmBytes(options: WasmRuntimeOptions, level: WasmSimdLevel): Promise<Uint8Array> {
  const url = urlFor(options, level);
  try {
    return await platform().fetchBytes(url);
  } catch (e) {
    const why = (e as { code?: string }).code === 'ENOENT' ? 'missing; build it with `npm run build:wasm`' : (e as Error).message;
    throw new Error(`wasm runtime: cannot load ${url.href}: ${why}`, { cause: e });
  }
}

interface RuntimeMemory {
  readonly memory: WasmMemory;
  readonly maximumBytes: number;
  readonly shared: boolean;
}

function checkSizes(initialMiB: number, maximumMiB: number): void {
  if (!(initialMiB > 0) || !(maximumMiB >= initialMiB) || maximumMiB > 4096) {
    throw new RangeError(
      `wasm runtime: need 0 < initialMiB <= maximumMiB <= 4096, got initialMiB ${initialMiB}, maximumMiB ${maximumMiB}`,
    );
  }
}

const pages = (mib: number): number => Math.floor((mib * MIB) / PAGE);

function memoryFor(wa: WebAssemblyApi, options: WasmRuntimeOptions, shared: boolean): RuntimeMemory {
  const initialMiB = options.initialMiB ?? 16;
  if (shared) {
    const maximumMiB = options.maximumMiB ?? 4096;
    checkSizes(initialMiB, maximumMiB);
    const memory = new wa.Memory({ initial: Math.ceil((initialMiB * MIB) / PAGE), maximum: pages(maximumMiB), shared });
    return { memory, maximumBytes: pages(maximumMiB) * PAGE, shared };
  }
  const probe = new wa.Memory({ initial: 0, maximum: 1 });
  if (typeof probe.toResizableBuffer === 'function') {
    // Growing a memory whose buffer is resizable keeps the buffer (and every view on it) valid.
    const maximumMiB = options.maximumMiB ?? 4096;
    checkSizes(initialMiB, maximumMiB);
    const memory = new wa.Memory({ initial: Math.ceil((initialMiB * MIB) / PAGE), maximum: pages(maximumMiB) });
    memory.toResizableBuffer!();
    return { memory, maximumBytes: pages(maximumMiB) * PAGE, shared };
  }
  // Growing would detach every tensor's view: take the whole size now (allocated lazily by the OS).
  let mib = options.maximumMiB ?? 1024;
  checkSizes(Math.min(initialMiB, mib), mib);
  for (;;) {
    try {
      const memory = new wa.Memory({ initial: pages(mib), maximum: pages(mib) });
      return { memory, maximumBytes: pages(mib) * PAGE, shared };
    } catch (e) {
      if (options.maximumMiB !== undefined || mib <= 128) {
        throw new Error(`wasm runtime: cannot allocate a fixed ${mib} MiB memory (${(e as Error).message})`, { cause: e });
      }
      mib /= 2;
    }
  }
}

function assemble(wa: WebAssemblyApi, module: WasmModule, options: WasmRuntimeOptions, shared: boolean): WasmRuntime {
  const { memory, maximumBytes } = memoryFor(wa, options, shared);
  const instance = new wa.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as WasmExports;
  // Keep the first 64 KiB (static data, probe scratch) away from the heap even if the module's
  // data grows a little: the allocator starts at the larger of that and the module's heap base.
  const heap = new WasmAllocator(memory, Math.max(exports.heap_base(), 64 * 1024), maximumBytes);
  const threads = threadControl(module, memory, exports, heap, shared);
  return {
    module,
    simd: exports.simd_level() === 1 ? 'relaxed' : 'baseline',
    memory,
    shared,
    exports,
    heap,
    kernels: createKernels(exports, heap, threads.state),
    activations: createActivationKernels(exports, heap),
    preluChannels: createPreluChannels(exports, heap),
    enableThreads: (count = 1) => threads.enable(count),
    requestThreads: (count) => threads.request(count),
    disableThreads: () => threads.disable(),
    get threads() {
      return threads.count();
    },
    get threadFailure() {
      return threads.failure();
    },
    get threadedGemms() {
      return threads.jobs();
    },
  };
}

/**
 * The runtime's helper-thread pool. `state.pool` is what the GEMM kernel reads on each call; a
 * requested pool is started on that first read (so on the first GEMM), not when requested.
 */
function threadControl(
  module: WasmModule,
  memory: WasmMemory,
  exports: WasmExports,
  heap: WasmAllocator,
  shared: boolean,
) {
  let pool: GemmThreads | null = null;
  let requested = 0;
  let startError: Error | null = null;
  const check = (count: number): void => {
    if (!Number.isInteger(count) || count < 0 || count > 64) {
      throw new RangeError(`wasm threads: count must be an integer from 0 to 64, got ${count}`);
    }
    if (count > 0 && !shared) {
      const why = wasmSharedMemorySupported() ? 'it was created with shared: false' : platform().sharedMemoryHint;
      throw new Error(`wasm threads: helper threads need shared memory, and this runtime's is not shared (${why})`);
    }
  };
  const start = (): GemmThreads | null => {
    if (pool === null && requested > 0) {
      const count = requested;
      requested = 0;
      try {
        pool = GemmThreads.start(module, memory, exports, heap, count);
      } catch (e) {
        startError = e as Error;
      }
    }
    return pool;
  };
  const stop = async (): Promise<void> => {
    const old = pool;
    pool = null;
    requested = 0;
    startError = null;
    await old?.stop();
  };
  const state: ThreadState = {
    get pool() {
      return start();
    },
    set pool(p) {
      pool = p;
    },
  };
  return {
    state,
    async enable(count: number): Promise<void> {
      check(count);
      if (count === 0) return stop();
      if ((pool?.count ?? requested) !== count || pool?.failure) await stop();
      requested = pool === null ? count : 0;
      const p = start();
      if (p === null) throw startError ?? new Error('wasm threads: the pool did not start');
      try {
        await p.ready();
      } catch (e) {
        await stop();
        throw e;
      }
    },
    request(count: number): void {
      check(count);
      if (pool !== null && pool.count === count && !pool.failure) return;
      const old = pool;
      pool = null;
      requested = count; // synchronously: a loop that starts right away still gets the threads
      startError = null;
      void old?.stop();
    },
    disable: stop,
    count: (): number => (pool === null ? requested : pool.failure ? 0 : pool.count),
    failure: (): Error | null => pool?.failure ?? startError,
    jobs: (): number => pool?.jobs ?? 0,
  };
}

/** The engine's WebAssembly and whether the memory will be shared, or an error saying what is missing. */
function supportedApi(options: WasmRuntimeOptions): { wa: WebAssemblyApi; shared: boolean } {
  const wa = webAssemblyApi();
  if (!wa || !wasmSimdSupported()) throw new Error('wasm runtime: this engine does not support WebAssembly SIMD');
  const available = wasmSharedMemorySupported();
  if (options.shared === true && !available) {
    throw new Error(`wasm runtime: shared WebAssembly memory is unavailable (${platform().sharedMemoryHint})`);
  }
  return { wa, shared: options.shared ?? available };
}

/** The module's bytes as this runtime's memory needs them (the build imports a shared memory). */
const linkable = (bytes: Uint8Array, shared: boolean): Uint8Array => (shared ? bytes : unsharedMemoryImport(bytes));

/** A new, independent runtime (own memory and heap), compiled synchronously (Node, or given `bytes`/`module`). */
export function createWasmRuntime(options: WasmRuntimeOptions = {}): WasmRuntime {
  const { wa, shared } = supportedApi(options);
  const module =
    options.module ??
    new wa.Module(linkable(options.bytes ?? readWasmBytes(options, chooseSimdLevel(options.simd)), shared));
  return assemble(wa, module, options, shared);
}

/** A new, independent runtime, fetched and compiled asynchronously (what browsers need). */
export async function createWasmRuntimeAsync(options: WasmRuntimeOptions = {}): Promise<WasmRuntime> {
  const { wa, shared } = supportedApi(options);
  const module =
    options.module ??
    (await wa.compile(
      linkable(options.bytes ?? (await fetchWasmBytes(options, chooseSimdLevel(options.simd))), shared),
    ));
  return assemble(wa, module, options, shared);
}

/** The one default runtime, created on first use (the only module-level state of the backend). */
const defaultRuntime: { instance: WasmRuntime | null; pending: Promise<WasmRuntime> | null } = {
  instance: null,
  pending: null,
};

/** The default runtime, compiling it synchronously on first use (Node). */
export function getWasmRuntime(options?: WasmRuntimeOptions): WasmRuntime {
  defaultRuntime.instance ??= createWasmRuntime(options);
  return defaultRuntime.instance;
}

/** The default runtime, compiling it asynchronously on first use; `options` apply to that first creation. */
export async function loadWasmRuntime(options?: WasmRuntimeOptions): Promise<WasmRuntime> {
  if (defaultRuntime.instance) return defaultRuntime.instance;
  defaultRuntime.pending ??= createWasmRuntimeAsync(options).then(
    (rt) => (defaultRuntime.instance ??= rt),
    (e: unknown) => {
      defaultRuntime.pending = null; // let a later call try again
      throw e;
    },
  );
  return defaultRuntime.pending;
}
