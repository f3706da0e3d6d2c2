/**
 * Float32 buffers inside the WASM runtime's shared memory, so kernels read and write tensor
 * storage in place (a training step makes no copies between JS and WASM).
 *
 * - Blocks are 16-byte aligned and rounded up to a size class (multiples of 16 bytes up to
 *   256 B, then four classes per power of two: at most 25% slack). Freed blocks go to a free
 *   list per class and are reused first (the "small pool"); the heap top only grows.
 * - The memory is a shared `WebAssembly.Memory`. Growing a shared memory never detaches
 *   existing views, so a `Float32Array` handed out earlier stays valid after growth (each grow
 *   makes `memory.buffer` a new SharedArrayBuffer object over the same, longer memory).
 * - `free(view)` returns a block at once. A block whose view is dropped without `free` is
 *   returned by a `FinalizationRegistry` when the view is garbage-collected. Caveats: that
 *   happens at an unspecified time (possibly never before exit), so call `free` in hot loops;
 *   and the registry only watches the view returned by `alloc` — a `subarray` of it, or another
 *   view made over the same bytes, does not keep the block alive. Keep the original view for as
 *   long as any derived view is used (Tensor storage does).
 */
import type { WasmMemory } from './wasm-api.js';

export interface AllocatorStats {
  /** Bytes in live blocks (size-class rounded). */
  readonly bytesInUse: number;
  /** Bytes in free lists, ready for reuse. */
  readonly bytesFree: number;
  readonly blocksInUse: number;
  readonly blocksFree: number;
  /** First byte above every block ever handed out. */
  readonly heapTop: number;
  /** Current size of the memory in bytes. */
  readonly memoryBytes: number;
  /** Blocks returned by the FinalizationRegistry (dropped without free). */
  readonly reclaimedByGc: number;
}

const PAGE = 65536;
const ALIGN = 16;

/** Size class of a request in bytes (see the module comment). */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 2); // a quarter of the power of two below
  return Math.ceil(bytes / step) * step;
}

export class WasmAllocator {
  readonly memory: WasmMemory;
  readonly #maximumBytes: number;
  #top: number;
  // offset -> class size and the generation of the view handed out; view -> its generation. A
  // stale view of a reused block has an older generation, so free/isLive refuse it. (A WeakMap,
  // not a WeakRef: `new WeakRef(v)` keeps v alive until the current job ends, which in a
  // synchronous training loop means every view of every step.)
  readonly #live = new Map<number, { size: number; gen: number }>();
  readonly #gens = new WeakMap<Float32Array, number>();
  #nextGen = 1;
  readonly #free = new Map<number, number[]>(); // class size -> offsets
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  readonly #registry: FinalizationRegistry<{ offset: number; gen: number }>;
  #bytesInUse = 0;
  #bytesFree = 0;
  #blocksFree = 0;
  #reclaimed = 0;

