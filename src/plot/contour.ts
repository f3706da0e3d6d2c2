/**
 * Marching squares: the line where a gridded field crosses a level (for a classifier, the
 * decision boundary p = 0.5), as unjoined segments in grid coordinates.
 */

/** A segment from (x0, y0) to (x1, y1) in grid units: x = column index, y = row index. */
export type Segment = [number, number, number, number];

/**
 * Segments of the `level` crossing of `values` (row-major, `values[j * nx + i]`). Cells with
 * a non-finite corner are skipped. Saddle cells are resolved by the mean of their corners.
 */
export function contourSegments(values: ArrayLike<number>, nx: number, ny: number, level: number): Segment[] {
  const out: Segment[] = [];
  const v = (i: number, j: number): number => values[j * nx + i]!;
  // Where the level crosses the edge between corner values p (at t=0) and q (at t=1).
  const t = (p: number, q: number): number => (p === q ? 0.5 : (level - p) / (q - p));
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const a = v(i, j); // bottom-left
      const b = v(i + 1, j); // bottom-right
      const c = v(i + 1, j + 1); // top-right
      const d = v(i, j + 1); // top-left
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const A = a >= level;
      const B = b >= level;
      const C = c >= level;
      const D = d >= level;
      if (A === B && B === C && C === D) continue;
      // Crossing points on the four edges, in the order bottom, right, top, left.
      const bottom: [number, number] | null = A !== B ? [i + t(a, b), j] : null;
      const right: [number, number] | null = B !== C ? [i + 1, j + t(b, c)] : null;
      const top: [number, number] | null = D !== C ? [i + t(d, c), j + 1] : null;
      const left: [number, number] | null = A !== D ? [i, j + t(a, d)] : null;
      const pts = [bottom, right, top, left].filter((p): p is [number, number] => p !== null);
      if (pts.length === 2) {
        out.push([pts[0]![0], pts[0]![1], pts[1]![0], pts[1]![1]]);
        continue;
      }
      // Saddle: four crossings. If the centre sides with A (and C), the line cuts off B and D.
      const centreAbove = (a + b + c + d) / 4 >= level;
      const [p, q, r, s] = [bottom!, right!, top!, left!];
      if (centreAbove === A) out.push([p[0], p[1], q[0], q[1]], [r[0], r[1], s[0], s[1]]);
      else out.push([p[0], p[1], s[0], s[1]], [q[0], q[1], r[0], r[1]]);
    }
  }
  return out;
}
