/**
 * Optimizer base: parameter groups (each with its own options, e.g. no weight decay for PReLU's
 * slopes), per-parameter state, zeroGrad, and a step that visits every parameter with a gradient.
 * Updates run in place on the parameter's storage, outside the autograd tape.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray } from '../tensor/dtype.js';
import { arrayDType } from '../tensor/dtype.js';
import { getBackend } from '../backend/registry.js';
import { keep } from '../backend/scope.js';

/** Options every optimizer has. */
export interface BaseOptions {
  lr: number;
  /** Ascend instead of descend (default false). */
  maximize: boolean;
}

/** One group of parameters with options overriding the optimizer's defaults. */
export type ParamGroupSpec<O> = { params: Iterable<Tensor> } & Partial<O>;

/** A resolved group: every option set. `initialLr` is kept for schedulers. */
export type ParamGroup<O> = O & { params: Tensor[]; initialLr: number };

export type Params<O> = Iterable<Tensor> | readonly ParamGroupSpec<O>[];

function isGroupList<O>(p: Params<O>): p is readonly ParamGroupSpec<O>[] {
  return Array.isArray(p) && p.length > 0 && !(p[0] instanceof Tensor);
}

export abstract class Optimizer<O extends BaseOptions> {
  readonly defaults: O;
  readonly paramGroups: ParamGroup<O>[];
  /** Per-parameter buffers (momentum, moments), created on a parameter's first step. */
  readonly state = new Map<Tensor, Record<string, FloatArray | number>>();

  constructor(params: Params<O>, defaults: O) {
    const name = this.constructor.name;
    this.defaults = defaults;
    const specs: ParamGroupSpec<O>[] = isGroupList(params) ? [...params] : [{ params } as ParamGroupSpec<O>];
    const seen = new Set<Tensor>();
    this.paramGroups = specs.map((spec, gi) => {
      const list = [...spec.params];
      list.forEach((p, i) => {
        if (!(p instanceof Tensor)) throw new TypeError(`${name}: group ${gi} param ${i} is not a Tensor`);
        if (!p.isLeaf)
          throw new TypeError(
            `${name}: group ${gi} param ${i} is not a leaf tensor; optimizers update leaves (parameters)`,
          );
        if (p.dtype === 'int32')
          throw new TypeError(`${name}: group ${gi} param ${i} is int32; only float tensors can be optimized`);
        if (seen.has(p)) throw new RangeError(`${name}: a parameter appears more than once (group ${gi}, param ${i})`);
        seen.add(p);
      });
      const group = { ...defaults, ...spec, params: list } as ParamGroup<O>;
      this.validate(group, `${name} (group ${gi})`);
      group.initialLr = group.lr;
      return group;
    });
    if (seen.size === 0) throw new RangeError(`${name}: got an empty parameter list`);
  }

  /** Throws for an option outside its range; subclasses check their own. */
  protected validate(group: O, where: string): void {
    checkOption(group.lr, 'lr', where, 0);
  }

  /** Clears the gradients of every parameter (set to null, torch's default). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (!p.grad) continue;
        let state = this.state.get(p);
        if (!state) {
          state = { step: 0 };
          this.state.set(p, state);
        }
        state.step = (state.step as number) + 1;
        const grad = (p.grad.dtype === p.dtype ? p.grad : p.grad.to(p.dtype)).data as FloatArray;
        this.update(p.data as FloatArray, grad, group, state, p);
      }
    }
  }

  /** Updates `param` in place from `grad`; `state.step` already counts this step. */
  protected abstract update(
    param: FloatArray,
    grad: FloatArray,
    group: ParamGroup<O>,
    state: Record<string, FloatArray | number>,
    p: Tensor,
  ): void;

