/**
 * Bound-constrained Levenberg–Marquardt for small nonlinear least-squares problems
 * (a handful of parameters, tens to thousands of observations), minimising Σ rᵢ(θ)².
 *
 * Method: Marquardt (1963, SIAM J Appl Math 11:431–441) with the scaling of Moré (1978, Lecture
 * Notes in Mathematics 630:105–116): each step solves
 *
 *   (JᵀJ + λ·diag(JᵀJ)) δ = Jᵀr        (J = ∂f/∂θ, r = y − f)
 *
 * by Cholesky; a trial point θ + δ is projected onto the box [lower, upper] (projected LM:
 * parameters that hit a bound stay there while the others move). An accepted step (lower SSE)
 * divides λ by 10, a rejected one multiplies it by 10. Convergence when the relative SSE decrease
 * of an accepted step and the relative step size are both below `tolerance`, or the projected
 * gradient vanishes.
 *
 * Written here rather than taken from `ml-levenberg-marquardt` (npm, 5.x) because the analysis
 * needs what that package does not return: the Jacobian at the solution (for the covariance
 * s²(JᵀJ)⁻¹ behind confidence intervals), bounds reported per parameter, and a clear
 * convergence flag; it also pulls in ml-matrix for what is here a 4 × 4 solve.
 */

export interface LeastSquaresProblem {
  /** Number of observations (residuals). */
  readonly nObservations: number;
  /** Number of parameters. */
  readonly nParameters: number;
  /**
   * Fill `residuals` (length n) with yᵢ − f(xᵢ; θ) and `jacobian` (row-major n × p) with
   * ∂f(xᵢ; θ)/∂θⱼ.
   */
  evaluate(theta: Float64Array, residuals: Float64Array, jacobian: Float64Array): void;
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
}

export interface LmOptions {
  readonly maxIterations?: number;
  /** Relative SSE change and relative step size for convergence (default 1e-12). */
  readonly tolerance?: number;
  readonly initialLambda?: number;
}

export interface LmResult {
  readonly theta: Float64Array;
  readonly sse: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** JᵀJ at the solution (p × p, row-major), for the covariance. */
  readonly jtj: Float64Array;
  /** Indices of parameters that ended on a bound. */
  readonly atBound: readonly number[];
}

