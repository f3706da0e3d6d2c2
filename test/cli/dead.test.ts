/** actlab dead with runs that diverge: reported as diverged everywhere, never as "0% dead". */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab } from './run.js';

const tmp = tempDir('actlab-cli-dead-');
afterAll(tmp.cleanup);

interface Run {
  act: string;
  lr: number;
  curve: (number | null)[];
  finalPerLayer: (number | null)[];
  diverged: boolean;
  divergedAtEpoch: number | null;
}

describe('actlab dead, diverged runs', () => {
  // lr 1e30 blows every network up in its first epoch; lr 0.1 trains normally.
  const args = ['dead', '--act', 'leaky_relu,elu', '--lr', '0.1,1e30', '--dataset', 'moons', '--train-size', '100'];
  const small = [...args, '--test-size', '20', '--hidden', '8', '--epochs', '2', '--workers', '0'];

  it('marks them in the JSON, the table, dead.png and dead-curves.png', () => {
    const out = join(tmp.dir, 'd');
    const json = JSON.parse(actlab(...small, '--out', out, '--json').stdout) as { results: Run[] };
    const byKey = new Map(json.results.map((r) => [`${r.act}@${r.lr}`, r]));
    for (const act of ['leaky_relu', 'elu']) {
      const bad = byKey.get(`${act}@1e+30`)!;
      expect(bad.diverged).toBe(true);
      expect(bad.divergedAtEpoch).toBe(1);
      // The epoch-0 count is real; the diverged epoch's is not a number (null), not 0.
      expect(bad.curve).toEqual([bad.curve[0], null]);
      expect(bad.finalPerLayer).toEqual([null]);
      const good = byKey.get(`${act}@0.1`)!;
      expect(good.diverged).toBe(false);
      expect(good.curve.every((v) => typeof v === 'number')).toBe(true);
    }

    const bars = readFileSync(join(out, 'dead.svg'), 'utf8');
    expect(bars.match(/<g class="bar-note">/g)).toHaveLength(2);
    expect(bars.match(/>diverged<\/text>/g)).toHaveLength(2);
    const curves = readFileSync(join(out, 'dead-curves.svg'), 'utf8');
    expect(curves).toContain('leaky_relu (diverged)');

    const table = actlab(...small, '--out', join(tmp.dir, 't'));
    expect(table.status).toBe(0);
    const rows = table.stdout.split('\n').filter((l) => l.includes('1e+30'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/diverged \(epoch 1\)/);
    expect(table.stdout).toMatch(/^diverged = the training loss became NaN\/Inf/m);
  });
});
