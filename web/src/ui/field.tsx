/**
 * Labelled controls: every control the lab draws has an accessible name (its visible <label>),
 * so the page can be driven by role and name (e.g. the combobox "Activation").
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface Choice {
  value: string;
  label: string;
  group?: string;
}

export function Select(props: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange(value: string): void;
  disabled?: boolean;
  hint?: string;
}) {
  const id = useId();
  const groups = [...new Set(props.choices.map((c) => c.group ?? ''))];
  const option = (c: Choice) => (
    <option key={c.value} value={c.value}>
      {c.label}
    </option>
  );
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        title={props.hint}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {groups.length === 1
          ? props.choices.map(option)
          : groups.map((g) => (
              <optgroup key={g} label={g}>
                {props.choices.filter((c) => (c.group ?? '') === g).map(option)}
              </optgroup>
            ))}
      </select>
    </div>
  );
}

/** A slider with its value shown and editable in a number box (both named after the label). */
export function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(value: number): void;
  format?: (v: number) => string;
  /** Log scale: the slider moves log10(value). */
  log?: boolean;
}) {
  const id = useId();
  const { log = false } = props;
  const toSlider = (v: number) => (log ? Math.log10(v) : v);
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(3)) : s);
  return (
    <div class="field slider">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        min={toSlider(props.min)}
        max={toSlider(props.max)}
        step={log ? 0.01 : props.step}
        value={toSlider(Math.min(props.max, Math.max(props.min, props.value)))}
        onInput={(e) => props.onChange(fromSlider(Number((e.currentTarget as HTMLInputElement).value)))}
      />
      <input
        type="number"
        aria-label={`${props.label} value`}
        value={props.format ? props.format(props.value) : props.value}
        step="any"
        onChange={(e) => {
          const v = Number((e.currentTarget as HTMLInputElement).value);
          if (Number.isFinite(v)) props.onChange(v);
        }}
      />
    </div>
  );
}

export function NumberField(props: {
  label: string;
  value: number;
  min?: number;
  max?: number;
  step?: number;
  onChange(v: number): void;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 'any'}
        onChange={(e) => {
          const v = Number((e.currentTarget as HTMLInputElement).value);
          if (Number.isFinite(v)) props.onChange(v);
        }}
      />
    </div>
  );
}

export function Checkbox(props: {
  label: ComponentChildren;
  name?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-label={props.name}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      {props.label}
    </label>
  );
}
