/** Reaction equations as written in model files: `2 X + Y -> Z`, `-> X` (synthesis), `X ->` (decay). */

export interface EquationTerm {
  readonly species: string;
  readonly coefficient: number;
}

export interface ParsedEquation {
  readonly reactants: readonly EquationTerm[];
  readonly products: readonly EquationTerm[];
}

/** Throws an Error whose message says what is expected; the caller adds file and field. */
export function parseEquation(text: string): ParsedEquation {
  const sides = text.split('->');
  if (sides.length !== 2) {
    throw new Error(`expected exactly one '->' in equation '${text}', e.g. '2 X + Y -> Z', '-> X' or 'X ->'`);
  }
  const reactants = parseSide(sides[0]!, text);
  const products = parseSide(sides[1]!, text);
  if (reactants.length === 0 && products.length === 0) throw new Error(`equation '${text}' has no species`);
  return { reactants, products };
}

const TERM = /^(?:(\d+)\s*\*?\s*)?([A-Za-z_][A-Za-z0-9_]*)$/;

function parseSide(side: string, whole: string): EquationTerm[] {
  const trimmed = side.trim();
  if (trimmed === '' || trimmed === '0' || trimmed === '∅') return [];
  const out: EquationTerm[] = [];
  for (const raw of trimmed.split('+')) {
    const term = raw.trim();
    const m = TERM.exec(term);
    if (!m) {
      throw new Error(`cannot read term '${term}' in equation '${whole}'; expected '[integer] Species', e.g. '2 H2O2'`);
    }
    const coefficient = m[1] === undefined ? 1 : Number(m[1]);
    if (coefficient < 1) throw new Error(`stoichiometry of '${m[2]}' in '${whole}' must be a positive integer`);
    const existing = out.find((t) => t.species === m[2]);
    if (existing) throw new Error(`species '${m[2]}' appears twice on one side of '${whole}'; combine the coefficients`);
    out.push({ species: m[2]!, coefficient });
  }
  return out;
}
