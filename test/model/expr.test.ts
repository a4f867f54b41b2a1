import { describe, expect, test } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import { CONC_PER_TIME, CONCENTRATION, DIMENSIONLESS, PER_TIME, sameDims } from '../../src/core/units.js';
import type { Dims } from '../../src/core/units.js';
import {
  ExprSyntaxError,
  ExprUnitError,
  compileToJs,
  differentiate,
  evaluate,
  exprEquals,
  inferDims,
  num,
  parseExpression,
  printExpr,
  simplify,
  symbolsOf,
} from '../../src/model/expr/index.js';
import type { Expr } from '../../src/model/expr/index.js';

const at = (values: Record<string, number>) => (name: string): number => {
  const v = values[name];
  if (v === undefined) throw new Error(`no value for ${name}`);
  return v;
};
const value = (text: string, env: Record<string, number> = {}): number => evaluate(parseExpression(text), at(env));

function syntaxError(text: string): ExprSyntaxError {
  try {
    parseExpression(text);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return e;
    throw e;
  }
  throw new Error(`'${text}' parsed`);
}

describe('parsing: precedence and associativity', () => {
  test.each([
    ['-x^2', '-x^2', { x: 3 }, -9],
    ['-2^2', '-2^2', {}, -4],
    ['(-x)^2', '(-x)^2', { x: 3 }, 9],
    ['2^3^2', '2^3^2', {}, 512],
    ['(2^3)^2', '(2^3)^2', {}, 64],
    ['a-b-c', 'a - b - c', { a: 10, b: 3, c: 2 }, 5],
    ['a-(b-c)', 'a - (b - c)', { a: 10, b: 3, c: 2 }, 9],
    ['a/b/c', 'a/b/c', { a: 12, b: 3, c: 2 }, 2],
    ['a/(b*c)', 'a/(b*c)', { a: 12, b: 3, c: 2 }, 2],
    ['2*3+4*5', '2*3 + 4*5', {}, 26],
    ['(2+3)*4', '(2 + 3)*4', {}, 20],
    ['x^-1', 'x^-1', { x: 4 }, 0.25],
    ['2*-x', '2*-x', { x: 4 }, -8],
    ['+x - -x', 'x - -x', { x: 4 }, 8],
    ['-(-a)', '-(-a)', { a: 4 }, 4],
    ['1e-3 + .5 + 2.5E+2', '0.001 + 0.5 + 250', {}, 250.501],
    ['3 × x − y ÷ 2', '3*x - y/2', { x: 2, y: 4 }, 4],
    ['k1 *\n  X_2', 'k1*X_2', { k1: 2, X_2: 5 }, 10],
    ['hill(x, K, n)', 'hill(x, K, n)', { x: 2, K: 2, n: 3 }, 0.5],
    ['hill_rep(x, K, 1)', 'hill_rep(x, K, 1)', { x: 1, K: 3 }, 0.75],
    ['mm(S, Km)', 'mm(S, Km)', { S: 1, Km: 3 }, 0.25],
    ['min(a, b, 1) + max(a, b)', 'min(a, b, 1) + max(a, b)', { a: 4, b: -2 }, 2],
    ['log10(100) + ln(1) + log(exp(2))', 'log10(100) + ln(1) + log(exp(2))', {}, 4],
    ['pow(2, 10) - sqrt(16) + abs(-1)', 'pow(2, 10) - sqrt(16) + abs(-1)', {}, 1021],
  ] as const)('%j prints as %j and evaluates', (text, printed, env, expected) => {
    const e = parseExpression(text);
    expect(printExpr(e)).toBe(printed);
    expect(exprEquals(parseExpression(printExpr(e)), e)).toBe(true);
    expect(evaluate(e, at(env))).toBeCloseTo(expected, 12);
  });

  test('-x^2 is a negation of a power, x^-y a power of a negation', () => {
    const e = parseExpression('-x^2');
    expect(e.kind).toBe('unary');
    expect(e.kind === 'unary' && e.arg.kind === 'binary' && e.arg.op === '^').toBe(true);
    const f = parseExpression('x^-y');
    expect(f.kind === 'binary' && f.op === '^' && f.right.kind === 'unary').toBe(true);
  });

  test('nodes carry 0-based positions of their tokens', () => {
    const e = parseExpression('k * hill(X, K, 2)');
    expect(e.pos).toBe(2);
    if (e.kind !== 'binary' || e.right.kind !== 'call') throw new Error('shape');
    expect(e.left.pos).toBe(0);
    expect(e.right.pos).toBe(4);
    expect(e.right.args.map((a) => a.pos)).toEqual([9, 12, 15]);
  });

  test('symbolsOf lists symbols, not function names', () => {
    expect([...symbolsOf(parseExpression('k*hill(Nrf2, K, n) + mm(S, S)'))].sort()).toEqual(['K', 'Nrf2', 'S', 'k', 'n']);
  });

  test('function names may still be used as plain symbols', () => {
    expect(value('mm * 2', { mm: 3 })).toBe(6);
  });
});

