/**
 * The part of the WebAssembly JS API the runtime uses, typed here because the project's
 * compiler settings (lib ES2023, @types/node 20) declare no `WebAssembly` namespace. Local
 * interfaces rather than a global declaration, so nothing clashes when a later lib adds one.
 */
export interface WasmMemory {
  /**
   * A SharedArrayBuffer for shared memories (a new object over the same bytes after each grow);
   * for an unshared one, an ArrayBuffer that a grow detaches — unless `toResizableBuffer()` was called.
   */
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` × 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
  /**
   * Makes `buffer` a resizable ArrayBuffer that grows in place, so views on it stay valid (recent
   * engines: Chromium 1xx; absent in Node 20). Returns that buffer.
   */
  toResizableBuffer?(): ArrayBuffer;
}

/** A compiled module (opaque; can be posted to workers). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export function webAssemblyApi(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}
