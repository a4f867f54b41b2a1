/**
 * Experiment files (scenarios/experiments/*.yaml, schema scenarios/experiment.schema.json): a
 * virtual assay run — lines, treatment, times, replicates, seed and the assay's protocol.
 *
 * `parseExperimentText(text, sourceName)` is pure: YAML/JSON text in, a typed
 * {@link ExperimentSpec} out, with defaults filled in. Bad input throws an InputError naming the
 * file, the field (with line and column) and what was expected. Line files are returned as written
 * (relative to the experiment file); resolving and loading them is the caller's I/O.
 */
import schema from '../../scenarios/experiment.schema.json' with { type: 'json' };
import { makeSchemaCheck } from '../core/schema-check.js';
import { errorAt, parseStructuredText, type StructuredText } from '../core/structured-text.js';
import { layoutPlates, type PlateCondition, type PlateSpec } from './plate.js';

const checkSchema = makeSchemaCheck(schema);

export type AssayKind = 'cck8-dose-response' | 'cck8-proliferation' | 'flow-dcf' | 'flow-annexin-pi' | 'qpcr' | 'western';

export interface ExperimentLine {
  /** File name without directory and .yaml/.yml, e.g. "k562-g01". */
  readonly name: string;
  /** Path as written, relative to the experiment file. */
  readonly file: string;
}

export interface ExperimentTreatment {
  readonly drug: string;
  readonly unit: 'nM' | 'uM' | 'mM';
  /** Doses as written, in `unit`. */
  readonly doses: readonly number[];
  /** The same doses in µM. */
  readonly dosesUM: readonly number[];
}

interface ExperimentBase {
  readonly name: string;
  readonly description?: string;
  readonly paper?: string;
  readonly seed: string | number;
  readonly lines: readonly ExperimentLine[];
  /** Absent: untreated only (dose 0 of no drug). */
  readonly treatment?: ExperimentTreatment;
  readonly timesH: readonly number[];
  readonly cellsPerSample?: number;
  /** Where the spec came from (for messages and output provenance). */
  readonly sourceName: string;
}

export interface Cck8Protocol {
  readonly replicates: number;
  readonly seedingCellsPerWell: number;
  readonly blanksPerPlate: number;
  readonly avoidEdgeWells: boolean;
  readonly reagentIncubationH: number;
}

export interface Cck8DoseResponseExperiment extends ExperimentBase {
  readonly assay: 'cck8-dose-response';
  readonly treatment: ExperimentTreatment;
  readonly cck8: Cck8Protocol & { readonly fixTop?: number; readonly referenceLine?: string };
}

export interface Cck8ProliferationExperiment extends ExperimentBase {
  readonly assay: 'cck8-proliferation';
  readonly cck8: Cck8Protocol;
}

export interface FlowProtocol {
  readonly replicates: number;
  readonly events: number;
  readonly unstainedControl: boolean;
  readonly fcs: boolean;
}

export interface FlowDcfExperiment extends ExperimentBase {
  readonly assay: 'flow-dcf';
  readonly treatment: ExperimentTreatment;
  readonly flow: FlowProtocol & { readonly rosSpecies: string; readonly referenceLine?: string };
}

export interface FlowAnnexinPiExperiment extends ExperimentBase {
  readonly assay: 'flow-annexin-pi';
  readonly treatment: ExperimentTreatment;
  readonly flow: FlowProtocol & { readonly gateZ: number };
}

export interface QpcrExperiment extends ExperimentBase {
  readonly assay: 'qpcr';
  readonly qpcr: {
    readonly biologicalReplicates: number;
    readonly technicalReplicates: number;
    readonly controlLine: string;
    readonly targets: readonly { readonly gene: string; readonly species: string; readonly efficiency: number }[];
    readonly reference: { readonly gene: string; readonly copiesPerCell: number; readonly efficiency: number };
  };
}

export interface WesternExperiment extends ExperimentBase {
  readonly assay: 'western';
  readonly western: {
    readonly replicates: number;
    readonly controlLine: string;
    readonly targets: readonly { readonly protein: string; readonly species: string }[];
    readonly loadingControl: { readonly protein: string; readonly moleculesPerCell?: number };
    readonly loadedProteinUg: number;
    readonly detector: 'ccd' | 'film';
  };
}

