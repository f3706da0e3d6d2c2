/**
 * Derivatives of a fitted field u(x) — a coordinate network's output — with respect to its input
 * coordinates: the gradient ∇u and the Laplacian Δu = Σ_d ∂²u/∂x_d², SIREN's signature figure.
 *
 * The engine has no double backward, so this is exact forward-mode differentiation in float64,
 * layer by layer, carrying for every sample the value h, the Jacobian J = ∂h/∂x ([width, d]) and
 * the Laplacian L = Δh ([width]) of each unit:
 *
 *   affine  z = Wh + b   →  J_z = W·J_h,            L_z = W·L_h
 *   scalar  a = σ(z)     →  J_a = σ′(z)·J_z,        L_a = σ′(z)·L_z + σ″(z)·Σ_d (J_z)_d²
 *
 * Supported layers: Linear, SineLayer (σ = sin(ω₀·)), PositionalEncoding (σ = sin/cos(2^iπ·) per
 * coordinate), elementwise activation modules without learned parameters (σ″ from
 * second-derivatives.ts), and Sequentials of these.
 */
import { Activation } from '../nn/activation.js';
import { Sequential } from '../nn/container.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { PositionalEncoding } from '../nn/positional-encoding.js';
import { SineLayer } from '../nn/sine-layer.js';
import { fmtShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { secondDerivative } from './second-derivatives.js';

/** The field and its derivatives at N points, float64. */
export interface FieldDerivatives {
  /** u(x): `[N, out]`. */
  value: Tensor;
  /** ∂u/∂x: `[N, out, d]`. */
  gradient: Tensor;
  /** Δu: `[N, out]`. */
  laplacian: Tensor;
  /** False when some activation's σ″ was a finite difference of σ′ (no closed form known). */
  exact: boolean;
}

/** Value, Jacobian and Laplacian of every unit of one layer's output, for N samples. */
interface Jet {
  n: number;
  width: number;
  d: number;
  /** [n, width] */
  h: Float64Array;
  /** [n, width, d] */
  j: Float64Array;
  /** [n, width] */
  l: Float64Array;
}

function affine(x: Jet, layer: Linear): Jet {
  const { n, d } = x;
  const inW = layer.inFeatures;
  const outW = layer.outFeatures;
  const W = layer.weight.data;
  const b = layer.bias?.data;
  const h = new Float64Array(n * outW);
  const j = new Float64Array(n * outW * d);
  const l = new Float64Array(n * outW);
  const acc = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    const hIn = s * inW;
    for (let o = 0; o < outW; o++) {
      let z = b ? b[o]! : 0;
      let lap = 0;
      acc.fill(0);
      const row = o * inW;
      for (let i = 0; i < inW; i++) {
        const w = W[row + i]!;
        z += w * x.h[hIn + i]!;
        lap += w * x.l[hIn + i]!;
        const ji = (hIn + i) * d;
        for (let k = 0; k < d; k++) acc[k]! += w * x.j[ji + k]!;
      }
      h[s * outW + o] = z;
      l[s * outW + o] = lap;
      j.set(acc, (s * outW + o) * d);
    }
  }
  return { n, width: outW, d, h, j, l };
}

/** a = σ(z) unit by unit, with σ′ and σ″. */
function scalarMap(x: Jet, f: (z: number) => number, df: (z: number) => number, d2f: (z: number) => number): Jet {
  const { n, width, d } = x;
  const h = new Float64Array(n * width);
  const j = new Float64Array(n * width * d);
  const l = new Float64Array(n * width);
  for (let u = 0; u < n * width; u++) {
    const z = x.h[u]!;
    const g1 = df(z);
    const g2 = d2f(z);
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const jz = x.j[u * d + k]!;
      j[u * d + k] = g1 * jz;
      sq += jz * jz;
    }
    h[u] = f(z);
    l[u] = g1 * x.l[u]! + g2 * sq;
  }
  return { n, width, d, h, j, l };
}

/** Fourier features: [x, then for each frequency ω and coordinate: sin(ωx), cos(ωx)] (see PositionalEncoding). */
function positionalEncoding(x: Jet, pe: PositionalEncoding): Jet {
  const { n, d } = x;
  const inW = pe.inFeatures;
  const outW = pe.outFeatures;
  const h = new Float64Array(n * outW);
  const j = new Float64Array(n * outW * d);
  const l = new Float64Array(n * outW);
  const put = (s: number, o: number, from: number, v: number, g1: number, g2: number): void => {
    const src = s * inW + from;
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const jz = x.j[src * d + k]!;
      j[(s * outW + o) * d + k] = g1 * jz;
      sq += jz * jz;
    }
    h[s * outW + o] = v;
    l[s * outW + o] = g1 * x.l[src]! + g2 * sq;
  };
  for (let s = 0; s < n; s++) {
    let o = 0;
    if (pe.includeInput) for (let i = 0; i < inW; i++) put(s, o++, i, x.h[s * inW + i]!, 1, 0);
    for (const w of pe.frequencies) {
      for (let i = 0; i < inW; i++) {
        const a = w * x.h[s * inW + i]!;
        const sin = Math.sin(a);
        const cos = Math.cos(a);
        put(s, o++, i, sin, w * cos, -w * w * sin);
        put(s, o++, i, cos, -w * sin, -w * w * cos);
      }
    }
  }
  return { n, width: outW, d, h, j, l };
}

