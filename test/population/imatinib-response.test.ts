/**
 * Acceptance 2 and 3 (issue 3), on wells of 1000 cells (seed 1; the same replicate stream for every
 * condition, so conditions are compared on the same cells):
 * 2. The apoptotic fraction (early + late apoptotic among intact cells, as Annexin V/PI reads it) at
 *    48 h increases with imatinib (0, 0.25, 0.5, 1, 2, 4 µM) for every line — a Cochran–Armitage trend
 *    test per line, and no significant decrease between consecutive doses — and K562/G01 needs a higher
 *    dose than K562 for the same fraction (the dose giving 50 %, interpolated in log dose).
 * 3. Under imatinib (2 µM, where neither line is saturated), g01-shnrf2 has a higher mean ROS (H2O2
 *    of viable cells, Welch t-test on per-cell values) and a higher apoptotic fraction (two-proportion
 *    z-test) than g01-shnc.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { welchTTest } from '../../src/analysis/stats/t-test.js';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { withCommandLine } from '../../src/scenario/resolve.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import { runWells } from '../../src/solve/population/pool.js';
import type { WellJob, WellResult } from '../../src/solve/population/types.js';

const LINES = ['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2'] as const;
const DOSES = [0, 0.25, 0.5, 1, 2, 4];
const CELLS = 1000;

interface Fraction {
  apoptotic: number;
  intact: number;
  p: number;
}

function fractionAt48(r: WellResult): Fraction {
  const k = r.timesH.length - 1;
  const c = r.counts;
  const apoptotic = c.earlyApoptotic[k]! + c.lateApoptotic[k]!;
  const intact = c.viable[k]! + apoptotic + c.necrotic[k]!;
  return { apoptotic, intact, p: apoptotic / intact };
}

/** Cochran–Armitage test for a trend in proportions over ordered doses (scores = dose index). */
function cochranArmitageZ(f: readonly Fraction[]): number {
  const N = f.reduce((s, x) => s + x.intact, 0);
  const R = f.reduce((s, x) => s + x.apoptotic, 0);
  const pbar = R / N;
  let t = 0;
  let s1 = 0;
  let s2 = 0;
  f.forEach((x, i) => {
    t += i * (x.apoptotic - x.intact * pbar);
    s1 += x.intact * i * i;
    s2 += x.intact * i;
  });
  const varT = pbar * (1 - pbar) * (s1 - (s2 * s2) / N);
  return t / Math.sqrt(varT);
}

/** z for p2 − p1 (pooled two-proportion test). */
function twoProportionZ(a: Fraction, b: Fraction): number {
  const p = (a.apoptotic + b.apoptotic) / (a.intact + b.intact);
  const se = Math.sqrt(p * (1 - p) * (1 / a.intact + 1 / b.intact));
  return se > 0 ? (b.p - a.p) / se : b.p > a.p ? Infinity : 0;
}

/** Dose (µM) where the fraction crosses 50 %, linear in log dose between bracketing doses. */
function ed50(f: readonly Fraction[]): number {
  for (let i = 1; i < DOSES.length; i++) {
    if (f[i]!.p >= 0.5) {
      if (i === 1) return DOSES[1]!;
      const [d0, d1] = [Math.log(DOSES[i - 1]!), Math.log(DOSES[i]!)];
      const [p0, p1] = [f[i - 1]!.p, f[i]!.p];
      return Math.exp(d0 + ((0.5 - p0) / (p1 - p0)) * (d1 - d0));
    }
  }
  return Infinity;
}