export type ExperimentSpec =
  | Cck8DoseResponseExperiment
  | Cck8ProliferationExperiment
  | FlowDcfExperiment
  | FlowAnnexinPiExperiment
  | QpcrExperiment
  | WesternExperiment;

/** The assay section each kind uses; any other section is an error. */
const SECTION: Record<AssayKind, 'cck8' | 'flow' | 'qpcr' | 'western'> = {
  'cck8-dose-response': 'cck8',
  'cck8-proliferation': 'cck8',
  'flow-dcf': 'flow',
  'flow-annexin-pi': 'flow',
  qpcr: 'qpcr',
  western: 'western',
};

const UNIT_TO_UM = { nM: 1e-3, uM: 1, mM: 1e3 } as const;

// Raw (file) shapes, after the schema check.
interface RawExperiment {
  name: string;
  assay: AssayKind;
  description?: string;
  paper?: string;
  seed: string | number;
  lines: string[];
  treatment?: { drug: string; unit?: 'nM' | 'uM' | 'mM'; doses: number[] };
  times_h: number[];
  cells_per_sample?: number;
  cck8?: {
    replicates: number;
    seeding_cells_per_well: number;
    blanks_per_plate?: number;
    avoid_edge_wells?: boolean;
    reagent_incubation_h?: number;
    fix_top?: number;
    reference_line?: string;
  };
  flow?: {
    replicates: number;
    events?: number;
    unstained_control?: boolean;
    ros_species?: string;
    reference_line?: string;
    gate_z?: number;
    fcs?: boolean;
  };
  qpcr?: {
    biological_replicates: number;
    technical_replicates?: number;
    control_line: string;
    targets: { gene: string; species: string; efficiency?: number }[];
    reference: { gene: string; copies_per_cell: number; efficiency?: number };
  };
  western?: {
    replicates: number;
    control_line: string;
    targets: { protein: string; species: string }[];
    loading_control: { protein: string; molecules_per_cell?: number };
    loaded_protein_ug?: number;
    detector?: 'ccd' | 'film';
  };
}

