/**
 * A two-drug dose matrix of virtual CCK-8 viability (`nrf2sim combo`): the points of the run are the
 * doses of drug B; point j runs a CCK-8 dose–response of drug A (all its doses, R repeats) on the line
 * with B fixed at b_j (withCommandLine's dose override). Every row uses the same root seeds
 * deriveSeed(root, 'repeat', r): within a repeat, the wells of replicate k of every cell of the matrix
 * share their random stream (wells.ts derives it from the replicate only), so the matrix is built with
 * common random numbers — differences between cells, which the synergy scores are made of, are not
 * swamped by well-to-well sampling noise. (This is still a function of the root seed only, so the
 * runner's resume/shard/worker guarantees hold.)
 *
 * Viability is normalised as on a real plate to the untreated wells (a = 0, b = 0): CCK-8 normalises
 * each row to its own dose-0 wells, which carry b_j, so each well's blank-corrected OD is divided by
 * the mean blank-corrected OD of row 0's control wells of the same repeat.
 */
import { parseExperimentText, type Cck8DoseResponseExperiment } from '../assays/experiment.js';
import { InputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import { runExperiment } from '../experiments/run-experiment.js';
import type { ExperimentResult } from '../experiments/types.js';
import { withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import type { SweepPoint } from './point.js';

export interface DrugDoses {
  readonly drug: string;
  /** Doses in the drug's declared unit, first 0, increasing. */
  readonly doses: readonly number[];
}

/** Parse `--a imatinib=0,0.25,0.5` against the model's drugs. */
export function parseDrugDoses(text: string, flag: string, sc: ResolvedScenario): DrugDoses {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(text);
  if (!m) throw new InputError({ file: flag, field: text }, 'expected drug=dose,dose,… with the first dose 0 (e.g. imatinib=0,0.25,0.5,1)');
  const drug = m[1]!;
  if (!sc.model.drugIndex.has(drug)) throw new InputError({ file: flag, field: drug }, `unknown drug of model '${sc.model.name}'; expected one of: ${sc.model.drugs.map((d) => d.name).join(', ')}`);
  const parts = m[2]!.split(',').map((s) => s.trim());
  const doses = parts.map((s) => {
    const v = s === '' ? NaN : Number(s);
    if (!Number.isFinite(v) || v < 0) throw new InputError({ file: flag, field: drug }, `expected doses ≥ 0 (finite numbers), got '${s}'`);
    return v;
  });
  if (doses.length < 2) throw new InputError({ file: flag, field: drug }, 'expected at least two doses (0 and one more)');
  if (doses[0] !== 0) throw new InputError({ file: flag, field: drug }, `the first dose must be 0 (the single-agent row/column), got ${doses[0]}`);
  for (let i = 1; i < doses.length; i++) {
    if (!(doses[i]! > doses[i - 1]!)) throw new InputError({ file: flag, field: drug }, `doses must be strictly increasing, got ${doses.join(', ')}`);
  }
  return { drug, doses };
}

export interface ComboPlan {
  readonly line: ResolvedScenario;
  /** Line name used in the experiment (the scenario file's base name). */
  readonly lineName: string;
  readonly a: DrugDoses;
  readonly b: DrugDoses;
  readonly repeats: number;
  readonly replicates: number;
  readonly hours: number;
  readonly seed: string | number;
  readonly cellsPerSample: number;
  readonly workers: number;
  readonly onPointProgress?: (fraction: number) => void;
}

/** Drug A's CCK-8 dose–response as an experiment spec (schema-checked like a file). */
export function comboExperiment(plan: ComboPlan): Cck8DoseResponseExperiment {
  const unit = plan.line.model.drugs[plan.line.model.drugIndex.get(plan.a.drug)!]!.unit;
  const asIs = unit === 'nM' || unit === 'uM' || unit === 'mM';
  const factor = plan.line.model.drugs[plan.line.model.drugIndex.get(plan.a.drug)!]!.unitFactor;
  const raw = {
    name: `combo-${plan.a.drug}-x-${plan.b.drug}`,
    assay: 'cck8-dose-response',
    seed: typeof plan.seed === 'number' ? plan.seed : String(plan.seed),
    lines: [`${plan.lineName}.yaml`],
    treatment: { drug: plan.a.drug, unit: asIs ? unit : 'uM', doses: plan.a.doses.map((d) => (asIs ? d : d * factor)) },
    times_h: [plan.hours],
    cck8: { replicates: plan.replicates, seeding_cells_per_well: 5000, blanks_per_plate: 3, avoid_edge_wells: true, reagent_incubation_h: 2 },
  };
  return parseExperimentText(JSON.stringify(raw), 'combo') as Cck8DoseResponseExperiment;
}

/** One point per dose of B; params name B's dose. */
export function comboPoints(plan: Pick<ComboPlan, 'b'>): SweepPoint[] {
  return plan.b.doses.map((dose, index) => ({ index, params: { [plan.b.drug]: dose } }));
}

/** Blank-corrected OD of each cell well by replicate (1…n) and dose index of A, read from the wells table. */
export function netOdByReplicate(result: ExperimentResult, dosesUM: readonly number[], replicates: number): number[][] {
  const t = result.tables['wells']!;
  const col = (name: string): number => t.columns.indexOf(name);
  const [iPlate, iRole, iDose, iRep, iOd] = ['plate', 'role', 'dose_uM', 'replicate', 'od450'].map(col) as [number, number, number, number, number];
  const blanks = new Map<number, { s: number; n: number }>();
  for (const r of t.rows) {
    if (r[iRole] !== 'blank') continue;
    const e = blanks.get(Number(r[iPlate])) ?? { s: 0, n: 0 };
    e.s += Number(r[iOd]);
    e.n++;
    blanks.set(Number(r[iPlate]), e);
  }
  const out = Array.from({ length: replicates }, () => new Array<number>(dosesUM.length).fill(NaN));
  for (const r of t.rows) {
    if (r[iRole] !== 'cells') continue;
    const b = blanks.get(Number(r[iPlate]))!;
    const k = dosesUM.findIndex((d) => Math.abs(d - Number(r[iDose])) <= 1e-12 * Math.max(1, d));
    out[Number(r[iRep]) - 1]![k] = Number(r[iOd]) - b.s / b.n;
  }
  return out;
}

/** Point values: `netOD[repeat][replicate][dose of A]`. */
export function comboEvaluator(plan: ComboPlan): (p: SweepPoint) => Promise<{ netOD: number[][][] }> {
  const spec = comboExperiment(plan);
  return async (p) => {
    const dose = p.params[plan.b.drug]!;
    const variant = withCommandLine(plan.line, new Map(), new Map([[plan.b.drug, dose]]));
    const lines = new Map([[plan.lineName, variant]]);
    const netOD: number[][][] = [];
    for (let r = 1; r <= plan.repeats; r++) {
      const at = r - 1;
      const result = await runExperiment(spec, lines, {
        seed: deriveSeed(plan.seed, 'repeat', r),
        workers: plan.workers,
        cellsPerSample: plan.cellsPerSample,
        ...(plan.onPointProgress ? { onProgress: (f: number) => plan.onPointProgress!((at + f) / plan.repeats) } : {}),
      });
      netOD.push(netOdByReplicate(result, spec.treatment.dosesUM, plan.replicates));
    }
    return { netOD };
  };
}

/**
 * Viability % matrices, one per (repeat, replicate) — each an independent biological replicate of the
 * whole matrix — from the points' netOD (points sorted by B dose index). Rows: doses of A; columns: B.
 */
export function viabilityUnits(netODByPoint: readonly (readonly (readonly (readonly number[])[])[])[]): number[][][] {
  const nB = netODByPoint.length;
  const repeats = netODByPoint[0]!.length;
  const replicates = netODByPoint[0]![0]!.length;
  const nA = netODByPoint[0]![0]![0]!.length;
  const units: number[][][] = [];
  for (let r = 0; r < repeats; r++) {
    // Each biological replicate is normalised by its own untreated well (a = 0, b = 0), so replicate
    // matrices stay independent and their spread gives honest confidence intervals.
    for (let k = 0; k < replicates; k++) {
      const ctrl = netODByPoint[0]![r]![k]![0]!;
      units.push(Array.from({ length: nA }, (_, i) => Array.from({ length: nB }, (_, j) => (100 * netODByPoint[j]![r]![k]![i]!) / ctrl)));
    }
  }
  return units;
}
