/** `actlab list`: every registered activation with its PyTorch name, parameters and key properties. */
import type { Command } from 'commander';
import { activations } from '../../activations/registry.js';
import { paramsSummary, propertyColumns, specJson } from '../describe.js';
import { markdownTable, print, printJson, table } from '../output.js';
import { importOption } from '../imports.js';

const HEAD = ['id', 'PyTorch', 'parameters (defaults)', 'range', 'monotonic', 'smooth', 'zero-centred', 'saturates'];

export function register(program: Command): void {
  program
    .command('list')
    .summary('table of every activation: id, PyTorch name, parameters, range and properties')
    .description(
      'Lists every registered activation in the registry order: id (the name every command takes; aliases work too), ' +
        'PyTorch module name, parameters with their defaults, and the declared range, monotonicity, smoothness ' +
        '(C0, C1, C∞), zero-centred (odd) and saturation. Dim-wise activations (softmax…) show — for the elementwise-only columns.',
    )
    .option(
      '--json',
      'print a JSON array, one object per activation (with its id, params, properties, references) (default: a table)',
    )
    .option('--markdown', 'print a markdown table (default: a boxed table)')
    .addOption(importOption())
    .action((o: { json?: boolean; markdown?: boolean }) => {
      if (o.json) {
        printJson(activations.map(specJson));
        return;
      }
      const rows = activations.map((s) => {
        const c = propertyColumns(s);
        return [s.id, s.torchName, paramsSummary(s), c.range, c.monotonic, c.smooth, c.zeroCentred, c.saturating];
      });
      if (o.markdown) print(markdownTable(HEAD, rows));
      else
        print(
          table(HEAD, rows),
          `${activations.length} activations; actlab show <id> for formulas, kinks and measured properties.`,
        );
    });
}
