/** Messages between the page and a training worker: configuration in, snapshots out. */
import type { PlanarSplit } from '../data/planar.js';
import type { PlaygroundConfig } from '../state/playground.js';
import type { CustomDefinition } from '../explorer/custom.js';
import type { BackendReport } from './backend.js';
import type { Extent, Snapshot } from './snapshot.js';

export type ToWorker =
  /**
   * (Re)builds the run from this configuration; `override` sets every hidden layer's activation;
   * `customs` are the activations defined in the page (registered here first: a worker has its own registry).
   */
  | { type: 'configure'; config: PlaygroundConfig; override?: string; customs: CustomDefinition[] }
  | { type: 'play' }
  | { type: 'pause' }
  /** One optimizer step, then a snapshot. */
  | { type: 'step' }
  | { type: 'set-lr'; lr: number }
  /** The page has drawn the last snapshot: the worker may send the next (backpressure). */
  | { type: 'ack' };

export type FromWorker =
  | { type: 'ready'; backend: BackendReport }
  /** The data of a new run (for drawing the points) and the plane the grids cover. */
  | { type: 'data'; split: PlanarSplit; extent: Extent; parameters: number }
  | { type: 'snapshot'; snapshot: Snapshot; stepsPerSecond: number; playing: boolean }
  | { type: 'diverged'; step: number; where: string }
  | { type: 'error'; message: string };
