/**
 * MathML (SBML's subset) → rate-law AST, for the SBML importer.
 *
 * Supported: numbers (`cn` real, integer, e-notation, rational), names (`ci`), plus, minus, times,
 * divide, power, root, exp, ln, log (base 10 or `logbase`), abs, min/max (L3V2), exponentiale, pi,
 * calls of function definitions (inlined: arguments substituted into the lambda body), and
 * `piecewise` when it is a min/max (one piece comparing its value with the otherwise value, which is
 * how SBML tools without min/max write them, and how our exporter does).
 *
 * Everything else (time, delay, avogadro and rateOf csymbols, trigonometry, floor, ceiling, factorial,
 * other piecewise, logical operators outside piecewise…) is refused with an InputError naming the
 * construct and where it is — never dropped.
 *
 * `recognize` then turns the expanded forms back into our functions: x^n/(K^n + x^n) → hill,
 * K^n/(K^n + x^n) → hill_rep, S/(Km + S) → mm, nested min/max → one call. This matters beyond
 * readability: our unit checker accepts `hill(x, K, n)` with a parameter n but not `x^n` with a
 * dimensional x. Each rewrite computes the same floating-point operations in the same order (or
 * differs only by the order of the two terms of one addition, which IEEE addition ignores), so a
 * model exported by nrf2sim and imported back evaluates bit for bit as before.
 */
import type { InputError } from '../core/errors.js';
import { bin, call, childrenOf, exprEquals, isConstant, neg, num, symbolsOf, type Expr } from '../model/expr/index.js';
import type { XmlNode } from './xml-tree.js';

export interface FunctionDefinition {
  readonly args: readonly string[];
  readonly body: XmlNode;
}

export interface MathContext {
  /** An InputError located at the element being converted. */
  readonly fail: (problem: string) => InputError;
  /** The expression a `<ci>` name stands for (a symbol, or a substituted subtree). */
  readonly symbol: (name: string) => Expr;
  readonly functions: ReadonlyMap<string, FunctionDefinition>;
}

/** Largest expression (in nodes) an inlined function call may produce; guards against exponential blow-up. */
const MAX_NODES = 20_000;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const CSYMBOLS: Readonly<Record<string, string>> = {
  time: 'the simulation time (csymbol time): nrf2sim rate laws cannot depend on time explicitly',
  delay: 'a delay (csymbol delay): nrf2sim has no delay equations',
  avogadro: 'the Avogadro constant (csymbol avogadro): write it as a number with units in a parameter',
  rateOf: 'rateOf (csymbol rateOf): rate laws cannot read derivatives',
};

const UNSUPPORTED_FUNCTIONS = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'arcsin', 'arccos', 'arctan',
  'arcsec', 'arccsc', 'arccot', 'arcsinh', 'arccosh', 'arctanh', 'arcsech', 'arccsch', 'arccoth', 'floor', 'ceiling',
  'factorial', 'rem', 'quotient', 'implies', 'and', 'or', 'xor', 'not', 'eq', 'neq', 'gt', 'lt', 'geq', 'leq',
]);

function checkSize(e: Expr, ctx: MathContext, what: string): void {
  const v = withinLimits(e);
  if (v === 'deep') throw ctx.fail(`${what} is nested more than ${MAX_DEPTH} levels deep (after inlining); not a kinetic law nrf2sim can use`);
  if (v === 'large') throw ctx.fail(`${what} has more than ${MAX_NODES} nodes (after inlining)`);
}

/** Function definitions calling function definitions: deeper than this is refused. */
const MAX_INLINE_NESTING = 32;

/** Parse the text of a `<cn>` piece as a finite number. */
function parseNumber(s: string, ctx: MathContext): number {
  const t = s.trim();
  if (!NUMBER.test(t)) throw ctx.fail(`cannot read number '${t.slice(0, 40)}' in MathML <cn>; expected a finite decimal number`);
  const v = Number(t);
  if (!Number.isFinite(v)) throw ctx.fail(`number '${t.slice(0, 40)}' in MathML <cn> is out of range`);
  return v;
}

