/**
 * Memory scopes of the wasm backend: deterministic release of the float32 blocks a stretch of
 * code allocated, for synchronous loops where the allocator's FinalizationRegistry cannot help
 * (its callbacks run between event-loop tasks, never inside a synchronous loop; see
 * backend/scope.ts for the measurements and the public `tidy`).
 *
 * A scope holds blocks: those `alloc` hands out while it is the innermost *recording* scope,
 * and those an inner scope kept when it closed. `collect(keep)` frees the held blocks not in
 * `keep` (storage identity: `reshape` and `detach` share their input's array, so a kept tensor
 * keeps its block); `close(keep)` does the same and passes the kept ones to the enclosing scope.
 * A non-recording scope only receives what inner scopes keep: `fit` holds each step's gradients
 * in one, so they are freed once the next step has replaced them, while what callbacks allocate
 * between steps is left to the garbage collector (it may be stored anywhere).
 */
import type { WasmAllocator } from './allocator.js';

interface Scope {
  readonly recording: boolean;
  blocks: Float32Array[];
}

export class ScopeStack {
  readonly #heap: WasmAllocator;
  readonly #open: Scope[] = [];

  constructor(heap: WasmAllocator) {
    this.#heap = heap;
  }

  /** Number of open scopes. */
  get depth(): number {
    return this.#open.length;
  }

  /** Records a block just allocated in the innermost recording scope (no-op when there is none). */
  track(view: Float32Array): void {
    for (let i = this.#open.length - 1; i >= 0; i--) {
      const s = this.#open[i]!;
      if (s.recording) {
        s.blocks.push(view);
        return;
      }
    }
  }

  /** Opens a scope; returns its token (its depth) for `collect` and `close`. */
  open(recording = true): number {
    this.#open.push({ recording, blocks: [] });
    return this.#open.length;
  }

  /** Frees the blocks the scope at `token` holds that are not in `keep`; returns the bytes freed. */
  collect(token: number, keep: ReadonlySet<unknown>): number {
    const scope = this.#at(token);
    const { kept, freed } = this.#sweep(scope.blocks, keep);
    scope.blocks = kept;
    return freed;
  }

  /**
   * Closes the scope at `token` (and any left open inside it), freeing its blocks that are not
   * in `keep`; kept blocks move to the enclosing scope. Returns the bytes freed.
   */
  close(token: number, keep: ReadonlySet<unknown>): number {
    this.#at(token);
    const blocks = this.#open.splice(token - 1).flatMap((s) => s.blocks);
    const { kept, freed } = this.#sweep(blocks, keep);
    this.#open[this.#open.length - 1]?.blocks.push(...kept);
    return freed;
  }

  /** Takes a block out of every scope, so only `free` or the garbage collector returns it. */
  forget(view: unknown): boolean {
    for (let i = this.#open.length - 1; i >= 0; i--) {
      const blocks = this.#open[i]!.blocks;
      const at = blocks.lastIndexOf(view as Float32Array);
      if (at >= 0) {
        blocks.splice(at, 1);
        return true;
      }
    }
    return false;
  }

  /** Frees one block now if it is a live block of this heap (true), whatever scope holds it. */
  release(view: unknown): boolean {
    if (!(view instanceof Float32Array) || !this.#heap.isLive(view)) return false;
    this.#heap.free(view);
    return true;
  }

  #at(token: number): Scope {
    const scope = this.#open[token - 1];
    if (!Number.isInteger(token) || scope === undefined) {
      throw new RangeError(`wasm scope: no open scope ${token} (${this.#open.length} open)`);
    }
    return scope;
  }

  #sweep(blocks: readonly Float32Array[], keep: ReadonlySet<unknown>): { kept: Float32Array[]; freed: number } {
    const kept: Float32Array[] = [];
    let freed = 0;
    for (const view of blocks) {
      if (!this.#heap.isLive(view)) continue; // released early
      if (keep.has(view)) kept.push(view);
      else {
        freed += view.byteLength;
        this.#heap.free(view);
      }
    }
    return { kept, freed };
  }
}
