/** SVG → PNG through resvg (a Rust renderer, no browser), and writing a chart as .svg + .png. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { checkSize } from '../check.js';

/** Options for {@link svgToPng}. */
export interface PngOptions {
  /** Output width in px; the height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
}

/**
 * Renders an SVG document to PNG bytes with resvg, using the system fonts (DejaVu Sans as
 * the default family, as installed by Debian's `fonts-dejavu-core`).
 *
 * @param svg - a standalone SVG document; it needs `xmlns="http://www.w3.org/2000/svg"`.
 * @param options - `width` in px (1 to 16384); default: the SVG's width.
 * @returns PNG file bytes.
 * @throws RangeError for a bad width; Error when resvg cannot parse the SVG.
 * @example writeFileSync('relu.png', svgToPng(lineChart(spec), { width: 1920 }));
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (typeof svg !== 'string' || svg.length === 0) {
    throw new RangeError('svgToPng: svg must be a non-empty string of SVG markup');
  }
  if (options.width !== undefined) {
    checkSize('svgToPng', 'width', options.width, 1, 16384);
    if (!Number.isInteger(options.width)) {
      throw new RangeError(`svgToPng: width must be a whole number of pixels, got ${options.width}`);
    }
  }
  let renderer: Resvg;
  try {
    renderer = new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
      fitTo: options.width === undefined ? { mode: 'original' } : { mode: 'width', value: options.width },
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`svgToPng: resvg could not parse the SVG (${why}); does the root <svg> have xmlns?`, {
      cause: err,
    });
  }
  return renderer.render().asPng();
}

/** Paths written by {@link writeChart}. */
export interface WrittenChart {
  svgPath: string;
  pngPath: string;
}

/**
 * Writes a chart as `name.svg` and `name.png` side by side, creating parent directories.
 *
 * @param svg - the chart's SVG document.
 * @param outPath - a path ending in `.png` or `.svg` (either names both files).
 * @param options - PNG width (default: the SVG's width).
 * @returns the absolute paths of both files.
 * @throws RangeError when `outPath` does not end in .png/.svg; Error naming the directory or
 *   file when it cannot be created or written.
 * @example await writeChart(lineChart(spec), 'out/relu.png'); // out/relu.svg + out/relu.png
 */
export async function writeChart(svg: string, outPath: string, options: PngOptions = {}): Promise<WrittenChart> {
  const m = typeof outPath === 'string' ? /^(.*)\.(png|svg)$/i.exec(outPath) : null;
  if (!m || m[1] === '' || /[\\/]$/.test(m[1]!)) {
    throw new RangeError(
      `writeChart: outPath must be a file path ending in .png or .svg, got ${JSON.stringify(outPath)}`,
    );
  }
  const base = resolve(m[1]!);
  const svgPath = `${base}.svg`;
  const pngPath = `${base}.png`;
  const png = svgToPng(svg, options);
  const dir = dirname(base);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`writeChart: cannot create directory ${JSON.stringify(dir)}: ${describe(err)}`, { cause: err });
  }
  for (const [path, data] of [
    [svgPath, svg],
    [pngPath, png],
  ] as const) {
    try {
      await writeFile(path, data);
    } catch (err) {
      throw new Error(`writeChart: cannot write ${JSON.stringify(path)}: ${describe(err)}`, { cause: err });
    }
  }
  return { svgPath, pngPath };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
