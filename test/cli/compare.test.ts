/** compare and merge through the built CLI: reports, resumability, sharding, worker-count independence. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { ANSI, actlab, actlabJson, actlabTty, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-compare-');
afterAll(tmp.cleanup);

/** A compare small enough for a test: 2 activations × 2 seeds on moons. */
const SMALL = [
  '--acts',
  'relu,tanh',
  '--seeds',
  '2',
  '--epochs',
  '2',
  '--dataset',
  'moons',
  '--train-size',
  '128',
  '--test-size',
  '64',
  '--hidden',
  '8',
];

interface Summary {
  ran: number;
  skipped: number;
  activations: {
    act: string;
    runs: number;
    testAccuracy: { mean: number; std: number };
    gradNormInit: number[];
    deadFraction: number;
  }[];
  missing: string[];
  files: string[];
}

/** The numbers of each run in a results.jsonl, keyed by run, without wall times. */
function runNumbers(dir: string): Record<string, unknown> {
  const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return Object.fromEntries(
    lines.map((r) => [
      r.key,
      {
        final: r.final,
        history: r.history.map(({ seconds: _s, ...h }: { seconds: number }) => h),
        g: r.gradNormFinal,
        dead: r.deadFraction,
      },
    ]),
  );
}

describe('actlab compare', () => {
  const out = join(tmp.dir, 'c2');

  it('trains every activation × seed and writes results.jsonl, report.md and the charts', () => {
    const s = actlabJson<Summary>('compare', ...SMALL, '--workers', '2', '--out', out, '--json');
    expect(s.ran).toBe(4);
    expect(s.activations.map((a) => a.act).sort()).toEqual(['relu', 'tanh']);
    for (const a of s.activations) {
      expect(a.runs).toBe(2);
      expect(a.testAccuracy.mean).toBeGreaterThan(0.3);
      expect(a.gradNormInit).toHaveLength(2);
    }
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/^# actlab compare — moons/);
    expect(md).toMatch(/2 → 8 → 2/);
    expect(md).toMatch(/\| 1 \| (relu|tanh) \| 0\.\d{4} ± 0\.\d{4} \| \d\.\d{4} ± \d\.\d{4} \|/);
    for (const png of ['accuracy.png', 'accuracy-box.png', 'gradnorm.png']) {
      expect(md).toContain(`](${png})`);
      expect(pngFileSize(join(out, png))).toEqual([960, 600]);
    }
  });

  it('resumes: a second run skips the finished runs', () => {
    const s = actlabJson<Summary>('compare', ...SMALL, '--workers', '1', '--out', out, '--json');
    expect([s.ran, s.skipped]).toEqual([0, 4]);
  });

  it('gives the same numbers whatever --workers is', () => {
    const one = join(tmp.dir, 'w0');
    actlabJson('compare', ...SMALL, '--workers', '0', '--out', one, '--json');
    expect(runNumbers(one)).toEqual(runNumbers(out));
  });

  it('prints a table on stdout and one line per finished run on stderr, without bars or colours', () => {
    const r = actlab(
      'compare',
      ...SMALL,
      '--acts',
      'gelu',
      '--seeds',
      '1',
      '--workers',
      '1',
      '--out',
      join(tmp.dir, 'lines'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ 1 │ gelu\s+│ 0\.\d{4} ± 0\.0000 │/);
    expect(r.stdout).toMatch(/report: .*report\.md/);
    expect(r.stderr).toMatch(/^\[1\/1\] gelu seed 0: test accuracy 0\.\d{4}/m);
    expect(r.stderr + r.stdout).not.toMatch(ANSI);
  });

  // `script` (util-linux/bsdutils, essential on Debian) gives the CLI a pseudo-terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  if (!hasScript)
    console.warn('[skip] progress bars on a terminal: no `script` command (util-linux) for a pseudo-terminal');
  it.skipIf(!hasScript)('draws progress bars on a terminal', () => {
    // Long enough (about a second) for the bars to be drawn a few times at 5 frames per second.
    const r = actlabTty(
      'compare',
      ...SMALL,
      '--acts',
      'silu',
      '--seeds',
      '1',
      '--epochs',
      '20',
      '--train-size',
      '1000',
      '--workers',
      '1',
      '--out',
      join(tmp.dir, 'tty'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(ANSI); // the bars redraw with cursor movements
    expect(r.stdout).toMatch(/silu seed 0\s+\|[█░]+\|\s+\d+% · epoch \d+\/20 · loss \d\.\d{4}/);
  });
});

describe('actlab compare --shard and actlab merge', () => {
  it('shards are disjoint slices and their merge equals the whole experiment', () => {
    const whole = join(tmp.dir, 'whole');
    actlabJson('compare', ...SMALL, '--workers', '2', '--out', whole, '--json');
    const shards = [0, 1, 2].map((i) => join(tmp.dir, `shard${i}`));
    const sizes = shards.map(
      (d, i) =>
        actlabJson<Summary>('compare', ...SMALL, '--shard', `${i}/3`, '--workers', '1', '--out', d, '--json').ran,
    );
    expect(sizes).toEqual([2, 1, 1]);
    const merged = join(tmp.dir, 'merged');
    const m = actlabJson<Summary & { runs: number }>('merge', ...shards, '--out', merged, '--json');
    expect(m.runs).toBe(4);
    expect(m.missing).toEqual([]);
    expect(runNumbers(merged)).toEqual(runNumbers(whole));
    expect(readFileSync(join(merged, 'report.md'), 'utf8')).toMatch(/Merged from 3 inputs/);
    expect(readdirSync(merged)).toEqual(
      expect.arrayContaining(['report.md', 'results.jsonl', 'accuracy.png', 'accuracy-box.png', 'gradnorm.png']),
    );
  });

  it('merging only some shards lists the missing runs', () => {
    const r = actlab('merge', join(tmp.dir, 'shard0'), '--out', join(tmp.dir, 'partial'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/missing runs: relu\/seed1, tanh\/seed0/);
  });
});
