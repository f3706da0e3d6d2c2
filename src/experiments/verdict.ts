/**
 * How an experiment words its answer to a claim of the course notes (issue 17): it holds, holds
 * partly, does not hold at the scale this machine can run, or the runs cannot decide.
 */
export type Verdict = 'holds' | 'holds partly' | 'does not hold at this scale' | 'undecided';

export interface ClaimVerdict {
  verdict: Verdict;
  /** The numbers behind it, in one sentence without a final full stop. */
  reason: string;
}
