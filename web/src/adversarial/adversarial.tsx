/** The adversarial demo: waits for the library's `adversarial` module (see docs/lab.md). */
import type { AdversarialConfig } from '../state/adversarial.js';

export function Adversarial(_props: { config: AdversarialConfig; onChange(patch: Partial<AdversarialConfig>): void }) {
  return (
    <div class="layout single-column">
      <section class="panel">
        <h2>Adversarial examples</h2>
        <p>This view attacks an MNIST model with FGSM and PGD; it arrives with the library's adversarial module.</p>
      </section>
    </div>
  );
}
