/**
 * Writes docs/activations.md from the activation registry: an overview table (formula,
 * defaults, properties, PyTorch names) and one section per activation. Run `npm run docs`;
 * test/activations/docs.test.ts fails when the committed file differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinActivations, hasLearnableParams, hasRandomParams, paramDefaults } from '../src/activations/index.js';
import type { ActivationSpec, ElementwiseSpec, OnnxMapping, ParamSpec } from '../src/activations/index.js';
import { camelCase } from '../src/activations/names.js';
import { numberRangeText } from '../src/activations/params.js';
import { optionNames } from '../src/activations/functional.js';
import { activationModule } from '../src/nn/activation.js';
import { checkProperties, mismatches } from '../src/analysis/check.js';
import { measureProperties } from '../src/analysis/properties.js';
import { learnableParam } from '../src/activations/define.js';
import { APPROXIMATE_GRADIENT_IDS } from '../src/backend/wasm/backend.js';
import { WASM_ACTIVATION_IDS, wasmActivationUlps, type WasmActivationId } from '../src/backend/wasm/index.js';

export const DOC_PATH = fileURLToPath(new URL('../docs/activations.md', import.meta.url));

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const math = (tex: string): string => (tex ? `$${tex}$` : '—');
const yes = (b: boolean | undefined): string => (b === undefined ? '—' : b ? 'yes' : 'no');

function num(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  return String(Number(v.toPrecision(6)));
}

function value(v: number | string): string {
  return typeof v === 'string' ? `'${v}'` : num(v);
}

function defaults(spec: ActivationSpec): string {
  const entries = Object.entries(spec.params).map(([k, s]) => `${k}=${value(s.default)}`);
  return entries.length ? entries.join(', ') : '—';
}

function allowed(s: ParamSpec): string {
  if ('choices' in s) return s.choices.map((c) => `'${c}'`).join(' | ');
  const extra = [
    s.learnable === 'always' ? 'a tensor (learned)' : s.learnable === 'optional' ? 'or a tensor (learned)' : '',
    s.random ? 'random in training' : '',
  ];
  return [numberRangeText(s), ...extra].filter(Boolean).join('; ');
}

function onnx(m: OnnxMapping | undefined): string {
  if (!m) return '—';
  if ('op' in m) {
    const attrs = Object.entries(m.attributes ?? {}).map(([k, v]) => `${k}=${value(v)}`);
    return `\`${m.op}\` (opset ${m.opset}${attrs.length ? `; ${attrs.join(', ')}` : ''})`;
  }
  return `decomposition \`${m.decomposition}\` (${m.ops.join(', ')}; opset ${m.opset})`;
}

/** The F call with its options spelled out at their defaults. */
function functionalCall(spec: ActivationSpec): string {
  const weight = Object.keys(spec.params).find(
    (k) => (spec.params[k] as { learnable?: string }).learnable === 'always',
  );
  const opts = optionNames(spec)
    .filter((k) => k !== weight && k in spec.params)
    .map((k) => `${k}: ${value(spec.params[k]!.default)}`);
  return `F.${camelCase(spec.id)}(x${weight ? `, ${weight}` : ''}${opts.length ? `, { ${opts.join(', ')} }` : ''})`;
}