/** The leaf layers of a (possibly nested) Sequential, in order. */
function leafLayers(model: AnyModule): AnyModule[] {
  if (model instanceof Sequential) return [...model].flatMap((m) => leafLayers(m as unknown as AnyModule));
  return [model];
}

/**
 * ∇u and Δu of a coordinate network at the points `coords`, exactly (float64 forward mode; the
 * network's float32 weights are read as they are). Runs without the autograd tape.
 *
 * @param model a Sequential of Linear, SineLayer, PositionalEncoding and elementwise activation modules.
 * @param coords `[N, d]` points (float32 or float64).
 * @throws TypeError naming a layer that is not supported; RangeError for a shape mismatch.
 * @example const { gradient, laplacian } = fieldDerivatives(net, coordinateGrid(64)); // [4096, 1, 2], [4096, 1]
 */
export function fieldDerivatives(model: AnyModule, coords: Tensor): FieldDerivatives {
  if (!(coords instanceof Tensor) || coords.ndim !== 2 || coords.dtype === 'int32')
    throw new RangeError(
      `fieldDerivatives: coords must be a float tensor [N, d], got ${coords instanceof Tensor ? `${coords.dtype} ${fmtShape(coords.shape)}` : String(coords)}`,
    );
  const [n, d] = coords.shape as [number, number];
  // The input: h = x, J = identity, L = 0.
  let jet: Jet = {
    n,
    width: d,
    d,
    h: Float64Array.from(coords.data),
    j: new Float64Array(n * d * d),
    l: new Float64Array(n * d),
  };
  for (let s = 0; s < n; s++) for (let k = 0; k < d; k++) jet.j[(s * d + k) * d + k] = 1;
  let exact = true;
  leafLayers(model).forEach((layer, index) => {
    const where = `fieldDerivatives: layer ${index} (${layer.constructor.name})`;
    const inWidth = (layer as { inFeatures?: number }).inFeatures;
    if (inWidth !== undefined && inWidth !== jet.width)
      throw new RangeError(`${where} expects ${inWidth} features, but receives ${jet.width}`);
    if (layer instanceof SineLayer) {
      const w0 = layer.w0;
      jet = affine(jet, layer.linear);
      jet = scalarMap(
        jet,
        (z) => Math.sin(w0 * z),
        (z) => w0 * Math.cos(w0 * z),
        (z) => -w0 * w0 * Math.sin(w0 * z),
      );
    } else if (layer instanceof Linear) jet = affine(jet, layer);
    else if (layer instanceof PositionalEncoding) jet = positionalEncoding(jet, layer);
    else if (layer instanceof Activation && layer.spec.kind === 'elementwise' && layer.parameters().length === 0) {
      const spec = layer.spec;
      const p = layer.options;
      const second = secondDerivative(spec, p);
      exact &&= second.exact;
      jet = scalarMap(
        jet,
        (z) => spec.f(z, p as never),
        (z) => spec.df(z, p as never),
        second.d2f,
      );
    } else {
      throw new TypeError(
        `${where} is not supported (supported: Linear, SineLayer, PositionalEncoding, elementwise activations without learned parameters)`,
      );
    }
  });
  const out = jet.width;
  return {
    value: new Tensor(jet.h, [n, out], 'float64'),
    gradient: new Tensor(jet.j, [n, out, d], 'float64'),
    laplacian: new Tensor(jet.l, [n, out], 'float64'),
    exact,
  };
}

/**
 * Finite-difference gradient magnitude and Laplacian of an image sampled on the
 * {@link coordinateGrid} (spacing 2/(H−1) down, 2/(W−1) across): central differences inside,
 * one-sided at the border (numpy.gradient), and the 5-point Laplacian with replicated edges —
 * the image's own derivatives, to set beside a fitted field's.
 * @returns `[H·W]` float64 arrays, row-major.
 */
export function gridDerivatives(
  values: ArrayLike<number>,
  height: number,
  width: number,
): { gradientNorm: Float64Array; laplacian: Float64Array } {
  if (values.length !== height * width)
    throw new RangeError(`gridDerivatives: ${values.length} values do not make a ${height}×${width} grid`);
  const hy = height > 1 ? 2 / (height - 1) : 1;
  const hx = width > 1 ? 2 / (width - 1) : 1;
  const at = (y: number, x: number): number =>
    values[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  const gradientNorm = new Float64Array(height * width);
  const laplacian = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = at(y, x);
      const dy = height === 1 ? 0 : (at(y + 1, x) - at(y - 1, x)) / ((y === 0 || y === height - 1 ? 1 : 2) * hy);
      const dx = width === 1 ? 0 : (at(y, x + 1) - at(y, x - 1)) / ((x === 0 || x === width - 1 ? 1 : 2) * hx);
      gradientNorm[y * width + x] = Math.hypot(dy, dx);
      laplacian[y * width + x] =
        (at(y + 1, x) - 2 * c + at(y - 1, x)) / (hy * hy) + (at(y, x + 1) - 2 * c + at(y, x - 1)) / (hx * hx);
    }
  }
  return { gradientNorm, laplacian };
}
