import { describe, expect, it } from 'vitest';
import { annexinOnlyStain, annexinPiStain, DEFAULT_ANNEXIN_PI } from '../../src/assays/flow/annexin-pi.js';
import { invertMatrix } from '../../src/assays/flow/compensation.js';
import { dcfSettingsFromControl, dcfStain, rosFoldChange, summarizeDcf, UNSTAINED } from '../../src/assays/flow/dcf.js';
import { acquireEvents, channel, compensateEvents, DEBRIS_STAGE, DEFAULT_CYTOMETER, FITC, PE, type CytometerSettings } from '../../src/assays/flow/events.js';
import { applyScatterGate, quadrantGatesFromControl, quadrantPercentages, scatterGateFromControl } from '../../src/assays/flow/gating.js';
import { makeRng } from '../../src/core/rng.js';
import { syntheticSample } from './synthetic-samples.js';

describe('acquisition', () => {
  it('records 10,000 events by default, FCS-style channels, stage mix of the sample', () => {
    const s = syntheticSample({ count: 20_000, stageFractions: [0.7, 0.1, 0.15, 0.05], seed: 'acq', relativeVolumeSigma: 0.2 });
    const ev = acquireEvents(s, annexinPiStain(DEFAULT_ANNEXIN_PI), DEFAULT_CYTOMETER, makeRng('acq'));
    expect(ev.eventCount).toBe(10_000);
    expect(ev.parameters.map((p) => p.name)).toEqual(['FSC-A', 'SSC-A', 'FITC-A', 'PE-A']);
    expect(ev.parameters.map((p) => p.stain)).toEqual([undefined, undefined, 'Annexin V-FITC', 'PI']);
    expect(ev.compensated).toBe(false);
    const counts = [0, 0, 0, 0];
    let debris = 0;
    for (const st of ev.truthStage) st === DEBRIS_STAGE ? debris++ : counts[st]!++;
    const cells = ev.eventCount - debris;
    // Binomial tolerance 4·√(p(1−p)/n) on each stage fraction and on the debris fraction.
    [0.7, 0.1, 0.15, 0.05].forEach((p, k) => expect(Math.abs(counts[k]! / cells - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / cells)));
    const pd = DEFAULT_CYTOMETER.debrisFraction;
    expect(Math.abs(debris / ev.eventCount - pd)).toBeLessThan(4 * Math.sqrt((pd * (1 - pd)) / ev.eventCount));
    for (const col of ev.data) expect(Math.max(...col)).toBeLessThan(DEFAULT_CYTOMETER.range);
  });

  it('is bit-for-bit reproducible from its seed', () => {
    const s = syntheticSample({ count: 3000, stageFractions: [0.8, 0.1, 0.1, 0], seed: 'r' });
    const a = acquireEvents(s, annexinPiStain(DEFAULT_ANNEXIN_PI), { ...DEFAULT_CYTOMETER, events: 2000 }, makeRng('same'));
    const b = acquireEvents(s, annexinPiStain(DEFAULT_ANNEXIN_PI), { ...DEFAULT_CYTOMETER, events: 2000 }, makeRng('same'));
    expect(a.data).toEqual(b.data);
  });
});

