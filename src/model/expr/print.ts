/**
 * Expression → text with the fewest parentheses that parse back to the same tree, for messages,
 * reports and tests of precedence. `parseExpression(printExpr(e))` equals `e` structurally for any
 * parsed `e` (simplified trees may print negative literals, which parse back as negations).
 */
import type { Expr } from './ast.js';

const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'num':
      return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
    case 'sym':
    case 'call':
    case 'select':
      return ATOM;
    case 'unary':
      return UNARY;
    case 'binary':
      return e.op === '^' ? POWER : e.op === '*' || e.op === '/' ? PRODUCT : SUM;
  }
}

function wrap(e: Expr, parens: boolean): string {
  const s = printExpr(e);
  return parens ? `(${s})` : s;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return Object.is(e.value, -0) ? '-0' : String(e.value);
    case 'sym':
      return e.name;
    case 'unary':
      return `-${wrap(e.arg, precedence(e.arg) <= UNARY)}`;
    case 'call':
      return `${e.fn}(${e.args.map(printExpr).join(', ')})`;
    case 'select':
      return `(${printExpr(e.a)} ${e.cond === 'lt' ? '<' : '<='} ${printExpr(e.b)} ? ${printExpr(e.then)} : ${printExpr(e.else)})`;
    case 'binary': {
      const p = precedence(e);
      if (e.op === '^') return `${wrap(e.left, precedence(e.left) <= POWER)}^${wrap(e.right, precedence(e.right) < UNARY)}`;
      const left = wrap(e.left, precedence(e.left) < p);
      const right = wrap(e.right, precedence(e.right) <= p && precedence(e.right) !== UNARY);
      return p === SUM ? `${left} ${e.op} ${right}` : `${left}${e.op}${right}`;
    }
  }
}
