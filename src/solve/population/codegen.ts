/**
 * Syntax-tree utilities for the population kernel generator (kernel.ts): substitute parameters that
 * are constant in a well by their values, factor a species out of a loss rate, and emit JavaScript
 * over local variables.
 *
 * Safety is that of src/model/expr/compile.ts: the input is the model compiler's checked AST; what
 * can be emitted is finite numeric literals, identifiers produced by the caller's `name` function and
 * checked against /^[a-z][a-z0-9_]*$/ (never a name from the model file), parenthesised arithmetic,
 * comparisons, and `Math.*` calls from a fixed list. Semantics equal the model's compiled rate
 * functions up to floating-point association (Hill forms are xⁿ/(Kⁿ + xⁿ) in both).
 */
import { bin, expand, neg, num, simplify, symbolsOf } from '../../model/expr/index.js';
import type { Expr } from '../../model/expr/index.js';

const IDENT = /^[a-z][a-z0-9_]*$/;

/** Replace symbols for which `value` returns a number by that literal. */
export function substitute(e: Expr, value: (name: string) => number | undefined): Expr {
  switch (e.kind) {
    case 'num':
      return e;
    case 'sym': {
      const v = value(e.name);
      return v === undefined ? e : num(v, e.pos);
    }
    case 'unary':
      return neg(substitute(e.arg, value), e.pos);
    case 'binary':
      return bin(e.op, substitute(e.left, value), substitute(e.right, value), e.pos);
    case 'call':
      return { ...e, args: e.args.map((a) => substitute(a, value)) };
    case 'select':
      return { ...e, a: substitute(e.a, value), b: substitute(e.b, value), then: substitute(e.then, value), else: substitute(e.else, value) };
  }
}

/**
 * e / v when `v` is a multiplicative factor of e's numerator (e = v·g or e = (v·g)/h), else null.
 * Used to write first-order losses as D·y with D = g (the exponential integrator's decay rate).
 */
export function divideOut(e: Expr, v: string): Expr | null {
  switch (e.kind) {
    case 'sym':
      return e.name === v ? num(1, e.pos) : null;
    case 'unary': {
      const a = divideOut(e.arg, v);
      return a ? neg(a, e.pos) : null;
    }
    case 'binary':
      if (e.op === '*') {
        const l = divideOut(e.left, v);
        if (l) return bin('*', l, e.right, e.pos);
        const r = divideOut(e.right, v);
        return r ? bin('*', e.left, r, e.pos) : null;
      }
      if (e.op === '/') {
        const l = divideOut(e.left, v);
        return l ? bin('/', l, e.right, e.pos) : null;
      }
      return null;
    default:
      return null;
  }
}

/** Expand convenience functions into primitives and fold constants (after substitution). */
export function prepare(e: Expr): Expr {
  return simplify(expand(e));
}

export function reads(e: Expr, name: string): boolean {
  return symbolsOf(e).has(name);
}

/** JavaScript source of an expanded expression; symbols become the identifiers `name` returns. */
export function emitJs(e: Expr, name: (sym: string) => string): string {
  switch (e.kind) {
    case 'num':
      return literal(e.value);
    case 'sym': {
      const id = name(e.name);
      if (!IDENT.test(id)) throw new Error(`internal: bad identifier for symbol '${e.name}': ${JSON.stringify(id)}`);
      return id;
    }
    case 'unary':
      return `(-${emitJs(e.arg, name)})`;
    case 'binary':
      if (e.op === '^') return power(e.left, e.right, name);
      return `(${emitJs(e.left, name)} ${e.op} ${emitJs(e.right, name)})`;
    case 'select':
      return `(${emitJs(e.a, name)} ${e.cond === 'lt' ? '<' : '<='} ${emitJs(e.b, name)} ? ${emitJs(e.then, name)} : ${emitJs(e.else, name)})`;
    case 'call': {
      const args = e.args.map((a) => emitJs(a, name));
      switch (e.fn) {
        case 'exp':
          return `Math.exp(${args[0]})`;
        case 'log':
        case 'ln':
          return `Math.log(${args[0]})`;
        case 'log10':
          return `Math.log10(${args[0]})`;
        case 'sqrt':
          return `Math.sqrt(${args[0]})`;
        case 'abs':
          return `Math.abs(${args[0]})`;
        case 'min':
          return `Math.min(${args.join(', ')})`;
        case 'max':
          return `Math.max(${args.join(', ')})`;
        case 'pow':
          return power(e.args[0]!, e.args[1]!, name);
        case 'hill':
        case 'hill_rep':
        case 'mm':
          return emitJs(expand(e), name);
      }
    }
  }
}

/** x^k: a product for small integer literal k on a plain operand, else Math.pow. */
function power(base: Expr, exponent: Expr, name: (sym: string) => string): string {
  const b = emitJs(base, name);
  if (exponent.kind === 'num' && (base.kind === 'sym' || base.kind === 'num')) {
    const k = exponent.value;
    if (Number.isInteger(k) && k !== 0 && Math.abs(k) <= 8) {
      const prod = `(${Array.from({ length: Math.abs(k) }, () => b).join(' * ')})`;
      return k > 0 ? prod : `(1 / ${prod})`;
    }
    if (k === 0.5) return `Math.sqrt(${b})`;
  }
  return `Math.pow(${b}, ${emitJs(exponent, name)})`;
}

function literal(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal: cannot emit the non-finite number ${v}`);
  return v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v);
}
