/**
 * The browser adapter (a page or a Web Worker): `fetch` for the .wasm, Web Workers from a Blob URL
 * for helper threads, `?ACTLAB_*=…` query parameters for the switches, `navigator.hardwareConcurrency`
 * for the core count. Browser globals are typed locally (the project compiles without the DOM lib).
 */
import type { WasmMemory, WasmModule } from '../backend/wasm/wasm-api.js';
import type { Platform, WasmThread } from './types.js';

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
}

interface BrowserGlobals {
  location?: { search?: string };
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string, options?: { name?: string }) => WebWorker;
}

const web = globalThis as unknown as BrowserGlobals;

// The helper's whole program: instantiate the shared module, say so, run the entry (which blocks
// in memory.atomic.wait between jobs and returns when asked to stop), say so, end.
const THREAD_SOURCE = `
onmessage = (e) => {
  const d = e.data;
  const { exports } = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
  Atomics.add(new Int32Array(d.memory.buffer), d.readyCounter >> 2, 1);
  postMessage('ready');
  exports[d.entry](...d.args);
  postMessage('done');
  close();
};
`;

export function browserPlatform(): Platform {
  return {
    name: 'browser',
    readFileSync: null,
    async fetchBytes(url) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    filePath(url) {
      throw new Error(`${url.href}: there is no file system here (a browser); use the in-memory variants`);
    },
    setting(name) {
      const search = web.location?.search;
      return search ? (new URLSearchParams(search).get(name) ?? undefined) : undefined;
    },
    cores: () => Math.max(1, web.navigator?.hardwareConcurrency ?? 1),
    sharedMemoryHint:
      'the page is not cross-origin isolated; serve it with the headers Cross-Origin-Opener-Policy: same-origin ' +
      'and Cross-Origin-Embedder-Policy: require-corp',
    enableRelaxedSimd: () => false,
    startWasmThread,
    gunzipSync: null,
  };
}

function startWasmThread(
  module: WasmModule,
  memory: WasmMemory,
  entry: string,
  args: readonly number[],
  readyCounter: number,
): WasmThread {
  if (typeof web.Worker !== 'function') throw new Error('wasm thread: this host has no Web Workers');
  const url = URL.createObjectURL(new Blob([THREAD_SOURCE], { type: 'text/javascript' }));
  const worker = new web.Worker(url, { name: `actlab ${entry}` });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', ({ data }) => {
      if (data === 'ready') resolve();
      else if (data === 'done') done();
    });
    // A Blob-URL worker refused by a Content-Security-Policy (worker-src) or failing to instantiate.
    worker.addEventListener('error', (e) => reject(new Error(`wasm thread: ${e.message ?? 'the worker failed'}`)));
  });
  void ready.then(
    () => URL.revokeObjectURL(url),
    () => URL.revokeObjectURL(url),
  );
  worker.postMessage({ module, memory, entry, args, readyCounter });
  return {
    ready,
    waitReady: () => ready,
    async join() {
      await finished;
      worker.terminate();
    },
    terminate: () => worker.terminate(),
  };
}
