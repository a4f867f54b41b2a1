/**
 * Dimensional inference for rate laws (STYLE §6 rule 6). The caller supplies each symbol's dimensions
 * and compares the result with what the context needs (µM/h for a reaction rate); this module only
 * knows the rules of the operators and functions:
 * - `+`, `-`, `min`, `max`, and both branches of an internal select need operands of equal dimensions;
 * - `exp`, `log`, `ln`, `log10` need a dimensionless argument;
 * - `x^y` and `pow(x, y)` need a dimensionless exponent, and when x has dimensions, y must be made of
 *   literals only (its value scales the dimensions: `um^3`-style `X^2` is µM²);
 * - `sqrt` halves dimensions; `hill`, `hill_rep` (x, K alike, n dimensionless) and `mm` (S, Km alike)
 *   are dimensionless fractions.
 */
import { addDims, formatDims, isDimensionless, sameDims, scaleDims, subDims } from '../../core/units.js';
import type { Dims } from '../../core/units.js';
import { isConstant } from './ast.js';
import type { Expr } from './ast.js';
import { ExprUnitError } from './errors.js';
import { evaluate } from './evaluate.js';

const NONE: Dims = [0, 0, 0];

export function inferDims(e: Expr, dimsOf: (name: string) => Dims | undefined): Dims {
  const infer = (x: Expr): Dims => inferDims(x, dimsOf);
  switch (e.kind) {
    case 'num':
      return NONE;
    case 'sym': {
      const d = dimsOf(e.name);
      if (d === undefined) throw new ExprUnitError(`unknown symbol '${e.name}'`, e.pos, e.name);
      return d;
    }
    case 'unary':
      return infer(e.arg);
    case 'select': {
      requireSame('comparison', [e.a, e.b], [infer(e.a), infer(e.b)]);
      return requireSame('conditional', [e.then, e.else], [infer(e.then), infer(e.else)]);
    }
    case 'binary': {
      if (e.op === '^') return powerDims(e.left, e.right, e.pos, '^', infer);
      const l = infer(e.left);
      const r = infer(e.right);
      if (e.op === '*') return addDims(l, r);
      if (e.op === '/') return subDims(l, r);
      if (!sameDims(l, r)) {
        throw new ExprUnitError(`'${e.op}' operands have different dimensions: ${formatDims(l)} vs ${formatDims(r)}`, e.pos);
      }
      return l;
    }
    case 'call': {
      const a = e.args;
      switch (e.fn) {
        case 'exp':
        case 'log':
        case 'ln':
        case 'log10':
          requireDimensionless(`argument of ${e.fn}()`, a[0]!, infer(a[0]!));
          return NONE;
        case 'sqrt':
          return scaleDims(infer(a[0]!), 0.5);
        case 'abs':
          return infer(a[0]!);
        case 'min':
        case 'max':
          return requireSame(`arguments of ${e.fn}()`, a, a.map(infer));
        case 'pow':
          return powerDims(a[0]!, a[1]!, e.pos, 'pow()', infer);
        case 'hill':
        case 'hill_rep':
          requireSame(`x and K of ${e.fn}()`, [a[0]!, a[1]!], [infer(a[0]!), infer(a[1]!)]);
          requireDimensionless(`Hill coefficient n of ${e.fn}()`, a[2]!, infer(a[2]!));
          return NONE;
        case 'mm':
          requireSame('S and Km of mm()', [a[0]!, a[1]!], [infer(a[0]!), infer(a[1]!)]);
          return NONE;
      }
    }
  }
}

function requireSame(what: string, nodes: readonly Expr[], dims: readonly Dims[]): Dims {
  const first = dims[0]!;
  for (let i = 1; i < dims.length; i++) {
    if (!sameDims(first, dims[i]!)) {
      throw new ExprUnitError(`${what} have different dimensions: ${formatDims(first)} vs ${formatDims(dims[i]!)}`, nodes[i]!.pos);
    }
  }
  return first;
}

function requireDimensionless(what: string, node: Expr, d: Dims): void {
  if (!isDimensionless(d)) throw new ExprUnitError(`${what} must be dimensionless, got ${formatDims(d)}`, node.pos);
}

function powerDims(base: Expr, exponent: Expr, pos: number, op: string, infer: (x: Expr) => Dims): Dims {
  const b = infer(base);
  requireDimensionless(`exponent of ${op}`, exponent, infer(exponent));
  if (isDimensionless(b)) return NONE;
  if (!isConstant(exponent)) {
    throw new ExprUnitError(
      `${op} with a base of dimensions ${formatDims(b)} needs a literal exponent (its dimensions would vary with the exponent's value)`,
      pos,
    );
  }
  const k = evaluate(exponent, () => NaN);
  if (!Number.isFinite(k)) throw new ExprUnitError(`exponent of ${op} is not a finite number`, exponent.pos);
  return scaleDims(b, k);
}
