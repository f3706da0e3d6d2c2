/** The playground's read-outs: metrics, train/test loss curves, dead units and gradient norms per layer. */
import type uPlot from 'uplot';
import { useMemo } from 'preact/hooks';
import { Chart } from '../ui/chart.js';
import { seriesColor } from '../ui/palette.js';
import type { RunState } from './session.js';

const pct = (v: number | undefined): string => (v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);
const num = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

export function Metrics(props: { run: RunState }) {
  const s = props.run.snapshot;
  if (!s) return <p class="metrics muted">starting…</p>;
  const m = s.metrics;
  return (
    <p
      class="metrics"
      role="status"
      data-step={s.step}
      data-test-accuracy={m.testAccuracy ?? ''}
      data-test-loss={m.testLoss}
      aria-label={`step ${s.step}, test loss ${num(m.testLoss)}${m.testAccuracy !== undefined ? `, test accuracy ${pct(m.testAccuracy)}` : ''}`}
    >
      <span>
        step <strong>{s.step.toLocaleString('en')}</strong> · epoch {s.epoch}
      </span>
      <span>
        loss train <strong>{num(m.trainLoss)}</strong> test <strong>{num(m.testLoss)}</strong>
      </span>
      {m.testAccuracy !== undefined && (
        <span>
          accuracy train <strong>{pct(m.trainAccuracy)}</strong> test <strong>{pct(m.testAccuracy)}</strong>
        </span>
      )}
    </p>
  );
}

/** Train (solid) and test (dashed) loss against the step, log scale, one colour per run. */
export function LossChart(props: { runs: RunState[] }) {
  const labels = props.runs.map((r, i) => r.act || `run ${i + 1}`);
  const key = JSON.stringify(labels);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { label: 'step' },
        {
          label: 'loss',
          size: 60,
          values: (_u: uPlot, splits: number[]) =>
            splits.map((v) => (v == null ? '' : v >= 0.01 ? String(Number(v.toPrecision(2))) : v.toExponential(0))),
        },
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: 'step' },
        // Runs are sampled at different steps: each line spans the other runs' points.
        ...labels.flatMap((l, i) => [
          {
            label: props.runs.length > 1 ? `${l} train` : 'train',
            stroke: seriesColor(i),
            width: 2,
            points: { show: false },
            spanGaps: true,
          },
          {
            label: props.runs.length > 1 ? `${l} test` : 'test',
            stroke: seriesColor(i),
            width: 1.5,
            dash: [6, 4],
            points: { show: false },
            spanGaps: true,
          },
        ]),
      ],
    }),
    [key],
  );
  // One x axis for every run: the union of their steps, each run's values where it has them.
  const data = useMemo(() => {
    const steps = [...new Set(props.runs.flatMap((r) => r.history.step))].sort((a, b) => a - b);
    const at = new Map(steps.map((s, i) => [s, i]));
    const floor = (v: number) => (Number.isFinite(v) ? Math.max(v, 1e-7) : null);
    const series = props.runs.flatMap((r) => {
      const tr: (number | null)[] = steps.map(() => null);
      const te: (number | null)[] = steps.map(() => null);
      r.history.step.forEach((s, k) => {
        tr[at.get(s)!] = floor(r.history.train[k]!);
        te[at.get(s)!] = floor(r.history.test[k]!);
      });
      return [tr, te];
    });
    return [steps, ...series] as uPlot.AlignedData;
  }, [props.runs.map((r) => r.history)]);
  return <Chart options={options} data={data} height={200} label="Train and test loss per step" />;
}

/** A labelled horizontal bar (value in [0, 1] of the bar's length). */
function Bar(props: { label: string; fraction: number; text: string; color: string }) {
  return (
    <div class="bar-row">
      <span class="bar-label">{props.label}</span>
      <span
        class="bar"
        role="meter"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={props.fraction}
        aria-valuetext={props.text}
      >
        <span style={{ width: `${Math.max(0, Math.min(1, props.fraction)) * 100}%`, background: props.color }} />
      </span>
      <span class="bar-value">{props.text}</span>
    </div>
  );
}

/** Dead units per hidden layer: |f′(z)| ≤ 1e-8 on every training sample, so no gradient reaches their weights. */
export function DeadUnits(props: { run: RunState }) {
  const dead = props.run.snapshot?.dead ?? [];
  return (
    <section class="panel small" aria-label="Dead units">
      <h4>Dead units</h4>
      {dead.length === 0 && <p class="muted">no hidden layers</p>}
      {dead.map((d, l) => {
        const count = d.reduce((a, b) => a + b, 0);
        return (
          <Bar
            key={l}
            label={`layer ${l + 1}`}
            fraction={count / d.length}
            text={`${count}/${d.length}`}
            color="#d53232"
          />
        );
      })}
    </section>
  );
}

/** ‖∂loss/∂W‖ of each Linear layer at the last step, on a log scale from 1e-8 to 1e2. */
export function GradNorms(props: { run: RunState }) {
  const norms = props.run.snapshot?.gradNorms ?? [];
  const scale = (v: number) => (v > 0 ? (Math.log10(v) + 8) / 10 : 0);
  return (
    <section class="panel small" aria-label="Gradient norm per layer">
      <h4>‖∂loss/∂W‖ per layer</h4>
      {norms.map((v, l) => (
        <Bar
          key={l}
          label={l === norms.length - 1 ? 'output' : `layer ${l + 1}`}
          fraction={scale(v)}
          text={v.toExponential(1)}
          color="#0072b2"
        />
      ))}
    </section>
  );
}
