/**
 * A small, safe parser for the custom activation's formulas: arithmetic on x, numbers, π, e and a
 * fixed table of functions — no JavaScript is evaluated, so a shared link cannot run code.
 * Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
 * unary := ('-'|'+') unary | power; power := atom ('^' unary)?; atom := number | name | name '(' args ')' | '(' sum ')'.
 */

type Fn = (x: number) => number;

/** erf to 1.2e-7 (Numerical Recipes' erfc Chebyshev fit): display-grade, not the library's kernels. */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

const FUNCTIONS: Readonly<Record<string, (...a: number[]) => number>> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  atan: Math.atan,
  sign: Math.sign,
  erf,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  softplus: (v) => (v > 20 ? v : Math.log1p(Math.exp(v))),
  step: (v) => (v > 0 ? 1 : 0),
  max: Math.max,
  min: Math.min,
  pow: Math.pow,
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

export const functionNames = Object.keys(FUNCTIONS);

/** Parses `text` into f(x); throws an Error saying where and what was expected. */
export function parseExpression(text: string): Fn {
  const tokens = text.match(/\s*(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|[A-Za-z_]\w*|\*\*|[-+*/^(),]|\S)/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos]?.trim();
  const fail = (what: string): never => {
    throw new Error(`${what} at token ${pos + 1} ('${peek() ?? 'end'}') of '${text}'`);
  };
  const take = (t: string) => (peek() === t ? (pos++, true) : false);

  const sum = (): Fn => {
    let left = product();
    for (;;) {
      if (take('+')) {
        const a = left,
          b = product();
        left = (x) => a(x) + b(x);
      } else if (take('-')) {
        const a = left,
          b = product();
        left = (x) => a(x) - b(x);
      } else return left;
    }
  };
  const product = (): Fn => {
    let left = unary();
    for (;;) {
      if (take('*')) {
        const a = left,
          b = unary();
        left = (x) => a(x) * b(x);
      } else if (take('/')) {
        const a = left,
          b = unary();
        left = (x) => a(x) / b(x);
      } else return left;
    }
  };
  const unary = (): Fn => {
    if (take('-')) {
      const a = unary();
      return (x) => -a(x);
    }
    if (take('+')) return unary();
    return power();
  };
  const power = (): Fn => {
    const base = atom();
    if (take('^') || take('**')) {
      const e = unary();
      return (x) => base(x) ** e(x);
    }
    return base;
  };
  const atom = (): Fn => {
    const t = peek();
    if (t === undefined) return fail('expected a number, x or a function');
    if (take('(')) {
      const inner = sum();
      if (!take(')')) fail("expected ')'");
      return inner;
    }
    if (/^(\d|\.\d)/.test(t)) {
      pos++;
      const v = Number(t);
      return () => v;
    }
    if (/^[A-Za-z_]/.test(t)) {
      pos++;
      if (t === 'x') return (x) => x;
      // Own keys only: 'constructor' and friends are not names here.
      if (Object.hasOwn(CONSTANTS, t)) {
        const v = CONSTANTS[t]!;
        return () => v;
      }
      const f = Object.hasOwn(FUNCTIONS, t) ? FUNCTIONS[t] : undefined;
      if (!f) fail(`unknown name '${t}' (use x, pi, e or ${functionNames.join(', ')})`);
      if (!take('(')) fail(`expected '(' after ${t}`);
      const args: Fn[] = [sum()];
      while (take(',')) args.push(sum());
      if (!take(')')) fail("expected ')'");
      return (x) => f!(...args.map((a) => a(x)));
    }
    return fail('expected a number, x or a function');
  };

  const f = sum();
  if (pos < tokens.length) fail('unexpected text');
  return f;
}
