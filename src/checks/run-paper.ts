/**
 * The virtual paper (issue 5): run every experiment the claims need, R times with independent root
 * seeds, and judge each claim as the paper's authors would have judged one run, plus how often it
 * holds across the R virtual repeats of the whole study.
 *
 * Pure orchestration over already-loaded inputs (the CLI reads the files):
 * - Plan. Each experiment a claim names is run once per repeat, whatever the number of claims that
 *   read it. Its lines are the file's lines, plus the claims' `extra_lines` (e.g. K562 in the
 *   proliferation experiment for Q1, taken from the `lines` catalogue), plus every variant of a
 *   claim's `variants` series (the cartesian product of its `set`, each a scenario made by the
 *   injected `makeVariant`, named `variantLineName(line, set)`), so variants share the experiment's
 *   run, plate and seeds (the wells' streams depend on the replicate only, not the line, so adding
 *   lines does not change the other lines' rows).
 * - Seeds. Repeat r runs every experiment with root seed `deriveSeed(seed, 'repeat', r)`; within a
 *   repeat, experiments share the root as a lab's one study shares its cultures (wells of replicate
 *   k start from the same draws in every experiment, see experiments/wells.ts).
 * - Judgement. The table's effect, 95 % CI and p come from repeat 0 (one study, as published);
 *   `holds` is the robustness criterion: the claim holds in ≥ claim.robustness of the R repeats.
 */
import { deriveSeed } from '../core/rng.js';
import { replicatesOf } from '../experiments/wells.js';
import type { ExperimentLine, ExperimentSpec } from '../assays/experiment.js';
import { runExperiment } from '../experiments/run-experiment.js';
import type { BurntInCells } from '../solve/population/well.js';
import type { ExperimentResult, Measurement } from '../experiments/types.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { variantLineName, type Claim } from './claim.js';
import { evaluateClaim, robustness, type ClaimResult } from './evaluate.js';

/** An experiment file and the resolved scenarios of its lines (io/load-experiment.ts). */
export interface PaperExperiment {
  readonly spec: ExperimentSpec;
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
}

export interface PaperInputs {
  readonly claims: readonly Claim[];
  /** Every experiment the claims name, by name (scenarios/experiments/<name>.yaml). */
  readonly experiments: ReadonlyMap<string, PaperExperiment>;
  /** Scenarios available for `extra_lines` and variant series, by line name. */
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
  /** A variant of a line's scenario with parameters overridden (scenario/resolve.ts withCommandLine). */
  readonly makeVariant: (base: ResolvedScenario, set: Readonly<Record<string, number>>) => ResolvedScenario;
}

export interface PaperProgress {
  /** 0-based repeat and experiment being run. */
  readonly repeat: number;
  readonly experiment: string;
  /** Overall fraction of the whole run done, 0…1 (weighted by wells). */
  readonly overall: number;
}

export interface RunPaperOptions {
  readonly seed: string | number;
  /** Independent virtual repeats of the study (≥ 1). */
  readonly repeats: number;
  readonly workers?: number;
  readonly cellsPerSample?: number;
  readonly onProgress?: (p: PaperProgress) => void;
}

/** One experiment as the paper runs it: the file's spec with extra and variant lines added. */
export interface PlannedExperiment {
  readonly name: string;
  readonly spec: ExperimentSpec;
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
  readonly wells: number;
}

export interface PaperClaimResult extends ClaimResult {
  readonly paper: string;
  /** Fraction of repeats in which the claim holds. */
  readonly robustness: number;
  /** Fraction required (claim.robustness). */
  readonly required: number;
  readonly repeats: number;
  /** Whether the claim holds in repeat 0 (whose effect, CI and p are reported). */
  readonly holdsInFirstRepeat: boolean;
}

export interface PaperResult {
  readonly seed: string | number;
  readonly repeats: number;
  readonly experiments: readonly { readonly name: string; readonly lines: readonly string[]; readonly wells: number }[];
  /** Measurement rows of each repeat, tagged with their experiment. */
  readonly measurements: readonly (readonly PaperMeasurement[])[];
  readonly claims: readonly PaperClaimResult[];
  /** Repeat 0's full results per experiment (tables, flow events, blots): the study as published. */
  readonly firstRepeat: readonly { readonly name: string; readonly result: ExperimentResult }[];
  /** Every claim holds (robustly). */
  readonly allHold: boolean;
}

export interface PaperMeasurement extends Measurement {
  readonly experiment: string;
}

/** Cartesian product of a variant series' settings, in file order. */
export function variantSets(set: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const [key, values] of Object.entries(set)) out = out.flatMap((s) => values.map((v) => ({ ...s, [key]: v })));
  return out;
}

