/**
 * The report of `actlab selu`: per variant (activation + init), the per-layer mean and variance
 * of the activations at init and after training (mean over seeds), how far they stray from
 * (0, 1), and the test accuracy reached — report.md, selu-variance.png and selu-mean.png.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { colorAt, lineChart, writeChart } from '../plot/node/index.js';
import { meanRows, mean, std } from './stats.js';
import { variantId, variantLabel, type SeluSettings, type SeluVariant } from './selu-config.js';
import type { SeluRunResult } from './selu-run.js';
import type { ClaimVerdict } from './verdict.js';

export const SELU_CHARTS = { variance: 'selu-variance.png', mean: 'selu-mean.png' } as const;

/** Where a layer's statistics count as "near (0, 1)": |mean| ≤ 0.25 and variance within a factor 2 of 1. */
export const NORMAL_BAND = { mean: 0.25, varianceLow: 0.5, varianceHigh: 2 } as const;

/** Per-layer statistics of one phase (init or trained), over the seeds. */
export interface PhaseSummary {
  /** Per layer, mean over seeds. */
  mean: number[];
  variance: number[];
  /** Last hidden layer, per seed. */
  lastMean: number[];
  lastVariance: number[];
  /** Layers (1-based) outside {@link NORMAL_BAND} in the seed-mean statistics. */
  outside: number[];
}

export interface SeluVariantSummary {
  variant: SeluVariant;
  id: string;
  label: string;
  seeds: number[];
  init: PhaseSummary;
  trained: PhaseSummary;
  testAccuracy: { mean: number; std: number; values: number[] };
  diverged: number;
}

export interface SeluSummary {
  variants: SeluVariantSummary[];
  missing: string[];
}

/** Whether a layer's mean and variance are near (0, 1) (see {@link NORMAL_BAND}). */
export const inBand = (m: number, v: number): boolean =>
  Math.abs(m) <= NORMAL_BAND.mean && v >= NORMAL_BAND.varianceLow && v <= NORMAL_BAND.varianceHigh;

function phase(runs: readonly SeluRunResult[], pick: (r: SeluRunResult) => SeluRunResult['init']): PhaseSummary {
  const m = meanRows(runs.map((r) => pick(r).mean));
  const v = meanRows(runs.map((r) => pick(r).variance));
  return {
    mean: m,
    variance: v,
    lastMean: runs.map((r) => pick(r).mean.at(-1) ?? NaN),
    lastVariance: runs.map((r) => pick(r).variance.at(-1) ?? NaN),
    outside: m.flatMap((mi, i) => (inBand(mi, v[i]!) ? [] : [i + 1])),
  };
}

export function summarizeSelu(
  results: readonly SeluRunResult[],
  variants: readonly SeluVariant[],
  plannedKeys: readonly string[] = [],
): SeluSummary {
  const ids = variants.map(variantId);
  for (const r of results) if (!ids.includes(variantId(r.variant))) ids.push(variantId(r.variant));
  const out = ids.flatMap((id) => {
    const runs = results.filter((r) => variantId(r.variant) === id).sort((a, b) => a.seed - b.seed);
    const first = runs[0];
    if (!first) return [];
    const acc = runs.map((r) => r.testAccuracy);
    return [
      {
        variant: first.variant,
        id,
        label: variantLabel(first.variant),
        seeds: runs.map((r) => r.seed),
        init: phase(runs, (r) => r.init),
        trained: phase(runs, (r) => r.trained),
        testAccuracy: { mean: mean(acc), std: std(acc), values: acc },
        diverged: runs.filter((r) => r.diverged).length,
      },
    ];
  });
  const have = new Set(results.map((r) => r.key));
  return { variants: out, missing: plannedKeys.filter((k) => !have.has(k)) };
}

/**
 * The verdict on "SELU self-normalises": **holds** when SELU with LeCun init keeps every layer near
 * (0, 1) at init and after training while every other LeCun-initialised activation leaves the band
 * by the last layer; **holds partly** when SELU stays near (0, 1) at init but not after training, or
 * another activation stays near too; **does not hold at this scale** when SELU leaves the band at
 * init; **undecided** without a selu+lecun network.
 */
