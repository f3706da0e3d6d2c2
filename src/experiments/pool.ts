/**
 * A small worker_threads pool: N workers, each taking the next task when it finishes one, so
 * slow and fast runs balance out. A task module exports `runTask(task, progress)`; tasks and
 * results are plain data (structured clone). Each worker imports the module once, so a dataset
 * it caches is loaded once per worker, not once per run.
 *
 * `workers: 0` runs the tasks one by one in this thread (tests, debugging, profiling).
 *
 * No oversubscription: each worker's WASM backend gets the cores the workers leave free as GEMM
 * helper threads (`ACTLAB_WASM_THREADS` = ⌊cores / workers⌋ − 1: none when the workers fill the
 * cores), unless the user set ACTLAB_WASM_THREADS, which is passed on as it is.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { importActivations } from '../activations/import.js';

/** What a task module exports. */
export interface TaskModule<T, R, P = unknown> {
  runTask(task: T, progress: (p: P) => void): R | Promise<R>;
}

export interface PoolOptions<R, P> {
  /** Worker threads (0: run in this thread). */
  workers: number;
  /** URL of the task module (compiled .js, or .ts when running from sources under tsx/vitest). */
  module: URL;
  /** Modules defining activations (the CLI's --import), loaded in each worker before the task module. */
  activationModules?: readonly string[];
  onStart?(index: number, worker: number): void;
  onProgress?(index: number, progress: P): void;
  /** Called as each task finishes, in finishing order. */
  onResult?(index: number, result: R): void;
}

type FromWorker<R, P> =
  | { type: 'progress'; id: number; progress: P }
  | { type: 'result'; id: number; result: R }
  | { type: 'error'; id: number; message: string; stack?: string };

/**
 * Runs every task and resolves to the results in task order. The first task that throws stops
 * the pool (workers are terminated) and rejects with its message.
 */
export async function runTasks<T, R, P = unknown>(tasks: readonly T[], options: PoolOptions<R, P>): Promise<R[]> {
  if (!Number.isInteger(options.workers) || options.workers < 0) {
    throw new RangeError(`runTasks: workers must be an integer ≥ 0, got ${options.workers}`);
  }
  return options.workers === 0 ? runInline(tasks, options) : runThreaded(tasks, options);
}

async function runInline<T, R, P>(tasks: readonly T[], options: PoolOptions<R, P>): Promise<R[]> {
  await importActivations(options.activationModules ?? []);
  const mod = (await import(options.module.href)) as TaskModule<T, R, P>;
  const results: R[] = [];
  for (let i = 0; i < tasks.length; i++) {
    options.onStart?.(i, 0);
    const r = await mod.runTask(tasks[i]!, (p) => options.onProgress?.(i, p));
    results.push(r);
    options.onResult?.(i, r);
  }
  return results;
}

function runThreaded<T, R, P>(tasks: readonly T[], options: PoolOptions<R, P>): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  const count = Math.min(options.workers, tasks.length);
  if (count === 0) return Promise.resolve(results);
  return new Promise<R[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(err);
    };
    const feed = (w: Worker, slot: number): void => {
      if (next >= tasks.length) {
        void w.terminate();
        return;
      }
      const id = next++;
      options.onStart?.(id, slot);
      w.postMessage({ type: 'task', id, task: tasks[id] });
    };
    const env = workerEnv(count);
    for (let slot = 0; slot < count; slot++) {
      const w = spawnWorker(options.module, env, options.activationModules ?? []);
      workers.push(w);
      w.on('message', (msg: FromWorker<R, P>) => {
        if (failed) return;
        if (msg.type === 'progress') options.onProgress?.(msg.id, msg.progress);
        else if (msg.type === 'error') fail(new Error(msg.message));
        else {
          results[msg.id] = msg.result;
          try {
            options.onResult?.(msg.id, msg.result);
          } catch (err) {
            fail(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (++done === tasks.length) {
            stopAll();
            resolve(results);
          } else feed(w, slot);
        }
      });
      w.on('error', (err) => fail(err));
      w.on('exit', (code) => {
        if (!failed && done < tasks.length && code !== 0 && code !== 1)
          fail(new Error(`worker ${slot} exited with code ${code}`));
      });
      feed(w, slot);
    }
  });
}

/** The environment of `workers` pool workers: their share of the cores as GEMM helper threads. */
export function workerEnv(workers: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.ACTLAB_WASM_THREADS?.trim()) return env;
  const helpers = Math.max(0, Math.floor(availableParallelism() / workers) - 1);
  return { ...env, ACTLAB_WASM_THREADS: String(helpers) };
}

/**
 * Starts a worker on the compiled `worker.js` beside this file. From TypeScript sources (tests)
 * Node 20 cannot load a `.ts` worker directly, so a tiny boot script registers tsx first.
 */
function spawnWorker(module: URL, env: NodeJS.ProcessEnv, activationModules: readonly string[]): Worker {
  const workerData = { module: module.href, activationModules };
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData, env });
  // tsx's CJS build of `tsx/esm/api` resolves its hooks to a wrong path, so import the ESM build
  // (from tsx's package folder: an eval'd worker resolves bare names from the cwd, not from here).
  const tsxPkg = createRequire(here).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPkg), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData, env });
}
