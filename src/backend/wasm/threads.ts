/**
 * Helper threads for large GEMMs (Node worker_threads on the runtime's shared memory). Each
 * worker instantiates the same compiled module on the same memory and blocks in
 * `gemm_worker` (assembly/threads.as) until a job is posted; the calling thread splits C by
 * rows, posts the job through a small control block with Atomics, computes its own rows and
 * waits for the workers. The call stays synchronous for the caller.
 *
 * The worker body is a short CommonJS string run with `eval: true`: a .ts worker file cannot be
 * loaded under tsx on Node 20, and a separate .mjs would not be copied to dist/ by tsc.
 * `Atomics.wait` on the calling thread is allowed in Node (not on a browser's main thread).
 */
import { Worker } from 'node:worker_threads';
import type { WasmAllocator } from './allocator.js';
import type { WasmExports } from './exports.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';

const WORKER_SOURCE = `
const { parentPort, workerData: d } = require('node:worker_threads');
const { exports } = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
parentPort.postMessage('ready');
exports.gemm_worker(d.ctrl, d.index, d.workspace, d.seen);
`;

// Word indices in the control block (see assembly/threads.as).
const SEQ = 0, DONE = 1, STOP = 2, JOB = 3, TASK = 13, ROWS = 16;
/** Below this many multiply-adds a GEMM stays on one thread (posting a job costs ~10-50 µs). */
const MIN_PARALLEL_MACS = 2 ** 21;

export class GemmThreads {
  readonly #exports: WasmExports;
  readonly #ctrlBlock: Float32Array;
  readonly #i32: Int32Array;
  readonly #u32: Uint32Array;
  readonly #workers: Worker[];
  readonly #workspaces: Float32Array[];
  readonly #heap: WasmAllocator;

  private constructor(
    exports: WasmExports, heap: WasmAllocator, ctrlBlock: Float32Array, workers: Worker[], workspaces: Float32Array[],
  ) {
    this.#exports = exports;
    this.#heap = heap;
    this.#ctrlBlock = ctrlBlock;
    this.#i32 = new Int32Array(ctrlBlock.buffer, ctrlBlock.byteOffset, ctrlBlock.length);
    this.#u32 = new Uint32Array(ctrlBlock.buffer, ctrlBlock.byteOffset, ctrlBlock.length);
    this.#workers = workers;
    this.#workspaces = workspaces;
  }

  /** Starts `count` workers and resolves once every one is waiting for jobs. */
  static async start(
    module: WasmModule, memory: WasmMemory, exports: WasmExports, heap: WasmAllocator, count: number,
  ): Promise<GemmThreads> {
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new RangeError(`wasm threads: count must be an integer from 1 to 64, got ${count}`);
    }
    const ctrl = heap.alloc(ROWS + 2 * count);
    const seen = new Int32Array(ctrl.buffer, ctrl.byteOffset, ctrl.length)[SEQ]!;
    const wsFloats = Math.ceil(exports.gemm_workspace_bytes() / 4);
    const workspaces = Array.from({ length: count }, () => heap.allocUninitialized(wsFloats));
    const workers = workspaces.map((ws, index) => new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, ctrl: ctrl.byteOffset, index, workspace: ws.byteOffset, seen },
    }));
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    for (const w of workers) w.unref(); // blocked workers must not keep the process alive
    return new GemmThreads(exports, heap, ctrl, workers, workspaces);
  }

  /** Helper threads (the calling thread works too). */
  get count(): number {
    return this.#workers.length;
  }

  /** True when a GEMM of this size is worth splitting. */
  worthIt(m: number, n: number, k: number): boolean {
    return m >= 8 * (this.count + 1) && m * n * k >= MIN_PARALLEL_MACS;
  }

  /** gemm_rows over all threads: rows split in multiples of 4 (the micro-kernel height). */
  gemm(pa: number, pb: number, pc: number, m: number, n: number, k: number, flags: [number, number, number], workspace: number): void {
    const i32 = this.#i32, u32 = this.#u32, parts = this.count + 1;
    u32[JOB] = pa;
    u32[JOB + 1] = pb;
    u32[JOB + 2] = pc;
    i32.set([m, n, k, ...flags], JOB + 3);
    const bound = (p: number): number => Math.min(m, Math.ceil((m * p) / parts / 4) * 4);
    for (let w = 0; w < this.count; w++) {
      i32[ROWS + 2 * w] = bound(w + 1);
      i32[ROWS + 2 * w + 1] = bound(w + 2);
    }
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    this.#exports.gemm_rows(pa, pb, pc, m, n, k, flags[0], flags[1], flags[2], workspace, 0, bound(1));
    for (let done = Atomics.load(i32, DONE); done < this.count; done = Atomics.load(i32, DONE)) {
      Atomics.wait(i32, DONE, done);
    }
  }

  /**
   * Runs a conv job (assembly/conv.as; `args` its argument block, split into count + 1 parts):
   * the helpers take parts 1.., the calling thread part 0 with its `workspace`.
   */
  task(args: number, workspace: number): void {
    const i32 = this.#i32;
    i32[TASK] = args;
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    try {
      this.#exports.conv_run(args, 0, workspace);
    } finally {
      for (let done = Atomics.load(i32, DONE); done < this.count; done = Atomics.load(i32, DONE)) {
        Atomics.wait(i32, DONE, done);
      }
      i32[TASK] = 0; // the next job is a GEMM unless it says otherwise
    }
  }

  /** Asks the workers to return and waits for them to exit; frees their memory. */
  async stop(): Promise<void> {
    Atomics.store(this.#i32, STOP, 1);
    Atomics.add(this.#i32, SEQ, 1);
    Atomics.notify(this.#i32, SEQ);
    await Promise.all(this.#workers.map((w) => new Promise<void>((resolve) => {
      w.ref(); // an unref'd worker would let the process exit before 'exit' is delivered
      w.once('exit', () => resolve());
    })));
    for (const ws of this.#workspaces) this.#heap.free(ws);
    this.#heap.free(this.#ctrlBlock);
  }
}
