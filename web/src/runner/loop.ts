/**
 * The worker's training loop as an explicit state object: trains in slices of about 12 ms,
 * yields between slices (so 'pause' and new configurations are read at once), and sends a
 * snapshot only after the page has drawn the previous one, at most 30 per second — the page is
 * never flooded, and training gets the rest of the time.
 */
import type { FromWorker, ToWorker } from './protocol.js';
import { planeExtent, snapshotGrids, takeSnapshot, transferables, type SnapshotGrids } from './snapshot.js';
import { Trainer } from './trainer.js';
import { registerCustom } from '../explorer/custom.js';

const SLICE_MS = 12;
const MIN_SNAPSHOT_MS = 33;
/**
 * Snapshots may take at most a quarter of the worker's time (a 6 × 16 network's takes ~50–150 ms
 * on the js backend), but come at least once a second, so a slow machine still shows progress.
 */
const SNAPSHOT_SHARE = 0.25;
const MAX_SNAPSHOT_WAIT_MS = 1000;
export const GRID = 64;
export const NEURON_GRID = 24;

export class TrainingLoop {
  #trainer: Trainer | null = null;
  #grids: SnapshotGrids | null = null;
  #playing = false;
  #pageReady = true;
  #lastSnapshot = 0;
  #snapshotMs = 0;
  #stepsPerSlice = 1;
  /** (time, step) samples of the last second, for steps/s. */
  #rate: [number, number][] = [];
  #scheduled = false;

  constructor(
    private readonly send: (m: FromWorker, transfer?: ArrayBuffer[]) => void,
    private readonly schedule: (fn: () => void) => void,
  ) {}

  handle(m: ToWorker): void {
    try {
      this.#handle(m);
    } catch (e) {
      this.#playing = false;
      this.send({ type: 'error', message: (e as Error).message });
    }
  }

  #handle(m: ToWorker): void {
    switch (m.type) {
      case 'configure': {
        for (const d of m.customs) registerCustom(d);
        this.#trainer = new Trainer(m.config, m.override);
        const extent = planeExtent(this.#trainer.split);
        this.#grids = snapshotGrids(this.#trainer, extent, GRID, NEURON_GRID);
        this.#rate = [];
        const parameters = this.#trainer.net.model.parameters().reduce((s, p) => s + p.numel, 0);
        this.send({ type: 'data', split: this.#trainer.split, extent, parameters });
        this.#pageReady = true;
        this.#snapshot();
        break;
      }
      case 'play':
        this.#playing = this.#trainer !== null && this.#trainer.diverged === null;
        break;
      case 'pause':
        this.#playing = false;
        this.#snapshot();
        break;
      case 'step':
        this.#playing = false;
        this.#trainer?.trainSteps(1);
        this.#afterSteps();
        this.#snapshot();
        break;
      case 'set-lr':
        this.#trainer?.setLearningRate(m.lr);
        break;
      case 'ack':
        this.#pageReady = true;
        break;
    }
    this.#wake();
  }

  #wake(): void {
    if (this.#playing && !this.#scheduled) {
      this.#scheduled = true;
      this.schedule(() => {
        this.#scheduled = false;
        this.#slice();
      });
    }
  }

  /** Trains for about SLICE_MS, adapting the steps per slice to the measured speed. */
  #slice(): void {
    const t = this.#trainer;
    if (!this.#playing || t === null) return;
    try {
      const start = performance.now();
      t.trainSteps(this.#stepsPerSlice);
      const ms = performance.now() - start;
      this.#stepsPerSlice = Math.max(
        1,
        Math.min(1000, Math.round((this.#stepsPerSlice * SLICE_MS) / Math.max(ms, 0.1))),
      );
      this.#afterSteps();
      const wait = Math.max(MIN_SNAPSHOT_MS, Math.min(MAX_SNAPSHOT_WAIT_MS, this.#snapshotMs / SNAPSHOT_SHARE));
      if (this.#pageReady && performance.now() - this.#lastSnapshot >= wait) this.#snapshot();
    } catch (e) {
      this.#playing = false;
      this.send({ type: 'error', message: (e as Error).message });
    }
    this.#wake();
  }

  #afterSteps(): void {
    const t = this.#trainer;
    if (t === null) return;
    const now = performance.now();
    this.#rate.push([now, t.step]);
    while (this.#rate.length > 2 && now - this.#rate[0]![0] > 1000) this.#rate.shift();
    if (t.diverged) {
      this.#playing = false;
      this.send({ type: 'diverged', step: t.diverged.step, where: t.diverged.where });
    }
  }

  #stepsPerSecond(): number {
    const first = this.#rate[0];
    const last = this.#rate[this.#rate.length - 1];
    if (!first || !last || last[0] - first[0] < 50) return 0;
    return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
  }

  #snapshot(): void {
    const t = this.#trainer;
    if (t === null || this.#grids === null) return;
    const start = performance.now();
    const snapshot = takeSnapshot(t, this.#grids);
    this.#pageReady = false;
    this.#lastSnapshot = performance.now();
    this.#snapshotMs = this.#lastSnapshot - start;
    this.send(
      { type: 'snapshot', snapshot, stepsPerSecond: this.#stepsPerSecond(), playing: this.#playing },
      transferables(snapshot),
    );
  }
}
