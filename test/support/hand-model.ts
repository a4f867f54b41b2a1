/**
 * Build a CompiledModel by hand from closures, for engine tests that must not depend on the model
 * parser. The Jacobian is J = Nᵀ·∂v/∂y: each reaction's rate gradient from its `grad` when given,
 * otherwise by central finite differences of that reaction's rate (so linear conservation laws hold
 * in J to rounding), unless a whole `jacobian` is given.
 */
import type { CompiledModel, SpeciesMode, StoichTerm } from '../../src/model/types.js';

export interface HandSpecies { name: string; initialUM: number; mode?: SpeciesMode }
export interface HandReaction {
  id: string;
  reactants?: Record<string, number>;
  products?: Record<string, number>;
  /** Rate in µM/h from concentrations y (µM) and parameters p. */
  rate: (y: Float64Array, p: Float64Array) => number;
  /** Species names the rate reads (default: reactants). */
  dependsOn?: string[];
  massAction?: boolean;
  /** Analytic gradient ∂rate/∂y_j into `out` (length nSpecies, fully overwritten). */
  grad?: (y: Float64Array, p: Float64Array, out: Float64Array) => void;
}
export interface HandModelInit {
  name?: string;
  species: HandSpecies[];
  parameters?: Record<string, number>;
  reactions: HandReaction[];
  /** Cell volume in L (default 1e-15 L = 1 fL: 1 µM ≈ 602 molecules). */
  cellVolumeL?: number;
  jacobian?: (y: Float64Array, p: Float64Array, jac: Float64Array) => void;
}

export function handModel(init: HandModelInit): CompiledModel {
  const nS = init.species.length;
  const speciesIndex = new Map(init.species.map((s, i) => [s.name, i] as const));
  const paramNames = Object.keys(init.parameters ?? {});
  const parameterIndex = new Map(paramNames.map((n, i) => [n, i] as const));
  const idx = (n: string): number => {
    const i = speciesIndex.get(n);
    if (i === undefined) throw new Error(`hand model: unknown species ${n}`);
    return i;
  };
  const terms = (r: Record<string, number> | undefined): StoichTerm[] =>
    Object.entries(r ?? {}).map(([n, c]) => ({ species: idx(n), coefficient: c }));
  const nR = init.reactions.length;
  const stoich = new Float64Array(nR * nS);
  const reactions = init.reactions.map((r, k) => {
    const reactants = terms(r.reactants);
    const products = terms(r.products);
    for (const t of reactants) stoich[k * nS + t.species]! -= t.coefficient;
    for (const t of products) stoich[k * nS + t.species]! += t.coefficient;
    const changed = [...reactants, ...products].map((t) => init.species[t.species]!.mode ?? 'discrete');
    return {
      id: r.id,
      description: '',
      reactants,
      products,
      rateLaw: '<closure>',
      dependsOn: (r.dependsOn ?? Object.keys(r.reactants ?? {})).map(idx),
      massAction: r.massAction ?? false,
      modeClass: changed[0] ?? 'discrete',
    };
  });
  const fns = init.reactions.map((r) => r.rate);
  const rates = (y: Float64Array, p: Float64Array, out: Float64Array): void => {
    for (let k = 0; k < nR; k++) out[k] = fns[k]!(y, p);
  };
  const tmp = new Float64Array(nR);
  const rhs = (y: Float64Array, p: Float64Array, dydt: Float64Array): void => {
    rates(y, p, tmp);
    dydt.fill(0);
    for (let k = 0; k < nR; k++) {
      const v = tmp[k]!;
      for (let i = 0; i < nS; i++) dydt[i]! += stoich[k * nS + i]! * v;
    }
  };
  const grads = init.reactions.map((r) => r.grad);
  const g = new Float64Array(nS);
  const jacobian =
    init.jacobian ??
    ((y: Float64Array, p: Float64Array, jac: Float64Array): void => {
      jac.fill(0);
      const yy = Float64Array.from(y);
      for (let k = 0; k < nR; k++) {
        const gk = grads[k];
        if (gk) gk(y, p, g);
        else {
          for (let j = 0; j < nS; j++) {
            const h = 1e-7 * Math.max(1e-6, Math.abs(y[j]!));
            yy[j] = y[j]! + h;
            const vp = fns[k]!(yy, p);
            yy[j] = y[j]! - h;
            const vm = fns[k]!(yy, p);
            yy[j] = y[j]!;
            g[j] = (vp - vm) / (2 * h);
          }
        }
        for (let i = 0; i < nS; i++) {
          const c = stoich[k * nS + i]!;
          if (c !== 0) for (let j = 0; j < nS; j++) jac[i * nS + j]! += c * g[j]!;
        }
      }
    });
  const defaultParameters = Float64Array.from(paramNames.map((n) => init.parameters![n]!));
  return {
    name: init.name ?? 'hand',
    description: '',
    sourceName: '<hand>',
    sourceText: '',
    species: init.species.map((s) => ({
      name: s.name,
      unit: 'uM',
      mode: s.mode ?? 'discrete',
      initialUM: s.initialUM,
      description: '',
    })),
    parameters: paramNames.map((n) => ({
      name: n,
      value: init.parameters![n]!,
      declaredValue: init.parameters![n]!,
      unit: '',
      source: 'test',
      description: '',
      isDrug: false,
    })),
    reactions,
    drugs: [],
    speciesIndex,
    parameterIndex,
    drugIndex: new Map(),
    nSpecies: nS,
    nParameters: paramNames.length,
    nReactions: nR,
    cellVolumeL: init.cellVolumeL ?? 1e-15,
    initialState: Float64Array.from(init.species.map((s) => s.initialUM)),
    defaultParameters,
    stoichiometry: stoich,
    conservationLaws: [],
    rates,
    rate: (r, y, p) => fns[r]!(y, p),
    rhs,
    jacobian,
    jacobianPattern: new Uint8Array(nS * nS).fill(1),
    applyDrugs: (base, _doses, out) => out.set(base),
  };
}
