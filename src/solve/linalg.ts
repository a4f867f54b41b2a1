/**
 * Small dense linear algebra for the implicit engines: LU factorisation with partial (row) pivoting,
 * in place on a row-major Float64Array, and the matching forward/back substitution (Golub & Van Loan,
 * Matrix Computations, 4th ed., Alg. 3.4.1). Nothing here allocates, so it can run inside step loops.
 */

/** Relative pivot threshold: |pivot| ≤ n·ε·max|a_ij| counts as singular. */
const SINGULAR_RTOL = 2.220446049250313e-16;

/**
 * Factor the n×n row-major matrix `a` in place as P·A = L·U (unit lower L below the diagonal, U on
 * and above it); `piv[k]` is the row swapped with row k at step k.
 *
 * Returns −1 on success, or the column index of the first pivot that is zero, not finite, or below
 * n·ε·max|a_ij| of the original matrix (numerically singular). `a` is then partly factored and must
 * not be passed to {@link luSolve}.
 */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): number {
  let scale = 0;
  const nn = n * n;
  for (let i = 0; i < nn; i++) {
    const v = Math.abs(a[i]!);
    if (v > scale) scale = v;
    else if (!(v === v)) return 0; // NaN entry
  }
  const tol = n * SINGULAR_RTOL * scale;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(best > tol) || best === Infinity) return k;
    if (p !== k) {
      const rp = p * n;
      const rk = k * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
    }
    const rk = k * n;
    const inv = 1 / a[rk + k]!;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = a[ri + k]! * inv;
      a[ri + k] = l;
      if (l !== 0) for (let j = k + 1; j < n; j++) a[ri + j]! -= l * a[rk + j]!;
    }
  }
  return -1;
}

/** Solve A·x = b in place (`b` becomes x) with the factors from a successful {@link luFactor}. */
export function luSolve(lu: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= lu[ri + j]! * b[j]!;
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j]! * b[j]!;
    b[i] = s / lu[ri + i]!;
  }
}