export function levenbergMarquardt(problem: LeastSquaresProblem, start: ArrayLike<number>, options: LmOptions = {}): LmResult {
  const n = problem.nObservations;
  const p = problem.nParameters;
  if (start.length !== p) throw new RangeError(`levenbergMarquardt: start has ${start.length} values, expected ${p}`);
  const maxIter = options.maxIterations ?? 500;
  const tol = options.tolerance ?? 1e-12;
  const lower = problem.lower ?? new Float64Array(p).fill(-Infinity);
  const upper = problem.upper ?? new Float64Array(p).fill(Infinity);

  const theta = Float64Array.from(start);
  project(theta, lower, upper);
  const r = new Float64Array(n);
  const J = new Float64Array(n * p);
  const jtj = new Float64Array(p * p);
  const jtr = new Float64Array(p);
  const trial = new Float64Array(p);
  const rTrial = new Float64Array(n);
  const jTrial = new Float64Array(n * p);
  const a = new Float64Array(p * p);
  const delta = new Float64Array(p);

  problem.evaluate(theta, r, J);
  let sse = sumSquares(r);
  if (!Number.isFinite(sse)) throw new RangeError('levenbergMarquardt: the model is not finite at the start point');
  normalEquations(J, r, n, p, jtj, jtr);
  let lambda = options.initialLambda ?? 1e-3;
  let converged = false;
  let iter = 0;

  for (; iter < maxIter && !converged; iter++) {
    if (projectedGradientNorm(theta, jtr, lower, upper) <= 1e-15 * (1 + sse)) {
      converged = true;
      break;
    }
    let accepted = false;
    while (!accepted) {
      for (let i = 0; i < p * p; i++) a[i] = jtj[i]!;
      for (let j = 0; j < p; j++) a[j * p + j] = jtj[j * p + j]! * (1 + lambda) + 1e-300;
      if (!choleskySolve(a, jtr, delta, p)) {
        lambda *= 10;
        if (lambda > 1e16) break;
        continue;
      }
      for (let j = 0; j < p; j++) trial[j] = theta[j]! + delta[j]!;
      project(trial, lower, upper);
      problem.evaluate(trial, rTrial, jTrial);
      const sseTrial = sumSquares(rTrial);
      if (Number.isFinite(sseTrial) && sseTrial <= sse) {
        let stepRel = 0;
        for (let j = 0; j < p; j++) stepRel = Math.max(stepRel, Math.abs(trial[j]! - theta[j]!) / (Math.abs(theta[j]!) + 1e-8));
        const decrease = (sse - sseTrial) / (sse + 1e-300);
        theta.set(trial);
        r.set(rTrial);
        J.set(jTrial);
        sse = sseTrial;
        normalEquations(J, r, n, p, jtj, jtr);
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        if (decrease < tol && stepRel < Math.sqrt(tol)) converged = true;
      } else {
        lambda *= 10;
        if (lambda > 1e16) break;
      }
    }
    if (!accepted) {
      // No descent direction left at machine precision: a (possibly bound-constrained) minimum.
      converged = true;
      break;
    }
  }
  const atBound: number[] = [];
  for (let j = 0; j < p; j++) if (theta[j] === lower[j] || theta[j] === upper[j]) atBound.push(j);
  return { theta, sse, iterations: iter, converged, jtj: Float64Array.from(jtj), atBound };
}

function project(theta: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let j = 0; j < theta.length; j++) theta[j] = Math.min(upper[j]!, Math.max(lower[j]!, theta[j]!));
}

function sumSquares(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
  return s;
}

function normalEquations(J: Float64Array, r: Float64Array, n: number, p: number, jtj: Float64Array, jtr: Float64Array): void {
  jtj.fill(0);
  jtr.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) {
      const jij = J[row + j]!;
      jtr[j] += jij * r[i]!;
      for (let k = 0; k <= j; k++) jtj[j * p + k] += jij * J[row + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) jtj[k * p + j] = jtj[j * p + k]!;
}

/** ‖g‖∞ of the gradient Jᵀr, ignoring components that push against an active bound. */
function projectedGradientNorm(theta: Float64Array, jtr: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let m = 0;
  for (let j = 0; j < theta.length; j++) {
    const g = jtr[j]!; // descent direction for θⱼ is +g
    if ((theta[j] === upper[j] && g > 0) || (theta[j] === lower[j] && g < 0)) continue;
    m = Math.max(m, Math.abs(g));
  }
  return m;
}

/** Solve A x = b for symmetric positive definite A (p × p, overwritten by its Cholesky factor). */
export function choleskySolve(A: Float64Array, b: ArrayLike<number>, x: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= A[j * p + k]! * A[j * p + k]!;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    A[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= A[i * p + k]! * A[j * p + k]!;
      A[i * p + j] = s / ljj;
    }
  }
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= A[i * p + k]! * x[k]!;
    x[i] = s / A[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < p; k++) s -= A[k * p + i]! * x[k]!;
    x[i] = s / A[i * p + i]!;
  }
  return true;
}

/** Inverse of a symmetric positive definite p × p matrix (row-major), or undefined if singular. */
export function invertSpd(M: ArrayLike<number>, p: number): Float64Array | undefined {
  const out = new Float64Array(p * p);
  const col = new Float64Array(p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const A = Float64Array.from(M);
    if (!choleskySolve(A, e, col, p)) return undefined;
    for (let i = 0; i < p; i++) out[i * p + j] = col[i]!;
  }
  return out;
}
