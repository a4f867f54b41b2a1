/**
 * SBML import of files nrf2sim did not write: Level 2 conventions (default units, built-in unit
 * redefinition), function definitions, local parameters, assignment rules, boundary species,
 * hasOnlySubstanceUnits, unit inference — and a clear InputError for every unsupported construct.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { importSbml } from '../../src/io/sbml-import.js';
import { compileModel } from '../../src/model/compile-model.js';
import { parseModelText } from '../../src/model/parse-model.js';

const MATH = 'xmlns="http://www.w3.org/1998/Math/MathML"';
const ci = (n: string): string => `<ci> ${n} </ci>`;
const ap = (op: string, ...a: string[]): string => `<apply><${op}/>${a.join('')}</apply>`;
const cn = (v: number | string): string => `<cn> ${v} </cn>`;

/** Level 2 Version 4: function definition, redefined built-in 'substance' (nmol), default litre and second, a unitless
 * parameter, hasOnlySubstanceUnits and boundary species, an inlined and an unused assignment rule, a local parameter. */
const L2 = readFileSync('test/fixtures/sbml/toy-level2.xml', 'utf8');

function compiled(xml: string) {
  const r = importSbml(xml, 'toy.xml');
  const { spec, src } = parseModelText(r.yaml, 'toy.yaml');
  return { ...r, model: compileModel(spec, src) };
}