function cnToExpr(n: XmlNode, ctx: MathContext): Expr {
  const type = (n.attrs.get('type') ?? 'real').trim();
  const pieces = n.content.filter((c) => typeof c === 'string') as string[];
  const hasSep = n.children.some((c) => c.name === 'sep');
  const base = n.attrs.get('base');
  if (base !== undefined && base.trim() !== '10') throw ctx.fail(`MathML <cn base="${base}"> is not supported; write numbers in base 10`);
  switch (type) {
    case 'real':
    case 'integer':
    case 'double':
      if (hasSep || pieces.length !== 1) throw ctx.fail(`MathML <cn type="${type}"> must hold one number`);
      if (type === 'integer' && !/^\s*[+-]?\d+\s*$/.test(pieces[0]!)) throw ctx.fail(`MathML <cn type="integer"> holds '${pieces[0]!.trim().slice(0, 40)}', not an integer`);
      return num(parseNumber(pieces[0]!, ctx));
    case 'e-notation': {
      if (!hasSep || pieces.length !== 2) throw ctx.fail('MathML <cn type="e-notation"> must be mantissa <sep/> exponent');
      const v = parseNumber(`${pieces[0]!.trim()}e${pieces[1]!.trim()}`, ctx);
      return num(v);
    }
    case 'rational': {
      if (!hasSep || pieces.length !== 2) throw ctx.fail('MathML <cn type="rational"> must be numerator <sep/> denominator');
      const d = parseNumber(pieces[1]!, ctx);
      if (d === 0) throw ctx.fail('MathML <cn type="rational"> has denominator 0');
      return bin('/', num(parseNumber(pieces[0]!, ctx)), num(d));
    }
    default:
      throw ctx.fail(`MathML <cn type="${type}"> is not supported; expected real, integer, e-notation or rational`);
  }
}

function csymbolProblem(n: XmlNode): string {
  const url = n.attrs.get('definitionURL') ?? '';
  const kind = url.replace(/\/+$/, '').split('/').pop() ?? '';
  return CSYMBOLS[kind] ?? `MathML <csymbol definitionURL="${url}"> is not supported`;
}

/** Deepest expression accepted: far beyond any kinetic law, and safe for every recursive tree walk after this. */
const MAX_DEPTH = 400;

/**
 * Whether an expression is within MAX_DEPTH levels and MAX_NODES nodes, checked without recursion and
 * stopping early, since inlined rules and functions can make a tree (a DAG of shared subtrees)
 * exponentially large.
 */
function withinLimits(e: Expr): 'ok' | 'deep' | 'large' {
  let nodes = 0;
  const stack: [Expr, number][] = [[e, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > MAX_DEPTH) return 'deep';
    if (++nodes > MAX_NODES) return 'large';
    for (const c of childrenOf(x)) stack.push([c, d + 1]);
  }
  return 'ok';
}

/** Convert the content of `<math>` (or the `<math>` element itself). */
export function mathmlToExpr(node: XmlNode, ctx: MathContext): Expr {
  if (node.name === 'math' && node.children.length !== 1) throw ctx.fail(`<math> must hold exactly one expression, found ${node.children.length} elements`);
  const e = convert(node.name === 'math' ? node.children[0]! : node, ctx, []);
  checkSize(e, ctx, 'the expression');
  return e;
}

function convert(n: XmlNode, ctx: MathContext, stack: readonly string[]): Expr {
  const sub = (x: XmlNode): Expr => convert(x, ctx, stack);
  switch (n.name) {
    case 'cn':
      return cnToExpr(n, ctx);
    case 'ci': {
      const name = n.text.trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw ctx.fail(`MathML <ci> '${name.slice(0, 40)}' is not an SBML identifier`);
      return ctx.symbol(name);
    }
    case 'csymbol':
      throw ctx.fail(csymbolProblem(n));
    case 'exponentiale':
      return call('exp', [num(1)]);
    case 'pi':
      return num(Math.PI);
    case 'true':
    case 'false':
    case 'infinity':
    case 'notanumber':
      throw ctx.fail(`MathML <${n.name}/> is not supported in a rate law`);
    case 'semantics':
      if (n.children.length === 0) throw ctx.fail('empty MathML <semantics>');
      return sub(n.children[0]!);
    case 'piecewise':
      return piecewise(n, ctx, stack);
    case 'apply':
      return applyToExpr(n, ctx, stack);
    default:
      throw ctx.fail(`MathML element <${n.name}> is not supported in a rate law`);
  }
}

function piecewise(n: XmlNode, ctx: MathContext, stack: readonly string[]): Expr {
  const pieces = n.children.filter((c) => c.name === 'piece');
  const otherwise = n.children.filter((c) => c.name === 'otherwise');
  const notMinMax = 'piecewise other than a min/max (one <piece> whose condition compares its value with the <otherwise> value) is not supported';
  if (pieces.length !== 1 || otherwise.length !== 1 || n.children.length !== 2) throw ctx.fail(notMinMax);
  const piece = pieces[0]!;
  if (piece.children.length !== 2 || otherwise[0]!.children.length !== 1) throw ctx.fail(notMinMax);
  const cond = piece.children[1]!;
  const op = cond.name === 'apply' ? cond.children[0]?.name : undefined;
  if (op === undefined || !['lt', 'leq', 'gt', 'geq'].includes(op) || cond.children.length !== 3) throw ctx.fail(notMinMax);
  const v = convert(piece.children[0]!, ctx, stack);
  const o = convert(otherwise[0]!.children[0]!, ctx, stack);
  const a = convert(cond.children[1]!, ctx, stack);
  const b = convert(cond.children[2]!, ctx, stack);
  // "v is chosen when v < o" means min; "v is chosen when v > o" means max.
  let vLess: boolean;
  if (exprEquals(a, v) && exprEquals(b, o)) vLess = op === 'lt' || op === 'leq';
  else if (exprEquals(a, o) && exprEquals(b, v)) vLess = op === 'gt' || op === 'geq';
  else throw ctx.fail(notMinMax);
  return call(vLess ? 'min' : 'max', [v, o]);
}

