/**
 * `actlab show <id>`: one activation in full — formula, derivative, kinks with PyTorch's
 * gradient there, properties declared AND measured from f/f′ (a mismatch is flagged),
 * references, and a terminal sketch of f and f′.
 */
import { Option, type Command } from 'commander';
import type { ActivationSpec } from '../../activations/define.js';
import { resolveActivation } from '../../activations/resolve.js';
import {
  compareProperties,
  formatProperty,
  formatRange,
  mismatches,
  type PropertyCheck,
} from '../../analysis/check.js';
import { measureProperties } from '../../analysis/properties.js';
import { measureVectorProperties } from '../../analysis/vector-properties.js';
import { asciiPlot } from '../../plot/index.js';
import { resolveParams, specOf } from '../activations.js';
import { allowedText, showValue, specJson } from '../describe.js';
import { intArg, paramArg, rangeArg, type ParamSetting } from '../options.js';
import { bold, dim, num, print, printJson, red, table } from '../output.js';
import { importOption } from '../imports.js';

interface ShowOptions {
  param?: ParamSetting[];
  range: [number, number];
  width: number;
  height: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('show')
    .summary('one activation in full: formulas, kinks, properties declared vs measured, references, a sketch')
    .description(
      'Prints the formula and derivative (LaTeX), the kinks with the gradient PyTorch returns there, every declared ' +
        'property next to the same property measured numerically from f and f′ on a dense grid (a mismatch is flagged ✗), ' +
        'the references, and a terminal sketch of f and f′.',
    )
    .argument('<id>', 'activation id or alias (actlab list shows them)')
    .addOption(
      new Option('--param <name=value>', "parameter value, repeatable (default: the activation's defaults)").argParser(
        paramArg,
      ),
    )
    .addOption(new Option('--range <lo,hi>', 'x range of the sketch').argParser(rangeArg).default([-5, 5], '-5,5'))
    .addOption(new Option('--width <cols>', 'sketch width in columns').argParser(intArg(24, 400)).default(64))
    .addOption(new Option('--height <lines>', 'sketch height in lines').argParser(intArg(6, 200)).default(16))
    .option('--json', 'print everything as JSON on stdout (default: text)')
    .addOption(importOption())
    .action((id: string, o: ShowOptions) => {
      const spec = specOf(id);
      if (spec.kind !== 'elementwise') {
        const measured = measureVectorProperties(spec);
        const checks = compareProperties(spec.properties, measured);
        if (o.json) return printJson({ ...specJson(spec), measured, checks, mismatches: names(mismatches(checks)) });
        print(
          `${bold(spec.name)}  (id ${spec.id} · nn.${spec.torchName}${spec.torchFunction ? ` · ${spec.torchFunction}` : ''})`,
          spec.summary,
          '',
          `formula     ${spec.formula}`,
          `derivative  ${spec.derivative}`,
          '',
          bold('properties') + dim(' (measured from the row function on seeded random rows and lines through them)'),
          ...propertyLines(checks),
          ...referenceLines(spec),
          '',
          `${spec.id} is dim-wise: it maps a whole slice along a dim, so it has no scalar f(x) to sketch.`,
        );
        return;
      }
      const params = resolveParams(spec.id, o.param ?? []);
      const act = resolveActivation(spec.id, params);
      const measured = measureProperties(act);
      const checks = compareProperties(spec.properties, measured);
      const kinks = spec.kinks(act.params as never);
      if (o.json) {
        printJson({
          ...specJson(spec),
          values: act.params,
          kinks,
          measured,
          checks,
          mismatches: names(mismatches(checks)),
        });
        return;
      }
      const lines: string[] = [];
      lines.push(
        `${bold(spec.name)}  (id ${spec.id} · nn.${spec.torchName}${spec.torchFunction ? ` · ${spec.torchFunction}` : ''})`,
      );
      if (spec.summary) lines.push(spec.summary);
      if (spec.aliases.length) lines.push(dim(`aliases: ${spec.aliases.join(', ')}`));
      lines.push('', bold('parameters'));
      const ps = Object.entries(spec.params);
      if (ps.length === 0) lines.push('  none');
      for (const [k, s] of ps) {
        const set = Object.hasOwn(params, k) ? ` (set to ${showValue(act.params[k]!)})` : '';
        lines.push(`  ${k} = ${showValue(s.default)}${set}   ${dim(`${allowedText(s)}${s.doc ? ` — ${s.doc}` : ''}`)}`);
      }
      lines.push(
        '',
        `${bold('formula')}     f(x)  = ${spec.formula}`,
        `${bold('derivative')}  f′(x) = ${spec.derivative}`,
      );
      lines.push('', bold('kinks') + dim(' (the gradient PyTorch returns there)'));
      if (kinks.length === 0) lines.push('  none');
      for (const k of kinks)
        lines.push(
          `  x = ${num(k.x)}: f′ = ${num(k.grad)}${k.value !== undefined ? `, f = ${num(k.value)}` : ''} — ${k.why}`,
        );
      const custom = Object.keys(params).length > 0;
      lines.push(
        '',
        bold('properties') +
          dim(
            ` (measured from f and f′ on [-10, 10] with step 1e-3, and far-out probes${custom ? '; declared values are for the default parameters' : ''})`,
          ),
      );
      const [propertyTable, ...disagreements] = propertyLines(checks);
      lines.push(propertyTable!);
      const found = [
        ...measured.discontinuities.map((x) => `jump at ${num(x)}`),
        ...measured.kinks.map((x) => `kink at ${num(x)}`),
      ];
      lines.push(
        `  measured: ${found.length ? found.join(', ') : 'no jumps or kinks'}; f′ ∈ ${formatRange(measured.derivativeRange)}; ` +
          `E[f(z)] = ${num(measured.gaussianMean, 3)} for z ~ N(0,1); f′ matches finite differences of f to ${num(measured.derivativeError, 2)}`,
      );
      lines.push(...disagreements, ...referenceLines(spec));
      lines.push('', bold(`sketch`) + dim(` of f (*) and f′ (o) on [${o.range.join(', ')}]`));
      lines.push(
        asciiPlot(
          [
            { name: 'f', f: act.f },
            { name: 'f′', f: act.df },
          ],
          { xRange: o.range, width: o.width, height: o.height, chars: 'ascii' },
        ),
      );
      print(...lines);
    });
}

const names = (checks: readonly PropertyCheck[]): string[] => checks.map((c) => c.property);

const VERDICT: Record<PropertyCheck['verdict'], string> = {
  agrees: '✓',
  differs: red('✗ mismatch'),
  unclear: '? unclear',
  undeclared: '',
  unmeasured: '',
};

/** The declared-vs-measured table, then a red line naming the disagreements (if any). */
function propertyLines(checks: readonly PropertyCheck[]): string[] {
  const rows = checks.map((c) => [c.label, formatProperty(c.declared), formatProperty(c.measured), VERDICT[c.verdict]]);
  const bad = mismatches(checks);
  const s = bad.length === 1 ? 'y disagrees' : 'ies disagree';
  return [
    table(['property', 'declared', 'measured', ''], rows),
    ...(bad.length
      ? [red(`  ${bad.length} declared propert${s} with the measurement: ${bad.map((c) => c.label).join(', ')}`)]
      : []),
  ];
}

function referenceLines(spec: ActivationSpec): string[] {
  if (!spec.references.length) return [];
  return [
    '',
    bold('references'),
    ...spec.references.map((r) => `  ${r.authors} (${r.year}). ${r.title}.${r.url ? ` ${r.url}` : ''}`),
  ];
}