describe('SBML Level 2 import with function definitions, rules, local parameters and unit inference', () => {
  const { model, spec, notes, yaml } = compiled(L2);

  it('reads units: L2 built-in substance redefined as nmol, default volume litre and time second', () => {
    expect(spec.species['S']).toMatchObject({ initial: 100, unit: 'nM' });
    expect(spec.species['P']).toMatchObject({ initial: 5, unit: 'nM' });
    expect(spec.parameters['kcat']).toMatchObject({ value: 0.5, unit: '1/s' });
    expect(spec.parameters['Km']).toMatchObject({ value: 50, unit: 'nM' });
    expect(spec.compartment.volume).toMatchObject({ value: 2, unit: 'L' });
  });

  it('infers units of a unitless parameter from its rate law and says so', () => {
    expect(spec.parameters['kin']).toMatchObject({ value: 0.01, unit: '1/s' });
    expect(notes.join('\n')).toContain("'kin' has no units");
  });

  it('renames local parameters reaction_param, turns boundary species into parameters, inlines rules and functions', () => {
    expect(spec.parameters['deg_f']).toMatchObject({ value: 1, unit: 'dimensionless' });
    expect(spec.parameters['X0']).toMatchObject({ value: 7, unit: 'nM' });
    expect(spec.species['X0']).toBeUndefined();
    expect(spec.reactions['influx']).toMatchObject({ equation: '-> S', rate: 'kin*X0' });
    expect(spec.reactions['deg']!.rate).toBe('deg_f*(kdeg0*2)*P');
    expect(spec.reactions['conv']!.rate).toBe('kcat*(E*c)*S/(Km + S)');
    expect(spec.parameters['kdeg_eff']).toBeUndefined();
    expect(notes.join('\n')).toMatch(/rule for 'unused_obs' is not read/);
    expect(yaml).toMatch(/^# Converted from SBML/);
  });

  it('gives the rates SBML semantics give (hand calculation, µM/h)', () => {
    const d = new Float64Array(model.nSpecies);
    model.rhs(model.initialState, model.defaultParameters, d);
    const nMs = 1e-3 * 3600; // nM/s → µM/h
    const conv = (0.5 * 4 * 100) / 150 / 2; // nmol/s over 2 L
    const influx = 0.01 * 7;
    const deg = 0.002 * 5;
    const at = (s: string): number => d[model.speciesIndex.get(s)!]!;
    expect(at('S')).toBeCloseTo((-conv + influx) * nMs, 12);
    expect(at('P')).toBeCloseTo((conv - deg) * nMs, 12);
    expect(at('E')).toBe(0);
  });
});

/** A minimal valid L3V2 model; `edit` replaces parts of it to inject one construct. */
const L3 = `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
 <model id="m" substanceUnits="mole" timeUnits="second" volumeUnits="litre" extentUnits="mole">
  <listOfCompartments><compartment id="cell" size="1" spatialDimensions="3" constant="true"/></listOfCompartments>
  <listOfSpecies><species id="A" compartment="cell" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
  <listOfParameters><parameter id="k" value="2" units="per_s" constant="true"/></listOfParameters>
  <!--EXTRA-->
  <listOfReactions>
   <reaction id="decay" reversible="false">
    <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
    <kineticLaw><math ${MATH}>RATE</math></kineticLaw>
   </reaction>
  </listOfReactions>
  <listOfUnitDefinitions><unitDefinition id="per_s"><listOfUnits><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition></listOfUnitDefinitions>
 </model>
</sbml>`;
const GOOD_RATE = ap('times', ci('cell'), ci('k'), ci('A'));
const l3 = (extra: string, rate = GOOD_RATE): string => L3.replace('<!--EXTRA-->', extra).replace('RATE', rate);

function rejects(xml: string, field: string | RegExp, problem: RegExp): void {
  let err: unknown;
  try {
    importSbml(xml, 'bad.xml');
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.file).toBe('bad.xml');
  if (typeof field === 'string') expect(e.field).toBe(field);
  else expect(e.field ?? '').toMatch(field);
  expect(e.problem).toMatch(problem);
}

describe('SBML Level 3 import: the minimal model', () => {
  it('imports', () => {
    const { spec, model } = compiled(l3(''));
    expect(spec.reactions['decay']).toMatchObject({ equation: 'A ->', rate: 'k*A' });
    expect(spec.species['A']).toMatchObject({ initial: 1, unit: 'M' });
    expect(model.nSpecies).toBe(1);
  });
  it('recognises min/max piecewise, Hill and Michaelis–Menten forms', () => {
    const pw = `<piecewise><piece>${ci('A')}${ap('leq', ci('A'), ci('K'))}</piece><otherwise>${ci('K')}</otherwise></piecewise>`;
    const hill = ap('divide', ap('power', ci('A'), ci('n')), ap('plus', ap('power', ci('K'), ci('n')), ap('power', ci('A'), ci('n'))));
    const extra = '<listOfRules/>';
    const xml = l3(extra, ap('times', ci('cell'), ci('k'), ap('plus', pw, ap('times', ci('K'), hill)))).replace(
      '</listOfParameters>',
      '<parameter id="K" value="0.5" units="mole_per_l" constant="true"/><parameter id="n" value="2" units="dimensionless" constant="true"/></listOfParameters>',
    ).replace('</listOfUnitDefinitions>', '<unitDefinition id="mole_per_l"><listOfUnits><unit kind="mole" exponent="1" scale="0" multiplier="1"/><unit kind="litre" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition></listOfUnitDefinitions>');
    const { spec } = compiled(xml);
    expect(spec.reactions['decay']!.rate).toBe('k*(min(A, K) + K*hill(A, K, n))');
  });
});

describe('SBML import names every unsupported construct (InputError with the element id)', () => {
  it('events', () => rejects(l3('<listOfEvents><event id="pulse" useValuesFromTriggerTime="true"/></listOfEvents>'), 'event[pulse]', /events are not supported/));
  it('rate rules', () => rejects(l3(`<listOfRules><rateRule variable="k"><math ${MATH}>${cn(1)}</math></rateRule></listOfRules>`), 'rateRule[k]', /rate rules/));
  it('algebraic rules', () => rejects(l3(`<listOfRules><algebraicRule><math ${MATH}>${cn(1)}</math></algebraicRule></listOfRules>`), 'algebraicRule', /algebraic rules/));
  it('initial assignments', () => rejects(l3(`<listOfInitialAssignments><initialAssignment symbol="k"><math ${MATH}>${cn(1)}</math></initialAssignment></listOfInitialAssignments>`), 'initialAssignment[k]', /initial assignments/));
  it('constraints', () => rejects(l3('<listOfConstraints><constraint metaid="c1"/></listOfConstraints>'), 'constraint[c1]', /constraints/));
  it('assignment rules for species', () => rejects(l3(`<listOfRules><assignmentRule variable="A"><math ${MATH}>${cn(1)}</math></assignmentRule></listOfRules>`), 'assignmentRule[A]', /for species/));
  it('cyclic assignment rules', () => {
    const xml = l3(`<listOfRules><assignmentRule variable="p"><math ${MATH}>${ci('q')}</math></assignmentRule><assignmentRule variable="q"><math ${MATH}>${ci('p')}</math></assignmentRule></listOfRules>`, ap('times', ci('cell'), ci('p'), ci('A')))
      .replace('</listOfParameters>', '<parameter id="p" constant="false"/><parameter id="q" constant="false"/></listOfParameters>');
    rejects(xml, /assignmentRule\[[pq]\]/, /cycle/);
  });
  it('delay', () => rejects(l3('', ap('times', ci('k'), `<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol>${ci('A')}${cn(1)}</apply>`)), 'reaction[decay].kineticLaw', /delay/));
  it('time', () => rejects(l3('', ap('times', ci('k'), ci('A'), '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>')), 'reaction[decay].kineticLaw', /time/));
  it('piecewise that is not min/max', () =>
    rejects(l3('', `<piecewise><piece>${ci('k')}${ap('gt', ci('A'), cn(1))}</piece><otherwise>${cn(0)}</otherwise></piecewise>`), 'reaction[decay].kineticLaw', /piecewise other than a min\/max/));
  it('functions our rate laws lack', () => rejects(l3('', ap('times', ci('k'), ap('sin', ci('A')))), 'reaction[decay].kineticLaw', /<sin>/));
  it('recursive function definitions', () => {
    const fd = `<listOfFunctionDefinitions><functionDefinition id="f"><math ${MATH}><lambda><bvar>${ci('x')}</bvar><apply>${ci('f')}${ci('x')}</apply></lambda></math></functionDefinition></listOfFunctionDefinitions>`;
    rejects(l3('', `<apply>${ci('f')}${ci('A')}</apply>`).replace('<listOfCompartments>', `${fd}<listOfCompartments>`), 'reaction[decay].kineticLaw', /calls itself/);
  });
  it('compartments with different volumes', () =>
    rejects(l3('').replace('</listOfCompartments>', '<compartment id="nucleus" size="0.2" spatialDimensions="3" constant="true"/></listOfCompartments>'), 'compartment[nucleus]', /different volumes/));
  it('non-integer stoichiometry', () => rejects(l3('').replace('stoichiometry="1"', 'stoichiometry="0.5"'), 'reaction[decay].listOfReactants', /stoichiometry 0.5/));
  it('fast reactions', () => rejects(l3('').replace('reversible="false"', 'reversible="false" fast="true"'), 'reaction[decay].fast', /fast reactions/));
  it('a required SBML package', () => rejects(l3('').replace('level="3" version="2"', 'level="3" version="2" xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" comp:required="true"'), 'sbml.comp:required', /package 'comp'/));
  it('negative parameter values', () => rejects(l3('').replace('value="2"', 'value="-2"'), 'parameter[k].value', /negative/));
  it('unknown unit kinds', () => rejects(l3('').replace('kind="second"', 'kind="gram"'), 'unitDefinition[per_s]', /gram/));
  it('a parameter whose units cannot be inferred', () => rejects(l3('', ap('times', ci('cell'), ci('k'), ci('A'), ap('exp', ap('times', ci('u'), ci('v'))))).replace('</listOfParameters>', '<parameter id="u" value="1" constant="true"/><parameter id="v" value="1" constant="true"/></listOfParameters>'), /parameter\[[uv]\]/, /cannot be inferred/));
  it('a unit error in a kinetic law names the reaction', () => rejects(l3('', ap('times', ci('cell'), ci('k'), ci('A'), ci('A'))), 'reaction[decay].kineticLaw', /units of/));
  it('a concentration-per-time law without compartment factor when the size is not 1', () =>
    rejects(l3('', ap('times', ci('k'), ci('A'))).replace('size="1"', 'size="2"'), 'reaction[decay].kineticLaw', /multiply the law by the compartment/));
  it('unknown symbols', () => rejects(l3('', ap('times', ci('cell'), ci('kk'), ci('A'))), 'reaction[decay].kineticLaw', /unknown symbol 'kk'/));
  it('malformed XML, with the line', () => {
    let err: InputError | undefined;
    try {
      importSbml('<sbml level="3">\n<model>\n</sbml>', 'bad.xml');
    } catch (e) {
      err = e as InputError;
    }
    expect(err).toBeInstanceOf(InputError);
    expect(err!.line).toBeGreaterThan(0);
    expect(err!.message).toMatch(/^bad\.xml:\d+/);
  });
  it('not SBML', () => rejects('<html><body/></html>', '(document)', /not an SBML document/));
  it('SBML Level 1', () => rejects(l3('').replace('level="3" version="2"', 'level="1" version="2"'), 'sbml.level', /Level 1/));
  it('DOCTYPE (entity tricks)', () => rejects(`<?xml version="1.0"?><!DOCTYPE sbml [<!ENTITY a "aaaa">]>${l3('').replace(/^<\?xml[^>]*>/, '')}`, '(document)', /DOCTYPE/));
});
