/**
 * The report of a compare experiment: `report.md` (a ranked table with mean ± std across seeds,
 * time per epoch, dead units, gradient norm per layer, and a per-run table) and its charts —
 * test-accuracy curves, a box plot of final test accuracy across seeds, and gradient norm per
 * layer — each as .png + .svg. Everything is derived from the results, so a merge of shards
 * writes the same report as one machine would have.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { barChart, boxPlot, lineChart, writeChart } from '../plot/node/index.js';
import type { TrainConfig } from './config.js';
import type { RunResult } from './results.js';
import { formatMeanStd } from './stats.js';
import { summarize, tiedWithBest, type ExperimentSummary } from './summary.js';

/** Chart files written next to report.md (each also as .svg). */
export const REPORT_CHARTS = {
  accuracy: 'accuracy.png',
  box: 'accuracy-box.png',
  gradnorm: 'gradnorm.png',
} as const;

export interface ReportOptions {
  /** Activation order of the plan (ties in the ranking keep it). */
  order?: readonly string[];
  /** Every planned run key, to list missing runs. */
  plannedKeys?: readonly string[];
  /** A line saying where the results came from (e.g. "shard 1/4", "merged from 4 folders"). */
  provenance?: string;
  /** Chart PNG width in px (default 960). */
  width?: number;
}

/** Writes report.md and the charts into `dir`; returns the summary and the files written. */
export async function writeReport(
  dir: string,
  results: readonly RunResult[],
  options: ReportOptions = {},
): Promise<{ summary: ExperimentSummary; files: string[] }> {
  const summary = summarize(results, options.order, options.plannedKeys);
  const files: string[] = [];
  if (summary.activations.length > 0) {
    const charts = reportCharts(summary, results[0]!.config);
    for (const [name, svg] of Object.entries(charts) as [keyof typeof REPORT_CHARTS, string][]) {
      const out = await writeChart(svg, join(dir, REPORT_CHARTS[name]), options.width ? { width: options.width } : {});
      files.push(out.pngPath, out.svgPath);
    }
  }
  const mdPath = join(dir, 'report.md');
  await writeFile(mdPath, reportMarkdown(summary, results, options));
  files.unshift(mdPath);
  return { summary, files };
}

/** The network in one line: "784 → 64 → 64 → 10" (an MLP's sizes), "1×28×28 → conv16 → conv32 → 128 → 10". */
export function describeNetwork(r: Pick<RunResult, 'inputSize' | 'numClasses' | 'config' | 'network'>): string {
  return r.network ?? [r.inputSize, ...r.config.hidden, r.numClasses].join(' → ');
}

/** One sentence describing the training setup. */
export function describeSetup(c: TrainConfig): string {
  return (
    `${c.epochs} epoch${c.epochs === 1 ? '' : 's'}, ${c.optimizer} (lr ${c.lr}), batch ${c.batchSize}, ` +
    `${c.trainSize} train / ${c.testSize} test samples of ${c.dataset}, ${c.init} init`
  );
}

/** Two significant digits; exponent form only outside [1e-3, 1e4). */
const sci = (v: number): string => {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(2)));
};
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');

