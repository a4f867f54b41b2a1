/**
 * Tree-walking interpreter: the reference semantics that `compileToJs` must reproduce, used in tests
 * and for one-off evaluations (constant exponents during unit checking). Not for hot loops.
 */
import type { BinaryOp, Call, Expr } from './ast.js';

export function evaluate(e: Expr, env: (name: string) => number): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'sym':
      return env(e.name);
    case 'unary':
      return -evaluate(e.arg, env);
    case 'binary':
      return applyBinary(e.op, evaluate(e.left, env), evaluate(e.right, env));
    case 'call':
      return applyCall(e.fn, e.args.map((x) => evaluate(x, env)));
    case 'select': {
      const a = evaluate(e.a, env);
      const b = evaluate(e.b, env);
      return (e.cond === 'lt' ? a < b : a <= b) ? evaluate(e.then, env) : evaluate(e.else, env);
    }
  }
}

export function applyBinary(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '^':
      return Math.pow(l, r);
  }
}

/** Hill forms use the same operation order as their compiled JavaScript. */
export function applyCall(fn: Call['fn'], a: readonly number[]): number {
  const [x = NaN, y = NaN, z = NaN] = a;
  switch (fn) {
    case 'exp':
      return Math.exp(x);
    case 'log':
    case 'ln':
      return Math.log(x);
    case 'log10':
      return Math.log10(x);
    case 'sqrt':
      return Math.sqrt(x);
    case 'abs':
      return Math.abs(x);
    case 'min':
      return Math.min(...a);
    case 'max':
      return Math.max(...a);
    case 'pow':
      return Math.pow(x, y);
    case 'hill':
      return Math.pow(x, z) / (Math.pow(y, z) + Math.pow(x, z));
    case 'hill_rep':
      return Math.pow(y, z) / (Math.pow(y, z) + Math.pow(x, z));
    case 'mm':
      return x / (y + x);
  }
}
