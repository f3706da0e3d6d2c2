/**
 * Why the second thread does or does not pay on the bench's GEMM shapes (cases.ts GEMMS of at
 * least 2^21 multiply-adds), through ops.mm as `npm run bench` times them (a fresh pool per
 * case): one thread, two threads with the back-off (`adaptive`: its ratio, GEMMs split, skipped,
 * back-offs fired) and two threads always split (`raw split`), with the calling thread's mean
 * milliseconds per split job spent posting it (Atomics.notify), computing its own share and
 * waiting for the helper, and the speed of its own share relative to one thread. Posting as long
 * as the own share means the helper ran on the caller's core (a busy machine). Prints the load.
 *
 *   npx tsx bench/gemm-split-diag.ts [--rounds R]
 */
import { loadavg } from 'node:os';
import * as actlab from './engines/actlab.js';
import { GEMMS } from './cases.js';
import { GemmThreads } from '../src/backend/wasm/threads.js';
const pools: GemmThreads[] = [];
const orig = GemmThreads.start.bind(GemmThreads);
GemmThreads.start = (...a: Parameters<typeof GemmThreads.start>) => {
  const p = orig(...a);
  pools.push(p);
  return p;
};
const la = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
console.log('load', la());
const ri = process.argv.indexOf('--rounds');
const rounds = ri > 0 ? Number(process.argv[ri + 1]) : 1;
for (let round = 0; round < rounds; round++)
  for (const g of GEMMS.filter((g) => g.m * g.n * g.k >= 2 ** 21)) {
    const f = 2 * g.m * g.n * g.k;
    const s1 = await actlab.gemm(g, 1, 0.3);
    GemmThreads.adaptive = true;
    const s2 = await actlab.gemm(g, 2, 0.3);
    const p = pools[pools.length - 1]!;
    const st = { ...p.stats },
      jobs = p.jobs;
    GemmThreads.adaptive = false;
    const s3 = await actlab.gemm(g, 2, 0.3);
    const q = pools[pools.length - 1]!;
    const own = q.stats.ownMs / q.jobs,
      waited = q.stats.waitedMs / q.jobs;
    console.log(
      `${g.name.padEnd(28)} 1t ${(f / s1 / 1e9).toFixed(1)} | adaptive ×${(s1 / s2).toFixed(2)} jobs ${jobs} skipped ${st.skipped} backoffs ${st.backoffs} | raw split ×${(s1 / s3).toFixed(2)} own ${own.toFixed(3)}ms waited ${waited.toFixed(3)}ms post ${(q.stats.postMs / q.jobs).toFixed(3)}ms caller speed ${((s1 * 500) / own).toFixed(2)} of 1t`,
    );
  }
console.log('load', la());
process.exit(0);