/** The markdown text of report.md. */
export function reportMarkdown(
  summary: ExperimentSummary,
  results: readonly RunResult[],
  options: ReportOptions = {},
): string {
  const first = results[0];
  const lines: string[] = [];
  if (!first) return '# actlab compare\n\nNo finished runs yet.\n';
  const c = first.config;
  const acts = summary.activations;
  const seeds = [...new Set(results.map((r) => r.seed))].sort((a, b) => a - b);
  lines.push(`# actlab compare — ${c.dataset}`, '');
  lines.push(
    `The same ${c.model === 'cnn' ? 'CNN' : 'MLP'} (${describeNetwork(first)}, the activation after every hidden layer) trained once per activation × seed: ` +
      `${acts.length} activation${acts.length === 1 ? '' : 's'} × ${seeds.length} seed${seeds.length === 1 ? '' : 's'} ` +
      `(${seeds.join(', ')}) = ${summary.totalRuns} runs; ${describeSetup(c)}. Configuration fingerprint \`${first.fingerprint}\`.`,
  );
  if (options.provenance) lines.push('', options.provenance);
  if (summary.missing.length > 0) {
    lines.push(
      '',
      `**Incomplete:** ${summary.missing.length} planned run(s) have no result yet: ${summary.missing.join(', ')}.`,
    );
  }
  lines.push('', '## Results', '');
  lines.push(
    '| rank | activation | test accuracy | final train loss | final test loss | s / epoch | dead units | ‖∇W‖ per layer at init | ‖∇W‖ per layer after training | runs |',
    '|---:|---|---:|---:|---:|---:|---:|---|---|---:|',
  );
  acts.forEach((s, i) => {
    lines.push(
      `| ${i + 1} | ${s.act} | ${formatMeanStd(s.testAccuracy.values)} | ${fmt(s.trainLoss)} | ${fmt(s.testLoss)} | ` +
        `${s.secondsPerEpoch.toFixed(2)} | ${pct(s.deadFraction)} | ${s.gradNormInit.map(sci).join(', ')} | ` +
        `${s.gradNormFinal.map(sci).join(', ')} | ${s.runs} |`,
    );
  });
  const tied = tiedWithBest(summary);
  lines.push('');
  if (acts.length > 1) {
    lines.push(
      tied.length > 1
        ? `**No clear winner:** ${tied.join(', ')} are within one standard deviation (across seeds) of the best mean test accuracy.`
        : `**${tied[0]}** leads by more than one standard deviation (across seeds) over the next activation.`,
      '',
    );
  }
  lines.push(
    'Test accuracy and losses are mean ± sample standard deviation across seeds (losses: cross-entropy). ' +
      '*Dead units*: fraction of hidden units whose activation has zero gradient on every training sample after training ' +
      '(they can no longer learn; the dying-ReLU effect). *‖∇W‖*: L2 norm of the loss gradient w.r.t. each Linear (or Conv2d) ' +
      "layer's weight (input layer first) on a fixed batch of training samples; a norm shrinking towards the input is the vanishing gradient. " +
      'Time per epoch is wall time of the training pass and depends on the machine and on how many runs shared it.',
    '',
  );
  lines.push('## Charts', '');
  lines.push(`![Mean test accuracy per epoch](${REPORT_CHARTS.accuracy})`, '');
  lines.push(`![Final test accuracy across seeds](${REPORT_CHARTS.box})`, '');
  lines.push(`![Gradient norm per layer at initialisation](${REPORT_CHARTS.gradnorm})`, '');
  lines.push(
    '## Runs',
    '',
    '| activation | seed | test accuracy | train loss | test loss | s / epoch | dead units |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const s of acts) {
    for (const r of results.filter((x) => x.act === s.act).sort((a, b) => a.seed - b.seed)) {
      lines.push(
        `| ${r.act} | ${r.seed} | ${r.final.testAccuracy.toFixed(4)} | ${r.final.trainLoss.toFixed(4)} | ` +
          `${r.final.testLoss.toFixed(4)} | ${r.secondsPerEpoch.toFixed(2)} | ${pct(r.deadFraction)} |`,
      );
    }
  }
  lines.push('', 'Raw results: `results.jsonl` (one JSON object per run, with per-epoch history).', '');
  return lines.join('\n');
}

function fmt(v: { mean: number; std: number }): string {
  if (!Number.isFinite(v.mean)) return 'n/a';
  return `${v.mean.toFixed(4)} ± ${v.std.toFixed(4)}`;
}

/** The SVGs of the report's charts. */
export function reportCharts(
  summary: ExperimentSummary,
  config: TrainConfig,
): Record<keyof typeof REPORT_CHARTS, string> {
  const acts = summary.activations;
  const accuracy = lineChart({
    title: `Test accuracy per epoch (${config.dataset}, mean over seeds)`,
    xLabel: 'epoch',
    yLabel: 'test accuracy',
    series: acts.map((s) => ({ name: s.act, x: s.accuracyCurve.map((_, i) => i + 1), y: s.accuracyCurve })),
  });
  const box = boxPlot({
    title: `Final test accuracy across seeds (${config.dataset})`,
    yLabel: 'test accuracy',
    groups: acts.map((s) => ({ name: s.act, values: s.testAccuracy.values })),
  });
  // A few layers read best as grouped bars (input-layer bar lower than the output-layer one:
  // the gradient shrinks on its way down); deep networks as one line per activation.
  const layers = Math.max(...acts.map((s) => s.gradNormInit.length));
  const title = 'Gradient norm per Linear/Conv2d layer at initialisation (mean over seeds)';
  const layerName = (l: number): string =>
    l === 0 ? 'layer 1 (input)' : l === layers - 1 ? `layer ${l + 1} (output)` : `layer ${l + 1}`;
  const gradnorm =
    layers <= 6
      ? barChart({
          title,
          yLabel: '‖∂loss/∂W‖',
          categories: acts.map((s) => s.act),
          series: Array.from({ length: layers }, (_, l) => ({
            name: layerName(l),
            values: acts.map((s) => s.gradNormInit[l] ?? NaN),
          })),
        })
      : lineChart({
          title,
          xLabel: 'layer (1 = input layer)',
          yLabel: '‖∂loss/∂W‖',
          logY: true,
          series: acts.map((s) => ({ name: s.act, x: s.gradNormInit.map((_, i) => i + 1), y: s.gradNormInit })),
        });
  return { accuracy, box, gradnorm };
}
