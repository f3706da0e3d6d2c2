/**
 * Argument checks shared by the kernel wrappers: every array must live in the runtime's WASM
 * memory (kernels take its byte offset as a pointer) and lengths must agree. Foreign arrays are
 * rejected rather than copied, so a hidden copy never costs a training step its speed; callers
 * copy with `heap.copyIn(array)` when they mean to.
 */
import type { WasmAllocator } from './allocator.js';

export class ViewChecker {
  readonly #heap: WasmAllocator;

  constructor(heap: WasmAllocator) {
    this.#heap = heap;
  }

  /** Byte offset of `view` after checking it is a Float32Array in the WASM memory. */
  ptr(kernel: string, name: string, view: Float32Array): number {
    if (!(view instanceof Float32Array)) {
      throw new TypeError(`wasm ${kernel}: ${name} must be a Float32Array, got ${describe(view)}`);
    }
    if (!this.#heap.owns(view)) {
      throw new TypeError(
        `wasm ${kernel}: ${name} is not in the WASM memory; allocate it with runtime.heap.alloc(n) ` +
          'or copy it in with runtime.heap.copyIn(array)',
      );
    }
    return view.byteOffset;
  }

  /** Throws unless `view.length === expected`. */
  length(kernel: string, name: string, view: Float32Array, expected: number, what: string): void {
    if (view.length !== expected) {
      throw new RangeError(`wasm ${kernel}: ${name} has length ${view.length}, expected ${expected} (${what})`);
    }
  }

  /** Throws unless `cols` is a positive integer dividing `n`; returns the number of rows. */
  rows(kernel: string, n: number, cols: number): number {
    if (!Number.isInteger(cols) || cols <= 0 || n % cols !== 0) {
      throw new RangeError(`wasm ${kernel}: cols must be a positive integer dividing the length ${n}, got ${cols}`);
    }
    return n / cols;
  }
}

/** True when the byte ranges of two views overlap. */
export function overlaps(a: Float32Array, b: Float32Array): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
