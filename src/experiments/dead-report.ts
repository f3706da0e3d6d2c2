/**
 * The output of `actlab dead`: dead.json (the configuration, the plan of activation × learning
 * rate, which shard ran, and one result per network) and its charts — final dead fraction as
 * grouped bars, and the dead fraction per epoch at the largest learning rate. A merge of shards
 * (actlab merge) rewrites them from the joined results, so it gives what one machine would have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadRunResult } from '../analysis/dead.js';
import { writeFileAtomic } from '../io/node/atomic-file.js';
import { barChart, lineChart } from '../plot/index.js';
import { writeChart } from '../plot/node/index.js';

export const DEAD_FILE = 'dead.json';

/** The content of dead.json. */
export interface DeadDocument {
  dataset: string;
  hidden: number[];
  epochs: number;
  optimizer: string;
  seed: number;
  /** Hash of the training configuration (learning rates aside): only shards of one configuration merge. */
  fingerprint: string;
  /** Every network of the experiment: each activation at each learning rate. */
  plan: { acts: string[]; lrs: number[] };
  /** The slice of the plan this folder ran (null: all of it). */
  shard: { index: number; count: number } | null;
  /** In plan order. */
  results: DeadRunResult[];
}

/** The key of one network of the plan. */
export const deadKey = (act: string, lr: number): string => `${act}@${lr}`;

/** Every key of the plan, in order (activations outer, rates inner). */
export const deadPlanKeys = (plan: DeadDocument['plan']): string[] =>
  plan.acts.flatMap((a) => plan.lrs.map((lr) => deadKey(a, lr)));

/** Reads a folder's dead.json (or the file itself). */
export function readDeadDocument(path: string): DeadDocument {
  // JSON has no NaN: a diverged network's numbers are written as null (the shard is null by design).
  const doc = JSON.parse(readFileSync(path, 'utf8'), (k, v: unknown) =>
    v === null && k !== 'shard' ? NaN : v,
  ) as DeadDocument;
  if (!Array.isArray(doc.results) || typeof doc.plan !== 'object')
    throw new Error(`${path}: not a dead.json written by actlab dead (no plan or results)`);
  return doc;
}

/** Writes dead.json, dead.png and dead-curves.png (each chart also as .svg; none for an empty shard) into `dir`; returns the files. */
export async function writeDeadReport(dir: string, doc: DeadDocument): Promise<string[]> {
  const { acts, lrs } = doc.plan;
  const find = (a: string, lr: number): DeadRunResult | undefined =>
    doc.results.find((r) => r.act === a && r.lr === lr);
  const jsonPath = join(dir, DEAD_FILE);
  writeFileAtomic(jsonPath, `${JSON.stringify(doc, null, 2)}\n`);
  // A shard can be empty (more shards than networks): nothing to draw.
  if (doc.results.length === 0) return [jsonPath];
  const files: string[] = [jsonPath];
  // A shard's folder (or a merge with shards missing) has gaps: say so, or a gap reads as 0%.
  const planned = acts.length * lrs.length;
  const partial = doc.results.length < planned ? ` — ${doc.results.length} of ${planned} networks` : '';
  const bars = await writeChart(
    barChart({
      title: `Dead hidden units after ${doc.epochs} epochs (${doc.optimizer}, ${doc.dataset})${partial}`,
      yLabel: 'fraction of hidden units dead',
      categories: acts,
      // A network this folder did not train (another shard's) leaves a gap.
      series: lrs.map((lr) => ({
        name: `lr ${lr}`,
        values: acts.map((a) => find(a, lr)?.curve.at(-1) ?? NaN),
        // A diverged network is hatched and labelled, never drawn as a 0% bar.
        notes: acts.map((a) => (find(a, lr)?.diverged ? 'diverged' : null)),
      })),
      yDomain: [0, 1],
    }),
    join(dir, 'dead.png'),
  );
  files.push(bars.pngPath, bars.svgPath);
  const top = Math.max(...doc.results.map((r) => r.lr));
  const curves = await writeChart(
    lineChart({
      title: `Dead hidden units per epoch at lr ${top} (${doc.optimizer}, ${doc.dataset})`,
      xLabel: 'epoch (0 = initialisation)',
      yLabel: 'fraction of hidden units dead',
      // Every planned epoch, even when runs diverged early and have no points there.
      xDomain: [0, doc.epochs],
      yDomain: [0, 1],
      series: doc.results
        .filter((r) => r.lr === top)
        .map((r) => ({
          name: r.diverged ? `${r.act} (diverged)` : r.act,
          x: r.curve.map((_, e) => e),
          y: r.curve,
        })),
    }),
    join(dir, 'dead-curves.png'),
  );
  files.push(curves.pngPath, curves.svgPath);
  return files;
}
