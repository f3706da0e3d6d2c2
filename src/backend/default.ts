/**
 * Chooses the float32 backend: the WASM-SIMD one where the engine has WebAssembly SIMD and its
 * kernels load, else the `js` reference. float64 and int32 always run on `js` (registry.ts).
 *
 * - Node: selected synchronously when actlab is imported (the .wasm is read from disk); helper
 *   threads for large GEMMs start in the background. `await init()` waits for them.
 * - Browsers: WebAssembly is compiled asynchronously, so `js` runs until `await init()` has
 *   fetched and compiled the kernels. Without cross-origin isolation the WASM memory is not shared:
 *   the kernels run single-threaded.
 *
 * `backendInfo()` says which backend runs, with which SIMD build and how many helper threads, and
 * why nothing faster was taken.
 *
 * Switches (environment variables in Node, URL query parameters in browsers; `init()` options win):
 * `ACTLAB_BACKEND=js` (debugging: every kernel in plain TypeScript) or `=wasm` (fail loudly instead
 * of falling back); `ACTLAB_WASM_SIMD=baseline` (the kernels built without relaxed SIMD);
 * `ACTLAB_WASM_THREADS=N` helper threads (default: cores − 1, at most 7; the experiment pool gives
 * its workers none when they fill the cores); `ACTLAB_WASM_GRADIENTS=exact` (see GradientMode in
 * wasm/backend.ts). At run time: `setBackend('js' | 'wasm')`.
 * Imported once, for its effect, by src/index.ts (and by experiment workers).
 */
import { platform } from '../platform/index.js';
import { envSetting } from '../platform/env.js';
import { backendState, registerBackend, setBackend } from './registry.js';
import { createWasmBackend, type GradientMode, type WasmBackend } from './wasm/backend.js';
import {
  getWasmRuntime,
  loadWasmRuntime,
  wasmRelaxedSimdSupported,
  wasmSimdSupported,
  type WasmRuntime,
  type WasmSimdLevel,
} from './wasm/runtime.js';

/** What runs float32 work, from {@link backendInfo}. */
export interface BackendInfo {
  /** The active float32 backend: 'wasm', 'js', or a backend registered by the user. */
  readonly backend: string;
  /** The WASM build running ('relaxed': fused multiply-add), or null when float32 does not run on wasm. */
  readonly simd: WasmSimdLevel | null;
  /** Helper threads that large GEMMs are split over (0: they run on the calling thread alone). */
  readonly threads: number;
  /** Whether the WASM memory is shared (helper threads need it; browsers: cross-origin isolation). */
  readonly sharedMemory: boolean;
  /** False until the selection is final: in a browser before `await init()`, in Node while helper threads start. */
  readonly ready: boolean;
  /** Why this backend and configuration, and why a faster one was not taken. */
  readonly reason: string;
}

/** Options of {@link init}; each overrides its `ACTLAB_*` switch. */
export interface InitOptions {
  /** 'wasm' fails if the WASM backend cannot run; 'js' selects the reference backend. Default: the fastest. */
  readonly backend?: 'wasm' | 'js';
  /** WASM build (default: relaxed where the engine has it). Fixed once the kernels are loaded. */
  readonly simd?: WasmSimdLevel;
  /** Helper threads for large GEMMs, 0–64 (default: cores − 1, at most 7, where the memory is shared). */
  readonly threads?: number;
  /** Gradient mode of the WASM backend (default 'fast'). */
  readonly gradients?: GradientMode;
  /**
   * Where to fetch the .wasm of a SIMD level from (default: next to the module, which bundlers
   * such as Vite and webpack emit as an asset; a bundler that does not needs this, e.g. a CDN URL).
   */
  readonly wasmUrl?: (level: WasmSimdLevel) => URL | string;
}

/** Most helper threads started by default: each costs a thread and a module instance. */
const MAX_DEFAULT_THREADS = 7;

/** The one state of the default selection. */
const selection: {
  chosen: string;
  reason: string;
  threadsNote: string;
  threadsPlanned: number;
  /** The last explicit thread count (kept by a later init() without one); undefined: the default. */
  threadRequest: ThreadRequest | undefined;
  ready: boolean;
} = {
  chosen: 'js',
  reason: 'not selected yet',
  threadsNote: '',
  threadsPlanned: 0,
  threadRequest: undefined,
  ready: false,
};

const wasmBackend = (): WasmBackend | undefined => backendState.available.get('wasm') as WasmBackend | undefined;

function parseBackend(where: string, v: string | undefined): 'wasm' | 'js' | undefined {
  if (v !== undefined && v !== 'js' && v !== 'wasm') {
    throw new RangeError(`${where}: unknown backend ${JSON.stringify(v)} (expected 'js' or 'wasm')`);
  }
  return v;
}

function parseThreads(where: string, v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 64) {
    throw new RangeError(`${where}: expected an integer from 0 to 64, got ${JSON.stringify(v)}`);
  }
  return n;
}

