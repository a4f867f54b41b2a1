/**
 * SBML (Level 2 and 3 core, a well-defined subset) → nrf2sim model file.
 *
 * Supported, and how it maps:
 * - one compartment (several are merged when they all have the same size) → `compartment`;
 * - species → species with a concentration unit; `hasOnlySubstanceUnits` species are read as
 *   amounts in the math (concentration × volume); boundary or constant species become constant
 *   parameters (our reactions change every species they name);
 * - constant parameters, global and local (a reaction's local parameter `k` becomes `<reaction>_k`);
 * - assignment rules for parameters: **inlined** into every rate law that reads the parameter (our
 *   format has no rules), recursively, with cycles refused; rules nobody reads are dropped with a note;
 * - function definitions: inlined at each call;
 * - reactions with kinetic laws (mass action or general): an SBML kinetic law is an amount per
 *   time; when it is `compartment × f` the factor is removed and f is our per-volume rate law,
 *   otherwise it stays an amount per time and our compiler divides it by the volume, as SBML does;
 * - units: unitDefinitions are mapped to our unit strings when one has exactly the same factor
 *   (`nM/s`, `1/(uM*h)`…), else values are converted to internal units (µM, µmol, L, h) with a note in
 *   the parameter's source; parameters without units get units inferred from the rate laws they
 *   appear in (a parameter they cannot be inferred for is an error);
 * - nrf2sim's own annotations (written by export-sbml) restore sources, descriptions and species modes.
 *
 * Refused with an InputError naming the construct and the element: events, delays, time, algebraic
 * and rate rules, assignment rules for species or compartments, initial assignments, constraints,
 * fast reactions, stoichiometry math or non-integer stoichiometry, compartments of different sizes
 * or dimensions, conversion factors, required SBML packages, piecewise other than min/max, functions
 * our rate laws do not have, negative parameter values. Nothing is dropped silently: every
 * assumption and conversion is listed in `notes` (and in the YAML header).
 */
import { basename } from 'node:path';
import { Document } from 'yaml';
import { InputError } from '../core/errors.js';
import { AMOUNT, AMOUNT_PER_TIME, CONCENTRATION, CONC_PER_TIME, VOLUME, parseUnit, sameDims, type Dims } from '../core/units.js';
import { compileModel } from '../model/compile-model.js';
import { bin, inferDims, isFunctionName, isReservedName, printExpr, sym, symbolsOf, type Expr } from '../model/expr/index.js';
import { parseModelText } from '../model/parse-model.js';
import type { ModelSpec, ParameterSpec, ReactionSpec, SpeciesSpec } from '../model/spec.js';
import type { SpeciesMode } from '../model/types.js';
import { NRF2SIM_SBML_NS } from './sbml-export.js';
import { inferParameterDims } from './sbml-infer-units.js';
import { mathmlToExpr, recognize, type FunctionDefinition, type MathContext } from './sbml-mathml-read.js';
import { divideSbmlUnits, isSbmlBaseUnitKind, multiplySbmlUnits, sbmlUnitTerm, unitStringFor, type SbmlUnit } from './sbml-units.js';
import { DOC, attr, child, childrenNamed, listOf, ownNamespace, parseXml, type XmlNode } from './xml-tree.js';

export interface SbmlImportResult {
  /** The model as data (what the YAML holds). */
  readonly spec: ModelSpec;
  /** The model file text, with the notes as a header comment. */
  readonly yaml: string;
  /** Every conversion and assumption made, one sentence each. */
  readonly notes: readonly string[];
}

const DOUBLE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const SID = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface SpeciesEntry {
  readonly sbmlId: string;
  readonly name: string;
  readonly hasOnlySubstanceUnits: boolean;
  /** Boundary or constant species: a parameter in our model. */
  readonly asParameter: boolean;
}

interface ParamEntry {
  readonly sbmlId: string;
  readonly name: string;
  /** Value in the SBML unit. */
  readonly value: number;
  /** Unit from the file, or undefined when it has none (inferred later). */
  readonly unit: SbmlUnit | undefined;
  readonly unitId: string | undefined;
  readonly source: string;
  readonly description?: string;
  readonly where: string;
  /** nrf2sim's annotation: the value in the unit the original model file declared. */
  readonly ann?: ReadonlyMap<string, string>;
}