function applyToExpr(n: XmlNode, ctx: MathContext, stack: readonly string[]): Expr {
  const [head, ...rest] = n.children;
  if (!head) throw ctx.fail('empty MathML <apply>');
  const sub = (x: XmlNode): Expr => convert(x, ctx, stack);
  const qualifier = (name: string): XmlNode | undefined => rest.find((c) => c.name === name);
  const operands = rest.filter((c) => c.name !== 'degree' && c.name !== 'logbase' && c.name !== 'bvar');
  if (operands.length > MAX_DEPTH) throw ctx.fail(`MathML <${head.name}> with ${operands.length} arguments; at most ${MAX_DEPTH} are supported`);
  const args = (): Expr[] => operands.map(sub);
  const arity = (k: number): void => {
    if (operands.length !== k) throw ctx.fail(`MathML <${head.name}> takes ${k} argument${k === 1 ? '' : 's'}, got ${operands.length}`);
  };
  switch (head.name) {
    case 'plus': {
      const a = args();
      return a.length === 0 ? num(0) : a.reduce((l, r) => bin('+', l, r));
    }
    case 'times': {
      const a = args();
      return a.length === 0 ? num(1) : a.reduce((l, r) => bin('*', l, r));
    }
    case 'minus': {
      if (operands.length === 1) return neg(sub(operands[0]!));
      arity(2);
      const [l, r] = args();
      return bin('-', l!, r!);
    }
    case 'divide': {
      arity(2);
      const [l, r] = args();
      return bin('/', l!, r!);
    }
    case 'power': {
      arity(2);
      const [l, r] = args();
      return bin('^', l!, r!);
    }
    case 'root': {
      arity(1);
      const x = sub(operands[0]!);
      const degree = qualifier('degree');
      if (!degree) return call('sqrt', [x]);
      if (degree.children.length !== 1) throw ctx.fail('MathML <degree> must hold one expression');
      const d = sub(degree.children[0]!);
      if (d.kind === 'num' && d.value === 2) return call('sqrt', [x]);
      return bin('^', x, bin('/', num(1), d));
    }
    case 'exp':
      arity(1);
      return call('exp', args());
    case 'ln':
      arity(1);
      return call('ln', args());
    case 'log': {
      arity(1);
      const x = sub(operands[0]!);
      const base = qualifier('logbase');
      if (!base) return call('log10', [x]);
      if (base.children.length !== 1) throw ctx.fail('MathML <logbase> must hold one expression');
      const b = sub(base.children[0]!);
      if (b.kind === 'num' && b.value === 10) return call('log10', [x]);
      return bin('/', call('ln', [x]), call('ln', [b]));
    }
    case 'abs':
      arity(1);
      return call('abs', args());
    case 'min':
    case 'max': {
      const a = args();
      if (a.length === 0) throw ctx.fail(`MathML <${head.name}> needs at least one argument`);
      return a.length === 1 ? a[0]! : call(head.name, a);
    }
    case 'ci':
      return inlineCall(head.text.trim(), operands, ctx, stack);
    case 'csymbol':
      throw ctx.fail(csymbolProblem(head));
    default:
      if (UNSUPPORTED_FUNCTIONS.has(head.name)) {
        throw ctx.fail(`MathML <${head.name}> is not supported in a rate law (nrf2sim rate laws use + - * / ^ exp ln log10 sqrt abs min max, and piecewise only as min/max)`);
      }
      throw ctx.fail(`MathML operator <${head.name}> is not supported`);
  }
}

