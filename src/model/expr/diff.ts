/**
 * Symbolic differentiation, for the analytic Jacobian of compiled models. The result is simplified,
 * and is exactly `num(0)` when the expression does not read the variable, so callers can skip
 * structural zeros.
 *
 * Piecewise functions differentiate into internal `select` nodes: d min(a, b) = (a ≤ b ? a' : b'),
 * d max(a, b) = (a < b ? b' : a'), d|u| = (u < 0 ? −u' : u'); at ties the choice is one of the one-sided
 * derivatives, which is all a Newton iteration needs. Hill and Michaelis–Menten terms use their
 * closed-form derivatives when only the first argument depends on the variable (the Jacobian case:
 * K and n are parameters), and are expanded into primitives otherwise.
 */
import { bin, call, neg, num, select, symbolsOf } from './ast.js';
import type { Binary, Call, Expr } from './ast.js';
import { expand } from './expand.js';
import { simplify } from './simplify.js';

export function differentiate(e: Expr, name: string): Expr {
  if (!symbolsOf(e).has(name)) return num(0, e.pos);
  return simplify(derive(e, name));
}

const depends = (e: Expr, name: string): boolean => symbolsOf(e).has(name);

function derive(e: Expr, v: string): Expr {
  const p = e.pos;
  switch (e.kind) {
    case 'num':
      return num(0, p);
    case 'sym':
      return num(e.name === v ? 1 : 0, p);
    case 'unary':
      return neg(derive(e.arg, v), p);
    case 'select':
      return select(e.cond, e.a, e.b, derive(e.then, v), derive(e.else, v), p);
    case 'binary':
      return deriveBinary(e, v);
    case 'call':
      return deriveCall(e, v);
  }
}

function deriveBinary(e: Binary, v: string): Expr {
  const { left: l, right: r, pos: p } = e;
  switch (e.op) {
    case '+':
    case '-':
      return bin(e.op, derive(l, v), derive(r, v), p);
    case '*':
      return bin('+', bin('*', derive(l, v), r, p), bin('*', l, derive(r, v), p), p);
    case '/':
      if (!depends(r, v)) return bin('/', derive(l, v), r, p);
      return bin('/', bin('-', bin('*', derive(l, v), r, p), bin('*', l, derive(r, v), p), p), bin('^', r, num(2, p), p), p);
    case '^':
      return derivePower(l, r, v, p);
  }
}

/** d(x^y): constant exponent n·x^(n−1)·x'; constant base x^y·log(x)·y'; else x^y·(y'·log x + y·x'/x). */
function derivePower(x: Expr, y: Expr, v: string, p: number): Expr {
  const dx = depends(x, v);
  const dy = depends(y, v);
  if (!dy) return bin('*', bin('*', y, bin('^', x, bin('-', y, num(1, p), p), p), p), derive(x, v), p);
  const xy = bin('^', x, y, p);
  const logx = call('log', [x], p);
  if (!dx) return bin('*', bin('*', xy, logx, p), derive(y, v), p);
  return bin('*', xy, bin('+', bin('*', derive(y, v), logx, p), bin('/', bin('*', y, derive(x, v), p), x, p), p), p);
}

function deriveCall(e: Call, v: string): Expr {
  const p = e.pos;
  const a = e.args;
  const u = a[0]!;
  const du = (): Expr => derive(u, v);
  switch (e.fn) {
    case 'exp':
      return bin('*', e, du(), p);
    case 'log':
    case 'ln':
      return bin('/', du(), u, p);
    case 'log10':
      return bin('/', du(), bin('*', u, num(Math.LN10, p), p), p);
    case 'sqrt':
      return bin('/', du(), bin('*', num(2, p), e, p), p);
    case 'abs':
      return select('lt', u, num(0, p), neg(du(), p), du(), p);
    case 'min':
    case 'max': {
      const head = a.length > 2 ? call(e.fn, a.slice(0, -1), p) : u;
      const last = a[a.length - 1]!;
      const dh = derive(head, v);
      const dl = derive(last, v);
      return e.fn === 'min' ? select('le', head, last, dh, dl, p) : select('lt', head, last, dl, dh, p);
    }
    case 'pow':
      return derivePower(u, a[1]!, v, p);
    case 'hill':
    case 'hill_rep': {
      const [x, k, n] = [u, a[1]!, a[2]!];
      if (depends(k, v) || depends(n, v)) return derive(expand(e), v);
      // d/dx xⁿ/(Kⁿ+xⁿ) = n·x^(n−1)·Kⁿ/(Kⁿ+xⁿ)²; the repressor's is its negative.
      const kn = bin('^', k, n, p);
      const slope = bin('/', bin('*', bin('*', n, bin('^', x, bin('-', n, num(1, p), p), p), p), kn, p),
        bin('^', bin('+', kn, bin('^', x, n, p), p), num(2, p), p), p);
      const signed = e.fn === 'hill' ? slope : neg(slope, p);
      return bin('*', signed, du(), p);
    }
    case 'mm': {
      const km = a[1]!;
      if (depends(km, v)) return derive(expand(e), v);
      // d/dS S/(Km+S) = Km/(Km+S)².
      return bin('*', bin('/', km, bin('^', bin('+', km, u, p), num(2, p), p), p), du(), p);
    }
  }
}
