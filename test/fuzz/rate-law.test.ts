/**
 * Fuzzing the rate-law language (parse → check units → differentiate → compile), the unit parser and
 * the reaction-equation parser with random, grammar-generated and mutated input. Each may only throw
 * its documented error: ExprSyntaxError (parseExpression), ExprUnitError (inferDims),
 * UnitSyntaxError (parseUnit), a plain Error with a message (parseEquation); whatever parses and
 * checks must compile, differentiate, print back to the same tree, and evaluate like the interpreter.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitSyntaxError, parseUnit, type Dims } from '../../src/core/units.js';
import { parseEquation } from '../../src/model/equation.js';
import {
  ExprSyntaxError,
  ExprUnitError,
  FUNCTION_NAMES,
  compileToJs,
  differentiate,
  evaluate,
  exprEquals,
  inferDims,
  parseExpression,
  printExpr,
  symbolsOf,
  type Expr,
} from '../../src/model/expr/index.js';
import { RUNS, mutated, onlyAllowed, params } from './support.js';

/** Symbols the fuzzed rate laws may read, with dimensions [amount, length, time]. */
const DIMS: Record<string, Dims> = {
  S: [1, -3, 0],
  X: [1, -3, 0],
  k: [0, 0, -1],
  K: [1, -3, 0],
  n: [0, 0, 0],
  f: [0, 0, 0],
  v: [1, -3, -1],
  q: [1, 0, -1],
};
const SPECIES = ['S', 'X'];
const NAMES = [...Object.keys(DIMS), 'unknown_sym', 'constructor', '__proto__', 'Math', 'process', 'NaN', 'Infinity', 'this'];
const dimsOf = (name: string): Dims | undefined => DIMS[name];
const index = new Map(Object.keys(DIMS).map((n, i) => [n, i] as const));
const accessor = (name: string): string => (SPECIES.includes(name) ? `y[${SPECIES.indexOf(name)}]` : `p[${index.get(name)}]`);

const numberText = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
  fc.constantFrom('0.5', '.5', '5.', '1e-7', '2e+3', '1E3', '1e309', '1.5.2', '3x', '0x10', '1e', '007'),
);

/** Rate-law text from the grammar, with deliberate mistakes (unknown functions, wrong arities, odd names). */
const grammarText: fc.Arbitrary<string> = fc.letrec<{ e: string; atom: string }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 5, depthSize: 'small' },
    tie('atom'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '×', '−', '**', ''), tie('e')).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('e').map((x) => `-${x}`),
    tie('e').map((x) => `(${x})`),
    fc
      .tuple(fc.constantFrom(...FUNCTION_NAMES, ...FUNCTION_NAMES, 'sin', 'eval', 'constructor'), fc.array(tie('e'), { minLength: 0, maxLength: 4 }))
      .map(([fn, args]) => `${fn}(${args.join(', ')})`),
  ),
  atom: fc.oneof(fc.constantFrom(...NAMES), numberText),
})).e;

const TOKENS = [...'+-*/^(),.[]{}=;\'"` \t\n', ...FUNCTION_NAMES, ...NAMES, '1', '2.5', '1e3', '×', '÷', '−', 'µ', '\u0000', '😀'];
const randomText = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const MODEL_RATES = [...readFileSync('models/nrf2-trxr-ros.yaml', 'utf8').matchAll(/rate: "([^"]+)"/g)].map((m) => m[1]!);

/**
 * Compiled and interpreted values agree up to rounding: the compiler writes literal powers 2 and 3 as
 * products, which can differ in the last bit (and cancellation can expose that bit), so the tolerance
 * is relative to max(1, |value|) — code-generation mistakes (precedence, argument order) are far larger.
 */