export function parseExperimentText(text: string, sourceName: string): ExperimentSpec {
  const src = parseStructuredText(text, sourceName);
  requireSections(src);
  checkSchema(src);
  const raw = src.value as RawExperiment;

  for (const s of ['cck8', 'flow', 'qpcr', 'western'] as const) {
    if (raw[s] !== undefined && SECTION[raw.assay] !== s) {
      throw errorAt(src, [s], `section '${s}' does not apply to assay '${raw.assay}'; expected '${SECTION[raw.assay]}'`);
    }
  }
  const lines = raw.lines.map((file, i) => {
    const base = file.split(/[\\/]/).pop()!;
    const name = base.replace(/\.ya?ml$/, '');
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw errorAt(src, ['lines', i], `expected a file name of letters, digits, '_', '.', '-' (got '${base}')`);
    return { name, file };
  });
  lines.forEach((l, i) => {
    if (lines.findIndex((m) => m.name === l.name) !== i) throw errorAt(src, ['lines', i], `line '${l.name}' is listed twice; expected each line once`);
  });
  const lineNames = lines.map((l) => l.name);
  const requireLine = (path: (string | number)[], name: string | undefined): void => {
    if (name !== undefined && !lineNames.includes(name)) {
      throw errorAt(src, path, `unknown line '${name}'; expected one of ${lineNames.join(', ')}`);
    }
  };

  uniqueNumbers(src, ['times_h'], raw.times_h, 'time');
  let treatment: ExperimentTreatment | undefined;
  if (raw.treatment) {
    const unit = raw.treatment.unit ?? 'uM';
    uniqueNumbers(src, ['treatment', 'doses'], raw.treatment.doses, 'dose');
    treatment = { drug: raw.treatment.drug, unit, doses: raw.treatment.doses, dosesUM: raw.treatment.doses.map((d) => d * UNIT_TO_UM[unit]) };
  }
  const needsUntreated = (why: string): void => {
    if (treatment && !treatment.doses.includes(0)) throw errorAt(src, ['treatment', 'doses'], `expected a dose 0 (untreated control): ${why}`);
  };

  const base = {
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.paper !== undefined ? { paper: raw.paper } : {}),
    seed: raw.seed,
    lines,
    ...(treatment ? { treatment } : {}),
    timesH: raw.times_h,
    ...(raw.cells_per_sample !== undefined ? { cellsPerSample: raw.cells_per_sample } : {}),
    sourceName,
  };

  switch (raw.assay) {
    case 'cck8-dose-response':
    case 'cck8-proliferation': {
      const c = raw.cck8!;
      const protocol: Cck8Protocol = {
        replicates: c.replicates,
        seedingCellsPerWell: c.seeding_cells_per_well,
        blanksPerPlate: c.blanks_per_plate ?? 3,
        avoidEdgeWells: c.avoid_edge_wells ?? true,
        reagentIncubationH: c.reagent_incubation_h ?? 2,
      };
      if (raw.assay === 'cck8-dose-response') {
        needsUntreated('viability is normalised to the untreated wells');
        const positive = treatment!.doses.filter((d) => d > 0).length;
        if (positive < 4) throw errorAt(src, ['treatment', 'doses'], `expected at least 4 positive doses for a four-parameter fit (got ${positive})`);
        requireLine(['cck8', 'reference_line'], c.reference_line);
        if (c.fix_top !== undefined && c.fix_top <= 0) throw errorAt(src, ['cck8', 'fix_top'], 'expected a positive top (e.g. 100 for % viability)');
      } else {
        if (c.fix_top !== undefined) throw errorAt(src, ['cck8', 'fix_top'], "applies to 'cck8-dose-response' only");
        if (c.reference_line !== undefined) throw errorAt(src, ['cck8', 'reference_line'], "applies to 'cck8-dose-response' only");
      }
      const spec = raw.assay === 'cck8-dose-response'
        ? ({ ...base, assay: raw.assay, treatment: treatment!, cck8: { ...protocol, ...(c.fix_top !== undefined ? { fixTop: c.fix_top } : {}), ...(c.reference_line !== undefined ? { referenceLine: c.reference_line } : {}) } } satisfies Cck8DoseResponseExperiment)
        : ({ ...base, assay: raw.assay, cck8: protocol } satisfies Cck8ProliferationExperiment);
      try {
        layoutPlates(plateSpecOf(spec));
      } catch (e) {
        throw errorAt(src, ['cck8'], `the plate layout does not fit: ${(e as Error).message.replace(/^layoutPlates: /, '')}; expected fewer doses or replicates, or avoid_edge_wells: false`);
      }
      return spec;
    }
    case 'flow-dcf':
    case 'flow-annexin-pi': {
      const f = raw.flow!;
      needsUntreated(raw.assay === 'flow-dcf' ? 'ROS fold changes are relative to untreated cells' : 'quadrant gates are set on the untreated control');
      const protocol: FlowProtocol = { replicates: f.replicates, events: f.events ?? 10_000, unstainedControl: f.unstained_control ?? true, fcs: f.fcs ?? true };
      if (raw.assay === 'flow-dcf') {
        if (f.gate_z !== undefined) throw errorAt(src, ['flow', 'gate_z'], "applies to 'flow-annexin-pi' only");
        requireLine(['flow', 'reference_line'], f.reference_line);
        return { ...base, assay: raw.assay, treatment: treatment!, flow: { ...protocol, rosSpecies: f.ros_species ?? 'H2O2', ...(f.reference_line !== undefined ? { referenceLine: f.reference_line } : {}) } };
      }
      if (f.ros_species !== undefined) throw errorAt(src, ['flow', 'ros_species'], "applies to 'flow-dcf' only");
      if (f.reference_line !== undefined) throw errorAt(src, ['flow', 'reference_line'], "applies to 'flow-dcf' only");
      return { ...base, assay: raw.assay, treatment: treatment!, flow: { ...protocol, gateZ: f.gate_z ?? 3 } };
    }
    case 'qpcr': {
      const q = raw.qpcr!;
      needsUntreated('ΔΔCt is calibrated on the untreated control line');
      requireLine(['qpcr', 'control_line'], q.control_line);
      const genes = [...q.targets.map((t) => t.gene), q.reference.gene];
      genes.forEach((g, i) => {
        if (genes.indexOf(g) !== i) {
          const path = i < q.targets.length ? ['qpcr', 'targets', i, 'gene'] : ['qpcr', 'reference', 'gene'];
          throw errorAt(src, path, `gene '${g}' appears twice; expected distinct target and reference genes`);
        }
      });
      return {
        ...base,
        assay: 'qpcr',
        qpcr: {
          biologicalReplicates: q.biological_replicates,
          technicalReplicates: q.technical_replicates ?? 3,
          controlLine: q.control_line,
          targets: q.targets.map((t) => ({ gene: t.gene, species: t.species, efficiency: t.efficiency ?? 0.97 })),
          reference: { gene: q.reference.gene, copiesPerCell: q.reference.copies_per_cell, efficiency: q.reference.efficiency ?? 0.99 },
        },
      };
    }
    case 'western': {
      const w = raw.western!;
      needsUntreated('band ratios are normalised to the untreated control line');
      requireLine(['western', 'control_line'], w.control_line);
      const proteins = [...w.targets.map((t) => t.protein), w.loading_control.protein];
      proteins.forEach((p, i) => {
        if (proteins.indexOf(p) !== i) {
          const path = i < w.targets.length ? ['western', 'targets', i, 'protein'] : ['western', 'loading_control', 'protein'];
          throw errorAt(src, path, `protein '${p}' appears twice; expected distinct targets and loading control`);
        }
      });
      return {
        ...base,
        assay: 'western',
        western: {
          replicates: w.replicates,
          controlLine: w.control_line,
          targets: w.targets.map((t) => ({ protein: t.protein, species: t.species })),
          loadingControl: { protein: w.loading_control.protein, ...(w.loading_control.molecules_per_cell !== undefined ? { moleculesPerCell: w.loading_control.molecules_per_cell } : {}) },
          loadedProteinUg: w.loaded_protein_ug ?? 30,
          detector: w.detector ?? 'ccd',
        },
      };
    }
  }
}

