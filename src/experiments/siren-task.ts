/**
 * Task module of `actlab siren` on the worker pool: one (network, seed) fit in, one result out.
 * Images travel as float32 arrays; the result stores them base64-encoded (a compact line of
 * results.jsonl from which the report is redrawn on resume).
 */
import { fitImage, type FitProgress, type FitSettings } from './siren-fit.js';
import { networkKey, networkLabel, type FieldNetwork } from './siren-networks.js';

export const SIREN_RESULT_SCHEMA = 1;

/** One fit, as sent to a worker. */
export interface SirenTask {
  /** `<network key>/seed<N>`. */
  key: string;
  fingerprint: string;
  network: FieldNetwork;
  seed: number;
  side: number;
  settings: FitSettings;
  /** The image in [0, 1], row-major `side × side`. */
  pixels: Float32Array;
}

/** One finished fit, as stored on one line of results.jsonl. */
export interface SirenResult {
  schema: number;
  kind: 'siren';
  key: string;
  fingerprint: string;
  network: FieldNetwork;
  /** `sine(w0=30)`, `relu_pe`… */
  networkKey: string;
  label: string;
  seed: number;
  side: number;
  settings: FitSettings;
  curve: { step: number; psnr: number; loss: number }[];
  finalPsnr: number;
  finalLoss: number;
  stepsPerSecond: number;
  seconds: number;
  /** float32 little-endian, base64: the fit in [0, 1], |∇u| and Δu, each `side × side`. */
  images: { prediction: string; gradientNorm: string; laplacian: string };
  finishedAt: string;
}

export const encodeFloats = (a: Float32Array): string =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
export function decodeFloats(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function isSirenResult(v: unknown): v is SirenResult {
  const r = v as Partial<SirenResult> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.kind === 'siren' &&
    typeof r.key === 'string' &&
    typeof r.fingerprint === 'string' &&
    Array.isArray(r.curve) &&
    typeof r.images === 'object'
  );
}

export function runTask(task: SirenTask, progress: (p: FitProgress) => void): SirenResult {
  const r = fitImage(task.network, task.pixels, task.side, task.settings, task.seed, progress);
  return {
    schema: SIREN_RESULT_SCHEMA,
    kind: 'siren',
    key: task.key,
    fingerprint: task.fingerprint,
    network: task.network,
    networkKey: networkKey(task.network),
    label: networkLabel(task.network, task.side),
    seed: task.seed,
    side: task.side,
    settings: task.settings,
    curve: r.curve,
    finalPsnr: r.finalPsnr,
    finalLoss: r.finalLoss,
    stepsPerSecond: r.stepsPerSecond,
    seconds: r.seconds,
    images: {
      prediction: encodeFloats(r.prediction),
      gradientNorm: encodeFloats(r.gradientNorm),
      laplacian: encodeFloats(r.laplacian),
    },
    finishedAt: new Date().toISOString(),
  };
}

/** One `actlab siren` study: the image and the networks × seeds fitted to it. */
export interface SirenConfig extends FitSettings {
  /** Where the image came from (a path, or the default's name), for the report. */
  imageSource: string;
  /** The image fitted: `side × side` grey pixels in [0, 1]. */
  pixels: Float32Array;
  side: number;
  networks: FieldNetwork[];
  seeds: number[];
}
