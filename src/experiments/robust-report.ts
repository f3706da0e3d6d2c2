/**
 * The robust study's report: `report.md` (ranked table of clean / FGSM / PGD / APGD / worst-case
 * accuracy with mean ± std across seeds, each activation's difference to ReLU with a 95% CI, the
 * verdict on Smooth Adversarial Training's claim, gradient-masking warnings, per-run table) and
 * two charts: worst-case robust vs clean accuracy (one dot per run) and robust accuracy against ε.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeAttack } from '../adversarial/spec.js';
import { lineChart, writeChart } from '../plot/node/index.js';
import { colorAt } from '../plot/palette.js';
import { evaluationAttacks, type RobustTrainConfig } from './robust-config.js';
import type { RobustRunResult } from './robust-results.js';
import {
  summarizeRobust,
  verdict,
  type RobustActivationSummary,
  type RobustSummary,
  type Stat,
} from './robust-summary.js';
import type { Difference } from './stats.js';

export const ROBUST_CHARTS = { scatter: 'robust-vs-clean.png', curve: 'robust-curve.png' } as const;

export interface RobustReportOptions {
  order?: readonly string[];
  plannedKeys?: readonly string[];
  provenance?: string;
  /** Wall time of the command that produced the results, when known (a run from scratch, not a resume). */
  seconds?: number;
  /** CPU time it used, all threads. */
  cpuSeconds?: number;
}

const pct = (v: number, digits = 1): string => (Number.isFinite(v) ? `${(100 * v).toFixed(digits)}` : 'n/a');
const ms = (s: Stat): string =>
  !Number.isFinite(s.mean) ? 'n/a' : s.values.length > 1 ? `${pct(s.mean)} ± ${pct(s.std)}` : pct(s.mean);
const diff = (d: Difference | undefined): string => {
  if (!d || !Number.isFinite(d.mean)) return '—';
  const sign = (v: number): string => `${v >= 0 ? '+' : '−'}${pct(Math.abs(v))}`;
  return Number.isFinite(d.low) ? `${sign(d.mean)} [${sign(d.low)}, ${sign(d.high)}]` : sign(d.mean);
};

/** One sentence describing the training. */
export function describeRobustSetup(c: RobustTrainConfig): string {
  const t = c.training;
  const alpha = t.alpha ?? (t.attack === 'fgsm' ? 1.25 * t.eps : (2.5 * t.eps) / t.steps);
  const attack =
    t.attack === 'fgsm'
      ? `FGSM with random start (α = ${Number(alpha.toFixed(4))})`
      : `PGD-${t.steps} with random start (α = ${Number(alpha.toFixed(4))})`;
  return (
    `${attack} at ε = ${t.eps}${t.warmup > 0 ? ` (ε ramped up over the first ${t.warmup} epoch${t.warmup === 1 ? '' : 's'})` : ''}` +
    `${t.cleanStart > 0 ? `, ${Math.round(100 * t.cleanStart)}% of batches starting from the clean image` : ''}; ` +
    `${c.epochs} epoch${c.epochs === 1 ? '' : 's'} of Adam (lr ${c.lr}, cosine decay), batch ${c.batchSize}, ` +
    `${c.trainSize - c.heldOut} training images of ${c.dataset}` +
    (c.heldOut > 0 ? ` (${c.heldOut} more held out for early stopping on PGD-10 accuracy)` : '') +
    `; evaluated on the ${c.testSize} test images`
  );
}

/** The verdict paragraph on SAT's claim: smooth activations ≥ ReLU in robust accuracy at similar clean accuracy. */
function satVerdict(summary: RobustSummary): string[] {
  const base = summary.baseline;
  const others = summary.activations.filter((s) => s.act !== base && s.vsBaseline);
  if (!base || others.length === 0) return [];
  const better = others.filter((s) => verdict(s.vsBaseline!.worst) === 'better').map((s) => s.act);
  const worse = others.filter((s) => verdict(s.vsBaseline!.worst) === 'worse').map((s) => s.act);
  const ties = others.filter((s) => verdict(s.vsBaseline!.worst) === 'tie').map((s) => s.act);
  const aboveMean = others.filter((s) => s.vsBaseline!.worst.mean > 0).map((s) => s.act);
  const lines = [
    `**Smooth Adversarial Training's claim at this scale.** Xie et al. (2020) find smooth activations more robust than ` +
      `${base} at about equal clean accuracy (ResNet-50 on ImageNet: ReLU 33.0% → SiLU 42.3% PGD accuracy). Here, with ` +
      `${summary.activations[0]?.runs ?? 0} seed(s) per activation, ` +
      `${aboveMean.length} of ${others.length} activations have a higher mean worst-case robust accuracy than ${base}` +
      `${aboveMean.length ? ` (${aboveMean.join(', ')})` : ''}; the difference exceeds seed noise (95% interval above 0) for ` +
      `${better.length ? better.join(', ') : 'none'}` +
      `${worse.length ? `, and is significantly negative for ${worse.join(', ')}` : ''}` +
      `${ties.length ? `; ${ties.join(', ')} cannot be told apart from ${base}` : ''}.`,
  ];
  const cleanShift = others.filter(
    (s) => verdict(s.vsBaseline!.clean) !== 'tie' && verdict(s.vsBaseline!.clean) !== 'n/a',
  );
  if (cleanShift.length)
    lines.push(
      `Clean accuracy differs significantly from ${base} for ${cleanShift.map((s) => `${s.act} (${diff(s.vsBaseline!.clean)} points)`).join(', ')}: ` +
        'compare robust accuracies with that trade-off in mind.',
    );
  return lines;
}