function overview(specs: readonly ActivationSpec[]): string[] {
  const head =
    '| Activation | `F.` / `nn.` | PyTorch | Formula | Defaults | Range | Monotonic | Smoothness | Zero-centred | ≈ x near 0 | Saturates (−/+) | Self-gated | Learnable / random | Cost |';
  const lines = [head, `|${'---|'.repeat(14)}`];
  for (const s of specs) {
    const p = s.properties as Record<string, unknown>;
    const range = p.range as [number, number] | undefined;
    const elementwise = s.kind === 'elementwise';
    lines.push(
      `| [${s.name}](#${s.id}) | \`${camelCase(s.id)}\` / \`${s.torchName}\` | ${s.torchFunction ? `\`${s.torchFunction.replace('torch.nn.functional.', 'F.')}\`` : '—'} | ` +
        `${cell(math(s.formula))} | ${cell(defaults(s))} | ${range ? `[${num(range[0])}, ${num(range[1])}]` : '—'} | ` +
        `${elementwise ? String(p.monotonic === false ? 'no' : (p.monotonic ?? '—')) : 'n/a'} | ${String(p.smoothness ?? '—')} | ` +
        `${elementwise ? yes(p.zeroCentred as boolean) : 'n/a'} | ${elementwise ? yes(p.identityNearZero as boolean) : 'n/a'} | ` +
        `${elementwise ? `${yes(p.saturatesLeft as boolean)} / ${yes(p.saturatesRight as boolean)}` : 'n/a'} | ` +
        `${elementwise ? yes(p.selfGated as boolean) : 'n/a'} | ${hasLearnableParams(s) ? 'learnable' : hasRandomParams(s) ? 'random' : '—'} | ${String(p.cost ?? '—')} |`,
    );
  }
  return lines;
}

function section(spec: ActivationSpec): string[] {
  const Module = activationModule(spec);
  const out = [`<a id="${spec.id}"></a>`, '', `### ${spec.name} — \`${spec.id}\``, '', spec.summary, ''];
  out.push(`- Functional: \`${functionalCall(spec)}\``);
  const names = [spec.torchName, ...spec.moduleAliases].map((n) => `\`nn.${n}\``).join(', ');
  out.push(`- Module: ${names} — \`${String(new Module())}\``);
  out.push(`- PyTorch: ${spec.torchFunction ? `\`${spec.torchFunction}\`` : 'not in PyTorch'}`);
  if (spec.aliases.length) out.push(`- Aliases: ${spec.aliases.map((a) => `\`${a}\``).join(', ')}`);
  if (spec.kind === 'dimwise') {
    out.push(
      `- Applies along ${spec.fixedDim ? `dim ${spec.fixedDim.dim} of a ${spec.fixedDim.ndims.join('-D or ')}-D input` : '`dim`'}`,
    );
  }
  out.push('', `$$${spec.formula}$$`, '', 'Derivative:', '', `$$${spec.derivative}$$`, '');
  const params = Object.entries(spec.params);
  if (params.length) {
    out.push('| Parameter | Default | Allowed | Meaning |', '|---|---|---|---|');
    for (const [k, s] of params)
      out.push(
        `| \`${k}\`${s.torch === false ? ' (actlab)' : ''} | ${value(s.default)} | ${cell(allowed(s))} | ${cell(s.doc ?? '')} |`,
      );
    out.push('');
  }
  if (spec.kind === 'elementwise') {
    const kinks = spec.kinks(paramDefaults(spec.params) as never);
    if (kinks.length) {
      out.push('| Kink x | Gradient there (as PyTorch) | Why |', '|---|---|---|');
      for (const k of kinks)
        out.push(
          `| ${num(k.x)} | ${num(k.grad)}${k.value !== undefined ? ` (value ${num(k.value)})` : ''} | ${cell(k.why)} |`,
        );
      out.push('');
    }
  }
  const props = Object.entries(spec.properties).map(
    ([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.map(num).join(', ')}]` : String(v)}`,
  );
  out.push(`Properties (at the defaults, checked numerically): ${props.join('; ')}.`, '');
  if (spec.kind === 'elementwise') out.push(measuredLine(spec), '', precisionLine(spec), '');
  if (spec.knownDifferences.length) {
    out.push('Differences from PyTorch:', '');
    for (const d of spec.knownDifferences) out.push(`- ${d.note}.`);
    out.push('');
  }
  out.push(`ONNX: ${onnx(spec.onnx?.(paramDefaults(spec.params) as never))}.`, '');
  out.push(
    `References: ${spec.references.map((r) => `${r.authors}, *${r.title}*, ${r.year}${r.url ? ` (<${r.url}>)` : ''}`).join('; ') || '—'}.`,
    '',
  );
  return out;
}

/** What the property engine measures beyond the declared properties: f′'s range, kinks, Gaussian moments. */
function measuredLine(spec: ElementwiseSpec): string {
  const m = measureProperties(spec);
  // Four digits; quadrature noise (|v| < 1e-12, e.g. the mean of an odd f) reads 0.
  const sig = (v: number): string => String(Math.abs(v) < 1e-12 ? 0 : Number(v.toPrecision(4)));
  const places = [...m.discontinuities.map((x) => `jump at ${num(x)}`), ...m.kinks.map((x) => `kink at ${num(x)}`)];
  return (
    `Measured from f and f′: f′ ∈ [${sig(m.derivativeRange[0])}, ${sig(m.derivativeRange[1])}]; ` +
    `${places.length ? places.join(', ') : 'no jump or kink'}; E[f(z)] = ${sig(m.gaussianMean)}, ` +
    `E[f(z)²] = ${sig(m.gaussianSecondMoment)} for z ~ N(0, 1).`
  );
}

