/**
 * Acceptance 1 (issue 6): IC50 falls as the Nrf2 knockdown strengthens, and the knockdown target is
 * reported against the parental line. Fixed seed; the margin was checked over seeds 1–4 of the same
 * design (IC50 ≈ 1.2–1.3 µM at knockdown 0 vs ≈ 0.63–0.67 µM at 0.9, CIs ≥ 0.2 µM apart).
 */
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../cli/run-cli.js';

interface Stat { mean: number; ci95: [number, number]; n: number }
interface Out {
  points: { params: { knockdown: number }; ic50: Stat }[];
  reference: { line: string; values: { ic50: Stat } } | null;
  target: { status: string; value: number | null; referenceIc50: Stat; text: string } | null;
}

describe('knockdown → IC50 (K562/G01 shNrf2)', () => {
  it('IC50 at knockdown 0.9 is below IC50 at 0, with non-overlapping 95% CIs', async () => {
    const r = await runCliAsync(['sweep', 'test/sweep/fixtures/tiny-ic50.yaml', '--param', 'knockdown=0,0.9', '--repeats', '2', '--seed', '3', '--workers', '1', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Out;
    const [none, strong] = out.points.map((p) => p.ic50);
    expect(none!.n).toBe(6);
    expect(strong!.n).toBe(6);
    expect(strong!.ci95[1]).toBeLessThan(none!.ci95[0]);
    expect(strong!.mean / none!.mean).toBeLessThan(0.7);
    expect(out.reference).toBeNull();
  }, 60_000);

  it('a scenario sweep reports the knockdown needed to reach the parental IC50, consistent with its own curve', async () => {
    const r = await runCliAsync(['sweep', 'scenarios/cell-lines/g01-shnrf2.yaml', '--param', 'knockdown=0,0.95', '--cells', '100', '--seed', '2', '--workers', '1', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Out;
    expect(out.reference?.line).toBe('k562');
    const t = out.target!;
    const ref = t.referenceIc50.mean;
    expect(ref).toBe(out.reference!.values.ic50.mean);
    const means = out.points.map((p) => p.ic50.mean);
    expect(means[1]!).toBeLessThan(means[0]!);
    // Whatever the model says, the reported target must agree with the curve it came from.
    if (t.status === 'not-reached') {
      expect(means.every((m) => m > ref)).toBe(true);
      expect(t.value).toBeNull();
      expect(t.text).toMatch(/^no knockdown in 0…0.95 brings/);
    } else if (t.status === 'reached') {
      expect(means[0]!).toBeGreaterThan(ref);
      expect(means[1]!).toBeLessThanOrEqual(ref);
      expect(t.value!).toBeCloseTo((0.95 * (means[0]! - ref)) / (means[0]! - means[1]!), 12);
    } else {
      expect(means[0]!).toBeLessThanOrEqual(ref);
    }
  }, 90_000);
});
