/**
 * ModelSpec → CompiledModel. Every symbol is resolved, every unit checked, every value converted to
 * internal units (µM, µmol, L, h); rate laws are parsed into a whitelisted AST, differentiated
 * symbolically for the Jacobian, and only then turned into JavaScript source from that AST.
 * File text never reaches `new Function`: only numbers, array accessors we generate and Math calls.
 */
import { errorAt, type StructuredText } from '../core/structured-text.js';
import {
  AMOUNT,
  AMOUNT_PER_TIME,
  CONC_PER_TIME,
  CONCENTRATION,
  DIMENSIONLESS,
  TIME,
  formatDims,
  parseUnit,
  sameDims,
  type Unit,
} from '../core/units.js';
import { compileToJs, differentiate, inferDims, isFunctionName, isReservedName, parseExpression, symbolsOf, type Expr } from './expr/index.js';
import { conservationLaws } from './conservation.js';
import { parseEquation } from './equation.js';
import type { FateHillSpec, ModelSpec } from './spec.js';
import type {
  CellFateInfo,
  CompiledModel,
  DrugEffect,
  DrugInfo,
  ParameterInfo,
  ReactionInfo,
  SpeciesInfo,
  SpeciesMode,
  StoichTerm,
} from './types.js';

type Dims = readonly [number, number, number];