describe('parsing: syntax errors name the column', () => {
  test.each([
    ['k*(X+', 6, /unterminated expression/],
    ['k*(X', 5, /unterminated expression.*missing '\)' for the '\(' at column 3/],
    ['k**X', 3, /unexpected '\*'.*use \^ for powers/],
    ['2X', 2, /number '2' is followed directly by 'X'.*2\*X/],
    ['a b', 3, /unexpected 'b'.*expected an operator/],
    ['(a+b))', 6, /unexpected '\)'/],
    ['k*(X+1))*2', 8, /unexpected '\)'/],
    ['a $ b', 3, /unknown character '\$'/],
    ['a,b', 2, /unexpected ','/],
    ['2(x)', 2, /unexpected '\('/],
    ['a = 1', 3, /'=' is not allowed/],
    ['"a"', 1, /strings are not allowed/],
    ['y[0]', 2, /'\[' is not allowed/],
    ['1.2.3', 4, /malformed number/],
    ['1e999', 1, /out of range/],
    ['', 1, /empty expression/],
    ['min(a,)', 7, /unexpected '\)'/],
    ['max(a b)', 7, /unexpected 'b'.*expected ',' or '\)'/],
  ] as const)('%j → column %i', (text, column, message) => {
    const err = syntaxError(text);
    expect(err.column).toBe(column);
    expect(err.message).toMatch(message);
  });
});

describe('parsing: only whitelisted functions and safe names', () => {
  test.each([
    ['process.exit()', 8, /'\.' is not allowed/],
    ['constructor', 1, /'constructor' is a reserved name/],
    ['__proto__', 1, /reserved name/],
    ['prototype * 2', 1, /reserved name/],
    ['k*this', 3, /'this' is a reserved name/],
    ['eval(x)', 1, /function 'eval' is not allowed at column 1; allowed: exp, log, ln, log10, sqrt, abs, min, max, pow, hill, hill_rep, mm$/],
    ['Function(x)', 1, /function 'Function' is not allowed/],
    ['2 + constructor(x)', 5, /function 'constructor' is not allowed/],
    ['x.constructor', 2, /'\.' is not allowed/],
    ['`${x}`', 1, /strings are not allowed/],
  ] as const)('%j is rejected at column %i', (text, column, message) => {
    const err = syntaxError(text);
    expect(err.column).toBe(column);
    expect(err.message).toMatch(message);
  });

  test('`problem` is the message without the position, for callers that report it themselves', () => {
    const err = syntaxError('k*process(x)');
    expect(err.problem).toBe("function 'process' is not allowed; allowed: exp, log, ln, log10, sqrt, abs, min, max, pow, hill, hill_rep, mm");
    expect(err.column).toBe(3);
  });

  test.each([
    ['exp(a, b)', /function 'exp' takes 1 argument, got 2/],
    ['min(a)', /function 'min' takes at least 2 arguments, got 1/],
    ['hill(a, b)', /function 'hill' takes 3 arguments, got 2/],
    ['mm()', /function 'mm' takes 2 arguments, got 0/],
  ])('%j has the wrong arity', (text, message) => {
    expect(syntaxError(text).message).toMatch(message);
  });
});

