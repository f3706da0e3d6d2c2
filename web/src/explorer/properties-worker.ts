/** Measures properties off the page's thread: the dense grids take 0.1–0.8 s per activation. */
import { getActivation } from '../lib.js';
import { propertyRows, type PropertyRow } from './properties.js';
import type { ParamSettings } from '../state/explorer.js';

export interface PropertyRequest {
  id: string;
  params: ParamSettings;
}
export type PropertyReply =
  { id: string; params: ParamSettings; rows: PropertyRow[]; at: string } | { id: string; error: string };

const scope = self as unknown as {
  postMessage(m: PropertyReply): void;
  onmessage: ((e: MessageEvent<PropertyRequest>) => void) | null;
};

scope.onmessage = ({ data: { id, params } }) => {
  try {
    scope.postMessage({ id, params, ...propertyRows(getActivation(id), params) });
  } catch (e) {
    scope.postMessage({ id, error: (e as Error).message });
  }
};
