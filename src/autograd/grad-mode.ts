/** Whether ops record the autograd tape: one explicit state object, toggled by noGrad/enableGrad. */
export const gradMode = { enabled: true };

/** Runs `fn` without recording gradients (torch.no_grad). Restores the previous mode, even on throw. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = false;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}

/** Runs `fn` with gradient recording on (inside a noGrad block, for instance). */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = true;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}

export function isGradEnabled(): boolean {
  return gradMode.enabled;
}
