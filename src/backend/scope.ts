/**
 * Deterministic release of tensor storage, for backends whose memory the garbage collector
 * cannot see (the wasm backend's blocks live in one `WebAssembly.Memory`).
 *
 * The wasm allocator returns a block when its view is collected, but FinalizationRegistry
 * callbacks only run between tasks of the event loop, and V8 mostly reclaims them at full
 * collections: a synchronous 1,000-step training loop of an MNIST MLP grew the memory to
 * 3.4 GB (~3 MB per step) with no block returned. `tidy` makes the release explicit:
 *
 * ```ts
 * for (const { x, y } of loader) {
 *   const loss = tidy(() => {
 *     opt.zeroGrad();
 *     const l = F.crossEntropy(model.forward(x), y);
 *     l.backward();
 *     opt.step();
 *     return l.item();
 *   }, model, opt);     // survivors: parameters, their .grad, buffers, optimizer state
 *   release(x, y);      // the batch copies, once nothing uses them
 * }
 * ```
 *
 * Every block allocated while `fn` runs is freed when it returns (or throws), except storage
 * reachable from its result or from `roots` — a tensor (its data and `.grad`), a module
 * (`parameters()` with their grads, `namedBuffers()`), an optimizer (its `state` arrays), a
 * typed array, or arrays/objects of these — looked up when `fn` has returned. Storage is compared
 * by identity, so `reshape`/`detach` views of a survivor survive too. The caller vouches that
 * nothing else keeps a tensor made inside `fn` (a tensor pushed onto an outer array, say): its
 * storage would be reused. With the `js` backend (or float64 only) both are no-ops.
 *
 * Library code uses it where the survivors are known: `backward()` frees its temporary gradients
 * (keeping `.grad`), `fit` runs each step in a `stepScope(model, optimizer)` and `evaluate` each
 * batch in a `tidy`.
 */
import type { Backend } from './backend.js';
import { backendState } from './registry.js';

/** Anything whose storage survives a `tidy` (see the module comment). */
export type ScopeRoot = unknown;

function scoped(): Backend[] {
  return [...backendState.available.values()].filter((b) => b.openScope && b.collectScope && b.closeScope);
}

const isStorage = (v: unknown): v is Float32Array | Float64Array | Int32Array =>
  v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array;

/** Collects the storage reachable from `roots` (duck-typed: tensors, modules, optimizers, containers). */
export function reachableStorage(roots: readonly ScopeRoot[]): Set<unknown> {
  const keep = new Set<unknown>();
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 8) return;
    seen.add(v);
    if (isStorage(v)) {
      keep.add(v);
      return;
    }
    const o = v as Record<string, unknown>;
    if (isStorage(o.data) && Array.isArray(o.shape)) {
      // a tensor: its storage and its gradient
      keep.add(o.data);
      visit(o.grad, depth + 1);
      return;
    }
    if (typeof o.parameters === 'function' && typeof o.namedBuffers === 'function') {
      // a module
      for (const p of (o.parameters as () => unknown[])()) visit(p, depth + 1);
      for (const [, b] of (o.namedBuffers as () => [string, unknown][])()) visit(b, depth + 1);
      return;
    }
    if (o.state instanceof Map && Array.isArray(o.paramGroups)) {
      // an optimizer: per-parameter state records, and the parameters themselves
      for (const [p, record] of o.state as Map<unknown, Record<string, unknown>>) {
        visit(p, depth + 1);
        for (const s of Object.values(record)) visit(s, depth + 1);
      }
      for (const g of o.paramGroups as { params?: unknown }[]) visit(g.params, depth + 1);
      return;
    }
    if (v instanceof Map) {
      for (const [k, val] of v) {
        visit(k, depth + 1);
        visit(val, depth + 1);
      }
      return;
    }
    if (Array.isArray(v) || v instanceof Set) {
      for (const e of v) visit(e, depth + 1);
      return;
    }
    if (Object.getPrototypeOf(v) === Object.prototype) for (const e of Object.values(o)) visit(e, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return keep;
}

