/**
 * The report of `actlab approx`: approx.png (RMS error against width, log–log, one chart per
 * target, with the best line and quadratic as floors), approx-curves.png (the fitted curves at a
 * few widths, target × activation), report.md with the width each activation needs to reach the
 * error tolerance (or "never" within the widths tried), and approx.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getActivation } from '../activations/registry.js';
import { colorAt, lineChart, writeChart } from '../plot/node/index.js';
import { APPROX_TARGETS, grid, type ApproxSettings, type ApproxTarget } from './approx-fit.js';
import { chartGrid } from './approx-figures.js';
import type { ApproxResult } from './approx-task.js';

export const APPROX_FIGURES = { error: 'approx.png', curves: 'approx-curves.png' } as const;

export interface ApproxConfig {
  acts: string[];
  targets: ApproxTarget[];
  widths: number[];
  settings: ApproxSettings;
  /** The RMS error a width must reach to count as "approximated". */
  tol: number;
}

/** The smallest width whose fit reaches `tol` (RMS error), or null ("never" within the widths tried). */
export function widthToReach(r: ApproxResult, tol: number): number | null {
  const i = r.fits.findIndex((f) => f.rmse <= tol);
  return i < 0 ? null : r.widths[i]!;
}

const FLOOR_COLORS = { line: '#7F7F7F', quadratic: '#B0B0B0', tol: '#000000' };
const name = (act: string): string => getActivation(act).name;
const find = (results: readonly ApproxResult[], act: string, target: ApproxTarget): ApproxResult | undefined =>
  results.find((r) => r.act === act && r.target === target);

export function errorCharts(results: readonly ApproxResult[], c: ApproxConfig): string {
  const charts = c.targets.map((target) => {
    const rs = c.acts.map((a) => find(results, a, target)).filter((r): r is ApproxResult => r !== undefined);
    const floors = rs[0]?.floors;
    const span = [Math.min(...c.widths), Math.max(...c.widths)];
    return lineChart({
      title: `${target}: ${APPROX_TARGETS[target].formula}`,
      xLabel: 'hidden units (one layer)',
      yLabel: 'RMS error on [−1, 1]',
      logX: true,
      logY: true,
      width: 560,
      height: 420,
      legend: false,
      series: [
        ...rs.map((r) => ({
          name: name(r.act),
          x: r.widths,
          y: r.fits.map((f) => f.rmse),
          color: colorAt(c.acts.indexOf(r.act)),
        })),
        ...(floors
          ? [
              { name: 'best line', x: span, y: [floors.line, floors.line], dashed: true, color: FLOOR_COLORS.line },
              {
                name: 'best quadratic',
                x: span,
                y: [floors.quadratic, floors.quadratic],
                dashed: true,
                color: FLOOR_COLORS.quadratic,
              },
              { name: `tolerance ${c.tol}`, x: span, y: [c.tol, c.tol], dashed: true, color: FLOOR_COLORS.tol },
            ]
          : []),
      ],
    });
  });
  return chartGrid({
    title: 'Error against width, one hidden layer',
    charts,
    cols: Math.min(2, charts.length),
    legend: [
      ...c.acts.map((a, i) => ({ name: name(a), color: colorAt(i) })),
      { name: 'best line', color: FLOOR_COLORS.line, dashed: true },
      { name: 'best quadratic', color: FLOOR_COLORS.quadratic, dashed: true },
      { name: `tolerance ${c.tol}`, color: FLOOR_COLORS.tol, dashed: true },
    ],
  });
}

/** Up to four widths spread over the list (first, last and two between, on a log scale). */
export function showcaseWidths(widths: readonly number[]): number[] {
  if (widths.length <= 4) return [...widths];
  const picks = [0, Math.round((widths.length - 1) / 3), Math.round((2 * (widths.length - 1)) / 3), widths.length - 1];
  return [...new Set(picks)].map((i) => widths[i]!);
}

