/**
 * Helper threads for large GEMMs and convolutions (Node worker_threads or Web Workers, through the
 * platform seam, on the runtime's shared memory). Each thread instantiates the same compiled module
 * on the same memory and blocks in `gemm_worker` (assembly/threads.as) until a job is posted; the
 * calling thread splits C by rows (or a conv job into parts, see task()), posts the job through a
 * small control block with Atomics, computes its own share and waits for the helpers. The call
 * stays synchronous for the caller.
 *
 * Waiting: `Atomics.wait` where the calling thread may block (Node, Web Workers); a browser's main
 * thread may not, so there it spins on `Atomics.load` — only for the tail of a job, since it
 * computes its own share first (training belongs in a Web Worker anyway).
 *
 * Busy machines: a static split only pays when the helpers run at the same time as the caller.
 * Where the cores are oversubscribed (other processes, more threads than cores) a helper may get
 * its time slice only after the caller has finished, and the split GEMM then takes longer than one
 * thread would (0.3–0.6× on the shared 2-core machine at load 17–20, bench/gemm-threads.ts).
 * The loss often hides in Atomics.notify: with the other core busy, the woken helper runs on the
 * caller's core and the caller only gets it back once the helper's share is done (measured at
 * load 3: posting took as long as the caller's own share, waiting afterwards ~0). So each split
 * job is judged on posting + computing + waiting: when posting and waiting together cost at least
 * what the helpers' share would have cost the caller (the break-even point), twice in a row, the
 * next GEMMs run unsplit — 8 units of 2²¹ multiply-adds, then doubling up to 1024 (SKIP_UNIT) —
 * before splitting is tried again.
 * Results do not depend on the split (rows are independent).
 */
import { platform, type WasmThread } from '../../platform/index.js';
import type { WasmAllocator } from './allocator.js';
import type { WasmExports } from './exports.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';

// Word indices in the control block (see assembly/threads.as). READY is a spare word the kernels
// do not touch: each thread's bootstrap adds 1 to it once instantiated (platform startWasmThread),
// so the calling thread sees in shared memory, without waiting for a message, that all are up.
// TASK: 0 for a GEMM job, else the address of a conv job's argument block (assembly/conv.as).
const SEQ = 0, DONE = 1, STOP = 2, JOB = 3, READY = 12, TASK = 13, ROWS = 16;
/**
 * The back-off counts work, not calls: a GEMM of 2²¹ multiply-adds (the default threshold) uses up
 * one unit, a 1024³ one 512, so the longest back-off (1024 units, ~90 ms of one thread's work at
 * 50 GFLOP/s) lasts about as long whatever the shapes — counted in calls it could keep 1024 large
 * GEMMs (~45 s of 1024³) unsplit after a busy moment.
 */
const SKIP_UNIT = 2 ** 21;

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
function canBlock(i32: Int32Array): boolean {
  try {
    Atomics.wait(i32, DONE, Atomics.load(i32, DONE) + 1, 0); // returns 'not-equal' at once where allowed
    return true;
  } catch {
    return false;
  }
}

export class GemmThreads {
  /**
   * Below this many multiply-adds a GEMM stays on the calling thread: posting a job and waking a
   * helper costs ~10–50 µs. A tuning constant (bench/gemm-threads.ts measures the crossover).
   */
  static minParallelMacs = 2 ** 21;
  /** Back off on a busy machine (see the module comment); benchmarks of the raw split turn it off. */
  static adaptive = true;

