/**
 * Spectral spillover and compensation.
 *
 * A fluorochrome is seen mostly in its own detector and partly in others. With the spillover
 * matrix S (rows: the fluorochrome primarily measured in detector i; columns: detectors j; S_ii = 1),
 * a cell's detector signals are the row vector  raw = f · S  (+ autofluorescence + noise), and
 * compensation recovers f as  comp = raw · S⁻¹  (Roederer 2001, Cytometry 45:194–205; the
 * convention of the FCS `$SPILLOVER` keyword and of flowCore's `compensate`).
 */

export interface SpilloverMatrix {
  /** Detector (parameter) names, in matrix order; they must be parameter names ($PnN) of the events. */
  readonly parameters: readonly string[];
  /** n × n, row-major; row i = spill of fluorochrome i (primary detector i) into each detector. */
  readonly values: Float64Array;
}

export function makeSpillover(parameters: readonly string[], rows: readonly (readonly number[])[]): SpilloverMatrix {
  const n = parameters.length;
  if (rows.length !== n || rows.some((r) => r.length !== n)) throw new RangeError(`makeSpillover: need a ${n} × ${n} matrix`);
  for (let i = 0; i < n; i++) if (rows[i]![i] !== 1) throw new RangeError(`makeSpillover: diagonal entry ${i} must be 1, got ${rows[i]![i]}`);
  return { parameters: [...parameters], values: Float64Array.from(rows.flat()) };
}

/** Inverse of an n × n row-major matrix by Gauss–Jordan elimination with partial pivoting. */
export function invertMatrix(m: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    const p = a[piv * n + c]!;
    if (Math.abs(p) < 1e-14) throw new RangeError('invertMatrix: the spillover matrix is singular');
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        [a[c * n + k], a[piv * n + k]] = [a[piv * n + k]!, a[c * n + k]!];
        [inv[c * n + k], inv[piv * n + k]] = [inv[piv * n + k]!, inv[c * n + k]!];
      }
    }
    for (let k = 0; k < n; k++) {
      a[c * n + k] = a[c * n + k]! / p;
      inv[c * n + k] = inv[c * n + k]! / p;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] = a[r * n + k]! - f * a[c * n + k]!;
        inv[r * n + k] = inv[r * n + k]! - f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}
