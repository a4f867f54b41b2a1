import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { variantLineName } from '../../src/checks/claim.js';
import { evaluateClaim } from '../../src/checks/evaluate.js';
import { parseClaimsText } from '../../src/checks/parse-claims.js';
import type { Measurement } from '../../src/experiments/types.js';

/**
 * The real claims file against a hand-made measurement table shaped like the runner's output, in
 * which the paper's results are true by construction: every claim must hold. Then one biological
 * fact is removed (G01 given K562's Nrf2) and exactly the claims resting on it must fail — so the
 * selectors in claims.yaml really reach the rows the experiments produce.
 */
const claims = parseClaimsText(readFileSync(new URL('../../scenarios/paper/claims.yaml', import.meta.url), 'utf8'), 'claims.yaml');

function reps(measure: string, line: string, v: number, doseUM: number | null, timeH: number): Measurement[] {
  return [1, 2, 3].map((r) => ({ measure, line, doseUM, timeH, replicate: r, value: v * (1 + 0.03 * (r - 2)) }));
}

function paperTable(g01Nrf2 = 2.5): Measurement[] {
  const t: Measurement[] = [];
  const lines = { k562: [1, 1], 'k562-g01': [g01Nrf2, 2], 'g01-shnc': [2.5, 2], 'g01-shnrf2': [0.75, 1.2] } as const;
  for (const [line, [nrf2, trxr]] of Object.entries(lines)) {
    t.push(...reps('qpcr_fold:NFE2L2', line, nrf2, 0, 0), ...reps('qpcr_fold:TXNRD1', line, trxr, 0, 0));
    t.push(...reps('western_ratio:Nrf2', line, nrf2, 0, 0), ...reps('western_ratio:TrxR1', line, trxr, 0, 0));
  }
  for (const k of [0, 0.25, 0.5, 0.7, 0.9]) {
    const line = variantLineName('g01-shnrf2', { knockdown: k });
    const nrf2 = 2.5 * (1 - k);
    t.push(...reps('qpcr_fold:NFE2L2', line, nrf2, 0, 0), ...reps('qpcr_fold:TXNRD1', line, 1 + 0.4 * nrf2, 0, 0));
    t.push(...reps('western_ratio:Nrf2', line, nrf2, 0, 0), ...reps('western_ratio:TrxR1', line, 1 + 0.4 * nrf2, 0, 0));
  }
  const dcf = { k562: [1, 1.3], 'k562-g01': [1.1, 1.2], 'g01-shnc': [1.1, 1.5], 'g01-shnrf2': [1.6, 2.5] } as const;
  for (const [line, [d0, d1]] of Object.entries(dcf)) t.push(...reps('dcf_fold', line, d0, 0, 24), ...reps('dcf_fold', line, d1, 1, 24));
  t.push(...reps('od450_net', 'g01-shnc', 1.6, 0, 120), ...reps('od450_net', 'g01-shnrf2', 1.0, 0, 120));
  t.push(...reps('doubling_time_h', 'k562', 30, 0, 120));
  t.push(...reps('annexin_pct', 'g01-shnc', 6, 0, 48), ...reps('annexin_pct', 'g01-shnrf2', 8, 0, 48));
  t.push(...reps('annexin_pct', 'g01-shnc', 15, 2, 48), ...reps('annexin_pct', 'g01-shnrf2', 35, 2, 48));
  const ic50 = { k562: 0.25, 'k562-g01': 5, 'g01-shnc': 5, 'g01-shnrf2': 1.5 } as const;
  for (const [line, ic] of Object.entries(ic50)) {
    t.push(...reps('ic50_uM', line, ic, null, 48));
    if (line !== 'k562') t.push(...reps('resistance_index', line, ic / 0.25, null, 48));
    for (const d of [0, 0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16]) t.push(...reps('viability_pct', line, 100 / (1 + (d / ic) ** 2.5), d, 48));
  }
  return t;
}

describe('claims.yaml on a table where the paper is true', () => {
  it('every claim holds', () => {
    const t = paperTable();
    const failed = claims.map((c) => evaluateClaim(c, t)).filter((r) => !r.holds);
    expect(failed.map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
  });

  it('giving K562/G01 the parental Nrf2 level breaks exactly C1, C2 and Q7', () => {
    const t = paperTable(1);
    const failed = claims.filter((c) => !evaluateClaim(c, t).holds).map((c) => c.id);
    expect(failed).toEqual(['C1', 'C2', 'Q7']);
  });
});