/** Convert SBML text to an nrf2sim model. Throws InputError (file = `sourceName`) for anything unsupported. */
export function importSbml(xml: string, sourceName: string): SbmlImportResult {
  const fail = (field: string, problem: string): InputError => new InputError({ file: sourceName, field }, problem);
  const notes: string[] = [];
  const root = parseXml(xml, sourceName);
  if (root.name !== 'sbml') throw new InputError({ file: sourceName, field: DOC }, `not an SBML document: the root element is <${root.name}>, expected <sbml>`);
  const level = Number(attr(root, 'level'));
  const version = Number(attr(root, 'version'));
  if (level !== 2 && level !== 3) throw fail('sbml.level', `SBML Level ${attr(root, 'level') ?? '(missing)'} is not supported; expected Level 2 or 3`);
  for (const [k, v] of root.attrs) {
    const m = /^([A-Za-z_][\w.-]*):required$/.exec(k);
    if (m && v.trim() === 'true') throw fail(`sbml.${k}`, `the SBML package '${m[1]}' is required by this file and not supported by nrf2sim`);
    if (m) notes.push(`SBML package '${m[1]}' (not required for simulation) is ignored.`);
  }
  const model = child(root, 'model');
  if (!model) throw fail('sbml.model', 'no <model> element');

  // --- constructs we refuse -----------------------------------------------------------------------
  const idOf = (n: XmlNode, key = 'id'): string => attr(n, key) ?? '(no id)';
  for (const e of listOf(model, 'listOfEvents', 'event')) throw fail(`event[${idOf(e)}]`, 'events are not supported by nrf2sim (its models are autonomous ODEs/reaction networks; doses are constant parameters)');
  for (const c of listOf(model, 'listOfConstraints', 'constraint')) throw fail(`constraint[${idOf(c, 'metaid')}]`, 'constraints are not supported by nrf2sim');
  for (const ia of listOf(model, 'listOfInitialAssignments', 'initialAssignment')) {
    throw fail(`initialAssignment[${idOf(ia, 'symbol')}]`, 'initial assignments are not supported; give the initial value as a number');
  }
  if (attr(model, 'conversionFactor') !== undefined) throw fail('model.conversionFactor', 'conversion factors are not supported');
  const rulesList = child(model, 'listOfRules');
  for (const r of rulesList?.children ?? []) {
    if (r.name === 'algebraicRule') throw fail('algebraicRule', 'algebraic rules are not supported by nrf2sim (its models are ODEs in explicit form)');
    if (r.name === 'rateRule') throw fail(`rateRule[${idOf(r, 'variable')}]`, 'rate rules are not supported; nrf2sim changes species through reactions only');
    if (r.name !== 'assignmentRule') throw fail(`${r.name}`, `rule <${r.name}> is not supported`);
  }
  for (const extra of ['listOfCompartmentTypes', 'listOfSpeciesTypes']) if (child(model, extra)) notes.push(`<${extra}> (identity metadata, no effect on the dynamics) is ignored.`);

  // --- units ------------------------------------------------------------------------------------
  const unitDefs = new Map<string, XmlNode>();
  for (const u of listOf(model, 'listOfUnitDefinitions', 'unitDefinition')) {
    const id = attr(u, 'id');
    if (id === undefined) throw fail('unitDefinition', 'a unitDefinition has no id');
    unitDefs.set(id, u);
  }
  const unitCache = new Map<string, SbmlUnit>();
  const L2_BUILTINS: Record<string, string> = { substance: 'mole', volume: 'litre', time: 'second', length: 'metre' };
  const resolveUnit = (id: string, where: string): SbmlUnit => {
    const cached = unitCache.get(id);
    if (cached) return cached;
    let out: SbmlUnit;
    const def = unitDefs.get(id);
    try {
      if (def) {
        out = { dims: [0, 0, 0], factor: 1 };
        for (const u of listOf(def, 'listOfUnits', 'unit')) {
          const num = (k: string, dflt: number): number => {
            const s = attr(u, k);
            if (s === undefined) return dflt;
            if (!DOUBLE.test(s)) throw new Error(`unit attribute ${k}="${s}" is not a number`);
            return Number(s);
          };
          out = multiplySbmlUnits(out, sbmlUnitTerm(attr(u, 'kind') ?? '(missing kind)', num('exponent', 1), num('scale', 0), num('multiplier', 1)));
        }
      } else if (level === 2 && L2_BUILTINS[id]) out = sbmlUnitTerm(L2_BUILTINS[id], 1, 0, 1);
      else if (level === 2 && id === 'area') out = sbmlUnitTerm('metre', 2, 0, 1);
      else if (isSbmlBaseUnitKind(id)) out = sbmlUnitTerm(id, 1, 0, 1);
      else throw new Error(`unknown unit '${id}' (no unitDefinition with this id)`);
    } catch (e) {
      throw fail(def ? `unitDefinition[${id}]` : where, (e as Error).message);
    }
    unitCache.set(id, out);
    return out;
  };
  const modelUnit = (key: 'substanceUnits' | 'timeUnits' | 'volumeUnits' | 'lengthUnits', l2: string, l3Default: string): SbmlUnit => {
    if (level === 2) return resolveUnit(l2, `model.${key}`);
    const id = attr(model, key);
    if (id !== undefined) return resolveUnit(id, `model.${key}`);
    notes.push(`The model declares no ${key}; assumed ${l3Default} (the SBML Level 2 default).`);
    return resolveUnit(l3Default, `model.${key}`);
  };
  const substanceDefault = modelUnit('substanceUnits', 'substance', 'mole');
  const timeDefault = modelUnit('timeUnits', 'time', 'second');
  const extent = level === 3 ? attr(model, 'extentUnits') : undefined;
  if (extent !== undefined && Math.abs(resolveUnit(extent, 'model.extentUnits').factor / substanceDefault.factor - 1) > 1e-12) {
    notes.push(`extentUnits '${extent}' differ from the substance units; SBML adds kinetic-law values to species amounts without conversion, so kinetic laws are read in substance units per time.`);
  }
  let volumeDefault: SbmlUnit | undefined;
  let lengthDefault: SbmlUnit | undefined;

  // --- names: SBML ids → our identifiers ----------------------------------------------------------
  const taken = new Set<string>();
  const sbmlIds = new Set<string>();
  const nameFor = (id: string, where: string): string => {
    if (!SID.test(id)) throw fail(where, `'${id.slice(0, 60)}' is not a valid SBML identifier`);
    let n = id.startsWith('__') ? `x${id}` : id;
    while (isReservedName(n) || isFunctionName(n) || taken.has(n)) n += '_';
    if (n !== id) notes.push(`'${id}' is renamed '${n}' (a reserved or function name in nrf2sim rate laws, or taken).`);
    taken.add(n);
    return n;
  };
  const claimId = (id: string | undefined, where: string): string => {
    if (id === undefined) throw fail(where, 'missing id');
    if (sbmlIds.has(id)) throw fail(where, `duplicate id '${id}'`);
    sbmlIds.add(id);
    return id;
  };
  const annotationOf = (n: XmlNode, tag: string): ReadonlyMap<string, string> | undefined => {
    const a = child(n, 'annotation');
    const el = a?.children.find((c) => c.name === tag && ownNamespace(c) === NRF2SIM_SBML_NS);
    return el?.attrs;
  };
  const parseDouble = (s: string | undefined, where: string, what: string): number | undefined => {
    if (s === undefined) return undefined;
    if (!DOUBLE.test(s)) {
      if (/^\s*[+-]?(INF|NaN)\s*$/i.test(s)) throw fail(where, `${what} is ${s.trim()}; expected a finite number`);
      throw fail(where, `${what} '${s.slice(0, 40)}' is not a number`);
    }
    const v = Number(s);
    if (!Number.isFinite(v)) throw fail(where, `${what} ${s.trim().slice(0, 40)} is out of range`);
    return v;
  };

  // --- function definitions -------------------------------------------------------------------------
  const functions = new Map<string, FunctionDefinition>();
  for (const fd of listOf(model, 'listOfFunctionDefinitions', 'functionDefinition')) {
    const id = claimId(attr(fd, 'id'), 'functionDefinition');
    const lambda = child(fd, 'math')?.children[0];
    if (!lambda || lambda.name !== 'lambda') throw fail(`functionDefinition[${id}]`, 'expected <math><lambda>…</lambda></math>');
    const bvars = childrenNamed(lambda, 'bvar');
    const args = bvars.map((b) => (child(b, 'ci')?.text ?? '').trim());
    const body = lambda.children.filter((c) => c.name !== 'bvar');
    if (body.length !== 1) throw fail(`functionDefinition[${id}]`, 'a lambda must have exactly one body expression');
    functions.set(id, { args, body: body[0]! });
  }

  // --- compartments -------------------------------------------------------------------------------
  const compartments = listOf(model, 'listOfCompartments', 'compartment');
  if (compartments.length === 0) throw fail('listOfCompartments', 'the model has no compartment');
  const compartmentInfo = compartments.map((c) => {
    const id = claimId(attr(c, 'id'), 'compartment');
    const where = `compartment[${id}]`;
    const dims = parseDouble(attr(c, 'spatialDimensions'), `${where}.spatialDimensions`, 'spatialDimensions') ?? 3;
    if (dims !== 3) throw fail(`${where}.spatialDimensions`, `compartments with ${dims} spatial dimensions are not supported; nrf2sim models one well-mixed volume`);
    const size = parseDouble(attr(c, 'size') ?? attr(c, 'volume'), `${where}.size`, 'size');
    if (size === undefined) throw fail(`${where}.size`, 'the compartment has no size; nrf2sim needs the cell volume');
    if (!(size > 0)) throw fail(`${where}.size`, `expected a volume > 0, got ${size}`);
    const unitId = attr(c, 'units');
    let unit: SbmlUnit;
    if (unitId !== undefined) unit = resolveUnit(unitId, `${where}.units`);
    else unit = volumeDefault ??= modelUnit('volumeUnits', 'volume', 'litre');
    if (unit.dims[0] !== 0 || Math.abs(unit.dims[1] - 3) > 1e-9 || unit.dims[2] !== 0) throw fail(`${where}.units`, 'expected a volume unit');
    return { id, size, unit, sizeL: size * unit.factor, node: c };
  });
  const main = compartmentInfo[0]!;
  for (const c of compartmentInfo.slice(1)) {
    if (Math.abs(c.sizeL / main.sizeL - 1) > 1e-12) {
      throw fail(`compartment[${c.id}]`, `multiple compartments with different volumes (${main.id} = ${main.sizeL} L, ${c.id} = ${c.sizeL} L) are not supported; nrf2sim models one well-mixed cell`);
    }
  }
  if (compartmentInfo.length > 1) notes.push(`Compartments ${compartmentInfo.map((c) => c.id).join(', ')} have the same size and are merged into one.`);
  const compartmentIds = new Set(compartmentInfo.map((c) => c.id));
  volumeDefault ??= main.unit;

  const vol = declaredFrom(annotationOf(main.node, 'compartment'), 'value', main.sizeL, VOLUME, (v, f) => v * f) ?? unitStringFor(main.unit, main.size);
  const volumeL = vol.value * parseUnit(vol.unit).factor;

  // --- species ------------------------------------------------------------------------------------
  const species = new Map<string, SpeciesEntry>();
  const speciesSpecs: Record<string, SpeciesSpec> = {};
  const boundaryParams: ParamEntry[] = [];
  const defaultModes: string[] = [];
  const bool = (s: string | undefined, dflt: boolean): boolean => (s === undefined ? dflt : s.trim() === 'true' || s.trim() === '1');
  for (const s of listOf(model, 'listOfSpecies', 'species')) {
    const id = claimId(attr(s, 'id'), 'species');
    const where = `species[${id}]`;
    const comp = attr(s, 'compartment');
    if (comp === undefined || !compartmentIds.has(comp)) throw fail(`${where}.compartment`, `unknown compartment '${comp ?? ''}'`);
    if (attr(s, 'conversionFactor') !== undefined) throw fail(`${where}.conversionFactor`, 'conversion factors are not supported');
    if (attr(s, 'spatialSizeUnits') !== undefined) throw fail(`${where}.spatialSizeUnits`, 'spatialSizeUnits are not supported');
    const subst = attr(s, 'substanceUnits') !== undefined ? resolveUnit(attr(s, 'substanceUnits')!, `${where}.substanceUnits`) : substanceDefault;
    if (Math.abs(subst.dims[0] - 1) > 1e-9 || subst.dims[1] !== 0 || subst.dims[2] !== 0) throw fail(`${where}.substanceUnits`, 'expected an amount unit (mole or item based)');
    const concUnit = divideSbmlUnits(subst, main.unit);
    const conc = parseDouble(attr(s, 'initialConcentration'), `${where}.initialConcentration`, 'initialConcentration');
    const amount = parseDouble(attr(s, 'initialAmount'), `${where}.initialAmount`, 'initialAmount');
    let initial: number;
    if (conc !== undefined) initial = conc;
    else if (amount !== undefined) initial = amount / main.size;
    else throw fail(where, 'the species has no initialAmount or initialConcentration (initial assignments are not supported)');
    if (!(initial >= 0) || !Number.isFinite(initial)) throw fail(where, `expected a finite initial value ≥ 0, got ${initial}`);
    const hosu = bool(attr(s, 'hasOnlySubstanceUnits'), false);
    const asParameter = bool(attr(s, 'boundaryCondition'), false) || bool(attr(s, 'constant'), false);
    const name = nameFor(id, where);
    species.set(id, { sbmlId: id, name, hasOnlySubstanceUnits: hosu, asParameter });
    const ann = annotationOf(s, 'species');
    const internal = initial * concUnit.factor;
    const { unit, value, converted } =
      declaredFrom(ann, 'initial', internal, undefined, (v, f, d) => (sameDims(d, CONCENTRATION) ? v * f : (v * f) / volumeL)) ?? unitStringFor(concUnit, initial);
    if (asParameter) {
      notes.push(`Species '${id}' is ${bool(attr(s, 'boundaryCondition'), false) ? 'a boundary condition' : 'constant'}; it becomes the constant parameter '${name}' (${value} ${unit}).`);
      boundaryParams.push({ sbmlId: id, name, value: initial, unit: concUnit, unitId: undefined, source: `SBML species '${id}' (${bool(attr(s, 'boundaryCondition'), false) ? 'boundary condition' : 'constant'}) in ${basename(sourceName)}`, where });
      continue;
    }
    const mode = ann?.get('mode');
    if (hosu) notes.push(`Species '${id}' has only substance units: rate laws read it as an amount, ${name} × ${main.id} (concentration × volume).`);
    if (mode === undefined) defaultModes.push(name);
    const spec: SpeciesSpec = {
      initial: value,
      unit,
      mode: mode === 'discrete' || mode === 'fast' || mode === 'continuous' ? (mode as SpeciesMode) : 'continuous',
    };
    const description = ann?.get('description') ?? attr(s, 'name');
    if (description) spec.description = description;
    if (ann?.get('annotation')) spec.annotation = ann.get('annotation')!;
    if (converted) notes.push(`Species '${id}': initial value converted to ${value} ${unit}.`);
    speciesSpecs[name] = spec;
  }
  if (Object.keys(speciesSpecs).length === 0) throw fail('listOfSpecies', 'the model has no (non-boundary) species');
  if (defaultModes.length > 0) {
    notes.push(`Species ${defaultModes.join(', ')} get mode 'continuous' (how nrf2sim's stochastic engines treat them); set 'discrete' for low-copy species or 'fast' for sub-second ones.`);
  }

  // --- parameters and assignment rules --------------------------------------------------------------
  const ruleNodes = new Map<string, XmlNode>();
  for (const r of rulesList?.children ?? []) {
    const v = attr(r, 'variable');
    if (v === undefined) throw fail('assignmentRule', 'an assignment rule has no variable');
    if (species.has(v)) throw fail(`assignmentRule[${v}]`, 'assignment rules for species are not supported; nrf2sim species change through reactions only');
    if (compartmentIds.has(v)) throw fail(`assignmentRule[${v}]`, 'assignment rules for compartments are not supported (the cell volume is constant)');
    if (ruleNodes.has(v)) throw fail(`assignmentRule[${v}]`, 'two assignment rules for one variable');
    const math = child(r, 'math');
    if (!math) throw fail(`assignmentRule[${v}]`, 'the rule has no <math>');
    ruleNodes.set(v, math);
  }
  const params = new Map<string, ParamEntry>();
  const readParameter = (p: XmlNode, where: string, name: string, id: string, origin: string, of = ''): ParamEntry => {
    const value = parseDouble(attr(p, 'value'), `${where}.value`, 'value');
    if (value === undefined) throw fail(`${where}.value`, 'the parameter has no value (initial assignments are not supported)');
    if (value < 0) throw fail(`${where}.value`, `negative parameter values are not allowed in nrf2sim models (got ${value}); write the sign into the rate law`);
    const unitId = attr(p, 'units');
    const unit = unitId !== undefined ? resolveUnit(unitId, `${where}.units`) : undefined;
    const drug = annotationOf(p, 'drug');
    const ann = annotationOf(p, 'parameter') ?? drug;
    const label = attr(p, 'name');
    const source =
      (drug ? `dose of the drug '${id}' in ${basename(sourceName)}` : ann?.get('source')) ?? `${origin} '${id}'${label ? ` (${label})` : ''}${of} in ${basename(sourceName)}`;
    const description = ann?.get('description');
    return { sbmlId: id, name, value, unit, unitId, source: source.length >= 3 ? source : `${source} (SBML)`, ...(description ? { description } : {}), where, ...(ann ? { ann } : {}) };
  };
  for (const p of listOf(model, 'listOfParameters', 'parameter')) {
    const id = claimId(attr(p, 'id'), 'parameter');
    const where = `parameter[${id}]`;
    if (ruleNodes.has(id)) continue;
    params.set(id, readParameter(p, where, nameFor(id, where), id, 'SBML parameter'));
  }
  for (const id of ruleNodes.keys()) {
    if (!sbmlIds.has(id)) throw fail(`assignmentRule[${id}]`, `assigns '${id}', which is not a parameter of this model`);
  }

  // --- reactions: ids first (they share the SId namespace) -------------------------------------------
  const reactionNodes = listOf(model, 'listOfReactions', 'reaction');
  const reactionIds = reactionNodes.map((r) => claimId(attr(r, 'id'), 'reaction'));
  const speciesRefIds = new Set<string>();
  for (const r of reactionNodes) {
    for (const list of ['listOfReactants', 'listOfProducts', 'listOfModifiers']) {
      for (const ref of child(r, list)?.children ?? []) {
        const rid = attr(ref, 'id');
        if (rid !== undefined) speciesRefIds.add(rid);
      }
    }
  }

  // --- math conversion ------------------------------------------------------------------------------
  const volumeName = nameFor(main.id, `compartment[${main.id}]`);
  const ruleCache = new Map<string, Expr>();
  const usedRules = new Set<string>();
  const makeContext = (where: string, local: ReadonlyMap<string, string>, chain: readonly string[]): MathContext => ({
    fail: (problem) => fail(where, problem),
    functions,
    symbol: (name) => {
      const l = local.get(name);
      if (l !== undefined) return sym(l);
      const sp = species.get(name);
      if (sp) {
        if (!sp.hasOnlySubstanceUnits) return sym(sp.name);
        return bin('*', sym(sp.name), sym(volumeName));
      }
      if (compartmentIds.has(name)) return sym(volumeName);
      const p = params.get(name);
      if (p) return sym(p.name);
      if (ruleNodes.has(name)) {
        if (chain.includes(name)) throw fail(`assignmentRule[${name}]`, `assignment rules form a cycle: ${[...chain, name].join(' → ')}`);
        if (chain.length >= 32) throw fail(`assignmentRule[${name}]`, `assignment rules read each other more than 32 deep (${chain.slice(0, 5).join(' → ')} …)`);
        usedRules.add(name);
        let e = ruleCache.get(name);
        if (!e) {
          e = mathmlToExpr(ruleNodes.get(name)!, makeContext(`assignmentRule[${name}]`, new Map(), [...chain, name]));
          ruleCache.set(name, e);
        }
        return e;
      }
      if (speciesRefIds.has(name)) throw fail(where, `'${name}' is a species reference (its stoichiometry); stoichiometry used as a variable is not supported`);
      if (reactionIds.includes(name)) throw fail(where, `'${name}' is a reaction (its rate); reaction rates used as variables are not supported`);
      if (functions.has(name)) throw fail(where, `'${name}' is a function definition used without arguments`);
      throw fail(where, `unknown symbol '${name}'; expected a species, parameter or compartment of this model`);
    },
  });

  // --- reactions ------------------------------------------------------------------------------------
  const reactionSpecs: Record<string, ReactionSpec> = {};
  const laws: { name: string; expr: Expr; target: Dims; where: string }[] = [];
  const localParams: ParamEntry[] = [];
  const reactionNames = new Map<string, string>();
  const reversible: string[] = [];
  reactionNodes.forEach((r, k) => {
    const id = reactionIds[k]!;
    const where = `reaction[${id}]`;
    if (bool(attr(r, 'reversible'), level === 2)) reversible.push(id);
    if (bool(attr(r, 'fast'), false)) throw fail(`${where}.fast`, 'fast reactions (rapid equilibrium) are not supported; give them a kinetic law instead');
    const side = (list: string): Map<string, number> => {
      const out = new Map<string, number>();
      for (const ref of listOf(r, list, 'speciesReference')) {
        const sid = attr(ref, 'species');
        const sp = sid === undefined ? undefined : species.get(sid);
        if (!sp) throw fail(`${where}.${list}`, `unknown species '${sid ?? ''}'`);
        if (child(ref, 'stoichiometryMath')) throw fail(`${where}.${list}`, `stoichiometryMath for '${sid}' is not supported`);
        let n = parseDouble(attr(ref, 'stoichiometry'), `${where}.${list}`, `stoichiometry of '${sid}'`);
        if (n === undefined) {
          if (level === 3) notes.push(`Reaction '${id}': no stoichiometry for '${sid}'; assumed 1.`);
          n = 1;
        }
        if (!Number.isInteger(n) || n < 0 || n > 1e6) throw fail(`${where}.${list}`, `stoichiometry ${n} of '${sid}' is not supported; expected a non-negative integer`);
        if (n === 0 || sp.asParameter) continue;
        out.set(sp.name, (out.get(sp.name) ?? 0) + n);
      }
      return out;
    };
    const reactants = side('listOfReactants');
    const products = side('listOfProducts');
    const kl = child(r, 'kineticLaw');
    if (!kl) throw fail(where, 'the reaction has no kinetic law; nrf2sim needs a rate for every reaction');
    if (attr(kl, 'substanceUnits') !== undefined || attr(kl, 'timeUnits') !== undefined) {
      throw fail(`${where}.kineticLaw`, 'kinetic-law substanceUnits/timeUnits (SBML L2V1) are not supported');
    }
    const name = nameFor(id, where);
    reactionNames.set(id, name);
    const local = new Map<string, string>();
    const localNodes = [...listOf(kl, 'listOfLocalParameters', 'localParameter'), ...listOf(kl, 'listOfParameters', 'parameter')];
    for (const lp of localNodes) {
      const lid = attr(lp, 'id');
      if (lid === undefined) throw fail(`${where}.kineticLaw`, 'a local parameter has no id');
      if (local.has(lid)) throw fail(`${where}.kineticLaw`, `duplicate local parameter '${lid}'`);
      const pname = nameFor(`${id}_${lid}`, `${where}.kineticLaw.${lid}`);
      local.set(lid, pname);
      localParams.push(readParameter(lp, `${where}.kineticLaw.${lid}`, pname, lid, 'SBML local parameter', ` of reaction '${id}'`));
    }
    const math = child(kl, 'math');
    if (!math) throw fail(`${where}.kineticLaw`, 'the kinetic law has no <math>');
    const raw = mathmlToExpr(math, makeContext(`${where}.kineticLaw`, local, []));
    const { expr: stripped, removed } = stripVolume(raw, volumeName);
    const expr = recognize(stripped, (s) => [...species.values()].some((x) => x.name === s && !x.asParameter));
    if (reactants.size === 0 && products.size === 0) {
      notes.push(`Reaction '${id}' changes only boundary or constant species; it has no effect on the dynamics and is left out.`);
      return;
    }
    const term = (m: Map<string, number>): string => [...m].map(([s, n]) => (n === 1 ? s : `${n} ${s}`)).join(' + ');
    const spec: ReactionSpec = { equation: `${term(reactants)} -> ${term(products)}`.trim(), rate: printExpr(expr) };
    const ann = annotationOf(r, 'reaction');
    const description = ann?.get('description') ?? attr(r, 'name');
    if (description) spec.description = description;
    reactionSpecs[name] = spec;
    laws.push({ name, expr, target: removed ? CONC_PER_TIME : AMOUNT_PER_TIME, where: `${where}.kineticLaw` });
  });
  if (reversible.length > 0) {
    notes.push(`Reactions ${reversible.join(', ')} are marked reversible: their kinetic law is kept as the net rate, which the ODE engine integrates as is; the stochastic engines need rates ≥ 0, so split such a reaction into forward and backward reactions before using ssa or tau.`);
  }
  if (Object.keys(reactionSpecs).length === 0) throw fail('listOfReactions', 'the model has no reactions that change its species');
  for (const id of ruleNodes.keys()) {
    if (!usedRules.has(id)) notes.push(`The assignment rule for '${id}' is not read by any kinetic law and is left out.`);
    else notes.push(`The assignment rule for '${id}' is inlined into the rate laws that read it.`);
  }

  // --- parameter units: declared, or inferred from the rate laws ---------------------------------------
  const allParams = [...params.values(), ...localParams, ...boundaryParams];
  const needVolumeParam = laws.some((l) => symbolsOf(l.expr).has(volumeName));
  const volumeEntry: ParamEntry | undefined = needVolumeParam
    ? { sbmlId: main.id, name: volumeName, value: main.size, unit: main.unit, unitId: undefined, source: `SBML compartment '${main.id}' (its size) in ${basename(sourceName)}`, where: `compartment[${main.id}]` }
    : undefined;
  if (volumeEntry) allParams.push(volumeEntry);
  const known = new Map<string, Dims>();
  for (const s of species.values()) if (!s.asParameter) known.set(s.name, CONCENTRATION);
  const unknown = new Set<string>();
  for (const p of allParams) {
    if (p.unit) known.set(p.name, p.unit.dims);
    else unknown.add(p.name);
  }
  if (volumeEntry) known.set(volumeEntry.name, VOLUME);
  const inferred = inferParameterDims(laws, known, unknown);
  const modelFactor = (d: Dims): number => {
    // A unitless value is in the model's own units of the inferred dimension.
    const [a, l, t] = d;
    let f = Math.pow(substanceDefault.factor, a) * Math.pow(timeDefault.factor, t);
    if (Number.isInteger(Math.round((l / 3) * 1e9) / 1e9)) f *= Math.pow(volumeDefault!.factor, l / 3);
    else {
      lengthDefault ??= level === 2 ? resolveUnit('length', 'model.lengthUnits') : modelUnit('lengthUnits', 'length', 'metre');
      f *= Math.pow(lengthDefault.factor, l);
    }
    return f;
  };
  const paramSpecs: Record<string, ParameterSpec> = {};
  for (const p of allParams) {
    let unit = p.unit;
    let how = '';
    if (!unit) {
      const d = inferred.get(p.name);
      if (!d) {
        throw fail(p.where, `the parameter has no units, and they cannot be inferred from the rate laws it appears in; give it a units attribute`);
      }
      unit = { dims: d, factor: modelFactor(d) };
      how = 'units inferred from the rate laws';
    }
    let w: { unit: string; value: number; converted: boolean };
    try {
      w = declaredFrom(p.ann, 'value', p.value * unit.factor, unit.dims, (v, f) => v * f) ?? unitStringFor(unit, p.value);
    } catch (e) {
      throw fail(p.where, (e as Error).message);
    }
    if (how) notes.push(`Parameter '${p.name}' has no units in the SBML file; ${how}: ${w.unit}.`);
    const conv = w.converted ? `; converted from ${p.value} ${p.unitId ?? 'model units'}` : '';
    const spec: ParameterSpec = { value: w.value, unit: w.unit, source: `${p.source}${how ? ` (${how})` : ''}${conv}` };
    if (p.description) spec.description = p.description;
    if (!Number.isFinite(w.value)) throw fail(p.where, `value ${p.value} is out of range after unit conversion`);
    paramSpecs[p.name] = spec;
  }

  // An SBML kinetic law is an amount per time. One without a compartment factor that is nevertheless
  // a concentration per time (a common shortcut) means the same only when the compartment size is 1.
  const finalDims = new Map<string, Dims>(known);
  for (const [n, d] of inferred) finalDims.set(n, d);
  for (const law of laws) {
    if (sameDims(law.target, CONC_PER_TIME)) continue;
    let d: Dims;
    try {
      d = inferDims(law.expr, (n) => finalDims.get(n));
    } catch {
      continue; // reported by the compiler below
    }
    if (!sameDims(d, CONC_PER_TIME)) continue;
    if (Math.abs(main.size - 1) < 1e-12) {
      notes.push(`The kinetic law of '${law.name}' is a concentration per time without a compartment factor; with a compartment size of 1 this equals SBML's amount per time, so it is used as the rate per volume.`);
    } else {
      throw fail(
        law.where,
        `the kinetic law has units of concentration/time, but SBML kinetic laws are amounts per time and the compartment size is ${main.size}, not 1; multiply the law by the compartment '${main.id}' (or fix the parameter units)`,
      );
    }
  }

  // --- the model --------------------------------------------------------------------------------------
  const mAnn = annotationOf(model, 'model');
  const cAnn = annotationOf(main.node, 'compartment');
  const rawName = mAnn?.get('name') ?? attr(model, 'id') ?? attr(model, 'name') ?? basename(sourceName).replace(/\.[^.]*$/, '');
  const modelName = rawName.replace(/[^A-Za-z0-9_.-]/g, '_') || 'imported';
  const spec: ModelSpec = {
    name: modelName,
    description: mAnn?.get('description') ?? `${attr(model, 'name') ?? modelName}, imported from SBML (${basename(sourceName)}, Level ${level} Version ${Number.isFinite(version) ? version : '?'}) by nrf2sim import-sbml.`,
    ...(mAnn?.get('references') ? { references: mAnn.get('references')!.split('\n') } : {}),
    compartment: {
      name: cAnn?.get('name') ?? main.id,
      volume: { value: vol.value, unit: vol.unit, source: cAnn?.get('source') ?? `SBML compartment '${main.id}' in ${basename(sourceName)}` },
    },
    species: speciesSpecs,
    parameters: paramSpecs,
    reactions: reactionSpecs,
  };
  const yaml = toYaml(spec, notes, sourceName);

  // Check the result the way a user's next command will, and report problems against the SBML file.
  try {
    const { spec: parsed, src } = parseModelText(yaml, `${sourceName} (converted)`);
    compileModel(parsed, src);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = e.field ?? '';
    const m = /^reactions\.([^.]+)\.rate$/.exec(field);
    const sbmlReaction = m ? [...reactionNames].find(([, n]) => n === m[1])?.[0] : undefined;
    if (sbmlReaction !== undefined) {
      throw fail(
        `reaction[${sbmlReaction}].kineticLaw`,
        `${e.problem} (SBML kinetic laws are amounts per time; check the units of the parameters it reads)`,
      );
    }
    const named = /^(species|parameters)\.([^.]+)/.exec(field);
    const where = named ? `${named[1] === 'species' ? 'species' : 'parameter'}[${named[2]}]` : field || 'model';
    throw fail(where, `the converted model is not valid: ${e.problem}`);
  }
  return { spec, yaml, notes };
}

