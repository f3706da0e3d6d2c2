/**
 * "Implement a custom activation", the notes' exercise, in the page: f and f′ typed as formulas
 * (parsed safely, see expression.ts), made a spec with the library's `defineActivation`,
 * registered with `registerActivation` — so the explorer lists it like any other — and checked
 * with `gradcheck`: does the f′ you wrote match f?
 */
import {
  applyActivation,
  defineActivation,
  getActivation,
  gradcheck,
  randn,
  registerActivation,
  type ActivationSpec,
} from '../lib.js';
import { parseExpression } from './expression.js';

export interface CustomDefinition {
  id: string;
  f: string;
  df: string;
}

export interface DefinedActivation {
  spec: ActivationSpec;
  /** gradcheck of the f′ given against central differences of f, in float64. */
  check: { ok: boolean; message: string };
}

const summaryOf = (d: CustomDefinition) => `Defined in the lab: f(x) = ${d.f}, f′(x) = ${d.df}.`;
const texText = (s: string) => `\\texttt{${s.replace(/[\\{}_^#$%&~]/g, (c) => `\\${c}`)}}`;

/** The registered activation of this name, or null. */
function registered(id: string): ActivationSpec | null {
  try {
    return getActivation(id);
  } catch {
    return null;
  }
}

/**
 * Defines and registers the activation (again: the same definition returns the registered one).
 * @throws Error naming the problem: a bad formula, a bad id, or an id already taken.
 */
export function registerCustom(d: CustomDefinition): ActivationSpec {
  const f = parseExpression(d.f);
  const df = parseExpression(d.df);
  const taken = registered(d.id);
  if (taken && taken.summary === summaryOf(d)) return taken;
  if (taken) throw new Error(`the name '${d.id}' is taken by ${taken.name}: choose another`);
  return registerActivation(
    defineActivation({ id: d.id, f, df, summary: summaryOf(d), formula: texText(d.f), derivative: texText(d.df) }),
  );
}

/** Registers the activation and gradchecks its f′ against f. */
export function defineCustom(d: CustomDefinition): DefinedActivation {
  const spec = registerCustom(d);
  const x = randn([32], { dtype: 'float64', requiresGrad: true });
  const result = gradcheck((a) => applyActivation(spec, a), [x]);
  return { spec, check: { ok: result.ok, message: result.message } };
}
