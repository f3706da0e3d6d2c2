/**
 * What the page knows about the running library, as one explicit state object shared by the
 * views: the page's backend, the playground's step count (for the CLI line), and the custom
 * activations defined in the page.
 */
import { Store } from './state/store.js';
import type { BackendReport } from './runner/backend.js';
import { defineCustom, type CustomDefinition, type DefinedActivation } from './explorer/custom.js';

export interface RuntimeStatus {
  page: BackendReport | null;
  /** Steps of the playground's current run. */
  steps: number;
}

export class LabRuntime {
  readonly status = new Store<RuntimeStatus>({ page: null, steps: 0 });
  /** Activations defined in this page, sent to the training workers (each has its own registry). */
  readonly customs = new Store<CustomDefinition[]>([]);

  /** Defines, registers and gradchecks a custom activation; remembers it for the workers. */
  define(d: CustomDefinition): DefinedActivation {
    const defined = defineCustom(d);
    this.customs.set((all) => [...all.filter((c) => c.id !== d.id), d]);
    return defined;
  }
}