export function seluVerdict(summary: SeluSummary, depth: number): ClaimVerdict {
  const selu = summary.variants.find((v) => v.id === 'selu+lecun');
  if (!selu) return { verdict: 'undecided', reason: 'no selu+lecun network in this run' };
  const near = (p: PhaseSummary): string => `${depth - p.outside.length}/${depth}`;
  const others = summary.variants.filter((v) => v.variant.init === 'lecun' && v.id !== 'selu+lecun');
  const alsoNear = others.filter((v) => !v.init.outside.includes(depth));
  const seluText = `SELU keeps ${near(selu.init)} layers near (0, 1) at init and ${near(selu.trained)} after training`;
  const othersText =
    others.length === 0
      ? 'no other LeCun-initialised activation to compare'
      : alsoNear.length === 0
        ? `the last layer of ${others.map((v) => v.variant.act).join(', ')} leaves the band at init`
        : `${alsoNear.map((v) => v.variant.act).join(', ')} also ends near (0, 1) at init`;
  const reason = `${seluText}; ${othersText}`;
  if (selu.init.outside.length > 0) return { verdict: 'does not hold at this scale', reason };
  if (selu.trained.outside.length > 0 || alsoNear.length > 0 || others.length === 0)
    return { verdict: 'holds partly', reason };
  return { verdict: 'holds', reason };
}

/** The two charts (variance on a log axis, mean on a linear one): init solid, after training dashed. */
export function seluCharts(summary: SeluSummary, s: SeluSettings): Record<keyof typeof SELU_CHARTS, string> {
  const layers = Array.from({ length: s.depth }, (_, i) => i + 1);
  const series = (
    pick: (p: PhaseSummary) => number[],
  ): { name: string; x: number[]; y: number[]; color: string; dashed?: boolean }[] =>
    summary.variants.flatMap((v, i) => [
      { name: v.label, x: layers, y: pick(v.init), color: colorAt(i) },
      { name: `${v.label}, trained`, x: layers, y: pick(v.trained), color: colorAt(i), dashed: true },
    ]);
  const what = `${s.depth} × ${s.width} MLP, ${s.dataset}`;
  const xLabel = `hidden layer (solid: at init; dashed: after ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} of SGD; mean over seeds)`;
  return {
    variance: lineChart({
      title: `Variance of each layer's activations (${what})`,
      xLabel,
      yLabel: 'variance of the activations (log scale; 1 = self-normalised)',
      logY: true,
      series: [
        ...series((p) => p.variance),
        { name: 'variance 1', x: [1, s.depth], y: [1, 1], color: '#444', dashed: true },
      ],
    }),
    mean: lineChart({
      title: `Mean of each layer's activations (${what})`,
      xLabel,
      yLabel: 'mean of the activations (0 = self-normalised)',
      series: series((p) => p.mean),
    }),
  };
}

const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const sci = (v: number): string =>
  !Number.isFinite(v)
    ? 'n/a'
    : Math.abs(v) !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4)
      ? v.toExponential(1)
      : v.toFixed(2);
const range = (a: readonly number[]): string => `${sci(Math.min(...a))}…${sci(Math.max(...a))}`;
const perSeed = (a: readonly number[]): string => a.map(sci).join(', ');

