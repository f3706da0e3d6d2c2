/**
 * `actlab plot <id…>`: f and/or f′ of several activations on one chart (legend, axes,
 * gridlines), written as PNG with an SVG beside it.
 */
import { Option, type Command } from 'commander';
import { resolveActivation } from '../../activations/resolve.js';
import { lineChart, writeChart, type LineSeries } from '../../plot/node/index.js';
import { activationIdList, resolveParams } from '../activations.js';
import { ensureOutFile, intArg, paramArg, rangeArg, type ParamSetting } from '../options.js';
import { print, printJson } from '../output.js';
import { showValue } from '../describe.js';
import { colorAt } from '../../plot/node/index.js';
import { importOption } from '../imports.js';

interface PlotOptions {
  param?: ParamSetting[];
  range: [number, number];
  derivative?: boolean;
  derivativeOnly?: boolean;
  out?: string;
  width: number;
  height: number;
  points: number;
  title?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('plot')
    .summary('plot f and/or f′ of several activations on one chart (PNG + SVG)')
    .description(
      'Draws the activations on one chart with a legend, axes and gridlines, from their float64 reference f and f′, ' +
        'and writes OUT (.png) and the same name with .svg. f is solid; with --derivative, f′ is dashed in the same colour.',
    )
    .argument('<ids...>', 'activation ids or aliases (actlab list shows them)')
    .option('--derivative', 'also draw f′ (dashed) (default: f only)')
    .option('--derivative-only', 'draw only f′ (default: off)')
    .addOption(new Option('--range <lo,hi>', 'x range').argParser(rangeArg).default([-5, 5], '-5,5'))
    .addOption(
      new Option(
        '--param <name=value>',
        "parameter value, repeatable; applies to every activation with that parameter, or use id.name=value (default: the activations' defaults)",
      ).argParser(paramArg),
    )
    .addOption(
      new Option(
        '--out <file.png>',
        'output PNG path, an .svg is written beside it (default: the ids joined by _, e.g. relu_gelu.png)',
      ),
    )
    .addOption(new Option('--width <px>', 'image width').argParser(intArg(200, 8000)).default(960))
    .addOption(new Option('--height <px>', 'image height').argParser(intArg(150, 8000)).default(600))
    .addOption(new Option('--points <n>', 'samples per curve').argParser(intArg(2, 1_000_000)).default(801))
    .option('--title <text>', 'chart title (default: the activations plotted)')
    .option('--json', 'print {png, svg, width, height, series} as JSON on stdout (default: one line naming the files)')
    .addOption(importOption())
    .action(async (names: string[], o: PlotOptions) => {
      const ids = activationIdList(names);
      const acts = ids.map((id) => {
        const params = resolveParams(id, o.param ?? [], ids);
        const label = Object.keys(params).length
          ? `${id} (${Object.entries(params)
              .map(([k, v]) => `${k}=${showValue(v)}`)
              .join(', ')})`
          : id;
        return { act: resolveActivation(id, params), label };
      });
      const out = ensureOutFile(o.out ?? `${ids.join('_')}.png`, '--out', ['.png']);
      const [lo, hi] = o.range;
      const xs = Array.from({ length: o.points }, (_, i) => lo + ((hi - lo) * i) / (o.points - 1));
      const series: LineSeries[] = [];
      acts.forEach(({ act, label }, i) => {
        if (!o.derivativeOnly) series.push({ name: label, x: xs, y: xs.map(act.f), color: colorAt(i) });
        if (o.derivative || o.derivativeOnly)
          series.push({ name: `${label}′`, x: xs, y: xs.map(act.df), color: colorAt(i), dashed: !o.derivativeOnly });
      });
      const what = o.derivativeOnly ? 'derivatives' : o.derivative ? 'and derivatives (dashed)' : '';
      const svg = lineChart({
        title:
          o.title ??
          `${acts.map((a) => a.label).join(', ')}${what ? ` ${what === 'derivatives' ? '— derivatives' : what}` : ''}`,
        xLabel: 'x',
        yLabel: o.derivativeOnly ? 'f′(x)' : o.derivative ? 'f(x), f′(x)' : 'f(x)',
        series,
        xDomain: o.range,
        width: o.width,
        height: o.height,
      });
      const files = await writeChart(svg, out);
      if (o.json)
        printJson({
          png: files.pngPath,
          svg: files.svgPath,
          width: o.width,
          height: o.height,
          series: series.map((s) => s.name),
        });
      else print(`wrote ${files.pngPath} (${o.width}×${o.height}) and ${files.svgPath}`);
    });
}
