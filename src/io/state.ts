/**
 * Saving and loading a Module's weights as safetensors, the format PyTorch and Hugging Face use.
 * Keys are the state-dict names (`0.weight`, `bn.running_mean`), so a file written by
 * `safetensors.torch.save_file(model.state_dict(), …)` for the same architecture loads here, and
 * vice versa. float32/float64/int32 tensors are stored as F32/F64/I32 unless `dtypes` asks for
 * another safetensors dtype per name (e.g. I64 for a torch long tensor); torch's
 * `load_state_dict` converts I32 into its int64 buffers (BatchNorm's `num_batches_tracked`).
 * Reading, integers become int32 when they fit, else float64 when exact (|v| ≤ 2⁵³).
 */
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { allocArray } from '../tensor/dtype.js';
import type { Module } from '../nn/module.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.js';
import type { SafetensorsDtype, SafetensorsEntry, SafetensorsTensor } from './safetensors.js';

export type AnyStateModule = Pick<Module<never[], unknown>, 'stateDict' | 'loadStateDict'>;

export interface SaveOptions {
  /** String metadata for the header (default `{format: 'pt'}`, as torch's writer). */
  metadata?: Record<string, string>;
  /** Stored dtype by tensor name, overriding F32/F64/I32 (values must fit). */
  dtypes?: Record<string, SafetensorsDtype>;
}

const STORED: Record<DType, SafetensorsDtype> = { float32: 'F32', float64: 'F64', int32: 'I32' };

/** Safetensors entries for a state dict. */
export function stateDictEntries(
  state: Record<string, Tensor>,
  dtypes: Record<string, SafetensorsDtype> = {},
): Record<string, SafetensorsEntry> {
  const entries: Record<string, SafetensorsEntry> = {};
  for (const [name, t] of Object.entries(state)) {
    if (!(t instanceof Tensor)) throw new TypeError(`stateDictEntries: '${name}' is not a Tensor`);
    entries[name] = { dtype: dtypes[name] ?? STORED[t.dtype], shape: t.shape, data: t.data };
  }
  return entries;
}

/** The actlab dtype for a stored tensor: floats keep their width (F16/BF16 widen to float32). */
function loadedDType(t: SafetensorsTensor, name: string, source: string): DType {
  if (t.dtype === 'F64') return 'float64';
  if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16') return 'float32';
  let fitsInt32 = true;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]!;
    if (v < -2147483648 || v > 2147483647) fitsInt32 = false;
    // float64 holds integers exactly only up to 2^53.
    if (typeof v === 'bigint' && (v > 9007199254740991n || v < -9007199254740991n)) {
      throw new SafetensorsError(
        `${source}: tensor '${name}' (${t.dtype}) holds ${v} at index ${i}, beyond the 2^53 that float64 holds exactly`,
      );
    }
  }
  return fitsInt32 ? 'int32' : 'float64';
}

/**
 * Tensors from decoded safetensors: floats keep float32/float64 (F16/BF16 widen to float32);
 * integers become int32, or float64 when a value does not fit int32 (a torch int64 step count).
 */
export function tensorsFromSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  source = 'safetensors',
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = loadedDType(t, name, source);
    const data = allocArray(dtype, t.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Number(t.data[i]!);
    out[name] = new Tensor(data, t.shape, dtype);
  }
  return out;
}

/** A state dict (or a module's) as safetensors bytes. */
export function encodeStateDict(state: Record<string, Tensor> | AnyStateModule, options: SaveOptions = {}): Uint8Array {
  const dict = isModule(state) ? state.stateDict() : state;
  return encodeSafetensors(stateDictEntries(dict, options.dtypes), options.metadata ?? { format: 'pt' });
}

/** A state dict from safetensors bytes. */
export function decodeStateDict(bytes: Uint8Array, source = 'safetensors'): Record<string, Tensor> {
  return tensorsFromSafetensors(decodeSafetensors(bytes, source).tensors, source);
}

export function isModule(x: unknown): x is AnyStateModule {
  return typeof (x as AnyStateModule).stateDict === 'function';
}
