/**
 * The adversarial demo: two MNIST MLPs that differ only in their activation (ReLU and a smooth
 * one by default), trained in a Web Worker when the view opens; FGSM or PGD on a test digit with
 * an ε slider, showing the perturbation, the adversarial digit and the probabilities before and
 * after for both models side by side, and robust accuracy against ε over 200 test digits.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { MAX_EPS, TEST_DIGITS, attackNames, type AdversarialConfig } from '../state/adversarial.js';
import { layerActivationChoices } from '../playground/controls.js';
import { BackendLine } from '../ui/backend-line.js';
import { Chart } from '../ui/chart.js';
import { NumberField, Select, Slider } from '../ui/field.js';
import { seriesColor } from '../ui/palette.js';
import { useStore } from '../ui/use-store.js';
import { CURVE_DIGITS, type AttackSettings } from './engine.js';
import { HIDDEN } from './models.js';
import { digitRgba, perturbation, perturbationRgba, topClass } from './pictures.js';
import { ImageBox, ProbBars } from './pictures-view.js';
import type { ModelProgress } from './protocol.js';
import { AdversarialSession, type AdvSessionState, type CurveResult, type DigitResult } from './session.js';

type Change = (patch: Partial<AdversarialConfig>) => void;

const settingsOf = (c: AdversarialConfig): AttackSettings => ({
  attack: c.attack,
  eps: c.eps,
  steps: c.steps,
  alpha: c.alpha,
  seed: c.seed,
});

/** A typed value brought into the range the URL accepts (adversarialSchema), so every state has a link. */
const clampInt = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(v)));

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

function Controls(props: { config: AdversarialConfig; onChange: Change }) {
  const c = props.config;
  const acts = layerActivationChoices();
  const digit = (d: number) => props.onChange({ digit: ((d % TEST_DIGITS) + TEST_DIGITS) % TEST_DIGITS });
  return (
    <aside class="controls" aria-label="Adversarial controls">
      <section class="panel">
        <h3>Models</h3>
        <p class="muted">
          784-{HIDDEN}-10 MLPs, the same seed and schedule (Adam 0.003, batch 64), on 2,500 MNIST digits; adversarial
          training (both models) trains on FGSM digits with a random start.
        </p>
        <Select
          label="Model A activation"
          value={c.actA}
          choices={acts}
          onChange={(actA) => props.onChange({ actA })}
        />
        <Select
          label="Model B activation"
          value={c.actB}
          choices={acts}
          onChange={(actB) => props.onChange({ actB })}
        />
        <NumberField
          label="Epochs"
          value={c.epochs}
          min={1}
          max={30}
          step={1}
          onChange={(epochs) => props.onChange({ epochs: clampInt(epochs, 1, 30) })}
        />
        <NumberField
          label="Seed"
          value={c.seed}
          min={0}
          step={1}
          onChange={(seed) => props.onChange({ seed: clampInt(seed, 0, 2 ** 31) })}
        />
        <NumberField
          label="Adversarial training ε (FGSM, 0: off)"
          value={c.trainEps}
          min={0}
          max={MAX_EPS}
          step={0.05}
          onChange={(trainEps) => props.onChange({ trainEps: Math.min(MAX_EPS, Math.max(0, trainEps)) })}
        />
      </section>
      <section class="panel">
        <h3>Attack</h3>
        <Select
          label="Attack"
          value={c.attack}
          choices={attackNames.map((a) => ({
            value: a,
            label: a === 'fgsm' ? 'FGSM (one step)' : 'PGD (L∞, random start)',
          }))}
          onChange={(attack) => props.onChange({ attack: attack as AdversarialConfig['attack'] })}
        />
        <Slider
          label="ε (L∞, pixel units)"
          value={c.eps}
          min={0}
          max={MAX_EPS}
          step={0.005}
          onChange={(eps) => props.onChange({ eps: Math.min(MAX_EPS, Math.max(0, eps)) })}
        />
        {c.attack === 'pgd' && (
          <>
            <Slider
              label="PGD steps"
              value={c.steps}
              min={1}
              max={100}
              step={1}
              onChange={(steps) => props.onChange({ steps: clampInt(steps, 1, 100) })}
            />
            <NumberField
              label="PGD step size α (0: 2.5·ε/steps)"
              value={c.alpha}
              min={0}
              max={MAX_EPS}
              step={0.001}
              onChange={(alpha) => props.onChange({ alpha: Math.min(MAX_EPS, Math.max(0, alpha)) })}
            />
          </>
        )}
      </section>
      <section class="panel">
        <h3>Digit</h3>
        <NumberField
          label={`Test digit (0–${TEST_DIGITS - 1})`}
          value={c.digit}
          min={0}
          max={TEST_DIGITS - 1}
          step={1}
          onChange={(d) => digit(Math.round(d))}
        />
        <div class="row">
          <button type="button" onClick={() => digit(c.digit - 1)}>
            Previous digit
          </button>
          <button type="button" onClick={() => digit(c.digit + 1)}>
            Next digit
          </button>
          <button type="button" onClick={() => digit(Math.floor(Math.random() * TEST_DIGITS))}>
            Random digit
          </button>
        </div>
      </section>
    </aside>
  );
}

