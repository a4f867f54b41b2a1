/**
 * Minimal inputs the fuzz suite found that other modules mishandle, kept as plain examples so each
 * one is named in the test report (the properties stop at their first counterexample). Each states
 * the behaviour issue 8 asks for: an InputError naming the file and a field or line, on one line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { compileModel } from '../../src/model/compile-model.js';
import { parseModelText } from '../../src/model/parse-model.js';
import { ExprSyntaxError, parseExpression } from '../../src/model/expr/index.js';
import { parseScenarioText } from '../../src/scenario/parse-scenario.js';

function expectInputError(fn: () => unknown, file: string): InputError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected an InputError, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.file).toBe(file);
  expect(e.field !== undefined || e.line !== undefined, `names neither field nor line: ${e.message}`).toBe(true);
  expect(e.message, 'one line').not.toMatch(/\n/);
  return e;
}

const model = (text: string) => () => {
  const { spec, src } = parseModelText(text, 'f.yaml');
  return compileModel(spec, src);
};

describe('found by fuzzing: structured text (src/core/structured-text.ts)', () => {
  it('a YAML syntax error names its line (input: a lone double quote)', () => {
    const e = expectInputError(model('"'), 'f.yaml');
    expect(e.line).toBe(1);
  });
  it('a duplicate key names its line', () => {
    expect(expectInputError(model('name: a\nname: b\n'), 'f.yaml').line).toBe(2);
  });
  it('an alias to an undefined anchor is an InputError (input: "a: *x"), not a ReferenceError', () => {
    expectInputError(model('a: *x'), 'f.yaml');
  });
  it('too many aliases (billion laughs) is an InputError, not a ReferenceError', () => {
    const text = 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expectInputError(model(text), 'f.yaml');
  });
  it('a map key that is a collection gives a one-line message (scenario and model)', () => {
    const text = 'name: x\n? [aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccc, dddddddddddddddddddddd]\n: 1\n';
    expectInputError(() => parseScenarioText(text, 'f.yaml'), 'f.yaml');
  });
});

describe('found by fuzzing: model compiler (src/model/compile-model.ts)', () => {
  it('an infinite compartment volume (1e309 or .inf) is an InputError, not "internal: cannot compile the non-finite number"', () => {
    const mini = readFileSync('test/fuzz/corpus/mini-model.yaml', 'utf8');
    const text = mini.replace('volume: { value: 1.4,', 'volume: { value: 1e309,');
    expect(text).not.toBe(mini);
    const e = expectInputError(model(text), 'f.yaml');
    expect(e.field).toBe('compartment.volume.value');
  });
});

describe('found by probing beyond the fuzzers\' size bounds: deep or long rate laws (src/model/expr, compile-model)', () => {
  it('parseExpression of 5000 nested parentheses throws ExprSyntaxError, not RangeError (stack overflow)', () => {
    let err: unknown;
    try {
      parseExpression(`${'('.repeat(5000)}k${')'.repeat(5000)}`);
    } catch (e) {
      err = e;
    }
    expect(err, `got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`).toBeInstanceOf(ExprSyntaxError);
  });
  it('a rate law summing 20,000 terms is an InputError, not RangeError from compileModel', () => {
    const mini = readFileSync('test/fuzz/corpus/mini-model.yaml', 'utf8');
    const text = mini.replace('rate: "k_tx"', `rate: "${Array(20_000).fill('k_tx').join(' + ')}"`);
    expectInputError(model(text), 'f.yaml');
  });
});
