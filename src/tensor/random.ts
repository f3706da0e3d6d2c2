/**
 * Seeded, reproducible random numbers: the same seed gives the same numbers on every machine.
 *
 * The generator is xoshiro128** (Blackman & Vigna), written with 32-bit integer arithmetic
 * (`Math.imul`, `>>> 0`) so no step depends on float rounding or on the platform. Seeds are
 * expanded with splitmix32, as the authors recommend, so nearby seeds give unrelated streams.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** A spare standard normal from the last Box–Muller pair. */
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds this generator; the stream that follows depends only on `seed`. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new RangeError(`manualSeed: seed must be a finite number, got ${seed}`);
    // Mix the low and high 32 bits so seeds above 2^32 still differ.
    let state = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
    return this;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal N(0, 1) by Box–Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    // 1 - random() lies in (0, 1], so the log is finite.
    const u1 = 1 - this.random();
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return mean + std * r * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [low, high) (high exclusive, as torch.randint). */
  randint(low: number, high: number): number {
    if (!(Number.isInteger(low) && Number.isInteger(high)) || high <= low) {
      throw new RangeError(`randint: expected integers low < high, got low=${low}, high=${high}`);
    }
    return low + Math.floor(this.random() * (high - low));
  }

  /** A seeded Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** Snapshot of the full state, to resume a stream exactly (e.g. in a worker). */
  getState(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: readonly [number, number, number, number]): this {
    [this.s0, this.s1, this.s2, this.s3] = state;
    this.spareNormal = null;
    return this;
  }

  /**
   * The complete state, as plain data (JSON-safe): the four words AND the spare normal of the last
   * Box–Muller pair, which `getState` leaves out — a checkpoint taken between the two normals of a
   * pair must hand the second one out after resuming, or the streams diverge.
   */
  stateDict(): GeneratorState {
    return { words: this.getState(), spareNormal: this.spareNormal };
  }

  /** Restores a {@link stateDict}; the stream continues exactly where it was taken. */
  loadStateDict(state: GeneratorState): this {
    const words = (state as Partial<GeneratorState> | null)?.words;
    const spare = (state as Partial<GeneratorState> | null)?.spareNormal;
    const isWord = (w: unknown): boolean => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 0xffffffff;
    if (!Array.isArray(words) || words.length !== 4 || !words.every(isWord)) {
      throw new TypeError(
        `Generator.loadStateDict: words must be four unsigned 32-bit integers, got ${JSON.stringify(words)}`,
      );
    }
    if (spare !== null && typeof spare !== 'number') {
      throw new TypeError(
        `Generator.loadStateDict: spareNormal must be a number or null, got ${JSON.stringify(spare)}`,
      );
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.spareNormal = spare;
    return this;
  }
}

/** A generator's full state ({@link Generator.stateDict}). */
export interface GeneratorState {
  readonly words: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * The generator used when none is passed: one explicit state object, reseeded by `manualSeed`
 * (as `torch.manual_seed` reseeds torch's default generator).
 */
export const defaultGenerator = new Generator(0);

/** Seeds the default generator. Same seed → same numbers, on every machine. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
