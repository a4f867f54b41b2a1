/**
 * Units between SBML and nrf2sim.
 *
 * Export: every value is written in nrf2sim's internal units (µmol, L, h; so µM), and each distinct
 * dimension gets one SBML unitDefinition built from mole (scale −6), litre and second (multiplier
 * 3600). Internal values then need no conversion, which keeps exported numbers bit-identical.
 *
 * Import: an SBML unit (a unitDefinition or a base unit kind) becomes dimensions plus the factor to
 * internal units; `unitStringFor` then looks for one of our unit strings (`nM/s`, `1/(uM*h)`,
 * `molecules/h`…) with exactly that factor, so an imported model keeps the author's units where our
 * unit language can say them.
 */
import { AVOGADRO } from '../model/types.js';
import { isDimensionless, parseUnit, type Dims } from '../core/units.js';
import { el, type XmlElement } from './xml-writer.js';

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** Exponents close to integers are snapped, so [1, -3, -1] is recognised after arithmetic. */
function clean(e: number): number {
  const r = Math.round(e * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

function expTag(e: number): string {
  return e === 1 ? '' : String(e).replace('.', '_').replace('-', 'm');
}

/** Parts of a dimension in internal units: concentration (µM) when the length allows, else amount, volume, length. */
function internalParts(d: Dims): { kind: 'uM' | 'umol' | 'litre' | 'dm' | 'h'; exp: number }[] {
  const [a, l, t] = d.map(clean) as [number, number, number];
  const parts: { kind: 'uM' | 'umol' | 'litre' | 'dm' | 'h'; exp: number }[] = [];
  if (a !== 0 && clean(l + 3 * a) === 0) parts.push({ kind: 'uM', exp: a });
  else {
    if (a !== 0) parts.push({ kind: 'umol', exp: a });
    if (l !== 0 && Number.isInteger(clean(l / 3))) parts.push({ kind: 'litre', exp: clean(l / 3) });
    else if (l !== 0) parts.push({ kind: 'dm', exp: l });
  }
  if (t !== 0) parts.push({ kind: 'h', exp: t });
  return parts;
}

/**
 * The SBML unit id for a dimension in internal units: `dimensionless` and `litre` are SBML base units;
 * others are unitDefinitions named like `uM_per_h`, `per_uM_per_h`, `umol_per_h`.
 */
export function sbmlUnitId(d: Dims): string {
  if (isDimensionless(d)) return 'dimensionless';
  const parts = internalParts(d);
  if (parts.length === 1 && parts[0]!.kind === 'litre' && parts[0]!.exp === 1) return 'litre';
  const up = parts.filter((p) => p.exp > 0).map((p) => `${p.kind === 'litre' ? 'L' : p.kind}${expTag(p.exp)}`);
  const down = parts.filter((p) => p.exp < 0).map((p) => `per_${p.kind === 'litre' ? 'L' : p.kind}${expTag(-p.exp)}`);
  return [...up, ...down].join('_');
}

/** The `<unitDefinition>` for a dimension (undefined for SBML base units). */
export function sbmlUnitDefinition(d: Dims): XmlElement | undefined {
  const id = sbmlUnitId(d);
  if (id === 'dimensionless' || id === 'litre') return undefined;
  const units: XmlElement[] = [];
  const unit = (kind: string, exponent: number, scale: number, multiplier: number): void => {
    units.push(el('unit', { kind, exponent, scale, multiplier }));
  };
  for (const p of internalParts(d)) {
    switch (p.kind) {
      case 'uM':
        unit('mole', p.exp, -6, 1);
        unit('litre', -p.exp, 0, 1);
        break;
      case 'umol':
        unit('mole', p.exp, -6, 1);
        break;
      case 'litre':
        unit('litre', p.exp, 0, 1);
        break;
      case 'dm':
        unit('metre', p.exp, -1, 1);
        break;
      case 'h':
        unit('second', p.exp, 0, 3600);
        break;
    }
  }
  return el('unitDefinition', { id }, el('listOfUnits', {}, ...units));
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/** Dimensions and the factor that converts a value in this unit to internal units. */
export interface SbmlUnit {
  readonly dims: Dims;
  readonly factor: number;
}

/** SBML base unit kinds we can express: dimensions and factor to internal units as num/den. */
const KINDS: ReadonlyMap<string, { dims: Dims; num: number; den: number }> = new Map([
  ['mole', { dims: [1, 0, 0] as Dims, num: 1e6, den: 1 }],
  ['item', { dims: [1, 0, 0] as Dims, num: 1e6, den: AVOGADRO }],
  ['avogadro', { dims: [0, 0, 0] as Dims, num: AVOGADRO, den: 1 }],
  ['litre', { dims: [0, 3, 0] as Dims, num: 1, den: 1 }],
  ['liter', { dims: [0, 3, 0] as Dims, num: 1, den: 1 }],
  ['metre', { dims: [0, 1, 0] as Dims, num: 10, den: 1 }],
  ['meter', { dims: [0, 1, 0] as Dims, num: 10, den: 1 }],
  ['second', { dims: [0, 0, 1] as Dims, num: 1, den: 3600 }],
  ['dimensionless', { dims: [0, 0, 0] as Dims, num: 1, den: 1 }],
  ['radian', { dims: [0, 0, 0] as Dims, num: 1, den: 1 }],
  ['steradian', { dims: [0, 0, 0] as Dims, num: 1, den: 1 }],
  ['hertz', { dims: [0, 0, -1] as Dims, num: 3600, den: 1 }],
  ['katal', { dims: [1, 0, -1] as Dims, num: 1e6 * 3600, den: 1 }],
]);

/** SBML unit kinds that exist but have no counterpart in a reaction-network model (mass, charge…). */
export const SBML_UNIT_KINDS_UNSUPPORTED = [
  'ampere', 'becquerel', 'candela', 'celsius', 'coulomb', 'farad', 'gram', 'gray', 'henry', 'joule', 'kelvin',
  'kilogram', 'lumen', 'lux', 'newton', 'ohm', 'pascal', 'siemens', 'sievert', 'tesla', 'volt', 'watt', 'weber',
];

export function isSbmlBaseUnitKind(kind: string): boolean {
  return KINDS.has(kind) || SBML_UNIT_KINDS_UNSUPPORTED.includes(kind);
}

/** One `<unit kind exponent scale multiplier>` → its dimensions and factor; throws Error with a message. */
export function sbmlUnitTerm(kind: string, exponent: number, scale: number, multiplier: number): SbmlUnit {
  const k = KINDS.get(kind);
  if (!k) {
    if (SBML_UNIT_KINDS_UNSUPPORTED.includes(kind)) throw new Error(`unit kind '${kind}' has no counterpart in nrf2sim (amount, volume, length and time only)`);
    throw new Error(`unknown unit kind '${kind}'`);
  }
  if (![exponent, scale, multiplier].every(Number.isFinite)) throw new Error('unit exponent, scale and multiplier must be finite numbers');
  const base = (multiplier * Number(`1e${scale}`) * k.num) / k.den;
  const factor = Math.pow(base, exponent);
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`unit '${kind}' with exponent ${exponent}, scale ${scale}, multiplier ${multiplier} is out of range`);
  return { dims: [k.dims[0] * exponent, k.dims[1] * exponent, k.dims[2] * exponent], factor };
}

export function multiplySbmlUnits(a: SbmlUnit, b: SbmlUnit): SbmlUnit {
  return { dims: [a.dims[0] + b.dims[0], a.dims[1] + b.dims[1], a.dims[2] + b.dims[2]], factor: a.factor * b.factor };
}

export function divideSbmlUnits(a: SbmlUnit, b: SbmlUnit): SbmlUnit {
  return { dims: [a.dims[0] - b.dims[0], a.dims[1] - b.dims[1], a.dims[2] - b.dims[2]], factor: a.factor / b.factor };
}

type Part = readonly [atom: string, exp: number];

function formatUnit(parts: readonly Part[]): string {
  const pw = (a: string, e: number): string => (e === 1 ? a : `${a}^${e}`);
  const up = parts.filter(([, e]) => e > 0).map(([a, e]) => pw(a, e));
  const down = parts.filter(([, e]) => e < 0).map(([a, e]) => pw(a, -e));
  if (up.length === 0 && down.length === 0) return 'dimensionless';
  const top = up.length === 0 ? '1' : up.join('*');
  if (down.length === 0) return top;
  return down.length === 1 ? `${top}/${down[0]}` : `${top}/(${down.join('*')})`;
}

const CONC = ['uM', 'nM', 'mM', 'M', 'pM'];
const AMOUNT_ATOMS = ['umol', 'nmol', 'mmol', 'mol', 'pmol', 'molecules'];
const VOLUME_ATOMS = ['L', 'pL', 'fL', 'nL', 'uL', 'mL'];
const LENGTH_ATOMS = ['m', 'um', 'nm', 'mm'];
const TIME_ATOMS = ['h', 's', 'min', 'd'];

/** Candidate unit strings for a dimension; the first uses internal units (factor 1 except for length). */
function candidates(d: Dims): string[] {
  const [a, l, t] = d.map(clean) as [number, number, number];
  if (a === 0 && l === 0 && t === 0) return ['dimensionless'];
  const quantity: Part[][] = [];
  if (a !== 0 && clean(l + 3 * a) === 0) {
    for (const c of CONC) quantity.push([[c, a]]);
    for (const n of AMOUNT_ATOMS) for (const v of VOLUME_ATOMS) quantity.push([[n, a], [v, -a]]);
  } else {
    const amounts: Part[][] = a === 0 ? [[]] : AMOUNT_ATOMS.map((n) => [[n, a]]);
    const lengths: Part[][] = l === 0 ? [[]] : Number.isInteger(clean(l / 3)) ? VOLUME_ATOMS.map((v) => [[v, clean(l / 3)]]) : LENGTH_ATOMS.map((m) => [[m, l]]);
    for (const x of amounts) for (const y of lengths) quantity.push([...x, ...y]);
  }
  const times: Part[][] = t === 0 ? [[]] : TIME_ATOMS.map((s) => [[s, t]]);
  const out: string[] = [];
  for (const q of quantity) for (const s of times) out.push(formatUnit([...q, ...s]));
  return out;
}

/**
 * Our unit string for an SBML unit, and the value written in it: the SBML value unchanged when one of
 * our unit strings has the same factor (to 1e-12), else the value converted to internal units with
 * `converted` set so the caller can say so in the parameter's source.
 */
export function unitStringFor(u: SbmlUnit, value: number): { unit: string; value: number; converted: boolean } {
  const parsed: { unit: string; factor: number }[] = [];
  for (const c of candidates(u.dims)) {
    try {
      parsed.push({ unit: c, factor: parseUnit(c).factor });
    } catch {
      // Exponents our unit grammar cannot write (e.g. 1e-7) leave no candidate; reported below.
    }
  }
  for (const c of parsed) {
    if (Math.abs(u.factor / c.factor - 1) < 1e-12) return { unit: c.unit, value, converted: false };
  }
  const first = parsed[0];
  if (!first) throw new Error(`a unit with exponents [amount ${u.dims[0]}, length ${u.dims[1]}, time ${u.dims[2]}] cannot be written in nrf2sim's unit language`);
  return { unit: first.unit, value: (value * u.factor) / first.factor, converted: true };
}
