/**
 * Tokens of the rate-law language. The lexer is where everything outside the language is stopped:
 * it knows only numbers, ASCII identifiers, `+ - * / ^ ( ) ,` and whitespace, and names the usual
 * intruders (member access, brackets, strings, assignment) in its errors. The typographic `×`, `÷`
 * and `−` (U+2212) are read as `*`, `/` and `-`, since they survive copy-paste from papers.
 */
import { ExprSyntaxError } from './errors.js';

export type OpChar = '+' | '-' | '*' | '/' | '^' | '(' | ')' | ',';

export type Token =
  | { readonly type: 'num'; readonly value: number; readonly text: string; readonly pos: number }
  | { readonly type: 'ident'; readonly name: string; readonly pos: number }
  | { readonly type: 'op'; readonly op: OpChar; readonly pos: number }
  | { readonly type: 'eof'; readonly pos: number };

const OPS: Readonly<Record<string, OpChar>> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '^': '^', '(': '(', ')': ')', ',': ',',
  '\u00d7': '*', '\u00f7': '/', '\u2212': '-',
};

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const IDENT_CHAR = /[A-Za-z0-9_.]/;

/** Characters worth a specific explanation instead of "unknown character". */
const FORBIDDEN: Readonly<Record<string, string>> = {
  '.': "'.' is not allowed (no member access)",
  '[': "'[' is not allowed (no indexing)",
  ']': "']' is not allowed (no indexing)",
  '{': "'{' is not allowed",
  '}': "'}' is not allowed",
  '"': 'strings are not allowed',
  "'": 'strings are not allowed',
  '`': 'strings are not allowed',
  '=': "'=' is not allowed (no assignment or comparison)",
  ';': "';' is not allowed (one expression only)",
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const op = OPS[c];
    if (op !== undefined && Object.prototype.hasOwnProperty.call(OPS, c)) {
      tokens.push({ type: 'op', op, pos: i });
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      const end = i + m[0].length;
      const next = text[end];
      if (next !== undefined && IDENT_CHAR.test(next)) {
        if (next === '.') throw new ExprSyntaxError(`malformed number '${text.slice(i, end + 1)}'`, end);
        IDENT.lastIndex = end;
        const word = IDENT.exec(text)?.[0] ?? next;
        throw new ExprSyntaxError(`number '${m[0]}' is followed directly by '${word}'`, end,
          `write ${m[0]}*${word} for a product`);
      }
      const value = Number(m[0]);
      if (!Number.isFinite(value)) throw new ExprSyntaxError(`number '${m[0]}' is out of range`, i);
      tokens.push({ type: 'num', value, text: m[0], pos: i });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text)!;
      tokens.push({ type: 'ident', name: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const known = FORBIDDEN[c];
    if (known !== undefined && Object.prototype.hasOwnProperty.call(FORBIDDEN, c)) throw new ExprSyntaxError(known, i);
    throw new ExprSyntaxError(`unknown character '${String.fromCodePoint(text.codePointAt(i)!)}'`, i);
  }
  tokens.push({ type: 'eof', pos: text.length });
  return tokens;
}

/** How a token is named in error messages. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'num':
      return `'${t.text}'`;
    case 'ident':
      return `'${t.name}'`;
    case 'op':
      return `'${t.op}'`;
    case 'eof':
      return 'end of expression';
  }
}