describe('unit inference', () => {
  const dims: Record<string, Dims> = {
    X: CONCENTRATION,
    Nrf2: CONCENTRATION,
    K: CONCENTRATION,
    k: PER_TIME,
    k2: [-1, 3, -1],
    vmax: CONC_PER_TIME,
    n: DIMENSIONLESS,
    f: DIMENSIONLESS,
  };
  const dimsOf = (name: string): Dims | undefined => dims[name];
  const infer = (text: string): Dims => inferDims(parseExpression(text), dimsOf);
  function unitError(text: string): ExprUnitError {
    try {
      infer(text);
    } catch (e) {
      if (e instanceof ExprUnitError) return e;
      throw e;
    }
    throw new Error(`'${text}' passed the unit check`);
  }

  test.each([
    ['k*X', CONC_PER_TIME],
    ['hill(Nrf2, K, n)*vmax', CONC_PER_TIME],
    ['vmax*hill_rep(Nrf2, K, 2)*mm(X, K)', CONC_PER_TIME],
    ['k2*X^2', CONC_PER_TIME],
    ['k2*X*Nrf2 - k*X', CONC_PER_TIME],
    ['X^(1+1)', [2, -6, 0]],
    ['sqrt(X*K)', CONCENTRATION],
    ['(X/K)^n', DIMENSIONLESS],
    ['exp(-f*n) + log(X/K) + log10(2)', DIMENSIONLESS],
    ['min(X, K, 2*Nrf2)/k', [1, -3, 1]],
    ['pow(X, 3)', [3, -9, 0]],
    ['abs(-X)', CONCENTRATION],
    ['X^-1', [-1, 3, 0]],
  ] as [string, Dims][])('%s', (text, expected) => {
    expect(sameDims(infer(text), expected)).toBe(true);
  });

  test.each([
    ['X + k', 3, /'\+' operands have different dimensions: concentration \(µM\) vs 1\/time \(1\/h\)/],
    ['k*X - X', 5, /'-' operands have different dimensions/],
    ['exp(X)', 5, /argument of exp\(\) must be dimensionless, got concentration/],
    ['ln(X)', 4, /argument of ln\(\) must be dimensionless/],
    ['X^n', 2, /needs a literal exponent/],
    ['pow(X, n)', 1, /needs a literal exponent/],
    ['X^k', 3, /exponent of \^ must be dimensionless/],
    ['hill(X, k, n)', 9, /x and K of hill\(\) have different dimensions/],
    ['hill(X, K, X)', 12, /Hill coefficient n of hill\(\) must be dimensionless/],
    ['mm(X, k)', 7, /S and Km of mm\(\) have different dimensions/],
    ['max(X, K, k)', 11, /arguments of max\(\) have different dimensions/],
  ] as const)('%j fails at column %i', (text, column, message) => {
    const err = unitError(text);
    expect(err.column).toBe(column);
    expect(err.message).toMatch(message);
    expect(err.symbol).toBeUndefined();
  });

  test('an unknown symbol is named in the error', () => {
    const err = unitError('k*Nrf3');
    expect(err.symbol).toBe('Nrf3');
    expect(err.column).toBe(3);
    expect(err.message).toMatch(/unknown symbol 'Nrf3'/);
  });
});

/** Expressions over X, Y (species-like) and k, K, n (parameters), all evaluated at positive values. */
const EXPRESSIONS = [
  'hill(X, K, n)',
  'hill_rep(X, K, n)',
  'mm(X, K)',
  'k*X*Y/(K + X)',
  'pow(X, n)',
  'X^Y',
  '2^X',
  'X^1.5 - 3*X^3 + X^2',
  'exp(-k*X)*Y',
  'log(X/K) + ln(Y)',
  'log10(X*Y)',
  'min(X, 2*Y)*k',
  'max(X, Y, K)',
  'sqrt(X*Y + K)',
  'abs(X - 2*Y)',
  'X/(Y - X/4)^2',
  '-X^2*hill(Y, K, 2) + 3/X',
  'hill(X*Y, K + X, n)',
  'hill_rep(X, K*Y, X)',
  'mm(X, X*K + Y)',
  'k*X*Y - K/(1 + (Y/K)^n)',
];
const NAMES = ['X', 'Y', 'k', 'K', 'n'] as const;

function randomPoint(rng: { next(): number }): Record<string, number> {
  return { X: 0.5 + 2.5 * rng.next(), Y: 0.5 + 2.5 * rng.next(), k: 0.1 + rng.next(), K: 0.5 + 1.5 * rng.next(), n: 1 + 2 * rng.next() };
}