/**
 * The value and unit nrf2sim's annotation declares (`unit` plus `value`/`initial`), when that unit has
 * the expected dimensions (any concentration or amount for species: `dims` undefined) and converts
 * back to exactly the internal value the SBML numbers give — so a round trip restores `40 molecules`
 * and `5 uM/s` without changing a bit.
 */
function declaredFrom(
  ann: ReadonlyMap<string, string> | undefined,
  key: string,
  internal: number,
  dims: Dims | undefined,
  toInternal: (value: number, factor: number, dims: Dims) => number,
): { unit: string; value: number; converted: false } | undefined {
  const unit = ann?.get('unit');
  const text = ann?.get(key);
  if (unit === undefined || text === undefined || !DOUBLE.test(text)) return undefined;
  let u;
  try {
    u = parseUnit(unit);
  } catch {
    return undefined;
  }
  if (dims ? !sameDims(u.dims, dims) : !sameDims(u.dims, CONCENTRATION) && !sameDims(u.dims, AMOUNT)) return undefined;
  const value = Number(text);
  if (!(value >= 0) || toInternal(value, u.factor, u.dims) !== internal) return undefined;
  return { unit, value, converted: false };
}

/**
 * Remove one top-level compartment factor from a kinetic law (`cell × f`, `cell × k × S / (K + S)`):
 * then the rest is a rate per volume. Returns the law unchanged when there is none.
 */