describe('imatinib response of the four lines at 48 h (population engine)', () => {
  const model = loadModel('models/nrf2-trxr-ros.yaml');
  const results = new Map<string, WellResult>();
  const H2O2 = model.speciesIndex.get('H2O2')!;

  beforeAll(async () => {
    const jobs: WellJob[] = [];
    for (const line of LINES) {
      for (const dose of DOSES) {
        const sc = withCommandLine(loadScenario(`scenarios/cell-lines/${line}.yaml`, model), new Map(), new Map([['imatinib', dose]]));
        const [job] = wellJobs(sc, { seed: 1, cells: CELLS, hours: 48, options: { saveEveryH: 24, snapshotTimesH: [48] } });
        jobs.push({ ...job!, label: `${line}@${dose}` });
      }
    }
    const res = await runWells(jobs, { workers: 2 });
    res.forEach((r) => results.set(r.label, r));
  }, 600_000);

  const fractions = (line: string): Fraction[] => DOSES.map((d) => fractionAt48(results.get(`${line}@${d}`)!));

  for (const line of LINES) {
    it(`${line}: the apoptotic fraction increases with dose`, () => {
      const f = fractions(line);
      const z = cochranArmitageZ(f);
      console.log(`${line}: ${f.map((x, i) => `${DOSES[i]} µM ${(100 * x.p).toFixed(1)} % (n ${x.intact})`).join(', ')}; trend z = ${z.toFixed(1)}`);
      expect(z).toBeGreaterThan(3.29); // p < 0.0005 one-sided
      for (let i = 1; i < f.length; i++) {
        // No significant decrease at the 1 % level (fractions saturate near 100 %).
        expect(twoProportionZ(f[i - 1]!, f[i]!), `${DOSES[i - 1]} → ${DOSES[i]} µM`).toBeGreaterThan(-2.33);
      }
      expect(f[f.length - 1]!.p - f[0]!.p).toBeGreaterThan(0.5);
    });
  }

  it('K562/G01 needs a higher dose than K562 for the same apoptotic fraction', () => {
    const k = ed50(fractions('k562'));
    const g = ed50(fractions('k562-g01'));
    console.log(`dose for 50 % apoptotic at 48 h: K562 ${k.toFixed(2)} µM, K562/G01 ${g.toFixed(2)} µM (ratio ${(g / k).toFixed(1)})`);
    expect(g / k).toBeGreaterThan(2);
    // And at every dose where K562 is not saturated, G01 has the lower fraction.
    const fk = fractions('k562');
    const fg = fractions('k562-g01');
    for (let i = 1; i < DOSES.length; i++) if (fk[i]!.p < 0.99) expect(twoProportionZ(fg[i]!, fk[i]!), `${DOSES[i]} µM`).toBeGreaterThan(2.33);
  });

  it('g01-shnrf2 has higher mean ROS and a higher apoptotic fraction than g01-shnc under 2 µM imatinib', () => {
    const nc = results.get('g01-shnc@2')!;
    const kd = results.get('g01-shnrf2@2')!;
    const ros = (r: WellResult): Float64Array => {
      const s = r.snapshots[0]!;
      const nS = r.species.length;
      const out: number[] = [];
      for (let c = 0; c < s.cells; c++) if (s.stage[c] === 0) out.push(s.states[c * nS + H2O2]! * 1000);
      return Float64Array.from(out);
    };
    const rNc = ros(nc);
    const rKd = ros(kd);
    const t = welchTTest(rKd, rNc);
    const fNc = fractionAt48(nc);
    const fKd = fractionAt48(kd);
    const z = twoProportionZ(fNc, fKd);
    const mean = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;
    console.log(
      `2 µM imatinib, 48 h: H2O2 of viable cells shNC ${mean(rNc).toFixed(3)} vs shNrf2 ${mean(rKd).toFixed(3)} nM (Welch p = ${t.pValue.toExponential(1)}); ` +
        `apoptotic shNC ${(100 * fNc.p).toFixed(1)} % vs shNrf2 ${(100 * fKd.p).toFixed(1)} % (z = ${z.toFixed(1)})`,
    );
    expect(t.difference).toBeGreaterThan(0);
    expect(t.pValue).toBeLessThan(0.001);
    expect(z).toBeGreaterThan(3.09); // p < 0.001 one-sided
    // Without imatinib too, shNrf2 has the higher mean ROS (T5: ± imatinib).
    const meanH2o2 = (r: WellResult): number => r.means[(r.timesH.length - 1) * r.species.length + H2O2]!;
    expect(meanH2o2(results.get('g01-shnrf2@0')!)).toBeGreaterThan(meanH2o2(results.get('g01-shnc@0')!));
  });
});