/** What float32 runs on the default WASM backend, and how exact it is. */
function precisionLine(spec: ElementwiseSpec): string {
  const ids: readonly string[] = WASM_ACTIVATION_IDS;
  const learned = learnableParam(spec)
    ? ` With the parameter as a tensor (learned): ${spec.id === 'prelu' ? 'a SIMD kernel per channel' : 'the float64 per-channel loops'}.`
    : '';
  if (!ids.includes(spec.id)) {
    return `float32 on the WASM backend: no SIMD kernel, so the float64 loops, rounded once (as float64 and the js backend).${learned}`;
  }
  const ulps = wasmActivationUlps(spec.id as WasmActivationId);
  const within = ulps === 0 ? 'exact (0 ulps)' : `within ${ulps} float32 ulp${ulps === 1 ? '' : 's'}`;
  const kernel = APPROXIMATE_GRADIENT_IDS.includes(spec.id)
    ? `the value ${within}; the gradient, in the default 'fast' gradient mode, within ${ulps} ulps of the largest ` +
      'term of f′, not of f′ itself next to its roots (`ACTLAB_WASM_GRADIENTS=exact` computes it in float64)'
    : `value and gradient ${within}`;
  return `float32 on the WASM backend: a SIMD kernel, ${kernel}.${learned}`;
}

/** Refuses to document a property the measurement contradicts. */
function checked(spec: ActivationSpec): ActivationSpec {
  const bad = mismatches(checkProperties(spec));
  if (bad.length) throw new Error(`gen-docs: ${spec.id} declares ${bad.map((c) => c.property).join(', ')} wrongly`);
  return spec;
}

/** The whole of docs/activations.md. */
export function renderActivationsDoc(
  specs: readonly ActivationSpec[] = builtinActivations as readonly ActivationSpec[],
): string {
  const lines = [
    '# Activation reference',
    '',
    '<!-- Generated from src/activations by `npm run docs` (scripts/gen-docs.ts). Do not edit: a test fails when it is stale. -->',
    '',
    `${specs.length} activations, each defined by one spec file in \`src/activations/\`. Every one has a functional form ` +
      '(`F.<camelCase id>`, or `F.activation(id, x)`), a module (`nn.<Name>`, or `new nn.Activation(id)`), a float64 ' +
      'scalar reference with the array loops derived from it, float32 SIMD kernels on the WASM backend for most, and ' +
      'PyTorch-golden tests. Properties are stated at the default parameters and measured from f and f′ (or the ' +
      'row function) by the property engine in `src/analysis/`, which `actlab show` prints and ' +
      '`test/analysis/registry-properties.test.ts` holds every declaration against.',
    '',
    'Conventions shared by all of them:',
    '',
    "- Gradients at kinks are PyTorch's (listed per activation); `x` exactly at a kink gets that one-sided value.",
    '- NaN inputs give NaN outputs. At ±∞ the value and gradient are what PyTorch returns (NaN where its formula ' +
      'meets ∞·0 or ∞/∞, e.g. `gelu(−∞)`, `silu(−∞)`, `softsign(±∞)`).',
    "- Gradients at NaN inputs follow PyTorch's scalar loop (its vectorized loop differs for some activations: " +
      'relu6, hardtanh, hardshrink and softshrink give 0 there, elu, selu, celu and hardswish NaN).',
    '- **What runs, and how exact it is.** float64 tensors, and float32 ones on the plain TypeScript backend ' +
      '(`ACTLAB_BACKEND=js`), run the loops derived from the scalar reference (or a spec’s faster hand-written ones): ' +
      'computed in float64 and rounded once, with parameters not rounded to float32 first (PyTorch rounds them) — ' +
      'within an ulp of PyTorch’s own float32 result. float32 on the **default WASM backend** runs float32 SIMD kernels ' +
      'instead, where an activation has one: each section below states its bound in float32 ulps of the exact value ' +
      '(next to a root of f or f′, of the largest term that cancels there), held by `test/backend/wasm` on dense grids ' +
      `and every magnitude. Their gradients run in the **'fast' gradient mode** by default: for ${APPROXIMATE_GRADIENT_IDS.join(', ')} ` +
      'and softmax rows they are accurate relative to the terms of f′ (as PyTorch’s float32 kernels are), not next to ' +
      'its roots; `ACTLAB_WASM_GRADIENTS=exact` runs those backward passes in float64 instead. Activations without a ' +
      'SIMD kernel run the float64 loops on the WASM backend too; softmax and log_softmax over a contiguous last dim ' +
      'have SIMD row kernels (accuracy in `src/backend/wasm/README.md`), other dim-wise ones the float64 loops.',
    '- Stable forms: softplus reverts to x above threshold/β, logsigmoid = −softplus(−x), log-softmax by ' +
      'log-sum-exp, expm1/log1p/erfc where they avoid cancellation, σ′ and sech² without `1 − y` cancellation.',
    '',
    '## Overview',
    '',
    ...overview(specs),
    '',
    '## Activations',
    '',
    ...specs.map(checked).flatMap(section),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC_PATH, renderActivationsDoc());
  console.log(`wrote ${DOC_PATH}`);
}
