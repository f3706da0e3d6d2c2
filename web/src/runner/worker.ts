/** The training worker's entry: the library loads here, off the page's thread. */
import type { FromWorker, ToWorker } from './protocol.js';
import { startLibrary } from './backend.js';
import { TrainingLoop } from './loop.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/**
 * Runs callbacks as soon as pending messages have been handled: a MessageChannel posting to
 * itself, without setTimeout's 4 ms clamp between training slices.
 */
function yieldingScheduler(): (fn: () => void) => void {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}

const scope = self as unknown as WorkerScope;
const loop = new TrainingLoop((m, transfer) => scope.postMessage(m, transfer ?? []), yieldingScheduler());
// No helper threads: the playground's matrix products (≤ 16 × 16 × batch) are far below the size
// the library splits, and compare mode already runs up to four of these workers.
const library = startLibrary(0).then((backend) => {
  scope.postMessage({ type: 'ready', backend });
});
// Messages wait for the library, in order: a run starts on the backend it will train on.
scope.onmessage = (e) => void library.then(() => loop.handle(e.data));