export function compileModel(spec: ModelSpec, src: StructuredText): CompiledModel {
  const unitAt = (path: (string | number)[], text: string): Unit => {
    try {
      return parseUnit(text);
    } catch (e) {
      throw errorAt(src, path, `cannot read unit '${text}': ${(e as Error).message}`);
    }
  };

  // Compartment volume, L.
  const volUnit = unitAt(['compartment', 'volume', 'unit'], spec.compartment.volume.unit);
  if (!sameDims(volUnit.dims, [0, 3, 0])) {
    throw errorAt(src, ['compartment', 'volume', 'unit'], `expected a volume unit (e.g. pL, fL, um^3), got '${spec.compartment.volume.unit}'`);
  }
  const cellVolumeL = spec.compartment.volume.value * volUnit.factor;
  if (!Number.isFinite(cellVolumeL)) throw errorAt(src, ['compartment', 'volume', 'value'], 'expected a finite volume > 0');

  // Names must be unique across species, parameters and drugs, and not shadow functions.
  const owner = new Map<string, string>();
  const claim = (name: string, kind: string, path: (string | number)[]): void => {
    if (isFunctionName(name)) throw errorAt(src, path, `'${name}' is a function name; choose another ${kind} name`);
    if (isReservedName(name)) throw errorAt(src, path, `'${name}' is a reserved name; choose another ${kind} name`);
    const prev = owner.get(name);
    if (prev) throw errorAt(src, path, `'${name}' is already declared as a ${prev}; names must be unique`);
    owner.set(name, kind);
  };

  // Species.
  const speciesNames = Object.keys(spec.species);
  const species: SpeciesInfo[] = speciesNames.map((name) => {
    claim(name, 'species', ['species', name]);
    const s = spec.species[name]!;
    const u = unitAt(['species', name, 'unit'], s.unit);
    let initialUM: number;
    if (sameDims(u.dims, CONCENTRATION)) initialUM = s.initial * u.factor;
    else if (sameDims(u.dims, AMOUNT)) initialUM = (s.initial * u.factor) / cellVolumeL;
    else throw errorAt(src, ['species', name, 'unit'], `expected a concentration (e.g. uM, nM) or amount (e.g. molecules) unit, got '${s.unit}' (${formatDims(u.dims)})`);
    if (!Number.isFinite(initialUM)) throw errorAt(src, ['species', name, 'initial'], 'expected a finite number ≥ 0');
    return { name, unit: s.unit, mode: s.mode, initialUM, description: s.description ?? '' };
  });
  const speciesIndex = new Map(speciesNames.map((n, i) => [n, i] as const));

  // Parameters, then one slot per drug.
  const paramNames = Object.keys(spec.parameters);
  const paramDims = new Map<string, Dims>();
  const parameters: ParameterInfo[] = paramNames.map((name) => {
    claim(name, 'parameter', ['parameters', name]);
    const p = spec.parameters[name]!;
    const u = unitAt(['parameters', name, 'unit'], p.unit);
    paramDims.set(name, u.dims);
    if (!Number.isFinite(p.value)) throw errorAt(src, ['parameters', name, 'value'], 'expected a finite number ≥ 0');
    let range: readonly [number, number] | undefined;
    if (p.range) {
      const [lo, hi] = p.range;
      if (!(lo <= p.value && p.value <= hi)) {
        throw errorAt(src, ['parameters', name, 'range'], `expected low ≤ value ≤ high, got [${lo}, ${hi}] for value ${p.value}`);
      }
      range = [lo * u.factor, hi * u.factor];
    }
    return {
      name,
      value: p.value * u.factor,
      declaredValue: p.value,
      unit: p.unit,
      source: p.source,
      description: p.description ?? '',
      ...(range ? { range } : {}),
      isDrug: false,
    };
  });
  const drugNames = Object.keys(spec.drugs ?? {});
  for (const name of drugNames) {
    claim(name, 'drug', ['drugs', name]);
    const d = spec.drugs![name]!;
    const u = unitAt(['drugs', name, 'unit'], d.unit);
    if (!sameDims(u.dims, CONCENTRATION)) throw errorAt(src, ['drugs', name, 'unit'], `expected a concentration unit for a drug, got '${d.unit}'`);
    paramDims.set(name, CONCENTRATION);
    parameters.push({
      name,
      value: 0,
      declaredValue: 0,
      unit: d.unit,
      source: 'dose (set by the scenario or --dose)',
      description: d.description ?? '',
      isDrug: true,
    });
  }
  const parameterIndex = new Map(parameters.map((p, i) => [p.name, i] as const));

  const dimsOf = (name: string): Dims | undefined => (speciesIndex.has(name) ? CONCENTRATION : paramDims.get(name));
  const accessor = (name: string): string => {
    const si = speciesIndex.get(name);
    if (si !== undefined) return `y[${si}]`;
    const pi = parameterIndex.get(name);
    if (pi !== undefined) return `p[${pi}]`;
    throw new Error(`internal: unresolved symbol ${name}`);
  };

  // Reactions.
  const reactionIds = Object.keys(spec.reactions);
  const nS = speciesNames.length;
  const nR = reactionIds.length;
  const stoichiometry = new Float64Array(nR * nS);
  const rateExprs: Expr[] = [];
  const reactions: ReactionInfo[] = reactionIds.map((id, r) => {
    const rs = spec.reactions[id]!;
    let eq;
    try {
      eq = parseEquation(rs.equation);
    } catch (e) {
      throw errorAt(src, ['reactions', id, 'equation'], (e as Error).message);
    }
    const toTerms = (terms: readonly { species: string; coefficient: number }[]): StoichTerm[] =>
      terms.map((t) => {
        const i = speciesIndex.get(t.species);
        if (i === undefined) {
          throw errorAt(src, ['reactions', id, 'equation'], `unknown species '${t.species}'; expected one of: ${speciesNames.join(', ')}`);
        }
        return { species: i, coefficient: t.coefficient };
      });
    const reactants = toTerms(eq.reactants);
    const products = toTerms(eq.products);
    for (const t of reactants) stoichiometry[r * nS + t.species]! -= t.coefficient;
    for (const t of products) stoichiometry[r * nS + t.species]! += t.coefficient;

    let expr: Expr;
    checkRateLawSize(rs.rate, (problem) => errorAt(src, ['reactions', id, 'rate'], problem));
    try {
      expr = parseExpression(rs.rate);
    } catch (e) {
      const { column, problem } = e as { column?: number; problem?: string };
      throw errorAt(src, ['reactions', id, 'rate'], `syntax error in rate law '${rs.rate}'${column ? ` at column ${column}` : ''}: ${problem ?? (e as Error).message}`);
    }
    for (const sym of symbolsOf(expr)) {
      if (dimsOf(sym) === undefined) {
        throw errorAt(src, ['reactions', id, 'rate'], `unknown symbol '${sym}' in rate law; expected a declared species, parameter or drug`);
      }
    }
    let dims: Dims;
    try {
      dims = inferDims(expr, dimsOf);
    } catch (e) {
      const { column, problem } = e as { column?: number; problem?: string };
      throw errorAt(src, ['reactions', id, 'rate'], `unit error in rate law '${rs.rate}'${column ? ` at column ${column}` : ''}: ${problem ?? (e as Error).message}`);
    }
    if (sameDims(dims, AMOUNT_PER_TIME)) {
      // Amount per time (e.g. molecules/h) becomes concentration per time in the reference cell volume.
      expr = { kind: 'binary', op: '/', left: expr, right: { kind: 'num', value: cellVolumeL, pos: 0 }, pos: 0 } as Expr;
    } else if (!sameDims(dims, CONC_PER_TIME)) {
      throw errorAt(
        src,
        ['reactions', id, 'rate'],
        `rate law of reaction '${id}' has units of ${formatDims(dims)}; expected concentration/time (e.g. uM/h) or amount/time (e.g. molecules/h)`,
      );
    }
    rateExprs.push(expr);

    const changed = new Set([...reactants, ...products].map((t) => t.species));
    const modes = new Set<SpeciesMode>([...changed].map((i) => species[i]!.mode));
    if (modes.size > 1) {
      throw errorAt(
        src,
        ['reactions', id, 'equation'],
        `reaction '${id}' changes species of different modes (${[...modes].join(', ')}); a reaction must change only discrete, only continuous or only fast species (others may appear in its rate law)`,
      );
    }
    const dependsOn = [...symbolsOf(expr)].filter((s) => speciesIndex.has(s)).map((s) => speciesIndex.get(s)!);
    return {
      id,
      description: rs.description ?? '',
      reactants,
      products,
      rateLaw: rs.rate,
      dependsOn,
      massAction: isMassAction(expr, reactants, speciesNames, speciesIndex),
      modeClass: [...modes][0] ?? 'discrete',
    };
  });

  // Drugs: effects on parameters, with potency and Hill coefficients that are themselves parameters.
  const drugs: DrugInfo[] = drugNames.map((name) => {
    const d = spec.drugs![name]!;
    const effects: DrugEffect[] = d.effects.map((ef, k) => {
      const at = ['drugs', name, 'effects', k];
      const param = (field: 'target' | 'potency' | 'hill' | 'emax', want: Dims | null): number => {
        const pname = ef[field]!;
        const i = parameterIndex.get(pname);
        if (i === undefined || parameters[i]!.isDrug) {
          throw errorAt(src, [...at, field], `unknown parameter '${pname}'; expected a parameter declared under 'parameters'`);
        }
        if (want && !sameDims(paramDims.get(pname)!, want)) {
          throw errorAt(src, [...at, field], `parameter '${pname}' must be ${formatDims(want)}, it is ${formatDims(paramDims.get(pname)!)}`);
        }
        return i;
      };
      if (ef.kind === 'activate' && !ef.emax) throw errorAt(src, at, "an 'activate' effect needs 'emax' (a parameter: maximal fold increase)");
      return {
        parameter: param('target', null),
        kind: ef.kind,
        potencyParameter: param('potency', CONCENTRATION),
        hillParameter: param('hill', DIMENSIONLESS),
        emaxParameter: ef.kind === 'activate' ? param('emax', DIMENSIONLESS) : -1,
        description: ef.description ?? '',
      };
    });
    return { name, description: d.description ?? '', parameter: parameterIndex.get(name)!, unit: d.unit, unitFactor: parseUnit(d.unit).factor, effects };
  });

  // Code generation. Safe to compile with new Function: every expression string comes from
  // compileToJs over the checked AST (finite literals, y[i]/p[i] accessors, operators, Math calls);
  // the surrounding statements are fixed templates with integer indices and stoichiometric numbers.
  const rateSrc = rateExprs.map((e) => compileToJs(e, accessor));
  const ratesFn = new Function('y', 'p', 'out', rateSrc.map((s, r) => `out[${r}] = ${s};`).join('\n')) as CompiledModel['rates'];
  const rateFn = new Function('r', 'y', 'p', `switch (r) {\n${rateSrc.map((s, r) => `case ${r}: return ${s};`).join('\n')}\n}\nreturn NaN;`) as CompiledModel['rate'];
  const rhsLines: string[] = [];
  for (let i = 0; i < nS; i++) {
    const terms: string[] = [];
    for (let r = 0; r < nR; r++) {
      const c = stoichiometry[r * nS + i]!;
      if (c !== 0) terms.push(c === 1 ? `+ v${r}` : c === -1 ? `- v${r}` : `+ (${c}) * v${r}`);
    }
    rhsLines.push(`d[${i}] = 0 ${terms.join(' ')};`);
  }
  const rhsFn = new Function(
    'y',
    'p',
    'd',
    `${rateSrc.map((s, r) => `const v${r} = ${s};`).join('\n')}\n${rhsLines.join('\n')}`,
  ) as CompiledModel['rhs'];

  const jacobianPattern = new Uint8Array(nS * nS);
  const jacLines: string[] = [`j.fill(0);`];
  rateExprs.forEach((e, r) => {
    for (const sj of reactions[r]!.dependsOn) {
      const dexpr = differentiate(e, speciesNames[sj]!);
      if (dexpr.kind === 'num' && dexpr.value === 0) continue;
      const dsrc = compileToJs(dexpr, accessor);
      jacLines.push(`{ const g = ${dsrc};`);
      for (let i = 0; i < nS; i++) {
        const c = stoichiometry[r * nS + i]!;
        if (c === 0) continue;
        jacobianPattern[i * nS + sj] = 1;
        jacLines.push(`  j[${i * nS + sj}] += ${c === 1 ? 'g' : c === -1 ? '-g' : `(${c}) * g`};`);
      }
      jacLines.push('}');
    }
  });
  const jacFn = new Function('y', 'p', 'j', jacLines.join('\n')) as CompiledModel['jacobian'];

  const applyDrugs = (base: Float64Array, dosesUM: Float64Array, out: Float64Array): void => {
    out.set(base);
    for (let k = 0; k < drugs.length; k++) {
      const drug = drugs[k]!;
      const dose = dosesUM[k] ?? 0;
      out[drug.parameter] = dose;
      if (dose <= 0) continue;
      for (const ef of drug.effects) {
        const x = Math.pow(dose / base[ef.potencyParameter]!, base[ef.hillParameter]!);
        const occupancy = x / (1 + x);
        out[ef.parameter]! *= ef.kind === 'inhibit' ? 1 - occupancy : 1 + base[ef.emaxParameter]! * occupancy;
      }
    }
  };

  const cellFate = spec.cell_fate ? compileCellFate(spec, src, species, parameters, parameterIndex, speciesIndex, paramDims) : undefined;

  const initialState = Float64Array.from(species.map((s) => s.initialUM));
  const defaultParameters = Float64Array.from(parameters.map((p) => p.value));
  return {
    name: spec.name,
    description: spec.description ?? '',
    sourceName: src.sourceName,
    sourceText: src.text,
    species,
    parameters,
    reactions,
    drugs,
    speciesIndex,
    parameterIndex,
    drugIndex: new Map(drugNames.map((n, i) => [n, i] as const)),
    nSpecies: nS,
    nParameters: parameters.length,
    nReactions: nR,
    cellVolumeL,
    initialState,
    defaultParameters,
    stoichiometry,
    conservationLaws: conservationLaws(stoichiometry, nR, nS, speciesNames),
    rates: ratesFn,
    rate: rateFn,
    rhs: rhsFn,
    jacobian: jacFn,
    jacobianPattern,
    applyDrugs,
    rateExpressions: rateExprs,
    ...(cellFate ? { cellFate } : {}),
  };
}

