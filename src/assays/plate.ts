/**
 * 96-well plate layouts for endpoint assays (CCK-8). One read time per plate (CCK-8 is an endpoint
 * assay: each time point of a proliferation curve needs its own wells); each plate carries its own
 * blank wells (medium + reagent, no cells), and all conditions of one cell line at one time sit on
 * one plate, so a line's doses are normalised to controls and blanks read on the same plate.
 * Optionally the 36 outer wells are left out (filled with PBS in practice) because evaporation
 * biases them (the "edge effect").
 */

export const PLATE_ROWS = 8;
export const PLATE_COLUMNS = 12;
const ROW_LETTERS = 'ABCDEFGH';

/** One treatment condition of one line. Dose 0 is the untreated (vehicle) control. */
export interface PlateCondition {
  readonly line: string;
  readonly doseUM: number;
  /** Time from treatment start to reagent addition, h. */
  readonly timeH: number;
}

export interface PlateSpec {
  readonly conditions: readonly PlateCondition[];
  /** Wells per condition. */
  readonly replicates: number;
  /** Blank wells (medium + reagent) per plate. */
  readonly blanksPerPlate: number;
  /** Leave the outer ring of wells unused (default true). */
  readonly avoidEdgeWells?: boolean;
}

export interface PlateWell {
  /** 0-based plate index. */
  readonly plate: number;
  /** Well name, e.g. "B03". */
  readonly well: string;
  readonly row: number;
  readonly column: number;
  readonly role: 'blank' | 'cells';
  /** Read time of the plate, h. */
  readonly timeH: number;
  /** Set for role 'cells'. */
  readonly condition?: PlateCondition;
  /** 1-based replicate index within the condition (blanks: index among the plate's blanks). */
  readonly replicate: number;
}

export interface PlateLayout {
  readonly plates: readonly { readonly index: number; readonly timeH: number; readonly wells: readonly PlateWell[] }[];
}

export function wellName(row: number, column: number): string {
  return `${ROW_LETTERS[row]}${String(column + 1).padStart(2, '0')}`;
}

/** Usable wells in row-major order. */
function usableWells(avoidEdges: boolean): { row: number; column: number }[] {
  const out: { row: number; column: number }[] = [];
  for (let r = 0; r < PLATE_ROWS; r++) {
    for (let c = 0; c < PLATE_COLUMNS; c++) {
      if (avoidEdges && (r === 0 || r === PLATE_ROWS - 1 || c === 0 || c === PLATE_COLUMNS - 1)) continue;
      out.push({ row: r, column: c });
    }
  }
  return out;
}

/**
 * Lay out plates: conditions are grouped by read time, then by line (in first-appearance order);
 * each (time, line) block of conditions × replicates is placed whole on the current plate after
 * its blanks, starting a new plate when it does not fit. Throws a RangeError when one block is
 * larger than a plate.
 */
export function layoutPlates(spec: PlateSpec): PlateLayout {
  const avoidEdges = spec.avoidEdgeWells ?? true;
  if (!Number.isInteger(spec.replicates) || spec.replicates < 1) throw new RangeError(`layoutPlates: replicates must be an integer >= 1, got ${spec.replicates}`);
  if (!Number.isInteger(spec.blanksPerPlate) || spec.blanksPerPlate < 1) throw new RangeError(`layoutPlates: blanksPerPlate must be an integer >= 1, got ${spec.blanksPerPlate}`);
  const slots = usableWells(avoidEdges);
  const capacity = slots.length - spec.blanksPerPlate;
  const times = [...new Set(spec.conditions.map((c) => c.timeH))];
  const plates: { index: number; timeH: number; wells: PlateWell[] }[] = [];
  for (const timeH of times) {
    const atTime = spec.conditions.filter((c) => c.timeH === timeH);
    const lines = [...new Set(atTime.map((c) => c.line))];
    let current: { index: number; timeH: number; wells: PlateWell[] } | undefined;
    let next = 0;
    const openPlate = (): { index: number; timeH: number; wells: PlateWell[] } => {
      const p = { index: plates.length, timeH, wells: [] as PlateWell[] };
      plates.push(p);
      for (let b = 0; b < spec.blanksPerPlate; b++) {
        const s = slots[b]!;
        p.wells.push({ plate: p.index, well: wellName(s.row, s.column), row: s.row, column: s.column, role: 'blank', timeH, replicate: b + 1 });
      }
      next = spec.blanksPerPlate;
      return p;
    };
    for (const line of lines) {
      const block = atTime.filter((c) => c.line === line);
      const need = block.length * spec.replicates;
      if (need > capacity) {
        throw new RangeError(
          `layoutPlates: line '${line}' at ${timeH} h needs ${need} wells but a plate has ${capacity} after ${spec.blanksPerPlate} blanks` +
            (avoidEdges ? ' (edge wells unused)' : ''),
        );
      }
      if (!current || next + need > slots.length) current = openPlate();
      for (const condition of block) {
        for (let rep = 1; rep <= spec.replicates; rep++) {
          const s = slots[next++]!;
          current.wells.push({ plate: current.index, well: wellName(s.row, s.column), row: s.row, column: s.column, role: 'cells', timeH, condition, replicate: rep });
        }
      }
    }
  }
  return { plates };
}