function TrainingStatus(props: { state: AdvSessionState; acts: [string, string] }) {
  const { state } = props;
  const line = (p: ModelProgress | null, act: string) =>
    p
      ? `${act}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}, test accuracy ${pct(p.testAccuracy)}`
      : `${act}: waiting`;
  return (
    <div
      class="toolbar"
      role="status"
      aria-label="Training"
      data-trained={state.trainedIn !== null}
      data-seconds={state.trainedIn ?? ''}
    >
      <span>
        {state.trainedIn === null
          ? state.progress[0]
            ? 'Training… '
            : 'Loading digits… '
          : `Trained in ${state.trainedIn.toFixed(1)} s. `}
        {state.progress[0] && (
          <span class="muted">{props.acts.map((a, k) => line(state.progress[k as 0 | 1], a)).join(' · ')}</span>
        )}
      </span>
      <BackendLine label="worker engine" backend={state.backend} />
    </div>
  );
}

function ModelCard(props: { index: 0 | 1; act: string; state: AdvSessionState; result: DigitResult }) {
  const { result, act } = props;
  const view = result.models[props.index];
  const delta = useMemo(() => perturbation(result.clean, view.adv), [result]);
  const pictures = useMemo(() => ({ delta: perturbationRgba(delta), adv: digitRgba(view.adv) }), [delta]);
  const before = topClass(view.clean);
  const after = topClass(view.attacked);
  const fooled = before.label === result.label && after.label !== result.label;
  const accuracy = props.state.progress[props.index]?.testAccuracy;
  const s = result.settings;
  return (
    <section
      class="panel adv-model"
      aria-label={`Model ${act}`}
      data-act={act}
      data-label={result.label}
      data-clean-pred={before.label}
      data-adv-pred={after.label}
      data-eps={s.eps}
      data-attack={s.attack}
      data-digit={result.digit}
    >
      <h3>
        Model {props.index === 0 ? 'A' : 'B'}: {act}
        {accuracy !== undefined && <span class="muted"> · test accuracy {pct(accuracy)}</span>}
      </h3>
      <div class="digits">
        <ImageBox
          rgba={pictures.delta}
          label={`Perturbation against ${act}, scaled by 1/max|δ|`}
          caption={delta.linf === 0 ? 'δ = 0' : `δ ÷ ${delta.linf.toFixed(3)} (‖δ‖₂ ${delta.l2.toFixed(2)})`}
        />
        <ImageBox rgba={pictures.adv} label={`Adversarial digit against ${act}`} caption="x + δ" />
      </div>
      <p class={fooled ? 'verdict fooled' : 'verdict'}>
        clean: <strong>{before.label}</strong> ({pct(before.p)}) → attacked: <strong>{after.label}</strong> (
        {pct(after.p)}){fooled ? ' — fooled' : before.label !== result.label ? ' — wrong already' : ' — holds'}
      </p>
      <p class="muted prob-legend">
        <span class="swatch clean" /> clean <span class="swatch attacked" /> attacked{' '}
        <span class="swatch attacked best" /> its top class; the true class in bold
      </p>
      <ProbBars clean={view.clean} attacked={view.attacked} label={result.label} name={act} />
    </section>
  );
}

