/**
 * The lab's one door to the library: the package root (src/index.ts), as a user's page would
 * import `actlab`. Everything the lab runs — activations, tensors, training, analyses — is the
 * library itself; the lab adds views, state and the worker around it.
 */
export * from '../../src/index.js';
