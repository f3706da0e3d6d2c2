/**
 * The network as TensorFlow Playground draws it: a column per layer, each unit a heatmap of its
 * output over the input plane, links coloured by the weight's sign and as thick as its size.
 * Hovering a link or a unit shows its weight, bias and state; dead units have a red rim.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { featureDefs, featureRows, type FeatureName } from '../data/features.js';
import { gridPoints, type Extent, type Snapshot } from '../runner/snapshot.js';
import { NEGATIVE, POSITIVE, diverging, rgb } from '../ui/palette.js';

const GAP_Y = 6;
const GAP_X = 72;
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
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    const v = props.values;
    if (!v) return;
    let max = 0;
    for (const a of v) max = Math.max(max, Math.abs(a));
    const img = new ImageData(props.n, props.n);
    for (let j = 0; j < props.n; j++) {
      for (let i = 0; i < props.n; i++) {
        const [r, g, b] = diverging(max > 0 ? v[j * props.n + i]! / max : 0);
        const o = 4 * ((props.n - 1 - j) * props.n + i);
        img.data.set([r, g, b, 255], o);
      }
    }
    ctx.putImageData(img, 0, 0);
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

export function NetworkView(props: {
  snapshot: Snapshot | null;
  extent: Extent | null;
  features: FeatureName[];
  hidden: number[];
  acts: string[];
  kind: 'classification' | 'regression';
}) {
  const [hover, setHover] = useState<string | null>(null);
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
  const left = (col: number) => col * (TILE + GAP_X);
  const width = left(widths.length - 1) + TILE;
  const links: preact.JSX.Element[] = [];
  if (s) {
    s.weights.forEach((w, l) => {
      const ins = widths[l]!;
      const outs = widths[l + 1]!;
      if (w.length !== ins * outs) return; // a snapshot of the previous shape, before the new one arrives
      for (let o = 0; o < outs; o++) {
        for (let i = 0; i < ins; i++) {
          const v = w[o * ins + i]!;
          const from = l === 0 ? featureDefs[props.features[i]!].label : `unit ${i + 1} of layer ${l}`;
          const to = l === s.weights.length - 1 ? `output ${o + 1}` : `unit ${o + 1} of layer ${l + 1}`;
          links.push(
            <line
              key={`${l}-${i}-${o}`}
              x1={left(l) + TILE}
              y1={top(ins, i) + TILE / 2}
              x2={left(l + 1)}
              y2={top(outs, o) + TILE / 2}
              stroke={rgb(v >= 0 ? POSITIVE : NEGATIVE, 0.75)}
              stroke-width={Math.max(0.4, Math.min(5, Math.abs(v) * 1.6))}
              onMouseEnter={() => setHover(`weight ${from} → ${to}: ${v.toFixed(4)}`)}
              onMouseLeave={() => setHover(null)}
            />,
          );
        }
      }
    });
  }

  return (
    <div class="network" aria-label="Network diagram">
      <div class="network-canvas" style={{ width: `${width}px`, height: `${height}px` }}>
        <svg width={width} height={height} aria-hidden="true">
          {links}
        </svg>
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
