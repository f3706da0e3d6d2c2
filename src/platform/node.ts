/**
 * The Node adapter. Node's modules are reached through `process.getBuiltinModule` (Node ≥ 20.16)
 * instead of `import … from 'node:…'`: the adapter then works the same from src/ (tsx, vitest,
 * deep imports) and dist/, synchronously at import, while bundlers building for a browser see no
 * Node import at all (this code ships there dormant; `nodePlatform()` returns null in a browser).
 */
import type { WasmMemory, WasmModule } from '../backend/wasm/wasm-api.js';
import type { Platform, WasmThread } from './types.js';

type NodeProcess = typeof process;

/** Node's `process` when this is Node with `getBuiltinModule`, else undefined. */
function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return typeof proc?.getBuiltinModule === 'function' && typeof proc.versions?.node === 'string' ? proc : undefined;
}

// A CommonJS body run with `eval: true`: a .ts worker file cannot be loaded under tsx on Node 20,
// and tsc would not copy a separate .mjs to dist/.
const THREAD_SOURCE = `
const { parentPort, workerData: d } = process.getBuiltinModule('node:worker_threads');
const { exports } = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
Atomics.add(new Int32Array(d.memory.buffer), d.readyCounter >> 2, 1);
parentPort.postMessage('ready');
exports[d.entry](...d.args);
`;

/** The Node adapter, or null when this is not Node (≥ 20.16). */
export function nodePlatform(): Platform | null {
  const proc = nodeProcess();
  if (!proc) return null;
  const fs = proc.getBuiltinModule('node:fs');
  const url = proc.getBuiltinModule('node:url');
  const os = proc.getBuiltinModule('node:os');
  const readFileSync = (u: URL): Uint8Array => new Uint8Array(fs.readFileSync(u));
  return {
    name: 'node',
    readFileSync,
    fetchBytes: async (u) =>
      u.protocol === 'file:'
        ? new Uint8Array(await fs.promises.readFile(u))
        : new Uint8Array(await (await fetch(u)).arrayBuffer()),
    filePath: (u) => url.fileURLToPath(u),
    setting: (name) => proc.env[name],
    cores: () => os.availableParallelism(),
    sharedMemoryHint: 'this Node lacks SharedArrayBuffer',
    enableRelaxedSimd() {
      try {
        proc.getBuiltinModule('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd');
        return true;
      } catch {
        return false;
      }
    },
    startWasmThread: (module, memory, entry, args, readyCounter) =>
      startThread(proc, module, memory, { entry, args, readyCounter }),
    gunzipSync: (bytes) => new Uint8Array(proc.getBuiltinModule('node:zlib').gunzipSync(bytes)),
  };
}

function startThread(
  proc: NodeProcess,
  module: WasmModule,
  memory: WasmMemory,
  job: { entry: string; args: readonly number[]; readyCounter: number },
): WasmThread {
  const { Worker } = proc.getBuiltinModule('node:worker_threads');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { module, memory, ...job } });
  // A thread (starting, or blocked in its entry) must not keep the process alive by itself: a
  // command that never multiplies a large matrix exits at once. waitReady() and join() ref it.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    void exited.then(() => reject(new Error(`wasm thread: the worker exited before calling ${job.entry}`)));
  });
  ready.catch(() => undefined); // the caller handles it; not an unhandled rejection meanwhile
  const referenced = async (wait: Promise<void>): Promise<void> => {
    worker.ref();
    try {
      await wait;
    } finally {
      worker.unref();
    }
  };
  return {
    ready,
    waitReady: () => referenced(ready),
    join: () => referenced(exited),
    terminate: () => void worker.terminate(),
  };
}
