/** The option parsers, in process (the CLI tests check how commander reports their errors). */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../src/cli/errors.js';
import {
  choose,
  ensureOutDir,
  ensureOutFile,
  hiddenArg,
  intArg,
  intSetArg,
  nameListArg,
  nearest,
  numberArg,
  numberListArg,
  paramArg,
  rangeArg,
} from '../../src/cli/options.js';
import { tempDir } from '../experiments/helpers.js';

describe('option parsers', () => {
  it('numbers and integers with ranges', () => {
    expect(intArg(1)('3')).toBe(3);
    expect(() => intArg(1)('0')).toThrow(/expected an integer ≥ 1, got '0'/);
    expect(() => intArg(1, 9)('2.5')).toThrow(/in 1\.\.9/);
    expect(numberArg(0, Infinity, true)('1e-3')).toBe(0.001);
    expect(() => numberArg(0, Infinity, true)('0')).toThrow(/expected a number > 0, got '0'/);
    expect(() => numberArg()('abc')).toThrow(/expected a number, got 'abc'/);
    expect(numberListArg()('-3,0,3')).toEqual([-3, 0, 3]);
    expect(() => numberListArg()('1,,2')).toThrow(/without empty items/);
  });

  it('ranges: lo,hi or lo..hi with lo < hi', () => {
    expect(rangeArg('-5,5')).toEqual([-5, 5]);
    expect(rangeArg('-2..3')).toEqual([-2, 3]);
    expect(() => rangeArg('5,-5')).toThrow(/lo must be less than hi, got lo=5, hi=-5/);
    expect(() => rangeArg('5')).toThrow(/expected an interval lo,hi/);
    expect(() => rangeArg('a,1')).toThrow(/expected a number for lo, got 'a'/);
  });

  it('integer sets: a..b, a..b:step (end included), lists', () => {
    const p = intSetArg(100);
    expect(p('2..5')).toEqual([2, 3, 4, 5]);
    expect(p('2..50:8')).toEqual([2, 10, 18, 26, 34, 42, 50]);
    expect(p('10,2,5,2')).toEqual([2, 5, 10]);
    expect(p('7')).toEqual([7]);
    expect(() => p('0..x')).toThrow(/expected integers like 2\.\.50/);
    expect(() => p('0..3')).toThrow(/values must be in 1\.\.100, got 0/);
    expect(() => p('9..3')).toThrow(/must go up/);
  });

  it('lists, hidden sizes and params', () => {
    expect(nameListArg('relu, gelu,relu')).toEqual(['relu', 'gelu']);
    expect(hiddenArg('64,32')).toEqual([64, 32]);
    expect(hiddenArg('none')).toEqual([]);
    expect(() => hiddenArg('64,0')).toThrow(/integer in 1\.\.65536/);
    expect(paramArg('negativeSlope=0.2', paramArg('leaky_relu.x=inf'))).toEqual([
      { id: 'leaky_relu', name: 'x', value: 'inf' },
      { name: 'negativeSlope', value: '0.2' },
    ]);
    expect(() => paramArg('alpha')).toThrow(/expected name=value/);
  });

  it('names: nearest candidates and choices', () => {
    expect(nearest('mnsit', ['mnist', 'moons', 'iris', 'fashion-mnist'])[0]).toBe('mnist');
    expect(choose('optimizer', 'adam', ['sgd', 'adam'])).toBe('adam');
    expect(() => choose('optimizer', 'adamm', ['sgd', 'adam'])).toThrow(UsageError);
  });
});

describe('output paths', () => {
  it.skipIf(process.platform !== 'linux')(
    'places that take no files (/proc, as root too) are usage errors, and never hang (Linux: needs /proc)',
    () => {
      // Node 20's recursive mkdir loops forever under /proc; the check must answer.
      expect(() => ensureOutDir('/proc/actlab-x/y')).toThrow(UsageError);
      expect(() => ensureOutDir('/proc/actlab-x/y')).toThrow(
        /--out \/proc\/actlab-x\/y: cannot write there \(cannot create \/proc\/actlab-x: /,
      );
      expect(() => ensureOutDir('/proc')).toThrow(/--out \/proc: cannot write there \(/);
      expect(() => ensureOutFile('/proc/x.png', '--out', ['.png'])).toThrow(
        /--out \/proc\/x\.png: cannot write there \(/,
      );
    },
  );

  it('creates folders, refuses files in the way, checks extensions', () => {
    const t = tempDir();
    try {
      expect(ensureOutDir(join(t.dir, 'a', 'b'))).toBe(join(t.dir, 'a', 'b'));
      const file = join(t.dir, 'f');
      writeFileSync(file, '');
      expect(() => ensureOutDir(file)).toThrow(/exists and is not a directory/);
      expect(() => ensureOutDir(join(file, 'x'))).toThrow(`cannot write there (${file} is a file, not a folder)`);
      expect(() => ensureOutFile(join(file, 'x', 'p.png'))).toThrow(
        `cannot write there (${file} is a file, not a folder)`,
      );
      expect(ensureOutFile(join(t.dir, 'c', 'p.png'), '--out', ['.png'])).toBe(join(t.dir, 'c', 'p.png'));
      expect(() => ensureOutFile(join(t.dir, 'p.jpg'), '--out', ['.png'])).toThrow(/must end in \.png/);
      expect(() => ensureOutFile(t.dir)).toThrow(/is a directory/);
      // An existing file is probed, not truncated; a new one is not left behind.
      writeFileSync(join(t.dir, 'keep.png'), 'old');
      ensureOutFile(join(t.dir, 'keep.png'));
      expect(readFileSync(join(t.dir, 'keep.png'), 'utf8')).toBe('old');
      expect(existsSync(join(t.dir, 'c', 'p.png'))).toBe(false);
      expect(readdirSync(join(t.dir, 'a', 'b'))).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});
