/** The adversarial demo: waits for the library's `adversarial` module (see docs/lab.md). */
import type { AdversarialConfig } from '../state/adversarial.js';

export function Adversarial(_props: { config: AdversarialConfig; onChange(patch: Partial<AdversarialConfig>): void }) {
  return (
    <div class="layout single-column">
      <section class="panel">
        <h2>Adversarial examples</h2>
        <p>
          This view attacks two MNIST networks (ReLU and a smooth activation) with FGSM and PGD. It arrives with the
          library&apos;s adversarial module.
        </p>
      </section>
    </div>
  );
}
