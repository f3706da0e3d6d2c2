/** The lab's frame: tabs for the views, the backend line, link problems, and the active view. */
import type { LinkProblem } from './state/codec.js';
import { viewNames, type LabState, type ViewName } from './state/lab.js';
import type { Store } from './state/store.js';
import { BackendLine } from './ui/backend-line.js';
import { Explorer, findSpec } from './explorer/explorer.js';
import { Playground } from './playground/playground.js';
import { Adversarial } from './adversarial/adversarial.js';
import { cliLine } from './state/cli-line.js';
import { CliBox } from './ui/cli-box.js';
import { useStore } from './ui/use-store.js';
import type { LabRuntime } from './runtime.js';
import { builtinActivations } from './lib.js';

const TITLES: Record<ViewName, string> = { explorer: 'Explorer', playground: 'Playground', adversarial: 'Adversarial' };

/** Components that follow the runtime on their own, so a training step does not re-render the app. */
function PageBackend(props: { runtime: LabRuntime }) {
  return <BackendLine label="page engine" backend={useStore(props.runtime.status).page} />;
}

function CliLine(props: { state: LabState; runtime: LabRuntime }) {
  const { steps } = useStore(props.runtime.status);
  const kinds = {
    isElementwise: (id: string) => findSpec(id)?.kind === 'elementwise',
    isBuiltin: (id: string) => builtinActivations.some((s) => s.id === id),
  };
  return <CliBox line={cliLine(props.state, steps, kinds)} />;
}

export function App(props: { store: Store<LabState>; runtime: LabRuntime; problems: LinkProblem[] }) {
  const state = useStore(props.store);
  const setView = (view: ViewName) => props.store.set((s) => ({ ...s, view }));
  return (
    <div class="app">
      <header class="top">
        <h1>
          actlab <span class="muted">lab</span>
        </h1>
        <nav role="tablist" aria-label="Views">
          {viewNames.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              id={`tab-${v}`}
              aria-selected={state.view === v}
              aria-controls="view"
              onClick={() => setView(v)}
            >
              {TITLES[v]}
            </button>
          ))}
        </nav>
        <PageBackend runtime={props.runtime} />
      </header>
      {props.problems.length > 0 && (
        <p class="error banner" role="alert">
          This link holds values the lab cannot use; defaults were taken for:{' '}
          {props.problems.map((p) => `${p.key}=${p.text} (${p.allowed})`).join('; ')}
        </p>
      )}
      <div id="view" role="tabpanel" aria-labelledby={`tab-${state.view}`}>
        {state.view === 'explorer' && (
          <Explorer
            runtime={props.runtime}
            config={state.explorer}
            onChange={(patch) => props.store.set((s) => ({ ...s, explorer: { ...s.explorer, ...patch } }))}
          />
        )}
        {state.view === 'playground' && (
          <Playground
            config={state.playground}
            runtime={props.runtime}
            onChange={(patch) => props.store.set((s) => ({ ...s, playground: { ...s.playground, ...patch } }))}
          />
        )}
        {state.view === 'adversarial' && (
          <Adversarial
            config={state.adversarial}
            onChange={(patch) => props.store.set((s) => ({ ...s, adversarial: { ...s.adversarial, ...patch } }))}
          />
        )}
        <CliLine state={state} runtime={props.runtime} />
      </div>
      <footer class="muted">
        actlab runs in this page: every curve, property and network here is the library itself, not a server.
      </footer>
    </div>
  );
}