  /**
   * @param memory the shared memory the kernels use
   * @param base first byte the allocator may use (above the module's static data)
   * @param maximumBytes the memory's maximum (for error messages and growth planning)
   */
  constructor(memory: WasmMemory, base: number, maximumBytes: number) {
    this.memory = memory;
    this.#maximumBytes = maximumBytes;
    this.#top = Math.ceil(base / ALIGN) * ALIGN;
    this.#registry = new FinalizationRegistry(({ offset, gen }) => {
      // The view was collected without free() (free unregisters), so the block is still its own;
      // the generation check is belt and braces.
      if (this.#live.get(offset)?.gen === gen) {
        this.#reclaimed++;
        this.#release(offset);
      }
    });
    this.#buffer();
  }

  /** A zero-filled float32 array of n elements living in the WASM memory. */
  alloc(n: number): Float32Array {
    const view = this.allocUninitialized(n);
    view.fill(0);
    return view;
  }

  /** Like `alloc`, without zeroing: a reused block keeps its old contents. */
  allocUninitialized(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`wasm alloc: n must be a non-negative integer, got ${n}`);
    }
    const size = sizeClass(n * 4);
    const list = this.#free.get(size);
    let offset: number;
    if (list !== undefined && list.length > 0) {
      offset = list.pop()!;
      this.#bytesFree -= size;
      this.#blocksFree--;
    } else {
      offset = this.#bump(size);
    }
    this.#bytesInUse += size;
    const view = new Float32Array(this.#buffer(), offset, n);
    const gen = this.#nextGen++;
    this.#live.set(offset, { size, gen });
    this.#gens.set(view, gen);
    this.#registry.register(view, { offset, gen }, view);
    return view;
  }

  /** A copy of `data` in the WASM memory (for callers holding foreign arrays). */
  copyIn(data: ArrayLike<number>): Float32Array {
    const view = this.allocUninitialized(data.length);
    view.set(data);
    return view;
  }

  /** Returns the block of a view from `alloc` to the pool. Throws on foreign views and double frees. */
  free(view: Float32Array): void {
    if (!this.isLive(view)) {
      throw new Error(
        `wasm free: the array (byteOffset ${view.byteOffset}, length ${view.length}) is not a live block ` +
          'of this allocator (freed twice, a subarray, or not from alloc)',
      );
    }
    this.#registry.unregister(view);
    this.#release(view.byteOffset);
  }

  /** True when `view` is the array `alloc` returned for a block that is still allocated. */
  isLive(view: Float32Array): boolean {
    const gen = this.#gens.get(view);
    return gen !== undefined && this.#live.get(view.byteOffset)?.gen === gen;
  }

  /** True when the array's bytes lie in this allocator's WASM memory (so kernels can use it). */
  owns(view: ArrayBufferView): boolean {
    return view.buffer === this.memory.buffer || this.#buffers.has(view.buffer);
  }

  /** Bytes in live blocks (as `stats().bytesInUse`, without building the object). */
  get bytesInUse(): number {
    return this.#bytesInUse;
  }

  stats(): AllocatorStats {
    return {
      bytesInUse: this.#bytesInUse,
      bytesFree: this.#bytesFree,
      blocksInUse: this.#live.size,
      blocksFree: this.#blocksFree,
      heapTop: this.#top,
      memoryBytes: this.memory.buffer.byteLength,
      reclaimedByGc: this.#reclaimed,
    };
  }

  #release(offset: number): void {
    const size = this.#live.get(offset)!.size;
    this.#live.delete(offset);
    this.#bytesInUse -= size;
    let list = this.#free.get(size);
    if (!list) this.#free.set(size, (list = []));
    list.push(offset);
    this.#bytesFree += size;
    this.#blocksFree++;
  }

  #bump(size: number): number {
    const offset = this.#top;
    const end = offset + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size so many small allocations do not
      // grow page by page; never past the maximum.
      const needed = Math.ceil((end - have) / PAGE);
      const wanted = Math.max(needed, Math.ceil(have / PAGE / 4));
      const room = Math.floor((this.#maximumBytes - have) / PAGE);
      if (needed > room) {
        throw new RangeError(
          `wasm alloc: cannot grow the memory to ${((end / 2 ** 20) | 0) + 1} MiB for a block of ${size} bytes ` +
            `(maximum ${this.#maximumBytes / 2 ** 20} MiB, ${(this.#bytesInUse / 2 ** 20).toFixed(1)} MiB in use); ` +
            'free unused buffers or create the runtime with a larger maximumMiB',
        );
      }
      this.memory.grow(Math.min(wanted, room));
      this.#buffer();
    }
    this.#top = end;
    return offset;
  }

  /** The current SharedArrayBuffer, remembered so `owns` recognises views made before a grow. */
  #buffer(): ArrayBuffer {
    const buf = this.memory.buffer;
    this.#buffers.add(buf);
    return buf;
  }
}
