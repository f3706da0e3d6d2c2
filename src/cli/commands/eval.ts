/**
 * `actlab eval <id> --x -3,0,3`: the activation (and with --grad its gradient, by autograd)
 * at given points, through the same tensor path a network uses, in float32 or float64.
 */
import { Option, type Command } from 'commander';
import type { ActivationSpec } from '../../activations/define.js';
import { applyActivation } from '../../activations/functional.js';
import { full, tensor } from '../../tensor/create.js';
import { ones } from '../../tensor/create.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { parseParamValue } from '../../activations/resolve.js';
import { specOf } from '../activations.js';
import { UsageError } from '../errors.js';
import { choose, paramArg, type ParamSetting } from '../options.js';
import { InvalidArgumentError } from 'commander';
import { print, table } from '../output.js';
import { importOption } from '../imports.js';

interface EvalOptions {
  x: number[];
  param?: ParamSetting[];
  grad?: boolean;
  dtype: string;
  json?: boolean;
}

/** "-3,0,3": numbers, plus nan, inf and -inf to see how edge values propagate. */
function pointsArg(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  return parts.map((p) => {
    const t = p.toLowerCase();
    const v =
      t === 'nan'
        ? NaN
        : t === 'inf' || t === '+inf' || t === 'infinity'
          ? Infinity
          : t === '-inf' || t === '-infinity'
            ? -Infinity
            : t === ''
              ? undefined
              : Number(t);
    if (v === undefined || (Number.isNaN(v) && t !== 'nan'))
      throw new InvalidArgumentError(
        `expected comma-separated numbers (nan, inf, -inf allowed), got '${p}' in '${text}'`,
      );
    return v;
  });
}

/** Options for applyActivation from `--param` text: PReLU's weight as a one-value tensor. */
function callOptions(
  spec: ActivationSpec,
  settings: readonly ParamSetting[],
  dtype: FloatDType,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of settings) {
    if (s.id !== undefined && specOf(s.id).id !== spec.id)
      throw new UsageError(`--param ${s.id}.${s.name}: this command evaluates ${spec.id} only`);
    const ps = spec.params[s.name];
    if (!ps) {
      const names = Object.keys(spec.params);
      throw new UsageError(
        `--param ${s.name}: ${spec.id} has no parameter '${s.name}' (${names.length ? `its parameters: ${names.join(', ')}` : 'it takes none'})`,
      );
    }
    const value =
      spec.kind === 'elementwise'
        ? parseParamValue(spec, s.name, s.value)
        : Number.isNaN(Number(s.value))
          ? s.value
          : Number(s.value);
    out[s.name] =
      'learnable' in ps && ps.learnable === 'always' && typeof value === 'number' ? full([1], value, { dtype }) : value;
  }
  return out;
}

/** Shortest text that round-trips the stored value (float32 values need at most 9 digits). */
const show = (v: number, dtype: FloatDType): string =>
  Number.isFinite(v) ? String(dtype === 'float32' ? Number(v.toPrecision(9)) : v) : String(v);
const jsonNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

export function register(program: Command): void {
  program
    .command('eval')
    .summary('evaluate an activation (and its gradient) at given points, float32 or float64')
    .description(
      'Applies the activation to the points given with --x through the tensor engine (the same fused kernels networks use), ' +
        "in float32 (PyTorch's default) or float64; with --grad also back-propagates ones to get the gradient, following " +
        "PyTorch's convention at kinks (e.g. ReLU′(0) = 0). Dim-wise activations treat the points as one vector.",
    )
    .argument('<id>', 'activation id or alias (actlab list shows them)')
    .requiredOption(
      '--x <values>',
      'points, comma-separated (nan, inf, -inf allowed), e.g. --x -3,0,3 or --x=-3,0,3 (required)',
      pointsArg,
    )
    .addOption(
      new Option('--param <name=value>', "parameter value, repeatable (default: the activation's defaults)").argParser(
        paramArg,
      ),
    )
    .option('--grad', 'also print the gradient at each point (default: values only)')
    .addOption(new Option('--dtype <dtype>', 'float32 or float64').default('float32'))
    .option(
      '--json',
      'print {id, dtype, params, x, y, grad?} as JSON on stdout, non-finite numbers as strings (default: a table)',
    )
    .addOption(importOption())
    .action((id: string, o: EvalOptions) => {
      const spec = specOf(id);
      const dtype = choose('dtype', o.dtype, ['float32', 'float64'] as const);
      const options = callOptions(spec, o.param ?? [], dtype);
      const x = tensor(o.x, { dtype, requiresGrad: o.grad === true });
      let y;
      try {
        y = applyActivation(spec, x, options);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      let grad: number[] | undefined;
      if (o.grad) {
        y.backward(ones(y.shape as number[], { dtype }));
        grad = Array.from(x.grad!.data);
      }
      const xs = Array.from(x.data);
      const ys = Array.from(y.data);
      if (o.json) {
        const params = Object.fromEntries(
          Object.entries(options).map(([k, v]) => [
            k,
            typeof v === 'object' && v !== null ? (v as { data: ArrayLike<number> }).data[0] : v,
          ]),
        );
        const out: Record<string, unknown> = {
          id: spec.id,
          dtype,
          params,
          x: xs.map(jsonNumber),
          y: ys.map(jsonNumber),
        };
        if (grad) out.grad = grad.map(jsonNumber);
        print(JSON.stringify(out, null, 2));
        return;
      }
      const dimwise = spec.kind !== 'elementwise';
      const head = ['x', dimwise ? 'y' : 'f(x)', ...(grad ? [dimwise ? '∂(Σy)/∂x' : 'f′(x)'] : [])];
      const rows = xs.map((v, i) => [
        show(v, dtype),
        show(ys[i] ?? NaN, dtype),
        ...(grad ? [show(grad[i]!, dtype)] : []),
      ]);
      print(
        table(
          head,
          rows,
          head.map(() => 'right' as const),
        ),
        `${spec.id} in ${dtype}${
          Object.keys(options).length
            ? ` with ${Object.keys(options)
                .map((k) => `${k}=${o.param!.find((p) => p.name === k)!.value}`)
                .join(', ')}`
            : ''
        }`,
      );
    });
}
