/**
 * The SIREN case of `npm run bench` (suite `siren`): steps per second of `actlab siren`'s default
 * SIREN fit — one full-batch step (forward, MSE, backward, Adam) of the 2 → 64×4 → 1 sine network
 * on a 64×64 coordinate grid — in actlab (1 thread; `actlab-2t`: GEMMs split over 2 threads) and in
 * PyTorch CPU (1 and 2 threads, bench/torch_siren.py). Runs alone too:
 *
 *   npx tsx bench/siren.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wasmBackend } from './engines/actlab.js';
import { PYTHON, torchProblem } from './engines/torch.js';
import { formatTable, secondsPerCall, type BenchRecord } from './lib/measure.js';
import { release, stepScope } from '../src/backend/scope.js';
import { coordinateGrid } from '../src/data/image-transforms.js';
import { mseLoss } from '../src/nn/functional/index.js';
import { Adam } from '../src/optim/adam.js';
import { tensor } from '../src/tensor/create.js';
import { siren } from '../src/models/siren.js';
import { SIREN_DEFAULTS } from '../src/cli/commands/siren.js';
import { Generator } from '../src/tensor/random.js';

/** The default fit of `actlab siren`. */
export const SIREN_CASE = {
  side: SIREN_DEFAULTS.size,
  hidden: SIREN_DEFAULTS.hidden,
  layers: SIREN_DEFAULTS.layers,
  w0: SIREN_DEFAULTS.w0[0]!,
  lr: SIREN_DEFAULTS.lr,
};
const OP = `siren ${SIREN_CASE.side}² 2-${SIREN_CASE.hidden}×${SIREN_CASE.layers}-1 step`;

/** Seconds per training step in actlab with `threads` GEMM threads. */
async function actlabStep(threads: number, minTime: number): Promise<number> {
  const be = wasmBackend();
  if (threads > 1) await be.runtime.enableThreads(threads - 1);
  const { side, hidden, layers, w0, lr } = SIREN_CASE;
  const coords = coordinateGrid(side);
  const t = new Float32Array(side * side);
  for (let i = 0; i < t.length; i++) t[i] = Math.sin(7 * coords.data[2 * i]!) * Math.cos(5 * coords.data[2 * i + 1]!);
  const target = tensor(t, { shape: [side * side, 1] });
  const model = siren({ in: 2, hidden, layers, out: 1, w0, generator: new Generator(0) });
  const opt = new Adam(model.parameters(), { lr });
  const scope = stepScope(model, opt, coords, target);
  try {
    return secondsPerCall(
      () =>
        scope.run(() => {
          opt.zeroGrad();
          const loss = mseLoss(model.forward(coords), target);
          loss.backward();
          opt.step();
          loss.item();
        }),
      { minTime, batchTime: 0.1 },
    );
  } finally {
    scope.close();
    release(coords, target);
    if (threads > 1) await be.runtime.disableThreads();
  }
}

/** PyTorch seconds per step for each thread count, or an error line. */
function torchSteps(threads: number[], minTime: number): { threads: number; seconds: number }[] | string {
  const problem = torchProblem();
  if (problem) return `PyTorch skipped: ${problem}`;
  const r = spawnSync(PYTHON, [fileURLToPath(new URL('./torch_siren.py', import.meta.url))], {
    input: JSON.stringify({ ...SIREN_CASE, threads, minTime }),
    encoding: 'utf8',
  });
  if (r.status !== 0)
    return `torch siren: python exited with ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}`;
  return (JSON.parse(r.stdout) as { results: { threads: number; seconds: number }[] }).results;
}

/** Runs the suite: records in steps/s, and notes for anything skipped. */
export async function sirenSuite(minTime: number, note: (s: string) => void): Promise<BenchRecord[]> {
  const rec = (engine: string, seconds: number): BenchRecord => ({
    suite: 'siren',
    op: OP,
    pass: 'train',
    engine,
    n: SIREN_CASE.side ** 2,
    unit: 'steps/s',
    value: 1 / seconds,
  });
  const records = [rec('actlab', await actlabStep(1, minTime)), rec('actlab-2t', await actlabStep(2, minTime))];
  const torch = torchSteps([1, 2], minTime);
  if (typeof torch === 'string') note(torch);
  else for (const t of torch) records.push(rec(t.threads === 1 ? 'torch' : `torch-${t.threads}t`, t.seconds));
  return records;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const records = await sirenSuite(process.argv.includes('--quick') ? 0.5 : 2, (s) => console.error(`note: ${s}`));
  console.log(formatTable(records, ['actlab', 'actlab-2t', 'torch', 'torch-2t']));
  const at = (e: string): number | undefined => records.find((r) => r.engine === e)?.value;
  const [mine, theirs] = [at('actlab-2t'), at('torch')];
  if (mine && theirs)
    console.log(`\nactlab (2 threads) ÷ PyTorch (1 thread): ${(mine / theirs).toFixed(2)}× (target ≥ 1×)`);
}
