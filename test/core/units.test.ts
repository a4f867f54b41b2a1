import { describe, expect, test } from 'vitest';
import {
  AMOUNT,
  AMOUNT_PER_TIME,
  CONC_PER_TIME,
  CONCENTRATION,
  DIMENSIONLESS,
  PER_TIME,
  UnitSyntaxError,
  divUnits,
  formatDims,
  mulUnits,
  parseUnit,
  powUnit,
  sameDims,
} from '../../src/core/units.js';
import type { Dims } from '../../src/core/units.js';

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
};

describe('parseUnit conversion factors (to µM, µmol, L, h)', () => {
  const cases: [string, number, Dims][] = [
    ['1/min', 60, PER_TIME],
    ['nM', 1e-3, CONCENTRATION],
    ['uM/s', 3600, CONC_PER_TIME],
    ['µM/s', 3600, CONC_PER_TIME],
    ['μM/s', 3600, CONC_PER_TIME],
    ['1/(uM*s)', 3600, [-1, 3, -1]],
    ['1/(nM*min)', 60e3, [-1, 3, -1]],
    ['molecules', 1e6 / 6.02214076e23, AMOUNT],
    ['molecules/h', 1e6 / 6.02214076e23, AMOUNT_PER_TIME],
    ['pL', 1e-12, [0, 3, 0]],
    ['fL', 1e-15, [0, 3, 0]],
    ['h^-1', 1, PER_TIME],
    ['h^(-1)', 1, PER_TIME],
    ['um^3', 1e-15, [0, 3, 0]],
    ['mM', 1e3, CONCENTRATION],
    ['M', 1e6, CONCENTRATION],
    ['mol/L', 1e6, CONCENTRATION],
    ['nmol', 1e-3, AMOUNT],
    ['d', 24, [0, 0, 1]],
    ['1/day', 1 / 24, PER_TIME],
    ['L/(mol*s)', 3600e-6, [-1, 3, -1]],
    ['uM^2/h', 1, [2, -6, -1]],
    ['s^0.5', Math.sqrt(1 / 3600), [0, 0, 0.5]],
    ['dimensionless', 1, DIMENSIONLESS],
    ['1', 1, DIMENSIONLESS],
    [' uM / h ', 1, CONC_PER_TIME],
    ['uM/h/uM', 1, PER_TIME],
  ];
  test.each(cases)('%s', (text, factor, dims) => {
    const u = parseUnit(text);
    close(u.factor, factor);
    expect(sameDims(u.dims, dims)).toBe(true);
  });

  test('case matters: M is molar, m is metre; mM millimolar, mm millimetre', () => {
    expect(sameDims(parseUnit('m').dims, [0, 1, 0])).toBe(true);
    expect(sameDims(parseUnit('mm').dims, [0, 1, 0])).toBe(true);
    close(parseUnit('mm').factor, 1e-2);
    expect(sameDims(parseUnit('mM').dims, CONCENTRATION)).toBe(true);
  });
});

describe('parseUnit errors', () => {
  const errors: [string, number, RegExp][] = [
    ['uMol', 1, /unknown unit 'uMol'.*accepted: .*\bmolecules\b.*\buM\b/],
    ['uM h', 4, /explicit "\*"/],
    ['uM/hour', 4, /unknown unit 'hour'/],
    ['h^', 3, /number after "\^"/],
    ['(uM', 4, /missing '\)'/],
    ['10/h', 1, /only number allowed is 1/],
    ['', 1, /empty unit/],
    ['uM*', 4, /unit name was expected/],
    ['%', 1, /unexpected '%'/],
  ];
  test.each(errors)('%j fails at column %i', (text, column, message) => {
    let err: unknown;
    try {
      parseUnit(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnitSyntaxError);
    expect((err as UnitSyntaxError).column).toBe(column);
    expect((err as UnitSyntaxError).message).toMatch(message);
  });
});

describe('unit arithmetic', () => {
  test('mul, div, pow combine dimensions and factors', () => {
    const perMin = parseUnit('1/min');
    const nM = parseUnit('nM');
    const rate = mulUnits(perMin, nM);
    expect(sameDims(rate, CONC_PER_TIME)).toBe(true);
    close(rate.factor, 60e-3);
    const back = divUnits(rate, nM);
    expect(sameDims(back, PER_TIME)).toBe(true);
    close(back.factor, 60);
    const vol = powUnit(parseUnit('um'), 3);
    close(vol.factor, 1e-15);
    expect(sameDims(vol, [0, 3, 0])).toBe(true);
  });

  test('sameDims distinguishes concentration from amount', () => {
    expect(sameDims(CONCENTRATION, AMOUNT)).toBe(false);
    expect(sameDims(parseUnit('molecules'), AMOUNT)).toBe(true);
  });
});

describe('formatDims', () => {
  const names: [Dims, string][] = [
    [DIMENSIONLESS, 'dimensionless'],
    [CONCENTRATION, 'concentration (µM)'],
    [CONC_PER_TIME, 'concentration/time (µM/h)'],
    [AMOUNT_PER_TIME, 'amount/time (µmol/h)'],
    [PER_TIME, '1/time (1/h)'],
    [[0, 0, 1], 'time (h)'],
    [[-1, 3, -1], '1/(concentration·time) (1/(µM·h))'],
    [[0, 3, 0], 'volume (L)'],
    [AMOUNT, 'amount (µmol)'],
    [[2, -6, -1], 'concentration^2/time (µM^2/h)'],
    [[0, 1, 0], 'length (dm)'],
  ];
  test.each(names)('%j → %s', (dims, text) => {
    expect(formatDims(dims)).toBe(text);
  });
});
