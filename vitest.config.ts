import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'] } },
      {
        // The kernel suites again on the baseline build (wasm/actlab.wasm, no relaxed SIMD): the
        // default runtime loads the relaxed one, and both must meet the same accuracy bounds.
        extends: true,
        test: {
          name: 'wasm-baseline',
          include: [
            'test/backend/wasm/{activations,conformance,conformance-fast,conv,gemm,kernels,math,runtime}.test.ts',
          ],
          env: { ACTLAB_WASM_SIMD: 'baseline' },
        },
      },
    ],
  },
});
