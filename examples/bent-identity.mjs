/**
 * A custom activation, end to end (docs/custom-activations.md): the bent identity
 * f(x) = (√(x² + 1) − 1)/2 + x, a smooth, monotonic, unbounded cousin of the identity.
 *
 * Importing this module registers it; then it works wherever a built-in one does:
 *
 *   npx actlab show bent_identity --import ./examples/bent-identity.mjs
 *   npx actlab compare --import ./examples/bent-identity.mjs --acts relu,bent_identity --dataset moons
 *
 * and in code: F.activation('bent_identity', x), new nn.Activation('bent_identity').
 */
import { defineActivation, registerActivation } from 'actlab';

export const bentIdentity = registerActivation(
  defineActivation({
    id: 'bent_identity',
    name: 'Bent identity',
    summary: '(√(x² + 1) − 1)/2 + x: smooth, monotonic and unbounded, slope from ½ to 3⁄2.',
    // √(x² + 1) − 1 = x²/(√(x² + 1) + 1): the second form does not cancel for small x.
    f: (x) => (x * x) / (2 * (Math.sqrt(x * x + 1) + 1)) + x,
    df: (x) => x / (2 * Math.sqrt(x * x + 1)) + 1,
    formula: '\\frac{\\sqrt{x^2 + 1} - 1}{2} + x',
    derivative: '\\frac{x}{2\\sqrt{x^2 + 1}} + 1',
    properties: {
      range: [-Infinity, Infinity],
      boundedAbove: false,
      boundedBelow: false,
      monotonic: 'increasing',
      derivativeMonotonic: true,
      smoothness: 'Cinf',
      zeroCentred: false,
      identityNearZero: true,
      saturatesLeft: false,
      saturatesRight: false,
      selfGated: false,
      cost: 'elementary',
    },
    onnx: () => ({
      decomposition: 'Add(Div(Sub(Sqrt(Add(Mul(x, x), 1)), 1), 2), x)',
      ops: ['Mul', 'Add', 'Sqrt', 'Sub', 'Div'],
      opset: 6,
    }),
  }),
);
