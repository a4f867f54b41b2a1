/**
 * Rate-law AST → MathML (the subset SBML Level 3 uses), for the SBML exporter.
 *
 * Written from the parsed, checked syntax tree rather than the rate-law text, so the MathML has
 * exactly the structure our engines evaluate: binary operators stay binary in source order (no
 * re-association), and our convenience functions are expanded into plain MathML any SBML tool reads:
 *
 * | ours              | MathML                                              |
 * |-------------------|-----------------------------------------------------|
 * | `hill(x, K, n)`   | x^n / (K^n + x^n)                                   |
 * | `hill_rep(x,K,n)` | K^n / (K^n + x^n)                                   |
 * | `mm(S, Km)`       | S / (Km + S)                                        |
 * | `min(a, b, …)`    | piecewise(a, a ≤ b, b), nested left to right        |
 * | `max(a, b, …)`    | piecewise(a, a ≥ b, b), nested left to right        |
 * | `log`, `ln`       | `<ln/>`;  `log10` → `<log/>` (MathML's default base is 10) |
 * | `sqrt`            | `<root/>` (default degree 2);  `pow(x, y)`, `x^y` → `<power/>` |
 *
 * The expansions use the same operation order as our compiled JavaScript (see expr/compile.ts), so
 * an importer that recognises them (sbml-mathml-read.ts) gets back bit-identical arithmetic. min/max
 * use piecewise rather than L3V2's `<min/>`/`<max/>` because many tools still read only L3V1 MathML.
 *
 * Numbers carry `sbml:units="dimensionless"`: in our language every literal is dimensionless, and
 * saying so lets libSBML's unit checks see through expressions like `1 - knockdown`.
 */
import type { Expr } from '../model/expr/ast.js';
import { el, text, type XmlElement } from './xml-writer.js';

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

const apply = (op: string, ...args: XmlElement[]): XmlElement => el('apply', {}, el(op), ...args);

function cn(v: number): XmlElement {
  if (!Number.isFinite(v)) throw new Error(`internal: cannot write the non-finite number ${v} as MathML`);
  return el('cn', { 'sbml:units': 'dimensionless' }, text(` ${Object.is(v, -0) ? '-0' : String(v)} `));
}

/** The MathML content element for an expression (no surrounding `<math>`). */
export function exprToMathml(e: Expr): XmlElement {
  const m = exprToMathml;
  switch (e.kind) {
    case 'num':
      return cn(e.value);
    case 'sym':
      return el('ci', {}, text(` ${e.name} `));
    case 'unary':
      return apply('minus', m(e.arg));
    case 'binary': {
      const op = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divide', '^': 'power' }[e.op];
      return apply(op, m(e.left), m(e.right));
    }
    case 'select': {
      const rel = e.cond === 'lt' ? 'lt' : 'leq';
      return el('piecewise', {}, el('piece', {}, m(e.then), apply(rel, m(e.a), m(e.b))), el('otherwise', {}, m(e.else)));
    }
    case 'call': {
      const a = e.args;
      switch (e.fn) {
        case 'exp':
          return apply('exp', m(a[0]!));
        case 'log':
        case 'ln':
          return apply('ln', m(a[0]!));
        case 'log10':
          return apply('log', m(a[0]!));
        case 'sqrt':
          return apply('root', m(a[0]!));
        case 'abs':
          return apply('abs', m(a[0]!));
        case 'pow':
          return apply('power', m(a[0]!), m(a[1]!));
        case 'min':
        case 'max': {
          // Nested left to right: min(a, b, c) = min(min(a, b), c).
          let acc = m(a[0]!);
          for (let i = 1; i < a.length; i++) {
            const b = m(a[i]!);
            acc = el('piecewise', {}, el('piece', {}, acc, apply(e.fn === 'min' ? 'leq' : 'geq', acc, b)), el('otherwise', {}, b));
          }
          return acc;
        }
        case 'hill':
        case 'hill_rep': {
          const xn = apply('power', m(a[0]!), m(a[2]!));
          const kn = apply('power', m(a[1]!), m(a[2]!));
          return apply('divide', e.fn === 'hill' ? xn : kn, apply('plus', kn, xn));
        }
        case 'mm':
          return apply('divide', m(a[0]!), apply('plus', m(a[1]!), m(a[0]!)));
      }
    }
  }
}

/** `<math>` wrapping an expression, declaring the MathML namespace and the `sbml:` prefix for units. */
export function mathElement(content: XmlElement, sbmlNamespace: string): XmlElement {
  return el('math', { xmlns: MATHML_NS, 'xmlns:sbml': sbmlNamespace }, content);
}