  readonly #exports: WasmExports;
  readonly #ctrlBlock: Float32Array;
  readonly #i32: Int32Array;
  readonly #u32: Uint32Array;
  readonly #threads: WasmThread[];
  readonly #ready: Promise<void>;
  readonly #canBlock: boolean;
  readonly #workspaces: Float32Array[];
  readonly #heap: WasmAllocator;
  #failure: Error | null = null;
  #jobs = 0;
  /** Back-off on a busy machine (see the module comment); #skip and #backoff count SKIP_UNITs of work. */
  #strikes = 0;
  #skip = 0;
  #backoff = 8;
  /**
   * Diagnostics (bench/gemm-split-diag.ts): back-offs fired, GEMMs and conv jobs run unsplit
   * because of them, and the calling thread's milliseconds over the split jobs, summed: posting
   * the job, computing its own share, waiting for the helpers.
   */
  readonly stats = { backoffs: 0, skipped: 0, ownMs: 0, waitedMs: 0, postMs: 0 };

  private constructor(module: WasmModule, memory: WasmMemory, exports: WasmExports, heap: WasmAllocator, count: number) {
    this.#exports = exports;
    this.#heap = heap;
    this.#ctrlBlock = heap.alloc(ROWS + 2 * count);
    const ctrl = this.#ctrlBlock;
    this.#i32 = new Int32Array(ctrl.buffer, ctrl.byteOffset, ctrl.length);
    this.#u32 = new Uint32Array(ctrl.buffer, ctrl.byteOffset, ctrl.length);
    this.#canBlock = canBlock(this.#i32);
    const seen = this.#i32[SEQ]!;
    const wsFloats = Math.ceil(exports.gemm_workspace_bytes() / 4);
    this.#workspaces = Array.from({ length: count }, () => heap.allocUninitialized(wsFloats));
    this.#threads = [];
    try {
      for (const [index, ws] of this.#workspaces.entries()) {
        const args = [ctrl.byteOffset, index, ws.byteOffset, seen];
        this.#threads.push(platform().startWasmThread(module, memory, 'gemm_worker', args, ctrl.byteOffset + 4 * READY));
      }
    } catch (e) {
      this.#fail(e as Error);
      for (const ws of this.#workspaces) heap.free(ws);
      heap.free(ctrl);
      throw e;
    }
    // Handled here, so a thread that fails while nobody awaits ready() is no unhandled rejection.
    this.#ready = Promise.all(this.#threads.map((t) => t.ready)).then(
      () => undefined,
      (e: unknown) => {
        this.#fail(e as Error);
        throw e;
      },
    );
    this.#ready.catch(() => undefined);
  }