describe('compensation', () => {
  it('S⁻¹·S = I', () => {
    const S = [1, 0.22, 0.03, 0.02, 1, 0.1, 0.005, 0.3, 1];
    const inv = invertMatrix(S, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += S[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
    }
    expect(() => invertMatrix([1, 1, 1, 1], 2)).toThrow(/singular/);
  });

  it('a FITC-only stain spills 22 % into PE-A raw, and compensation removes it', () => {
    // Without autofluorescence and electronic noise, compensation must be exact up to float32 rounding.
    const quiet: CytometerSettings = { ...DEFAULT_CYTOMETER, events: 2000, autofluorescence: [1e-9, 1e-9], electronicSD: 0, debrisFraction: 0 };
    const s = syntheticSample({ count: 2000, stageFractions: [0, 1, 0, 0], seed: 'comp' });
    const raw = acquireEvents(s, annexinOnlyStain(DEFAULT_ANNEXIN_PI), quiet, makeRng('comp'));
    const comp = compensateEvents(raw);
    const f = channel(raw, FITC);
    const pRaw = channel(raw, PE);
    const pComp = channel(comp, PE);
    let worstSpill = 0;
    let worstResidual = 0;
    for (let e = 0; e < raw.eventCount; e++) {
      worstSpill = Math.max(worstSpill, Math.abs(pRaw[e]! / f[e]! - 0.22));
      worstResidual = Math.max(worstResidual, Math.abs(pComp[e]!) / f[e]!);
    }
    expect(worstSpill).toBeLessThan(1e-6);
    expect(worstResidual).toBeLessThan(1e-6);
    expect(compensateEvents(comp)).toBe(comp);
  });
});

describe('DCF (ROS)', () => {
  it('MFI and median fold change track a 2× ROS difference; voltage set on the control', () => {
    // ROS log-normal, σ 0.3; dye loading σ 0.35 → per-event CV ≈ 0.49. With ~9,700 events the SE of
    // a mean ratio is ≈ 0.49·√(2/9700) ≈ 0.7 %: tolerance 4 SE ≈ 3 %. Background (autofluorescence)
    // is subtracted using the unstained tube.
    const control = syntheticSample({ count: 10_000, seed: 'ctl', logNormal: { H2O2: [0.01, 0.3] } });
    const high = syntheticSample({ count: 10_000, seed: 'hi', logNormal: { H2O2: [0.02, 0.3] } });
    const settings = dcfSettingsFromControl(control);
    expect(settings.referenceROSuM).toBeCloseTo(0.01, 3);
    const rng = makeRng('dcf');
    const stain = dcfStain(settings);
    const gateOn = acquireEvents(control, stain, DEFAULT_CYTOMETER, rng);
    const gate = scatterGateFromControl(gateOn);
    const sum = (ev: ReturnType<typeof acquireEvents>) => summarizeDcf(ev, applyScatterGate(ev, gate));
    const ctl = sum(gateOn);
    const hi = sum(acquireEvents(high, stain, DEFAULT_CYTOMETER, rng));
    const bg = sum(acquireEvents(control, UNSTAINED, DEFAULT_CYTOMETER, rng));
    const fold = rosFoldChange(hi, ctl, bg);
    expect(Math.abs(fold.meanFold - 2)).toBeLessThan(0.06);
    expect(Math.abs(fold.medianFold - 2)).toBeLessThan(0.06);
    expect(Math.abs(ctl.median - bg.median - settings.referenceIntensity) / settings.referenceIntensity).toBeLessThan(0.03);
    expect(ctl.n).toBeGreaterThan(9500);
  });
});

describe('Annexin V / PI', () => {
  it('debris is gated out and quadrant percentages recover the stage mix', () => {
    const stain = annexinPiStain(DEFAULT_ANNEXIN_PI);
    const rng = makeRng('annexin');
    const ctlCells = syntheticSample({ count: 5000, stageFractions: [0.92, 0.04, 0.03, 0.01], seed: 'c', relativeVolumeSigma: 0.2 });
    const trtCells = syntheticSample({ count: 5000, stageFractions: [0.5, 0.25, 0.2, 0.05], seed: 't', relativeVolumeSigma: 0.2 });
    const ctl = compensateEvents(acquireEvents(ctlCells, stain, DEFAULT_CYTOMETER, rng));
    const trt = compensateEvents(acquireEvents(trtCells, stain, DEFAULT_CYTOMETER, rng));
    const scatter = scatterGateFromControl(ctl);
    const gates = quadrantGatesFromControl(ctl, applyScatterGate(ctl, scatter));
    for (const ev of [ctl, trt]) {
      const mask = applyScatterGate(ev, scatter);
      const truth = [0, 0, 0, 0];
      let debrisIn = 0;
      let n = 0;
      for (let e = 0; e < ev.eventCount; e++) {
        if (ev.truthStage[e] === DEBRIS_STAGE) {
          if (mask[e]) debrisIn++;
          continue;
        }
        if (!mask[e]) continue;
        truth[ev.truthStage[e]!]!++;
        n++;
      }
      expect(debrisIn).toBe(0);
      expect(n).toBeGreaterThan(0.99 * ev.truthStage.filter((s) => s !== DEBRIS_STAGE).length);
      const q = quadrantPercentages(ev, gates, mask);
      expect(q.n).toBe(n);
      // Tolerance: binomial 4·SE plus 1.5 points for cells the gates misclassify (stained populations
      // overlap: e.g. ~6 % of early apoptotic cells cross the PI gate with the default stain medians).
      truth.forEach((c, k) => {
        const p = c / n;
        expect(Math.abs(q.percent[k]! - 100 * p)).toBeLessThan(400 * Math.sqrt((p * (1 - p)) / n) + 1.5);
      });
    }
  });

  it('gates need compensated data', () => {
    const ev = acquireEvents(syntheticSample({ count: 100, seed: 'x' }), annexinPiStain(DEFAULT_ANNEXIN_PI), { ...DEFAULT_CYTOMETER, events: 100 }, makeRng('x'));
    expect(() => quadrantGatesFromControl(ev, undefined)).toThrow(/compensate the events first/);
  });
});
