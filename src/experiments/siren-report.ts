/**
 * The report of an `actlab siren` experiment, redrawn from results.jsonl alone: report.md (PSNR
 * per network, mean ± std across seeds, with the PSNR convention), psnr.png (PSNR per step),
 * reconstructions.png (the image and each fit, labelled with its PSNR) and derivatives.png
 * (|∇| and Δ of each fit next to the image's own finite differences), each also as .svg.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gridDerivatives } from '../analysis/field-derivatives.js';
import { lineChart, writeChart } from '../plot/node/index.js';
import { PSNR_CONVENTION } from './siren-fit.js';
import { absQuantile, panelGrid, type Panel, type PanelRow } from './siren-figures.js';
import type { SirenConfig } from './siren-task.js';
import { decodeFloats, type SirenResult } from './siren-task.js';
import { mean, std } from './stats.js';

export const SIREN_FIGURES = {
  psnr: 'psnr.png',
  reconstructions: 'reconstructions.png',
  derivatives: 'derivatives.png',
} as const;

/** Per network, across seeds. */
export interface SirenSummaryRow {
  networkKey: string;
  label: string;
  psnr: { mean: number; std: number; values: number[] };
  stepsPerSecond: number;
  seconds: number;
  seeds: number[];
  /** The first seed's result (its images go into the figures). */
  first: SirenResult;
  runs: SirenResult[];
}

/** Rows in the order networks first appear in `results`. */
export function summarizeSiren(results: readonly SirenResult[]): SirenSummaryRow[] {
  const groups = new Map<string, SirenResult[]>();
  for (const r of results) groups.set(r.networkKey, [...(groups.get(r.networkKey) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const sorted = [...rs].sort((a, b) => a.seed - b.seed);
    const values = sorted.map((r) => r.finalPsnr);
    return {
      networkKey: sorted[0]!.networkKey,
      label: sorted[0]!.label,
      psnr: { mean: mean(values), std: std(values), values },
      stepsPerSecond: mean(sorted.map((r) => r.stepsPerSecond)),
      seconds: mean(sorted.map((r) => r.seconds)),
      seeds: sorted.map((r) => r.seed),
      first: sorted[0]!,
      runs: sorted,
    };
  });
}

const dB = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
export const formatPsnr = (row: SirenSummaryRow): string =>
  row.psnr.values.length > 1 ? `${dB(row.psnr.mean)} ± ${dB(row.psnr.std)}` : dB(row.psnr.mean);

/** Mean PSNR per recorded step across seeds, one series per network. */
function psnrChart(rows: readonly SirenSummaryRow[], c: SirenConfig): string {
  return lineChart({
    title: `PSNR while fitting ${c.side}×${c.side} ${c.imageSource}`,
    xLabel: `step (full-batch Adam, lr ${c.lr}; ${c.layers}×${c.hidden} hidden)`,
    yLabel: 'PSNR (dB) on [0, 1], clipped',
    series: rows.map((row) => ({
      name: row.label,
      x: row.first.curve.map((p) => p.step),
      y: row.first.curve.map((_, i) => mean(row.runs.map((r) => r.curve[i]?.psnr ?? NaN))),
    })),
  });
}

const chunk = <T>(a: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, (i + 1) * n));

function reconstructions(rows: readonly SirenSummaryRow[], c: SirenConfig): string {
  const grey = { kind: 'grey' as const, lo: 0, hi: 1 };
  const panels: Panel[] = [
    { title: 'ground truth', values: c.pixels, side: c.side, scale: grey },
    ...rows.map((row) => ({
      title: `${row.label}: ${dB(row.first.finalPsnr)} dB`,
      values: decodeFloats(row.first.images.prediction),
      side: c.side,
      scale: grey,
    })),
  ];
  return panelGrid({
    title: `Fits after ${c.steps} steps (seed ${rows[0]?.seeds[0] ?? 0})`,
    rows: chunk(panels, 4).map((p) => ({ panels: p })),
    note: PSNR_CONVENTION,
  });
}

