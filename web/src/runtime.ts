/**
 * What the page knows about the running library, as one explicit state object shared by the
 * views: the page's backend, and the playground's step count (for the CLI line).
 */
import { Store } from './state/store.js';
import type { BackendReport } from './runner/backend.js';

export interface RuntimeStatus {
  page: BackendReport | null;
  /** Steps of the playground's current run. */
  steps: number;
}

export class LabRuntime {
  readonly status = new Store<RuntimeStatus>({ page: null, steps: 0 });
}
