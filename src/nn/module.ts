/**
 * Module: the base of layers, activations and losses, as torch.nn.Module.
 * Children and parameters are found by walking the module's own fields in assignment order
 * (so `this.fc1 = new Linear(...)` registers it, as torch's __setattr__ does); buffers
 * (non-learnable state such as BatchNorm's running mean) are registered explicitly.
 */
import { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { fmtShape, sameShape } from '../tensor/shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Parameter } from './parameter.js';

/** Any module, whatever its forward signature. */
export type AnyModule = Module<unknown[], unknown>;

export abstract class Module<Args extends unknown[] = [Tensor], Out = Tensor> {
  /** train() / eval() switch: dropout, batch norm and rrelu behave differently in eval. */
  training = true;
  private readonly buffers = new Map<string, Tensor>();

  abstract forward(...args: Args): Out;

  /** Direct children with their names; Sequential and ModuleList override this. */
  namedChildren(): [string, AnyModule][] {
    return Object.entries(this).filter((e): e is [string, AnyModule] => e[1] instanceof Module);
  }

  /** Parameters owned directly by this module (not its children). */
  protected ownParameters(): [string, Parameter][] {
    return Object.entries(this).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  /** Every parameter with its dotted path (`0.weight`, `fc1.bias`), each tensor once. */
  namedParameters(prefix = ''): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    const visit = (m: AnyModule, pre: string): void => {
      for (const [name, p] of m.ownParameters()) {
        if (!seen.has(p)) {
          seen.add(p);
          out.push([pre + name, p]);
        }
      }
      for (const [name, child] of m.namedChildren()) visit(child, `${pre}${name}.`);
    };
    visit(this as unknown as AnyModule, prefix ? `${prefix}.` : '');
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** This module and every descendant, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [[prefix, this as unknown as AnyModule]];
    for (const [name, child] of this.namedChildren())
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  protected registerBuffer(name: string, value: Tensor): void {
    this.buffers.set(name, value);
  }
  protected getBuffer(name: string): Tensor {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`${this.constructor.name}: no buffer named ${name}`);
    return b;
  }
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [...this.buffers].map(([n, t]) => [prefix + n, t]);
    for (const [name, child] of this.namedChildren()) out.push(...child.namedBuffers(`${prefix}${name}.`));
    return out;
  }

  /** Sets training mode here and in every child. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /**
   * Converts every float parameter and buffer (here and in every child) to `dtype`, as torch's
   * `module.to(dtype)`; int32 buffers (BatchNorm's `num_batches_tracked`) stay. Parameters are
   * replaced by new ones (a Tensor's storage and dtype are fixed), so build the optimizer AFTER
   * converting — as torch's docs advise for `.to()`/`.cuda()`. A parameter shared by two modules
   * stays shared; gradients are converted along.
   * @example const model = buildModel(spec).double(); // float64 for gradcheck
   */
  to(dtype: FloatDType): this {
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new TypeError(`Module.to: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    const converted = new Map<Parameter, Parameter>();
    noGrad(() => {
      for (const [, m] of this.namedModules()) {
        for (const [name, p] of m.ownParameters()) {
          if (p.dtype === dtype) continue;
          let q = converted.get(p);
          if (!q) {
            q = new Parameter(p.detach().to(dtype), p.requiresGrad);
            q.grad = p.grad && p.grad.to(dtype);
            converted.set(p, q);
          }
          (m as unknown as Record<string, Parameter>)[name] = q;
        }
        for (const [name, b] of m.buffers) {
          if (b.dtype !== 'int32' && b.dtype !== dtype) m.buffers.set(name, b.to(dtype));
        }
      }
    });
    return this;
  }
  /** `to('float64')`. */
  double(): this {
    return this.to('float64');
  }
  /** `to('float32')`. */
  float(): this {
    return this.to('float32');
  }

  /** Clears `.grad` of every parameter (torch's zero_grad with set_to_none=True). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Parameters and buffers by dotted name: the tensors to save. */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries([...this.namedParameters(), ...this.namedBuffers()].map(([n, t]) => [n, t.detach()]));
  }

  /**
   * Copies values in place (so optimizers holding the parameters keep working). With `strict`
   * (the default) missing or unexpected keys are an error, as in torch.
   */
  loadStateDict(
    state: Record<string, Tensor>,
    { strict = true }: { strict?: boolean } = {},
  ): { missingKeys: string[]; unexpectedKeys: string[] } {
    const own = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    const missingKeys = [...own.keys()].filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !own.has(k));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new Error(
        `loadStateDict: ${missingKeys.length ? `missing keys ${missingKeys.join(', ')}` : ''}` +
          `${missingKeys.length && unexpectedKeys.length ? '; ' : ''}${unexpectedKeys.length ? `unexpected keys ${unexpectedKeys.join(', ')}` : ''}`,
      );
    }
    for (const [name, target] of own) {
      const src = state[name];
      if (!src) continue;
      if (!sameShape(src.shape, target.shape)) {
        throw new RangeError(
          `loadStateDict: ${name} has shape ${fmtShape(src.shape)} in the state dict, but ${fmtShape(target.shape)} in the model`,
        );
      }
      const data = target.data;
      for (let i = 0; i < data.length; i++) data[i] = src.data[i]!;
    }
    return { missingKeys, unexpectedKeys };
  }

  /** One-line description of this module's own settings, shown by toString (torch's extra_repr). */
  extraRepr(): string {
    return '';
  }

  /** torch-style tree: `Sequential(\n  (0): Linear(in_features=2, out_features=8, bias=True)\n …)`. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}
