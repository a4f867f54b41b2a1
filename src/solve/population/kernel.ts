/**
 * The per-model intracellular step kernel of the population engine: JavaScript generated from the
 * compiled model's checked rate-law syntax trees (like the model compiler does for `rates`/`rhs`), one
 * straight-line function that advances every viable cell of a well by one fixed step over
 * struct-of-arrays state. No objects per cell, no closures created in the loop.
 *
 * ## Hybrid scheme (per cell, per step of size h)
 * Species are split into four classes:
 * - **Poisson** (`discrete` species whose copy number in the well's initial state is below a threshold,
 *   default 1000 molecules: the mRNAs). Integer counts. For each species the production P (µM/h) and
 *   per-capita loss rate D (1/h) are averaged over the step (below), and the count is updated by the
 *   exact solution of an immigration–death process with those constant rates:
 *   X' = Binomial(X, e^{−D̄h}) + Poisson(Ω·P̄·(1 − e^{−D̄h})/D̄). This is exact for any h when P and
 *   D are constant over the step (it is binomial-safe: counts never go negative), and needs no
 *   step-size restriction; small counts are handled exactly by construction.
 * - **Langevin** (high-copy `discrete` species: Nrf2, TrxR, caspase). Chemical Langevin equation with
 *   the exponential (Ornstein–Uhlenbeck-exact) treatment of linear decay:
 *   y' = y·e^{−D̄h} + P̄·(1 − e^{−D̄h})/D̄ + √(Q·(1 − e^{−2D̄h})/(2D̄Ω))·N(0,1), with Q = Σ_r ν_r²·v_r
 *   the intrinsic-noise intensity at the start of the step (Itô), clamped at 0.
 * - **Deterministic** (`continuous` species: GSH, BCR-ABL, survival): the same exponential update
 *   without noise.
 * - **Fast** (`fast` species: H2O2, Trx): quasi-steady state given the others, by Newton's method on
 *   the fast block with the analytic (symbolic) Jacobian of the fast rows, the block's conservation
 *   laws replacing dependent rows, rows equilibrated, and a fraction-to-the-boundary rule keeping
 *   concentrations positive; warm-started from the cell's previous fast state (usually one or two
 *   iterations). If it fails (singular, non-finite or > 40 iterations) the robust damped Newton of
 *   src/solve/qss.ts is called for that cell.
 *
 * P and D come from splitting each species' rate of change into production and first-order loss:
 * a consuming reaction whose rate law has the species as a factor (v = y·g) contributes g to D;
 * other consuming laws contribute v/y. A production law that falls with the species itself
 * (∂P/∂y < 0, e.g. k(T − y)) has that part moved into D (a Patankar-type split), so the update is
 * exact for linear equations and positive for any step.
 *
 * Averaging (second order): rates at the start (P₀, D₀) → a deterministic exponential predictor y*
 * of all non-fast species → fast QSS at y* → rates at y* (P*, D*) → P̄ = (P₀ + P*)/2,
 * D̄ = (D₀ + D*)/2 (an exponential trapezoidal rule, like the two-step "QSSA" integrators of
 * atmospheric chemistry; Verwer & van Loon 1994, J Comput Phys 113:347) → final stochastic update
 * above → fast QSS at the end state. Two rate evaluations and two QSS solves per cell-step; linear
 * decay is integrated exactly, so the step is limited by accuracy (how fast P and D change), never by
 * stability (H2O2 turns over in < 1 s but is at QSS; Nrf2 in minutes, handled exponentially).
 *
 * Parameters that are constant in a well (not per-cell variable, not changed by a drug) are inlined
 * as literals, so Hill terms with literal coefficients become products. The kernel is generated per
 * distinct set of such values (cached).
 */
import { InputError } from '../../core/errors.js';
import { compileToJs, differentiate } from '../../model/expr/index.js';
import type { Expr } from '../../model/expr/index.js';
import type { CompiledModel } from '../../model/types.js';
import { luFactor, luSolve } from '../linalg.js';
import { divideOut, prepare, substitute } from './codegen.js';
import type { Sampler } from './sampling.js';

