/**
 * The network as TensorFlow Playground draws it: a column per layer, each unit a heatmap of its
 * output over the input plane, links coloured by the weight's sign and as thick as its size.
 * Hovering a link or a unit shows its weight, bias and state; dead units have a red rim.
 */
import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { featureDefs, featureRows, type FeatureName } from '../data/features.js';
import { gridPoints, type Extent, type Snapshot } from '../runner/snapshot.js';
import { NEGATIVE, POSITIVE, rgb, writeDiverging } from '../ui/palette.js';

const GAP_Y = 6;
/** Tiles as large as a column of `units` allows in about 480 px. */
const tileSize = (units: number): number => Math.max(22, Math.min(44, Math.floor(480 / units) - GAP_Y));

/** A unit's values as a heatmap, scaled by its own largest |value| (0 is grey). */
function Tile(props: {
  values: Float32Array | null;
  n: number;
  x: number;
  y: number;
  size: number;
  dead?: boolean;
  label: string;
  onHover(text: string | null): void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const image = useRef<ImageData | null>(null);
  useEffect(() => {
    const v = props.values;
    if (!v) return;
    const ctx = ref.current!.getContext('2d')!;
    // One ImageData per tile, refilled each snapshot (a 6 × 16 network has ~100 tiles).
    if (image.current?.width !== props.n) image.current = new ImageData(props.n, props.n);
    const data = image.current.data;
    let max = 0;
    for (const a of v) max = Math.max(max, Math.abs(a));
    const scale = max > 0 ? 1 / max : 0;
    for (let j = 0; j < props.n; j++) {
      for (let i = 0; i < props.n; i++)
        writeDiverging(data, 4 * ((props.n - 1 - j) * props.n + i), v[j * props.n + i]! * scale);
    }
    ctx.putImageData(image.current, 0, 0);
  }, [props.values]);
  return (
    <canvas
      ref={ref}
      width={props.n}
      height={props.n}
      class={props.dead ? 'tile dead' : 'tile'}
      style={{ left: `${props.x}px`, top: `${props.y}px`, width: `${props.size}px`, height: `${props.size}px` }}
      role="img"
      aria-label={props.label}
      onMouseEnter={() => props.onHover(props.label)}
      onMouseLeave={() => props.onHover(null)}
    />
  );
}

interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  w: number;
  what: string;
}

