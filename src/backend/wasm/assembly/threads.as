// GEMM helper threads. A worker (a Node worker_thread, see ../threads.ts) instantiates this
// module on the same shared memory and calls gemm_worker, which blocks in memory.atomic.wait
// until the main thread posts a job, runs its share of the rows, and signals completion.
//
// Control block (i32 words at ctrl, written by the main thread before bumping SEQ):
//   SEQ = 0: job counter (bumped with Atomics.add, then Atomics.notify)
//   DONE = 1: workers finished with the current job (atomic.add by each worker)
//   STOP = 2: non-zero asks the workers to return
//   3..11: pa, pb, pc, m, n, k, transA, transB, accumulate
//   16 + 2w, 17 + 2w: rows [m0, m1) of worker w
// Pointers are stored as u32 (memories up to 4 GiB).
import { gemm_rows } from "./gemm";

/** Worker loop: returns when STOP is set. `seen` is SEQ when the worker was created. */
export function gemm_worker(ctrl: usize, worker: i32, workspace: usize, seen: i32): void {
  while (true) {
    atomic.wait<i32>(ctrl, seen, -1);
    if (atomic.load<i32>(ctrl, 8) != 0) return;
    const seq = atomic.load<i32>(ctrl);
    if (seq == seen) continue; // spurious wake-up
    seen = seq;
    const slot = ctrl + 64 + (<usize>worker << 3);
    gemm_rows(
      load<u32>(ctrl, 12), load<u32>(ctrl, 16), load<u32>(ctrl, 20),
      load<i32>(ctrl, 24), load<i32>(ctrl, 28), load<i32>(ctrl, 32),
      load<i32>(ctrl, 36), load<i32>(ctrl, 40), load<i32>(ctrl, 44),
      workspace, load<i32>(slot), load<i32>(slot, 4),
    );
    atomic.add<i32>(ctrl + 4, 1);
    atomic.notify(ctrl + 4);
  }
}