export const CLASS_POISSON = 0;
export const CLASS_LANGEVIN = 1;
export const CLASS_DETERMINISTIC = 2;
export const CLASS_FAST = 3;

export const STAGE_VIABLE = 0;
export const STAGE_EARLY_APOPTOTIC = 1;
export const STAGE_LATE_APOPTOTIC = 2;
export const STAGE_NECROTIC = 3;
export const STAGE_DEBRIS = 4;

/** Kernel statistics slots (a Float64Array the kernel accumulates into). */
export const ST_NEWTON = 0;
export const ST_FALLBACKS = 1;
export const ST_QSS_FAILURES = 2;
export const ST_NONFINITE = 3;
export const ST_FIRST_BAD_CELL = 4;
export const ST_SIZE = 5;

/**
 * The QSS Newton iteration stops after a full (undamped) step whose relative size is below this: the
 * remaining error is then of the order of its square (quadratic convergence). At the predictor the
 * fast values only feed the second rate evaluation, so a looser bound suffices.
 */
const QSS_STEP_TOL = 1e-4;
const QSS_PREDICTOR_STEP_TOL = 1e-2;
const QSS_MAXIT = 40;

export interface KernelConfig {
  readonly model: CompiledModel;
  /** The well's parameters before drug effects (values of inlined parameters are taken from here). */
  readonly baseParameters: Float64Array;
  /** Parameter indices with per-cell multipliers, in the order of the multiplier arrays. */
  readonly varying: readonly number[];
  /** Species class per species (CLASS_*). */
  readonly classes: Uint8Array;
  /** Molecules per µM in the cell volume. */
  readonly omega: number;
}

export interface KernelScratch {
  readonly A: Float64Array;
  readonly R: Float64Array;
  readonly piv: Int32Array;
  /** Full state of one cell, for the fallback QSS solver. */
  readonly y: Float64Array;
}

/**
 * Advance cells [0, n) with stage VIABLE by one step `dt` (h).
 * Y: one Float64Array per species (µM; Poisson species hold count/Ω); M: one multiplier array per
 * varying parameter; w: the well's effective parameters (drugs applied); noise 0 = deterministic means
 * (Poisson and Langevin noise off), 1 = stochastic; pre 1 = re-solve the fast block before the step
 * (after `w` changed); fix(cell, y): robust QSS for one cell's full state
 * (returns false on failure); st: statistics (ST_* slots).
 */
export type KernelStep = (
  n: number,
  Y: readonly Float64Array[],
  M: readonly Float64Array[],
  stage: Uint8Array,
  w: Float64Array,
  dt: number,
  noise: number,
  pre: number,
  S: Sampler,
  fix: (cell: number, y: Float64Array) => boolean,
  scr: KernelScratch,
  st: Float64Array,
  lu: typeof luFactor,
  lus: typeof luSolve,
) => void;

export interface PopulationKernel {
  readonly step: KernelStep;
  /** The generated JavaScript (for inspection and tests). */
  readonly source: string;
  /** Parameter indices read at run time (drug slots, drug targets, varying). */
  readonly dynamic: Int32Array;
  readonly classes: Uint8Array;
}

/**
 * Species classes: fast → FAST, continuous → DETERMINISTIC, discrete → POISSON when its copy number
 * in `reference` (µM) is below `lowCopyThreshold` molecules, else LANGEVIN.
 */
export function classifySpecies(model: CompiledModel, reference: Float64Array, omega: number, lowCopyThreshold: number): Uint8Array {
  const out = new Uint8Array(model.nSpecies);
  model.species.forEach((s, i) => {
    if (s.mode === 'fast') out[i] = CLASS_FAST;
    else if (s.mode === 'continuous') out[i] = CLASS_DETERMINISTIC;
    else out[i] = reference[i]! * omega < lowCopyThreshold ? CLASS_POISSON : CLASS_LANGEVIN;
  });
  return out;
}

/** Parameters the kernel must read at run time: drug slots, parameters drugs change, and `varying`. */
export function dynamicParameters(model: CompiledModel, varying: readonly number[]): Int32Array {
  const set = new Set<number>(varying);
  for (const d of model.drugs) {
    set.add(d.parameter);
    for (const ef of d.effects) set.add(ef.parameter);
  }
  return Int32Array.from([...set].sort((a, b) => a - b));
}