export function seluMarkdown(
  summary: SeluSummary,
  results: readonly SeluRunResult[],
  s: SeluSettings,
  provenance?: string,
): string {
  if (results.length === 0) return '# actlab selu\n\nNo finished runs yet.\n';
  const seeds = [...new Set(results.map((r) => r.seed))].sort((a, b) => a - b);
  const input = results[0]!.input;
  const lines = [
    `# actlab selu — self-normalisation through ${s.depth} layers`,
    '',
    `Klambauer et al. 2017: with SELU and LeCun-normal weights (N(0, 1/fan_in), zero biases) and no batch norm, the mean and ` +
      `variance of every layer's activations stay near (0, 1). Here: an MLP of ${s.depth} hidden layers × ${s.width} units on ` +
      `${s.dataset} (${s.trainSize} training samples, standardised: input mean ${f2(input.mean)}, variance ${f2(input.variance)}); ` +
      `statistics of each hidden layer's output over the first ${s.probeSize} training samples (all units pooled), at init and ` +
      `after ${s.epochs} epoch(s) of plain SGD (lr ${s.lr}, batch ${s.batchSize}); seeds ${seeds.join(', ')}. ` +
      `"Near (0, 1)" means |mean| ≤ ${NORMAL_BAND.mean} and ${NORMAL_BAND.varianceLow} ≤ variance ≤ ${NORMAL_BAND.varianceHigh}. ` +
      `ReLU gets LeCun init as in the paper's comparison, and Kaiming init (N(0, 2/fan_in)) as its fair baseline.`,
  ];
  if (provenance) lines.push('', provenance);
  if (summary.missing.length > 0)
    lines.push(
      '',
      `**Incomplete:** ${summary.missing.length} planned run(s) have no result yet: ${summary.missing.join(', ')}.`,
    );
  const verdict = seluVerdict(summary, s.depth);
  lines.push(
    '',
    `**Verdict: ${verdict.verdict}** — ${verdict.reason}.`,
    '',
    '| network | last layer at init: mean / variance | layers near (0, 1) at init | after training: mean / variance | layers near (0, 1) after | test accuracy |',
    '|---|---|---:|---|---:|---:|',
  );
  for (const v of summary.variants) {
    const near = (p: PhaseSummary): string => `${s.depth - p.outside.length}/${s.depth}`;
    lines.push(
      `| ${v.label} | ${sci(v.init.mean.at(-1) ?? NaN)} / ${sci(v.init.variance.at(-1) ?? NaN)} | ${near(v.init)} | ` +
        `${sci(v.trained.mean.at(-1) ?? NaN)} / ${sci(v.trained.variance.at(-1) ?? NaN)} | ${near(v.trained)} | ` +
        `${v.diverged > 0 ? `${v.diverged} diverged; ` : ''}${v.testAccuracy.values.length > 1 ? `${f2(v.testAccuracy.mean)} ± ${f2(v.testAccuracy.std)}` : f2(v.testAccuracy.mean)} |`,
    );
  }
  lines.push(
    '',
    `![variance per layer](${SELU_CHARTS.variance})`,
    '',
    `![mean per layer](${SELU_CHARTS.mean})`,
    '',
    '## Per seed (last hidden layer)',
    '',
    '| network | seeds | mean at init | variance at init | mean after training | variance after training | variance over layers at init |',
    '|---|---|---|---|---|---|---|',
  );
  for (const v of summary.variants) {
    lines.push(
      `| ${v.label} | ${v.seeds.join(', ')} | ${perSeed(v.init.lastMean)} | ${perSeed(v.init.lastVariance)} | ` +
        `${perSeed(v.trained.lastMean)} | ${perSeed(v.trained.lastVariance)} | ${range(v.init.variance)} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export async function writeSeluReport(
  dir: string,
  results: readonly SeluRunResult[],
  s: SeluSettings,
  variants: readonly SeluVariant[],
  options: { plannedKeys?: readonly string[]; provenance?: string } = {},
): Promise<{ summary: SeluSummary; files: string[] }> {
  const summary = summarizeSelu(results, variants, options.plannedKeys);
  const files: string[] = [];
  if (summary.variants.length > 0) {
    const charts = seluCharts(summary, s);
    for (const [name, svg] of Object.entries(charts) as [keyof typeof SELU_CHARTS, string][]) {
      const out = await writeChart(svg, join(dir, SELU_CHARTS[name]));
      files.push(out.pngPath, out.svgPath);
    }
  }
  const md = join(dir, 'report.md');
  await writeFile(md, seluMarkdown(summary, results, s, options.provenance));
  return { summary, files: [md, ...files] };
}