/**
 * The `cell_fate` table → species and parameter indices, with dimensions checked: thresholds and
 * half-maximal levels are concentrations (compared with the species in µM), durations are times,
 * Hill coefficients, shapes, CVs and exponents are dimensionless.
 */
function compileCellFate(
  spec: ModelSpec,
  src: StructuredText,
  species: readonly SpeciesInfo[],
  parameters: readonly ParameterInfo[],
  parameterIndex: ReadonlyMap<string, number>,
  speciesIndex: ReadonlyMap<string, number>,
  paramDims: ReadonlyMap<string, Dims>,
): CellFateInfo {
  const cf = spec.cell_fate!;
  const speciesAt = (path: (string | number)[], name: string): number => {
    const i = speciesIndex.get(name);
    if (i === undefined) throw errorAt(src, path, `unknown species '${name}'; expected one of: ${species.map((s) => s.name).join(', ')}`);
    return i;
  };
  const paramAt = (path: (string | number)[], name: string, want: Dims, what: string): number => {
    const i = parameterIndex.get(name);
    if (i === undefined || parameters[i]!.isDrug) {
      throw errorAt(src, path, `unknown parameter '${name}'; expected a parameter declared under 'parameters'`);
    }
    if (!sameDims(paramDims.get(name)!, want)) {
      throw errorAt(src, path, `parameter '${name}' must be ${what} (${formatDims(want)}), it is ${formatDims(paramDims.get(name)!)}`);
    }
    return i;
  };
  const conc = 'a concentration';
  const dimless = 'dimensionless';
  const time = 'a time';
  const threshold = (key: 'apoptosis' | 'necrosis') => {
    const t = cf[key]!;
    return {
      species: speciesAt(['cell_fate', key, 'species'], t.species),
      threshold: paramAt(['cell_fate', key, 'threshold'], t.threshold, CONCENTRATION, conc),
    };
  };
  const hillAt = (path: (string | number)[], h: FateHillSpec) => ({
    species: speciesAt([...path, 'species'], h.species),
    K: paramAt([...path, 'K'], h.K, CONCENTRATION, conc),
    n: paramAt([...path, 'n'], h.n, DIMENSIONLESS, dimless),
  });
  const gsSpec = cf.growth_signal;
  const growthSignals = gsSpec === undefined ? [] : Array.isArray(gsSpec) ? gsSpec.map((h, k) => hillAt(['cell_fate', 'growth_signal', k], h)) : [hillAt(['cell_fate', 'growth_signal'], gsSpec)];
  const delay = (key: 'early_to_late' | 'late_to_debris' | 'necrotic_to_debris') => {
    const d = cf[key]!;
    return {
      mean: paramAt(['cell_fate', key, 'mean'], d.mean, TIME, time),
      shape: paramAt(['cell_fate', key, 'shape'], d.shape, DIMENSIONLESS, dimless),
    };
  };
  const info = {
    apoptosis: threshold('apoptosis'),
    necrosis: cf.necrosis ? threshold('necrosis') : null,
    growthSignals,
    oxidativeDamage: cf.oxidative_damage ? hillAt(['cell_fate', 'oxidative_damage'], cf.oxidative_damage) : null,
    doublingTime: paramAt(['cell_fate', 'cycle', 'doubling_time'], cf.cycle.doubling_time, TIME, time),
    cycleCv: paramAt(['cell_fate', 'cycle', 'cv'], cf.cycle.cv, DIMENSIONLESS, dimless),
    mediumExponent: paramAt(['cell_fate', 'cycle', 'medium_exponent'], cf.cycle.medium_exponent, DIMENSIONLESS, dimless),
    earlyToLate: delay('early_to_late'),
    lateToDebris: delay('late_to_debris'),
    necroticToDebris: cf.necrotic_to_debris ? delay('necrotic_to_debris') : delay('late_to_debris'),
  };
  const sp = (i: number): string => species[i]!.name;
  const pv = (i: number): string => {
    const q = parameters[i]!;
    return `${q.name} = ${q.declaredValue}${q.unit === 'dimensionless' || q.unit === '1' ? '' : ` ${q.unit}`}`;
  };
  const rules: string[] = [
    `A viable cell commits to apoptosis (early apoptotic, Annexin V+ PI−) when ${sp(info.apoptosis.species)} exceeds ${pv(info.apoptosis.threshold)}.`,
  ];
  if (info.necrosis) rules.push(`A viable cell becomes necrotic (Annexin V− PI+) when ${sp(info.necrosis.species)} exceeds ${pv(info.necrosis.threshold)}.`);
  rules.push(
    `Untreated reference cells double every ${pv(info.doublingTime)}; intrinsic cycle durations are gamma distributed with CV ${pv(info.cycleCv)}; medium exhaustion slows the cycle by max(0, 1 − (N/capacity)^θ), ${pv(info.mediumExponent)}.`,
  );
  for (const g of info.growthSignals) {
    rules.push(`Cycle progress requires ${sp(g.species)}: it is multiplied by hill(${sp(g.species)}, ${pv(g.K)}, ${pv(g.n)}) relative to reference cells.`);
  }
  if (info.oxidativeDamage) {
    const d = info.oxidativeDamage;
    rules.push(`${sp(d.species)} slows the cycle: progress is multiplied by hill_rep(${sp(d.species)}, ${pv(d.K)}, ${pv(d.n)}) relative to reference cells.`);
  }
  const dl = (d: { mean: number; shape: number }): string => `a gamma-distributed delay (mean ${pv(d.mean)}, shape ${pv(d.shape)})`;
  rules.push(`Early apoptotic cells become late apoptotic (Annexin V+ PI+) after ${dl(info.earlyToLate)}.`);
  rules.push(`Late apoptotic cells become debris and are removed after ${dl(info.lateToDebris)}.`);
  if (info.necrosis) rules.push(`Necrotic cells become debris after ${dl(info.necroticToDebris)}.`);
  return { ...info, rules };
}

