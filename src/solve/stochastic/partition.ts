/**
 * The hybrid partition of a compiled model for the stochastic engines (SSA, tau-leap), and the
 * structural tables the event loop needs, built once per solve.
 *
 * ## Partition (by {@link SpeciesMode})
 * - `discrete` reactions (all their net stoichiometry on `discrete` species) fire as single events
 *   (SSA) or Poisson-distributed numbers of firings (tau-leap), on integer molecule counts.
 * - `continuous` reactions (net stoichiometry on `continuous` species) are integrated
 *   deterministically between events, with the discrete state held fixed (it is piecewise constant).
 * - `fast` reactions are never fired: the `fast` species are held at quasi-steady state given the rest
 *   of the state by the QSS solver (slow-scale approximation, Cao, Gillespie & Petzold 2005).
 *
 * ## Dependency graph
 * A reaction's propensity reads the species in `dependsOn` plus its reactants (for the combinatorial
 * factor and the availability guard). After discrete reaction r fires, exactly the discrete reactions
 * reading a species whose count r changed (net stoichiometry ≠ 0) are re-evaluated
 * ({@link HybridPartition.depPtr}/{@link HybridPartition.depList}, r itself included when it reads
 * what it changes). Reactions reading fast species are re-evaluated whenever the QSS state is
 * re-solved ({@link HybridPartition.readsFast}); those whose propensity moves with the continuous
 * integration ({@link HybridPartition.readsTimeVarying}) after every continuous substep.
 */
import { SolveError } from '../../core/errors.js';
import type { CompiledModel, SpeciesMode } from '../../model/types.js';
import { moleculesPerUM } from '../../model/types.js';

export const MODE_DISCRETE = 0;
export const MODE_CONTINUOUS = 1;
export const MODE_FAST = 2;

function modeCode(m: SpeciesMode): number {
  return m === 'discrete' ? MODE_DISCRETE : m === 'continuous' ? MODE_CONTINUOUS : MODE_FAST;
}

export interface HybridPartition {
  readonly model: CompiledModel;
  readonly nSpecies: number;
  readonly nReactions: number;
  /** Ω: molecules per µM in the simulated cell volume. */
  readonly omega: number;
  /** Per species: MODE_DISCRETE / MODE_CONTINUOUS / MODE_FAST. */
  readonly speciesMode: Uint8Array;
  readonly discreteSpecies: Int32Array;
  readonly continuousSpecies: Int32Array;
  readonly fastSpecies: Int32Array;
  /** Per reaction: mode code of its modeClass. */
  readonly reactionMode: Uint8Array;
  readonly discreteReactions: Int32Array;
  readonly continuousReactions: Int32Array;
  /** Net stoichiometry (nonzero entries only), CSR over reactions. */
  readonly stoichPtr: Int32Array;
  readonly stoichSpecies: Int32Array;
  readonly stoichCoef: Float64Array;
  /** Discrete reactant species and their (as written) coefficients, CSR over reactions. */
  readonly reactantPtr: Int32Array;
  readonly reactantSpecies: Int32Array;
  readonly reactantCoef: Float64Array;
  /** Sum of all reactant coefficients (reaction order) per reaction. */
  readonly reactionOrder: Float64Array;
  /** 1 where the reaction uses the mass-action combinatorial convention. */
  readonly massAction: Uint8Array;
  /** Dependency graph: discrete reactions to re-evaluate after reaction r fires, CSR over reactions. */
  readonly depPtr: Int32Array;
  readonly depList: Int32Array;
  /** Discrete reactions that read a fast species. */
  readonly readsFast: Int32Array;
  /** Discrete reactions whose propensity changes during continuous integration. */
  readonly readsTimeVarying: Int32Array;
  /** Per species: 1 when a fast reaction reads it (an input of the QSS block) and it is not fast. */
  readonly isFastInput: Uint8Array;
  /** Per reaction: 1 when firing it changes an input of the QSS block. */
  readonly changesFastInput: Uint8Array;
  /**
   * Per reaction: 1 when firing it changes the continuous dynamics (a species continuous reactions
   * read, or a QSS input when continuous reactions read fast species), so the continuous state must be
   * brought up to the event time before it fires.
   */
  readonly changesContinuousInput: Uint8Array;
  /** True when the QSS block reads species that the continuous reactions change. */
  readonly fastDependsOnContinuous: boolean;
  /** True when some discrete propensity changes between events (then event times use integrated hazards). */
  readonly timeVarying: boolean;
  readonly hasFast: boolean;
  readonly hasContinuousReactions: boolean;
}

function csr(lists: readonly (readonly number[])[]): { ptr: Int32Array; list: Int32Array } {
  const ptr = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) ptr[i + 1] = ptr[i]! + lists[i]!.length;
  const list = new Int32Array(ptr[lists.length]!);
  let k = 0;
  for (const l of lists) for (const v of l) list[k++] = v;
  return { ptr, list };
}

