/** Activation modules for the training tests, from the registry's catalog (nn.ReLU, nn.Tanh, nn.Identity). */
import { activationModules } from '../../src/nn/activation.js';

export const ReLU = activationModules.ReLU;
export const Tanh = activationModules.Tanh;
export const Identity = activationModules.Identity;
