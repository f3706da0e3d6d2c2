/** Synthetic 2-D sets; browser-safe (no node: imports). */
export { xor, xorTable, type XorOptions } from './xor.js';
export { circles, type CirclesOptions } from './circles.js';
export { moons, type MoonsOptions } from './moons.js';
export { spiral, type SpiralOptions } from './spiral.js';
export { gaussians, type GaussiansOptions } from './gaussians.js';
export type { SyntheticOptions } from './build.js';
