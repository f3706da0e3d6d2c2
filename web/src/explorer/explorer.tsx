/**
 * The explorer: any activation of the registry (built-in or registered at run time — the list is
 * the registry itself) as f, f′ and f″ with parameter sliders, kinks, dead and saturated zones,
 * overlays, formula, properties declared vs measured, and references.
 */
import { useMemo } from 'preact/hooks';
import { activations, getActivation, type ActivationSpec } from '../lib.js';
import { curveNames, sliceNames, type CurveName, type ExplorerConfig } from '../state/explorer.js';
import { Checkbox, NumberField, Select } from '../ui/field.js';
import { seriesColor } from '../ui/palette.js';
import { CurveChart, type Plotted } from './curve-chart.js';
import { sampleCurve, scalarCurve, zones, SATURATION } from './curves.js';
import { Formula, Kinks, Properties, References } from './details.js';
import { ParamControls } from './param-controls.js';
import { useProperties } from './use-properties.js';
import { CustomForm } from './custom-form.js';
import type { LabRuntime } from '../runtime.js';

const CURVE_LABEL: Record<CurveName, string> = { f: 'f', df: 'f′', d2f: 'f″' };

/** The registry's spec for an id, or null (a link may name an activation this page lacks). */
export function findSpec(id: string): ActivationSpec | null {
  try {
    return getActivation(id);
  } catch {
    return null;
  }
}

/** The picker's choices, straight from the registry. */
export const activationChoices = (filter: (s: ActivationSpec) => boolean = () => true) =>
  activations.filter(filter).map((s) => ({
    value: s.id,
    label: s.name === s.id ? s.id : `${s.name} (${s.id})`,
    group: s.kind === 'elementwise' ? 'Elementwise' : 'Dim-wise (drawn on a slice)',
  }));

export function Explorer(props: {
  config: ExplorerConfig;
  runtime: LabRuntime;
  onChange(patch: Partial<ExplorerConfig>): void;
}) {
  const c = props.config;
  const spec = findSpec(c.act) ?? getActivation('gelu');
  const range: [number, number] = c.xMin < c.xMax ? [c.xMin, c.xMax] : [-5, 5];
  const main = useMemo(
    () => scalarCurve(spec, c.params, c.slice, range),
    [spec, c.params, c.slice, range[0], range[1]],
  );
  const plotted = useMemo<Plotted[]>(() => {
    const list: Plotted[] = [{ name: spec.name, samples: sampleCurve(main, ...range) }];
    for (const id of c.overlay) {
      const other = findSpec(id);
      if (other && other !== spec)
        list.push({ name: other.name, samples: sampleCurve(scalarCurve(other, {}, c.slice, range), ...range) });
    }
    return list;
  }, [main, c.overlay, c.slice, range[0], range[1]]);
  const shaded = useMemo(() => zones(plotted[0]!.samples), [plotted]);
  const properties = useProperties(spec, c.params);
  const overlayIds = c.overlay.filter((id) => findSpec(id) && id !== spec.id);

  return (
    <div class="explorer layout">
      <aside class="controls" aria-label="Explorer controls">
        <Select
          label="Activation"
          value={spec.id}
          choices={activationChoices()}
          onChange={(act) => props.onChange({ act, params: {} })}
        />
        <p class="summary">{spec.summary}</p>
        <h3>Parameters</h3>
        <ParamControls spec={spec} settings={c.params} onChange={(params) => props.onChange({ params })} />
        {spec.kind === 'dimwise' && (
          <Select
            label="Slice"
            value={c.slice}
            choices={sliceNames.map((s) => ({
              value: s,
              label: s === 'auto' ? 'auto' : s === 'x0' ? '(x, 0)' : '(x, x)',
            }))}
            onChange={(slice) => props.onChange({ slice: slice as ExplorerConfig['slice'] })}
          />
        )}
        <fieldset>
          <legend>Curves</legend>
          {curveNames.map((n) => (
            <Checkbox
              key={n}
              label={n === 'd2f' && !main.d2f ? 'f″ (numerical, from f′)' : CURVE_LABEL[n]}
              checked={c.curves.includes(n)}
              disabled={c.curves.length === 1 && c.curves.includes(n)}
              onChange={(on) =>
                props.onChange({ curves: curveNames.filter((m) => (m === n ? on : c.curves.includes(m))) })
              }
            />
          ))}
        </fieldset>
        <div class="row">
          <NumberField label="x from" value={c.xMin} onChange={(xMin) => props.onChange({ xMin })} />
          <NumberField label="x to" value={c.xMax} onChange={(xMax) => props.onChange({ xMax })} />
        </div>
        {c.xMin >= c.xMax && (
          <p class="error" role="alert">
            x from must be less than x to (drawing −5 to 5).
          </p>
        )}
        <Select
          label="Add to overlay"
          value=""
          choices={[
            { value: '', label: 'choose…', group: 'Elementwise' },
            ...activationChoices((s) => s.id !== spec.id && !c.overlay.includes(s.id)),
          ]}
          onChange={(id) => id && props.onChange({ overlay: [...c.overlay, id].slice(-8) })}
        />
        <ul class="chips" aria-label="Overlaid activations">
          {overlayIds.map((id, i) => (
            <li key={id} style={{ borderColor: seriesColor(i + 1) }}>
              {id}
              <button
                type="button"
                aria-label={`Remove ${id} from the overlay`}
                onClick={() => props.onChange({ overlay: c.overlay.filter((o) => o !== id) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <CustomForm config={c} runtime={props.runtime} onChange={props.onChange} />
      </aside>
      <main class="content">
        <h2>
          {spec.name} <span class="muted">{main.note}</span>
        </h2>
        <CurveChart
          plotted={plotted}
          curves={c.curves}
          zones={shaded}
          kinks={main.kinks}
          mainF={main.f}
          range={range}
        />
        <p class="legend" aria-label="Chart legend">
          <span class="swatch dead" /> dead zone: f′ = 0 <span class="swatch saturated" /> saturated: 0 &lt; |f′| &lt;{' '}
          {SATURATION} <span class="swatch kink" /> kink, with f′ as PyTorch returns it · solid f, dashed f′, dotted f″
        </p>
        <div class="details">
          <div class="stack">
            <Formula spec={spec} />
            <Kinks kinks={main.kinks} />
            <References spec={spec} />
          </div>
          <Properties {...properties} />
        </div>
      </main>
    </div>
  );
}