const kernelCache = new Map<string, PopulationKernel>();

/** Build (or fetch from the cache) the step kernel for a model, well parameters and species classes. */
export function buildKernel(cfg: KernelConfig): PopulationKernel {
  const { model, classes, omega } = cfg;
  const exprs = model.rateExpressions;
  if (!exprs) throw new Error(`population engine: model '${model.name}' has no rate-law syntax trees (hand-built models are not supported)`);
  const dynamic = dynamicParameters(model, cfg.varying);
  const isDynamic = new Set(dynamic);
  const varyingPos = new Map(cfg.varying.map((j, k) => [j, k] as const));
  const baked: number[] = [];
  for (let j = 0; j < model.nParameters; j++) if (!isDynamic.has(j)) baked.push(cfg.baseParameters[j]!);
  const key = `${model.name}|${model.sourceName}|${model.nParameters}|${omega}|${Array.from(classes).join('')}|${cfg.varying.join(',')}|${baked.join(',')}|${exprs.length}`;
  const cached = kernelCache.get(key);
  if (cached) return cached;

  const nS = model.nSpecies;
  const S = model.stoichiometry;
  const spName = model.species.map((s) => s.name);
  const spIndex = model.speciesIndex;
  const pIndex = model.parameterIndex;

  // Symbol → identifier in the generated code; parameters inlined when static.
  const ident = (sym: string): string => {
    const i = spIndex.get(sym);
    if (i !== undefined) return `s${i}`;
    const j = pIndex.get(sym);
    if (j === undefined) throw new Error(`internal: unresolved symbol ${sym}`);
    return varyingPos.has(j) ? `p${j}` : `w${j}`;
  };
  const staticValue = (sym: string): number | undefined => {
    const j = pIndex.get(sym);
    if (j === undefined || isDynamic.has(j)) return undefined;
    return cfg.baseParameters[j]!;
  };
  const prep = (e: Expr): Expr => prepare(substitute(e, staticValue));
  const js = (e: Expr): string => compileToJs(e, ident, { fastPowers: true });
  const isZero = (e: Expr): boolean => e.kind === 'num' && e.value === 0;

  // Reaction structure checks for the stochastic classes.
  const changes: number[][] = model.reactions.map((_, r) => {
    const out: number[] = [];
    for (let i = 0; i < nS; i++) if (S[r * nS + i] !== 0) out.push(i);
    return out;
  });
  model.reactions.forEach((rx, r) => {
    const stoch = changes[r]!.filter((i) => classes[i] === CLASS_POISSON || classes[i] === CLASS_LANGEVIN);
    if (stoch.length === 0) return;
    const where = { file: model.sourceName, field: `reactions.${rx.id}` };
    if (changes[r]!.length > 1) {
      throw new InputError(where, `the population engine needs each reaction of discrete species to change one species; '${rx.id}' changes ${changes[r]!.map((i) => spName[i]).join(', ')}`);
    }
    const i = stoch[0]!;
    const c = S[r * nS + i]!;
    if (classes[i] === CLASS_POISSON && Math.abs(c) !== 1) {
      throw new InputError(where, `the population engine updates low-copy species ${spName[i]} as births and deaths of one molecule; '${rx.id}' changes it by ${c}`);
    }
  });

  const fast: number[] = [];
  const slow: number[] = [];
  for (let i = 0; i < nS; i++) (classes[i] === CLASS_FAST ? fast : slow).push(i);
  const fastReactions: number[] = [];
  const slowReactions: number[] = [];
  model.reactions.forEach((rx, r) => {
    if (changes[r]!.length === 0) return;
    (rx.modeClass === 'fast' || changes[r]!.some((i) => classes[i] === CLASS_FAST) ? fastReactions : slowReactions).push(r);
  });

  // Prepared rate expressions, and loss factors g = v / y.
  const rateExpr = new Map<number, Expr>();
  const rate = (r: number): Expr => {
    let e = rateExpr.get(r);
    if (!e) {
      e = prep(exprs[r]!);
      rateExpr.set(r, e);
    }
    return e;
  };

  interface SpeciesTerms {
    prod: { r: number; c: number }[];
    loss: { r: number; c: number; g: Expr | null }[];
    selfDeriv: Expr | null;
  }
  const terms = new Map<number, SpeciesTerms>();
  const needV = new Set<number>();
  const needG = new Map<string, Expr>();
  for (const i of slow) {
    const t: SpeciesTerms = { prod: [], loss: [], selfDeriv: null };
    for (const r of slowReactions) {
      const c = S[r * nS + i]!;
      if (c === 0) continue;
      if (c > 0) {
        t.prod.push({ r, c });
        needV.add(r);
      } else {
        const raw = divideOut(exprs[r]!, spName[i]!);
        const g = raw ? prep(raw) : null;
        t.loss.push({ r, c, g });
        if (g) needG.set(`${r}_${i}`, g);
        else needV.add(r);
        if (classes[i] === CLASS_LANGEVIN && !g) needV.add(r);
      }
    }
    // ∂P/∂y_i of the production terms (Patankar-type split when negative).
    let dp: Expr | null = null;
    for (const { r, c } of t.prod) {
      const d = differentiate(rate(r), spName[i]!);
      if (isZero(d)) continue;
      const term: Expr = c === 1 ? d : { kind: 'binary', op: '*', left: { kind: 'num', value: c, pos: 0 }, right: d, pos: 0 };
      dp = dp ? { kind: 'binary', op: '+', left: dp, right: term, pos: 0 } : term;
    }
    t.selfDeriv = dp ? prepare(dp) : null;
    terms.set(i, t);
  }

  // Per-capita loss rate D of each slow species as source text, and how constant it is: 'well' (no
  // species, no per-cell parameter: computed once per step before the cell loop), 'cell' (no species:
  // once per cell and step) or 'state' (re-evaluated at the start and at the predictor).
  const symbolsIn = (e: Expr, out: Set<string>): void => {
    if (e.kind === 'sym') out.add(e.name);
    else if (e.kind === 'unary') symbolsIn(e.arg, out);
    else if (e.kind === 'binary') {
      symbolsIn(e.left, out);
      symbolsIn(e.right, out);
    } else if (e.kind === 'call') for (const a of e.args) symbolsIn(a, out);
    else if (e.kind === 'select') for (const a of [e.a, e.b, e.then, e.else]) symbolsIn(a, out);
  };
  const dKind = new Map<number, 'well' | 'cell' | 'state'>();
  for (const i of slow) {
    const t = terms.get(i)!;
    const syms = new Set<string>();
    let state = false;
    for (const { g } of t.loss) {
      if (g) symbolsIn(g, syms);
      else state = true;
    }
    if (t.selfDeriv) symbolsIn(t.selfDeriv, syms);
    for (const sym of syms) {
      if (spIndex.has(sym)) state = true;
    }
    const perCell = [...syms].some((sym) => varyingPos.has(pIndex.get(sym) ?? -1));
    dKind.set(i, state ? 'state' : perCell ? 'cell' : 'well');
  }
  /** D of species i from stage-X values (g's or v's of that stage). */
  const dSource = (i: number, X: string): string => {
    const t = terms.get(i)!;
    const parts = t.loss.map(({ r, c, g }) => {
      const k = -c === 1 ? '' : `${-c} * `;
      return g ? `${k}g${r}_${i}${X}` : `${k}v${r}${X} / (s${i} > 1e-300 ? s${i} : 1e-300)`;
    });
    if (t.selfDeriv) parts.push(`Math.max(0, -(${js(t.selfDeriv)}))`);
    return parts.length ? parts.join(' + ') : '0';
  };
  /** D of a constant-D species straight from its expressions (no stage values). */
  const dDirect = (i: number): string => {
    const t = terms.get(i)!;
    const parts = t.loss.map(({ c, g }) => `${-c === 1 ? '' : `${-c} * `}(${js(g!)})`);
    if (t.selfDeriv) parts.push(`Math.max(0, -(${js(t.selfDeriv)}))`);
    return parts.length ? parts.join(' + ') : '0';
  };
  /** E = e^{−D·dt}, F = (1 − E)/D (→ dt as D → 0) and H = (1 − E²)/(2D) (→ dt) for a D named `d`. */
  const expFactors = (suffix: string, d: string, decl: 'const' | 'let'): string =>
    `${decl} E${suffix} = Math.exp(-${d} * dt), F${suffix} = ${d} * dt > 1e-8 ? (1 - E${suffix}) / ${d} : dt * (1 - 0.5 * ${d} * dt), H${suffix} = ${d} * dt > 1e-8 ? (1 - E${suffix} * E${suffix}) / (2 * ${d}) : dt;`;

  const L: string[] = [];
  const emit = (line: string): void => {
    L.push(line);
  };
  emit('"use strict";');
  for (let i = 0; i < nS; i++) emit(`const y${i} = Y[${i}];`);
  cfg.varying.forEach((_, k) => emit(`const m${k} = M[${k}];`));
  for (const j of dynamic) if (!varyingPos.has(j)) emit(`const w${j} = w[${j}];`);
  emit('const A = scr.A, R = scr.R, piv = scr.piv, yfix = scr.y;');
  emit(`const OMEGA = ${omega};`);
  for (const i of slow) {
    if (dKind.get(i) !== 'well') continue;
    emit(`const DW${i} = ${dDirect(i)};`);
    emit(expFactors(`W${i}`, `DW${i}`, 'const'));
  }
  emit('for (let c = 0; c < n; c++) {');
  emit('if (stage[c] !== 0) continue;');
  cfg.varying.forEach((j, k) => emit(`const p${j} = w[${j}] * m${k}[c];`));
  for (let i = 0; i < nS; i++) emit(`let s${i} = y${i}[c];`);
  for (const i of slow) emit(`const a${i} = s${i};`);
  for (const i of slow) {
    if (dKind.get(i) !== 'cell') continue;
    emit(`const DC${i} = ${dDirect(i)};`);
    emit(expFactors(`C${i}`, `DC${i}`, 'const'));
  }

  // Fast block: each conservation law of the fast reactions eliminates one species (the law's free
  // column: x_dep = T − Σ_j v_j x_j over the independent species j); Newton runs on the rate equations
  // of the independent species, with the chain rule through the dependent ones.
  const nf = fast.length;
  const laws = nf > 0 ? fastLaws(model, fast) : [];
  const depOf = new Int32Array(nf).fill(-1);
  laws.forEach((law, l) => (depOf[law.free] = l));
  const indep: number[] = [];
  for (let b = 0; b < nf; b++) if (depOf[b]! < 0) indep.push(b);
  const m = indep.length;
  laws.forEach((law, l) => {
    emit(`const T${l} = ${law.v.map((v, k) => (v === 0 ? '' : `${v} * s${fast[k]}`)).filter(Boolean).join(' + ')};`);
  });

  /** Name of the (E, F, H) factors and D of species i in the final update / predictor. */
  const dName = (i: number, X: string): string => {
    const k = dKind.get(i)!;
    return k === 'well' ? `DW${i}` : k === 'cell' ? `DC${i}` : `D${i}${X}`;
  };
  const ratesBlock = (X: string): void => {
    for (const r of needV) emit(`const v${r}${X} = ${js(rate(r))};`);
    for (const [k, g] of needG) {
      const i = Number(k.split('_')[1]);
      if (dKind.get(i) !== 'state' && !(classes[i] === CLASS_LANGEVIN && X === 'A')) continue;
      emit(`const g${k}${X} = ${js(g)};`);
    }
    for (const i of slow) {
      const t = terms.get(i)!;
      const P = t.prod.map(({ r, c }) => (c === 1 ? `v${r}${X}` : `${c} * v${r}${X}`));
      if (t.selfDeriv) P.push(`Math.max(0, -(${js(t.selfDeriv)})) * s${i}`);
      emit(`const P${i}${X} = ${P.length ? P.join(' + ') : '0'};`);
      if (dKind.get(i) === 'state') emit(`const D${i}${X} = ${dSource(i, X)};`);
      if (classes[i] === CLASS_LANGEVIN && X === 'A') {
        const Q = [
          ...t.prod.map(({ r, c }) => `${c * c} * v${r}${X}`),
          ...t.loss.map(({ r, c, g }) => (g ? `${c * c} * g${r}_${i}${X} * s${i}` : `${c * c} * v${r}${X}`)),
        ];
        emit(`const Q${i} = ${Q.length ? Q.join(' + ') : '0'};`);
      }
    }
  };

  const fallback = (): void => {
    for (let i = 0; i < nS; i++) emit(`yfix[${i}] = s${i};`);
    emit(`st[${ST_FALLBACKS}]++;`);
    emit(`if (fix(c, yfix)) { ${fast.map((f) => `s${f} = yfix[${f}];`).join(' ')} } else st[${ST_QSS_FAILURES}]++;`);
    emit('break;');
  };
  const dRate = (r: number, b: number): string | null => {
    const d = differentiate(rate(r), spName[fast[b]!]!);
    return isZero(d) ? null : js(d);
  };
  /** Newton on the fast block; stops after a full step whose relative size is below `stepTol`. */
  const qssBlock = (stepTol: number): void => {
    if (nf === 0 || m === 0) return;
    emit('for (let it = 0; ; it++) {');
    emit(`if (it >= ${QSS_MAXIT}) {`);
    fallback();
    emit('}');
    const fr = fastReactions;
    for (const r of fr) emit(`const u${r} = ${js(rate(r))};`);
    // Residuals of the independent rows; reduced Jacobian J[a][k] = ∂R_a/∂x_k − Σ_laws v_k·∂R_a/∂x_dep.
    indep.forEach((b, a) => {
      const f = fast[b]!;
      const ts = fr.filter((r) => S[r * nS + f] !== 0).map((r) => ({ r, c: S[r * nS + f]! }));
      emit(`const r${a} = ${ts.map(({ r, c }) => (c === 1 ? `u${r}` : `${c} * u${r}`)).join(' + ') || '0'};`);
      fast.forEach((_, bb) => {
        const parts: string[] = [];
        for (const { r, c } of ts) {
          const d = dRate(r, bb);
          if (d) parts.push(c === 1 ? `(${d})` : `${c} * (${d})`);
        }
        emit(`const d${a}_${bb} = ${parts.length ? parts.join(' + ') : '0'};`);
      });
      indep.forEach((bk, k) => {
        let src = `d${a}_${bk}`;
        for (const law of laws) {
          const vk = law.v[bk]!;
          if (vk !== 0) src += ` - ${vk} * d${a}_${law.free}`;
        }
        emit(`const J${a}_${k} = ${src};`);
      });
    });
    const singular = (): void => {
      emit('if (!(det !== 0 && Math.abs(det) < Infinity)) {');
      fallback();
      emit('}');
    };
    // Solve J·x = −r: Cramer's rule for m ≤ 3, else LU with partial pivoting (src/solve/linalg.ts).
    if (m === 1) {
      emit('const det = J0_0;');
      singular();
      emit('const x0 = -r0 / det;');
    } else if (m === 2) {
      emit('const det = J0_0 * J1_1 - J0_1 * J1_0;');
      singular();
      emit('const x0 = (-r0 * J1_1 + r1 * J0_1) / det;');
      emit('const x1 = (-r1 * J0_0 + r0 * J1_0) / det;');
    } else if (m === 3) {
      emit('const k00 = J1_1 * J2_2 - J1_2 * J2_1, k01 = J1_2 * J2_0 - J1_0 * J2_2, k02 = J1_0 * J2_1 - J1_1 * J2_0;');
      emit('const det = J0_0 * k00 + J0_1 * k01 + J0_2 * k02;');
      singular();
      emit('const b0 = -r0, b1 = -r1, b2 = -r2;');
      emit('const x0 = (b0 * k00 + J0_1 * (b2 * J1_2 - b1 * J2_2) + J0_2 * (b1 * J2_1 - b2 * J1_1)) / det;');
      emit('const x1 = (J0_0 * (b1 * J2_2 - b2 * J1_2) + b0 * k01 + J0_2 * (b2 * J1_0 - b1 * J2_0)) / det;');
      emit('const x2 = (J0_0 * (b2 * J1_1 - b1 * J2_1) + J0_1 * (b1 * J2_0 - b2 * J1_0) + b0 * k02) / det;');
    } else {
      indep.forEach((_, a) => {
        emit('{ let mx = 0;');
        indep.forEach((_, k) => emit(`if (Math.abs(J${a}_${k}) > mx) mx = Math.abs(J${a}_${k});`));
        emit('if (!(mx > 0 && mx < Infinity)) mx = 1;');
        indep.forEach((_, k) => emit(`A[${a * m + k}] = J${a}_${k} / mx;`));
        emit(`R[${a}] = -r${a} / mx; }`);
      });
      emit(`if (lu(A, ${m}, piv) >= 0) {`);
      fallback();
      emit('}');
      emit(`lus(A, ${m}, piv, R);`);
      indep.forEach((_, a) => emit(`const x${a} = R[${a}];`));
    }
    emit(`st[${ST_NEWTON}]++;`);
    emit(`if (!(${indep.map((_, a) => `x${a} === x${a}`).join(' && ')})) {`);
    fallback();
    emit('}');
    // Changes of the dependent species; fraction to the boundary; update; convergence.
    laws.forEach((law, l) => {
      const terms = indep.map((b, a) => (law.v[b] === 0 ? '' : ` - ${law.v[b]} * x${a}`)).join('');
      emit(`const z${l} = 0${terms};`);
    });
    emit('let alpha = 1;');
    const guard = (f: number, dx: string): void =>
      emit(`if (${dx} < 0 && s${f} + ${dx} < 0) { const al = s${f} > 0 ? 0.99 * s${f} / -${dx} : 0; if (al < alpha) alpha = al; }`);
    indep.forEach((b, a) => guard(fast[b]!, `x${a}`));
    laws.forEach((law, l) => guard(fast[law.free]!, `z${l}`));
    indep.forEach((b, a) => emit(`s${fast[b]} += alpha * x${a};`));
    laws.forEach((law, l) => {
      // From the law itself, so the conserved total never drifts.
      const terms = law.v.map((v, k) => (k === law.free || v === 0 ? '' : ` - ${v} * s${fast[k]}`)).join('');
      const dep = fast[law.free]!;
      emit(`s${dep} = T${l}${terms}; if (s${dep} < 0) s${dep} = 0;`);
    });
    emit(`if (alpha === 1 && ${indep.map((b, a) => `Math.abs(x${a}) <= ${stepTol} * s${fast[b]} + 1e-300`).join(' && ')}) break;`);
    emit('}');
  };

  // After a change of the well's parameters (a dose), the stored fast state belongs to the old ones.
  if (nf > 0 && m > 0) {
    emit('if (pre !== 0) {');
    qssBlock(QSS_STEP_TOL);
    emit('}');
  }
  // Start-of-step rates, exponential predictor of every slow species, QSS at the predictor.
  ratesBlock('A');
  for (const i of slow) {
    if (dKind.get(i) === 'state') {
      emit(`{ ${expFactors('', `D${i}A`, 'const')} s${i} = a${i} * E + P${i}A * F; }`);
    } else {
      const sfx = dKind.get(i) === 'well' ? `W${i}` : `C${i}`;
      emit(`s${i} = a${i} * E${sfx} + P${i}A * F${sfx};`);
    }
  }
  qssBlock(QSS_PREDICTOR_STEP_TOL);
  ratesBlock('B');
  // Final update per class, with P and D averaged over the step (exponential trapezoidal rule).
  for (const i of slow) {
    emit('{');
    emit(`const Pb = 0.5 * (P${i}A + P${i}B);`);
    if (dKind.get(i) === 'state') {
      emit(`const Db = 0.5 * (D${i}A + D${i}B);`);
      emit(expFactors('b', 'Db', 'const'));
    } else {
      const sfx = dKind.get(i) === 'well' ? `W${i}` : `C${i}`;
      emit(`const Db = ${dName(i, 'A')}, Eb = E${sfx}, Fb = F${sfx}, Hb = H${sfx};`);
    }
    if (classes[i] === CLASS_POISSON) {
      emit('if (noise !== 0) {');
      emit(`const X = Math.round(a${i} * OMEGA);`);
      emit('const dead = X > 0 && Eb < 1 ? S.binomial(X, 1 - Eb) : 0;');
      emit('const mb = OMEGA * Pb * Fb;');
      emit('const born = mb > 0 ? S.poisson(mb) : 0;');
      emit(`s${i} = (X - dead + born) / OMEGA;`);
      emit(`} else s${i} = a${i} * Eb + Pb * Fb;`);
    } else if (classes[i] === CLASS_LANGEVIN) {
      emit(`let yn = a${i} * Eb + Pb * Fb;`);
      emit(`if (noise !== 0 && Q${i} > 0) { yn += Math.sqrt(Q${i} * Hb / OMEGA) * S.normal(); if (yn < 0) yn = 0; }`);
      emit(`s${i} = yn;`);
    } else {
      emit(`s${i} = a${i} * Eb + Pb * Fb;`);
    }
    emit('void Db;');
    emit('}');
  }
  qssBlock(QSS_STEP_TOL);
  emit(`if (!(${Array.from({ length: nS }, (_, i) => `s${i} >= 0`).join(' && ')})) { st[${ST_NONFINITE}]++; if (st[${ST_FIRST_BAD_CELL}] < 0) st[${ST_FIRST_BAD_CELL}] = c; }`);
  for (let i = 0; i < nS; i++) emit(`y${i}[c] = s${i};`);
  emit('}');

  const source = L.join('\n');
  // Safe to compile: the source is assembled here from fixed templates, generated local names, finite
  // numeric literals and compileToJs output of the model's validated AST — never from file text.
  const step = new Function('n', 'Y', 'M', 'stage', 'w', 'dt', 'noise', 'pre', 'S', 'fix', 'scr', 'st', 'lu', 'lus', source) as KernelStep;
  const kernel: PopulationKernel = { step, source, dynamic, classes: Uint8Array.from(classes) };
  if (kernelCache.size > 64) kernelCache.clear();
  kernelCache.set(key, kernel);
  return kernel;
}

