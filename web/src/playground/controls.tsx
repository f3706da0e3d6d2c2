/** The playground's settings: data, network (per-layer width and activation), training and compare mode. */
import { activations } from '../lib.js';
import { featureDefs, featureNames } from '../data/features.js';
import { planarInfo, planarNames, planarSets, type PlanarName } from '../data/planar.js';
import {
  MAX_LAYERS,
  MAX_WIDTH,
  initNames,
  layerActivation,
  lossesFor,
  optimizerNames,
  regNames,
  type PlaygroundConfig,
} from '../state/playground.js';
import { Checkbox, NumberField, Select, Slider } from '../ui/field.js';

type Change = (patch: Partial<PlaygroundConfig>) => void;

const LOSS_LABELS: Record<string, string> = {
  cross_entropy: 'cross-entropy (softmax)',
  bce: 'binary cross-entropy (sigmoid)',
  mse: 'mean squared error',
  l1: 'L1 (mean absolute error)',
  huber: 'Huber',
};
const OPTIMIZER_LABELS: Record<string, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum 0.9',
  adam: 'Adam',
  adamw: 'AdamW',
  rmsprop: 'RMSprop',
};
const LEARNING_RATES = [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const BATCH_SIZES = [1, 4, 8, 10, 16, 32, 64, 128, 256];
const REG_RATES = [0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

/** Number choices, with the current value added when a link holds another one. */
const numberChoices = (values: readonly number[], current: number) =>
  [...new Set([...values, current])].sort((a, b) => a - b).map((v) => ({ value: String(v), label: String(v) }));

/** Activations a hidden layer can take: the registry's elementwise ones (dim-wise ones change the layer's width). */
export const layerActivationChoices = () =>
  activations.filter((s) => s.kind === 'elementwise').map((s) => ({ value: s.id, label: s.id }));

/** Per-layer activations, collapsed to one id when every layer has the same. */
function collapse(acts: string[]): string[] {
  return acts.every((a) => a === acts[0]) ? acts.slice(0, 1) : acts;
}

export function DataControls(props: { config: PlaygroundConfig; onChange: Change }) {
  const c = props.config;
  const info = planarInfo(c.dataset);
  const pick = (name: string) => {
    const next = planarInfo(name as PlanarName);
    const losses = lossesFor(next.kind, next.multiclass ? c.classes : 2);
    props.onChange({
      dataset: name as PlanarName,
      noise: next.defaultNoise,
      loss: losses.includes(c.loss) ? c.loss : losses[0]!,
    });
  };
  return (
    <section class="panel" aria-label="Data">
      <h3>Data</h3>
      <Select
        label="Dataset"
        value={c.dataset}
        choices={planarNames.map((n) => ({ value: n, label: planarSets[n].label }))}
        onChange={pick}
      />
      {info.multiclass && (
        <Select
          label="Classes"
          value={String(c.classes)}
          choices={[2, 3, 4, 5, 6].map((k) => ({ value: String(k), label: String(k) }))}
          onChange={(v) => {
            const classes = Number(v);
            const losses = lossesFor('classification', classes);
            props.onChange({ classes, loss: losses.includes(c.loss) ? c.loss : 'cross_entropy' });
          }}
        />
      )}
      <Slider
        label="Noise"
        value={c.noise}
        min={0}
        max={info.maxNoise}
        step={info.maxNoise / 100}
        onChange={(noise) => props.onChange({ noise })}
      />
      <Slider
        label="Points"
        value={c.points}
        min={100}
        max={4000}
        step={50}
        onChange={(points) => props.onChange({ points: Math.round(points) })}
      />
      <Slider
        label="Test data (%)"
        value={c.testPercent}
        min={5}
        max={90}
        step={5}
        onChange={(testPercent) => props.onChange({ testPercent: Math.round(testPercent) })}
      />
      <div class="row">
        <NumberField
          label="Data seed"
          value={c.dataSeed}
          min={0}
          step={1}
          onChange={(dataSeed) => props.onChange({ dataSeed: Math.max(0, Math.round(dataSeed)) })}
        />
        <button type="button" onClick={() => props.onChange({ dataSeed: c.dataSeed + 1 })}>
          New data
        </button>
      </div>
      <fieldset>
        <legend>Features</legend>
        <div class="features">
          {featureNames.map((f) => (
            <Checkbox
              key={f}
              label={featureDefs[f].label}
              name={`Feature ${featureDefs[f].label}`}
              checked={c.features.includes(f)}
              disabled={c.features.length === 1 && c.features.includes(f)}
              onChange={(on) =>
                props.onChange({ features: featureNames.filter((g) => (g === f ? on : c.features.includes(g))) })
              }
            />
          ))}
        </div>
      </fieldset>
      <Checkbox label="Show test data" checked={c.showTest} onChange={(showTest) => props.onChange({ showTest })} />
    </section>
  );
}

export function NetworkControls(props: { config: PlaygroundConfig; onChange: Change; disabled: boolean }) {
  const c = props.config;
  const acts = c.hidden.map((_, l) => layerActivation(c, l));
  const setLayer = (l: number, patch: { width?: number; act?: string }) => {
    const hidden = c.hidden.map((w, k) => (k === l && patch.width !== undefined ? patch.width : w));
    const next = acts.map((a, k) => (k === l && patch.act !== undefined ? patch.act : a));
    props.onChange({ hidden, acts: collapse(next.length ? next : c.acts) });
  };
  const choices = layerActivationChoices();
  return (
    <section class="panel" aria-label="Network">
      <h3>
        Network{' '}
        <span class="muted">
          {c.hidden.length} hidden layer{c.hidden.length === 1 ? '' : 's'}
        </span>
      </h3>
      {props.disabled && <p class="muted">Compare mode sets every layer's activation.</p>}
      <ol class="layers">
        {c.hidden.map((w, l) => (
          <li key={l}>
            <Select
              label={`Layer ${l + 1} units`}
              value={String(w)}
              choices={Array.from({ length: MAX_WIDTH }, (_, k) => ({ value: String(k + 1), label: String(k + 1) }))}
              onChange={(v) => setLayer(l, { width: Number(v) })}
            />
            <Select
              label={`Layer ${l + 1} activation`}
              value={acts[l]!}
              choices={choices}
              disabled={props.disabled}
              onChange={(act) => setLayer(l, { act })}
            />
          </li>
        ))}
      </ol>
      <div class="row">
        <button
          type="button"
          disabled={c.hidden.length >= MAX_LAYERS}
          onClick={() =>
            props.onChange({
              hidden: [...c.hidden, c.hidden.at(-1) ?? 4],
              acts: collapse([...acts, acts.at(-1) ?? c.acts[0] ?? 'relu']),
            })
          }
        >
          Add layer
        </button>
        <button
          type="button"
          disabled={c.hidden.length === 0}
          onClick={() =>
            props.onChange({
              hidden: c.hidden.slice(0, -1),
              acts: collapse(acts.length > 1 ? acts.slice(0, -1) : c.acts),
            })
          }
        >
          Remove layer
        </button>
      </div>
    </section>
  );
}

export function TrainingControls(props: {
  config: PlaygroundConfig;
  onChange: Change;
  kind: 'classification' | 'regression';
  classes: number;
}) {
  const c = props.config;
  return (
    <section class="panel" aria-label="Training">
      <h3>Training</h3>
      <Select
        label="Loss"
        value={c.loss}
        choices={lossesFor(props.kind, props.classes).map((l) => ({ value: l, label: LOSS_LABELS[l]! }))}
        onChange={(loss) => props.onChange({ loss: loss as PlaygroundConfig['loss'] })}
      />
      <Select
        label="Optimizer"
        value={c.optimizer}
        choices={optimizerNames.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o]! }))}
        onChange={(optimizer) => props.onChange({ optimizer: optimizer as PlaygroundConfig['optimizer'] })}
      />
      <Select
        label="Learning rate"
        value={String(c.lr)}
        choices={numberChoices(LEARNING_RATES, c.lr)}
        onChange={(v) => props.onChange({ lr: Number(v) })}
      />
      <Select
        label="Batch size"
        value={String(c.batchSize)}
        choices={numberChoices(BATCH_SIZES, c.batchSize)}
        onChange={(v) => props.onChange({ batchSize: Number(v) })}
      />
      <div class="row">
        <Select
          label="Regularisation"
          value={c.reg}
          choices={regNames.map((r) => ({ value: r, label: r === 'none' ? 'none' : r.toUpperCase() }))}
          onChange={(reg) => props.onChange({ reg: reg as PlaygroundConfig['reg'] })}
        />
        <Select
          label="Regularisation rate"
          value={String(c.regRate)}
          disabled={c.reg === 'none'}
          choices={numberChoices(REG_RATES, c.regRate)}
          onChange={(v) => props.onChange({ regRate: Number(v) })}
        />
      </div>
      <Select
        label="Init"
        value={c.init}
        choices={initNames.map((i) => ({ value: i, label: i }))}
        onChange={(init) => props.onChange({ init: init as PlaygroundConfig['init'] })}
      />
      <div class="row">
        <NumberField
          label="Seed"
          value={c.seed}
          min={0}
          step={1}
          onChange={(seed) => props.onChange({ seed: Math.max(0, Math.round(seed)) })}
        />
        <button type="button" onClick={() => props.onChange({ seed: c.seed + 1 })}>
          New weights
        </button>
      </div>
    </section>
  );
}

