/**
 * The playground: TensorFlow Playground's loop on actlab — pick data, features and a network,
 * press play, watch the decision boundary, every unit, the losses, dead units and gradient norms
 * while a Web Worker trains it; or train the same network under 2–4 activations side by side.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { planarInfo } from '../data/planar.js';
import type { PlaygroundConfig } from '../state/playground.js';
import type { LabRuntime } from '../runtime.js';
import { BackendLine } from '../ui/backend-line.js';
import { useStore } from '../ui/use-store.js';
import { CompareControls, DataControls, NetworkControls, TrainingControls } from './controls.js';
import { NetworkView } from './network-view.js';
import { DeadUnits, GradNorms, LossChart, Metrics } from './panels.js';
import { Plane } from './plane.js';
import { PlaygroundSession, type RunState } from './session.js';
import type { CustomDefinition } from '../explorer/custom.js';

/** Fields that apply to a running network; every other change starts a new run (as TF Playground). */
const LIVE_FIELDS: readonly (keyof PlaygroundConfig)[] = ['lr', 'showTest'];

function Diverged(props: { run: RunState }) {
  const d = props.run.diverged;
  if (!d && !props.run.error) return null;
  return (
    <p class="error" role="alert">
      {d ? (
        <>
          <strong>Diverged at step {d.step} — lower the learning rate.</strong>{' '}
          <span class="muted">First non-finite value: {d.where}.</span>
        </>
      ) : (
        <>Training stopped: {props.run.error}</>
      )}
    </p>
  );
}

function RunCard(props: { run: RunState; config: PlaygroundConfig; index: number; compare: boolean }) {
  const { run, config } = props;
  const s = run.snapshot;
  const title = props.compare ? run.act : 'Output';
  return (
    <section
      class={props.compare ? 'panel run compare-run' : 'panel run'}
      aria-label={props.compare ? `Run ${run.act}` : 'Output'}
    >
      <h3>{title}</h3>
      {run.split && run.extent ? (
        <Plane
          split={run.split}
          extent={run.extent}
          values={s && { grid: s.grid, confidence: s.confidence, gridSize: s.gridSize }}
          showTest={config.showTest}
          label={`${run.split.kind === 'regression' ? 'Regression surface' : 'Decision boundary'}${props.compare ? ` of ${run.act}` : ''} with ${config.showTest ? 'train and test' : 'train'} points`}
        />
      ) : (
        <div class="plane placeholder" />
      )}
      <Diverged run={run} />
      <Metrics run={run} />
      <div class={props.compare ? 'stack' : 'grid2'}>
        <DeadUnits run={run} />
        <GradNorms run={run} />
      </div>
    </section>
  );
}

function Toolbar(props: { session: PlaygroundSession; config: PlaygroundConfig; customs: CustomDefinition[] }) {
  const { session } = props;
  const state = useStore(session.state);
  const stepsPerSecond = state.runs.reduce((a, r) => a + r.stepsPerSecond, 0);
  return (
    <div class="toolbar" role="toolbar" aria-label="Training">
      {state.playing ? (
        <button type="button" class="primary" onClick={() => session.pause()}>
          Pause
        </button>
      ) : (
        <button type="button" class="primary" onClick={() => session.play()}>
          Play
        </button>
      )}
      <button type="button" onClick={() => session.step()}>
        Step
      </button>
      <button type="button" onClick={() => session.configure(props.config, props.customs)}>
        Reset
      </button>
      <span class="rate" data-steps-per-second={stepsPerSecond.toFixed(0)} data-fps={state.pageFps}>
        {state.playing
          ? `${stepsPerSecond.toFixed(0)} steps/s · ${state.snapshotsPerSecond} snapshots/s · page ${state.pageFps} fps`
          : 'paused'}
      </span>
      <BackendLine label="worker engine" backend={state.runs[0]?.backend ?? null} />
    </div>
  );
}

/** The parts that change with every snapshot; they follow the session's store on their own. */
function Runs(props: {
  session: PlaygroundSession;
  config: PlaygroundConfig;
  runtime: LabRuntime;
  networkControls: ComponentChildren;
}) {
  const c = props.config;
  const state = useStore(props.session.state);
  const first = state.runs[0];
  const step = first?.snapshot?.step ?? 0;
  const epoch = first?.snapshot?.epoch ?? 0;
  // The CLI line counts epochs: updated per epoch and on pause, not per snapshot.
  useEffect(() => props.runtime.status.set((r) => ({ ...r, steps: step })), [epoch, state.playing]);
  const kind = planarInfo(c.dataset).kind;
  return (
    <>
      {c.compare.length > 0 ? (
        <div class="compare-grid">
          {state.runs.map((r, i) => (
            <RunCard key={`${i}-${r.act}`} run={r} config={c} index={i} compare />
          ))}
        </div>
      ) : (
        <div class="single">
          <section class="panel" aria-label="Network view">
            {props.networkControls}
            <NetworkView
              snapshot={first?.snapshot ?? null}
              extent={first?.extent ?? null}
              features={c.features}
              hidden={c.hidden}
              acts={c.acts}
              kind={kind}
            />
            {first && <p class="muted">{first.parameters.toLocaleString('en')} parameters</p>}
          </section>
          {first && <RunCard run={first} config={c} index={0} compare={false} />}
        </div>
      )}
      <section class="panel" aria-label="Loss curves">
        <h3>Loss</h3>
        <LossChart runs={state.runs} />
      </section>
    </>
  );
}

export function Playground(props: {
  config: PlaygroundConfig;
  runtime: LabRuntime;
  onChange(patch: Partial<PlaygroundConfig>): void;
}) {
  const c = props.config;
  const session = useMemo(() => new PlaygroundSession(), []);
  useEffect(() => () => session.dispose(), [session]);
  const structural = JSON.stringify(
    Object.entries(c).filter(([k]) => !LIVE_FIELDS.includes(k as keyof PlaygroundConfig)),
  );
  useEffect(() => session.configure(c, props.runtime.customs.value), [structural]);
  useEffect(() => session.setLearningRate(c.lr), [c.lr]);
  const info = planarInfo(c.dataset);
  // One element per configuration: Preact skips an unchanged element, so snapshots do not re-render the controls.
  const networkControls = useMemo(
    () => <NetworkControls config={c} onChange={props.onChange} disabled={c.compare.length > 0} />,
    [c],
  );
  return (
    <div class="playground layout">
      <aside class="controls" aria-label="Playground controls">
        <DataControls config={c} onChange={props.onChange} />
        <TrainingControls
          config={c}
          onChange={props.onChange}
          kind={info.kind}
          classes={info.multiclass ? c.classes : 2}
        />
      </aside>
      <main class="content">
        <Toolbar session={session} config={c} customs={props.runtime.customs.value} />
        <Runs
          session={session}
          config={c}
          runtime={props.runtime}
          networkControls={c.compare.length > 0 ? null : networkControls}
        />
        {c.compare.length > 0 && networkControls}
        <CompareControls config={c} onChange={props.onChange} />
      </main>
    </div>
  );
}