function stripVolume(e: Expr, volume: string): { expr: Expr; removed: boolean } {
  if (e.kind === 'binary' && e.op === '/') {
    const inner = stripVolume(e.left, volume);
    return inner.removed ? { expr: bin('/', inner.expr, e.right, e.pos), removed: true } : { expr: e, removed: false };
  }
  if (e.kind === 'unary') {
    const inner = stripVolume(e.arg, volume);
    return inner.removed ? { expr: { ...e, arg: inner.expr }, removed: true } : { expr: e, removed: false };
  }
  if (e.kind !== 'binary' || e.op !== '*') return { expr: e, removed: false };
  // The factors along the left spine of a product chain ((a*b)*c)*d, as an n-ary <times> becomes;
  // right operands (e.g. an inlined rule) keep their own grouping.
  const factors: Expr[] = [];
  let x: Expr = e;
  while (x.kind === 'binary' && x.op === '*') {
    factors.unshift(x.right);
    x = x.left;
  }
  factors.unshift(x);
  const k = factors.findIndex((f) => f.kind === 'sym' && f.name === volume);
  if (k < 0) return { expr: e, removed: false };
  // Keep the other factors' grouping when the volume is an outer factor (cell * (rest)).
  if (e.left.kind === 'sym' && e.left.name === volume) return { expr: e.right, removed: true };
  if (e.right.kind === 'sym' && e.right.name === volume) return { expr: e.left, removed: true };
  const rest = factors.filter((_, i) => i !== k);
  return { expr: rest.reduce((l, r) => bin('*', l, r)), removed: true };
}

/** YAML text of the model with the notes as a header comment; species and parameters one line each. */
function toYaml(spec: ModelSpec, notes: readonly string[], sourceName: string): string {
  const doc = new Document(spec);
  for (const name of Object.keys(spec.species)) (doc.getIn(['species', name], true) as { flow: boolean }).flow = true;
  for (const name of Object.keys(spec.parameters)) (doc.getIn(['parameters', name], true) as { flow: boolean }).flow = true;
  (doc.getIn(['compartment', 'volume'], true) as { flow: boolean }).flow = true;
  const header = [
    ` Converted from SBML by nrf2sim import-sbml (${basename(sourceName)}).`,
    ...(notes.length > 0 ? [' Notes:', ...notes.map((n) => `   - ${n.replace(/\s*\n\s*/g, ' ')}`)] : []),
  ];
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 0 });
}
