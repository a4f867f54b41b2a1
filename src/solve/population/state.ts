/**
 * A well's cells as struct-of-arrays: one Float64Array per species (µM), one per per-cell parameter
 * multiplier, and the cell-cycle and death bookkeeping. Row c of every array is cell c; cells
 * [0, n) are live (any stage but debris after compaction). The arrays grow geometrically (×1.25) and
 * debris is compacted away in place, keeping the order of the remaining cells.
 *
 * Memory per cell: 8·(nSpecies + nVarying + 3) + 1 bytes (≈ 160 B for the core model with six variable
 * parameters), plus the growth slack.
 */
export class CellPopulation {
  n = 0;
  capacity: number;
  readonly nSpecies: number;
  readonly nVarying: number;
  /** Species concentrations, µM, one array per species. */
  Y: Float64Array[];
  /** Per-cell parameter multipliers (mean 1), one array per varying parameter. */
  M: Float64Array[];
  /** Cell-cycle progress in [0, 1). */
  phase: Float64Array;
  /** Intrinsic cycle speed, 1/h (1 / this cell's cycle duration). */
  cycleRate: Float64Array;
  /** Time (h) of the next stage transition (dying cells). */
  timer: Float64Array;
  /** Stage (STAGE_* of kernel.ts). */
  stage: Uint8Array;

  constructor(nSpecies: number, nVarying: number, capacity: number) {
    this.nSpecies = nSpecies;
    this.nVarying = nVarying;
    this.capacity = Math.max(16, capacity);
    const c = this.capacity;
    this.Y = Array.from({ length: nSpecies }, () => new Float64Array(c));
    this.M = Array.from({ length: nVarying }, () => new Float64Array(c));
    this.phase = new Float64Array(c);
    this.cycleRate = new Float64Array(c);
    this.timer = new Float64Array(c);
    this.stage = new Uint8Array(c);
  }

  /**
   * Make room for at least `needed` cells. Arrays are replaced one at a time, so that at most one old
   * array is alive next to its replacement (peak memory ≈ one array more than the new capacity).
   */
  ensure(needed: number): void {
    if (needed <= this.capacity) return;
    const c = Math.max(needed, Math.ceil(this.capacity * 1.25));
    const n = this.n;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(c);
      b.set(a.subarray(0, n));
      return b;
    };
    for (let i = 0; i < this.Y.length; i++) this.Y[i] = f64(this.Y[i]!);
    for (let k = 0; k < this.M.length; k++) this.M[k] = f64(this.M[k]!);
    this.phase = f64(this.phase);
    this.cycleRate = f64(this.cycleRate);
    this.timer = f64(this.timer);
    const st = new Uint8Array(c);
    st.set(this.stage.subarray(0, n));
    this.stage = st;
    this.capacity = c;
  }

  /** Copy every per-cell field of cell `from` to cell `to`. */
  copyCell(from: number, to: number): void {
    for (let i = 0; i < this.nSpecies; i++) this.Y[i]![to] = this.Y[i]![from]!;
    for (let k = 0; k < this.nVarying; k++) this.M[k]![to] = this.M[k]![from]!;
    this.phase[to] = this.phase[from]!;
    this.cycleRate[to] = this.cycleRate[from]!;
    this.timer[to] = this.timer[from]!;
    this.stage[to] = this.stage[from]!;
  }

  /** Remove the cells whose stage is `remove`, keeping the order of the others. Returns how many were removed. */
  compact(remove: number): number {
    const st = this.stage;
    const n = this.n;
    let first = 0;
    while (first < n && st[first] !== remove) first++;
    if (first === n) return 0;
    // Kept indices from the first removed cell on; array by array (sequential memory access).
    const keep = new Int32Array(n - first);
    let k = 0;
    for (let c = first; c < n; c++) if (st[c] !== remove) keep[k++] = c;
    const move = (a: Float64Array | Uint8Array): void => {
      for (let j = 0; j < k; j++) a[first + j] = a[keep[j]!]!;
    };
    for (const a of this.Y) move(a);
    for (const a of this.M) move(a);
    move(this.phase);
    move(this.cycleRate);
    move(this.timer);
    move(this.stage);
    this.n = first + k;
    return n - this.n;
  }

  /** Bytes held by the arrays. */
  bytes(): number {
    return this.capacity * (8 * (this.nSpecies + this.nVarying + 3) + 1);
  }
}
