import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/io/load.js';

describe('core model models/nrf2-trxr-ros.yaml', () => {
  const m = loadModel('models/nrf2-trxr-ros.yaml');

  it('declares the species the issue names', () => {
    for (const s of ['Nrf2_mRNA', 'Nrf2', 'TrxR_mRNA', 'TrxR', 'Trx_red', 'Trx_ox', 'H2O2', 'GSH', 'BCR_ABL', 'Caspase']) {
      expect(m.speciesIndex.has(s), s).toBe(true);
    }
    expect(m.parameterIndex.has('knockdown')).toBe(true);
    expect(m.drugs.map((d) => d.name)).toEqual(['imatinib', 'auranofin', 'NAC', 'ML385']);
  });

  it('every parameter has a source', () => {
    for (const p of m.parameters) expect(p.source.length, p.name).toBeGreaterThan(3);
  });

  it('finds total thioredoxin as a conservation law', () => {
    const tr = m.speciesIndex.get('Trx_red')!;
    const to = m.speciesIndex.get('Trx_ox')!;
    const law = m.conservationLaws.find((l) => l.coefficients[tr] !== 0);
    expect(law).toBeDefined();
    expect(law!.coefficients[to]).toBeCloseTo(law!.coefficients[tr]!, 12);
    const nonzero = [...law!.coefficients].filter((c) => c !== 0).length;
    expect(nonzero).toBe(2);
  });

  it('analytic Jacobian matches finite differences at the initial state', () => {
    const y = Float64Array.from(m.initialState);
    const p = Float64Array.from(m.defaultParameters);
    const n = m.nSpecies;
    const jac = new Float64Array(n * n);
    m.jacobian(y, p, jac);
    const fp = new Float64Array(n);
    const fm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const h = 1e-6 * Math.max(Math.abs(y[j]!), 1e-6);
      const yy = Float64Array.from(y);
      yy[j] = y[j]! + h;
      m.rhs(yy, p, fp);
      yy[j] = y[j]! - h;
      m.rhs(yy, p, fm);
      for (let i = 0; i < n; i++) {
        const fd = (fp[i]! - fm[i]!) / (2 * h);
        const an = jac[i * n + j]!;
        expect(Math.abs(an - fd), `J[${m.species[i]!.name}, ${m.species[j]!.name}]`).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(fd), 1) );
      }
    }
  });

  it('marks mass-action reactions', () => {
    const byId = new Map(m.reactions.map((r) => [r.id, r]));
    expect(byId.get('trxr_degradation')!.massAction).toBe(true);
    expect(byId.get('prx_trx_reduction')!.massAction).toBe(false);
    expect(byId.get('nrf2_transcription')!.massAction).toBe(false);
  });
});
