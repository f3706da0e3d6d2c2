/**
 * `actlab approx`: universal approximation, measured — one hidden layer per activation × width,
 * fitted to 1-D targets; the error falls with width for non-polynomial activations and stalls
 * for polynomial ones (identity, x²). Writes approx.png, approx-curves.png, report.md, approx.json.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { approxTargetNames, type ApproxTarget } from '../../experiments/approx-fit.js';
import { widthToReach, writeApproxReport, type ApproxConfig } from '../../experiments/approx-report.js';
import type { ApproxResult, ApproxTask } from '../../experiments/approx-task.js';
import { runTasks } from '../../experiments/pool.js';
import { activationIdList } from '../activations.js';
import { ensureOutDir, intArg, intSetArg, nameListArg, numberArg } from '../options.js';
import { bold, print, printJson, table } from '../output.js';
import { createProgress } from '../progress.js';
import { workersOption, addOutputOptions } from '../experiment-options.js';

export const APPROX_DEFAULTS = {
  acts: ['relu', 'tanh', 'sine', 'gelu', 'identity', 'square'],
  widths: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  steps: 2000,
  lr: 0.01,
  restarts: 2,
  tol: 0.02,
  trainPoints: 256,
  testPoints: 1001,
  out: 'actlab-approx',
};

interface ApproxOptions {
  target: ApproxTarget[];
  acts: string[];
  widths: number[];
  steps: number;
  lr: number;
  restarts: number;
  tol: number;
  workers: number;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

/** "sin", "sin,abs" or "all". */
function targetArg(text: string): ApproxTarget[] {
  const names = nameListArg(text);
  if (names.includes('all')) return [...approxTargetNames];
  for (const n of names) {
    if (!(approxTargetNames as readonly string[]).includes(n))
      throw new InvalidArgumentError(`expected ${approxTargetNames.join(', ')} or all, got '${n}'`);
  }
  return names as ApproxTarget[];
}

export function register(program: Command): void {
  const cmd = program
    .command('approx')
    .summary('universal approximation: error against width of one hidden layer, per activation')
    .description(
      'Fits y = W₂·σ(W₁x + b₁) + b₂ (one hidden layer) to 1-D targets on [−1, 1] at each width, per activation, long ' +
        'enough to converge (full-batch Adam with cosine decay, best of a few seeds). Non-polynomial activations ' +
        'approximate any continuous target as the width grows; polynomial ones (identity, x²) stall at the best line / ' +
        'quadratic however wide. Writes OUT/approx.png (error against width, log–log), OUT/approx-curves.png (fitted ' +
        'curves), OUT/report.md (width needed per activation to reach --tol) and OUT/approx.json.',
    )
    .addOption(
      new Option('--target <names>', `targets: ${approxTargetNames.join(', ')}, or all`)
        .argParser(targetArg)
        .default([...approxTargetNames], 'all'),
    )
    .addOption(
      new Option('--acts <ids>', 'activations (elementwise ids or aliases), comma-separated')
        .argParser(nameListArg)
        .default(APPROX_DEFAULTS.acts, APPROX_DEFAULTS.acts.join(',')),
    )
    .addOption(
      new Option('--widths <list>', 'hidden widths: positive integers, e.g. 1,2,4,8 or 1..16')
        .argParser(intSetArg(4096))
        .default(APPROX_DEFAULTS.widths, APPROX_DEFAULTS.widths.join(',')),
    )
    .addOption(new Option('--steps <n>', 'Adam steps per fit').argParser(intArg(1)).default(APPROX_DEFAULTS.steps))
    .addOption(
      new Option('--lr <rate>', 'initial learning rate (cosine-annealed to 0)')
        .argParser(numberArg(0, Infinity, true))
        .default(APPROX_DEFAULTS.lr),
    )
    .addOption(
      new Option('--restarts <n>', 'seeds per width; the best training loss is kept')
        .argParser(intArg(1, 100))
        .default(APPROX_DEFAULTS.restarts),
    )
    .addOption(
      new Option('--tol <rmse>', 'the RMS error a width must reach (report: width needed)')
        .argParser(numberArg(0, Infinity, true))
        .default(APPROX_DEFAULTS.tol),
    )
    .addOption(workersOption());
  addOutputOptions(cmd, {
    out: APPROX_DEFAULTS.out,
    resumed: false,
    json: 'the widths needed and errors',
    progress: 'a bar per task on a terminal, a line per task otherwise',
  }).action(async (o: ApproxOptions) => {
    const acts = activationIdList(o.acts);
    const out = ensureOutDir(o.out);
    const config: ApproxConfig = {
      acts,
      targets: o.target,
      widths: o.widths,
      tol: o.tol,
      settings: {
        trainPoints: APPROX_DEFAULTS.trainPoints,
        testPoints: APPROX_DEFAULTS.testPoints,
        steps: o.steps,
        lr: o.lr,
        restarts: o.restarts,
      },
    };
    const tasks: ApproxTask[] = o.target.flatMap((target) =>
      acts.map((act) => ({ act, target, widths: o.widths, settings: config.settings })),
    );
    const progress = createProgress({ total: tasks.length, quiet: o.quiet ?? false });
    progress.log(
      `fitting ${acts.length} activation(s) × ${o.target.length} target(s), widths ${o.widths.join(',')}, on ${Math.min(o.workers, tasks.length) || 1} worker(s)`,
    );
    const started = performance.now();
    let n = 0;
    let results: ApproxResult[];
    try {
      results = await runTasks<ApproxTask, ApproxResult, { done: number }>(tasks, {
        workers: o.workers,
        module: new URL(
          import.meta.url.endsWith('.ts') ? '../../experiments/approx-task.ts' : '../../experiments/approx-task.js',
          import.meta.url,
        ),
        onStart: (i) => progress.start(`${i}`, `${tasks[i]!.act} · ${tasks[i]!.target}`),
        onResult: (i, r) =>
          progress.finish(
            `${i}`,
            `[${++n}/${tasks.length}] ${r.act} · ${r.target}: RMS error ${r.fits
              .map((f) => f.rmse.toPrecision(2))
              .join(' → ')} (${r.seconds.toFixed(1)} s)`,
          ),
      });
    } finally {
      progress.stop();
    }
    const files = await writeApproxReport(out, results, config);
    const seconds = (performance.now() - started) / 1000;
    if (o.json) {
      printJson({
        out,
        tol: o.tol,
        widths: o.widths,
        seconds,
        results: results.map((r) => ({
          act: r.act,
          target: r.target,
          widthToReach: widthToReach(r, o.tol),
          rmse: r.fits.map((f) => f.rmse),
          floors: r.floors,
        })),
        files,
      });
      return;
    }
    print(
      table(
        ['activation', ...o.target.map((t) => `${t}: width for RMS ≤ ${o.tol}`)],
        acts.map((act) => [
          act,
          ...o.target.map((t) => {
            const r = results.find((x) => x.act === act && x.target === t)!;
            const w = widthToReach(r, o.tol);
            return w === null ? `never (${r.fits.at(-1)!.rmse.toPrecision(2)} at ${o.widths.at(-1)})` : String(w);
          }),
        ]),
      ),
      `${bold('report')}: ${files[0]}  (${seconds.toFixed(0)} s)`,
    );
  });
}
