/**
 * Declared-vs-measured rows for the explorer, measured in a worker; while a measurement runs the
 * previous rows stay (marked stale). An activation the worker's registry lacks (registered in the
 * page at run time) is measured in the page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActivationSpec } from '../lib.js';
import type { ParamSettings } from '../state/explorer.js';
import { propertyRows, type PropertyRow } from './properties.js';
import type { PropertyReply, PropertyRequest } from './properties-worker.js';

export interface PropertyState {
  rows: PropertyRow[];
  at: string;
  pending: boolean;
}

export function useProperties(spec: ActivationSpec, params: ParamSettings): PropertyState {
  const [state, setState] = useState<PropertyState>({ rows: [], at: 'measuring…', pending: true });
  const worker = useRef<Worker | null>(null);
  const latest = useRef<PropertyRequest | null>(null);

  useEffect(() => {
    const w = new Worker(new URL('./properties-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = ({ data }: MessageEvent<PropertyReply>) => {
      const want = latest.current;
      if (!want || data.id !== want.id) return;
      if ('error' in data) {
        // Not in the worker's registry: measure here.
        setState({ ...propertyRows(spec, want.params), pending: false });
        return;
      }
      if (data.params === want.params || JSON.stringify(data.params) === JSON.stringify(want.params)) {
        setState({ rows: data.rows, at: data.at, pending: false });
      }
    };
    return () => w.terminate();
  }, []);

  useEffect(() => {
    const request = { id: spec.id, params };
    latest.current = request;
    setState((s) => ({ ...s, pending: true }));
    // Debounced: a slider drag measures once it rests.
    const t = setTimeout(() => worker.current?.postMessage(request), 120);
    return () => clearTimeout(t);
  }, [spec.id, JSON.stringify(params)]);

  return state;
}
