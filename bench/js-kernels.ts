/**
 * The js backend's activation loops, float64: each elementwise spec's own kernel (a hand-written
 * override where the spec has one) against the loop derived from its scalar f/df
 * (src/activations/derive.ts), forward + backward, in M elements/s at N = 2^16 (in cache); and
 * for a learnable parameter (PReLU's weight, Swish's β) the per-channel kernels, 16 channels.
 * This decides which overrides a spec keeps: an override stays only where it is much faster
 * for an activation people train with (the float64 path: gradcheck, references, the js backend).
 *
 *   npx tsx bench/js-kernels.ts [--quick] [--ids relu,gelu]
 *
 * All derived loops are warmed before any is timed, so their shared call site is as polymorphic
 * as in a real program that uses several activations. Each figure is the best of several rounds.
 */
import { loadavg } from 'node:os';
import { activations } from '../src/activations/registry.js';
import type { ElementwiseSpec } from '../src/activations/define.js';
import { learnableParam } from '../src/activations/define.js';
import { scalarChannelKernel, scalarKernel } from '../src/activations/derive.js';
import { paramDefaults } from '../src/activations/params.js';
import type { ActivationKernel } from '../src/backend/backend.js';
import { Generator } from '../src/tensor/random.js';

const quick = process.argv.includes('--quick');
const idsArg = process.argv.indexOf('--ids');
const only = idsArg > 0 ? process.argv[idsArg + 1]!.split(',') : null;
const N = 2 ** 16;
const g = new Generator(1);
const x = Float64Array.from({ length: N }, () => 2 * g.normal());
const gy = Float64Array.from({ length: N }, () => g.normal());
const y = new Float64Array(N);
const gx = new Float64Array(N);

/** Best times in ms of `a` and `b`, timed in alternation so drifting load hits both alike. */
function bestPair(a: () => void, b: () => void, rounds = quick ? 10 : 40): [number, number] {
  for (let i = 0; i < 5; i++) {
    a();
    b();
  }
  let [ta, tb] = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    a();
    ta = Math.min(ta, performance.now() - t0);
    t0 = performance.now();
    b();
    tb = Math.min(tb, performance.now() - t0);
  }
  return [ta, tb];
}

const specs = activations.filter(
  (s): s is ElementwiseSpec => s.kind === 'elementwise' && (!only || only.includes(s.id)),
);
const derived = new Map(specs.map((s) => [s.id, scalarKernel(s.f, s.df)]));
const params = (s: ElementwiseSpec) => paramDefaults(s.params) as Readonly<Record<string, number | string>>;
const run = (k: ActivationKernel, s: ElementwiseSpec) => () => {
  k.forward(x, y, params(s));
  k.backward(x, y, gy, gx, params(s));
};
for (const s of specs) run(derived.get(s.id)!, s)(); // every derived loop warmed first

console.log(`load average ${loadavg()[0]!.toFixed(2)}; float64, N = ${N}, forward + backward, M elements/s\n`);
console.log(`${'id'.padEnd(14)}${'spec kernel'.padStart(12)}${'derived'.padStart(10)}${'ratio'.padStart(8)}`);
for (const s of specs) {
  const [own, der] = bestPair(run(s.kernel, s), run(derived.get(s.id)!, s));
  const rate = (ms: number) => (N / ms / 1e3).toFixed(0);
  console.log(
    `${s.id.padEnd(14)}${rate(own).padStart(12)}${rate(der).padStart(10)}${(der / own).toFixed(2).padStart(8)}`,
  );
}

console.log(`\nper-channel kernels (learnable parameter, 16 channels)\n`);
const channels = 16;
const w = Float64Array.from({ length: channels }, (_, c) => 0.1 + c / channels);
const gw = new Float64Array(channels);
for (const s of specs) {
  const name = learnableParam(s);
  if (!name || !s.dparam) continue;
  const own = s.channelKernel!;
  const der = scalarChannelKernel({ f: s.f, df: s.df, dparam: s.dparam }, name);
  const go = (k: typeof own) => () => {
    k.forward(x, w, y, channels, N / channels, params(s));
    k.backward(x, w, gy, gx, gw, channels, N / channels, params(s));
  };
  const [a, b] = bestPair(go(own), go(der));
  const rate = (ms: number) => (N / ms / 1e3).toFixed(0);
  console.log(`${s.id.padEnd(14)}${rate(a).padStart(12)}${rate(b).padStart(10)}${(b / a).toFixed(2).padStart(8)}`);
}
