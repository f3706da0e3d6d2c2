// Compiles the WASM-SIMD kernels (placeholder until the wasm backend lands).
console.log('build:wasm: no wasm sources yet');
