/**
 * What actlab needs from the host it runs in, in one interface: the few things that differ between
 * Node and a browser (page or Web Worker). Everything else in the library is plain ECMAScript.
 * See docs/architecture.md ("Platforms") for why this is an adapter chosen at run time rather than
 * package conditions.
 */
import type { WasmMemory, WasmModule } from '../backend/wasm/wasm-api.js';

export type PlatformName = 'node' | 'browser';

export interface Platform {
  /** `node`, or `browser` for any web host (page, Web Worker; also Deno/Bun without getBuiltinModule). */
  readonly name: PlatformName;
  /**
   * Reads a `file:` URL synchronously (Node), so the WASM backend can be ready at import; null
   * where bytes only come asynchronously (browsers compile WebAssembly after `await init()`).
   */
  readonly readFileSync: ((url: URL) => Uint8Array) | null;
  /** The bytes at a URL: `fetch` in browsers (http(s):, data:, blob:), the file in Node. */
  fetchBytes(url: URL): Promise<Uint8Array>;
  /** The file-system path of a `file:` URL (Node); throws where there is no file system. */
  filePath(url: URL): string;
  /**
   * An `ACTLAB_*` switch as the host provides it: the environment variable in Node, the page's
   * (or worker's) URL query parameter of that name in a browser (`?ACTLAB_BACKEND=js`).
   */
  setting(name: string): string | undefined;
  /** Logical processors this process may use (Node: os.availableParallelism; browsers: hardwareConcurrency). */
  cores(): number;
  /** What to do to get shared WebAssembly memory here, for messages when it is missing. */
  readonly sharedMemoryHint: string;
  /**
   * Lets relaxed-SIMD modules validate where the engine keeps them behind a flag (Node 20's V8
   * 11.3: `--experimental-wasm-relaxed-simd`); returns false where there is no such switch.
   */
  enableRelaxedSimd(): boolean;
  /**
   * Starts a thread that instantiates `module` on `memory` (which must be shared), adds 1 to the
   * int32 at byte `readyCounter` of the memory (Atomics.add, so other threads see it is up without
   * a message), then calls the export `entry` with `args` (Node: worker_threads; browsers: a Web
   * Worker from a Blob URL). The thread does not keep a Node process alive (see WasmThread).
   */
  startWasmThread(
    module: WasmModule,
    memory: WasmMemory,
    entry: string,
    args: readonly number[],
    readyCounter: number,
  ): WasmThread;
  /** Inflates gzip data synchronously (Node's zlib); null where only the async DecompressionStream exists. */
  readonly gunzipSync: ((bytes: Uint8Array) => Uint8Array) | null;
}

/** A thread started by {@link Platform.startWasmThread}. */
export interface WasmThread {
  /**
   * Resolves once the thread has instantiated the module (just before it calls the entry); rejects
   * if it failed. Awaiting it alone does not keep a Node process alive; `waitReady()` does.
   */
  readonly ready: Promise<void>;
  /** `ready`, keeping the process alive while waiting (Node). */
  waitReady(): Promise<void>;
  /** Resolves once the entry has returned and the thread has ended. */
  join(): Promise<void>;
  /** Ends the thread at once (after a failure; a thread blocked in its entry is killed). */
  terminate(): void;
}
