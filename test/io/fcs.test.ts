/**
 * FCS 3.1 files read back with an independent reader — npm `fcs` 0.0.7 (M. Conrad), which parses
 * HEADER and TEXT and decodes DATA from the offsets it finds — plus direct checks of every
 * required keyword and offset of the standard (Spidlen et al. 2010, Cytometry A 77:97, Table 3).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { annexinPiStain, DEFAULT_ANNEXIN_PI } from '../../src/assays/flow/annexin-pi.js';
import { acquireEvents, DEFAULT_CYTOMETER } from '../../src/assays/flow/events.js';
import { makeRng } from '../../src/core/rng.js';
import { encodeFcs, type FcsDataset } from '../../src/io/fcs.js';
import { syntheticSample } from '../assays/synthetic-samples.js';

interface FcsReader {
  header: { FCSVersion: string; beginText: number; endText: number; beginData: number; endData: number; beginAnalysis: number; endAnalysis: number };
  text: Record<string, string>;
  dataAsNumbers: number[][];
  meta: { eventCount: number; $PAR: number };
}
const FCS = createRequire(import.meta.url)('fcs') as new (options: object, buffer: Buffer) => FcsReader;
const read = (bytes: Uint8Array): FcsReader => new FCS({ dataFormat: 'asNumber', eventsToRead: -1 }, Buffer.from(bytes));

const REQUIRED = ['$BEGINANALYSIS', '$BEGINDATA', '$BEGINSTEXT', '$BYTEORD', '$DATATYPE', '$ENDANALYSIS', '$ENDDATA', '$ENDSTEXT', '$MODE', '$NEXTDATA', '$PAR', '$TOT'];
const REQUIRED_PER_PARAMETER = ['B', 'E', 'N', 'R'];

function flowSample() {
  const cells = syntheticSample({ count: 12_000, stageFractions: [0.7, 0.1, 0.15, 0.05], seed: 'fcs', relativeVolumeSigma: 0.2 });
  return acquireEvents(cells, annexinPiStain(DEFAULT_ANNEXIN_PI), DEFAULT_CYTOMETER, makeRng('fcs'));
}

describe('FCS 3.1 writer', () => {
  const events = flowSample();
  const bytes = encodeFcs(events, { $CYT: 'nrf2sim virtual cytometer', $FIL: 'g01-shnrf2_imatinib-2uM_48h_rep1.fcs', $DATE: '03-SEP-2019', $SRC: 'G01-shNrf2 + imatinib 2 uM' });
  const f = read(bytes);
  const ascii = Buffer.from(bytes).toString('latin1');

  it('the independent reader sees the right version, channel names, stains and event count', () => {
    expect(f.header.FCSVersion).toBe('FCS3.1');
    expect(f.meta.eventCount).toBe(10_000);
    expect(f.meta.$PAR).toBe(4);
    expect([1, 2, 3, 4].map((n) => f.text[`$P${n}N`])).toEqual(['FSC-A', 'SSC-A', 'FITC-A', 'PE-A']);
    expect(f.text['$P3S']).toBe('Annexin V-FITC');
    expect(f.text['$P4S']).toBe('PI');
    expect(f.text['$P1S']).toBeUndefined();
    expect(f.text['$CYT']).toBe('nrf2sim virtual cytometer');
    expect(f.dataAsNumbers.length).toBe(10_000);
  });

  it('every event value round-trips exactly (float32 in, float32 out)', () => {
    let mismatches = 0;
    for (let e = 0; e < events.eventCount; e++) {
      for (let p = 0; p < 4; p++) if (f.dataAsNumbers[e]![p] !== events.data[p]![e]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('has every required FCS 3.1 keyword, in upper case, with the standard values', () => {
    for (const k of REQUIRED) expect(f.text[k], k).toBeDefined();
    for (let n = 1; n <= 4; n++) for (const x of REQUIRED_PER_PARAMETER) expect(f.text[`$P${n}${x}`], `$P${n}${x}`).toBeDefined();
    for (const k of Object.keys(f.text)) expect(k).toBe(k.toUpperCase());
    expect(f.text['$BYTEORD']).toBe('1,2,3,4');
    expect(f.text['$DATATYPE']).toBe('F');
    expect(f.text['$MODE']).toBe('L');
    expect(f.text['$NEXTDATA']).toBe('0');
    expect(f.text['$TOT']).toBe('10000');
    for (let n = 1; n <= 4; n++) {
      expect(f.text[`$P${n}B`]).toBe('32');
      expect(f.text[`$P${n}E`]).toBe('0,0');
      expect(f.text[`$P${n}R`]).toBe('262144');
    }
    expect(f.text['$BEGINANALYSIS']).toBe('0');
    expect(f.text['$ENDANALYSIS']).toBe('0');
    expect(f.text['$BEGINSTEXT']).toBe('0');
    expect(f.text['$ENDSTEXT']).toBe('0');
  });

  it('HEADER and TEXT offsets are consistent and point at the right bytes', () => {
    expect(ascii.slice(0, 10)).toBe('FCS3.1    ');
    const field = (i: number): string => ascii.slice(10 + 8 * i, 18 + 8 * i);
    for (let i = 0; i < 6; i++) expect(field(i)).toMatch(/^ *\d+$/);
    const [textBegin, textEnd, dataBegin, dataEnd, anaBegin, anaEnd] = [0, 1, 2, 3, 4, 5].map((i) => Number(field(i).trim()));
    expect([textBegin, textEnd, dataBegin, dataEnd, anaBegin, anaEnd]).toEqual([f.header.beginText, f.header.endText, f.header.beginData, f.header.endData, 0, 0]);
    expect(textBegin).toBe(58);
    // TEXT starts and ends with its delimiter; DATA follows immediately.
    const delim = ascii[textBegin];
    expect(ascii[textEnd]).toBe(delim);
    expect(dataBegin).toBe(textEnd + 1);
    // Self-referential keywords state the offsets the file actually has.
    expect(Number(f.text['$BEGINDATA'])).toBe(dataBegin);
    expect(Number(f.text['$ENDDATA'])).toBe(dataEnd);
    expect(dataEnd - dataBegin + 1).toBe(4 * 4 * 10_000);
    expect(bytes.length).toBe(dataEnd + 1);
  });

  it('writes $SPILLOVER as n, names, then the matrix row by row', () => {
    expect(f.text['$SPILLOVER']).toBe('2,FITC-A,PE-A,1,0.22,0.02,1');
  });

  it('keeps offsets right when the TEXT length crosses a digit boundary', () => {
    // Pad a keyword so the TEXT grows byte by byte through 1000 (where $BEGINDATA gains a digit).
    const small: FcsDataset = { parameters: [{ name: 'FSC-A', range: 1024 }], eventCount: 3, data: [Float32Array.of(1, 2, 3)] };
    const base = encodeFcs(small, { NOTE: 'x' }).length - 12;
    const begins = new Set<number>();
    for (let pad = Math.max(1, 1000 - base - 30); pad < 1000 - base + 30; pad++) {
      const b = encodeFcs(small, { NOTE: 'x'.repeat(pad) });
      const r = read(b);
      expect(Number(r.text['$BEGINDATA'])).toBe(r.header.beginData);
      expect(r.header.beginData).toBe(r.header.endText + 1);
      expect(Number(r.text['$ENDDATA'])).toBe(b.length - 1);
      expect(r.dataAsNumbers.map((e) => e[0])).toEqual([1, 2, 3]);
      begins.add(String(r.header.beginData).length);
    }
    expect([...begins].sort()).toEqual([3, 4]);
  });

  it('escapes the delimiter inside values and counts UTF-8 bytes in offsets', () => {
    const ds: FcsDataset = { parameters: [{ name: 'FITC-A', stain: 'DCF', range: 262144 }], eventCount: 2, data: [Float32Array.of(0.5, -7)] };
    const r = read(encodeFcs(ds, { $COM: 'a|b', LOADING: 'β-actin' }));
    expect(r.text['$COM']).toBe('a|b');
    expect(r.text['LOADING']).toBe('β-actin');
    expect(r.dataAsNumbers).toEqual([[0.5], [-7]]);
  });

  it('refuses what the standard forbids', () => {
    const ds: FcsDataset = { parameters: [{ name: 'A', range: 10 }], eventCount: 1, data: [[1]] };
    expect(() => encodeFcs(ds, { $COM: '' })).toThrow(/empty value/);
    expect(() => encodeFcs(ds, { $TOT: '5' })).toThrow(/set by the writer/);
    expect(() => encodeFcs(ds, { 'MY KEY': 'v' })).toThrow(/printable ASCII/);
    expect(() => encodeFcs({ ...ds, data: [[1, 2]] }, {})).toThrow(/has 2 values, expected 1/);
    expect(() => encodeFcs({ ...ds, spillover: { parameters: ['B'], values: [1] } }, {})).toThrow(/not a parameter/);
  });
});
