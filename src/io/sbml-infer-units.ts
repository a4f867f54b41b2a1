/**
 * Units of SBML parameters that declare none, inferred from the kinetic laws they appear in.
 *
 * Many SBML files leave parameters unitless, but an nrf2sim model needs a unit on every parameter
 * (rate laws are checked dimensionally and values converted to µM and hours). The rule used here is
 * the one a reader applies by hand: a kinetic law is an amount per time (or, after its compartment
 * factor is removed, a concentration per time), so in `k * S` with S a concentration, k is 1/time.
 *
 * Propagation, repeated until nothing changes:
 * - top-down from what a node must be: sums and min/max pass the requirement to every operand; in a
 *   product or quotient, once one side's dimensions are known the other's follow; a literal power
 *   divides the requirement by its exponent; exp/log arguments and exponents are dimensionless;
 * - sideways: operands of a sum, min/max, the x and K of hill, S and Km of mm must agree, so a known
 *   one fixes the others.
 * It never overrides a declared unit; inconsistencies are left for the unit checker to report.
 */
import { addDims, scaleDims, subDims, type Dims } from '../core/units.js';
import { evaluate, isConstant, type Expr } from '../model/expr/index.js';

const NONE: Dims = [0, 0, 0];

export interface Law {
  readonly expr: Expr;
  /** What the whole expression must be. */
  readonly target: Dims;
}

/** Dimensions for the names in `unknown` that the laws determine (absent: undetermined). */
export function inferParameterDims(laws: readonly Law[], known: ReadonlyMap<string, Dims>, unknown: ReadonlySet<string>): Map<string, Dims> {
  const found = new Map<string, Dims>();
  let changed = true;
  const dimsOf = (e: Expr): Dims | undefined => bottomUp(e, (n) => known.get(n) ?? found.get(n));
  const assign = (name: string, d: Dims): void => {
    if (!unknown.has(name) || found.has(name) || !d.every(Number.isFinite)) return;
    found.set(name, d);
    changed = true;
  };
  const push = (e: Expr, want: Dims): void => {
    switch (e.kind) {
      case 'num':
        return;
      case 'sym':
        assign(e.name, want);
        return;
      case 'unary':
        push(e.arg, want);
        return;
      case 'select':
        push(e.then, want);
        push(e.else, want);
        return;
      case 'binary': {
        if (e.op === '+' || e.op === '-') {
          push(e.left, want);
          push(e.right, want);
          return;
        }
        if (e.op === '^') {
          power(e.left, e.right, want);
          return;
        }
        const l = dimsOf(e.left);
        const r = dimsOf(e.right);
        if (e.op === '*') {
          if (l && !r) push(e.right, subDims(want, l));
          if (r && !l) push(e.left, subDims(want, r));
        } else {
          if (l && !r) push(e.right, subDims(l, want));
          if (r && !l) push(e.left, addDims(want, r));
        }
        return;
      }
      case 'call': {
        const a = e.args;
        switch (e.fn) {
          case 'exp':
          case 'log':
          case 'ln':
          case 'log10':
            push(a[0]!, NONE);
            return;
          case 'sqrt':
            push(a[0]!, scaleDims(want, 2));
            return;
          case 'abs':
            push(a[0]!, want);
            return;
          case 'min':
          case 'max':
            for (const x of a) push(x, want);
            return;
          case 'pow':
            power(a[0]!, a[1]!, want);
            return;
          case 'hill':
          case 'hill_rep':
            push(a[2]!, NONE);
            return;
          case 'mm':
            return;
        }
      }
    }
  };
  const power = (base: Expr, exponent: Expr, want: Dims): void => {
    push(exponent, NONE);
    if (isConstant(exponent)) {
      const k = evaluate(exponent, () => NaN);
      if (Number.isFinite(k) && k !== 0) push(base, scaleDims(want, 1 / k));
    } else push(base, NONE);
  };
  /** Operands that must agree: a known one fixes the rest. */
  const sideways = (e: Expr): void => {
    const agree = (xs: readonly Expr[]): void => {
      const d = xs.map(dimsOf).find((x) => x !== undefined);
      if (d) for (const x of xs) push(x, d);
    };
    if (e.kind === 'binary' && (e.op === '+' || e.op === '-')) agree([e.left, e.right]);
    if (e.kind === 'call' && (e.fn === 'min' || e.fn === 'max')) agree(e.args);
    if (e.kind === 'call' && (e.fn === 'hill' || e.fn === 'hill_rep' || e.fn === 'mm')) agree([e.args[0]!, e.args[1]!]);
    if (e.kind === 'select') agree([e.a, e.b]);
    const kids = e.kind === 'unary' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : e.kind === 'call' ? e.args : e.kind === 'select' ? [e.a, e.b, e.then, e.else] : [];
    for (const k of kids) sideways(k);
  };
  for (let pass = 0; changed && pass < 100; pass++) {
    changed = false;
    for (const law of laws) {
      push(law.expr, law.target);
      sideways(law.expr);
    }
  }
  return found;
}

/** Dimensions of an expression when every symbol in it is known; undefined otherwise (or when inconsistent). */
function bottomUp(e: Expr, look: (name: string) => Dims | undefined): Dims | undefined {
  const b = (x: Expr): Dims | undefined => bottomUp(x, look);
  switch (e.kind) {
    case 'num':
      return NONE;
    case 'sym':
      return look(e.name);
    case 'unary':
      return b(e.arg);
    case 'select':
      return b(e.then) ?? b(e.else);
    case 'binary': {
      if (e.op === '^') return powerDims(e.left, e.right, look);
      const l = b(e.left);
      const r = b(e.right);
      if (e.op === '+' || e.op === '-') return l ?? r;
      if (!l || !r) return undefined;
      return e.op === '*' ? addDims(l, r) : subDims(l, r);
    }
    case 'call':
      switch (e.fn) {
        case 'exp':
        case 'log':
        case 'ln':
        case 'log10':
        case 'hill':
        case 'hill_rep':
        case 'mm':
          return NONE;
        case 'sqrt': {
          const d = b(e.args[0]!);
          return d && scaleDims(d, 0.5);
        }
        case 'abs':
          return b(e.args[0]!);
        case 'min':
        case 'max':
          return e.args.map(b).find((d) => d !== undefined);
        case 'pow':
          return powerDims(e.args[0]!, e.args[1]!, look);
      }
  }
}

function powerDims(base: Expr, exponent: Expr, look: (name: string) => Dims | undefined): Dims | undefined {
  const d = bottomUp(base, look);
  if (!d) return undefined;
  if (d.every((x) => x === 0)) return NONE;
  if (!isConstant(exponent)) return undefined;
  const k = evaluate(exponent, () => NaN);
  return Number.isFinite(k) ? scaleDims(d, k) : undefined;
}
