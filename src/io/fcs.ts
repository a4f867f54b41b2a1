/**
 * FCS 3.1 list-mode file writer (Spidlen et al. 2010, "Data File Standard for Flow Cytometry,
 * version FCS 3.1", Cytometry A 77:97–100).
 *
 * Layout: HEADER (58 bytes: "FCS3.1", four spaces, then six 8-byte right-justified ASCII offsets —
 * TEXT begin/end, DATA begin/end, ANALYSIS begin/end), TEXT (delimiter-separated keyword/value
 * pairs, starting and ending with the delimiter) from byte 58, then DATA right after TEXT.
 * All offsets are byte offsets from the start of the file; "end" offsets are inclusive (the last
 * byte of the segment). DATA is float32 ($DATATYPE F, $PnB 32, $PnE 0,0), little-endian
 * ($BYTEORD 1,2,3,4), event after event ($MODE L).
 *
 * $BEGINDATA/$ENDDATA sit inside TEXT, whose length depends on how many digits they have: the
 * TEXT is rendered repeatedly until the offsets it states are the offsets it produces (a fixed
 * point reached in ≤ 3 passes). Offsets above 99,999,999 are written as 0 in the HEADER and read
 * from the keywords, as the standard prescribes. Keyword names are written in upper case; a
 * delimiter inside a value is escaped by doubling it; empty values are refused (the standard
 * forbids them).
 *
 * `encodeFcs` is pure (returns bytes); `writeFcsFile` adds the file write.
 */
import { writeAtomic } from './write-atomic.js';

export interface FcsParameter {
  /** $PnN, e.g. "FITC-A". */
  readonly name: string;
  /** $PnS, e.g. "Annexin V-FITC" (optional). */
  readonly stain?: string;
  /** $PnR. */
  readonly range: number;
}

export interface FcsDataset {
  readonly parameters: readonly FcsParameter[];
  readonly eventCount: number;
  /** One column per parameter, each `eventCount` long. */
  readonly data: readonly ArrayLike<number>[];
  /** Written as $SPILLOVER: n, parameter names, then the n × n values row by row. */
  readonly spillover?: { readonly parameters: readonly string[]; readonly values: ArrayLike<number> };
}

/** Extra keywords ($CYT, $DATE, $FIL, $SRC, $BTIM, or custom names without '$'). Required keywords cannot be overridden. */
export type FcsKeywords = Readonly<Record<string, string>>;

const DELIMITER = '|';
const HEADER_BYTES = 58;
const MAX_HEADER_OFFSET = 99_999_999;
const BYTES_PER_VALUE = 4;
const utf8 = new TextEncoder();

/** Keywords the writer sets itself. */
const RESERVED = /^\$(BEGINANALYSIS|ENDANALYSIS|BEGINSTEXT|ENDSTEXT|BEGINDATA|ENDDATA|BYTEORD|DATATYPE|MODE|NEXTDATA|PAR|TOT|SPILLOVER|P\d+[BENRS])$/;

