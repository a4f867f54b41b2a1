/**
 * Algebraic clean-up of generated expressions (mainly derivatives, which are full of `0*x` and `1*x`
 * before this). Rules are local and exact for finite operands: constant folding (only when the result
 * is finite), additive and multiplicative identities, `x^0`, `x^1`, `x - x`, sign propagation, and
 * selects whose branches agree. `0*x` → 0 assumes x finite, as every symbolic differentiator does.
 */
import { bin, call, exprEquals, neg, num, select } from './ast.js';
import type { BinaryOp, Expr } from './ast.js';
import { applyBinary, applyCall } from './evaluate.js';

export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'sym':
      return e;
    case 'unary':
      return negate(simplify(e.arg), e.pos);
    case 'binary':
      return simplifyBinary(e.op, simplify(e.left), simplify(e.right), e.pos);
    case 'call': {
      const args = e.args.map(simplify);
      if (args.every((a) => a.kind === 'num')) {
        const v = applyCall(e.fn, args.map((a) => (a as { value: number }).value));
        if (Number.isFinite(v)) return num(v, e.pos);
      }
      return call(e.fn, args, e.pos);
    }
    case 'select': {
      const a = simplify(e.a);
      const b = simplify(e.b);
      const then = simplify(e.then);
      const otherwise = simplify(e.else);
      if (exprEquals(then, otherwise)) return then;
      if (a.kind === 'num' && b.kind === 'num') return (e.cond === 'lt' ? a.value < b.value : a.value <= b.value) ? then : otherwise;
      return select(e.cond, a, b, then, otherwise, e.pos);
    }
  }
}

const isNum = (e: Expr, v: number): boolean => e.kind === 'num' && e.value === v;

/** −x for an already simplified x. */
export function negate(x: Expr, pos = x.pos): Expr {
  if (x.kind === 'num') return num(x.value === 0 ? 0 : -x.value, pos);
  if (x.kind === 'unary') return x.arg;
  if (x.kind === 'binary' && x.op === '-') return bin('-', x.right, x.left, pos);
  return neg(x, pos);
}

function simplifyBinary(op: BinaryOp, l: Expr, r: Expr, pos: number): Expr {
  if (l.kind === 'num' && r.kind === 'num') {
    const v = applyBinary(op, l.value, r.value);
    if (Number.isFinite(v)) return num(v === 0 ? 0 : v, pos);
  }
  switch (op) {
    case '+':
      if (isNum(l, 0)) return r;
      if (isNum(r, 0)) return l;
      if (r.kind === 'unary') return simplifyBinary('-', l, r.arg, pos);
      if (r.kind === 'num' && r.value < 0) return bin('-', l, num(-r.value, r.pos), pos);
      if (l.kind === 'unary') return simplifyBinary('-', r, l.arg, pos);
      return bin('+', l, r, pos);
    case '-':
      if (isNum(r, 0)) return l;
      if (isNum(l, 0)) return negate(r, pos);
      if (exprEquals(l, r)) return num(0, pos);
      if (r.kind === 'unary') return simplifyBinary('+', l, r.arg, pos);
      if (r.kind === 'num' && r.value < 0) return bin('+', l, num(-r.value, r.pos), pos);
      return bin('-', l, r, pos);
    case '*':
      if (isNum(l, 0) || isNum(r, 0)) return num(0, pos);
      if (isNum(l, 1)) return r;
      if (isNum(r, 1)) return l;
      if (isNum(l, -1)) return negate(r, pos);
      if (isNum(r, -1)) return negate(l, pos);
      if (l.kind === 'unary') return negate(simplifyBinary('*', l.arg, r, pos), pos);
      if (r.kind === 'unary') return negate(simplifyBinary('*', l, r.arg, pos), pos);
      if (l.kind === 'num' && r.kind === 'binary' && r.op === '*' && r.left.kind === 'num') {
        return simplifyBinary('*', num(l.value * r.left.value, pos), r.right, pos);
      }
      if (r.kind === 'num') return bin('*', r, l, pos);
      return bin('*', l, r, pos);
    case '/':
      if (isNum(l, 0)) return num(0, pos);
      if (isNum(r, 1)) return l;
      if (isNum(r, -1)) return negate(l, pos);
      if (l.kind === 'unary') return negate(simplifyBinary('/', l.arg, r, pos), pos);
      if (r.kind === 'unary') return negate(simplifyBinary('/', l, r.arg, pos), pos);
      return bin('/', l, r, pos);
    case '^':
      if (isNum(r, 0)) return num(1, pos);
      if (isNum(r, 1)) return l;
      if (isNum(l, 1)) return num(1, pos);
      return bin('^', l, r, pos);
  }
}
