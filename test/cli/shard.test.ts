/**
 * `--shard i/n | auto` (job-array variables of Kubernetes Indexed Jobs and Slurm arrays) for
 * compare and dead, and `merge` listing the shards missing from the plan.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveShard, shardArg } from '../../src/cli/shard.js';
import { UsageError } from '../../src/cli/errors.js';
import { tempDir } from '../experiments/helpers.js';

const tmp = tempDir('actlab-cli-shard-');
afterAll(tmp.cleanup);
const bin = new URL('../../bin/actlab.js', import.meta.url).pathname;

/** The environment of this process without any job-array variable (the tests may run inside one). */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'JOB_COMPLETION_INDEX' && !k.startsWith('SLURM_ARRAY')),
);

/** Runs the built CLI with extra environment variables. */
function actlabEnv(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...cleanEnv, ...env },
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('resolveShard', () => {
  const none = {};
  it('takes i/n as given; --shard-count must agree and only goes with a shard', () => {
    expect(shardArg('1/4')).toEqual({ index: 1, count: 4 });
    expect(shardArg(' auto ')).toBe('auto');
    expect(() => shardArg('4/4')).toThrow(/shard index must be in 0\.\.3/);
    expect(() => shardArg('1-4')).toThrow(/expected i\/n with 0 ≤ i < n \(e\.g\. 0\/4\), or auto/);
    expect(resolveShard(undefined, undefined, none)).toBeUndefined();
    expect(resolveShard({ index: 1, count: 4 }, undefined, none)).toEqual({
      index: 1,
      count: 4,
      source: '--shard 1/4',
    });
    expect(() => resolveShard({ index: 1, count: 4 }, 3, none)).toThrow(/--shard 1\/4 and --shard-count 3 disagree/);
    expect(() => resolveShard(undefined, 3, none)).toThrow(/--shard-count goes with --shard auto/);
  });

  it('Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX with --shard-count', () => {
    expect(resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '3' })).toMatchObject({ index: 3, count: 4 });
    expect(() => resolveShard('auto', undefined, { JOB_COMPLETION_INDEX: '3' })).toThrow(
      /JOB_COMPLETION_INDEX=3 \(a Kubernetes Indexed Job\) gives the index but not the count; add --shard-count N/,
    );
    expect(() => resolveShard('auto', 3, { JOB_COMPLETION_INDEX: '3' })).toThrow(
      /JOB_COMPLETION_INDEX=3 is not below --shard-count 3/,
    );
    expect(() => resolveShard('auto', 3, { JOB_COMPLETION_INDEX: 'x1' })).toThrow(
      /JOB_COMPLETION_INDEX="x1" is not a non-negative integer/,
    );
  });

  it('Slurm arrays: SLURM_ARRAY_TASK_ID relative to MIN in STEPs, of SLURM_ARRAY_TASK_COUNT', () => {
    expect(resolveShard('auto', undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({
      index: 2,
      count: 4,
    });
    // --array=1-8: ids 1..8
    const oneBased = { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1' };
    expect(resolveShard('auto', undefined, oneBased)).toMatchObject({ index: 7, count: 8 });
    // --array=0-10:5 → ids 0, 5, 10
    const stepped = {
      SLURM_ARRAY_TASK_ID: '10',
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_STEP: '5',
    };
    expect(resolveShard('auto', 3, stepped)).toMatchObject({ index: 2, count: 3 });
    expect(() => resolveShard('auto', 4, stepped)).toThrow(/SLURM_ARRAY_TASK_COUNT=3 but --shard-count 4/);
    expect(() => resolveShard('auto', undefined, { ...stepped, SLURM_ARRAY_TASK_ID: '7' })).toThrow(
      /SLURM_ARRAY_TASK_ID=7 does not fall on an array of 3 tasks from 0 in steps of 5/,
    );
    expect(() => resolveShard('auto', undefined, { SLURM_ARRAY_TASK_ID: '2' })).toThrow(
      /SLURM_ARRAY_TASK_ID=2 is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard-count N/,
    );
    expect(resolveShard('auto', 5, { SLURM_ARRAY_TASK_ID: '2' })).toMatchObject({ index: 2, count: 5 });
  });

  it('no variables, or both schedulers at once, are usage errors that say what to do', () => {
    expect(() => resolveShard('auto', undefined, {})).toThrow(UsageError);
    expect(() => resolveShard('auto', undefined, {})).toThrow(
      /--shard auto: no job-array index in the environment \(JOB_COMPLETION_INDEX for a Kubernetes Indexed Job, SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT for a Slurm job array\); outside a job array pass --shard i\/n/,
    );
    expect(() => resolveShard('auto', 2, { JOB_COMPLETION_INDEX: '0', SLURM_ARRAY_TASK_ID: '0' })).toThrow(
      /both JOB_COMPLETION_INDEX \(Kubernetes\) and SLURM_ARRAY_TASK_ID \(Slurm\) are set/,
    );
  });
});

const SMALL = [
  '--acts',
  'relu,tanh,elu',
  '--seeds',
  '2',
  '--epochs',
  '1',
  '--dataset',
  'moons',
  '--train-size',
  '64',
  '--test-size',
  '32',
  '--hidden',
  '4',
  '--workers',
  '0',
  '--quiet',
];

describe('compare --shard auto and merge', () => {
  it('runs the slice the job array gives, records it, and merge names the shards that never ran', () => {
    const slurm = { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0' };
    const a = join(tmp.dir, 'shard-slurm');
    const r = actlabEnv(slurm, 'compare', ...SMALL, '--shard', 'auto', '--out', a, '--json');
    expect(r.status, r.stderr).toBe(0);
    const experiment = JSON.parse(readFileSync(join(a, 'experiment.json'), 'utf8'));
    expect(experiment.shard).toEqual({ index: 1, count: 3 });
    const lines = readFileSync(join(a, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // runs 1 and 4 of relu/0, relu/1, tanh/0, tanh/1, elu/0, elu/1
    expect(lines.map((l) => [l.key, l.shard])).toEqual([
      ['relu/seed1', { index: 1, count: 3 }],
      ['elu/seed0', { index: 1, count: 3 }],
    ]);

    const b = join(tmp.dir, 'shard-k8s');
    const k = actlabEnv(
      { JOB_COMPLETION_INDEX: '0' },
      'compare',
      ...SMALL,
      '--shard',
      'auto',
      '--shard-count',
      '3',
      '--out',
      b,
      '--json',
    );
    expect(k.status, k.stderr).toBe(0);

    const merged = join(tmp.dir, 'merged');
    const m = actlabEnv({}, 'merge', a, b, '--out', merged);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stderr.trim().split('\n')).toEqual([
      'missing shards: shard 2/3 (none of its 2 runs)',
      'missing runs: tanh/seed0, elu/seed1',
    ]);
    expect(readFileSync(join(merged, 'report.md'), 'utf8')).toMatch(
      /\*\*Missing shards:\*\* shard 2\/3 \(none of its 2 runs\)\./,
    );
    const j = actlabEnv({}, 'merge', a, b, '--out', merged, '--json');
    expect(JSON.parse(j.stdout).missingShards).toEqual([
      { index: 2, count: 3, missing: ['tanh/seed0', 'elu/seed1'], planned: 2 },
    ]);
  }, 300_000);

  it('is one line and exit code 2 when the variables are missing or inconsistent', () => {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{}, ['--shard', 'auto'], /^actlab compare: --shard auto: no job-array index in the environment/],
      [{ JOB_COMPLETION_INDEX: '2' }, ['--shard', 'auto'], /JOB_COMPLETION_INDEX=2 .* add --shard-count N/],
      [
        { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' },
        ['--shard', 'auto'],
        /SLURM_ARRAY_TASK_ID=4 does not fall on an array of 4 tasks/,
      ],
      [{}, ['--shard-count', '2'], /--shard-count goes with --shard auto/],
      [{}, ['--shard', 'two'], /option '--shard <i\/n\|auto>' argument 'two' is invalid/],
    ];
    for (const [env, args, message] of cases) {
      const r = actlabEnv(env, 'compare', ...SMALL, ...args, '--out', join(tmp.dir, 'bad'));
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.status).toBe(2);
    }
    const d = actlabEnv({ SLURM_ARRAY_TASK_ID: '1' }, 'dead', '--shard', 'auto', '--out', join(tmp.dir, 'bad'));
    expect(d.stderr.trim()).toMatch(
      /^actlab dead: --shard auto: SLURM_ARRAY_TASK_ID=1 is set but SLURM_ARRAY_TASK_COUNT is not/,
    );
    expect(d.status).toBe(2);
  }, 300_000);
});

describe('dead --shard and merge', () => {
  const DEAD = [
    'dead',
    '--act',
    'relu,elu',
    '--lr',
    '0.1,2',
    '--dataset',
    'moons',
    '--train-size',
    '100',
    '--test-size',
    '40',
    '--hidden',
    '6',
    '--epochs',
    '2',
    '--workers',
    '0',
    '--quiet',
    '--json',
  ];
  type Dead = { results: { act: string; lr: number; curve: number[] }[]; shard: unknown; plan: unknown };

  it('shards the activation × learning-rate grid; the merge of all shards equals one unsharded run', () => {
    const whole = actlabEnv({}, ...DEAD, '--out', join(tmp.dir, 'dead-all'));
    expect(whole.status, whole.stderr).toBe(0);
    const all = JSON.parse(whole.stdout) as Dead;
    expect(all.plan).toEqual({ acts: ['relu', 'elu'], lrs: [0.1, 2] });
    const s0 = actlabEnv(
      { JOB_COMPLETION_INDEX: '0' },
      ...DEAD,
      '--shard',
      'auto',
      '--shard-count',
      '2',
      '--out',
      join(tmp.dir, 'dead-0'),
    );
    const s1 = actlabEnv({}, ...DEAD, '--shard', '1/2', '--out', join(tmp.dir, 'dead-1'));
    expect(s0.status, s0.stderr).toBe(0);
    const part = JSON.parse(s0.stdout) as Dead;
    expect(part.shard).toEqual({ index: 0, count: 2 });
    expect(part.results.map((r) => `${r.act}@${r.lr}`)).toEqual(['relu@0.1', 'elu@0.1']);
    expect(s1.status, s1.stderr).toBe(0);

    const only0 = actlabEnv({}, 'merge', join(tmp.dir, 'dead-0'), '--out', join(tmp.dir, 'dead-m0'));
    expect(only0.status, only0.stderr).toBe(0);
    expect(only0.stderr.trim().split('\n')).toEqual([
      'missing shards: shard 1/2 (none of its 2 runs)',
      'missing networks: relu@2, elu@2',
    ]);

    const m = actlabEnv(
      {},
      'merge',
      join(tmp.dir, 'dead-1'),
      join(tmp.dir, 'dead-0'),
      '--out',
      join(tmp.dir, 'dead-m'),
      '--json',
    );
    expect(m.status, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout) as Dead & { missing: string[] };
    expect(merged.missing).toEqual([]);
    expect(merged.results).toEqual(all.results);
    const file = JSON.parse(readFileSync(join(tmp.dir, 'dead-m', 'dead.json'), 'utf8')) as Dead;
    expect(file.shard).toBeNull();

    // More shards than networks: an empty shard is fine (dead.json, no charts).
    const empty = actlabEnv({}, ...DEAD, '--shard', '5/6', '--out', join(tmp.dir, 'dead-5'));
    expect(empty.status, empty.stderr).toBe(0);
    expect((JSON.parse(empty.stdout) as Dead).results).toEqual([]);

    const mixed = actlabEnv(
      {},
      'merge',
      join(tmp.dir, 'dead-0'),
      join(tmp.dir, 'shard-slurm'),
      '--out',
      join(tmp.dir, 'x'),
    );
    expect(mixed.stderr.trim()).toMatch(
      /cannot merge compare folders \(results\.jsonl\) with dead folders \(dead\.json\)/,
    );
    expect(mixed.status).toBe(2);
    const other = actlabEnv(
      {},
      ...DEAD.map((a) => (a === '6' ? '5' : a)),
      '--shard',
      '1/2',
      '--out',
      join(tmp.dir, 'dead-other'),
    );
    expect(other.status).toBe(0);
    const refused = actlabEnv(
      {},
      'merge',
      join(tmp.dir, 'dead-0'),
      join(tmp.dir, 'dead-other'),
      '--out',
      join(tmp.dir, 'x'),
    );
    expect(refused.stderr.trim()).toMatch(/is another dead experiment .*; only shards of one experiment can be merged/);
    expect(refused.status).toBe(2);
  }, 300_000);
});