/** Inline a call of an SBML function definition: substitute the converted arguments into its body. */
function inlineCall(name: string, operands: readonly XmlNode[], ctx: MathContext, stack: readonly string[]): Expr {
  const fd = ctx.functions.get(name);
  if (!fd) throw ctx.fail(`call of '${name}', which is not a function definition of this model`);
  if (stack.length >= MAX_INLINE_NESTING) throw ctx.fail(`function definitions call each other more than ${MAX_INLINE_NESTING} deep (${[...stack, name].slice(0, 5).join(' → ')} …)`);
  if (stack.includes(name)) throw ctx.fail(`function definition '${name}' calls itself (via ${[...stack, name].join(' → ')}); recursive functions cannot be inlined`);
  if (operands.length !== fd.args.length) throw ctx.fail(`function '${name}' takes ${fd.args.length} arguments, got ${operands.length}`);
  const values = new Map<string, Expr>();
  fd.args.forEach((a, i) => values.set(a, convert(operands[i]!, ctx, stack)));
  const inner: MathContext = {
    fail: (p) => ctx.fail(`in function definition '${name}': ${p}`),
    symbol: (s) => {
      const v = values.get(s);
      if (v === undefined) throw ctx.fail(`function definition '${name}' uses '${s}', which is not one of its arguments (${fd.args.join(', ') || 'none'})`);
      return v;
    },
    functions: ctx.functions,
  };
  const out = convert(fd.body, inner, [...stack, name]);
  checkSize(out, ctx, `inlining function '${name}' gives an expression that`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Recognising our functions in expanded MathML
// ---------------------------------------------------------------------------------------------

function powerParts(e: Expr): { base: Expr; exponent: Expr } | undefined {
  if (e.kind === 'binary' && e.op === '^') return { base: e.left, exponent: e.right };
  if (e.kind === 'call' && e.fn === 'pow') return { base: e.args[0]!, exponent: e.args[1]! };
  return undefined;
}

function factorsOf(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === '*' ? [...factorsOf(e.left), ...factorsOf(e.right)] : [e];
}

function productOf(fs: readonly Expr[]): Expr | undefined {
  return fs.length === 0 ? undefined : fs.reduce((l, r) => bin('*', l, r));
}

/**
 * Rewrite expanded Hill, Michaelis–Menten and nested min/max forms into our functions (bottom-up).
 * `isSpecies` tells which symbols are species, to decide which of the two Hill terms is the variable.
 */
export function recognize(e: Expr, isSpecies: (name: string) => boolean): Expr {
  const r = (x: Expr): Expr => recognize(x, isSpecies);
  let out: Expr;
  switch (e.kind) {
    case 'num':
    case 'sym':
      return e;
    case 'unary':
      return neg(r(e.arg), e.pos);
    case 'select':
      return { ...e, a: r(e.a), b: r(e.b), then: r(e.then), else: r(e.else) };
    case 'call': {
      const args = e.args.map(r);
      if (e.fn === 'min' || e.fn === 'max') {
        const flat = args.flatMap((a) => (a.kind === 'call' && a.fn === e.fn ? a.args : [a]));
        return call(e.fn, flat, e.pos);
      }
      return call(e.fn, args, e.pos);
    }
    case 'binary':
      out = bin(e.op, r(e.left), r(e.right), e.pos);
      break;
  }
  if (out.kind !== 'binary' || out.op !== '/' || out.right.kind !== 'binary' || out.right.op !== '+') return out;
  const t1 = out.right.left;
  const t2 = out.right.right;
  const hasSpecies = (x: Expr): boolean => [...symbolsOf(x)].some(isSpecies);
  // Hill: N / (K^n + x^n) with N = (… ×) x^n or K^n.
  const p1 = powerParts(t1);
  const p2 = powerParts(t2);
  if (p1 && p2 && exprEquals(p1.exponent, p2.exponent)) {
    const factors = factorsOf(out.left);
    const k = factors.findIndex((f) => exprEquals(f, t1) || exprEquals(f, t2));
    if (k >= 0) {
      const numeratorIsT1 = exprEquals(factors[k]!, t1);
      // The variable x is the base holding species (t2's when both or neither do).
      const xIsT1 = hasSpecies(p1.base) && !hasSpecies(p2.base);
      const [x, K] = xIsT1 ? [p1.base, p2.base] : [p2.base, p1.base];
      const fn = numeratorIsT1 === xIsT1 ? 'hill' : 'hill_rep';
      const h = call(fn, [x, K, p1.exponent], out.pos);
      const rest = productOf(factors.filter((_, i) => i !== k));
      return rest ? bin('*', rest, h, out.pos) : h;
    }
  }
  // Michaelis–Menten: S / (Km + S), numerator exactly S.
  const sIsT1 = exprEquals(out.left, t1);
  const sIsT2 = exprEquals(out.left, t2);
  if (sIsT1 || sIsT2) {
    const [S, Km] = sIsT2 ? [t2, t1] : [t1, t2];
    if (!isConstant(Km) && !(hasSpecies(Km) && !hasSpecies(S))) return call('mm', [S, Km], out.pos);
  }
  return out;
}
