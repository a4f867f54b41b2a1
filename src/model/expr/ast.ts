/**
 * Rate-law syntax tree. Every node keeps `pos`, the 0-based character offset in the source text of
 * the token that produced it, so unit errors found later still point at the right column. Nodes made
 * by differentiation or simplification inherit the `pos` of the node they came from.
 */
import type { FunctionName } from './functions.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export interface Num {
  readonly kind: 'num';
  readonly value: number;
  readonly pos: number;
}

export interface Sym {
  readonly kind: 'sym';
  readonly name: string;
  readonly pos: number;
}

/** Negation; the parser drops unary `+`. */
export interface Unary {
  readonly kind: 'unary';
  readonly op: '-';
  readonly arg: Expr;
  readonly pos: number;
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: number;
}

export interface Call {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
  readonly pos: number;
}

/**
 * `a < b ? then : else` (`cond: 'lt'`) or `a <= b ? …` (`'le'`). Internal only: the parser never makes
 * it; differentiation does, for the derivatives of min, max and abs, which are piecewise.
 */
export interface Select {
  readonly kind: 'select';
  readonly cond: 'lt' | 'le';
  readonly a: Expr;
  readonly b: Expr;
  readonly then: Expr;
  readonly else: Expr;
  readonly pos: number;
}

export type Expr = Num | Sym | Unary | Binary | Call | Select;

export const num = (value: number, pos = 0): Num => ({ kind: 'num', value, pos });
export const sym = (name: string, pos = 0): Sym => ({ kind: 'sym', name, pos });
export const neg = (arg: Expr, pos = arg.pos): Unary => ({ kind: 'unary', op: '-', arg, pos });
export const bin = (op: BinaryOp, left: Expr, right: Expr, pos = left.pos): Binary =>
  ({ kind: 'binary', op, left, right, pos });
export const call = (fn: FunctionName, args: readonly Expr[], pos = 0): Call => ({ kind: 'call', fn, args, pos });
export const select = (cond: 'lt' | 'le', a: Expr, b: Expr, then: Expr, otherwise: Expr, pos = a.pos): Select =>
  ({ kind: 'select', cond, a, b, then, else: otherwise, pos });

/** Direct children, in source order. */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num':
    case 'sym':
      return [];
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    case 'select':
      return [e.a, e.b, e.then, e.else];
  }
}

/** Every symbol the expression reads. */
export function symbolsOf(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (x: Expr): void => {
    if (x.kind === 'sym') out.add(x.name);
    else for (const c of childrenOf(x)) visit(c);
  };
  visit(e);
  return out;
}

/** True when the expression contains no symbols (literals and operators only). */
export function isConstant(e: Expr): boolean {
  return e.kind === 'num' || (e.kind !== 'sym' && childrenOf(e).every(isConstant));
}

/** Structural equality, ignoring `pos`. */
export function exprEquals(a: Expr, b: Expr): boolean {
  switch (a.kind) {
    case 'num':
      return b.kind === 'num' && Object.is(a.value, b.value);
    case 'sym':
      return b.kind === 'sym' && a.name === b.name;
    case 'unary':
      return b.kind === 'unary' && exprEquals(a.arg, b.arg);
    case 'binary':
      return b.kind === 'binary' && a.op === b.op && exprEquals(a.left, b.left) && exprEquals(a.right, b.right);
    case 'call':
      return b.kind === 'call' && a.fn === b.fn && a.args.length === b.args.length &&
        a.args.every((x, i) => exprEquals(x, b.args[i]!));
    case 'select':
      return b.kind === 'select' && a.cond === b.cond && exprEquals(a.a, b.a) && exprEquals(a.b, b.b) &&
        exprEquals(a.then, b.then) && exprEquals(a.else, b.else);
  }
}
