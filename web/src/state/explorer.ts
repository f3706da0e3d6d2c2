/** The explorer's configuration as data (URL keys, defaults, what each field accepts). */
import { anyText, list, num, oneOf, text, type Codec, type Schema } from './codec.js';

export const curveNames = ['f', 'df', 'd2f'] as const;
export type CurveName = (typeof curveNames)[number];

/** How a dim-wise activation is drawn as a curve: its first output on the slice (x, 0) or (x, x). */
export const sliceNames = ['auto', 'x0', 'xx'] as const;
export type SliceName = (typeof sliceNames)[number];

export type ParamSettings = Readonly<Record<string, number | string>>;

export interface ExplorerConfig {
  act: string;
  /** Parameters changed from the spec's defaults. */
  params: ParamSettings;
  overlay: string[];
  curves: CurveName[];
  xMin: number;
  xMax: number;
  slice: SliceName;
  /** A custom activation defined in the page (empty: none): its id and formulas for f and f′. */
  customId: string;
  customF: string;
  customDf: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `negativeSlope:0.2,approximate:tanh` (numbers as numbers, `inf`/`-inf` for infinities, other text as a choice). */
export const paramsCodec: Codec<ParamSettings> = {
  parse(t) {
    const out: Record<string, number | string> = {};
    for (const part of t === '' ? [] : t.split(',')) {
      const at = part.indexOf(':');
      const name = part.slice(0, at);
      const raw = part.slice(at + 1);
      if (at < 1 || !NAME.test(name) || raw === '') return undefined;
      const v = raw === 'inf' ? Infinity : raw === '-inf' ? -Infinity : Number(raw);
      out[name] = Number.isNaN(v) ? raw : v;
    }
    return out;
  },
  format: (v) =>
    Object.entries(v)
      .map(([k, x]) => `${k}:${x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x)}`)
      .join(','),
  allowed: 'name:value pairs separated by commas',
};

export const explorerSchema: Schema<ExplorerConfig> = {
  act: { key: 'act', codec: text, default: 'gelu' },
  params: { key: 'p', codec: paramsCodec, default: {} },
  overlay: { key: 'overlay', codec: list(text, 0, 8), default: ['relu'] },
  curves: { key: 'curves', codec: list(oneOf(curveNames), 1, 3), default: ['f', 'df', 'd2f'] },
  xMin: { key: 'xmin', codec: num(-1000, 1000), default: -5 },
  xMax: { key: 'xmax', codec: num(-1000, 1000), default: 5 },
  slice: { key: 'slice', codec: oneOf(sliceNames), default: 'auto' },
  customId: { key: 'cid', codec: anyText, default: '' },
  customF: { key: 'cf', codec: anyText, default: '' },
  customDf: { key: 'cdf', codec: anyText, default: '' },
};