/** Build the partition and tables; throws SolveError when a reaction's stoichiometry crosses modes. */
export function buildPartition(model: CompiledModel, cellVolumeL: number): HybridPartition {
  const nS = model.nSpecies;
  const nR = model.nReactions;
  const omega = moleculesPerUM(cellVolumeL);
  if (!(omega > 0) || !Number.isFinite(omega)) {
    throw new SolveError(`stochastic engines need a positive finite cell volume, got ${cellVolumeL} L`);
  }
  const speciesMode = new Uint8Array(nS);
  for (let i = 0; i < nS; i++) speciesMode[i] = modeCode(model.species[i]!.mode);
  const byMode = (code: number): Int32Array => {
    const out: number[] = [];
    for (let i = 0; i < nS; i++) if (speciesMode[i] === code) out.push(i);
    return Int32Array.from(out);
  };

  const reactionMode = new Uint8Array(nR);
  const stoichLists: number[][] = [];
  const stoichCoefs: number[] = [];
  const reactantLists: number[][] = [];
  const reactantCoefs: number[] = [];
  const reactionOrder = new Float64Array(nR);
  const massAction = new Uint8Array(nR);
  const reads: Set<number>[] = [];
  const changed: number[][] = [];
  for (let r = 0; r < nR; r++) {
    const info = model.reactions[r]!;
    const mode = modeCode(info.modeClass);
    reactionMode[r] = mode;
    massAction[r] = info.massAction ? 1 : 0;
    const sl: number[] = [];
    for (let i = 0; i < nS; i++) {
      const v = model.stoichiometry[r * nS + i]!;
      if (v !== 0) {
        if (speciesMode[i] !== mode && mode !== MODE_FAST) {
          throw new SolveError(
            `reaction ${info.id} has modeClass '${info.modeClass}' but changes ${model.species[i]!.mode} species ` +
              `${model.species[i]!.name}; the stochastic engines need each reaction's stoichiometry within one mode`,
          );
        }
        sl.push(i);
        stoichCoefs.push(v);
      }
    }
    stoichLists.push(sl);
    changed.push(sl);
    const rl: number[] = [];
    let order = 0;
    for (const t of info.reactants) {
      order += t.coefficient;
      if (speciesMode[t.species] === MODE_DISCRETE) {
        rl.push(t.species);
        reactantCoefs.push(t.coefficient);
      }
    }
    reactionOrder[r] = order;
    reactantLists.push(rl);
    const rd = new Set<number>(info.dependsOn);
    for (const t of info.reactants) rd.add(t.species);
    reads.push(rd);
  }
  const discreteReactions: number[] = [];
  const continuousReactions: number[] = [];
  for (let r = 0; r < nR; r++) {
    if (reactionMode[r] === MODE_DISCRETE) discreteReactions.push(r);
    else if (reactionMode[r] === MODE_CONTINUOUS) continuousReactions.push(r);
  }

  // Species changed by continuous reactions; species read by fast / continuous reactions.
  const contChanged = new Uint8Array(nS);
  const contReads = new Uint8Array(nS);
  for (const r of continuousReactions) {
    for (const i of changed[r]!) contChanged[i] = 1;
    for (const i of reads[r]!) contReads[i] = 1;
  }
  const isFastInput = new Uint8Array(nS);
  for (let r = 0; r < nR; r++) {
    if (reactionMode[r] !== MODE_FAST) continue;
    for (const i of reads[r]!) if (speciesMode[i] !== MODE_FAST) isFastInput[i] = 1;
  }
  const fastSpecies = byMode(MODE_FAST);
  const hasFast = fastSpecies.length > 0;
  let fastDependsOnContinuous = false;
  for (let i = 0; i < nS; i++) if (isFastInput[i] && contChanged[i]) fastDependsOnContinuous = true;
  let contReadsFast = false;
  for (let i = 0; i < nS; i++) if (contReads[i] && speciesMode[i] === MODE_FAST) contReadsFast = true;

  const readsFast: number[] = [];
  const readsTimeVarying: number[] = [];
  const changesFastInput = new Uint8Array(nR);
  const changesContinuousInput = new Uint8Array(nR);
  const depLists: number[][] = [];
  for (let r = 0; r < nR; r++) {
    const ch = changed[r]!;
    for (const i of ch) {
      if (isFastInput[i] && hasFast) changesFastInput[r] = 1;
      if (contReads[i]) changesContinuousInput[r] = 1;
    }
    if (changesFastInput[r] && contReadsFast) changesContinuousInput[r] = 1;
    const deps: number[] = [];
    if (reactionMode[r] === MODE_DISCRETE) {
      for (const q of discreteReactions) {
        const rd = reads[q]!;
        if (ch.some((i) => rd.has(i))) deps.push(q);
      }
    }
    depLists.push(deps);
  }
  for (const q of discreteReactions) {
    let fast = false;
    let tv = false;
    for (const i of reads[q]!) {
      if (speciesMode[i] === MODE_FAST) fast = true;
      if (contChanged[i]) tv = true;
    }
    if (fast && hasFast) readsFast.push(q);
    if (tv || (fast && fastDependsOnContinuous)) readsTimeVarying.push(q);
  }
  const stoich = csr(stoichLists);
  const reactant = csr(reactantLists);
  const dep = csr(depLists);
  return {
    model,
    nSpecies: nS,
    nReactions: nR,
    omega,
    speciesMode,
    discreteSpecies: byMode(MODE_DISCRETE),
    continuousSpecies: byMode(MODE_CONTINUOUS),
    fastSpecies,
    reactionMode,
    discreteReactions: Int32Array.from(discreteReactions),
    continuousReactions: Int32Array.from(continuousReactions),
    stoichPtr: stoich.ptr,
    stoichSpecies: stoich.list,
    stoichCoef: Float64Array.from(stoichCoefs),
    reactantPtr: reactant.ptr,
    reactantSpecies: reactant.list,
    reactantCoef: Float64Array.from(reactantCoefs),
    reactionOrder,
    massAction,
    depPtr: dep.ptr,
    depList: dep.list,
    readsFast: Int32Array.from(readsFast),
    readsTimeVarying: Int32Array.from(readsTimeVarying),
    isFastInput,
    changesFastInput,
    changesContinuousInput,
    fastDependsOnContinuous,
    timeVarying: readsTimeVarying.length > 0,
    hasFast,
    hasContinuousReactions: continuousReactions.length > 0,
  };
}
