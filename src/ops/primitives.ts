/**
 * The one table of primitive ops, each a forward beside its VJP. Its type lists every primitive
 * name, so a primitive added without a gradient rule — or a rule whose attributes disagree —
 * fails to compile. Tests walk this table to gradcheck every entry.
 */
import type { BinaryOpName, ReduceOpName, UnaryOpName } from '../backend/backend.js';
import type { DType } from '../tensor/dtype.js';
import type { Primitive } from './apply.js';
import { binaryPrimitives } from './binary.js';
import { indexingPrimitives } from './indexing.js';
import { layoutPrimitives } from './layout.js';
import { matmulPrimitives } from './matmul.js';
import type { MmAttrs } from './matmul.js';
import type { ReduceAttrs } from './reduce.js';
import { reducePrimitives } from './reduce.js';
import { selectPrimitives } from './select.js';
import { unaryPrimitives } from './unary.js';
import { activationPrimitives } from './activation.js';
import type { ActivationAttrs } from './activation.js';
import { dimActivationPrimitives } from './dim-activation.js';
import type { DimActivationAttrs } from './dim-activation.js';
import { channelActivationPrimitives } from './channel-activation.js';
import type { ChannelActivationAttrs } from './channel-activation.js';
import { convPrimitives } from './conv.js';
import type { ConvGemmAttrs, Window2d } from './conv.js';
import { poolPrimitives } from './pool.js';
import type { AvgPoolAttrs, MaxPoolAttrs } from './pool.js';
import { lossPrimitives } from './loss.js';

/** Attributes each primitive takes (void: none). */
export type PrimitiveAttrs = { [K in UnaryOpName | BinaryOpName]: void } & { [K in ReduceOpName]: ReduceAttrs } & {
  reshape: { shape: number[] };
  expand: { shape: number[] };
  permute: { perm: number[] };
  narrow: { dim: number; start: number; length: number };
  indexSelect: { dim: number; index: Int32Array };
  concat: { dim: number };
  where: void;
  cast: { dtype: DType };
  clone: void;
  clamp: { min: number | null; max: number | null };
  mm: MmAttrs;
  activation: ActivationAttrs;
  dimActivation: DimActivationAttrs;
  channelActivation: ChannelActivationAttrs;
  im2col: Window2d;
  conv2d: ConvGemmAttrs;
  maxPool2d: MaxPoolAttrs;
  avgPool2d: AvgPoolAttrs;
  binaryCrossEntropy: void;
};

export type PrimitiveName = keyof PrimitiveAttrs;

export const primitives: { readonly [K in PrimitiveName]: Primitive<PrimitiveAttrs[K]> } = {
  ...unaryPrimitives,
  ...binaryPrimitives,
  ...reducePrimitives,
  ...layoutPrimitives,
  ...indexingPrimitives,
  ...selectPrimitives,
  ...matmulPrimitives,
  ...activationPrimitives,
  ...dimActivationPrimitives,
  ...channelActivationPrimitives,
  ...convPrimitives,
  ...poolPrimitives,
  ...lossPrimitives,
};
