/**
 * Syntax-tree utilities for the population kernel generator (kernel.ts): substitute parameters that
 * are constant in a well by their values and factor a species out of a loss rate. JavaScript is
 * emitted by the model's own `compileToJs` (src/model/expr/compile.ts) with hot-loop powers.
 */
import { bin, expand, neg, num, simplify, symbolsOf } from '../../model/expr/index.js';
import type { Expr } from '../../model/expr/index.js';


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