/** The experiments to run (in order of first mention by a claim), each with its added lines. */
export function planPaper(inputs: PaperInputs): PlannedExperiment[] {
  const order: string[] = [];
  const added = new Map<string, Map<string, { line: ExperimentLine; sc: ResolvedScenario }>>();
  for (const claim of inputs.claims) {
    for (const name of claim.experiments) {
      const exp = inputs.experiments.get(name);
      if (!exp) throw new RangeError(`planPaper: claim ${claim.id} needs experiment '${name}', which was not loaded`);
      if (!added.has(name)) {
        order.push(name);
        added.set(name, new Map());
      }
      const extra = added.get(name)!;
      const fileOf = (line: string): string => exp.spec.lines.find((l) => l.name === line)?.file ?? `${line}.yaml`;
      const lookUp = (line: string): ResolvedScenario => {
        const sc = exp.lines.get(line) ?? inputs.lines.get(line);
        if (!sc) throw new RangeError(`planPaper: claim ${claim.id} needs line '${line}' in experiment '${name}', but no scenario named so was loaded`);
        return sc;
      };
      for (const line of claim.extraLines ?? []) {
        if (exp.lines.has(line) || extra.has(line)) continue;
        extra.set(line, { line: { name: line, file: fileOf(line) }, sc: lookUp(line) });
      }
      if (claim.variants) {
        const base = lookUp(claim.variants.line);
        for (const set of variantSets(claim.variants.set)) {
          const vname = variantLineName(claim.variants.line, set);
          if (exp.lines.has(vname) || extra.has(vname)) continue;
          extra.set(vname, { line: { name: vname, file: fileOf(claim.variants.line) }, sc: inputs.makeVariant(base, set) });
        }
      }
    }
  }
  return order.map((name) => {
    const exp = inputs.experiments.get(name)!;
    const extra = [...added.get(name)!.values()];
    const spec = { ...exp.spec, lines: [...exp.spec.lines, ...extra.map((e) => e.line)] } as ExperimentSpec;
    const lines = new Map(exp.lines);
    for (const e of extra) lines.set(e.line.name, e.sc);
    return { name, spec, lines, wells: spec.lines.length * (spec.treatment?.dosesUM.length ?? 1) * replicatesOf(spec) };
  });
}

export async function runPaper(inputs: PaperInputs, opts: RunPaperOptions): Promise<PaperResult> {
  if (!Number.isInteger(opts.repeats) || opts.repeats < 1) throw new RangeError(`runPaper: repeats must be an integer >= 1, got ${opts.repeats}`);
  const plan = planPaper(inputs);
  const perRepeat = plan.reduce((s, p) => s + p.wells, 0);
  const total = perRepeat * opts.repeats;
  const measurements: PaperMeasurement[][] = [];
  const firstRepeat: { name: string; result: ExperimentResult }[] = [];
  let done = 0;
  for (let r = 0; r < opts.repeats; r++) {
    const root = deriveSeed(opts.seed, 'repeat', r);
    const rows: PaperMeasurement[] = [];
    // One study's cultures: experiments of a repeat share burnt-in wells (same line, replicate, cells).
    const burnIns = new Map<string, BurntInCells>();
    for (const p of plan) {
      const report = (f: number): void => opts.onProgress?.({ repeat: r, experiment: p.name, overall: total ? (done + f * p.wells) / total : 1 });
      report(0);
      const result = await runExperiment(p.spec, p.lines, {
        seed: root,
        burnIns,
        ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
        ...(opts.cellsPerSample !== undefined ? { cellsPerSample: opts.cellsPerSample } : {}),
        ...(opts.onProgress ? { onProgress: report } : {}),
      });
      done += p.wells;
      if (r === 0) firstRepeat.push({ name: p.name, result });
      for (const m of result.measurements) rows.push({ experiment: p.name, ...m });
    }
    measurements.push(rows);
  }
  const claims = evaluatePaper(inputs.claims, measurements);
  return {
    seed: opts.seed,
    repeats: opts.repeats,
    experiments: plan.map((p) => ({ name: p.name, lines: p.spec.lines.map((l) => l.name), wells: p.wells })),
    measurements,
    claims,
    firstRepeat,
    allHold: claims.every((c) => c.holds),
  };
}

/** Judge every claim: repeat 0 for the reported statistics, all repeats for robustness (and `holds`). */
export function evaluatePaper(claims: readonly Claim[], repeats: readonly (readonly Measurement[])[]): PaperClaimResult[] {
  return claims.map((claim) => {
    const first = evaluateClaim(claim, repeats[0]!);
    const rob = robustness(claim, repeats);
    return { ...first, paper: claim.paper, holds: rob.holds, holdsInFirstRepeat: first.holds, robustness: rob.fraction, required: claim.robustness, repeats: rob.repeats };
  });
}