/** Doses in µM of an experiment (just [0] when untreated). */
export function experimentDosesUM(spec: ExperimentSpec): readonly number[] {
  return spec.treatment?.dosesUM ?? [0];
}

/** The plate specification of a CCK-8 experiment: every line × dose × time, with its protocol. */
export function plateSpecOf(spec: Cck8DoseResponseExperiment | Cck8ProliferationExperiment): PlateSpec {
  const conditions: PlateCondition[] = [];
  for (const timeH of spec.timesH) {
    for (const line of spec.lines) for (const doseUM of experimentDosesUM(spec)) conditions.push({ line: line.name, doseUM, timeH });
  }
  return { conditions, replicates: spec.cck8.replicates, blanksPerPlate: spec.cck8.blanksPerPlate, avoidEdgeWells: spec.cck8.avoidEdgeWells };
}

/** A clearer message than the schema's if/then for a missing assay section. */
function requireSections(src: StructuredText): void {
  const v = src.value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  const assay = v['assay'];
  if (typeof assay !== 'string' || !(assay in SECTION)) return;
  const kind = assay as AssayKind;
  const needed = [SECTION[kind], ...(kind.startsWith('flow-') || kind === 'cck8-dose-response' ? ['treatment'] : [])];
  for (const s of needed) {
    if (v[s] === undefined) throw errorAt(src, [s], `assay '${kind}' needs a '${s}' section; expected it to be present`);
  }
}

function uniqueNumbers(src: StructuredText, path: (string | number)[], xs: readonly number[], what: string): void {
  xs.forEach((x, i) => {
    if (xs.indexOf(x) !== i) throw errorAt(src, [...path, i], `${what} ${x} is listed twice; expected distinct values`);
  });
}
