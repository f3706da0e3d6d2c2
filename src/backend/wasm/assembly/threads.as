// Helper threads. A worker (see ../threads.ts) instantiates this module on the same shared
// memory and calls gemm_worker, which blocks in memory.atomic.wait until the main thread posts a
// job, runs its share, and signals completion.
//
// Control block (i32 words at ctrl, written by the main thread before bumping SEQ):
//   SEQ = 0: job counter (bumped with Atomics.add, then Atomics.notify)
//   DONE = 1: workers finished with the current job (atomic.add by each worker)
//   STOP = 2: non-zero asks the workers to return
//   3..11: GEMM: pa, pb, pc, m, n, k, transA, transB, accumulate
//   TASK = 13: 0 for a GEMM; otherwise the address of a conv job's argument block (conv.as),
//              whose part worker + 1 this worker runs (the calling thread runs part 0)
//   16 + 2w, 17 + 2w: GEMM rows [m0, m1) of worker w
// Pointers are stored as u32 (memories up to 4 GiB).
import { gemm_rows } from "./gemm";
import { conv_run } from "./conv";

/** Word index of the task address (0: a GEMM job). */
export const THREAD_TASK_WORD: i32 = 13;

/** Worker loop: returns when STOP is set. `seen` is SEQ when the worker was created. */
export function gemm_worker(ctrl: usize, worker: i32, workspace: usize, seen: i32): void {
  while (true) {
    atomic.wait<i32>(ctrl, seen, -1);
    if (atomic.load<i32>(ctrl, 8) != 0) return;
    const seq = atomic.load<i32>(ctrl);
    if (seq == seen) continue; // spurious wake-up
    seen = seq;
    const task = <usize>load<u32>(ctrl, THREAD_TASK_WORD * 4);
    if (task != 0) {
      conv_run(task, worker + 1, workspace);
    } else {
      const slot = ctrl + 64 + (<usize>worker << 3);
      gemm_rows(
        load<u32>(ctrl, 12), load<u32>(ctrl, 16), load<u32>(ctrl, 20),
        load<i32>(ctrl, 24), load<i32>(ctrl, 28), load<i32>(ctrl, 32),
        load<i32>(ctrl, 36), load<i32>(ctrl, 40), load<i32>(ctrl, 44),
        workspace, load<i32>(slot), load<i32>(slot, 4),
      );
    }
    atomic.add<i32>(ctrl + 4, 1);
    atomic.notify(ctrl + 4);
  }
}
