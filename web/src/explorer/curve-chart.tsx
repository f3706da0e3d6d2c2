/**
 * The explorer's chart: f, f′ and f″ of the chosen activation and of the overlaid ones on one
 * uPlot, with the chosen activation's dead and saturated zones shaded and its kinks marked with
 * the gradient PyTorch returns there.
 */
import type uPlot from 'uplot';
import { useMemo, useRef } from 'preact/hooks';
import { Chart } from '../ui/chart.js';
import { seriesColor } from '../ui/palette.js';
import type { CurveName } from '../state/explorer.js';
import type { Kink } from '../lib.js';
import type { Samples, Zone } from './curves.js';

export interface Plotted {
  name: string;
  samples: Samples;
}

interface Marks {
  zones: Zone[];
  kinks: { x: number; f: number; grad: number }[];
  showDf: boolean;
}

const DASH: Record<CurveName, number[] | undefined> = { f: undefined, df: [7, 4], d2f: [2, 3] };
/** A series' name: f″ says when it is numerical (no closed form in the library). */
const suffix = (c: CurveName, exact: boolean): string => (c === 'd2f' && !exact ? 'f″ (numerical)' : SYMBOL[c]);
const SYMBOL: Record<CurveName, string> = { f: 'f', df: 'f′', d2f: 'f″' };
const ZONE_FILL = { dead: 'rgba(213, 50, 50, 0.13)', saturated: 'rgba(230, 159, 0, 0.16)' };

function drawZones(u: uPlot, m: Marks): void {
  const { ctx, bbox } = u;
  ctx.save();
  for (const z of m.zones) {
    const a = u.valToPos(z.from, 'x', true);
    const b = u.valToPos(z.to, 'x', true);
    ctx.fillStyle = ZONE_FILL[z.kind];
    ctx.fillRect(Math.min(a, b), bbox.top, Math.abs(b - a), bbox.height);
  }
  ctx.restore();
}

function drawKinks(u: uPlot, m: Marks): void {
  const { ctx } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  for (const k of m.kinks) {
    const x = u.valToPos(k.x, 'x', true);
    const dot = (y: number, filled: boolean) => {
      ctx.beginPath();
      ctx.arc(x, u.valToPos(y, 'y', true), 4.5 * dpr, 0, 2 * Math.PI);
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = '#222';
      ctx.fillStyle = filled ? '#222' : '#fff';
      ctx.fill();
      ctx.stroke();
    };
    dot(k.f, false);
    if (m.showDf) {
      dot(k.grad, true);
      // A white halo keeps the label readable over the curves.
      const label = `f′(${k.x}) = ${k.grad} (PyTorch)`;
      const ly = u.valToPos(k.grad, 'y', true) - 8 * dpr;
      ctx.lineWidth = 4 * dpr;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.strokeText(label, x + 8 * dpr, ly);
      ctx.fillStyle = '#222';
      ctx.fillText(label, x + 8 * dpr, ly);
    }
  }
  ctx.restore();
}

export function CurveChart(props: {
  plotted: Plotted[];
  curves: CurveName[];
  zones: Zone[];
  kinks: readonly Kink[];
  mainF(x: number): number;
  range: [number, number];
}) {
  const marks = useRef<Marks>({ zones: [], kinks: [], showDf: false });
  marks.current = {
    zones: props.zones,
    kinks: props.kinks
      .filter((k) => k.x >= props.range[0] && k.x <= props.range[1])
      .map((k) => ({ x: k.x, f: k.value ?? props.mainF(k.x), grad: k.grad })),
    showDf: props.curves.includes('df'),
  };
  const names = props.plotted.map((p) => p.name);
  const exact = props.plotted.map((p) => p.samples.d2fExact);
  const structure = JSON.stringify([names, exact, props.curves, props.range]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false, range: props.range } },
      axes: [{ label: 'x' }, {}],
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: 'x' },
        ...names.flatMap((name, i) =>
          props.curves.map((c) => ({
            label: `${name} ${suffix(c, exact[i]!)}`,
            stroke: seriesColor(i),
            width: i === 0 ? 2.5 : 1.8,
            dash: DASH[c],
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : v.toPrecision(4)),
          })),
        ),
      ],
      hooks: { drawClear: [(u) => drawZones(u, marks.current)], draw: [(u) => drawKinks(u, marks.current)] },
    }),
    // Rebuilt when the series structure changes only; data flows in through setData.
    [structure],
  );
  const data = useMemo(
    () =>
      [
        Array.from(props.plotted[0]?.samples.x ?? []),
        ...props.plotted.flatMap((p) => props.curves.map((c) => p.samples[c])),
      ] as uPlot.AlignedData,
    [props.plotted, props.curves],
  );
  return (
    <Chart
      options={options}
      data={data}
      height={360}
      label={`${names.join(', ')}: ${props.curves.map((c) => suffix(c, exact[0] ?? false)).join(', ')} from ${props.range[0]} to ${props.range[1]}`}
    />
  );
}
