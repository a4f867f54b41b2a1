import { InputError } from '../core/errors.js';
import { errorAt, type StructuredText } from '../core/structured-text.js';
import { parseUnit, sameDims } from '../core/units.js';
import type { CompiledModel } from '../model/types.js';
import type { ScenarioSpec } from './spec.js';

/** One applied override, kept for provenance and reports. */
export interface AppliedOverride {
  readonly parameter: string;
  readonly from: number;
  readonly to: number;
  readonly source: string;
  readonly why: string;
  readonly scenario: string;
}

/** Per-cell log-normal variability of one parameter (index into the model's parameters). */
export interface ParameterVariability {
  readonly parameter: number;
  /** Coefficient of variation of the per-cell multiplier (mean 1). */
  readonly cv: number;
  readonly source: string;
}

/** A dose added to a well during a run: C(t) = dose·2^(−(t − at)/halfLife) for at ≤ t < washout. */
export interface DoseEvent {
  /** Drug index (model order). */
  readonly drug: number;
  readonly doseUM: number;
  readonly atH: number;
  /** Infinity: never washed out. */
  readonly washoutH: number;
  /** Infinity: stable in medium. */
  readonly halfLifeH: number;
}

/** Population-engine settings of a scenario, resolved (defaults applied). */
export interface PopulationSettings {
  readonly cells: number;
  /** Cells per well at which medium exhaustion stops the cycle. */
  readonly carryingCapacity: number;
  readonly variability: readonly ParameterVariability[];
  /** Mother–daughter correlation of the per-cell log-parameters. */
  readonly inheritance: number;
  /** Doses added during the run, on top of the constant `dosesUM`. */
  readonly schedule: readonly DoseEvent[];
}

export const DEFAULT_POPULATION: PopulationSettings = Object.freeze({
  cells: 10_000,
  carryingCapacity: 1e6,
  variability: [],
  inheritance: 1,
  schedule: [],
});

/** A scenario resolved against its model: everything a Problem needs, in internal units. */
export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  readonly model: CompiledModel;
  readonly parameters: Float64Array;
  /** One per model drug, µM. */
  readonly dosesUM: Float64Array;
  readonly hours: number;
  readonly initial: 'steady-state' | 'model';
  readonly overrides: readonly AppliedOverride[];
  /** The scenario files, parent first. */
  readonly files: readonly string[];
  /** Settings of the population engine (defaults when the scenario has no `population`). */
  readonly population: PopulationSettings;
}

export interface ScenarioLayer {
  readonly spec: ScenarioSpec;
  readonly src: StructuredText;
}

