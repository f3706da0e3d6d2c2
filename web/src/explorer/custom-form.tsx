/** The form that defines a custom activation from two formulas, and the gradcheck verdict. */
import { useState } from 'preact/hooks';
import type { ExplorerConfig } from '../state/explorer.js';
import type { LabRuntime } from '../runtime.js';
import { functionNames } from './expression.js';

function TextField(props: { label: string; value: string; onInput(v: string): void; placeholder?: string }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        spellcheck={false}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}

export function CustomForm(props: {
  config: ExplorerConfig;
  runtime: LabRuntime;
  onChange(patch: Partial<ExplorerConfig>): void;
}) {
  const c = props.config;
  const [id, setId] = useState(c.customId || 'my_act');
  const [f, setF] = useState(c.customF || 'x * sigmoid(1.5 * x)');
  const [df, setDf] = useState(c.customDf || 'sigmoid(1.5 * x) + 1.5 * x * sigmoid(1.5 * x) * (1 - sigmoid(1.5 * x))');
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const define = () => {
    try {
      const { spec, check } = props.runtime.define({ id, f, df });
      setVerdict({
        ok: check.ok,
        text: check.ok ? `gradcheck passed: f′ matches f (${check.message})` : `gradcheck failed: ${check.message}`,
      });
      props.onChange({ act: spec.id, params: {}, customId: id, customF: f, customDf: df });
    } catch (e) {
      setVerdict({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <details class="custom" open={c.customId !== ''}>
      <summary>Define your own activation</summary>
      <TextField label="Name (snake_case id)" value={id} onInput={setId} />
      <TextField label="f(x) =" value={f} onInput={setF} />
      <TextField label="f′(x) =" value={df} onInput={setDf} />
      <button type="button" onClick={define}>
        Define and register
      </button>
      {verdict && (
        <p class={verdict.ok ? 'ok' : 'error'} role="status">
          {verdict.text}
        </p>
      )}
      <p class="hint">
        Formulas in x with + − * / ^, numbers, pi, e and {functionNames.join(', ')}. The activation is made with
        defineActivation, added with registerActivation, and appears in the list like any other.
      </p>
    </details>
  );
}
