/** Like use-wasm.ts, in the exact-gradient mode (set before any importing suite runs). */
import { wasm } from './use-wasm.js';

wasm.gradients = 'exact';
export { wasm };
