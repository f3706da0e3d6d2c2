/**
 * The adversarial demo's page side as an explicit state object: its worker, training progress of
 * both models, the latest digit attack and the robust-accuracy curve. Digit attacks keep at most
 * one request in flight and remember only the newest waiting one, so dragging the ε slider never
 * queues stale work.
 */
import type { BackendReport } from '../runner/backend.js';
import { Store } from '../state/store.js';
import type { AttackSettings } from './engine.js';
import type { AdvFromWorker, AdvToWorker, AttackView, ModelProgress } from './protocol.js';

export interface DigitResult {
  digit: number;
  label: number;
  clean: Float32Array;
  models: [AttackView, AttackView];
  ms: number;
  /** The settings it was computed with (the view shows whether it is current). */
  settings: AttackSettings;
}

export interface CurveResult {
  eps: number[];
  robust: [number[], number[]];
  done: boolean;
  ms: number;
}

export interface AdvSessionState {
  backend: BackendReport | null;
  /** The training run shown (a new configuration starts a new run). */
  run: number;
  progress: [ModelProgress | null, ModelProgress | null];
  /** Seconds both models took, once trained. */
  trainedIn: number | null;
  result: DigitResult | null;
  /** Attacks in flight or waiting. */
  attacking: boolean;
  curve: CurveResult | null;
  error: string | null;
}

interface AttackRequest {
  digit: number;
  settings: AttackSettings;
}

export class AdversarialSession {
  readonly state = new Store<AdvSessionState>({
    backend: null,
    run: 0,
    progress: [null, null],
    trainedIn: null,
    result: null,
    attacking: false,
    curve: null,
    error: null,
  });
  readonly #worker: Worker;
  #nextId = 1;
  #inFlight: (AttackRequest & { id: number }) | null = null;
  #waiting: AttackRequest | null = null;
  #curveId = 0;

  constructor() {
    this.#worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (e: MessageEvent<AdvFromWorker>) => this.#receive(e.data);
  }

  /** Trains both models anew (a new run: the old run's results are dropped). */
  train(acts: [string, string], epochs: number, trainEps: number, seed: number): void {
    const run = this.state.value.run + 1;
    this.#inFlight = null;
    this.#waiting = null;
    this.state.patch({ run, progress: [null, null], trainedIn: null, result: null, curve: null, error: null });
    const digitsUrl = new URL('mnist-digits.bin.gz', document.baseURI).href;
    this.#post({ type: 'train', digitsUrl, acts, epochs, trainEps, seed, run });
  }

  /** Attacks a test digit with both models (the newest request wins). */
  attack(digit: number, settings: AttackSettings): void {
    this.#waiting = { digit, settings };
    this.state.patch({ attacking: true });
    this.#pump();
  }

  /** Computes the robust-accuracy curve (abandoning one in progress). */
  curve(settings: Omit<AttackSettings, 'eps'>): void {
    const id = ++this.#curveId;
    this.state.patch({ curve: { eps: [], robust: [[], []], done: false, ms: 0 } });
    this.#post({ type: 'curve', id, run: this.state.value.run, settings });
  }

  dispose(): void {
    this.#worker.terminate();
  }

  #pump(): void {
    if (this.#inFlight || !this.#waiting || this.state.value.trainedIn === null) return;
    const id = this.#nextId++;
    this.#inFlight = { ...this.#waiting, id };
    this.#waiting = null;
    this.#post({ type: 'attack', run: this.state.value.run, ...this.#inFlight });
  }

  #post(m: AdvToWorker): void {
    this.#worker.postMessage(m);
  }

  #receive(m: AdvFromWorker): void {
    const run = this.state.value.run;
    switch (m.type) {
      case 'ready':
        this.state.patch({ backend: m.backend });
        return;
      case 'progress': {
        if (m.run !== run) return;
        const progress = [...this.state.value.progress] as AdvSessionState['progress'];
        progress[m.model] = m.progress;
        this.state.patch({ progress });
        return;
      }
      case 'trained':
        if (m.run !== run) return;
        this.state.patch({ trainedIn: m.seconds });
        this.#pump();
        return;
      case 'attacked': {
        const request = this.#inFlight;
        if (!request || request.id !== m.id) return;
        this.#inFlight = null;
        this.state.patch({
          result: {
            digit: m.digit,
            label: m.label,
            clean: m.clean,
            models: m.models,
            ms: m.ms,
            settings: request.settings,
          },
          attacking: this.#waiting !== null,
        });
        this.#pump();
        return;
      }
      case 'curve':
        if (m.id !== this.#curveId) return;
        this.state.patch({ curve: { eps: m.eps, robust: m.robust, done: m.done, ms: m.ms } });
        return;
      case 'error':
        if (m.run !== run) return;
        this.#inFlight = null;
        this.state.patch({ error: m.message, attacking: false });
    }
  }
}
