// The test page: probes the bundled library on the page's main thread, then in a module Web
// Worker, and leaves both results (or errors) in `globalThis.__actlab` for the test to read.
import { probe } from './probe.js';

interface WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}
const { Worker } = globalThis as unknown as {
  Worker: new (url: URL, options: { type: 'module' }) => WorkerLike;
};

const out: { page?: unknown; worker?: unknown; error?: string } = {};
try {
  out.page = await probe('page');
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  out.worker = await new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (e) => resolve({ error: `worker failed: ${e.message ?? 'unknown error'}` });
  });
} catch (e) {
  out.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
}
(globalThis as { __actlab?: unknown }).__actlab = out;