  /**
   * The optimizer's state as torch's `state_dict()` lays it out: per-parameter state keyed by the
   * parameter's index over all groups (in order), and each group's options with the indices of
   * its parameters. Buffers are copies (the snapshot does not change as training goes on).
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...options }) => ({
      ...structuredClone(options),
      params: params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      }),
    }));
    const state: OptimizerStateDict['state'] = {};
    for (const [p, record] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(
        Object.entries(record).map(([k, v]) => [
          k,
          typeof v === 'number' ? v : new Tensor(v.slice(), p.shape, p.dtype),
        ]),
      );
    }
    return { type: this.constructor.name, state, paramGroups };
  }

  /**
   * Restores a {@link stateDict} into this optimizer (same parameters, same groups, in the same
   * order): every group's options — lr included, as torch does — and every parameter's state.
   * @throws RangeError naming the group, parameter or buffer that does not fit.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const name = `${this.constructor.name}.loadStateDict`;
    if (sd.type !== undefined && sd.type !== this.constructor.name)
      throw new TypeError(`${name}: the state is of a ${sd.type}, not a ${this.constructor.name}`);
    if (!Array.isArray(sd.paramGroups) || sd.paramGroups.length !== this.paramGroups.length) {
      throw new RangeError(
        `${name}: the state has ${sd.paramGroups?.length ?? 0} parameter group(s), this optimizer ${this.paramGroups.length}`,
      );
    }
    const params: Tensor[] = [];
    sd.paramGroups.forEach((saved, gi) => {
      const group = this.paramGroups[gi]!;
      if (!Array.isArray(saved.params) || saved.params.length !== group.params.length) {
        throw new RangeError(
          `${name}: group ${gi} has ${saved.params?.length ?? 0} parameter(s) in the state, ${group.params.length} here`,
        );
      }
      params.push(...group.params);
    });
    // Check everything before changing anything: a failed load leaves the optimizer as it was.
    const records = new Map<Tensor, [string, Tensor | number][]>();
    for (const [key, record] of Object.entries(sd.state ?? {})) {
      const p = params[Number(key)];
      if (p === undefined) throw new RangeError(`${name}: state for parameter ${key}, but there are ${params.length}`);
      const entries = Object.entries(record);
      for (const [k, v] of entries) {
        if (typeof v === 'number') continue;
        if (!(v instanceof Tensor) || v.numel !== p.numel) {
          throw new RangeError(
            `${name}: '${k}' of parameter ${key} must have ${p.numel} elements (the parameter's), got ${v instanceof Tensor ? v.numel : typeof v}`,
          );
        }
      }
      records.set(p, entries);
    }
    sd.paramGroups.forEach(({ params: _indices, ...options }, gi) => {
      const group = this.paramGroups[gi]!;
      const merged = { ...group, ...structuredClone(options), params: group.params } as ParamGroup<O>;
      this.validate(merged, `${name} (group ${gi})`);
      Object.assign(group, merged);
    });
    this.state.clear();
    for (const [p, entries] of records) {
      const record: Record<string, FloatArray | number> = {};
      for (const [k, v] of entries) {
        if (typeof v === 'number') record[k] = v;
        else this.buffer(record, k, p.data as FloatArray).set(v.data);
      }
      this.state.set(p, record);
    }
  }

  /**
   * A zeroed buffer shaped like the parameter, stored in `state[key]` on first use. It comes from
   * the parameter's backend, so a fused backend step (WASM) can update it in place.
   */
  protected buffer(state: Record<string, FloatArray | number>, key: string, like: FloatArray): FloatArray {
    let b = state[key];
    if (b === undefined) {
      const dtype = arrayDType(like);
      b = getBackend(dtype).alloc(dtype, like.length) as FloatArray;
      keep(b); // made inside a training step's scope, it must outlive the step
      state[key] = b;
    }
    return b as FloatArray;
  }
}

/** An optimizer's state ({@link Optimizer.stateDict}), torch's layout in camelCase. */
export interface OptimizerStateDict {
  /** The optimizer's class name, checked on load when present. */
  type?: string;
  /** Per parameter index: its step count and buffers (`exp_avg`, `momentum_buffer`…). */
  state: Record<number, Record<string, Tensor | number>>;
  /** Each group's options (lr, betas…, initialLr) and its parameters' indices. */
  paramGroups: ({ params: number[] } & Record<string, unknown>)[];
}

export function checkOption(
  value: unknown,
  name: string,
  where: string,
  lo: number,
  hi = Infinity,
  hiOpen = false,
): void {
  const ok = typeof value === 'number' && value >= lo && (hiOpen ? value < hi : value <= hi);
  if (!ok) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new RangeError(`${where}: ${name} must be a number ${range}, got ${String(value)}`);
  }
}

/** Rounds to float32 after each step of a formula when the parameter is float32, as torch's kernels do. */
export function rounding(a: FloatArray): (x: number) => number {
  return a instanceof Float32Array ? Math.fround : (x: number) => x;
}
