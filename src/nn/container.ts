/** Containers: Sequential (a chain of layers) and ModuleList (an indexed list of submodules). */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import type { AnyModule } from './module.js';

/** A module mapping one tensor to one tensor: what Sequential can chain. */
export type Layer = Module<[Tensor], Tensor>;

function checkModule(m: unknown, owner: string, i: number): void {
  if (!(m instanceof Module))
    throw new TypeError(`${owner}: item ${i} is not a Module (got ${m === null ? 'null' : typeof m})`);
}

/**
 * Runs its layers in order; children are named '0', '1', … as in torch, so state-dict keys
 * (`0.weight`) match a torch `nn.Sequential`.
 * @example new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1))
 */
export class Sequential extends Module {
  private readonly layers: Layer[];

  constructor(...layers: Layer[]) {
    super();
    layers.forEach((m, i) => checkModule(m, 'Sequential', i));
    this.layers = layers;
  }

  override namedChildren(): [string, AnyModule][] {
    return this.layers.map((m, i) => [String(i), m as unknown as AnyModule]);
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }

  get length(): number {
    return this.layers.length;
  }
  /** The layer at index i (negative counts from the end). */
  at(i: number): Layer {
    const m = this.layers.at(i);
    if (!m) throw new RangeError(`Sequential.at: index ${i} is out of range for ${this.layers.length} layers`);
    return m;
  }
  append(layer: Layer): this {
    checkModule(layer, 'Sequential.append', this.layers.length);
    this.layers.push(layer);
    return this;
  }
  [Symbol.iterator](): Iterator<Layer> {
    return this.layers[Symbol.iterator]();
  }
}

/**
 * Holds submodules in a list so their parameters register: a plain array field is invisible to
 * the field walk that finds children. Children are named 0, 1, …; there is no forward.
 */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<never[], never> {
  private readonly items: M[];
  constructor(modules: readonly M[] = []) {
    super();
    modules.forEach((m, i) => checkModule(m, 'ModuleList', i));
    this.items = [...modules];
  }
  override namedChildren(): [string, AnyModule][] {
    return this.items.map((m, i) => [String(i), m]);
  }
  forward(): never {
    throw new Error('ModuleList has no forward; iterate over it and call each module');
  }
  get length(): number {
    return this.items.length;
  }
  at(i: number): M {
    const m = this.items.at(i);
    if (!m) throw new RangeError(`ModuleList.at: index ${i} is out of range for ${this.items.length} modules`);
    return m;
  }
  append(m: M): this {
    checkModule(m, 'ModuleList.append', this.items.length);
    this.items.push(m);
    return this;
  }
  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}
