/**
 * Entry of a pool worker (see pool.ts): imports the task module named in workerData once, then
 * runs the tasks the pool sends, one at a time, posting progress, the result, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskModule } from './pool.js';
// Each worker is its own JS realm: select the float32 backend (WASM SIMD where available) here too.
import '../backend/default.js';
import { importActivations } from '../activations/import.js';

const port = parentPort;
if (!port) throw new Error('experiments/worker: must run as a worker thread');
const { module, activationModules } = workerData as { module: string; activationModules: string[] };
// A worker has its own registry: the user's activations (--import) are registered here too.
await importActivations(activationModules);
const mod = (await import(module)) as TaskModule<unknown, unknown>;

port.on('message', (msg: { type: 'task'; id: number; task: unknown }) => {
  void (async () => {
    try {
      const result = await mod.runTask(msg.task, (progress) =>
        port.postMessage({ type: 'progress', id: msg.id, progress }),
      );
      port.postMessage({ type: 'result', id: msg.id, result });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ type: 'error', id: msg.id, message: e.message, stack: e.stack });
    }
  })();
});