describe('differentiate', () => {
  test.each(EXPRESSIONS)('%s matches central differences in every variable', (text) => {
    const e = parseExpression(text);
    const rng = makeRng(`diff:${text}`);
    for (let trial = 0; trial < 20; trial++) {
      const point = randomPoint(rng);
      for (const v of NAMES) {
        const d = differentiate(e, v);
        const h = 1e-6 * Math.max(1, Math.abs(point[v]!));
        const f = (x: number): number => evaluate(e, at({ ...point, [v]: x }));
        const fd = (f(point[v]! + h) - f(point[v]! - h)) / (2 * h);
        const exact = evaluate(d, at(point));
        expect(Math.abs(exact - fd), `d/d${v} of ${text} at ${JSON.stringify(point)}: ${printExpr(d)}`)
          .toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
      }
    }
  });

  test('is exactly zero for a variable the expression does not read', () => {
    const d = differentiate(parseExpression('k*hill(X, K, n)'), 'Y');
    expect(d).toEqual(num(0, d.pos));
  });

  test('simplifies the easy cases', () => {
    expect(printExpr(differentiate(parseExpression('k*X'), 'X'))).toBe('k');
    expect(printExpr(differentiate(parseExpression('X^3'), 'X'))).toBe('3*X^2');
    expect(printExpr(differentiate(parseExpression('2*X + Y'), 'X'))).toBe('2');
    expect(printExpr(differentiate(parseExpression('-X'), 'X'))).toBe('-1');
  });
});

describe('simplify', () => {
  test.each([
    ['0*x + 1*y', 'y'],
    ['x^1 + y^0', 'x + 1'],
    ['-(-x)', 'x'],
    ['x - 0 + (0 - y)', 'x - y'],
    ['(2 + 3)*x/1', '5*x'],
    ['x - x', '0'],
    ['x + -y', 'x - y'],
    ['exp(0)*x', 'x'],
  ])('%s → %s', (text, expected) => {
    expect(printExpr(simplify(parseExpression(text)))).toBe(expected);
  });
});

describe('compileToJs', () => {
  const slot: Record<string, string> = { X: 'y[0]', Y: 'y[1]', k: 'p[0]', K: 'p[1]', n: 'p[2]' };
  const resolve = (name: string): string => slot[name]!;
  const run = (src: string, point: Record<string, number>): number =>
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point of this test
    (new Function('y', 'p', `return ${src};`) as (y: Float64Array, p: Float64Array) => number)(
      Float64Array.of(point.X!, point.Y!),
      Float64Array.of(point.k!, point.K!, point.n!),
    );

  test.each(EXPRESSIONS)('%s and its derivatives compile to what evaluate computes', (text) => {
    const e = parseExpression(text);
    const exprs: Expr[] = [e, ...NAMES.map((v) => differentiate(e, v))];
    const srcs = exprs.map((x) => compileToJs(x, resolve));
    const rng = makeRng(`compile:${text}`);
    for (let trial = 0; trial < 20; trial++) {
      const point = randomPoint(rng);
      exprs.forEach((x, i) => {
        const expected = evaluate(x, at(point));
        expect(Number.isFinite(expected)).toBe(true);
        expect(Math.abs(run(srcs[i]!, point) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-300);
      });
    }
  });

  test('emits only accessors, literals, operators and Math calls', () => {
    const src = compileToJs(parseExpression('k*X^2 - hill(X, K, n)*max(X, Y)/exp(-Y) + 1e-7'), resolve);
    const stripped = src.replace(/Math\.(exp|log|log10|sqrt|abs|min|max|pow)\(/g, '(').replace(/[yp]\[\d+\]/g, '');
    expect(stripped).toMatch(/^[\d.e+\-*/()<=?:, ]*$/);
    expect(src).toContain('(y[0] * y[0])');
  });

  test('rejects accessors that are not a letter and an index', () => {
    const e = parseExpression('k*X');
    expect(() => compileToJs(e, () => 'process')).toThrow(/accessor/);
    expect(() => compileToJs(e, () => 'y[0]; globalThis.x = 1')).toThrow(/accessor/);
    expect(() => compileToJs(e, () => 'y[0]+y[1]')).toThrow(/accessor/);
  });

  test('rejects non-finite literals', () => {
    expect(() => compileToJs(num(Infinity), resolve)).toThrow(/non-finite/);
    expect(() => compileToJs(num(NaN), resolve)).toThrow(/non-finite/);
  });

  test('negations and negative literals stay well-formed', () => {
    const e = simplify(parseExpression('X - -Y - (-2)*X'));
    const src = compileToJs(e, resolve);
    expect(run(src, { X: 1, Y: 2, k: 0, K: 0, n: 0 })).toBe(5);
    expect(run(compileToJs(parseExpression('-(-X)'), resolve), { X: 3, Y: 0, k: 0, K: 0, n: 0 })).toBe(3);
  });
});
