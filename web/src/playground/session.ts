/**
 * A playground session as an explicit state object: one training worker per network (one, or two
 * to four in compare mode), each run's latest snapshot and loss history, play/pause, and the
 * page-side frame counting. Views read its store; nothing here is module-level.
 */
import type { PlanarSplit } from '../data/planar.js';
import type { BackendReport } from '../runner/backend.js';
import type { FromWorker, ToWorker } from '../runner/protocol.js';
import type { Extent, Snapshot } from '../runner/snapshot.js';
import type { PlaygroundConfig } from '../state/playground.js';
import { Store } from '../state/store.js';
import type { CustomDefinition } from '../explorer/custom.js';

export interface RunState {
  /** The activation label (compare mode) or '' (the layers' own activations). */
  act: string;
  backend: BackendReport | null;
  split: PlanarSplit | null;
  extent: Extent | null;
  parameters: number;
  snapshot: Snapshot | null;
  history: { step: number[]; train: number[]; test: number[] };
  stepsPerSecond: number;
  diverged: { step: number; where: string } | null;
  error: string | null;
}

export interface SessionState {
  runs: RunState[];
  playing: boolean;
  /** Snapshots drawn per second (all runs), and page frames per second while playing. */
  snapshotsPerSecond: number;
  pageFps: number;
}

const HISTORY_LIMIT = 4000;

const emptyRun = (act: string): RunState => ({
  act,
  backend: null,
  split: null,
  extent: null,
  parameters: 0,
  snapshot: null,
  history: { step: [], train: [], test: [] },
  stepsPerSecond: 0,
  diverged: null,
  error: null,
});

/** Keeps every other point once a history is long (curves keep their shape, memory stays bounded). */
function appendHistory(h: RunState['history'], s: Snapshot): RunState['history'] {
  const last = h.step[h.step.length - 1];
  if (last !== undefined && s.step <= last) {
    // A step or pause re-sends the same step; a reset starts over.
    if (s.step === last) return h;
    return { step: [s.step], train: [s.metrics.trainLoss], test: [s.metrics.testLoss] };
  }
  let { step, train, test } = h;
  if (step.length >= HISTORY_LIMIT) {
    const even = (_: number, i: number) => i % 2 === 0;
    step = step.filter(even);
    train = train.filter(even);
    test = test.filter(even);
  }
  return { step: [...step, s.step], train: [...train, s.metrics.trainLoss], test: [...test, s.metrics.testLoss] };
}

export class PlaygroundSession {
  readonly state = new Store<SessionState>({ runs: [], playing: false, snapshotsPerSecond: 0, pageFps: 0 });
  #workers: Worker[] = [];
  /** Per worker: configured, and its new run's 'data' not yet received (older snapshots are dropped). */
  #awaitingData: boolean[] = [];
  #frames: number[] = [];
  #drawn: number[] = [];
  #raf = 0;

  /** Starts (or restarts) the runs for this configuration: compare mode trains one network per activation. */
  configure(config: PlaygroundConfig, customs: CustomDefinition[] = []): void {
    const acts = config.compare.length > 0 ? config.compare : [''];
    if (acts.length !== this.#workers.length) this.#resize(acts.length);
    this.state.set((s) => ({ ...s, runs: acts.map((a) => ({ ...emptyRun(a), backend: s.runs[0]?.backend ?? null })) }));
    this.#awaitingData = acts.map(() => true);
    this.#workers.forEach((w, i) => {
      const act = acts[i]!;
      w.postMessage(
        act
          ? ({ type: 'configure', config, override: act, customs } satisfies ToWorker)
          : ({ type: 'configure', config, customs } satisfies ToWorker),
      );
      if (this.state.value.playing) w.postMessage({ type: 'play' } satisfies ToWorker);
    });
  }

  setLearningRate(lr: number): void {
    this.#post({ type: 'set-lr', lr });
  }

  play(): void {
    this.state.set((s) => ({ ...s, playing: true }));
    this.#post({ type: 'play' });
    this.#countFrames();
  }

  pause(): void {
    this.state.set((s) => ({ ...s, playing: false }));
    this.#post({ type: 'pause' });
  }

  step(): void {
    this.state.set((s) => ({ ...s, playing: false }));
    this.#post({ type: 'step' });
  }

  dispose(): void {
    cancelAnimationFrame(this.#raf);
    for (const w of this.#workers) w.terminate();
    this.#workers = [];
  }

  #post(m: ToWorker): void {
    for (const w of this.#workers) w.postMessage(m);
  }

  #resize(count: number): void {
    for (const w of this.#workers) w.terminate();
    this.#workers = Array.from({ length: count }, (_, i) => {
      const w = new Worker(new URL('../runner/worker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (e: MessageEvent<FromWorker>) => this.#receive(i, w, e.data);
      w.onerror = (e) => this.#patchRun(i, { error: e.message || 'the training worker failed to start' });
      return w;
    });
  }

  #patchRun(i: number, patch: Partial<RunState> | ((r: RunState) => Partial<RunState>)): void {
    this.state.set((s) => ({
      ...s,
      runs: s.runs.map((r, k) => (k === i ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)),
    }));
  }

  #receive(i: number, w: Worker, m: FromWorker): void {
    if (this.#workers[i] !== w) return;
    switch (m.type) {
      case 'ready':
        this.#patchRun(i, { backend: m.backend });
        break;
      case 'data':
        this.#awaitingData[i] = false;
        this.#patchRun(i, { split: m.split, extent: m.extent, parameters: m.parameters, diverged: null, error: null });
        break;
      case 'snapshot':
        if (!this.#awaitingData[i])
          this.#patchRun(i, (r) => ({
            snapshot: m.snapshot,
            history: appendHistory(r.history, m.snapshot),
            stepsPerSecond: m.stepsPerSecond || r.stepsPerSecond,
          }));
        // Acknowledge once the page has painted it: the worker sends no faster than we draw.
        requestAnimationFrame(() => {
          this.#drawn.push(performance.now());
          w.postMessage({ type: 'ack' } satisfies ToWorker);
        });
        break;
      case 'diverged':
        this.#patchRun(i, { diverged: { step: m.step, where: m.where } });
        if (this.state.value.runs.every((r) => r.diverged || r.error))
          this.state.set((s) => ({ ...s, playing: false }));
        break;
      case 'error':
        this.#patchRun(i, { error: m.message });
        break;
    }
  }

  /** Counts page frames and drawn snapshots over the last second while playing. */
  #countFrames(): void {
    cancelAnimationFrame(this.#raf);
    let reported = performance.now();
    const tick = (now: number) => {
      this.#frames.push(now);
      while (this.#frames.length && now - this.#frames[0]! > 1000) this.#frames.shift();
      while (this.#drawn.length && now - this.#drawn[0]! > 1000) this.#drawn.shift();
      // Twice a second: the counts are per second, the store need not change every frame.
      if (now - reported >= 500) {
        reported = now;
        this.state.set((s) => ({ ...s, pageFps: this.#frames.length, snapshotsPerSecond: this.#drawn.length }));
      }
      if (this.state.value.playing) this.#raf = requestAnimationFrame(tick);
    };
    this.#raf = requestAnimationFrame(tick);
  }
}
