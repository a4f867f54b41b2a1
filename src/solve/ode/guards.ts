/**
 * Checks and message helpers shared by the deterministic engines: state sanity (non-finite values,
 * concentrations going strongly negative) and times formatted for failure messages.
 */

/**
 * First species of `y` that is NaN/±Inf or strongly negative, y_i < −(1e3·atol + 1e-6·‖y‖∞), or −1
 * when the state is sane. Small negative values within that band are integration noise around zero.
 */
export function badStateIndex(y: Float64Array, atol: number): number {
  let norm = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v - v === 0)) return i; // NaN or ±Inf
    const a = v < 0 ? -v : v;
    if (a > norm) norm = a;
  }
  const floor = -(1e3 * atol + 1e-6 * norm);
  for (let i = 0; i < y.length; i++) if (y[i]! < floor) return i;
  return -1;
}

/** A time for messages: 6 significant digits without trailing zeros ("3.2", "1.5e-7"). */
export function fmtTime(t: number): string {
  return String(Number(t.toPrecision(6)));
}

/** What is wrong with value `value` of species `name`: "H2O2 went strongly negative (-0.5 µM)". */
export function describeBadValue(name: string, value: number): string {
  return Number.isFinite(value)
    ? `${name} went strongly negative (${value.toPrecision(3)} µM)`
    : `non-finite value (${value}) in ${name}`;
}
