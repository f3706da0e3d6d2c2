/** `actlab siren` through the built CLI: a small fit end to end, resuming, worker independence, and bad input. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-siren-');
afterAll(tmp.cleanup);
const textFile = join(tmp.dir, 'notes.png');
writeFileSync(textFile, 'just text');

/** Three small networks on a 16×16 camera: a few seconds. */
const SMALL = ['--size', '16', '--steps', '40', '--hidden', '8', '--layers', '2', '--acts', 'sine,relu,relu_pe'];

interface SirenJson {
  psnrConvention: string;
  ran: number;
  skipped: number;
  networks: { network: string; label: string; psnr: { mean: number; values: number[] } }[];
  files: string[];
}

describe('actlab siren', () => {
  const out = join(tmp.dir, 'run');
  let first: SirenJson;
  it('fits, reports PSNR per network with the convention, and writes the figures', () => {
    first = actlabJson<SirenJson>('siren', ...SMALL, '--out', out, '--json');
    expect(first.psnrConvention).toMatch(/on \[0, 1\] pixel values.*clipped to \[0, 1\] \(data_range 1\)/);
    expect(first.ran).toBe(3);
    expect(first.networks.map((n) => n.network)).toEqual(['sine(w0=30)', 'relu', 'relu_pe']);
    expect(first.networks.map((n) => n.label)).toEqual(['SIREN ω₀=30', 'ReLU', 'ReLU + P.E. (L=2)']);
    for (const n of first.networks) expect(n.psnr.mean).toBeGreaterThan(5);
    for (const f of ['psnr.png', 'reconstructions.png', 'derivatives.png']) {
      const [w, h] = pngFileSize(join(out, f));
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(200);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/PSNR = 10·log10\(1 \/ MSE\) on \[0, 1\]/);
    expect(report).toMatch(/\| SIREN ω₀=30 \| \d+\.\d\d \| — \|/);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
  it('resumes: a rerun fits nothing and reports the same numbers; another setting is refused', () => {
    const again = actlabJson<SirenJson>('siren', ...SMALL, '--out', out, '--json');
    expect(again.ran).toBe(0);
    expect(again.skipped).toBe(3);
    expect(again.networks).toEqual(first.networks);
    const r = actlab('siren', ...SMALL, '--steps', '41', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds fits of another configuration .* choose another --out folder/);
  });
  it('gives the same fits on the main thread as on workers', () => {
    const inline = actlabJson<SirenJson>(
      'siren',
      ...SMALL,
      '--workers',
      '0',
      '--out',
      join(tmp.dir, 'inline'),
      '--json',
    );
    const psnrs = (r: SirenJson) => r.networks.map((n) => [n.network, n.psnr.values]);
    expect(psnrs(inline)).toEqual(psnrs(first));
  });
  it('reads a JPEG and runs the ω₀ sweep and the init ablation as separate networks', () => {
    const r = actlabJson<SirenJson>(
      'siren',
      '--image',
      new URL('../fixtures/images/rgb.jpg', import.meta.url).pathname,
      '--size',
      '8',
      '--steps',
      '5',
      '--hidden',
      '4',
      '--layers',
      '1',
      '--acts',
      'sine',
      '--w0',
      '1,30',
      '--init',
      'siren,default',
      '--out',
      join(tmp.dir, 'sweep'),
      '--json',
    );
    expect(r.networks.map((n) => n.network)).toEqual([
      'sine(w0=1)',
      'sine(w0=1,init=default)',
      'sine(w0=30)',
      'sine(w0=30,init=default)',
    ]);
  });
});

/** [what, args, expected message]: one line on stderr, nothing on stdout, exit code 2. */
const BAD: [string, string[], RegExp][] = [
  [
    'missing image',
    ['--image', join(tmp.dir, 'nope.png')],
    /--image .*nope\.png: cannot read the image \(no such file\)/,
  ],
  ['unreadable image (a folder)', ['--image', tmp.dir], /--image .*: cannot read the image \(is a directory\)/],
  [
    'unsupported format',
    ['--image', textFile],
    /--image .*notes\.png: unsupported image format \(expected PNG or JPEG/,
  ],
  ['size 0', ['--size', '0'], /option '--size <n>' argument '0' is invalid\. expected an integer in 1\.\.4096/],
  ['size not an integer', ['--size', '1.5'], /argument '1\.5' is invalid\. expected an integer/],
  [
    'size larger than the image',
    ['--size', '200'],
    /--size 200: larger than the image \(128×128\); choose --size ≤ 128/,
  ],
  ['w0 = 0', ['--w0', '0'], /option '--w0 <values>' argument '0' is invalid\. expected a number > 0/],
  ['negative w0 in a list', ['--w0', '30,-1'], /argument '30,-1' is invalid\. expected a number > 0, got '-1'/],
  [
    'unknown network',
    ['--acts', 'sine,foo'],
    /--acts: unknown network 'foo' \(expected sine \(SIREN\), an elementwise activation/,
  ],
  ['dim-wise activation', ['--acts', 'softmax'], /unknown network 'softmax'/],
  ['sine with _pe', ['--acts', 'sine_pe'], /unknown network 'sine_pe': SIREN \(sine\) takes raw coordinates/],
  [
    'bad init',
    ['--init', 'xavier'],
    /option '--init <schemes>' argument 'xavier' is invalid\. expected siren or default/,
  ],
];

describe('actlab siren: bad input', () => {
  it.each(BAD)('%s', (_what, args, message) => {
    const r = actlab('siren', ...args, '--out', join(tmp.dir, 'bad'));
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });
});
