/**
 * Compiled model (+ resolved scenario parameters and doses) → SBML Level 3 Version 2 core.
 *
 * Why from the CompiledModel and the rate-law syntax tree: the compiled model holds what a run
 * actually uses (scenario overrides applied, values in internal units, the dimension of each rate
 * law), and re-parsing each reaction's rate law gives the checked AST, which becomes MathML node for
 * node (sbml-mathml-write.ts) — no text munging. The optional ModelSpec only adds metadata the
 * compiled model does not keep (compartment name and source, species annotations, references).
 *
 * Mapping:
 * - one compartment, `size` = the cell volume in L;
 * - species: `initialConcentration` in µM (the substance unit is µmol, volume L),
 *   `hasOnlySubstanceUnits="false"`, so a species symbol in MathML is a concentration as in our rate laws;
 * - parameters: constant, in internal units (µM, h, µmol, L), each with a unitDefinition;
 * - drugs: one constant parameter per drug holding its concentration in µM (the dose);
 * - drug effects: a parameter a drug acts on becomes non-constant with an assignment rule, and its
 *   undrugged value moves to `<name>_base`:  inhibit  p = p_base·(1 − θ),  activate  p = p_base·(1 + Emax·θ),
 *   θ = x/(1 + x), x = (D/P)^h — the formula and operation order of CompiledModel.applyDrugs, with the
 *   potency, Hill and Emax as the same named parameters. Several effects on one parameter multiply in
 *   model order. So the dose can be changed in any SBML tool, and the file still reproduces the run.
 *   (For a dose of 0 this gives exactly p_base, as applyDrugs does, for any Hill coefficient > 0.)
 * - reactions: SBML kinetic laws are in substance/time. A rate law in concentration/time (µM/h) is
 *   written `cell × rate`; a rate law in amount/time (µmol/h, e.g. transcription in molecules/h) is
 *   written as is — our compiler divides it by the cell volume, SBML divides the amount rate by the
 *   compartment size: the same thing.
 * - every species, parameter and reaction carries `<notes>` (XHTML: source, description, declared
 *   value and unit) and an `<annotation>` in the nrf2sim namespace with the same facts as attributes,
 *   which `import-sbml` reads back (species modes, sources, descriptions).
 */
import { AMOUNT_PER_TIME, CONCENTRATION, CONC_PER_TIME, formatDims, parseUnit, sameDims, type Dims } from '../core/units.js';
import { inferDims, parseExpression, symbolsOf, type Expr } from '../model/expr/index.js';
import type { ModelSpec } from '../model/spec.js';
import type { CompiledModel } from '../model/types.js';
import type { AppliedOverride } from '../scenario/resolve.js';
import { exprToMathml, mathElement } from './sbml-mathml-write.js';
import { sbmlUnitDefinition, sbmlUnitId } from './sbml-units.js';
import { el, serializeDocument, text, type XmlElement } from './xml-writer.js';

export const SBML_L3V2_NS = 'http://www.sbml.org/sbml/level3/version2/core';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** Namespace of nrf2sim's own annotations (read back by import-sbml). */
export const NRF2SIM_SBML_NS = 'https://nrf2sim.dev/sbml/1';

export interface SbmlExportInput {
  readonly model: CompiledModel;
  /** Base parameters in internal units, before drug effects (default: the model's). */
  readonly parameters?: Float64Array;
  /** Drug concentrations, µM, one per model drug (default: none). */
  readonly dosesUM?: Float64Array;
  /** Initial concentrations, µM (default: the model's initial values). */
  readonly initialState?: Float64Array;
  /** The model file as data, for metadata the compiled model does not keep. */
  readonly spec?: ModelSpec;
  /** Scenario overrides, noted on the parameters they changed. */
  readonly overrides?: readonly AppliedOverride[];
  /** Lines describing where the export came from (scenario, files, doses, initial state); no timestamps. */
  readonly provenance?: readonly string[];
}

/** A valid SBML SId from any name: other characters become '_', a leading digit gets a '_' prefix. */
export function toSId(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return s === '' || /^[0-9]/.test(s) ? `_${s}` : s;
}

/** Format a number for notes: full precision, as JavaScript prints it. */
const num = (v: number): string => String(v);

function notes(lines: readonly string[]): XmlElement | undefined {
  const kept = lines.filter((l) => l.trim() !== '');
  if (kept.length === 0) return undefined;
  return el('notes', {}, el('body', { xmlns: XHTML_NS }, ...kept.map((l) => el('p', {}, text(l)))));
}

