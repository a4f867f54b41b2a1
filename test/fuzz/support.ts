/**
 * Shared pieces of the fuzz suite (issue 8, "Fuzzing"): text mutations as fast-check arbitraries,
 * the "only this error, naming file and field, quickly" check, and the run budget.
 *
 * Budget: every property's `numRuns` comes from RUNS below (× FUZZ_SCALE); their sum is the number of
 * cases per CI run, ≥ 10,000 at scale 1. Seed: fixed by default so CI is reproducible; set
 * FUZZ_SEED=random (or a number) to explore, e.g. `FUZZ_SEED=random FUZZ_SCALE=10 npx vitest run test/fuzz`.
 * A failure prints fast-check's seed, path and the shrunk counterexample.
 */
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';

/** Cases per property at FUZZ_SCALE=1. */
export const RUNS = {
  rateLawRandom: 2500,
  rateLawGrammar: 1500,
  rateLawMutated: 1500,
  units: 1000,
  equations: 600,
  miniModel: 1200,
  coreModel: 120,
  randomModelDocuments: 300,
  scenario: 900,
  assignments: 300,
  experiment: 400,
  sbmlMini: 700,
  sbmlToy: 500,
  sbmlCore: 30,
  sbmlRandom: 300,
} as const;

const scale = Number(process.env['FUZZ_SCALE'] ?? '1');
const seedEnv = process.env['FUZZ_SEED'];
const seed = seedEnv === 'random' ? undefined : seedEnv !== undefined ? Number(seedEnv) : 20190907;

/** fast-check parameters for a property with `runs` cases. */
export function params(runs: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1))), ...(seed !== undefined ? { seed } : {}), endOnFailure: false };
}

/** Longest a single case may take before it counts as a hang. */
export const HANG_MS = 5000;

/**
 * Run `fn`; it may return or throw one of `allowed` (checked by `check`, which also verifies the
 * message names its place). Anything else — a TypeError, RangeError, a plain Error — or a case slower
 * than HANG_MS fails the property with a description that fast-check prints with the counterexample.
 */
export function onlyAllowed(fn: () => unknown, check: (e: unknown) => string | undefined): void {
  const t0 = performance.now();
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  if (ms > HANG_MS) throw new Error(`took ${ms.toFixed(0)} ms (> ${HANG_MS} ms): a hang`);
  if (err === undefined) return;
  const problem = check(err);
  if (problem !== undefined) {
    const e = err as Error;
    throw new Error(`${problem}: ${e?.name ?? typeof e}: ${e?.message ?? String(e)}\n${e?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`);
  }
}

