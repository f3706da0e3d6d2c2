/** Which backend runs the library here, and why. */
import type { BackendReport } from '../runner/backend.js';

export function BackendLine(props: { label: string; backend: BackendReport | null }) {
  const b = props.backend;
  return (
    <span class="backend" data-backend={b?.name ?? ''}>
      {props.label}: {b ? <strong>{b.name}</strong> : 'starting…'}
      {b && <span class="muted"> ({b.reason})</span>}
    </span>
  );
}