function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The whole pipeline on one text; throws (failing the property) on any undocumented behaviour. */
function checkRateLaw(text: string): void {
  let expr: Expr | undefined;
  onlyAllowed(
    () => {
      expr = parseExpression(text);
    },
    (e) => (e instanceof ExprSyntaxError ? (e.column >= 1 && e.column <= text.length + 1 && e.problem ? undefined : `bad column ${e.column}`) : 'parseExpression threw other than ExprSyntaxError'),
  );
  if (!expr) return;
  const parsed = expr;
  // Printing and re-parsing gives the same tree.
  const printed = printExpr(parsed);
  if (!exprEquals(parseExpression(printed), parsed)) throw new Error(`printExpr does not round-trip: '${text}' → '${printed}'`);
  let ok = false;
  onlyAllowed(
    () => {
      inferDims(parsed, dimsOf);
      ok = true;
    },
    (e) => (e instanceof ExprUnitError ? (e.column >= 1 ? undefined : 'bad column') : 'inferDims threw other than ExprUnitError'),
  );
  if (!ok) return;
  // Checked expressions compile, differentiate, and evaluate like the interpreter.
  const src = compileToJs(parsed, accessor);
  const fn = new Function('y', 'p', `return ${src};`) as (y: Float64Array, p: Float64Array) => number;
  const y = Float64Array.from([0.7, 2.5]);
  const p = Float64Array.from(Object.keys(DIMS).map((_, i) => 0.3 + i * 0.9));
  const env = (name: string): number => (SPECIES.includes(name) ? y[SPECIES.indexOf(name)]! : p[index.get(name)!]!);
  const compiled = fn(y, p);
  const interpreted = evaluate(parsed, env);
  if (!sameNumber(compiled, interpreted)) throw new Error(`compiled ${compiled} ≠ interpreted ${interpreted} for '${text}'`);
  for (const s of symbolsOf(parsed)) {
    const d = differentiate(parsed, s);
    new Function('y', 'p', `return ${compileToJs(d, accessor)};`);
  }
}

describe('fuzz: rate-law language (parse, units, differentiate, compile)', () => {
  it(`random text (${RUNS.rateLawRandom} cases): only ExprSyntaxError/ExprUnitError`, () => {
    fc.assert(fc.property(randomText, (t) => checkRateLaw(t)), params(RUNS.rateLawRandom));
  });
  it(`grammar-generated expressions (${RUNS.rateLawGrammar} cases)`, () => {
    fc.assert(fc.property(grammarText, (t) => checkRateLaw(t)), params(RUNS.rateLawGrammar));
  });
  it(`mutated rate laws of the core model (${RUNS.rateLawMutated} cases)`, () => {
    const base = fc.constantFrom(...MODEL_RATES);
    fc.assert(fc.property(base.chain((r) => mutated(r)), (t) => checkRateLaw(t)), params(RUNS.rateLawMutated));
  });
  it('the core model\'s own rate laws pass the pipeline', () => {
    expect(MODEL_RATES.length).toBeGreaterThan(10);
    for (const r of MODEL_RATES) expect(() => parseExpression(r)).not.toThrow();
  });
});

const UNIT_TOKENS = ['uM', 'nM', 'mM', 'M', 'molecules', 'mol', 'L', 'pL', 'um', 'h', 's', 'min', 'd', 'dimensionless', '1', '/', '*', '^', '-', '(', ')', ' ', '2', '0.5', '3', 'µ', 'x', '.', '--', '^^', '1e3'];

describe('fuzz: unit and equation parsers', () => {
  it(`unit strings (${RUNS.units} cases): only UnitSyntaxError`, () => {
    const text = fc.oneof(fc.array(fc.constantFrom(...UNIT_TOKENS), { maxLength: 12 }).map((t) => t.join('')), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(text, (t) => {
        onlyAllowed(
          () => {
            const u = parseUnit(t);
            if (!Number.isFinite(u.factor) && u.factor !== Infinity) throw new Error(`factor ${u.factor}`);
          },
          (e) => (e instanceof UnitSyntaxError && e.column >= 1 ? undefined : 'parseUnit threw other than UnitSyntaxError'),
        );
      }),
      params(RUNS.units),
    );
  });
  it(`reaction equations (${RUNS.equations} cases): only an Error with a message`, () => {
    const text = fc.oneof(
      fc.array(fc.constantFrom('->', '-', '>', '+', ' ', 'A', 'B2', '2', '0', '∅', '*', '2 A', 'Nrf2', '3.5', '__proto__', '1e3'), { maxLength: 10 }).map((t) => t.join(' ')),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        onlyAllowed(
          () => parseEquation(t),
          (e) => (e instanceof Error && e.constructor === Error && e.message.length > 5 ? undefined : 'parseEquation threw other than a plain Error'),
        );
      }),
      params(RUNS.equations),
    );
  });
});
