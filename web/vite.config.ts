/**
 * The lab's build: Preact through Vite's own JSX transform (no plugin), workers as ES modules,
 * output in dist/lab (shipped with the package and served by `actlab lab`). The dev and preview
 * servers send the same cross-origin-isolation headers as `actlab lab`, so SharedArrayBuffer and
 * WASM threads work in development too.
 */
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  worker: { format: 'es' },
  build: { outDir: '../dist/lab', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { headers: isolation, fs: { allow: ['..'] } },
  preview: { headers: isolation },
});
