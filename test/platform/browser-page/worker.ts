// The library in a module Web Worker (where the web lab trains): probe, then post the result.
import { probe } from './probe.js';

const self = globalThis as unknown as { postMessage(message: unknown): void };
probe('worker').then(
  (result) => self.postMessage({ result }),
  (e: unknown) => self.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
