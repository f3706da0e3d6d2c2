import { afterEach, describe, expect, it, vi } from 'vitest';
import { planProgress, runsOn } from '../../src/cli/experiment-options.js';

describe('experiment options', () => {
  afterEach(() => vi.restoreAllMocks());

  /** The lines planProgress writes to stderr (no bars: stderr is not a terminal in tests). */
  function planLines(options: Parameters<typeof planProgress>[0]): string[] {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk).trimEnd());
      return true;
    });
    planProgress(options).stop();
    return lines;
  }

  it('says where the tasks run', () => {
    expect(runsOn(5, 2)).toBe('2 worker(s)');
    expect(runsOn(1, 8)).toBe('1 worker(s)');
    expect(runsOn(3, 0)).toBe('1 thread (main)');
  });

  it('opens a resumed shard with its plan', () => {
    const shard = { index: 1, count: 4, source: '--shard 1/4' };
    const lines = planLines({
      quiet: false,
      out: 'OUT',
      shard,
      total: 6,
      finished: 2,
      unit: 'networks',
      running: 'go',
    });
    expect(lines).toEqual([
      'shard 1/4 (--shard 1/4): 6 network(s)',
      'resuming OUT: 2 of 6 networks already finished',
      'go',
    ]);
  });

  it('leaves out the running line when everything is finished, and says nothing when quiet', () => {
    expect(planLines({ quiet: false, out: 'OUT', total: 3, finished: 3, unit: 'runs', running: 'go' })).toEqual([
      'resuming OUT: 3 of 3 runs already finished',
    ]);
    expect(planLines({ quiet: true, out: 'OUT', total: 3, finished: 1, unit: 'runs', running: 'go' })).toEqual([]);
  });
});