/** The markdown text of report.md. */
export function robustReportMarkdown(
  summary: RobustSummary,
  results: readonly RobustRunResult[],
  options: RobustReportOptions = {},
): string {
  const first = results[0];
  if (!first) return '# actlab robust\n\nNo finished runs yet.\n';
  const c = first.config;
  const acts = summary.activations;
  const seeds = [...new Set(results.map((r) => r.seed))].sort((a, b) => a - b);
  const names = evaluationAttacks(c.evaluation).map((a) => describeAttack(a.spec));
  const [fgsmName, pgdName, apgdName] = names as [string, string, string];
  const atEps = evaluationAttacks(c.evaluation)
    .filter((a) => a.spec.eps === c.evaluation.eps)
    .map((a) => describeAttack(a.spec));
  const lines: string[] = [`# actlab robust — ${c.dataset}, ε = ${c.training.eps}`, ''];
  lines.push(
    `The same CNN (${first.network}) adversarially trained once per activation × seed: ${acts.length} activation` +
      `${acts.length === 1 ? '' : 's'} × ${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds.join(', ')}) = ` +
      `${summary.totalRuns} runs. Training: ${describeRobustSetup(c)}. Evaluation attacks on every test image: ` +
      `${names.slice(0, 3).join(', ')}, and ${names.slice(3).join(', ')} for the curve. Inputs are pixels in [0, 1]. ` +
      `Configuration fingerprint \`${first.fingerprint}\`.`,
  );
  if (options.provenance) lines.push('', options.provenance);
  if (options.seconds !== undefined)
    lines.push('', `Wall time of this command: ${(options.seconds / 60).toFixed(1)} min.`);
  if (summary.missing.length > 0)
    lines.push(
      '',
      `**Incomplete:** ${summary.missing.length} planned run(s) have no result yet: ${summary.missing.join(', ')}.`,
    );
  lines.push('', '## Results', '');
  lines.push(
    `| rank | activation | clean | ${fgsmName} | ${pgdName} | ${apgdName} | **worst case** | Δ worst case vs ${summary.baseline ?? 'baseline'} [95% CI] | Δ clean | train s | runs |`,
    '|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|',
  );
  acts.forEach((s, i) => {
    lines.push(
      `| ${i + 1} | ${s.act} | ${ms(s.clean)} | ${ms(s.fgsm)} | ${ms(s.pgd)} | ${ms(s.apgd)} | **${ms(s.worst)}** | ` +
        `${s.act === summary.baseline ? '(baseline)' : diff(s.vsBaseline?.worst)} | ${s.act === summary.baseline ? '' : diff(s.vsBaseline?.clean)} | ` +
        `${s.trainSeconds.toFixed(0)} | ${s.runs} |`,
    );
  });
  lines.push(
    '',
    'Accuracies in % on the test split, mean ± sample standard deviation across seeds. *Worst case*: a test image counts ' +
      `only if the network classifies it correctly clean and under every attack at ε = ${c.evaluation.eps} ` +
      `(${atEps.join(', ')}; the number to quote). ` +
      '*Δ*: paired by seed (same seed = same initial weights, data order and attack starts), mean difference in points with ' +
      'a 95% Student-t interval; an interval that contains 0 means the seeds cannot tell the two apart. Train time is wall ' +
      'time per run and depends on the machine and on how many runs shared it.',
    '',
  );
  lines.push(...satVerdict(summary).flatMap((l) => [l, '']));
  const warned = results.filter((r) => r.warnings.length > 0);
  lines.push('## Gradient-masking check', '');
  if (warned.length === 0) {
    lines.push(
      'No warnings: in every run FGSM was weaker than the iterative attacks, more steps did not raise robust accuracy, ' +
        'robust accuracy fell as ε grew, and PGD and APGD agreed within 5 points.',
      '',
    );
  } else {
    lines.push(
      `${warned.length} of ${results.length} runs have warnings (see adversarial/masking.ts for the rules):`,
      '',
    );
    for (const r of warned) for (const w of r.warnings) lines.push(`- ${r.key}: ${w}`);
    lines.push('');
  }
  const stopped = results.filter((r) => r.stopped);
  if (stopped.length) {
    lines.push('## Early stopping', '');
    for (const r of stopped)
      lines.push(`- ${r.key}: ${r.stopped}; evaluated the weights of epoch ${r.evaluatedEpoch}.`);
    lines.push('');
  }
  lines.push('## Charts', '');
  lines.push(`![Worst-case robust accuracy against clean accuracy, one dot per run](${ROBUST_CHARTS.scatter})`, '');
  lines.push(`![Robust accuracy against ε, mean over seeds](${ROBUST_CHARTS.curve})`, '');
  lines.push(
    '## Runs',
    '',
    `| activation | seed | clean | ${fgsmName} | ${pgdName} | ${apgdName} | worst case | held-out PGD-10 per epoch | train s | eval s |`,
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  );
  for (const s of acts) {
    for (const r of results.filter((x) => x.act === s.act).sort((a, b) => a.seed - b.seed)) {
      const fgsm = r.attacks.find((a) => a.role === 'fgsm')?.robustAccuracy ?? NaN;
      const held = r.history.map((h) => (h.heldOutRobust === undefined ? '—' : pct(h.heldOutRobust, 0))).join(' ');
      lines.push(
        `| ${r.act} | ${r.seed} | ${pct(r.cleanAccuracy)} | ${pct(fgsm)} | ${pct(r.pgd)} | ${pct(r.apgd)} | ${pct(r.worstCase)} | ` +
          `${held} | ${r.trainSeconds.toFixed(0)} | ${r.evalSeconds.toFixed(0)} |`,
      );
    }
  }
  lines.push('', 'Raw results: `robust.jsonl` (one JSON object per run, with per-epoch history and every attack).', '');
  return lines.join('\n');
}

