import type { ConservationLaw } from './types.js';

/**
 * Conservation laws: a basis of the left null space of the stoichiometry, i.e. vectors c with
 * Σ_i N[r,i]·c_i = 0 for every reaction r (so Σ c_i·y_i is constant in every engine).
 * Reduced row echelon form of N (nReactions × nSpecies) with partial pivoting; the free columns
 * give the basis. Coefficients are scaled so the largest is 1 and tiny entries are zeroed.
 */
export function conservationLaws(
  stoich: Float64Array,
  nReactions: number,
  nSpecies: number,
  speciesNames: readonly string[],
  columns?: readonly number[],
): ConservationLaw[] {
  const cols = columns ? [...columns] : [...Array(nSpecies).keys()];
  const nc = cols.length;
  const a = new Float64Array(nReactions * nc);
  for (let r = 0; r < nReactions; r++) for (let j = 0; j < nc; j++) a[r * nc + j] = stoich[r * nSpecies + cols[j]!]!;
  const pivotCols: number[] = [];
  let row = 0;
  const tol = 1e-10;
  for (let c = 0; c < nc && row < nReactions; c++) {
    let best = row;
    for (let r = row + 1; r < nReactions; r++) if (Math.abs(a[r * nc + c]!) > Math.abs(a[best * nc + c]!)) best = r;
    if (Math.abs(a[best * nc + c]!) < tol) continue;
    for (let j = 0; j < nc; j++) {
      const t = a[row * nc + j]!;
      a[row * nc + j] = a[best * nc + j]!;
      a[best * nc + j] = t;
    }
    const piv = a[row * nc + c]!;
    for (let j = 0; j < nc; j++) a[row * nc + j]! /= piv;
    for (let r = 0; r < nReactions; r++) {
      if (r === row) continue;
      const f = a[r * nc + c]!;
      if (f === 0) continue;
      for (let j = 0; j < nc; j++) a[r * nc + j]! -= f * a[row * nc + j]!;
    }
    pivotCols.push(c);
    row++;
  }
  const laws: ConservationLaw[] = [];
  for (let free = 0; free < nc; free++) {
    if (pivotCols.includes(free)) continue;
    const v = new Float64Array(nc);
    v[free] = 1;
    pivotCols.forEach((pc, r) => {
      v[pc] = -a[r * nc + free]!;
    });
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const coefficients = new Float64Array(nSpecies);
    for (let j = 0; j < nc; j++) {
      const x = v[j]! / max;
      coefficients[cols[j]!] = Math.abs(x) < 1e-12 ? 0 : x;
    }
    const terms: string[] = [];
    coefficients.forEach((c, i) => {
      if (c !== 0) terms.push(`${c === 1 ? '' : `${+c.toPrecision(6)}·`}${speciesNames[i]}`);
    });
    laws.push({ coefficients, description: `${terms.join(' + ')} = constant` });
  }
  return laws;
}