/** Distance from (x, y) to a segment. */
function distance(s: Segment, x: number, y: number): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const t = Math.max(0, Math.min(1, ((x - s.x1) * dx + (y - s.y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - s.x1 - t * dx, y - s.y1 - t * dy);
}

/**
 * The links on one canvas (a 6 × 16 network has ~1,400: redrawing them as DOM elements every
 * snapshot cost the page most of its frame); hover finds the nearest link by distance.
 */
function Links(props: { segments: Segment[]; width: number; height: number; onHover(text: string | null): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = ref.current!;
    const dpr = devicePixelRatio || 1;
    el.width = Math.round(props.width * dpr);
    el.height = Math.round(props.height * dpr);
    const ctx = el.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.lineCap = 'round';
    for (const sg of props.segments) {
      ctx.beginPath();
      ctx.moveTo(sg.x1, sg.y1);
      ctx.lineTo(sg.x2, sg.y2);
      ctx.strokeStyle = rgb(sg.w >= 0 ? POSITIVE : NEGATIVE, 0.75);
      ctx.lineWidth = Math.max(0.4, Math.min(5, Math.abs(sg.w) * 1.6));
      ctx.stroke();
    }
  }, [props.segments, props.width, props.height]);
  const move = (e: MouseEvent) => {
    const r = ref.current!.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    let best: Segment | null = null;
    let bestD = 5;
    for (const sg of props.segments) {
      const d = distance(sg, x, y);
      if (d < bestD) {
        bestD = d;
        best = sg;
      }
    }
    props.onHover(best ? `${best.what}: ${best.w.toFixed(4)}` : null);
  };
  return (
    <canvas
      ref={ref}
      class="links"
      style={{ width: `${props.width}px`, height: `${props.height}px` }}
      aria-hidden="true"
      onMouseMove={move}
      onMouseLeave={() => props.onHover(null)}
    />
  );
}

/** The width of an element, followed as it resizes. */
function useWidth(initial: number): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current!;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function NetworkView(props: {
  snapshot: Snapshot | null;
  extent: Extent | null;
  features: FeatureName[];
  hidden: number[];
  acts: string[];
  kind: 'classification' | 'regression';
}) {
  const [hover, setHover] = useState<string | null>(null);
  const [box, available] = useWidth(600);
  const s = props.snapshot;
  const n = s?.neuronGridSize ?? 24;
  const inputs = useMemo(() => {
    if (!props.extent) return props.features.map(() => null);
    const rows = featureRows(gridPoints(props.extent, n), n * n, props.features);
    return props.features.map((_, j) =>
      Float32Array.from({ length: n * n }, (_, p) => rows[p * props.features.length + j]!),
    );
  }, [props.extent, props.features.join(','), n]);
  const outputs = s?.outputs.length ?? 1;
  const widths = [props.features.length, ...props.hidden, outputs];
  const TILE = tileSize(Math.max(...widths));
  const height = Math.max(...widths) * (TILE + GAP_Y);
  const top = (count: number, i: number) => (height - count * (TILE + GAP_Y)) / 2 + i * (TILE + GAP_Y);
  // Columns spread over the available width (between 28 and 110 px apart; narrower screens scroll).
  const gapX = Math.max(28, Math.min(110, (available - widths.length * TILE) / Math.max(1, widths.length - 1)));
  const left = (col: number) => col * (TILE + gapX);
  const width = left(widths.length - 1) + TILE;
  const segments = useMemo(() => {
    const out: Segment[] = [];
    if (!s) return out;
    s.weights.forEach((w, l) => {
      const ins = widths[l]!;
      const outs = widths[l + 1]!;
      if (w.length !== ins * outs) return; // a snapshot of the previous shape, before the new one arrives
      for (let o = 0; o < outs; o++) {
        for (let i = 0; i < ins; i++) {
          const from = l === 0 ? featureDefs[props.features[i]!].label : `unit ${i + 1} of layer ${l}`;
          const to = l === s.weights.length - 1 ? `output ${o + 1}` : `unit ${o + 1} of layer ${l + 1}`;
          out.push({
            x1: left(l) + TILE,
            y1: top(ins, i) + TILE / 2,
            x2: left(l + 1),
            y2: top(outs, o) + TILE / 2,
            w: w[o * ins + i]!,
            what: `weight ${from} → ${to}`,
          });
        }
      }
    });
    return out;
  }, [s, TILE, gapX, widths.join(',')]);

  return (
    <div class="network" aria-label="Network diagram" ref={box}>
      <div class="network-canvas" style={{ width: `${width}px`, height: `${height}px` }}>
        <Links segments={segments} width={width} height={height} onHover={setHover} />
        {inputs.map((v, i) => (
          <Tile
            key={`in${i}`}
            values={v}
            n={n}
            size={TILE}
            x={left(0)}
            y={top(widths[0]!, i)}
            label={`input ${featureDefs[props.features[i]!].label}`}
            onHover={setHover}
          />
        ))}
        {props.hidden.map((units, l) =>
          Array.from({ length: units }, (_, u) => {
            const dead = s?.dead[l]?.[u] === 1;
            const bias = s?.biases[l]?.[u];
            const act = props.acts[Math.min(l, props.acts.length - 1)] ?? '';
            return (
              <Tile
                key={`h${l}-${u}`}
                values={s?.neurons[l]?.[u] ?? null}
                n={n}
                size={TILE}
                x={left(l + 1)}
                y={top(units, u)}
                dead={dead}
                label={`layer ${l + 1} unit ${u + 1} (${act})${bias !== undefined ? `, bias ${bias.toFixed(3)}` : ''}${dead ? ', dead' : ''}`}
                onHover={setHover}
              />
            );
          }),
        )}
        {Array.from({ length: outputs }, (_, o) => (
          <Tile
            key={`out${o}`}
            values={s?.outputs[o] ?? null}
            n={n}
            size={TILE}
            x={left(widths.length - 1)}
            y={top(outputs, o)}
            label={`output ${o + 1} (${props.kind === 'regression' ? 'value' : outputs === 1 ? 'logit of class 1' : `logit of class ${o + 1}`})${s?.biases.at(-1)?.[o] !== undefined ? `, bias ${s.biases.at(-1)![o]!.toFixed(3)}` : ''}`}
            onHover={setHover}
          />
        ))}
      </div>
      <p class="hover" aria-live="polite">
        {hover ?? 'Hover a unit or a link for its weight, bias and state.'}
      </p>
    </div>
  );
}