/** The check for parsers that report through InputError: right class, one line, naming the file and a field or line. */
export function inputErrorFrom(...files: string[]): (e: unknown) => string | undefined {
  return (e) => {
    if (!(e instanceof InputError)) return 'unexpected exception (expected InputError)';
    if (!files.includes(e.file)) return `InputError names file '${e.file}', expected one of ${files.join(', ')}`;
    if (e.field === undefined && e.line === undefined) return 'InputError names neither a field nor a line';
    if (!e.message.startsWith(e.file)) return 'message does not start with the file';
    if (/\n/.test(e.message)) return 'message spans several lines';
    if (e.problem.trim().length < 5) return 'message has no explanation';
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Text mutations
// ---------------------------------------------------------------------------------------------

/** Replacement values that YAML, JSON and our checks read in odd ways. */
export const WEIRD_VALUES = [
  'NaN', '.nan', '.NaN', '-1', '-0', '0', '1e309', '-1e309', '.inf', '-.inf', '1e-320', '99999999999999999999999',
  '"text"', "'x'", '""', '[]', '{}', '[1, 2]', 'null', '~', 'true', 'false', '0x1F', '0o17', '1_000', '1e', '.', '-',
  '&anchor 1', '*anchor', '!!str 5', '!!binary AAAA', '|', '>', '? x', '- 1', '2019-09-07', '1:30', '"\\u0000"',
  '__proto__', 'constructor', 'toString', '1/(uM*s)', 'uM', 'h^-1',
];

/** Characters to flip in: YAML and rate-law syntax, unicode that survives copy-paste, control characters. */
export const WEIRD_CHARS = [
  ...'{}[]:,"\'-#&*!|>%@?`\\\t\n =^()+/;.0123456789eE_aZ',
  '\u00b5', '\u03bc', '\u2212', '\u00d7', '\u00f7', '\u0000', '\u0085', '\u2028', '\ufeff', '\ud800', '😀', 'é',
];

export type Mutation =
  | { readonly kind: 'deleteLine'; readonly at: number }
  | { readonly kind: 'duplicateLine'; readonly at: number }
  | { readonly kind: 'swapLines'; readonly a: number; readonly b: number }
  | { readonly kind: 'indent'; readonly at: number; readonly by: number }
  | { readonly kind: 'flipChar'; readonly at: number; readonly ch: string }
  | { readonly kind: 'deleteChars'; readonly at: number; readonly len: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'number'; readonly which: number; readonly value: string }
  | { readonly kind: 'identifier'; readonly which: number; readonly other: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'attribute'; readonly which: number; readonly value: string }
  | { readonly kind: 'selfClosingTag'; readonly which: number; readonly tag: string };

const NUMBER = /(?<![A-Za-z_0-9.])-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;
const IDENT = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;
const ATTRIBUTE = /="[^"]*"/g;
const SELF_CLOSING = /<([A-Za-z][A-Za-z0-9:]*)\/>/g;

/** MathML and SBML element names to swap in for an operator like `<times/>`. */
export const XML_TAGS = [
  'plus', 'minus', 'times', 'divide', 'power', 'root', 'exp', 'ln', 'log', 'abs', 'min', 'max', 'sin', 'floor',
  'factorial', 'eq', 'leq', 'lt', 'gt', 'and', 'not', 'sep', 'pi', 'exponentiale', 'true', 'infinity',
  'notanumber', 'ci', 'cn', 'apply', 'piecewise', 'lambda', 'bvar', 'degree', 'logbase', 'csymbol', 'semantics',
  'event', 'rateRule', 'algebraicRule', 'assignmentRule', 'species', 'parameter', 'compartment', 'reaction',
  'kineticLaw', 'math', 'model', 'sbml', 'unit', 'localParameter', 'speciesReference', 'listOfReactions',
];

function replaceNth(text: string, re: RegExp, which: number, f: (m: string) => string): string {
  const matches = [...text.matchAll(re)];
  if (matches.length === 0) return text;
  const m = matches[which % matches.length]!;
  return text.slice(0, m.index!) + f(m[0]) + text.slice(m.index! + m[0].length);
}

/** Apply one mutation; positions are taken modulo the text's size, so any numbers work. */
export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = (k: number): number => k % Math.max(1, lines.length);
  switch (m.kind) {
    case 'deleteLine':
      lines.splice(li(m.at), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(li(m.at), 0, lines[li(m.at)] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const a = li(m.a);
      const b = li(m.b);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'indent': {
      const i = li(m.at);
      const l = lines[i] ?? '';
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + l : l.slice(Math.min(-m.by, l.length - l.trimStart().length));
      return lines.join('\n');
    }
    case 'flipChar': {
      const i = m.at % Math.max(1, text.length);
      return text.slice(0, i) + m.ch + text.slice(i + 1);
    }
    case 'deleteChars': {
      const i = m.at % Math.max(1, text.length);
      return text.slice(0, i) + text.slice(i + m.len);
    }
    case 'insert': {
      const i = m.at % (text.length + 1);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'number':
      return replaceNth(text, NUMBER, m.which, () => m.value);
    case 'identifier': {
      const ids = [...text.matchAll(IDENT)].map((x) => x[0]);
      if (ids.length === 0) return text;
      const other = ids[m.other % ids.length]!;
      return replaceNth(text, IDENT, m.which, () => other);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'attribute':
      return replaceNth(text, ATTRIBUTE, m.which, () => `="${m.value}"`);
    case 'selfClosingTag':
      return replaceNth(text, SELF_CLOSING, m.which, () => `<${m.tag}/>`);
  }
}

const pos = fc.nat({ max: 1_000_000 });

/** Mutations for YAML/JSON text (and any line-oriented text). */
export const textMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteLine' as const), at: pos }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: pos }),
  fc.record({ kind: fc.constant('swapLines' as const), a: pos, b: pos }),
  fc.record({ kind: fc.constant('indent' as const), at: pos, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('flipChar' as const), at: pos, ch: fc.constantFrom(...WEIRD_CHARS) }),
  fc.record({ kind: fc.constant('deleteChars' as const), at: pos, len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: pos, text: fc.oneof(fc.constantFrom(...WEIRD_VALUES), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('number' as const), which: pos, value: fc.constantFrom(...WEIRD_VALUES) }),
  fc.record({ kind: fc.constant('number' as const), which: pos, value: fc.double({ noNaN: false }).map(String) }),
  fc.record({ kind: fc.constant('identifier' as const), which: pos, other: pos }),
  fc.record({ kind: fc.constant('truncate' as const), at: pos }),
);

/** Mutations for XML: the text ones plus attribute values and operator tags. */
export const xmlMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: textMutation, weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('attribute' as const), which: pos, value: fc.constantFrom('NaN', 'INF', '-INF', '-1', '', 'abc', '1e309', '0', '-0', 'true', '2.5', '1e-300', 'cell', 'k', 'A', 'mole', 'item', 'gram', 'second', 'litre', 'dimensionless', '3', '2', '1', 'http://www.sbml.org/sbml/symbols/time', 'e-notation', 'rational', 'integer', '&amp;', '&lt;') }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('selfClosingTag' as const), which: pos, tag: fc.constantFrom(...XML_TAGS) }), weight: 2 },
);

/** A text with 1–4 mutations applied; the mutations are shrinkable, the text is derived. */
export function mutated(base: string, mutation: fc.Arbitrary<Mutation> = textMutation): fc.Arbitrary<string> {
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(applyMutation, base));
}