export function encodeFcs(dataset: FcsDataset, extra: FcsKeywords = {}): Uint8Array {
  const { parameters, eventCount } = dataset;
  const nPar = parameters.length;
  if (nPar < 1) throw new RangeError('encodeFcs: need at least one parameter');
  if (!Number.isInteger(eventCount) || eventCount < 0) throw new RangeError(`encodeFcs: eventCount must be an integer >= 0, got ${eventCount}`);
  if (dataset.data.length !== nPar) throw new RangeError(`encodeFcs: ${dataset.data.length} data columns for ${nPar} parameters`);
  dataset.data.forEach((col, j) => {
    if (col.length !== eventCount) throw new RangeError(`encodeFcs: column ${parameters[j]!.name} has ${col.length} values, expected ${eventCount}`);
  });
  const names = new Set<string>();
  for (const p of parameters) {
    if (names.has(p.name)) throw new RangeError(`encodeFcs: duplicate parameter name '${p.name}'`);
    names.add(p.name);
    if (!(p.range > 0)) throw new RangeError(`encodeFcs: $PnR of '${p.name}' must be > 0`);
  }

  const fixed: [string, string][] = [
    ['$BEGINANALYSIS', '0'],
    ['$ENDANALYSIS', '0'],
    ['$BEGINSTEXT', '0'],
    ['$ENDSTEXT', '0'],
    ['$BYTEORD', '1,2,3,4'],
    ['$DATATYPE', 'F'],
    ['$MODE', 'L'],
    ['$NEXTDATA', '0'],
    ['$PAR', String(nPar)],
    ['$TOT', String(eventCount)],
  ];
  parameters.forEach((p, j) => {
    const n = j + 1;
    fixed.push([`$P${n}N`, p.name]);
    if (p.stain !== undefined) fixed.push([`$P${n}S`, p.stain]);
    fixed.push([`$P${n}B`, String(BYTES_PER_VALUE * 8)], [`$P${n}E`, '0,0'], [`$P${n}R`, formatNumber(p.range)]);
  });
  if (dataset.spillover) fixed.push(['$SPILLOVER', spilloverText(dataset.spillover, names)]);
  for (const [k, v] of Object.entries(extra)) {
    const key = k.toUpperCase();
    if (!/^[!-~]+$/.test(key) || key.includes(DELIMITER)) throw new RangeError(`encodeFcs: keyword '${k}' must be printable ASCII without spaces or '${DELIMITER}'`);
    if (RESERVED.test(key)) throw new RangeError(`encodeFcs: keyword '${key}' is set by the writer`);
    if (fixed.some(([f]) => f === key)) throw new RangeError(`encodeFcs: duplicate keyword '${key}'`);
    fixed.push([key, v]);
  }
  const pairs = fixed;
  for (const [k, v] of pairs) if (v.length === 0) throw new RangeError(`encodeFcs: keyword ${k} has an empty value`);

  const dataBytes = eventCount * nPar * BYTES_PER_VALUE;
  // Fixed point of TEXT length ↔ data offsets.
  let begin = 0;
  let end = 0;
  let text: Uint8Array = new Uint8Array(0);
  for (let pass = 0; pass < 10; pass++) {
    text = renderText([...pairs, ['$BEGINDATA', String(begin)], ['$ENDDATA', String(end)]]);
    const nb = dataBytes > 0 ? HEADER_BYTES + text.length : 0;
    const ne = dataBytes > 0 ? nb + dataBytes - 1 : 0;
    if (nb === begin && ne === end) break;
    begin = nb;
    end = ne;
  }
  const textBegin = HEADER_BYTES;
  const textEnd = HEADER_BYTES + text.length - 1;
  if (textEnd > MAX_HEADER_OFFSET) throw new RangeError('encodeFcs: TEXT segment too large for the HEADER');

  const out = new Uint8Array(HEADER_BYTES + text.length + dataBytes);
  const fit = (v: number): number => (v > MAX_HEADER_OFFSET ? 0 : v);
  const header = 'FCS3.1    ' + [textBegin, textEnd, fit(begin), fit(end), 0, 0].map((v) => String(v).padStart(8, ' ')).join('');
  out.set(utf8.encode(header), 0);
  out.set(text, HEADER_BYTES);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let off = begin;
  for (let e = 0; e < eventCount; e++) {
    for (let j = 0; j < nPar; j++) {
      view.setFloat32(off, dataset.data[j]![e]!, true);
      off += BYTES_PER_VALUE;
    }
  }
  return out;
}

/** Encode and write atomically. */
export function writeFcsFile(path: string, dataset: FcsDataset, extra: FcsKeywords = {}): void {
  writeAtomic(path, encodeFcs(dataset, extra));
}

function renderText(pairs: readonly (readonly [string, string])[]): Uint8Array {
  const esc = (s: string): string => s.split(DELIMITER).join(DELIMITER + DELIMITER);
  let s = DELIMITER;
  for (const [k, v] of pairs) s += `${esc(k)}${DELIMITER}${esc(v)}${DELIMITER}`;
  return utf8.encode(s);
}

function spilloverText(sp: NonNullable<FcsDataset['spillover']>, names: ReadonlySet<string>): string {
  const n = sp.parameters.length;
  if (sp.values.length !== n * n) throw new RangeError(`encodeFcs: spillover needs ${n * n} values, got ${sp.values.length}`);
  for (const p of sp.parameters) if (!names.has(p)) throw new RangeError(`encodeFcs: spillover names '${p}', which is not a parameter`);
  return [String(n), ...sp.parameters, ...Array.from(sp.values, formatNumber)].join(',');
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`encodeFcs: non-finite number ${v}`);
  return String(v);
}
