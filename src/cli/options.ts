import { InputError } from '../core/errors.js';
import type { Algorithm } from '../solve/algorithms.js';
import { DEFAULT_ALGORITHMS } from '../solve/algorithms.js';

export const METHODS = ['ode', 'odex', 'ssa', 'tau'] as const;
export type CliMethod = (typeof METHODS)[number];

export function algorithmFor(method: string, seed: number, opts: { rtol?: number; epsilon?: number } = {}): Algorithm {
  switch (method) {
    case 'ode':
      return { ...DEFAULT_ALGORITHMS.rosenbrock23, ...(opts.rtol ? { rtol: opts.rtol } : {}) };
    case 'odex':
      return { ...DEFAULT_ALGORITHMS['odex-qss'], ...(opts.rtol ? { rtol: opts.rtol } : {}) };
    case 'ssa':
      return { method: 'ssa-direct', seed };
    case 'tau':
      return { method: 'tau-leap', seed, epsilon: opts.epsilon ?? DEFAULT_ALGORITHMS['tau-leap'].epsilon };
    default:
      throw new InputError({ file: '--method', field: method }, `unknown method; expected one of ${METHODS.join(', ')}`);
  }
}

export function positiveNumber(value: unknown, flag: string, what: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new InputError({ file: flag }, `expected ${what} > 0, got '${String(value)}'`);
  return v;
}

export function positiveInteger(value: unknown, flag: string, what: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) throw new InputError({ file: flag }, `expected ${what} (an integer ≥ 1), got '${String(value)}'`);
  return v;
}

export function seedOption(value: unknown): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0) throw new InputError({ file: '--seed' }, `expected a non-negative integer seed, got '${String(value)}'`);
  return v;
}

/** yargs gives a string, an array of strings or undefined for repeatable options. */
export function listOption(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