/**
 * Conservation laws of the fast block (coefficients over the fast species, in `fast` order): the left
 * null space of the stoichiometry restricted to fast columns, over the reactions that change them, by
 * reduced row echelon form. Each law has coefficient 1 on its own free column and 0 on the other laws'
 * free columns, so the free column's species is eliminated by that law alone.
 */
function fastLaws(model: CompiledModel, fast: readonly number[]): { v: number[]; free: number }[] {
  const nS = model.nSpecies;
  const S = model.stoichiometry;
  const rows: number[][] = [];
  for (let r = 0; r < model.nReactions; r++) {
    const row = fast.map((f) => S[r * nS + f]!);
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  // Null space of the (reactions × fast) matrix: vectors c with row·c = 0 for every row.
  const m = rows.length;
  const nf = fast.length;
  const a = rows.map((r) => r.slice());
  const pivCols: number[] = [];
  let row = 0;
  for (let col = 0; col < nf && row < m; col++) {
    let best = row;
    for (let i = row + 1; i < m; i++) if (Math.abs(a[i]![col]!) > Math.abs(a[best]![col]!)) best = i;
    if (Math.abs(a[best]![col]!) < 1e-12) continue;
    [a[row], a[best]] = [a[best]!, a[row]!];
    const pv = a[row]![col]!;
    for (let j = 0; j < nf; j++) a[row]![j]! /= pv;
    for (let i = 0; i < m; i++) {
      if (i === row) continue;
      const f = a[i]![col]!;
      if (f !== 0) for (let j = 0; j < nf; j++) a[i]![j]! -= f * a[row]![j]!;
    }
    pivCols.push(col);
    row++;
  }
  const laws: { v: number[]; free: number }[] = [];
  for (let free = 0; free < nf; free++) {
    if (pivCols.includes(free)) continue;
    const v = new Array<number>(nf).fill(0);
    v[free] = 1;
    pivCols.forEach((pc, i) => {
      const x = -a[i]![free]!;
      v[pc] = Math.abs(x) < 1e-12 ? 0 : x;
    });
    laws.push({ v, free });
  }
  return laws;
}
