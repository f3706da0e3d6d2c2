/**
 * `actlab merge DIR…`: joins the folders of compare shards (results.jsonl) into one results.jsonl
 * and one report, or those of dead shards (dead.json) into one dead.json and its charts; lists
 * the shards of the plan that are missing.
 */
import { Option, type Command } from 'commander';
import { describeMissingShards } from '../../experiments/config.js';
import { inputKind, mergeDead, mergeExperiments } from '../../experiments/merge.js';
import { mergeRobust } from '../../experiments/robust-runner.js';
import { robustJson, robustTable } from './robust.js';
import { ensureOutDir } from '../options.js';
import { bold, note, print, printJson, table } from '../output.js';
import { SUMMARY_HEAD, summaryJson, summaryRows } from './compare.js';
import { UsageError } from '../errors.js';

export function register(program: Command): void {
  program
    .command('merge')
    .summary('join compare, dead or robust shards (or resumed runs) into one report')
    .description(
      'Reads DIR/results.jsonl of each compare folder (or .jsonl files), checks they are shards of one experiment (same ' +
        'configuration), keeps one result per run, and writes OUT/results.jsonl, OUT/report.md and the charts; folders of ' +
        'actlab dead (DIR/dead.json) are joined into OUT/dead.json and its charts, those of actlab robust (DIR/robust.jsonl) ' +
        'into OUT/robust.jsonl and its report. Planned runs that no input holds, and ' +
        'the shards they belong to, are listed (in the report and on stderr).',
    )
    .argument(
      '<dirs...>',
      'compare, dead or robust --out folders, or their results.jsonl / dead.json / robust.jsonl files',
    )
    .addOption(new Option('--out <dir>', 'output folder').default('actlab-merged'))
    .option('--json', 'print the summary as JSON on stdout (default: a table)')
    .action(async (dirs: string[], o: { out: string; json?: boolean }) => {
      const kinds = new Set(dirs.map(inputKind));
      if (kinds.size > 1) {
        const files = { compare: 'results.jsonl', dead: 'dead.json', robust: 'robust.jsonl' } as const;
        const names = (['compare', 'dead', 'robust'] as const)
          .filter((k) => kinds.has(k))
          .map((k) => `${k} folders (${files[k]})`);
        throw new UsageError(`cannot merge ${names.join(' with ')}; merge each kind apart`);
      }
      const out = ensureOutDir(o.out);
      if (kinds.has('robust')) {
        const m = await mergeRobust(dirs, out);
        if (o.json) {
          printJson({
            out,
            runs: m.results.length,
            duplicates: m.duplicates,
            ...robustJson(m.summary),
            missingShards: m.missingShards,
            files: m.files,
          });
          return;
        }
        print(robustTable(m.summary));
        print(
          `${bold('report')}: ${m.files[1]}  (${m.results.length} runs from ${dirs.length} input(s)${m.duplicates ? `, ${m.duplicates} duplicate(s) dropped` : ''})`,
        );
        if (m.missingShards.length > 0) note(`missing shards: ${describeMissingShards(m.missingShards)}`);
        if (m.summary.missing.length > 0) note(`missing runs: ${m.summary.missing.join(', ')}`);
        return;
      }
      if (kinds.has('dead')) {
        const m = await mergeDead(dirs, out);
        if (o.json) {
          printJson({ out, ...m.doc, missing: m.missing, missingShards: m.missingShards, files: m.files });
          return;
        }
        print(
          `${bold('dead')}: ${m.doc.results.length} of ${m.doc.plan.acts.length * m.doc.plan.lrs.length} networks from ` +
            `${dirs.length} input(s)${m.duplicates ? `, ${m.duplicates} duplicate(s) dropped` : ''}; wrote ${m.files.filter((f) => !f.endsWith('.svg')).join(', ')}`,
        );
        if (m.missingShards.length > 0) note(`missing shards: ${describeMissingShards(m.missingShards)}`);
        if (m.missing.length > 0) note(`missing networks: ${m.missing.join(', ')}`);
        return;
      }
      const m = await mergeExperiments(dirs, out);
      if (o.json) {
        printJson({
          out,
          runs: m.results.length,
          duplicates: m.duplicates,
          ...summaryJson(m.summary),
          missingShards: m.missingShards,
          files: m.files,
        });
        return;
      }
      print(
        table(SUMMARY_HEAD, summaryRows(m.summary), ['right', 'left', 'right', 'right', 'right', 'right', 'right']),
      );
      print(
        `${bold('report')}: ${m.files[1]}  (${m.results.length} runs from ${dirs.length} input(s)${m.duplicates ? `, ${m.duplicates} duplicate(s) dropped` : ''})`,
      );
      if (m.missingShards.length > 0) note(`missing shards: ${describeMissingShards(m.missingShards)}`);
      if (m.summary.missing.length > 0) note(`missing runs: ${m.summary.missing.join(', ')}`);
    });
}