/** An open memory scope (see `openScope`). */
export interface MemoryScope {
  /** Frees the storage this scope holds that `roots` do not reach; the scope stays open. */
  collect(...roots: ScopeRoot[]): void;
  /** Frees what `roots` do not reach and closes the scope; survivors pass to the enclosing one. */
  close(...roots: ScopeRoot[]): void;
}

/**
 * Opens a scope explicitly (`tidy` is the usual form). A recording scope holds what is allocated
 * while it is the innermost recording one; with `record: false` it only holds what inner scopes
 * keep — fit keeps each step's gradients in such a scope and collects the stale ones per step.
 * Scopes must be closed in reverse order of opening.
 */
export function openScope(options: { record?: boolean } = {}): MemoryScope {
  const backends = scoped();
  const tokens = backends.map((b) => b.openScope!(options.record ?? true));
  let open = true;
  const check = (what: string): void => {
    if (!open) throw new Error(`memory scope: ${what} after close`);
  };
  return {
    collect(...roots) {
      check('collect');
      if (backends.length === 0) return;
      const keep = reachableStorage(roots);
      backends.forEach((b, i) => b.collectScope!(tokens[i]!, keep));
    },
    close(...roots) {
      check('close');
      open = false;
      if (backends.length === 0) return;
      const keep = reachableStorage(roots);
      backends.forEach((b, i) => b.closeScope!(tokens[i]!, keep));
    },
  };
}

/**
 * Runs `fn` and frees the storage it allocated, except what its result or `roots` reach.
 * @example const value = tidy(() => { const l = loss(model.forward(x), y); l.backward(); opt.step(); return l.item(); }, model, opt);
 */
export function tidy<T>(fn: () => T, ...roots: ScopeRoot[]): T {
  if (scoped().length === 0) return fn();
  const scope = openScope();
  let result: T | undefined;
  let ok = false;
  try {
    result = fn();
    ok = true;
    return result;
  } finally {
    // After a throw nothing of fn's survives except through roots.
    if (ok) scope.close(result, ...roots);
    else scope.close(...roots);
  }
}

/**
 * A loop of steps whose survivors are `roots` (e.g. the model and its optimizer): `run(fn)` is
 * `tidy(fn, ...roots)`, and the previous step's survivors that `roots` no longer reach (last
 * step's gradients, replaced by this step's) are freed after it. `close()` when the loop ends.
 */
export function stepScope(...roots: ScopeRoot[]): { run<T>(fn: () => T): T; close(): void } {
  const held = openScope({ record: false });
  return {
    run(fn) {
      const value = tidy(fn, ...roots);
      held.collect(...roots);
      return value;
    },
    close: () => held.close(...roots),
  };
}

/**
 * Frees the storage of tensors (or typed arrays) now, on the backend that allocated it; the
 * caller vouches nothing uses them any more. No-op for storage the GC owns (js, float64).
 */
export function release(...items: ScopeRoot[]): void {
  const backends = [...backendState.available.values()].filter((b) => b.release);
  if (backends.length === 0) return;
  for (const item of items) {
    const data = isStorage(item) ? item : (item as { data?: unknown } | null)?.data;
    if (!isStorage(data)) continue;
    for (const b of backends) if (b.release!(data)) break;
  }
}

/**
 * Takes the storage of tensors (or typed arrays) out of every open scope, so no `tidy` frees it:
 * for long-lived state made inside a step (optimizer moments are kept this way). It is then
 * returned by the garbage collector once unreachable.
 */
export function keep(...items: ScopeRoot[]): void {
  for (const item of items) {
    const data = isStorage(item) ? item : (item as { data?: unknown } | null)?.data;
    if (!isStorage(data)) continue;
    for (const b of backendState.available.values()) b.keep?.(data);
  }
}
