/**
 * onnxruntime-node (CPU execution provider, 1 intra-op thread), forward only: each op is a tiny
 * ONNX model written by bench/lib/onnx.ts. `run` is asynchronous (it returns a Promise), so its
 * figures include one promise round trip per call — small next to 2^20 elements.
 */
import type { ActivationCase, GemmCase } from '../cases.js';
import { encodeOnnxModel, type OnnxGraph } from '../lib/onnx.js';
import { secondsPerCallAsync } from '../lib/measure.js';

type Ort = typeof import('onnxruntime-node');
let ortModule: Ort | null | undefined;

export async function loadOrt(): Promise<Ort | null> {
  if (ortModule !== undefined) return ortModule;
  try {
    const m = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    ortModule = m.default ?? m;
  } catch {
    ortModule = null;
  }
  return ortModule;
}

async function session(ort: Ort, graph: OnnxGraph) {
  return ort.InferenceSession.create(encodeOnnxModel(graph), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

async function time(
  ort: Ort,
  graph: OnnxGraph,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  minTime: number,
): Promise<number> {
  const s = await session(ort, graph);
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]),
  );
  try {
    return await secondsPerCallAsync(
      async () => {
        await s.run(inputs);
      },
      { minTime },
    );
  } finally {
    await s.release();
  }
}

export async function activation(ort: Ort, c: ActivationCase, xs: Float32Array, minTime: number): Promise<number> {
  if (typeof c.onnx === 'string') throw new Error(c.onnx);
  const n = xs.length;
  return time(ort, { ...c.onnx, inputs: { x: [n] }, outputs: { y: [n] } }, { x: { data: xs, dims: [n] } }, minTime);
}

export async function softmax(
  ort: Ort,
  name: 'softmax' | 'log_softmax',
  xs: Float32Array,
  rows: number,
  cols: number,
  minTime: number,
): Promise<number> {
  const op = name === 'softmax' ? 'Softmax' : 'LogSoftmax';
  const graph: OnnxGraph = {
    nodes: [{ op, inputs: ['x'], outputs: ['y'], attributes: { axis: -1 } }],
    opset: 13,
    inputs: { x: [rows, cols] },
    outputs: { y: [rows, cols] },
  };
  return time(ort, graph, { x: { data: xs, dims: [rows, cols] } }, minTime);
}

export async function gemm(ort: Ort, c: GemmCase, minTime: number): Promise<number> {
  const aDims = c.transA ? [c.k, c.m] : [c.m, c.k];
  const bDims = c.transB ? [c.n, c.k] : [c.k, c.n];
  const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const graph: OnnxGraph = {
    nodes: [
      {
        op: 'Gemm',
        inputs: ['a', 'b'],
        outputs: ['y'],
        attributes: { transA: c.transA ? 1 : 0, transB: c.transB ? 1 : 0 },
      },
    ],
    opset: 13,
    inputs: { a: aDims, b: bDims },
    outputs: { y: [c.m, c.n] },
  };
  return time(
    ort,
    graph,
    { a: { data: fill(c.m * c.k), dims: aDims }, b: { data: fill(c.k * c.n), dims: bDims } },
    minTime,
  );
}
