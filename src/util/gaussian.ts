/**
 * E[h(z)] for z ~ N(0, 1): the trapezoid rule on [−10, 10] with 8001 points (the Gaussian weight
 * beyond ±10 is below 1e-22). Points where h is not finite are left out, so an activation that
 * overflows far out still gets a moment. Used by the measured properties and by the init gain.
 */
export function gaussianExpectation(h: (z: number) => number): number {
  const n = 8001;
  const step = 20 / (n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = -10 + i * step;
    const v = h(z);
    if (!Number.isFinite(v)) continue;
    const w = (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(-0.5 * z * z);
    sum += w * v;
  }
  return (sum * step) / Math.sqrt(2 * Math.PI);
}