function CurveChart(props: { curve: CurveResult | null; acts: [string, string]; attack: string }) {
  const key = props.acts.join(',');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false, range: [0, MAX_EPS] }, y: { range: [0, 1] } },
      axes: [{ label: 'ε (L∞, pixel units)' }, { label: 'robust accuracy', size: 50 }],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: 'ε' },
        ...props.acts.map((a, i) => ({
          label: `${'AB'[i]}: ${a}`,
          stroke: seriesColor(i),
          width: 2,
          points: { show: true, size: 5 },
        })),
      ],
    }),
    [key],
  );
  const c = props.curve;
  const data: uPlot.AlignedData = c ? [c.eps, c.robust[0], c.robust[1]] : [[], [], []];
  return (
    <section
      class="panel"
      aria-label="Robust accuracy"
      data-done={c?.done ?? false}
      data-points={c?.eps.length ?? 0}
      data-ms={c?.ms ?? 0}
    >
      <h3>Robust accuracy against ε</h3>
      <p class="muted">
        {props.attack.toUpperCase()} on the first {CURVE_DIGITS} test digits, at every ε from 0 to {MAX_EPS} in steps of
        0.025 (at ε = 0: the clean accuracy).{' '}
        {c && (c.done ? `Computed in ${(c.ms / 1000).toFixed(1)} s.` : `Computing… ${c.eps.length} of 13 ε values.`)}
      </p>
      <Chart
        options={options}
        data={data}
        height={220}
        label={`Robust accuracy against epsilon for ${props.acts.join(' and ')}`}
      />
    </section>
  );
}

export function Adversarial(props: { config: AdversarialConfig; onChange: Change }) {
  const c = props.config;
  const session = useMemo(() => new AdversarialSession(), []);
  useEffect(() => () => session.dispose(), [session]);
  const state = useStore(session.state);
  const acts: [string, string] = [c.actA, c.actB];
  const trained = state.trainedIn !== null;
  useEffect(
    () => session.train([c.actA, c.actB], c.epochs, c.trainEps, c.seed),
    [c.actA, c.actB, c.epochs, c.trainEps, c.seed],
  );
  useEffect(() => {
    if (trained) session.attack(c.digit, settingsOf(c));
  }, [trained, state.run, c.digit, c.attack, c.eps, c.steps, c.alpha, c.seed]);
  useEffect(() => {
    if (trained) session.curve({ attack: c.attack, steps: c.steps, alpha: c.alpha, seed: c.seed });
  }, [trained, state.run, c.attack, c.steps, c.alpha, c.seed]);
  const r = state.result;
  const cleanRgba = useMemo(() => r && digitRgba(r.clean), [r]);
  return (
    <div class="adversarial layout">
      <Controls config={c} onChange={props.onChange} />
      <main class="content">
        <TrainingStatus state={state} acts={acts} />
        {state.error && (
          <p class="error" role="alert">
            The demo stopped: {state.error}
          </p>
        )}
        {r ? (
          <>
            <section
              class="panel adv-digit"
              aria-label="Digit"
              data-busy={state.attacking}
              data-ms={r.ms}
              data-attack={r.settings.attack}
              data-digit={r.digit}
            >
              <ImageBox
                rgba={cleanRgba ?? digitRgba(r.clean)}
                label={`Test digit ${r.digit}, a ${r.label}`}
                caption={`test digit ${r.digit}: a ${r.label}`}
              />
              <p class="muted">
                {r.settings.attack === 'fgsm' ? 'FGSM' : `PGD-${r.settings.steps}`} at ε = {r.settings.eps}: each pixel
                moves by at most ε. The perturbation is shown divided by its largest |δ| (blue: ink added, orange: ink
                removed). {`Both attacks took ${r.ms.toFixed(0)} ms in the worker.`}
              </p>
            </section>
            <div class="grid2">
              <ModelCard index={0} act={acts[0]} state={state} result={r} />
              <ModelCard index={1} act={acts[1]} state={state} result={r} />
            </div>
          </>
        ) : (
          <section class="panel" aria-label="Digit">
            <p class="muted">The models train in a worker when the view opens (a few seconds); the attack follows.</p>
          </section>
        )}
        <CurveChart curve={state.curve} acts={acts} attack={c.attack === 'fgsm' ? 'fgsm' : `pgd-${c.steps}`} />
      </main>
    </div>
  );
}