export function CompareControls(props: { config: PlaygroundConfig; onChange: Change }) {
  const c = props.config;
  const on = c.compare.length > 0;
  const choices = layerActivationChoices();
  const first = layerActivation(c, 0);
  return (
    <section class="panel" aria-label="Compare">
      <h3>Compare</h3>
      <Checkbox
        label="Compare activations side by side"
        checked={on}
        onChange={(v) => props.onChange({ compare: v ? [first, first === 'tanh' ? 'relu' : 'tanh'] : [] })}
      />
      {on && (
        <>
          <div class="compare-list">
            {c.compare.map((a, i) => (
              <div class="row" key={i}>
                <Select
                  label={`Compare activation ${i + 1}`}
                  value={a}
                  choices={choices}
                  onChange={(v) => props.onChange({ compare: c.compare.map((x, k) => (k === i ? v : x)) })}
                />
                {c.compare.length > 2 && (
                  <button
                    type="button"
                    aria-label={`Remove compare activation ${i + 1}`}
                    onClick={() => props.onChange({ compare: c.compare.filter((_, k) => k !== i) })}
                  >
                    ×
                  </button>
                )}
              </div>
            ))}
          </div>
          {c.compare.length < 4 && (
            <button
              type="button"
              onClick={() =>
                props.onChange({
                  compare: [...c.compare, choices.find((x) => !c.compare.includes(x.value))?.value ?? 'relu'],
                })
              }
            >
              Add activation
            </button>
          )}
        </>
      )}
    </section>
  );
}