function curveCharts(results: readonly ApproxResult[], c: ApproxConfig): string {
  const shown = showcaseWidths(c.widths);
  const xs = grid(c.settings.testPoints);
  const charts: string[] = [];
  for (const target of c.targets) {
    for (const act of c.acts) {
      const r = find(results, act, target);
      if (!r) continue;
      charts.push(
        lineChart({
          title: `${name(act)} · ${target}`,
          width: 340,
          height: 250,
          legend: false,
          yDomain: [-1.6, 1.6],
          series: [
            { name: 'target', x: xs, y: xs.map(APPROX_TARGETS[target].f), dashed: true, color: '#000000' },
            ...shown.map((w, i) => ({
              name: `width ${w}`,
              x: xs,
              y: r.fits[r.widths.indexOf(w)]!.prediction,
              color: colorAt(i),
            })),
          ],
        }),
      );
    }
  }
  return chartGrid({
    title: 'Fitted curves (one hidden layer), targets × activations',
    charts,
    cols: c.acts.length,
    legend: [
      { name: 'target', color: '#000000', dashed: true },
      ...shown.map((w, i) => ({ name: `width ${w}`, color: colorAt(i) })),
    ],
  });
}

export function approxMarkdown(results: readonly ApproxResult[], c: ApproxConfig): string {
  const cell = (act: string, target: ApproxTarget): string => {
    const r = find(results, act, target);
    if (!r) return '—';
    const w = widthToReach(r, c.tol);
    return w === null
      ? `never (best ${r.fits.reduce((m, f) => Math.min(m, f.rmse), Infinity).toPrecision(2)})`
      : String(w);
  };
  const rmseAtMax = (act: string, target: ApproxTarget): string => {
    const r = find(results, act, target);
    return r ? r.fits.at(-1)!.rmse.toPrecision(3) : '—';
  };
  const first = (target: ApproxTarget) => results.find((r) => r.target === target)?.floors;
  const s = c.settings;
  return [
    '# actlab approx',
    '',
    `One hidden layer, y = W₂·σ(W₁x + b₁) + b₂, fitted to each target on [−1, 1] at widths ${c.widths.join(', ')}. ` +
      `Training: ${s.trainPoints} evenly spaced points, full-batch Adam (lr ${s.lr} annealed to 0 by a cosine) for ` +
      `${s.steps} steps, best of ${s.restarts} seed(s) by training loss. Error: RMS over ${s.testPoints} evenly ` +
      'spaced points (between the training points too).',
    '',
    `Universal approximation (Leshno et al., 1993): the error can fall to 0 with width iff σ is not a polynomial. ` +
      'identity makes the network a line and x² a quadratic however wide it is: their errors stop at the best ' +
      'line / quadratic (the floors, computed in closed form), which shows the stall is expressiveness, not optimisation.',
    '',
    `## Width needed to reach RMS error ≤ ${c.tol}`,
    '',
    `| activation | ${c.targets.join(' | ')} |`,
    `|---|${c.targets.map(() => '---:').join('|')}|`,
    ...c.acts.map((a) => `| ${name(a)} | ${c.targets.map((t) => cell(a, t)).join(' | ')} |`),
    '',
    `## RMS error at width ${Math.max(...c.widths)}`,
    '',
    `| activation | ${c.targets.join(' | ')} |`,
    `|---|${c.targets.map(() => '---:').join('|')}|`,
    ...c.acts.map((a) => `| ${name(a)} | ${c.targets.map((t) => rmseAtMax(a, t)).join(' | ')} |`),
    `| best line | ${c.targets.map((t) => first(t)?.line.toPrecision(3) ?? '—').join(' | ')} |`,
    `| best quadratic | ${c.targets.map((t) => first(t)?.quadratic.toPrecision(3) ?? '—').join(' | ')} |`,
    '',
    `![error against width](${APPROX_FIGURES.error})`,
    '',
    `![fitted curves](${APPROX_FIGURES.curves})`,
    '',
  ].join('\n');
}

/** Writes approx.json, report.md and the two figures (PNG + SVG); returns the paths. */
export async function writeApproxReport(
  dir: string,
  results: readonly ApproxResult[],
  c: ApproxConfig,
): Promise<string[]> {
  const files: string[] = [];
  for (const [file, svg] of [
    [APPROX_FIGURES.error, errorCharts(results, c)],
    [APPROX_FIGURES.curves, curveCharts(results, c)],
  ] as const) {
    const out = await writeChart(svg, join(dir, file));
    files.push(out.pngPath, out.svgPath);
  }
  const md = join(dir, 'report.md');
  await writeFile(md, approxMarkdown(results, c));
  const json = join(dir, 'approx.json');
  await writeFile(
    json,
    `${JSON.stringify(
      {
        ...c,
        results: results.map((r) => ({
          ...r,
          widthToReach: widthToReach(r, c.tol),
          fits: r.fits.map(({ prediction: _p, ...f }) => f),
        })),
      },
      null,
      2,
    )}\n`,
  );
  return [md, json, ...files];
}
