/** Custom activations in the lab: the safe formula parser, registration in the registry, gradcheck. */
import { describe, expect, it } from 'vitest';
import { activations, getActivation } from '../../src/index.js';
import { parseExpression } from '../../web/src/explorer/expression.js';
import { defineCustom, registerCustom } from '../../web/src/explorer/custom.js';

describe('formula parser', () => {
  it('evaluates arithmetic, powers, constants and functions with the usual precedence', () => {
    expect(parseExpression('1 + 2 * x ^ 2')(3)).toBe(19);
    expect(parseExpression('-x^2')(3)).toBe(-9);
    expect(parseExpression('2 ** 3 / 4 - (1 - x)')(1)).toBe(2);
    expect(parseExpression('max(x, 0) + min(x, 0) * 0.1')(-2)).toBeCloseTo(-0.2, 15);
    expect(parseExpression('x * sigmoid(x)')(2)).toBeCloseTo(2 / (1 + Math.exp(-2)), 15);
    expect(parseExpression('erf(x)')(0.5)).toBeCloseTo(0.5204998778130465, 6);
    expect(parseExpression('pi * e')(0)).toBeCloseTo(Math.PI * Math.E, 15);
    expect(parseExpression('1.5e-1 * .5')(0)).toBeCloseTo(0.075, 15);
  });

  it('rejects anything else, naming the token (no JavaScript is evaluated)', () => {
    expect(() => parseExpression('alert(1)')).toThrow(/unknown name 'alert'/);
    expect(() => parseExpression('x +')).toThrow(/expected a number, x or a function at token 3/);
    expect(() => parseExpression('(x')).toThrow(/expected '\)'/);
    expect(() => parseExpression('2x')).toThrow(/unexpected text/);
    expect(() => parseExpression('x; fetch')).toThrow(/unexpected text/);
    expect(() => parseExpression('constructor')).toThrow(/unknown name 'constructor'/);
  });
});

describe('custom activations', () => {
  it('are registered, listed with the built-ins, and their f′ is gradchecked', () => {
    const d = { id: 'lab_bent_identity', f: '(sqrt(x^2 + 1) - 1) / 2 + x', df: 'x / (2 * sqrt(x^2 + 1)) + 1' };
    const { spec, check } = defineCustom(d);
    expect(check.ok).toBe(true);
    expect(activations.map((s) => s.id)).toContain('lab_bent_identity');
    expect(getActivation('lab_bent_identity')).toBe(spec);
    expect(registerCustom(d)).toBe(spec);
    expect(spec.kind === 'elementwise' && spec.f(1, {})).toBeCloseTo((Math.SQRT2 - 1) / 2 + 1, 15);
  });

  it('a wrong f′ fails gradcheck; a taken name or a bad formula is an error', () => {
    expect(defineCustom({ id: 'lab_wrong', f: 'x * tanh(x)', df: 'tanh(x)' }).check.ok).toBe(false);
    expect(() => registerCustom({ id: 'relu', f: 'x', df: '1' })).toThrow(/the name 'relu' is taken by ReLU/);
    expect(() => registerCustom({ id: 'lab_wrong', f: 'x', df: '1' })).toThrow(/taken/);
    expect(() => registerCustom({ id: 'lab_bad', f: 'x +', df: '1' })).toThrow(/expected/);
    expect(() => registerCustom({ id: 'Bad-Name', f: 'x', df: '1' })).toThrow(/snake_case/);
  });
});
