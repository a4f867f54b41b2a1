/**
 * Rewrites the convenience functions into primitive operators so that rules written once for
 * `+ - * / ^ exp log` cover them: hill, hill_rep, mm, pow, ln and log10 disappear.
 */
import { bin, call, neg, num, select } from './ast.js';
import type { Expr } from './ast.js';

export function expand(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'sym':
      return e;
    case 'unary':
      return neg(expand(e.arg), e.pos);
    case 'binary':
      return bin(e.op, expand(e.left), expand(e.right), e.pos);
    case 'select':
      return select(e.cond, expand(e.a), expand(e.b), expand(e.then), expand(e.else), e.pos);
    case 'call': {
      const a = e.args.map(expand);
      const p = e.pos;
      switch (e.fn) {
        case 'hill':
          return bin('/', bin('^', a[0]!, a[2]!, p), bin('+', bin('^', a[1]!, a[2]!, p), bin('^', a[0]!, a[2]!, p), p), p);
        case 'hill_rep':
          return bin('/', bin('^', a[1]!, a[2]!, p), bin('+', bin('^', a[1]!, a[2]!, p), bin('^', a[0]!, a[2]!, p), p), p);
        case 'mm':
          return bin('/', a[0]!, bin('+', a[1]!, a[0]!, p), p);
        case 'pow':
          return bin('^', a[0]!, a[1]!, p);
        case 'ln':
          return call('log', a, p);
        case 'log10':
          return bin('/', call('log', a, p), num(Math.LN10, p), p);
        default:
          return call(e.fn, a, p);
      }
    }
  }
}
