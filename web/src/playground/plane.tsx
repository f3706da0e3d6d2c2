/**
 * The input plane: the model's output over the grid as colour (P(class 1) orange→blue, the class
 * colour shaded by its probability, or the regression value), with the training points (white
 * rim) and test points (dark rim) on top.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PlanarSplit } from '../data/planar.js';
import type { Extent } from '../runner/snapshot.js';
import { NEUTRAL, classColors, diverging, rgb } from '../ui/palette.js';

export interface PlaneValues {
  grid: Float32Array;
  confidence: Float32Array | null;
  gridSize: number;
}

/** RGB of one grid value for a set of this kind. */
export function planeColor(split: PlanarSplit, value: number, confidence: number | null): [number, number, number] {
  if (split.kind === 'regression') return diverging(value);
  if (confidence === null) return diverging(2 * value - 1);
  const c = classColors[value % classColors.length]!;
  // Shade from neutral (a 1/k tie) to the full class colour (certain).
  const t = Math.max(0, Math.min(1, (confidence - 1 / split.classes) / (1 - 1 / split.classes)));
  return [0, 1, 2].map((k) => Math.round(NEUTRAL[k]! + (c[k]! - NEUTRAL[k]!) * t)) as [number, number, number];
}

/** Fills a gridSize² ImageData (row 0 of the grid at the bottom). */
export function planeImage(split: PlanarSplit, v: PlaneValues, alpha = 0.85): ImageData {
  const n = v.gridSize;
  const img = new ImageData(n, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      const [r, g, b] = planeColor(split, v.grid[k]!, v.confidence ? v.confidence[k]! : null);
      const o = 4 * ((n - 1 - j) * n + i);
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = Math.round(255 * alpha);
    }
  }
  return img;
}

function pointColor(split: PlanarSplit, y: number): string {
  if (split.kind === 'regression') return rgb(diverging(y));
  return rgb(
    split.classes === 2 ? (y === 0 ? classColors[0]! : classColors[1]!) : classColors[y % classColors.length]!,
  );
}

export function Plane(props: {
  split: PlanarSplit;
  extent: Extent;
  values: PlaneValues | null;
  showTest: boolean;
  label: string;
  size?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current!;
    const dpr = devicePixelRatio || 1;
    const css = el.clientWidth || props.size || 300;
    el.width = Math.round(css * dpr);
    el.height = Math.round(css * dpr);
    const ctx = el.getContext('2d')!;
    ctx.clearRect(0, 0, el.width, el.height);
    if (props.values) {
      const img = planeImage(props.split, props.values);
      const tmp = new OffscreenCanvas(img.width, img.height);
      tmp.getContext('2d')!.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, el.width, el.height);
    }
    const { x, y } = props.extent;
    const px = (v: number) => ((v - x[0]) / (x[1] - x[0])) * el.width;
    const py = (v: number) => (1 - (v - y[0]) / (y[1] - y[0])) * el.height;
    const r = Math.max(2, Math.min(4, el.width / 110));
    const draw = (set: PlanarSplit['train'], rim: string) => {
      ctx.lineWidth = Math.max(1, dpr);
      ctx.strokeStyle = rim;
      for (let i = 0; i < set.n; i++) {
        ctx.beginPath();
        ctx.arc(px(set.x[2 * i]!), py(set.x[2 * i + 1]!), r, 0, 2 * Math.PI);
        ctx.fillStyle = pointColor(props.split, set.y[i]!);
        ctx.fill();
        ctx.stroke();
      }
    };
    draw(props.split.train, '#fff');
    if (props.showTest) draw(props.split.test, '#222');
  }, [props.split, props.extent, props.values, props.showTest]);
  return (
    <canvas
      ref={canvas}
      class="plane"
      role="img"
      aria-label={props.label}
      style={props.size ? { width: `${props.size}px` } : undefined}
    />
  );
}
