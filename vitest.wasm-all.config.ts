// Every suite with the wasm backend forced for float32 (src/backend/default.ts as a setup file),
// in the exact-gradient mode, where every WASM result is within 4 ulps of the exact value:
//   npx vitest run --config vitest.wasm-all.config.ts
// (With ACTLAB_WASM_GRADIENTS=fast the strict goldens of gelu/silu/mish/snake/tanhexp/serf and the
// softmax-row VJP fail by design; conformance-fast.test.ts checks that mode.)
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: { setupFiles: ['./src/backend/default.ts'], env: { ACTLAB_WASM_GRADIENTS: 'exact' } },
  }),
);
