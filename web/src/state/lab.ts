/**
 * The whole lab's state — which view, and each view's configuration — and its URL form. The
 * URL holds the view and that view's fields only (all of them, defaults included), so a link
 * reproduces what its sender saw; the other views keep their state in memory.
 */
import { defaultsOf, readSchema, writeSchema, type LinkProblem, type Schema } from './codec.js';
import { explorerSchema, type ExplorerConfig } from './explorer.js';
import { playgroundSchema, type PlaygroundConfig } from './playground.js';
import { adversarialSchema, type AdversarialConfig } from './adversarial.js';

export const viewNames = ['explorer', 'playground', 'adversarial'] as const;
export type ViewName = (typeof viewNames)[number];

export interface LabState {
  view: ViewName;
  explorer: ExplorerConfig;
  playground: PlaygroundConfig;
  adversarial: AdversarialConfig;
}

const schemas: { [V in ViewName]: Schema<LabState[V]> } = {
  explorer: explorerSchema,
  playground: playgroundSchema,
  adversarial: adversarialSchema,
};

export function defaultLabState(view: ViewName = 'explorer'): LabState {
  return {
    view,
    explorer: defaultsOf(explorerSchema),
    playground: defaultsOf(playgroundSchema),
    adversarial: defaultsOf(adversarialSchema),
  };
}

/** Reads a `?view=…&…` query; unreadable fields keep their defaults and are reported. */
export function readLabUrl(search: string): { state: LabState; problems: LinkProblem[] } {
  const params = new URLSearchParams(search);
  const rawView = params.get('view') ?? 'explorer';
  const view = (viewNames as readonly string[]).includes(rawView) ? (rawView as ViewName) : 'explorer';
  const problems: LinkProblem[] =
    view === rawView ? [] : [{ key: 'view', text: rawView, allowed: `one of ${viewNames.join(', ')}` }];
  const state = defaultLabState(view);
  const read = <V extends ViewName>(v: V): void => {
    const r = readSchema(schemas[v], params);
    state[v] = r.value;
    problems.push(...r.problems);
  };
  read(view);
  return { state, problems };
}

/** The query string (with its `?`) of a state: the view and all of its fields. */
export function labUrlSearch(state: LabState): string {
  const params = new URLSearchParams({ view: state.view });
  const write = <V extends ViewName>(v: V): void => writeSchema(schemas[v], state[v], params);
  write(state.view);
  return `?${params.toString()}`;
}
