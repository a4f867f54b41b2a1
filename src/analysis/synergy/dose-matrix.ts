/**
 * A two-drug dose–response matrix as the synergy scores read it (SynergyFinder's convention):
 * `response[i][j]` is the % inhibition at dose `dosesA[i]` of drug A (rows) and `dosesB[j]` of drug B
 * (columns); `dosesA[0] = dosesB[0] = 0`, so row 0 is drug B alone and column 0 is drug A alone.
 */
export interface DoseMatrix {
  readonly dosesA: readonly number[];
  readonly dosesB: readonly number[];
  /** % inhibition (100 − % viability), rows = dosesA, columns = dosesB. */
  readonly response: readonly (readonly number[])[];
}

/** Throws a RangeError naming what is wrong: shapes, doses (≥ 0, first 0, increasing), finite responses. */
export function checkDoseMatrix(m: DoseMatrix): void {
  const check = (name: string, d: readonly number[]): void => {
    if (d.length < 2) throw new RangeError(`${name}: need at least 2 doses (0 and one more), got ${d.length}`);
    if (d[0] !== 0) throw new RangeError(`${name}: the first dose must be 0 (the single-agent row/column), got ${d[0]}`);
    for (let i = 1; i < d.length; i++) {
      if (!Number.isFinite(d[i]!) || !(d[i]! > d[i - 1]!)) throw new RangeError(`${name}: doses must be finite and strictly increasing, got ${d.join(', ')}`);
    }
  };
  check('dosesA', m.dosesA);
  check('dosesB', m.dosesB);
  if (m.response.length !== m.dosesA.length) throw new RangeError(`response: ${m.response.length} rows for ${m.dosesA.length} doses of A`);
  m.response.forEach((row, i) => {
    if (row.length !== m.dosesB.length) throw new RangeError(`response[${i}]: ${row.length} columns for ${m.dosesB.length} doses of B`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`response[${i}][${j}] is not finite`);
    });
  });
}

/** Mean over the combination cells (i ≥ 1, j ≥ 1): SynergyFinder's summary score of a delta matrix. */
export function summaryScore(delta: readonly (readonly number[])[]): number {
  let s = 0;
  let n = 0;
  for (let i = 1; i < delta.length; i++) {
    for (let j = 1; j < delta[i]!.length; j++) {
      s += delta[i]![j]!;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** rows × cols matrix filled with `v`. */
export function filled(rows: number, cols: number, v: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(v));
}