const MAX_RATE_LAW_CHARS = 10_000;
const MAX_NESTING = 100;

/** Bound rate-law size and nesting before recursive parsing and code generation touch them. */
function checkRateLawSize(text: string, fail: (problem: string) => Error): void {
  if (text.length > MAX_RATE_LAW_CHARS) throw fail(`rate law is ${text.length} characters long; expected at most ${MAX_RATE_LAW_CHARS}`);
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth > MAX_NESTING) throw fail(`rate law nests parentheses deeper than ${MAX_NESTING}; expected a simpler expression`);
  }
}

/** k · ∏ reactant^stoichiometry with k a product of parameters/numbers and no other species. */
function isMassAction(
  expr: Expr,
  reactants: readonly StoichTerm[],
  speciesNames: readonly string[],
  speciesIndex: ReadonlyMap<string, number>,
): boolean {
  const factors: Expr[] = [];
  const flatten = (e: Expr): void => {
    if (e.kind === 'binary' && e.op === '*') {
      flatten(e.left);
      flatten(e.right);
    } else factors.push(e);
  };
  flatten(expr);
  const powers = new Map<number, number>();
  let constants = 0;
  for (const f of factors) {
    if (f.kind === 'num') constants++;
    else if (f.kind === 'sym') {
      const i = speciesIndex.get(f.name);
      if (i === undefined) constants++;
      else powers.set(i, (powers.get(i) ?? 0) + 1);
    } else if (f.kind === 'binary' && f.op === '^' && f.left.kind === 'sym' && f.right.kind === 'num') {
      const i = speciesIndex.get(f.left.name);
      if (i === undefined) return false;
      powers.set(i, (powers.get(i) ?? 0) + f.right.value);
    } else return false;
  }
  if (constants === 0 || powers.size !== reactants.length) return false;
  void speciesNames;
  return reactants.every((t) => powers.get(t.species) === t.coefficient);
}