/** Apply scenario layers (parent first) to a model. */
export function resolveScenario(model: CompiledModel, layers: readonly ScenarioLayer[]): ResolvedScenario {
  const parameters = Float64Array.from(model.defaultParameters);
  const dosesUM = new Float64Array(model.drugs.length);
  const overrides: AppliedOverride[] = [];
  let hours = 72;
  let initial: 'steady-state' | 'model' = 'steady-state';
  let description = '';
  let cells = DEFAULT_POPULATION.cells;
  let carryingCapacity = DEFAULT_POPULATION.carryingCapacity;
  let inheritance = DEFAULT_POPULATION.inheritance;
  const variability = new Map<number, ParameterVariability>();
  let schedule: readonly DoseEvent[] = DEFAULT_POPULATION.schedule;
  for (const { spec, src } of layers) {
    for (const [name, o] of Object.entries(spec.parameters ?? {})) {
      const i = model.parameterIndex.get(name);
      if (i === undefined || model.parameters[i]!.isDrug) {
        throw errorAt(src, ['parameters', name], `unknown parameter '${name}' for model '${model.name}'; set doses under 'doses'`);
      }
      const info = model.parameters[i]!;
      const from = parameters[i]!;
      let to: number;
      if (o.scale !== undefined) to = from * o.scale;
      else {
        let u;
        try {
          u = parseUnit(o.unit!);
        } catch (e) {
          throw errorAt(src, ['parameters', name, 'unit'], `cannot read unit '${o.unit}': ${(e as Error).message}`);
        }
        const declared = parseUnit(info.unit);
        if (!sameDims(u.dims, declared.dims)) {
          throw errorAt(src, ['parameters', name, 'unit'], `unit '${o.unit}' does not match the model's '${info.unit}' for '${name}'`);
        }
        to = o.value! * u.factor;
      }
      if (!Number.isFinite(to)) throw errorAt(src, ['parameters', name], 'expected a finite value');
      parameters[i] = to;
      overrides.push({ parameter: name, from, to, source: o.source, why: o.why ?? '', scenario: spec.name });
    }
    for (const [drug, dose] of Object.entries(spec.doses ?? {})) {
      const k = model.drugIndex.get(drug);
      if (k === undefined) {
        throw errorAt(src, ['doses', drug], `unknown drug '${drug}'; expected one of: ${model.drugs.map((d) => d.name).join(', ')}`);
      }
      dosesUM[k] = dose * model.drugs[k]!.unitFactor;
    }
    if (spec.hours !== undefined) hours = spec.hours;
    if (spec.initial !== undefined) initial = spec.initial;
    if (spec.description) description = spec.description;
    const pop = spec.population;
    if (pop) {
      if (pop.cells !== undefined) cells = pop.cells;
      if (pop.carrying_capacity !== undefined) carryingCapacity = pop.carrying_capacity;
      if (pop.inheritance !== undefined) inheritance = pop.inheritance.correlation;
      for (const [name, v] of Object.entries(pop.variability ?? {})) {
        const i = checkVariableParameter(model, name, (msg) => errorAt(src, ['population', 'variability', name], msg));
        if (v.cv > 0) variability.set(i, { parameter: i, cv: v.cv, source: v.source });
        else variability.delete(i);
      }
      if (pop.schedule !== undefined) {
        schedule = pop.schedule.map((ev, k) => {
          const at = (field: string) => (msg: string) => errorAt(src, ['population', 'schedule', k, field], msg);
          const d = model.drugIndex.get(ev.drug);
          if (d === undefined) throw at('drug')(`unknown drug '${ev.drug}'; expected one of: ${model.drugs.map((x) => x.name).join(', ')}`);
          const atH = ev.at ?? 0;
          const washoutH = ev.washout ?? Infinity;
          if (!(washoutH > atH)) throw at('washout')(`expected a washout time after the addition time ${atH} h, got ${washoutH} h`);
          return { drug: d, doseUM: ev.dose * model.drugs[d]!.unitFactor, atH, washoutH, halfLifeH: ev.half_life ?? Infinity };
        });
      }
    }
  }
  checkKnockdown(model, parameters, layers[layers.length - 1]?.src.sourceName ?? model.sourceName);
  const last = layers[layers.length - 1];
  return {
    name: last?.spec.name ?? model.name,
    description,
    model,
    parameters,
    dosesUM,
    hours,
    initial,
    overrides,
    files: layers.map((l) => l.src.sourceName),
    population: {
      cells,
      carryingCapacity,
      variability: [...variability.values()].sort((a, b) => a.parameter - b.parameter),
      inheritance,
      schedule,
    },
  };
}

/**
 * The parameter index for per-cell variability, or the error `fail` makes: it must be a model
 * parameter read by rate laws — not a drug slot, not a drug's potency/Hill/Emax (per-cell factors are
 * applied after drug effects, where those no longer act) and not a cell-fate parameter (cycle
 * duration variability is the model's cycle CV).
 */
