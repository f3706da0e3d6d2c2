/**
 * Where a loss knowingly returns something else than PyTorch (1.13), and why: data, as the
 * activations' `knownDifferences`. The goldens (scripts/fixtures/gen_losses.py) record, beside
 * torch's result, the result of the convention stated here (computed by torch from its formula)
 * under the same id; test/nn/loss-golden.test.ts holds actlab to the convention, checks that
 * torch still differs, and that docs/losses.md states every note.
 */
export interface LossDifference {
  /** Matches the `differs.id` of the golden cases that exercise it. */
  readonly id: string;
  /** The functional form concerned (`F.<fn>`). */
  readonly fn: string;
  readonly affects: 'value' | 'gradient' | 'both';
  readonly note: string;
}

export const LOSS_DIFFERENCES: readonly LossDifference[] = [
  {
    id: 'klDiv-zero-target',
    fn: 'klDiv',
    affects: 'both',
    note:
      'An element whose target probability is 0 (target 0, or −∞ with logTarget) contributes 0 to the loss ' +
      'and 0 to both gradients, whatever the input: KL divergence sums over the support of the target. ' +
      "torch gives NaN for the target's gradient there (xlogy's y/y = 0/0), and a NaN loss when such an " +
      'element meets an input of −∞ (a masked log-probability) or, with logTarget, always (e⁻∞·(−∞ − x) = 0·∞)',
  },
];