  /**
   * Starts `count` helper threads in the background. GEMMs use them once all are up (seen in
   * shared memory, so even a synchronous loop that never yields to the event loop gets them);
   * until then they run on the calling thread. `ready()` waits for them.
   */
  static start(module: WasmModule, memory: WasmMemory, exports: WasmExports, heap: WasmAllocator, count: number): GemmThreads {
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new RangeError(`wasm threads: count must be an integer from 1 to 64, got ${count}`);
    }
    return new GemmThreads(module, memory, exports, heap, count);
  }

  /** Resolves once every helper is ready for jobs; rejects if one failed to start. */
  ready(): Promise<void> {
    return Promise.all(this.#threads.map((t) => t.waitReady())).then(() => this.#ready);
  }

  /** Helper threads (the calling thread works too). */
  get count(): number {
    return this.#threads.length;
  }

  /** GEMMs split over the helpers so far. */
  get jobs(): number {
    return this.#jobs;
  }

  /** Why the helpers could not start, or null. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** True when a GEMM of this size is worth splitting, every helper is up, and splitting has been paying. */
  worthIt(m: number, n: number, k: number): boolean {
    return m >= 8 * (this.count + 1) && this.worthSplitting(m * n * k);
  }

  /** True when a job of `macs` multiply-adds is worth splitting, every helper is up, and splitting has been paying. */
  worthSplitting(macs: number): boolean {
    if (macs < GemmThreads.minParallelMacs || this.#failure !== null || Atomics.load(this.#i32, READY) !== this.count) {
      return false;
    }
    if (this.#skip > 0 && GemmThreads.adaptive) {
      this.#skip -= Math.max(1, macs / SKIP_UNIT);
      this.stats.skipped++;
      return false;
    }
    return true;
  }

  /**
   * Judges one split job: it paid unless posting it plus waiting for the helpers cost at least
   * what the helpers' share would have cost the caller (`own · (shares − 1)`, the break-even
   * point; `shares`: how many times the caller's own share goes into the whole job). Posting
   * counts: on a busy machine the woken helper often runs on the caller's core and the caller
   * only returns from Atomics.notify after the helper's share is done (see the module comment).
   */
  #judge(post: number, own: number, waited: number, shares: number): void {
    this.stats.postMs += post;
    this.stats.ownMs += own;
    this.stats.waitedMs += waited;
    if (post + waited < own * (shares - 1)) {
      this.#strikes = 0;
      this.#backoff = 8;
    } else if (++this.#strikes >= 2) {
      this.#strikes = 0;
      this.stats.backoffs++;
      this.#skip = this.#backoff;
      this.#backoff = Math.min(2 * this.#backoff, 1024);
    }
  }

  /** gemm_rows over all threads: rows split in multiples of 4 (the micro-kernel height). */
  gemm(pa: number, pb: number, pc: number, m: number, n: number, k: number, flags: [number, number, number], workspace: number): void {
    const i32 = this.#i32, u32 = this.#u32, parts = this.count + 1;
    this.#jobs++;
    u32[JOB] = pa;
    u32[JOB + 1] = pb;
    u32[JOB + 2] = pc;
    i32.set([m, n, k, ...flags], JOB + 3);
    const bound = (p: number): number => Math.min(m, Math.ceil((m * p) / parts / 4) * 4);
    for (let w = 0; w < this.count; w++) {
      i32[ROWS + 2 * w] = bound(w + 1);
      i32[ROWS + 2 * w + 1] = bound(w + 2);
    }
    const tp = performance.now();
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    const t0 = performance.now();
    this.#exports.gemm_rows(pa, pb, pc, m, n, k, flags[0], flags[1], flags[2], workspace, 0, bound(1));
    const t1 = performance.now();
    this.#waitForHelpers();
    this.#judge(t0 - tp, t1 - t0, performance.now() - t1, m / bound(1));
  }

  /**
   * Runs a conv job (assembly/conv.as; `args` its argument block, split into count + 1 parts):
   * the helpers take parts 1.., the calling thread part 0 with its `workspace`. Each part writes
   * its own outputs, so the result does not depend on the split.
   */
  task(args: number, workspace: number): void {
    const i32 = this.#i32;
    this.#jobs++;
    i32[TASK] = args;
    const tp = performance.now();
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    const t0 = performance.now();
    try {
      this.#exports.conv_run(args, 0, workspace);
    } finally {
      const t1 = performance.now();
      this.#waitForHelpers();
      i32[TASK] = 0; // the next job is a GEMM unless it says otherwise
      this.#judge(t0 - tp, t1 - t0, performance.now() - t1, this.count + 1);
    }
  }

  #waitForHelpers(): void {
    const i32 = this.#i32;
    for (let done = Atomics.load(i32, DONE); done < this.count; done = Atomics.load(i32, DONE)) {
      if (this.#canBlock) Atomics.wait(i32, DONE, done);
    }
  }

  /** Asks the helpers to return (those still starting return on arrival), waits for them to end, frees their memory. */
  async stop(): Promise<void> {
    Atomics.store(this.#i32, STOP, 1);
    Atomics.add(this.#i32, SEQ, 1);
    Atomics.notify(this.#i32, SEQ);
    if (this.#failure === null) await Promise.all(this.#threads.map((t) => t.join()));
    else for (const t of this.#threads) t.terminate();
    for (const ws of this.#workspaces) this.#heap.free(ws);
    this.#heap.free(this.#ctrlBlock);
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    for (const t of this.#threads) t.terminate();
  }
}