function parseGradients(where: string, v: string | undefined): GradientMode | undefined {
  if (v !== undefined && v !== 'fast' && v !== 'exact') {
    throw new RangeError(`${where}: unknown mode ${JSON.stringify(v)} (expected 'fast' or 'exact')`);
  }
  return v;
}

const envThreads = (): ThreadRequest | undefined => {
  const v = envSetting('ACTLAB_WASM_THREADS');
  if (v === undefined) return undefined;
  const count = parseThreads('ACTLAB_WASM_THREADS', v);
  return { count, source: `ACTLAB_WASM_THREADS=${count}` };
};
const envGradients = (): GradientMode =>
  parseGradients('ACTLAB_WASM_GRADIENTS', envSetting('ACTLAB_WASM_GRADIENTS')) ?? 'fast';

/** A thread count asked for explicitly, and where (for the reason). */
interface ThreadRequest {
  readonly count: number;
  readonly source: string;
}

/** How many helper threads to run and, when that is fewer than the cores allow, why. */
function planThreads(runtime: WasmRuntime, requested: ThreadRequest | undefined) {
  const cores = platform().cores();
  const wanted = requested?.count ?? Math.min(cores - 1, MAX_DEFAULT_THREADS);
  let why = '';
  if (requested !== undefined) why = requested.source;
  else if (cores <= 1) why = '1 core';
  else if (wanted < cores - 1) why = `at most ${MAX_DEFAULT_THREADS} by default`;
  if (wanted > 0 && !runtime.shared) {
    return { count: 0, why: `no shared WASM memory: ${platform().sharedMemoryHint}` };
  }
  return { count: wanted, why };
}

function describeThreads(count: number, why: string): string {
  const n = `${count} helper thread${count === 1 ? '' : 's'}`;
  return why ? `${n} (${why})` : n;
}

/**
 * Matches the helper threads to the plan. `now` false (at import): they are requested, and start
 * with the first GEMM. `now` true (init): they start and are waited for; a failure becomes the
 * note (and a warning when the count was asked for), not an error: the kernels still run.
 */
async function applyThreads(runtime: WasmRuntime, requested: ThreadRequest | undefined, now: boolean): Promise<void> {
  const { count, why } = planThreads(runtime, requested);
  selection.threadsNote = describeThreads(count, why);
  selection.threadsPlanned = count;
  selection.threadRequest = requested;
  if (!now) return runtime.requestThreads(count);
  try {
    await runtime.enableThreads(count);
  } catch (e) {
    selection.threadsNote = `0 helper threads (${count} did not start: ${(e as Error).message})`;
    if (requested !== undefined) console.warn(`actlab: ${requested.source}: ${selection.threadsNote}`);
  }
}

/** Why the active backend is not the fastest one, when it is js. */
function wasmProblem(): string | null {
  return wasmSimdSupported() ? null : 'WebAssembly SIMD is not supported by this engine';
}

function choose(name: string, reason: string, ready = true): string {
  selection.chosen = setBackend(name).name;
  selection.reason = reason;
  selection.ready = ready;
  return selection.chosen;
}

/**
 * Registers the wasm backend when it can run and makes it active unless `choice` (default
 * `ACTLAB_BACKEND`) is 'js'. Synchronous: where the host can only load WebAssembly asynchronously
 * (browsers) it leaves `js` active until {@link init}. Safe to call again (it re-reads the environment).
 */
export function selectDefaultBackend(
  choice: string | undefined = parseBackend('ACTLAB_BACKEND', envSetting('ACTLAB_BACKEND')),
): string {
  const backend = parseBackend('ACTLAB_BACKEND', choice);
  const source = choice === undefined ? '' : `ACTLAB_BACKEND=${choice}`;
  if (!wasmBackend()) {
    if (platform().readFileSync === null) {
      return choose('js', source || 'the WASM kernels load asynchronously here: call `await init()`', backend === 'js');
    }
    const gradients = envGradients();
    const threads = envThreads();
    const problem = wasmProblem();
    if (problem === null) {
      try {
        const wasm = createWasmBackend(getWasmRuntime(), { gradients });
        registerBackend(wasm);
        void applyThreads(wasm.runtime, threads, false);
      } catch (e) {
        if (backend === 'wasm')
          throw new Error(`ACTLAB_BACKEND=wasm: the wasm backend cannot run: ${(e as Error).message}`, { cause: e });
        return choose('js', (e as Error).message);
      }
    } else {
      if (backend === 'wasm') throw new Error(`ACTLAB_BACKEND=wasm: the wasm backend cannot run: ${problem}`);
      return choose('js', problem);
    }
  }
  return choose(backend ?? 'wasm', source || 'WebAssembly SIMD available');
}

const queue: { tail: Promise<unknown> } = { tail: Promise.resolve() };

