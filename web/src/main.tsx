/** Entry: reads the state from the URL, keeps the URL in step with it, and renders the lab. */
import { render } from 'preact';
import { App } from './app.js';
import { labUrlSearch, readLabUrl } from './state/lab.js';
import { Store } from './state/store.js';
import { LabRuntime } from './runtime.js';
import { startLibrary } from './runner/backend.js';
import './styles.css';

const { state, problems } = readLabUrl(location.search);
const runtime = new LabRuntime();
// A custom activation in the link is registered before the first render, so the views find it.
const custom = state.explorer;
if (custom.customId !== '') {
  try {
    runtime.define({ id: custom.customId, f: custom.customF, df: custom.customDf });
  } catch (e) {
    problems.push({ key: 'cid', text: custom.customId, allowed: (e as Error).message });
  }
}
const store = new Store(state);

store.subscribe((s) => {
  const search = labUrlSearch(s);
  if (search === location.search) return;
  // A new view is a new history entry; moving a slider is not.
  const sameView = new URLSearchParams(location.search).get('view') === s.view;
  if (sameView) history.replaceState(null, '', search);
  else history.pushState(null, '', search);
});
addEventListener('popstate', () => store.set(readLabUrl(location.search).state));

// The page itself multiplies no large matrices (training runs in workers): no helper threads.
void startLibrary(0).then((page) => runtime.status.set((s) => ({ ...s, page })));
render(<App store={store} runtime={runtime} problems={problems} />, document.getElementById('app')!);
