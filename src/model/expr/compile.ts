/**
 * AST → JavaScript expression source, for the model compiler to assemble into `new Function`. Safety
 * rests on what can be emitted: finite numeric literals, accessors returned by the caller's `resolve`
 * and checked against /^[a-z](\[\d+\]|\d+)$/, arithmetic and comparison operators, and `Math.*` calls from a
 * fixed list. Symbol names from the model file are never emitted.
 *
 * Semantics equal `evaluate` (same association order; Hill forms computed as xⁿ/(Kⁿ+xⁿ)), except that
 * literal powers 2 and 3 of a plain operand are written as products for speed.
 */
import { isConstant } from './ast.js';
import type { Call, Expr } from './ast.js';
import { evaluate } from './evaluate.js';

/** What `resolve` may return: an array element (`y[3]`) or a generated local (`s3`, `p12`). */
const ACCESSOR = /^[a-z](?:\[\d+\]|\d+)$/;

export interface CompileOptions {
  /**
   * Hot-loop powers: a literal integer power 1 ≤ |k| ≤ 8 of a plain operand becomes a product (or its
   * reciprocal) and k = 0.5 becomes Math.sqrt. Default: only k = 2 and 3 become products.
   */
  readonly fastPowers?: boolean;
}

interface Ctx {
  readonly resolve: (name: string) => string;
  readonly fastPowers: boolean;
}

/** JavaScript binding strengths of what we emit; negations and conditionals are always parenthesised. */
const SUM = 1;
const PRODUCT = 2;
const ATOM = 3;

interface Emitted {
  readonly src: string;
  readonly prec: number;
}

export function compileToJs(e: Expr, resolve: (name: string) => string, options: CompileOptions = {}): string {
  return emit(e, { resolve, fastPowers: options.fastPowers ?? false }).src;
}

function emit(e: Expr, ctx: Ctx): Emitted {
  const sub = (x: Expr): string => emit(x, ctx).src;
  switch (e.kind) {
    case 'num':
      return { src: literal(e.value), prec: ATOM };
    case 'sym': {
      const acc = ctx.resolve(e.name);
      if (typeof acc !== 'string' || !ACCESSOR.test(acc)) {
        throw new Error(`internal: accessor for symbol '${e.name}' must look like y[3] or s3, got ${JSON.stringify(acc)}`);
      }
      return { src: acc, prec: ATOM };
    }
    case 'unary':
      return { src: `(-${wrap(emit(e.arg, ctx), ATOM)})`, prec: ATOM };
    case 'select':
      return { src: `(${sub(e.a)} ${e.cond === 'lt' ? '<' : '<='} ${sub(e.b)} ? ${sub(e.then)} : ${sub(e.else)})`, prec: ATOM };
    case 'binary': {
      if (e.op === '^') return { src: power(e.left, e.right, ctx), prec: ATOM };
      const prec = e.op === '+' || e.op === '-' ? SUM : PRODUCT;
      const l = wrap(emit(e.left, ctx), prec);
      const r = wrap(emit(e.right, ctx), prec + 1);
      return { src: `${l} ${e.op} ${r}`, prec };
    }
    case 'call':
      return { src: callSource(e, ctx), prec: ATOM };
  }
}

function callSource(e: Call, ctx: Ctx): string {
  const a = e.args;
  const args = (): string => a.map((x) => emit(x, ctx).src).join(', ');
  const s = (i: number): string => emit(a[i]!, ctx).src;
  switch (e.fn) {
    case 'exp':
      return `Math.exp(${s(0)})`;
    case 'log':
    case 'ln':
      return `Math.log(${s(0)})`;
    case 'log10':
      return `Math.log10(${s(0)})`;
    case 'sqrt':
      return `Math.sqrt(${s(0)})`;
    case 'abs':
      return `Math.abs(${s(0)})`;
    case 'min':
      return `Math.min(${args()})`;
    case 'max':
      return `Math.max(${args()})`;
    case 'pow':
      return power(a[0]!, a[1]!, ctx);
    case 'hill':
    case 'hill_rep': {
      const xn = power(a[0]!, a[2]!, ctx);
      const kn = power(a[1]!, a[2]!, ctx);
      return `(${e.fn === 'hill' ? xn : kn} / (${kn} + ${xn}))`;
    }
    case 'mm':
      return `(${s(0)} / (${s(1)} + ${s(0)}))`;
  }
}

/** x^y as an atom: products for literal 2 and 3 on a plain operand, else Math.pow. */
function power(base: Expr, exponent: Expr, ctx: Ctx): string {
  const b = emit(base, ctx).src;
  if (ctx.fastPowers && (base.kind === 'sym' || base.kind === 'num') && exponent.kind === 'num') {
    const k = exponent.value;
    if (Number.isInteger(k) && k !== 0 && Math.abs(k) <= 8) {
      const prod = `(${Array.from({ length: Math.abs(k) }, () => b).join(' * ')})`;
      return k > 0 ? prod : `(1 / ${prod})`;
    }
    if (k === 0.5) return `Math.sqrt(${b})`;
  }
  const plain = base.kind === 'sym' || (base.kind === 'num' && base.value >= 0);
  if (plain && isConstant(exponent)) {
    const k = evaluate(exponent, () => NaN);
    if (k === 2) return `(${b} * ${b})`;
    if (k === 3) return `(${b} * ${b} * ${b})`;
  }
  return `Math.pow(${b}, ${emit(exponent, ctx).src})`;
}

function literal(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal: cannot compile the non-finite number ${v}`);
  return v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v);
}

function wrap(x: Emitted, min: number): string {
  return x.prec < min ? `(${x.src})` : x.src;
}
