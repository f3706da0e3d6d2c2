/**
 * Learning-rate schedulers (torch.optim.lr_scheduler), in torch's chainable form: each `step()`
 * (call once per epoch, after `optimizer.step()`) moves every group's `lr` from its current value,
 * so two schedulers can act on one optimizer and the numbers match torch's step by step.
 */
import type { BaseOptions, Optimizer } from './optimizer.js';

export abstract class LRScheduler {
  /** Epochs stepped so far (0 right after construction, as torch's last_epoch). */
  lastEpoch = -1;
  readonly baseLrs: number[];
  private lastLrs: number[] = [];

  constructor(readonly optimizer: Optimizer<BaseOptions>) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr);
    this.step();
  }

  /** The new lr of each group at `lastEpoch`, from the current ones. */
  protected abstract nextLrs(current: number[]): number[];

  step(): void {
    this.lastEpoch++;
    const lrs = this.nextLrs(this.optimizer.paramGroups.map((g) => g.lr));
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]!));
    this.lastLrs = lrs;
  }

  /** The learning rates set by the latest step. */
  getLastLr(): number[] {
    return [...this.lastLrs];
  }

  /** Where the schedule is: epochs stepped and the rates (the optimizer's groups hold the current lr). */
  stateDict(): SchedulerStateDict {
    return {
      type: this.constructor.name,
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.baseLrs],
      lastLrs: [...this.lastLrs],
    };
  }

  /** Restores a {@link stateDict} (of the same scheduler class, for an optimizer with as many groups). */
  loadStateDict(sd: SchedulerStateDict): void {
    const name = `${this.constructor.name}.loadStateDict`;
    if (sd.type !== this.constructor.name)
      throw new TypeError(`${name}: the state is of a ${String(sd.type)}, not a ${this.constructor.name}`);
    const numbers = (v: unknown): v is number[] =>
      Array.isArray(v) && v.length === this.baseLrs.length && v.every((x) => typeof x === 'number');
    if (!Number.isInteger(sd.lastEpoch) || !numbers(sd.baseLrs) || !numbers(sd.lastLrs)) {
      throw new RangeError(
        `${name}: expected an integer lastEpoch and ${this.baseLrs.length} base and last rate(s), got ${JSON.stringify(sd)}`,
      );
    }
    this.lastEpoch = sd.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...sd.baseLrs);
    this.lastLrs = [...sd.lastLrs];
  }
}

/** A scheduler's state ({@link LRScheduler.stateDict}). */
export interface SchedulerStateDict {
  /** The scheduler's class name (a state loads only into the same class). */
  type: string;
  lastEpoch: number;
  baseLrs: number[];
  lastLrs: number[];
}

function positiveInt(v: number, name: string, owner: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${owner}: ${name} must be a positive integer, got ${v}`);
  return v;
}

/** Multiplies the lr by gamma every `stepSize` epochs (default gamma 0.1). */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { stepSize: number; gamma?: number }) {
    const stepSize = positiveInt(options.stepSize, 'stepSize', 'StepLR');
    const gamma = options.gamma ?? 0.1;
    super(optimizer);
    this.stepSize = stepSize;
    this.gamma = gamma;
  }
  protected nextLrs(cur: number[]): number[] {
    // The first step (from the constructor) runs before the fields exist: lastEpoch is 0 then.
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return cur;
    return cur.map((lr) => lr * this.gamma);
  }
}

/** Multiplies the lr by gamma at each listed epoch. */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { milestones: readonly number[]; gamma?: number }) {
    const milestones = [...options.milestones].sort((a, b) => a - b);
    super(optimizer);
    this.milestones = milestones;
    this.gamma = options.gamma ?? 0.1;
  }
  protected nextLrs(cur: number[]): number[] {
    if (this.lastEpoch === 0) return cur;
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return hits === 0 ? cur : cur.map((lr) => lr * this.gamma ** hits);
  }
}

/** Multiplies the lr by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { gamma: number }) {
    super(optimizer);
    this.gamma = options.gamma;
  }
  protected nextLrs(cur: number[]): number[] {
    return this.lastEpoch === 0 ? cur : cur.map((lr) => lr * this.gamma);
  }
}

/**
 * Cosine annealing from the base lr to `etaMin` over `tMax` epochs (then back up, periodically):
 * $\eta_t = \eta_{min} + \tfrac12(\eta_0 - \eta_{min})(1 + \cos(\pi t / T_{max}))$, applied in torch's
 * recursive form. @see Loshchilov & Hutter, "SGDR", ICLR 2017
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { tMax: number; etaMin?: number }) {
    const tMax = positiveInt(options.tMax, 'tMax', 'CosineAnnealingLR');
    super(optimizer);
    this.tMax = tMax;
    this.etaMin = options.etaMin ?? 0;
  }
  protected nextLrs(cur: number[]): number[] {
    const e = this.lastEpoch;
    if (e === 0) return cur;
    const { tMax: T, etaMin } = this;
    if ((e - 1 - T) % (2 * T) === 0) {
      return cur.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return cur.map(
      (lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin,
    );
  }
}
