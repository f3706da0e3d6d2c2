/**
 * The adversarial demo's worker: loads the digits, trains the two models, and runs the attacks,
 * all off the page's thread. Long work (training, the curve) runs in slices — an epoch, one ε of
 * one model — with messages read in between, so a digit attack asked for while the curve computes
 * is answered at the next slice, and a newer request abandons an older one.
 */
import { startLibrary } from '../runner/backend.js';
import { loadDigits, PIXELS, TRAIN, type Digits } from './digits.js';
import { attackDigit, CURVE_DIGITS, CURVE_EPS, robustAccuracy } from './engine.js';
import {
  accuracy,
  buildClassifier,
  fgsmTraining,
  testIndices,
  trainEpoch,
  trainingState,
  type Classifier,
} from './models.js';
import type { AdvFromWorker, AdvToWorker } from './protocol.js';

interface WorkerScope {
  postMessage(message: AdvFromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<AdvToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const post = (m: AdvFromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** Resolves after pending messages have been handled (a MessageChannel, without setTimeout's clamp). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The worker's state as one object: digits, the trained pair of the latest run, the latest curve request. */
const state: { digits: Digits | null; run: number; models: [Classifier, Classifier] | null; curve: number } = {
  digits: null,
  run: -1,
  models: null,
  curve: -1,
};

async function train(m: Extract<AdvToWorker, { type: 'train' }>): Promise<void> {
  state.run = m.run;
  state.models = null;
  state.digits ??= await loadDigits(new URL(m.digitsUrl));
  if (state.run !== m.run) return;
  const started = performance.now();
  const d = state.digits;
  const test = testIndices(d);
  const pair: Classifier[] = [];
  for (const k of [0, 1] as const) {
    const model = buildClassifier(m.acts[k], m.seed);
    const { opt, order } = trainingState(model, m.seed);
    const transform = fgsmTraining(m.trainEps, m.seed);
    for (let epoch = 1; epoch <= m.epochs; epoch++) {
      const loss = trainEpoch(model, opt, d, order, epoch, transform);
      const testAccuracy = accuracy(model, d, test);
      post({
        type: 'progress',
        run: m.run,
        model: k,
        progress: { act: m.acts[k], epoch, epochs: m.epochs, loss, testAccuracy },
      });
      await nextTurn();
      if (state.run !== m.run) return;
    }
    pair.push(model);
  }
  state.models = [pair[0]!, pair[1]!];
  post({ type: 'trained', run: m.run, seconds: (performance.now() - started) / 1000 });
}

function attack(m: Extract<AdvToWorker, { type: 'attack' }>): void {
  const { digits: d, models } = state;
  if (!d || !models || m.run !== state.run) return;
  const started = performance.now();
  const index = TRAIN + m.digit;
  const views = models.map((model) => attackDigit(model, d, index, m.settings)) as [
    ReturnType<typeof attackDigit>,
    ReturnType<typeof attackDigit>,
  ];
  const clean = d.pixels.slice(index * PIXELS, (index + 1) * PIXELS);
  post(
    {
      type: 'attacked',
      id: m.id,
      digit: m.digit,
      label: d.labels[index]!,
      clean,
      models: views,
      ms: performance.now() - started,
    },
    [clean.buffer, ...views.flatMap((v) => [v.adv.buffer, v.clean.buffer, v.attacked.buffer])],
  );
}

async function curve(m: Extract<AdvToWorker, { type: 'curve' }>): Promise<void> {
  state.curve = m.id;
  const { digits: d, models } = state;
  if (!d || !models || m.run !== state.run) return;
  const started = performance.now();
  const index = testIndices(d).subarray(0, CURVE_DIGITS);
  const eps: number[] = [];
  const robust: [number[], number[]] = [[], []];
  for (const e of CURVE_EPS) {
    for (const k of [0, 1] as const) {
      robust[k].push(robustAccuracy(models[k], d, index, { ...m.settings, eps: e }));
      await nextTurn();
      if (state.curve !== m.id || state.run !== m.run) return;
    }
    eps.push(e);
    const done = eps.length === CURVE_EPS.length;
    post({
      type: 'curve',
      id: m.id,
      eps: [...eps],
      robust: [[...robust[0]], [...robust[1]]],
      done,
      ms: performance.now() - started,
    });
  }
}

function fail(run: number, e: unknown): void {
  post({ type: 'error', run, message: e instanceof Error ? e.message : String(e) });
}

const library = startLibrary(0).then((backend) => post({ type: 'ready', backend }));
scope.onmessage = (e) =>
  void library.then(async () => {
    const m = e.data;
    try {
      if (m.type === 'train') await train(m);
      else if (m.type === 'attack') attack(m);
      else await curve(m);
    } catch (err) {
      fail(m.run, err);
    }
  });
