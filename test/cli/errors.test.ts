/** Bad usage gives ONE clear line on stderr and exit code 2; every command's --help documents every option. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab } from './run.js';

const tmp = tempDir('actlab-cli-err-');
afterAll(tmp.cleanup);
const aFile = join(tmp.dir, 'a-file');
writeFileSync(aFile, 'not a folder');

const COMMANDS = [
  'list',
  'show',
  'eval',
  'plot',
  'train',
  'gradflow',
  'dead',
  'compare',
  'merge',
  'siren',
  'approx',
  'notes',
  'lab',
  'attack',
  'robust',
];

/** [what, args, expected message] — each must exit 2 with exactly one line on stderr and nothing on stdout. */
const BAD: [string, string[], RegExp][] = [
  ['unknown activation', ['show', 'reluu'], /unknown activation 'reluu'; did you mean relu/],
  [
    'unknown activation in a list',
    ['compare', '--acts', 'relu,gleu', '--out', join(tmp.dir, 'x')],
    /unknown activation 'gleu'; did you mean [^?]*\bgelu\b/,
  ],
  ['unknown activation to plot', ['plot', 'swishh'], /unknown activation 'swishh'; did you mean .*silu|swish/],
  [
    'dim-wise activation in a network',
    ['train', '--act', 'softmax', '--out', join(tmp.dir, 'x')],
    /softmax is a dim-wise activation/,
  ],
  [
    'reversed range',
    ['plot', 'relu', '--range', '5,-5'],
    /option '--range <lo,hi>' argument '5,-5' is invalid\. lo must be less than hi/,
  ],
  ['malformed range', ['show', 'relu', '--range', '5'], /--range .* expected an interval lo,hi/],
  ['bad depth range', ['gradflow', '--depth', '0..x'], /option '--depth <set>' argument '0\.\.x' is invalid/],
  ['zero depth', ['gradflow', '--depth', '0,3'], /values must be in 1\.\.500, got 0/],
  [
    'lab port out of range',
    ['lab', '--port', '70000'],
    /--port <n>' argument '70000' is invalid\. expected an integer in 0\.\.65535/,
  ],
  [
    'unwritable --out (a file in the way)',
    ['compare', '--acts', 'relu', '--out', join(aFile, 'sub')],
    /--out .*a-file\/sub: cannot write there/,
  ],
  ['--out that is a file', ['train', '--out', aFile], /--out .*a-file: exists and is not a directory/],
  [
    'unwritable plot file',
    ['plot', 'relu', '--out', join(aFile, 'p.png')],
    /--out .*a-file\/p\.png: cannot write there \(.*a-file is a file, not a folder\)/,
  ],
  ['plot file without .png', ['plot', 'relu', '--out', join(tmp.dir, 'p.jpg')], /must end in \.png/],
  [
    'unknown dataset',
    ['train', '--dataset', 'mnsit', '--out', join(tmp.dir, 'x')],
    /unknown dataset 'mnsit'; did you mean mnist/,
  ],
  [
    'missing dataset files',
    ['train', '--dataset', 'fashion-mnist', '--data-dir', join(tmp.dir, 'nope'), '--out', join(tmp.dir, 'x')],
    /Fashion-MNIST not found/,
  ],
  [
    'impossible dataset size',
    ['compare', '--acts', 'relu', '--train-size', '9999', '--out', join(tmp.dir, 'x')],
    /exceeds the 10000 digits/,
  ],
  ['bad shard', ['compare', '--shard', '3/3'], /shard index must be in 0\.\.2/],
  ['bad seeds', ['compare', '--seeds', '0'], /--seeds <n>' argument '0' is invalid\. expected an integer in 1\.\.1000/],
  ['bad learning rate', ['train', '--lr', '-1'], /--lr <rate>' argument '-1' is invalid\. expected a number > 0/],
  ['bad parameter name', ['show', 'elu', '--param', 'beta=2'], /elu has no parameter 'beta' \(its parameters: alpha\)/],
  [
    'bad parameter value',
    ['eval', 'gelu', '--x', '1', '--param', 'approximate=cubic'],
    /approximate must be one of 'none', 'tanh'/,
  ],
  ['malformed parameter', ['plot', 'elu', '--param', 'alpha'], /expected name=value/],
  ['missing --x', ['eval', 'relu'], /required option '--x <values>' not specified/],
  [
    'unknown optimizer',
    ['train', '--optimizer', 'adamm', '--out', join(tmp.dir, 'x')],
    /unknown optimizer 'adamm'; did you mean adam/,
  ],
  ['unknown option', ['list', '--colour'], /unknown option '--colour'/],
  ['unknown command', ['lst'], /unknown command 'lst'.*list/],
  ['merge of nothing there', ['merge', join(tmp.dir, 'empty'), '--out', join(tmp.dir, 'm')], /no results\.jsonl there/],
];

/**
 * Every command that writes files, with an --out where nothing can be written (/proc refuses new
 * files even for root, for whom permission bits always say yes; a folder under it once made
 * Node's recursive mkdir spin forever).
 */
const WRITERS: [string, string[]][] = [
  ['plot', ['plot', 'relu', '--out', '/proc/x.png']],
  ['plot (a folder to create)', ['plot', 'relu', '--out', '/proc/sub/x.png']],
  ['train', ['train', '--dataset', 'xor', '--out', '/proc/x']],
  ['gradflow', ['gradflow', '--out', '/proc/sub/x']],
  ['dead', ['dead', '--dataset', 'moons', '--out', '/proc/x']],
  ['compare', ['compare', '--acts', 'relu', '--out', '/proc/x']],
  ['attack', ['attack', '--model', tmp.dir, '--out', '/proc/x']],
  ['robust', ['robust', '--acts', 'relu', '--out', '/proc/x']],
  ['merge', ['merge', tmp.dir, '--out', '/proc/x']],
  ['siren', ['siren', '--out', '/proc/x']],
  ['approx', ['approx', '--out', '/proc/x']],
  ['notes', ['notes', '--only', 'xor', '--out', '/proc/x']],
];
if (process.platform === 'linux') {
  for (const [what, args] of WRITERS)
    BAD.push([`unwritable --out for ${what}`, args, new RegExp(`--out ${args.at(-1)}: cannot write there \\(`)]);
} else {
  console.log('errors.test: skipping the unwritable --out cases, which need /proc (Linux)');
}

it('the unwritable --out cases cover every command that has --out', () => {
  for (const cmd of COMMANDS) {
    const help = actlab(cmd, '--help').stdout;
    if (/--out\b/.test(help))
      expect(
        WRITERS.map(([, a]) => a[0]),
        cmd,
      ).toContain(cmd);
  }
}, 300_000);

describe('bad usage: one line on stderr, exit code 2', () => {
  it.each(BAD)('%s', (_what, args, message) => {
    const r = actlab(...args);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^actlab/);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });
});

describe('--help', () => {
  it('lists every command', () => {
    const r = actlab('--help');
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it.each(COMMANDS)('%s --help explains every option with its default', (cmd) => {
    const r = actlab(cmd, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: actlab ${cmd} `));
    // Options start at two spaces and a dash; their descriptions may wrap onto lines indented further.
    const text = r.stdout.slice(r.stdout.indexOf('Options:'));
    const options = text
      .split(/\n(?= {2}-)/)
      .slice(1)
      .filter((o) => !/^ {2}-h, --help/.test(o));
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) expect(o.replace(/\s+/g, ' ')).toMatch(/default|required/i);
  });
});
