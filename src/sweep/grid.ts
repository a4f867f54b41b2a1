/**
 * Sweep grids: `--param name=from:to:points[:log]` axes (or an explicit list `name=v1,v2,…`), and
 * their cartesian product as an ordered point list (the last axis varies fastest).
 */
import { InputError } from '../core/errors.js';
import type { SweepPoint } from './point.js';

export interface GridAxis {
  readonly name: string;
  readonly values: readonly number[];
  readonly spacing: 'linear' | 'log' | 'list';
}

function finite(text: string, spec: string, what: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new InputError({ file: '--param', field: spec }, `${what} must be a finite number, got '${text}'`);
  return v;
}

/** Parse one --param: `knockdown=0:0.95:20`, `k_tx_nrf2=0.1:10:9:log`, or `knockdown=0,0.5,0.9`. */
export function parseAxis(spec: string): GridAxis {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq).trim() : '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError({ file: '--param', field: spec }, 'expected name=from:to:points[:log] or name=v1,v2,… (e.g. knockdown=0:0.95:20)');
  const rhs = spec.slice(eq + 1).trim();
  if (rhs.includes(',')) {
    const values = rhs.split(',').map((t) => finite(t, spec, 'each listed value'));
    if (new Set(values).size !== values.length) throw new InputError({ file: '--param', field: spec }, 'listed values must differ');
    return { name, values, spacing: 'list' };
  }
  const parts = rhs.split(':');
  if (parts.length < 3 || parts.length > 4 || (parts.length === 4 && parts[3] !== 'log' && parts[3] !== 'linear')) {
    throw new InputError({ file: '--param', field: spec }, 'expected name=from:to:points[:log] (e.g. knockdown=0:0.95:20 or k_tx_nrf2=0.1:10:9:log)');
  }
  const from = finite(parts[0]!, spec, 'from');
  const to = finite(parts[1]!, spec, 'to');
  const n = Number(parts[2]);
  if (!Number.isInteger(n) || n < 1) throw new InputError({ file: '--param', field: spec }, `points must be an integer ≥ 1, got '${parts[2]}'`);
  if (n === 1 && from !== to) throw new InputError({ file: '--param', field: spec }, 'one point needs from = to (or use ≥ 2 points)');
  if (n > 1 && from === to) throw new InputError({ file: '--param', field: spec }, 'from and to must differ for more than one point');
  const log = parts[3] === 'log';
  if (log && !(from > 0 && to > 0)) throw new InputError({ file: '--param', field: spec }, 'log spacing needs from > 0 and to > 0');
  const values = Array.from({ length: n }, (_, i) => {
    if (n === 1) return from;
    if (i === n - 1) return to; // exact end point, no rounding drift
    const t = i / (n - 1);
    return log ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
  });
  return { name, values, spacing: log ? 'log' : 'linear' };
}

/** All axes, refusing a parameter named twice. */
export function parseAxes(specs: readonly string[]): GridAxis[] {
  if (specs.length === 0) throw new InputError({ file: '--param' }, 'name at least one parameter to sweep, e.g. --param knockdown=0:0.95:20');
  const axes = specs.map(parseAxis);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.name)) throw new InputError({ file: '--param', field: a.name }, 'parameter given twice; give each parameter one axis');
    seen.add(a.name);
  }
  return axes;
}

/** Cartesian product in row-major order (last axis fastest); point i has index i. */
export function gridPoints(axes: readonly GridAxis[]): SweepPoint[] {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  const points: SweepPoint[] = [];
  for (let i = 0; i < total; i++) {
    const params: Record<string, number> = {};
    let rest = i;
    for (let k = axes.length - 1; k >= 0; k--) {
      const a = axes[k]!;
      params[a.name] = a.values[rest % a.values.length]!;
      rest = Math.floor(rest / a.values.length);
    }
    // Keys in axis order (JSON and CSV columns follow it).
    points.push({ index: i, params: Object.fromEntries(axes.map((a) => [a.name, params[a.name]!])) });
  }
  return points;
}