function checkVariableParameter(model: CompiledModel, name: string, fail: (msg: string) => Error): number {
  const i = model.parameterIndex.get(name);
  if (i === undefined || model.parameters[i]!.isDrug) throw fail(`unknown parameter '${name}' for model '${model.name}'`);
  for (const d of model.drugs) {
    for (const ef of d.effects) {
      if (ef.potencyParameter === i || ef.hillParameter === i || ef.emaxParameter === i) {
        throw fail(`'${name}' sets how drug '${d.name}' acts; per-cell variability applies after drug effects, so vary the parameter the drug changes instead`);
      }
    }
  }
  const cf = model.cellFate;
  if (cf) {
    const fateParams = [
      cf.apoptosis.threshold, cf.necrosis?.threshold, ...cf.growthSignals.flatMap((g) => [g.K, g.n]), cf.oxidativeDamage?.K,
      cf.oxidativeDamage?.n, cf.doublingTime, cf.cycleCv, cf.mediumExponent, cf.earlyToLate.mean, cf.earlyToLate.shape,
      cf.lateToDebris.mean, cf.lateToDebris.shape, cf.necroticToDebris.mean, cf.necroticToDebris.shape,
    ];
    if (fateParams.includes(i)) throw fail(`'${name}' is a cell-fate parameter; per-cell variability applies to rate-law parameters (cycle-time variability is set by the model's cycle CV)`);
  }
  return i;
}

function checkKnockdown(model: CompiledModel, parameters: Float64Array, file: string): void {
  const k = model.parameterIndex.get('knockdown');
  if (k === undefined) return;
  const v = parameters[k]!;
  if (!(v >= 0 && v <= 1)) throw new InputError({ file, field: 'parameters.knockdown' }, `expected a knockdown efficiency between 0 and 1, got ${v}`);
}

/** Parse `name=value` pairs from the command line (`--set`, `--dose`). */
export function parseAssignments(items: readonly string[], flag: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    for (const part of String(item).split(',')) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$/.exec(part);
      if (!m) throw new InputError({ file: flag, field: part }, `expected name=value (e.g. ${flag === '--dose' ? 'imatinib=2' : 'knockdown=0.7'})`);
      const value = Number(m[2]);
      if (!Number.isFinite(value)) throw new InputError({ file: flag, field: m[1]! }, `expected a finite number, got '${m[2]}'`);
      if (value < 0) throw new InputError({ file: flag, field: m[1]! }, `expected a value ≥ 0, got ${value}`);
      out.set(m[1]!, value);
    }
  }
  return out;
}

/** Apply `--set p=v` (in the parameter's declared unit) and `--dose d=v` (in the drug's unit). */
export function withCommandLine(
  sc: ResolvedScenario,
  sets: ReadonlyMap<string, number>,
  doses: ReadonlyMap<string, number>,
): ResolvedScenario {
  const m = sc.model;
  const parameters = Float64Array.from(sc.parameters);
  const dosesUM = Float64Array.from(sc.dosesUM);
  const overrides = [...sc.overrides];
  for (const [name, value] of sets) {
    const i = m.parameterIndex.get(name);
    if (i === undefined || m.parameters[i]!.isDrug) {
      throw new InputError({ file: '--set', field: name }, `unknown parameter '${name}' of model '${m.name}' (doses go in --dose)`);
    }
    const to = value * parseUnit(m.parameters[i]!.unit).factor;
    overrides.push({ parameter: name, from: parameters[i]!, to, source: 'command line --set', why: '', scenario: sc.name });
    parameters[i] = to;
  }
  for (const [drug, value] of doses) {
    const k = m.drugIndex.get(drug);
    if (k === undefined) {
      throw new InputError({ file: '--dose', field: drug }, `unknown drug '${drug}'; expected one of: ${m.drugs.map((d) => d.name).join(', ')}`);
    }
    dosesUM[k] = value * m.drugs[k]!.unitFactor;
  }
  checkKnockdown(m, parameters, '--set');
  // A command-line dose replaces the scenario's schedule for that drug (constant from t = 0).
  const overridden = new Set([...doses.keys()].map((d) => m.drugIndex.get(d)!));
  const schedule = sc.population.schedule.filter((ev) => !overridden.has(ev.drug));
  return { ...sc, parameters, dosesUM, overrides, population: { ...sc.population, schedule } };
}