/** The SVGs of the two charts. */
export function robustCharts(
  summary: RobustSummary,
  config: RobustTrainConfig,
): Record<keyof typeof ROBUST_CHARTS, string> {
  const acts = summary.activations;
  const color = (s: RobustActivationSummary): string => colorAt(acts.indexOf(s));
  // Pad the data's extent so the dots at its edges are drawn whole.
  const padded = (values: number[]): [number, number] => {
    const v = values.filter(Number.isFinite);
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = Math.max(0.005, 0.08 * (hi - lo));
    return v.length ? [lo - pad, hi + pad] : [0, 1];
  };
  const scatter = lineChart({
    xDomain: padded(acts.flatMap((s) => s.clean.values)),
    yDomain: padded(acts.flatMap((s) => s.worst.values)),
    title: `Worst-case robust vs clean accuracy (${config.dataset}, ε = ${config.training.eps}), one dot per run`,
    xLabel: 'clean test accuracy',
    yLabel: 'worst-case robust accuracy',
    series: acts.map((s) => ({
      name: s.act,
      x: s.clean.values,
      y: s.worst.values,
      markers: true,
      line: false,
      color: color(s),
    })),
  });
  const curve = lineChart({
    title: `Robust accuracy against ε (${config.dataset}, PGD-${config.evaluation.curveSteps}, mean over seeds)`,
    xLabel: 'ε (L∞, pixels in [0, 1]); ε = 0 is clean accuracy',
    yLabel: 'robust accuracy',
    yDomain: [-0.02, 1.02],
    xDomain: [-0.01, 1.03 * Math.max(...acts.flatMap((s) => s.curve.map((p) => p.eps)))],
    series: acts.map((s) => ({
      name: s.act,
      x: s.curve.map((p) => p.eps),
      y: s.curve.map((p) => p.mean),
      markers: true,
      color: color(s),
    })),
  });
  return { scatter, curve };
}

/** Writes report.md and the charts into `dir`. */
export async function writeRobustReport(
  dir: string,
  results: readonly RobustRunResult[],
  options: RobustReportOptions = {},
): Promise<{ summary: RobustSummary; files: string[] }> {
  const summary = summarizeRobust(results, options.order, options.plannedKeys);
  const files: string[] = [];
  if (summary.activations.length > 0) {
    for (const [name, svg] of Object.entries(robustCharts(summary, results[0]!.config)) as [
      keyof typeof ROBUST_CHARTS,
      string,
    ][]) {
      const out = await writeChart(svg, join(dir, ROBUST_CHARTS[name]));
      files.push(out.pngPath, out.svgPath);
    }
  }
  const md = join(dir, 'report.md');
  await writeFile(md, robustReportMarkdown(summary, results, options));
  return { summary, files: [md, ...files] };
}
