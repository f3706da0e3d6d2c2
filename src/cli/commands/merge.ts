/** `actlab merge DIR…`: joins the results of compare shards into one results.jsonl and one report. */
import { Option, type Command } from 'commander';
import { mergeExperiments } from '../../experiments/merge.js';
import { ensureOutDir } from '../options.js';
import { bold, note, print, printJson, table } from '../output.js';
import { SUMMARY_HEAD, summaryJson, summaryRows } from './compare.js';

export function register(program: Command): void {
  program
    .command('merge')
    .summary('join compare shards (or resumed runs) into one report')
    .description(
      'Reads DIR/results.jsonl of each folder (or .jsonl files), checks they are shards of one experiment (same ' +
        'configuration), keeps one result per run, and writes OUT/results.jsonl, OUT/report.md and the charts. ' +
        'Planned runs that no input holds are listed in the report.',
    )
    .argument('<dirs...>', 'compare --out folders or results.jsonl files')
    .addOption(new Option('--out <dir>', 'output folder').default('actlab-merged'))
    .option('--json', 'print the summary as JSON on stdout (default: a table)')
    .action(async (dirs: string[], o: { out: string; json?: boolean }) => {
      const out = ensureOutDir(o.out);
      const m = await mergeExperiments(dirs, out);
      if (o.json) {
        printJson({ out, runs: m.results.length, duplicates: m.duplicates, ...summaryJson(m.summary), files: m.files });
        return;
      }
      print(
        table(SUMMARY_HEAD, summaryRows(m.summary), ['right', 'left', 'right', 'right', 'right', 'right', 'right']),
      );
      print(
        `${bold('report')}: ${m.files[1]}  (${m.results.length} runs from ${dirs.length} input(s)${m.duplicates ? `, ${m.duplicates} duplicate(s) dropped` : ''})`,
      );
      if (m.summary.missing.length > 0) note(`missing runs: ${m.summary.missing.join(', ')}`);
    });
}
