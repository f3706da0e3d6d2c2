/** Sine: sin(w0·x), the periodic activation of SIREN (every SineLayer computes sin(30·(Wx + b))). */
import { defineActivation } from './define.js';

export const sine = defineActivation({
  id: 'sine',
  name: 'Sine',
  torchName: 'Sine',
  torchFunction: null,
  aliases: ['sin', 'siren'],
  summary:
    'sin(w0·x): periodic, for implicit neural representations (SIREN: sin(ω₀·(Wx + b)) with ω₀ = 30 in every layer).',
  params: {
    w0: { default: 1, doc: 'frequency (SIREN: 30, with hidden weights initialised 1/30 smaller)' },
  },
  // w0·x in float64 even for float32 tensors: rounding the product first shifts the phase of large arguments.
  f: (x, p) => Math.sin(p.w0 * x),
  df: (x, p) => p.w0 * Math.cos(p.w0 * x),
  formula: '\\sin(\\omega_0 x)',
  derivative: '\\omega_0 \\cos(\\omega_0 x)',
  properties: {
    range: [-1, 1],
    boundedAbove: true,
    boundedBelow: true,
    monotonic: false,
    derivativeMonotonic: false,
    smoothness: 'Cinf',
    zeroCentred: true,
    identityNearZero: true,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  knownDifferences: [
    {
      note:
        'not a torch function; as torch.sin(w0 * x) on a float32 tensor, torch rounds w0·x to float32 before the sine, ' +
        'which shifts the phase of large arguments (w0·x ≳ 1e4); actlab forms w0·x in float64 and rounds only the result',
      affects: 'both',
    },
  ],
  references: [
    {
      title: 'Implicit Neural Representations with Periodic Activation Functions',
      authors: 'Sitzmann, Martel, Bergman, Lindell, Wetzstein',
      year: 2020,
    },
  ],
  onnx: () => ({ decomposition: 'Sin(Mul(x, w0))', ops: ['Mul', 'Sin'], opset: 7 }),
});