function derivatives(rows: readonly SirenSummaryRow[], c: SirenConfig): string {
  const own = gridDerivatives(c.pixels, c.side, c.side);
  // Colour ranges from the image's own derivatives (99th percentile), shared by every fit.
  const gMax = absQuantile(own.gradientNorm, 0.99);
  const lMax = absQuantile(own.laplacian, 0.99);
  const grey = { kind: 'grey' as const, lo: 0, hi: 1 };
  const gScale = { kind: 'grey' as const, lo: 0, hi: gMax };
  const lScale = { kind: 'diverging' as const, max: lMax };
  const side = c.side;
  const panelRows: PanelRow[] = [
    {
      label: 'image',
      panels: [
        { title: 'ground truth', values: c.pixels, side, scale: grey },
        { title: '|∇| finite differences', values: own.gradientNorm, side, scale: gScale },
        { title: 'Δ finite differences', values: own.laplacian, side, scale: lScale },
      ],
    },
    ...rows.map((row) => ({
      label: row.label,
      panels: [
        {
          title: `fit: ${dB(row.first.finalPsnr)} dB`,
          values: decodeFloats(row.first.images.prediction),
          side,
          scale: grey,
        },
        { title: '|∇u| (exact)', values: decodeFloats(row.first.images.gradientNorm), side, scale: gScale },
        { title: 'Δu (exact)', values: decodeFloats(row.first.images.laplacian), side, scale: lScale },
      ],
    })),
  ];
  return panelGrid({
    title: 'Gradient and Laplacian of each fit next to the image’s own',
    rows: panelRows,
    cell: 200,
    note: `|∇|: black 0 … white ${gMax.toPrecision(3)}; Δ: blue −${lMax.toPrecision(3)} … white 0 … red +${lMax.toPrecision(3)} (intensity per unit coordinate, grid over [−1, 1])`,
  });
}

export function sirenMarkdown(
  rows: readonly SirenSummaryRow[],
  results: readonly SirenResult[],
  c: SirenConfig,
): string {
  // The reference row: the SIREN with the highest mean PSNR (with --w0 lists there are several).
  const best = rows
    .filter((r) => r.first.network.kind === 'siren')
    .reduce<SirenSummaryRow | undefined>((b, r) => (!b || r.psnr.mean > b.psnr.mean ? r : b), undefined);
  const lines = [
    '# actlab siren',
    '',
    `Fitting one ${c.side}×${c.side} grey image (${c.imageSource}) with coordinate networks: input (row, column) in ` +
      `linspace(−1, 1), output the pixel value mapped to [−1, 1]; ${c.layers} hidden layers of ${c.hidden} units and a ` +
      `linear output for every network; full-batch Adam (lr ${c.lr}) on the MSE for ${c.steps} steps; ` +
      `seeds ${c.seeds.join(', ')}.`,
    '',
    `**${PSNR_CONVENTION}.** (On [−1, 1] data the same fit reads 6.02 dB lower.)`,
    '',
    '| network | PSNR (dB) | Δ vs best SIREN (dB) | steps/s | s per fit | seeds |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${formatPsnr(r)} | ${best && r !== best ? dB(r.psnr.mean - best.psnr.mean) : '—'} | ` +
        `${r.stepsPerSecond.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.seeds.length} |`,
    ),
    '',
    `![PSNR per step](${SIREN_FIGURES.psnr})`,
    '',
    `![reconstructions](${SIREN_FIGURES.reconstructions})`,
    '',
    'Derivatives: |∇u| and Δu of each fitted field are exact (forward-mode, float64) at the pixel centres; the ' +
      "image's own are finite differences on the same grid. A ReLU network is piecewise linear, so its Laplacian is " +
      'zero almost everywhere; positional encodings add the curvature of their sines.',
    '',
    `![derivatives](${SIREN_FIGURES.derivatives})`,
    '',
    '## Runs',
    '',
    '| network | seed | PSNR (dB) | final MSE ([−1, 1]) | steps/s | s |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.seed} | ${dB(r.finalPsnr)} | ${r.finalLoss.toExponential(3)} | ${r.stepsPerSecond.toFixed(1)} | ${r.seconds.toFixed(1)} |`,
    ),
    '',
    'Timings come from a shared machine: other processes may slow any run. Steps/s counts the training steps alone.',
    '',
  ];
  return lines.join('\n');
}

/** Writes report.md and the three figures (PNG + SVG); returns the paths, report.md first. */
export async function writeSirenReport(
  dir: string,
  results: readonly SirenResult[],
  c: SirenConfig,
): Promise<string[]> {
  const rows = summarizeSiren(results);
  const files: string[] = [];
  if (rows.length > 0) {
    const charts: [string, string][] = [
      [SIREN_FIGURES.psnr, psnrChart(rows, c)],
      [SIREN_FIGURES.reconstructions, reconstructions(rows, c)],
      [SIREN_FIGURES.derivatives, derivatives(rows, c)],
    ];
    for (const [name, svg] of charts) {
      const out = await writeChart(svg, join(dir, name));
      files.push(out.pngPath, out.svgPath);
    }
  }
  const md = join(dir, 'report.md');
  await writeFile(md, sirenMarkdown(rows, results, c));
  return [md, ...files];
}
