/**
 * Recursive-descent parser for rate laws. Precedence, loosest first:
 * ```
 * sum     := product (('+' | '-') product)*
 * product := unary (('*' | '/') unary)*
 * unary   := ('-' | '+') unary | power
 * power   := primary ('^' unary)?          right-associative; -x^2 = -(x^2); x^-1 allowed
 * primary := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
 * ```
 * Only whitelisted functions may be called (see functions.ts), and names that mean something to
 * JavaScript (`constructor`, `__proto__`, `this`, `eval`, …) are refused even as plain symbols, so
 * nothing from a model file can reach generated code except through a validated accessor.
 */
import { bin, call, neg, num, sym } from './ast.js';
import type { Expr } from './ast.js';
import { ExprSyntaxError } from './errors.js';
import { FUNCTIONS, FUNCTION_NAMES, describeArity, isFunctionName } from './functions.js';
import { describeToken, tokenize } from './lexer.js';
import type { OpChar, Token } from './lexer.js';

/**
 * Names refused as symbols: JavaScript keywords and literals, ambient globals, and Object.prototype
 * members (a symbol table kept in a plain object would otherwise resolve them). Names starting with
 * `__` are refused as well.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected',
  'public', 'await', 'async', 'of',
  'eval', 'arguments', 'Function', 'globalThis', 'window', 'self', 'global', 'process', 'require', 'module',
  'exports', 'Math', 'Object', 'Array', 'Number', 'String', 'Symbol', 'Reflect', 'Proxy', 'Infinity', 'NaN',
  'undefined',
  'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString',
  'toLocaleString', 'valueOf',
]);

export function isReservedName(name: string): boolean {
  return RESERVED.has(name) || name.startsWith('__');
}

/** Parse one rate-law expression. Throws `ExprSyntaxError` with a 1-based column. */
/** Deeper nesting than this is refused before the recursive-descent parser could overflow the stack. */
export const MAX_EXPRESSION_DEPTH = 100;

export function parseExpression(text: string): Expr {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth > MAX_EXPRESSION_DEPTH) throw new ExprSyntaxError(`parentheses nested deeper than ${MAX_EXPRESSION_DEPTH}`, i, 'simplify the expression');
  }
  const tokens = tokenize(text);
  if (tokens.length === 1) throw new ExprSyntaxError('empty expression', 0);
  const p = new Parser(tokens);
  const e = p.sum();
  p.expectEnd();
  return e;
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isOp(op: OpChar): boolean {
    const t = this.peek();
    return t.type === 'op' && t.op === op;
  }

  sum(): Expr {
    let left = this.product();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || (t.op !== '+' && t.op !== '-')) return left;
      this.i++;
      left = bin(t.op, left, this.product(), t.pos);
    }
  }

  private product(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || (t.op !== '*' && t.op !== '/')) return left;
      this.i++;
      left = bin(t.op, left, this.unary(), t.pos);
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.type === 'op' && t.op === '-') {
      this.i++;
      return neg(this.unary(), t.pos);
    }
    if (t.type === 'op' && t.op === '+') {
      this.i++;
      return this.unary();
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (t.type !== 'op' || t.op !== '^') return base;
    this.i++;
    return bin('^', base, this.unary(), t.pos);
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.type === 'num') {
      this.i++;
      return num(t.value, t.pos);
    }
    if (t.type === 'ident') {
      this.i++;
      if (this.isOp('(')) return this.callArgs(t.name, t.pos);
      if (isReservedName(t.name)) {
        throw new ExprSyntaxError(`'${t.name}' is a reserved name and cannot be used in a rate law`, t.pos);
      }
      return sym(t.name, t.pos);
    }
    if (t.type === 'op' && t.op === '(') {
      this.i++;
      const inner = this.sum();
      this.expectClose(t.pos);
      return inner;
    }
    throw this.unexpected(t, 'expected a number, a name or \'(\'');
  }

  private callArgs(name: string, pos: number): Expr {
    if (!isFunctionName(name)) {
      throw new ExprSyntaxError(`function '${name}' is not allowed`, pos, `allowed: ${FUNCTION_NAMES.join(', ')}`);
    }
    const open = this.peek().pos;
    this.i++;
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.sum());
      while (this.isOp(',')) {
        this.i++;
        args.push(this.sum());
      }
    }
    this.expectClose(open, "expected ',' or ')'");
    const spec = FUNCTIONS.get(name)!;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw new ExprSyntaxError(`function '${name}' ${describeArity(spec)}, got ${args.length}`, pos);
    }
    return call(name, args, pos);
  }

  private expectClose(openPos: number, expected = "expected ')'"): void {
    const t = this.peek();
    if (t.type === 'op' && t.op === ')') {
      this.i++;
      return;
    }
    if (t.type === 'eof') {
      throw new ExprSyntaxError('unterminated expression', t.pos, `missing ')' for the '(' at column ${openPos + 1}`);
    }
    throw this.unexpected(t, expected);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type === 'eof') return;
    if (t.type === 'op' && t.op === ')') throw new ExprSyntaxError("unexpected ')'", t.pos, "no '(' to close");
    if (t.type === 'op' && t.op === '(') throw new ExprSyntaxError("unexpected '('", t.pos, 'write * for a product');
    if (t.type === 'op' && t.op === ',') {
      throw new ExprSyntaxError("unexpected ','", t.pos, 'commas only separate function arguments');
    }
    throw this.unexpected(t, 'expected an operator (+ - * / ^)');
  }

  private unexpected(t: Token, expected: string): ExprSyntaxError {
    if (t.type === 'eof') return new ExprSyntaxError('unterminated expression', t.pos, expected);
    const prev = this.tokens[this.i - 1];
    if (t.type === 'op' && t.op === '*' && prev?.type === 'op' && prev.op === '*') {
      return new ExprSyntaxError("unexpected '*'", t.pos, 'use ^ for powers');
    }
    return new ExprSyntaxError(`unexpected ${describeToken(t)}`, t.pos, expected);
  }
}
