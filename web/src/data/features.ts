/**
 * Input features computed from the two coordinates, as in TensorFlow Playground: the network
 * sees the chosen columns instead of (x₁, x₂), so x₁² + x₂² turns circles linearly separable.
 */
export const featureDefs = {
  x1: { label: 'x₁', f: (a: number) => a },
  x2: { label: 'x₂', f: (_a: number, b: number) => b },
  x1sq: { label: 'x₁²', f: (a: number) => a * a },
  x2sq: { label: 'x₂²', f: (_a: number, b: number) => b * b },
  x1x2: { label: 'x₁x₂', f: (a: number, b: number) => a * b },
  sinx1: { label: 'sin x₁', f: (a: number) => Math.sin(a) },
  sinx2: { label: 'sin x₂', f: (_a: number, b: number) => Math.sin(b) },
} as const satisfies Record<string, { label: string; f(a: number, b: number): number }>;

export type FeatureName = keyof typeof featureDefs;
export const featureNames = Object.keys(featureDefs) as FeatureName[];

/** Rows of the chosen features for `n` points stored as (x₁, x₂) pairs. */
export function featureRows(points: Float32Array, n: number, features: readonly FeatureName[]): Float32Array {
  const out = new Float32Array(n * features.length);
  for (let i = 0; i < n; i++) {
    const a = points[2 * i]!;
    const b = points[2 * i + 1]!;
    features.forEach((name, j) => {
      out[i * features.length + j] = featureDefs[name].f(a, b);
    });
  }
  return out;
}
