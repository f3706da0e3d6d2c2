/** Timing, the result records, and the table of ratios. */

export type Pass = 'forward' | 'backward' | 'train';

/** One figure; `backward` is forward + backward (what a training step pays), `train` a whole step. */
export interface BenchRecord {
  suite: string;
  op: string;
  pass: Pass;
  engine: string;
  n: number;
  unit: string;
  value: number;
  note?: string;
}

export interface TimingOptions {
  /** Seconds to keep measuring after calibration (default 0.5). */
  minTime: number;
  /** Seconds one batch of calls should take at least (default 0.02). */
  batchTime?: number;
}

/**
 * The measuring plan shared by the sync and async timers: yields how many calls the next batch
 * runs, receives that batch's seconds, and returns seconds per call. It calibrates a batch size
 * (doubling, or jumping to ~1.2× batchTime), then runs batches for `minTime` seconds (at least 3)
 * and keeps the fastest batch's mean — on a shared 2-core machine the minimum filters out time
 * slices lost to other processes, which the mean or median would count.
 */
function* batchPlan(o: TimingOptions): Generator<number, number, number> {
  const batchTime = o.batchTime ?? 0.02;
  let reps = 1;
  let dt: number;
  for (;;) {
    dt = yield reps;
    if (dt >= batchTime || reps >= 1 << 20) break;
    reps = Math.min(reps * 2, Math.max(reps + 1, Math.ceil((reps * batchTime * 1.2) / Math.max(dt, 1e-6))));
  }
  let best = dt / reps;
  const end = now() + o.minTime;
  for (let b = 0; b < 3 || now() < end; b++) best = Math.min(best, (yield reps) / reps);
  return best;
}
const now = (): number => performance.now() / 1000;

/** Seconds per call of `fn` (see batchPlan), after one warm-up call (JIT, first allocation). */
export function secondsPerCall(fn: () => void, o: TimingOptions): number {
  fn();
  const plan = batchPlan(o);
  for (let step = plan.next(); ;) {
    if (step.done) return step.value;
    const t = now();
    for (let i = 0; i < step.value; i++) fn();
    step = plan.next(now() - t);
  }
}

/** secondsPerCall for an async call (onnxruntime-node's `run`). */
export async function secondsPerCallAsync(fn: () => Promise<void>, o: TimingOptions): Promise<number> {
  await fn();
  const plan = batchPlan(o);
  for (let step = plan.next(); ;) {
    if (step.done) return step.value;
    const t = now();
    for (let i = 0; i < step.value; i++) await fn();
    step = plan.next(now() - t);
  }
}

const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Rows of `op · pass · n`, a column per engine, then actlab's ratio to each peer. */
export function formatTable(records: readonly BenchRecord[], engines: readonly string[], lead = 'actlab'): string {
  const keys: string[] = [];
  const rows = new Map<string, Map<string, BenchRecord>>();
  for (const r of records) {
    const key = `${r.suite}|${r.op}|${r.pass}|${r.n}|${r.unit}`;
    if (!rows.has(key)) {
      rows.set(key, new Map());
      keys.push(key);
    }
    rows.get(key)!.set(r.engine, r);
  }
  const present = engines.filter((e) => records.some((r) => r.engine === e));
  const peers = present.filter((e) => e !== lead && !e.startsWith(`${lead}-`));
  const header = ['suite', 'op', 'pass', 'n', 'unit', ...present, ...peers.map((p) => `÷${p}`)];
  const lines: string[][] = [header];
  for (const key of keys) {
    const [suite, op, pass, n, unit] = key.split('|') as [string, string, string, string, string];
    const row = rows.get(key)!;
    const mine = row.get(lead)?.value;
    const cells = present.map((e) => (row.has(e) ? fmt(row.get(e)!.value) : '—'));
    const ratios = peers.map((p) =>
      mine !== undefined && row.has(p) ? `${(mine / row.get(p)!.value).toFixed(2)}×` : '—',
    );
    lines.push([suite, op, pass, formatN(Number(n)), unit, ...cells, ...ratios]);
  }
  return markdown(lines);
}

export function formatN(n: number): string {
  const e = Math.log2(n);
  return Number.isInteger(e) && e >= 10 ? `2^${e}` : String(n);
}

export function markdown(lines: readonly string[][]): string {
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => (l[c] ?? '').length)));
  const row = (l: readonly string[]): string =>
    `| ${l.map((c, i) => (i < 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    row(lines[0]!),
    `|${widths.map((w, i) => (i < 5 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...lines.slice(1).map(row),
  ].join('\n');
}
