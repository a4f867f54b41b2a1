/**
 * Checks that can fail (issue 5): each claim of the virtual paper fails when the mechanism that carries
 * it is removed with `nrf2sim paper --set …`, while the intact model, run at the same size and seed,
 * passes — so a FAIL comes from the missing mechanism, not from a small run. Each group runs only the
 * claims and experiments it needs (a subset of scenarios/paper/claims.yaml, claims copied verbatim),
 * at reduced cells and 2 repeats; claims the removal should not touch are checked to still hold, and
 * the failing claim's effect must move at least halfway to the null (so the FAIL is not noise).
 *
 * | removed mechanism                                   | --set                                    | fails       |
 * |-----------------------------------------------------|------------------------------------------|-------------|
 * | Nrf2 → TXNRD1 transcription (ARE)                   | k_tx_trxr_are=0                          | C3, C4, C5  |
 * | G01's extra Nrf2 (parental level)                   | k_tx_nrf2=6.9                            | C1, C2, C3  |
 * | Nrf2 control of its targets (ARE saturated: TrxR and GSH synthesis maximal at any Nrf2) | K_are=0.0001 | C6 |
 * | Nrf2-driven anabolism (cycle independent of Nrf2)   | n_cycle_nrf2=0                           | C7          |
 * | ROS-driven caspase activation ("ROS harmless")      | k_casp_ros=0                             | C8, C10     |
 * | G01's efflux and bypass survival (parental drug response) | IC50_imatinib_bcrabl, EC50_imatinib_ros, k_surv_alt | C9 |
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCliAsync } from '../cli/run-cli.js';

const CLAIMS = 'scenarios/paper/claims.yaml';
const all = parse(readFileSync(CLAIMS, 'utf8')) as { defaults: unknown; claims: { id: string }[] };
const tmp = mkdtempSync(join(tmpdir(), 'nrf2sim-negative-'));

/** A claims file holding only these claims of the real file, unchanged. */
function subset(ids: readonly string[]): string {
  const path = join(tmp, `${ids.join('-')}.yaml`);
  const claims = all.claims.filter((c) => ids.includes(c.id));
  expect(claims.map((c) => c.id)).toEqual(ids);
  writeFileSync(path, stringify({ defaults: all.defaults, claims }));
  return path;
}

interface Outcome {
  /** Whether each claim holds (robustly over the repeats). */
  readonly holds: Record<string, boolean>;
  /** Each claim's effect in repeat 0 (first check: a ratio, a difference or r). */
  readonly effect: Record<string, number>;
}

/** Run the subset with these overrides. */
async function paper(ids: readonly string[], cells: number, sets: readonly string[] = []): Promise<Outcome> {
  const args = ['paper', '--claims', subset(ids), '--experiments', 'scenarios/experiments', '--seed', '7', '--repeats', '2', '--cells', String(cells), '--workers', '1', '--json'];
  for (const s of sets) args.push('--set', s);
  const r = await runCliAsync(args);
  expect([0, 1], r.stderr).toContain(r.status);
  const out = JSON.parse(r.stdout) as { claims: { id: string; holds: boolean; effect: number | null }[] };
  return {
    holds: Object.fromEntries(out.claims.map((c) => [c.id, c.holds])),
    effect: Object.fromEntries(out.claims.map((c) => [c.id, c.effect ?? NaN])),
  };
}

/**
 * Not only does the claim fail: its effect moves at least halfway to the null (ratio 1, difference
 * 0) or beyond — on a log scale for ratios — so the FAIL is the mechanism's absence, not noise.
 */
function expectTowardNull(id: string, intact: Outcome, broken: Outcome, kind: 'ratio' | 'difference'): void {
  const a = intact.effect[id]!;
  const b = broken.effect[id]!;
  const f = kind === 'ratio' ? Math.log(b) / Math.log(a) : b / a;
  expect(f, `${id}: intact effect ${a}, without the mechanism ${b}`).toBeLessThan(0.5);
}

describe('negative controls: removing a mechanism makes its claims fail', () => {
  it('molecular claims (qPCR, western): TXNRD1 transcription and G01 Nrf2 level carry C1–C5', async () => {
    const ids = ['C1', 'C2', 'C3', 'C4', 'C5'];
    const [intact, noAre, parental] = await Promise.all([
      paper(ids, 300),
      paper(ids, 300, ['k_tx_trxr_are=0']),
      // Without C4's knockdown series: at the parental rate a 90 % knockdown leaves too little Nrf2 to live.
      paper(['C1', 'C2', 'C3'], 300, ['k_tx_nrf2=6.9']),
    ]);
    expect(intact.holds).toEqual({ C1: true, C2: true, C3: true, C4: true, C5: true });
    // Without ARE-driven TXNRD1, TrxR no longer follows Nrf2; Nrf2 itself is unaffected.
    expect(noAre.holds).toEqual({ C1: true, C2: true, C3: false, C4: false, C5: false });
    expectTowardNull('C3', intact, noAre, 'ratio');
    // G01 at the parental transcription rate: no difference to K562; knockdown still works.
    expect(parental.holds).toEqual({ C1: false, C2: false, C3: false });
    for (const id of ['C1', 'C2', 'C3']) expectTowardNull(id, intact, parental, 'ratio');
  }, 120_000);

  it('C6: shNrf2 raises ROS only through Nrf2 control of its ARE targets (TrxR, GSH)', async () => {
    // Both arms cut (k_tx_trxr_are = k_gsh_syn_are = 0) kill every cell; saturating the ARE instead
    // keeps the antioxidants at their maximum whatever the Nrf2 level.
    const [intact, noAre] = await Promise.all([paper(['C6'], 300), paper(['C6'], 300, ['K_are=0.0001'])]);
    expect(intact.holds).toEqual({ C6: true });
    expect(noAre.holds).toEqual({ C6: false });
    expectTowardNull('C6', intact, noAre, 'ratio');
  }, 120_000);

  it('C7: slower proliferation of shNrf2 needs Nrf2-driven anabolism', async () => {
    const [intact, flat] = await Promise.all([paper(['C7'], 200), paper(['C7'], 200, ['n_cycle_nrf2=0'])]);
    expect(intact.holds).toEqual({ C7: true });
    expect(flat.holds).toEqual({ C7: false });
    expectTowardNull('C7', intact, flat, 'difference');
  }, 120_000);

  it('C8: more imatinib-induced apoptosis in shNrf2 needs ROS-driven caspase activation', async () => {
    const [intact, harmless] = await Promise.all([paper(['C8'], 300), paper(['C8'], 300, ['k_casp_ros=0'])]);
    expect(intact.holds).toEqual({ C8: true });
    expect(harmless.holds).toEqual({ C8: false });
    expectTowardNull('C8', intact, harmless, 'difference');
  }, 120_000);

  it('C9, C10 (CCK-8 IC50s): G01 efflux/bypass carries resistance, ROS-driven death carries sensitisation', async () => {
    const ids = ['C9', 'C10'];
    const [intact, harmless, parental] = await Promise.all([
      paper(ids, 150),
      paper(ids, 150, ['k_casp_ros=0']),
      paper(ids, 150, ['IC50_imatinib_bcrabl=0.15', 'EC50_imatinib_ros=0.4', 'k_surv_alt=0']),
    ]);
    expect(intact.holds).toEqual({ C9: true, C10: true });
    expect(harmless.holds).toMatchObject({ C10: false });
    expectTowardNull('C10', intact, harmless, 'ratio');
    expect(parental.holds).toMatchObject({ C9: false });
    expectTowardNull('C9', intact, parental, 'ratio');
  }, 240_000);
});
