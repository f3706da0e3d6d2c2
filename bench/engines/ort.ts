/**
 * onnxruntime-node (CPU execution provider, 1 intra-op thread unless a GEMM asks for more),
 * forward only: each op is a tiny ONNX model written by bench/lib/onnx.ts. `run` is
 * asynchronous (it returns a Promise), so its figures include one promise round trip per call —
 * small next to 2^20 elements, ~10–30 µs next to a small GEMM. Its GEMMs are MLAS, the native
 * (AVX2/AVX-512) kernels a Node addon would get: the `ort` columns of the GEMM suite measure what
 * a native path would gain over WASM (issue #15).
 */
import type { ActivationCase, GemmCase, GemmProduct } from '../cases.js';
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

async function session(ort: Ort, graph: OnnxGraph, threads = 1) {
  return ort.InferenceSession.create(encodeOnnxModel(graph), {
    intraOpNumThreads: threads,
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
  threads = 1,
): Promise<number> {
  const s = await session(ort, graph, threads);
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

const fill = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((i + seed) * 12.9898) * 0.5);

/** ONNX Gemm nodes (MLAS) for the products, operand names a<i>, b<i>, outputs y<i>; one run() does them in order. */
function gemmGraph(products: readonly GemmProduct[]): {
  graph: OnnxGraph;
  feeds: Record<string, { data: Float32Array; dims: number[] }>;
} {
  const graph: OnnxGraph = { nodes: [], opset: 13, inputs: {}, outputs: {} };
  const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
  products.forEach((c, i) => {
    const aDims = c.transA ? [c.k, c.m] : [c.m, c.k];
    const bDims = c.transB ? [c.n, c.k] : [c.k, c.n];
    graph.nodes.push({
      op: 'Gemm',
      inputs: [`a${i}`, `b${i}`],
      outputs: [`y${i}`],
      attributes: { transA: c.transA ? 1 : 0, transB: c.transB ? 1 : 0 },
    });
    graph.inputs[`a${i}`] = aDims;
    graph.inputs[`b${i}`] = bDims;
    graph.outputs[`y${i}`] = [c.m, c.n];
    feeds[`a${i}`] = { data: fill(c.m * c.k, 2 * i), dims: aDims };
    feeds[`b${i}`] = { data: fill(c.k * c.n, 2 * i + 1), dims: bDims };
  });
  return { graph, feeds };
}

/** Seconds per Gemm on `threads` intra-op threads. */
export async function gemm(ort: Ort, c: GemmCase, minTime: number, threads = 1): Promise<number> {
  const { graph, feeds } = gemmGraph([c]);
  return time(ort, graph, feeds, minTime, threads);
}

/** Seconds per run of the products back to back (one graph, sequential execution). */
export async function gemmSequence(
  ort: Ort,
  products: readonly GemmProduct[],
  minTime: number,
  threads = 1,
): Promise<number> {
  const { graph, feeds } = gemmGraph(products);
  return time(ort, graph, feeds, minTime, threads);
}
