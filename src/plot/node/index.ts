/** Plotting in Node: the SVG charts of `./index.ts`, plus PNG through resvg and writing chart files. */
export * from '../index.js';
export { svgToPng, writeChart } from './png.js';
export type { PngOptions, WrittenChart } from './png.js';