/**
 * Resolves once the fastest available backend is ready: in a browser it fetches and compiles the
 * WASM kernels (`js` runs until then) and starts helper threads where the page is cross-origin
 * isolated; in Node, where the backend was chosen at import, it waits for the helper threads.
 * Calling it again applies new options (threads, backend, gradients); calls run one after another.
 *
 * @returns what now runs (see {@link backendInfo}).
 * @throws RangeError for a bad option; Error when `backend: 'wasm'` (or `ACTLAB_BACKEND=wasm`)
 *   cannot run, or when `simd` asks for another build than the one already loaded.
 * @example const info = await init(); console.log(info.backend, info.threads, info.reason);
 */
export function init(options: InitOptions = {}): Promise<BackendInfo> {
  const run = queue.tail.then(() => initNow(options));
  queue.tail = run.catch(() => undefined);
  return run;
}

async function initNow(o: InitOptions): Promise<BackendInfo> {
  const backend =
    parseBackend('init: backend', o.backend) ?? parseBackend('ACTLAB_BACKEND', envSetting('ACTLAB_BACKEND'));
  if (o.simd !== undefined && o.simd !== 'relaxed' && o.simd !== 'baseline') {
    throw new RangeError(`init: unknown simd ${JSON.stringify(o.simd)} (expected 'relaxed' or 'baseline')`);
  }
  const threads =
    o.threads === undefined
      ? envThreads()
      : { count: parseThreads('init: threads', o.threads), source: `init({ threads: ${o.threads} })` };
  const gradients = parseGradients('init: gradients', o.gradients);
  const source = o.backend ? `init({ backend: '${o.backend}' })` : backend ? `ACTLAB_BACKEND=${backend}` : '';

  let wasm = wasmBackend();
  if (!wasm && backend !== 'js') {
    let problem = wasmProblem();
    if (problem === null) {
      try {
        const runtime = await loadWasmRuntime({ simd: o.simd, url: o.wasmUrl });
        // Another init() or selectDefaultBackend() may have registered one meanwhile.
        wasm = wasmBackend() ?? createWasmBackend(runtime, { gradients: gradients ?? envGradients() });
        registerBackend(wasm);
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    if (problem !== null) {
      if (backend === 'wasm') throw new Error(`${source}: the wasm backend cannot run: ${problem}`);
      choose('js', problem);
      return backendInfo();
    }
  }
  if (backend === 'js' || !wasm) {
    choose('js', source);
    return backendInfo();
  }
  if (o.simd !== undefined && wasm.runtime.simd !== o.simd) {
    throw new Error(
      `init: simd '${o.simd}' was asked, but the wasm kernels are already loaded as '${wasm.runtime.simd}' ` +
        '(choose the build in the first init(), or with ACTLAB_WASM_SIMD before the import)',
    );
  }
  if (gradients !== undefined) wasm.gradients = gradients;
  choose('wasm', source || 'WebAssembly SIMD available');
  await applyThreads(wasm.runtime, threads ?? selection.threadRequest, true);

  return backendInfo();
}

/**
 * Which backend runs float32 work, with which WASM build and how many helper threads, whether the
 * choice is final, and why a faster configuration was not taken (for diagnostics; the web lab
 * shows it).
 *
 * @example backendInfo() // { backend: 'wasm', simd: 'relaxed', threads: 1, sharedMemory: true, ready: true, reason: '…' }
 */
export function backendInfo(): BackendInfo {
  const active = backendState.active;
  const runtime = active.name === 'wasm' ? wasmBackend()?.runtime : undefined;
  const parts: string[] = [];
  if (active.name !== selection.chosen) parts.push(`${active.name}: chosen with setBackend('${active.name}')`);
  else parts.push(selection.reason ? `${active.name}: ${selection.reason}` : active.name);
  if (runtime) {
    if (runtime.simd === 'relaxed') parts.push('relaxed SIMD');
    else if (!wasmRelaxedSimdSupported()) parts.push('baseline SIMD (this engine has no relaxed SIMD)');
    else if (envSetting('ACTLAB_WASM_SIMD') === 'baseline') parts.push('baseline SIMD (ACTLAB_WASM_SIMD=baseline)');
    else parts.push("baseline SIMD (asked for with init({ simd: 'baseline' }))");
    const failure = runtime.threadFailure;
    if (failure) parts.push(`0 helper threads (they did not start: ${failure.message})`);
    else if (selection.threadsNote && runtime.threads === selection.threadsPlanned) parts.push(selection.threadsNote);
    else parts.push(describeThreads(runtime.threads, 'set on the runtime'));
  }
  return {
    backend: active.name,
    simd: runtime?.simd ?? null,
    threads: runtime?.threads ?? 0,
    sharedMemory: runtime?.shared ?? false,
    ready: selection.ready,
    reason: parts.join('; '),
  };
}

selectDefaultBackend();
