/**
 * Gating: a forward-scatter gate that drops debris, and Annexin V/PI quadrant gates set on the
 * untreated control, then the quadrant percentages.
 *
 * Quadrant thresholds are placed where the control's *negative* population ends: on the
 * arcsinh-transformed scale t = asinh(x/c) (c = 150, the usual cofactor for fluorescence data,
 * which is linear near zero and logarithmic above — compensated data can be negative), at
 * median + z·σ with σ = 1.4826·MAD (robust to the few positive cells of an untreated control),
 * z = 3 by default (≈ 0.1 % of a normal negative population above the gate). This formalises the
 * usual practice of placing the gate just above the negative population of the control tube.
 */
import { median64 } from './dcf.js';
import { channel, FITC, FSC, PE, type FlowEvents } from './events.js';

export interface ScatterGate {
  /** Events with FSC-A ≥ fscMin count as cells. */
  readonly fscMin: number;
}

/** FSC threshold at `fraction` (default 0.3) of the control's median FSC-A: below are debris. */
export function scatterGateFromControl(control: FlowEvents, fraction = 0.3): ScatterGate {
  const fsc = Float64Array.from(channel(control, FSC)).sort();
  return { fscMin: fraction * median64(fsc) };
}

/** 1 for events inside the scatter gate. */
export function applyScatterGate(events: FlowEvents, gate: ScatterGate): Uint8Array {
  const fsc = channel(events, FSC);
  const mask = new Uint8Array(events.eventCount);
  for (let e = 0; e < events.eventCount; e++) mask[e] = fsc[e]! >= gate.fscMin ? 1 : 0;
  return mask;
}

export interface QuadrantGates {
  /** Annexin V-FITC threshold (compensated FITC-A). */
  readonly fitc: number;
  /** PI threshold (compensated PE-A). */
  readonly pe: number;
}

export interface QuadrantGateOptions {
  /** Robust z above the negative population (default 3). */
  readonly z?: number;
  /** arcsinh cofactor (default 150). */
  readonly cofactor?: number;
}

/** Quadrant gates from a compensated, stained, untreated control (events inside `mask`). */
export function quadrantGatesFromControl(control: FlowEvents, mask: Uint8Array | undefined, options: QuadrantGateOptions = {}): QuadrantGates {
  requireCompensated(control, 'quadrantGatesFromControl');
  const z = options.z ?? 3;
  const c = options.cofactor ?? 150;
  return { fitc: robustUpperGate(channel(control, FITC), mask, z, c), pe: robustUpperGate(channel(control, PE), mask, z, c) };
}

function robustUpperGate(col: Float32Array, mask: Uint8Array | undefined, z: number, c: number): number {
  const t: number[] = [];
  for (let e = 0; e < col.length; e++) if (!mask || mask[e]) t.push(Math.asinh(col[e]! / c));
  if (t.length < 10) throw new RangeError(`quadrant gates: only ${t.length} control events in the gate; need at least 10`);
  const sorted = Float64Array.from(t).sort();
  const med = median64(sorted);
  const dev = Float64Array.from(t, (v) => Math.abs(v - med)).sort();
  const sigma = 1.4826 * median64(dev);
  return c * Math.sinh(med + z * sigma);
}

export interface QuadrantResult {
  /** Events counted (inside the scatter gate). */
  readonly n: number;
  /** Event counts [viable A−P−, early A+P−, late A+P+, necrotic A−P+]. */
  readonly counts: readonly [number, number, number, number];
  /** Percent of n, same order. */
  readonly percent: readonly [number, number, number, number];
}

/** Quadrant counts and percentages of compensated events inside `mask`. An event on a threshold counts as positive. */
export function quadrantPercentages(events: FlowEvents, gates: QuadrantGates, mask?: Uint8Array): QuadrantResult {
  requireCompensated(events, 'quadrantPercentages');
  const a = channel(events, FITC);
  const p = channel(events, PE);
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (let e = 0; e < events.eventCount; e++) {
    if (mask && !mask[e]) continue;
    const ann = a[e]! >= gates.fitc;
    const pi = p[e]! >= gates.pe;
    counts[ann ? (pi ? 2 : 1) : pi ? 3 : 0]++;
  }
  const n = counts[0] + counts[1] + counts[2] + counts[3];
  const pct = (k: number): number => (n > 0 ? (100 * k) / n : NaN);
  return { n, counts, percent: [pct(counts[0]), pct(counts[1]), pct(counts[2]), pct(counts[3])] };
}

function requireCompensated(events: FlowEvents, fn: string): void {
  if (!events.compensated) throw new RangeError(`${fn}: compensate the events first (compensateEvents)`);
}
