/** The explorer's text panels: formula and derivative, kinks, properties declared vs measured, references. */
import type { ActivationSpec, Kink, analysis } from '../lib.js';
import { Tex } from '../ui/math.js';
import type { PropertyRow } from './properties.js';

export function Formula(props: { spec: ActivationSpec }) {
  const { spec } = props;
  return (
    <section class="panel" aria-label="Formula">
      <h3>Formula</h3>
      <p class="formula">
        <Tex tex={`f(x) = ${spec.formula}`} display label={`f(x) = ${spec.formula}`} />
      </p>
      {spec.derivative && (
        <p class="formula">
          <Tex tex={`f'(x) = ${spec.derivative}`} display label={`f′(x) = ${spec.derivative}`} />
        </p>
      )}
      <p class="muted">
        {spec.torchFunction ? <code>{spec.torchFunction}</code> : 'not in PyTorch'} · <code>F.{camel(spec.id)}</code> ·{' '}
        <code>new nn.{spec.torchName}()</code>
      </p>
    </section>
  );
}

const camel = (id: string): string => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function Kinks(props: { kinks: readonly Kink[] }) {
  if (props.kinks.length === 0) return null;
  return (
    <section class="panel" aria-label="Kinks">
      <h3>Kinks (gradient as PyTorch returns it)</h3>
      <ul>
        {props.kinks.map((k) => (
          <li key={k.x}>
            x = {k.x}: f′ = {k.grad}
            {k.value !== undefined ? `, f = ${k.value}` : ''} — <span class="muted">{k.why}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How a verdict reads in the table (the mark) and to a screen reader (the label). */
const VERDICT: Record<analysis.Verdict, { mark: string; label: string }> = {
  agrees: { mark: '✓', label: 'agrees' },
  differs: { mark: '✗', label: 'disagrees' },
  unclear: { mark: '?', label: 'the probes cannot settle it' },
  undeclared: { mark: '', label: 'not declared' },
  unmeasured: { mark: '', label: 'not measured' },
};

export function Properties(props: { rows: PropertyRow[]; at: string; pending: boolean }) {
  const bad = props.rows.filter((r) => r.verdict === 'differs').length;
  return (
    <section class="panel" aria-label="Properties" aria-busy={props.pending} data-pending={props.pending}>
      <h3>Properties: declared vs measured</h3>
      <p class="muted">
        {props.pending ? 'Measuring… ' : ''}
        {props.at}.{' '}
        {props.rows.length === 0
          ? ''
          : bad === 0
            ? 'Every declared property agrees with the measurement.'
            : `${bad} disagree${bad === 1 ? 's' : ''}.`}
      </p>
      <table class="props">
        <thead>
          <tr>
            <th scope="col">property</th>
            <th scope="col">declared</th>
            <th scope="col">measured</th>
            <th scope="col">
              <span class="sr-only">agrees</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.property} class={r.verdict === 'differs' ? 'mismatch' : ''}>
              <th scope="row">{r.property}</th>
              <td>{r.declared}</td>
              <td>{r.measured}</td>
              <td aria-label={VERDICT[r.verdict].label}>{VERDICT[r.verdict].mark}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function References(props: { spec: ActivationSpec }) {
  if (props.spec.references.length === 0) return null;
  return (
    <section class="panel" aria-label="References">
      <h3>References</h3>
      <ul>
        {props.spec.references.map((r) => (
          <li key={r.title}>
            {r.authors} ({r.year}). {r.url ? <a href={r.url}>{r.title}</a> : <em>{r.title}</em>}
          </li>
        ))}
      </ul>
    </section>
  );
}
