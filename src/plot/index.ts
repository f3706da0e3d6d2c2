/**
 * actlab's plotting: charts as standalone SVG strings (d3-scale for scales and ticks, d3-shape
 * for paths) and terminal sketches; browser-safe. PNG through resvg (a native addon) and writing
 * files: `./node.ts`. Every chart is a pure function of plain numbers; nothing here depends on tensors.
 */
export { lineChart } from './line.js';
export type { LineChartSpec, LineSeries } from './line.js';
export { boxPlot, boxStats, quantileSorted } from './box.js';
export type { BoxGroup, BoxPlotSpec, BoxStats } from './box.js';
export { decisionBoundary } from './heatmap.js';
export type { BoundaryGrid, DecisionBoundarySpec, LabelledPoints } from './heatmap.js';
export { contourSegments } from './contour.js';
export type { Segment } from './contour.js';
export { barChart } from './bar.js';
export { imageGrid } from './images.js';
export type { GridImage, ImageGridSpec } from './images.js';
export type { BarChartSpec, BarSeries } from './bar.js';
export { asciiPlot } from './ascii.js';
export type { AsciiPlotOptions, AsciiSeries } from './ascii.js';
export { colorAt, mixHex, palette } from './palette.js';
export type { ChartOptions } from './axes.js';
