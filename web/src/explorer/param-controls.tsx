/**
 * Sliders for an activation's parameters, from its spec: the declared range where it is finite,
 * else a window around the default; integers step by one; choices are a select. A value outside
 * what the spec allows is shown with the library's own description of what is allowed.
 */
import { isChoiceParam, paramProblem, type ActivationSpec, type NumberParam } from '../lib.js';
import { Select, Slider } from '../ui/field.js';
import type { ParamSettings } from '../state/explorer.js';
import { paramValues } from './curves.js';

/** The slider's range for a numeric parameter. */
export function sliderRange(s: NumberParam): { min: number; max: number; step: number } {
  const span = 5 * Math.max(1, Math.abs(s.default));
  let min = s.min ?? s.exclusiveMin ?? s.default - span;
  let max = s.max ?? s.exclusiveMax ?? s.default + span;
  if (!Number.isFinite(min)) min = s.default - span;
  if (!Number.isFinite(max)) max = s.default + span;
  if (s.exclusiveMin !== undefined) min += (max - min) / 200;
  if (s.exclusiveMax !== undefined) max -= (max - min) / 200;
  // A parameter such as dim has no range: a small window of integers.
  if (s.integer)
    return { min: Math.ceil(Math.max(min, s.default - 8)), max: Math.floor(Math.min(max, s.default + 8)), step: 1 };
  return { min, max, step: (max - min) / 200 };
}

export function ParamControls(props: {
  spec: ActivationSpec;
  settings: ParamSettings;
  onChange(settings: ParamSettings): void;
}) {
  const values = paramValues(props.spec, props.settings);
  const entries = Object.entries(props.spec.params);
  if (entries.length === 0) return <p class="muted">No parameters.</p>;
  const set = (name: string, v: number | string) => props.onChange({ ...props.settings, [name]: v });
  return (
    <div class="params">
      {entries.map(([name, s]) => {
        const value = values[name]!;
        const problem = paramProblem(s, value);
        const title = s.doc ? `${name} — ${s.doc}` : name;
        return (
          <div key={name} title={title}>
            {isChoiceParam(s) ? (
              <Select
                label={name}
                value={String(value)}
                choices={s.choices.map((c) => ({ value: c, label: c }))}
                onChange={(v) => set(name, v)}
              />
            ) : (
              <Slider
                label={name}
                value={value as number}
                {...sliderRange(s)}
                onChange={(v) => set(name, v)}
                format={(v) => String(Number(v.toPrecision(4)))}
              />
            )}
            {s.doc && <p class="hint">{s.doc}</p>}
            {problem && (
              <p class="error" role="alert">
                {name} must be {problem.allowed}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