function annotation(tag: string, attrs: Record<string, string | number | undefined>): XmlElement {
  return el('annotation', {}, el(`nrf2sim:${tag}`, { 'xmlns:nrf2sim': NRF2SIM_SBML_NS, ...attrs }));
}

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** SBML L3V2 text of a model. Pure: same input, same bytes. Throws Error on an internally inconsistent model. */
export function exportSbml(input: SbmlExportInput): string {
  const m = input.model;
  const spec = input.spec;
  const params = input.parameters ?? m.defaultParameters;
  const doses = input.dosesUM ?? new Float64Array(m.drugs.length);
  const y0 = input.initialState ?? m.initialState;
  if (params.length !== m.nParameters) throw new Error(`internal: ${params.length} parameters for a model with ${m.nParameters}`);
  if (doses.length !== m.drugs.length) throw new Error(`internal: ${doses.length} doses for a model with ${m.drugs.length} drugs`);
  if (y0.length !== m.nSpecies) throw new Error(`internal: ${y0.length} initial values for a model with ${m.nSpecies} species`);

  // --- identifiers (one SId namespace for compartment, species, parameters, reactions) -----------
  const used = new Set<string>([...m.species.map((s) => s.name), ...m.parameters.map((p) => p.name)]);
  const fresh = (wanted: string): string => {
    let id = toSId(wanted);
    for (let k = 2; used.has(id); k++) id = `${toSId(wanted)}_${k}`;
    used.add(id);
    return id;
  };
  const compartmentId = fresh(spec?.compartment.name ?? 'cell');

  // --- dimensions of parameters, for unit definitions and for classifying rate laws ------------
  const paramDims: Dims[] = m.parameters.map((p) => (p.isDrug ? CONCENTRATION : parseUnit(p.unit).dims));
  const dimsOf = (name: string): Dims | undefined => {
    if (m.speciesIndex.has(name)) return CONCENTRATION;
    const i = m.parameterIndex.get(name);
    return i === undefined ? undefined : paramDims[i];
  };

  // --- drug effects: which parameters get an assignment rule ----------------------------------
  const effectsOn = new Map<number, { drug: number; effect: CompiledModel['drugs'][number]['effects'][number] }[]>();
  m.drugs.forEach((d, k) => {
    for (const ef of d.effects) {
      const list = effectsOn.get(ef.parameter) ?? [];
      list.push({ drug: k, effect: ef });
      effectsOn.set(ef.parameter, list);
    }
  });
  const baseId = new Map<number, string>();
  for (const i of effectsOn.keys()) baseId.set(i, fresh(`${m.parameters[i]!.name}_base`));

  // --- reactions: kinetic laws (parse and classify before writing anything) -------------------
  const reactionIds = m.reactions.map((r) => fresh(r.id));
  const kinetic = m.reactions.map((r) => {
    let expr: Expr;
    let dims: Dims;
    try {
      expr = parseExpression(r.rateLaw);
      dims = inferDims(expr, dimsOf);
    } catch (e) {
      throw new Error(`internal: rate law of reaction '${r.id}' does not re-parse: ${(e as Error).message}`);
    }
    if (sameDims(dims, AMOUNT_PER_TIME)) return { expr, math: exprToMathml(expr), amountRate: true };
    if (!sameDims(dims, CONC_PER_TIME)) throw new Error(`internal: rate law of reaction '${r.id}' has units of ${formatDims(dims)}`);
    const math = el('apply', {}, el('times'), el('ci', {}, text(` ${compartmentId} `)), exprToMathml(expr));
    return { expr, math, amountRate: false };
  });

  // --- unit definitions: µmol, h, and one per parameter dimension -----------------------------
  const unitDefs = new Map<string, XmlElement>();
  const addUnit = (d: Dims): string => {
    const id = sbmlUnitId(d);
    const def = sbmlUnitDefinition(d);
    if (def && !unitDefs.has(id)) unitDefs.set(id, def);
    return id;
  };
  const substanceUnit = addUnit([1, 0, 0]);
  const timeUnit = addUnit([0, 0, 1]);
  const concUnit = addUnit(CONCENTRATION);
  const paramUnitIds = paramDims.map(addUnit);

  // --- model notes ------------------------------------------------------------------------------
  const modelNotes = [
    `${m.name}: exported by nrf2sim export-sbml.`,
    ...(input.provenance ?? []),
    m.description,
    ...(spec?.references ?? []).map((r) => `Reference: ${r}`),
    'Units: substance µmol, volume L, time h (so concentrations in µM); every parameter has its unit definition, and its notes give the value and unit declared in the nrf2sim model file.',
    effectsOn.size > 0
      ? 'Drugs: each drug is a constant parameter holding its concentration (µM). A parameter a drug acts on has an assignment rule; its undrugged value is <name>_base. inhibit: p = p_base·(1 − θ); activate: p = p_base·(1 + Emax·θ); θ = x/(1 + x), x = (dose/potency)^hill.'
      : '',
    'Kinetic laws are in µmol/h: rate laws written per volume (µM/h) are multiplied by the compartment size.',
  ];

  // --- species ----------------------------------------------------------------------------------
  const speciesEls = m.species.map((s, i) => {
    const ss = spec?.species[s.name];
    // The declared initial value, when the exported concentration is exactly what it compiles to.
    let declaredInitial: string | undefined;
    if (ss && ss.unit === s.unit) {
      const u = parseUnit(ss.unit);
      const conc = sameDims(u.dims, CONCENTRATION) ? ss.initial * u.factor : (ss.initial * u.factor) / m.cellVolumeL;
      if (conc === y0[i]) declaredInitial = num(ss.initial);
    }
    return el(
      'species',
      {
        id: s.name,
        compartment: compartmentId,
        initialConcentration: num(y0[i]!),
        substanceUnits: substanceUnit,
        hasOnlySubstanceUnits: false,
        boundaryCondition: false,
        constant: false,
      },
      notes([
        s.description,
        `Declared unit ${s.unit}; exported as a concentration in µM. Stochastic mode in nrf2sim: ${s.mode}.`,
        ss?.annotation ? `Annotation: ${ss.annotation}` : '',
      ]),
      annotation('species', { mode: s.mode, unit: s.unit, initial: declaredInitial, description: nonEmpty(s.description), annotation: nonEmpty(ss?.annotation) }),
    );
  });

  // --- parameters -----------------------------------------------------------------------------
  const overrideOf = new Map<string, AppliedOverride>();
  for (const o of input.overrides ?? []) overrideOf.set(o.parameter, o);
  const paramEls: XmlElement[] = [];
  const factorOf = (i: number): number => {
    const p = m.parameters[i]!;
    return p.isDrug ? m.drugs.find((d) => d.parameter === i)!.unitFactor : parseUnit(p.unit).factor;
  };
  /** The value in the declared unit: the file's own number when the value is unchanged, else converted. */
  const declaredValue = (i: number, v: number): number => {
    const p = m.parameters[i]!;
    return !p.isDrug && v === p.value ? p.declaredValue : v / factorOf(i);
  };
  const declared = (i: number, v: number): string => `${num(declaredValue(i, v))} ${m.parameters[i]!.unit}`;
  /** The declared-unit value for the annotation, only when it converts back to exactly `v`. */
  const exactDeclared = (i: number, v: number): string | undefined => {
    const dv = declaredValue(i, v);
    return dv * factorOf(i) === v ? num(dv) : undefined;
  };
  m.parameters.forEach((p, i) => {
    const v = params[i]!;
    if (p.isDrug) {
      const k = m.drugs.findIndex((d) => d.parameter === i);
      const d = m.drugs[k]!;
      paramEls.push(
        el(
          'parameter',
          { id: p.name, value: num(doses[k]!), units: concUnit, constant: true },
          notes([`Drug concentration (dose): ${declared(i, doses[k]!)}.`, d.description]),
          annotation('drug', { unit: d.unit, value: exactDeclared(i, doses[k]!), description: nonEmpty(d.description) }),
        ),
      );
      return;
    }
    const o = overrideOf.get(p.name);
    const meta = {
      source: p.source,
      unit: p.unit,
      value: exactDeclared(i, v),
      description: nonEmpty(p.description),
      override: o ? `${o.scenario}: ${o.source}` : undefined,
    };
    const lines = [
      `Source: ${p.source}`,
      p.description,
      `Value: ${declared(i, v)}${o ? ` (scenario ${o.scenario} changed it from ${declared(i, o.from)}: ${o.source}${o.why ? `; ${o.why}` : ''})` : ''}.`,
    ];
    const effects = effectsOn.get(i);
    if (!effects) {
      paramEls.push(el('parameter', { id: p.name, value: num(v), units: paramUnitIds[i], constant: true }, notes(lines), annotation('parameter', meta)));
      return;
    }
    const b = baseId.get(i)!;
    paramEls.push(
      el('parameter', { id: b, value: num(v), units: paramUnitIds[i], constant: true }, notes([`Value of ${p.name} without drugs.`, ...lines]), annotation('parameter', { ...meta, base_of: p.name })),
    );
    paramEls.push(
      el(
        'parameter',
        { id: p.name, units: paramUnitIds[i], constant: false },
        notes([`${p.name} under drugs (assignment rule): ${b} changed by ${effects.map((x) => `${m.drugs[x.drug]!.name} (${x.effect.kind})`).join(', ')}.`, p.description]),
        annotation('parameter', { ...meta, drug_target: 'true' }),
      ),
    );
  });

  // --- assignment rules for drug-affected parameters ------------------------------------------
  const ci = (name: string): XmlElement => el('ci', {}, text(` ${name} `));
  const apply = (op: string, ...args: XmlElement[]): XmlElement => el('apply', {}, el(op), ...args);
  const one = (): XmlElement => el('cn', { 'sbml:units': 'dimensionless' }, text(' 1 '));
  const rules: XmlElement[] = [];
  for (const [i, effects] of effectsOn) {
    let acc = ci(baseId.get(i)!);
    for (const { drug, effect } of effects) {
      const pn = (j: number): string => m.parameters[j]!.name;
      const x = apply('power', apply('divide', ci(pn(m.drugs[drug]!.parameter)), ci(pn(effect.potencyParameter))), ci(pn(effect.hillParameter)));
      const theta = apply('divide', x, apply('plus', one(), x));
      const factor = effect.kind === 'inhibit' ? apply('minus', one(), theta) : apply('plus', one(), apply('times', ci(pn(effect.emaxParameter)), theta));
      acc = apply('times', acc, factor);
    }
    rules.push(
      el(
        'assignmentRule',
        { variable: m.parameters[i]!.name },
        notes(effects.map(({ drug, effect }) => `${m.drugs[drug]!.name}: ${effect.kind} ${m.parameters[i]!.name}${effect.description ? ` (${effect.description})` : ''}`)),
        mathElement(acc, SBML_L3V2_NS),
      ),
    );
  }

  // --- reactions ----------------------------------------------------------------------------------
  const reactionEls = m.reactions.map((r, k) => {
    const { expr, math, amountRate } = kinetic[k]!;
    const changed = new Set([...r.reactants, ...r.products].map((t) => t.species));
    const modifiers = [...symbolsOf(expr)].filter((s) => m.speciesIndex.has(s) && !changed.has(m.speciesIndex.get(s)!));
    const refs = (terms: typeof r.reactants): XmlElement[] =>
      terms.map((t) => el('speciesReference', { species: m.species[t.species]!.name, stoichiometry: t.coefficient, constant: true }));
    return el(
      'reaction',
      { id: reactionIds[k], reversible: false },
      notes([
        r.description,
        `Rate law in nrf2sim: ${r.rateLaw.replace(/\s+/g, ' ').trim()} (${amountRate ? 'amount per time' : 'concentration per time, multiplied by the compartment size'}).`,
      ]),
      annotation('reaction', { id: reactionIds[k] === r.id ? undefined : r.id, rate: r.rateLaw, description: nonEmpty(r.description) }),
      r.reactants.length > 0 && el('listOfReactants', {}, ...refs(r.reactants)),
      r.products.length > 0 && el('listOfProducts', {}, ...refs(r.products)),
      modifiers.length > 0 && el('listOfModifiers', {}, ...modifiers.map((s) => el('modifierSpeciesReference', { species: s }))),
      el('kineticLaw', {}, mathElement(math, SBML_L3V2_NS)),
    );
  });

  const volume = spec?.compartment.volume;
  const modelEl = el(
    'model',
    {
      id: toSId(m.name),
      name: m.name,
      substanceUnits: substanceUnit,
      timeUnits: timeUnit,
      volumeUnits: 'litre',
      extentUnits: substanceUnit,
    },
    notes(modelNotes),
    annotation('model', { name: m.name, description: nonEmpty(m.description), references: spec?.references?.length ? spec.references.join('\n') : undefined }),
    el('listOfUnitDefinitions', {}, ...unitDefs.values()),
    el(
      'listOfCompartments',
      {},
      el(
        'compartment',
        { id: compartmentId, spatialDimensions: 3, size: num(m.cellVolumeL), units: 'litre', constant: true },
        notes([volume ? `Cell volume ${volume.value} ${volume.unit}. Source: ${volume.source}` : 'Reference cell volume.']),
        annotation('compartment', {
          name: spec?.compartment.name,
          source: volume?.source,
          unit: volume?.unit,
          value: volume && volume.value * parseUnit(volume.unit).factor === m.cellVolumeL ? num(volume.value) : undefined,
        }),
      ),
    ),
    el('listOfSpecies', {}, ...speciesEls),
    el('listOfParameters', {}, ...paramEls),
    rules.length > 0 && el('listOfRules', {}, ...rules),
    el('listOfReactions', {}, ...reactionEls),
  );
  return serializeDocument(el('sbml', { xmlns: SBML_L3V2_NS, level: 3, version: 2 }, modelEl));
}
