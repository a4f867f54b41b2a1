/**
 * Units as metadata: every species and parameter declares one, values are converted once at compile
 * time, and rate laws are checked dimensionally (STYLE §6 rule 6). Three base dimensions —
 * [amount, length, time] — are enough for a well-mixed reaction network: concentration is
 * amount·length⁻³, volume length³.
 *
 * Internal units are µmol, dm and h, so volume is L and concentration µM, the units every engine
 * works in (see `CompiledModel`). A `Unit` is its dimension vector plus the factor that converts a
 * value written in it to internal units: `value_internal = value * factor`.
 *
 * Grammar (one unit expression, whitespace allowed around operators):
 * ```
 * unit     := term (('*' | '/') term)*          left-associative: a/b/c = (a/b)/c
 * term     := primary ('^' exponent)?
 * primary  := atom | '1' | '(' unit ')'
 * exponent := '-'? number | '(' '-'? number ')'   integer or decimal, e.g. h^-1, um^3, s^0.5
 * ```
 * Juxtaposition (`uM h`) is rejected: products need an explicit `*`.
 */

/** Exponents of [amount, length, time]. */
export type Dims = readonly [number, number, number];

export interface Unit {
  readonly dims: Dims;
  /** Multiplies a value in this unit to give it in internal units (µmol, dm, h; so µM, L). */
  readonly factor: number;
}

/** Avogadro's number, 1/mol (exact, SI 2019). Duplicated from model/types to keep core dependency-free. */
const AVOGADRO = 6.02214076e23;

const AMOUNT_DIMS: Dims = [1, 0, 0];
const LENGTH_DIMS: Dims = [0, 1, 0];
const TIME_DIMS: Dims = [0, 0, 1];
const CONC_DIMS: Dims = [1, -3, 0];
const VOLUME_DIMS: Dims = [0, 3, 0];
const NO_DIMS: Dims = [0, 0, 0];

function atom(dims: Dims, factor: number): Unit {
  return { dims, factor };
}

/**
 * Accepted unit atoms. Both micro signs (U+00B5 and Greek U+03BC) are accepted alongside `u`.
 * Case matters: `M` is molar, `m` metre; `mM` millimolar, `mm` millimetre.
 */
const ATOMS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  ['mol', atom(AMOUNT_DIMS, 1e6)],
  ['mmol', atom(AMOUNT_DIMS, 1e3)],
  ['umol', atom(AMOUNT_DIMS, 1)],
  ['µmol', atom(AMOUNT_DIMS, 1)],
  ['μmol', atom(AMOUNT_DIMS, 1)],
  ['nmol', atom(AMOUNT_DIMS, 1e-3)],
  ['pmol', atom(AMOUNT_DIMS, 1e-6)],
  ['molecules', atom(AMOUNT_DIMS, 1e6 / AVOGADRO)],
  ['molecule', atom(AMOUNT_DIMS, 1e6 / AVOGADRO)],
  ['M', atom(CONC_DIMS, 1e6)],
  ['mM', atom(CONC_DIMS, 1e3)],
  ['uM', atom(CONC_DIMS, 1)],
  ['µM', atom(CONC_DIMS, 1)],
  ['μM', atom(CONC_DIMS, 1)],
  ['nM', atom(CONC_DIMS, 1e-3)],
  ['pM', atom(CONC_DIMS, 1e-6)],
  ['L', atom(VOLUME_DIMS, 1)],
  ['mL', atom(VOLUME_DIMS, 1e-3)],
  ['uL', atom(VOLUME_DIMS, 1e-6)],
  ['µL', atom(VOLUME_DIMS, 1e-6)],
  ['μL', atom(VOLUME_DIMS, 1e-6)],
  ['nL', atom(VOLUME_DIMS, 1e-9)],
  ['pL', atom(VOLUME_DIMS, 1e-12)],
  ['fL', atom(VOLUME_DIMS, 1e-15)],
  ['m', atom(LENGTH_DIMS, 10)],
  ['mm', atom(LENGTH_DIMS, 1e-2)],
  ['um', atom(LENGTH_DIMS, 1e-5)],
  ['µm', atom(LENGTH_DIMS, 1e-5)],
  ['μm', atom(LENGTH_DIMS, 1e-5)],
  ['nm', atom(LENGTH_DIMS, 1e-8)],
  ['h', atom(TIME_DIMS, 1)],
  ['hr', atom(TIME_DIMS, 1)],
  ['min', atom(TIME_DIMS, 1 / 60)],
  ['s', atom(TIME_DIMS, 1 / 3600)],
  ['d', atom(TIME_DIMS, 24)],
  ['day', atom(TIME_DIMS, 24)],
  ['dimensionless', atom(NO_DIMS, 1)],
]);

/** Names accepted by `parseUnit` (plus the literal `1`), in the order listed in error messages. */
export const UNIT_ATOMS: readonly string[] = [...ATOMS.keys(), '1'];

/** A unit string that does not parse. `column` is 1-based within the unit text. */
export class UnitSyntaxError extends Error {
  readonly column: number;
  /** The message without the position, for callers that report position themselves. */
  readonly problem: string;

  constructor(problem: string, column: number, hint?: string) {
    super(`${problem} at column ${column}${hint === undefined ? '' : `; ${hint}`}`);
    this.name = 'UnitSyntaxError';
    this.column = column;
    this.problem = hint === undefined ? problem : `${problem}; ${hint}`;
  }
}

/*
 * Dimension constants (exponents of [amount, length, time]) for what the model compiler checks
 * against; each is also the dimension of the matching internal unit named in its comment.
 */
export const DIMENSIONLESS: Dims = NO_DIMS;
/** Concentration, internal unit µM. */
export const CONCENTRATION: Dims = CONC_DIMS;
/** Amount, internal unit µmol. */
export const AMOUNT: Dims = AMOUNT_DIMS;
/** Volume, internal unit L. */
export const VOLUME: Dims = VOLUME_DIMS;
/** Time, internal unit h. */
export const TIME: Dims = TIME_DIMS;
/** A reaction rate, internal unit µM/h. */
export const CONC_PER_TIME: Dims = [1, -3, -1];
/** An amount flux, internal unit µmol/h. */
export const AMOUNT_PER_TIME: Dims = [1, 0, -1];
/** A first-order rate constant, internal unit 1/h. */
export const PER_TIME: Dims = [0, 0, -1];

/** The unit `1`. */
const ONE: Unit = atom(NO_DIMS, 1);

export function mulUnits(a: Unit, b: Unit): Unit {
  return { dims: [a.dims[0] + b.dims[0], a.dims[1] + b.dims[1], a.dims[2] + b.dims[2]], factor: a.factor * b.factor };
}

export function divUnits(a: Unit, b: Unit): Unit {
  return { dims: [a.dims[0] - b.dims[0], a.dims[1] - b.dims[1], a.dims[2] - b.dims[2]], factor: a.factor / b.factor };
}

export function powUnit(a: Unit, exponent: number): Unit {
  return { dims: scaleDims(a.dims, exponent), factor: Math.pow(a.factor, exponent) };
}

export function scaleDims(d: Dims, k: number): Dims {
  return [d[0] * k, d[1] * k, d[2] * k];
}

export function addDims(a: Dims, b: Dims): Dims {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function subDims(a: Dims, b: Dims): Dims {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function dimsOf(x: Dims | Unit): Dims {
  return Array.isArray(x) ? (x as Dims) : (x as Unit).dims;
}

/** Dimension equality, tolerant of the rounding that decimal exponents (s^0.5) can introduce. */
export function sameDims(a: Dims | Unit, b: Dims | Unit): boolean {
  const da = dimsOf(a);
  const db = dimsOf(b);
  return Math.abs(da[0] - db[0]) < 1e-9 && Math.abs(da[1] - db[1]) < 1e-9 && Math.abs(da[2] - db[2]) < 1e-9;
}

export function isDimensionless(a: Dims | Unit): boolean {
  return sameDims(a, NO_DIMS);
}

/**
 * Readable name of a dimension with its internal unit, for error messages:
 * `concentration/time (µM/h)`, `1/(concentration·time) (1/(µM·h))`, `dimensionless`.
 * Amount is expressed through concentration whenever the length exponent allows (a = −l/3), since
 * that is how rate laws are written; otherwise amount, volume (length multiple of 3) or length.
 */
export function formatDims(x: Dims | Unit): string {
  const d = dimsOf(x).map(cleanExponent) as unknown as Dims;
  const [a, l, t] = d;
  if (a === 0 && l === 0 && t === 0) return 'dimensionless';
  const parts: [string, string, number][] = [];
  const rest = l + 3 * a;
  if (a !== 0 && cleanExponent(rest) === 0) {
    parts.push(['concentration', 'µM', a]);
  } else {
    if (a !== 0) parts.push(['amount', 'µmol', a]);
    if (l !== 0 && Number.isInteger(l / 3)) parts.push(['volume', 'L', l / 3]);
    else if (l !== 0) parts.push(['length', 'dm', l]);
  }
  if (t !== 0) parts.push(['time', 'h', t]);
  const names = fraction(parts.map(([n, , e]) => [n, e] as const));
  const units = fraction(parts.map(([, u, e]) => [u, e] as const));
  return `${names} (${units})`;
}

function cleanExponent(e: number): number {
  const r = Math.round(e * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

/** `[['µM',1],['h',-1]]` → `µM/h`; several denominator factors are parenthesised. */
function fraction(parts: readonly (readonly [string, number])[]): string {
  const power = (name: string, e: number): string => (e === 1 ? name : `${name}^${e}`);
  const num = parts.filter(([, e]) => e > 0).map(([n, e]) => power(n, e));
  const den = parts.filter(([, e]) => e < 0).map(([n, e]) => power(n, -e));
  const top = num.length === 0 ? '1' : num.join('·');
  if (den.length === 0) return top;
  return den.length === 1 ? `${top}/${den[0]}` : `${top}/(${den.join('·')})`;
}

/** Parse a unit expression such as `1/(uM*s)`, `nM`, `h^-1`, `um^3`. Throws `UnitSyntaxError`. */
export function parseUnit(text: string): Unit {
  return new UnitParser(text).parseAll();
}

const ATOM_CHAR = /[A-Za-zµμ]/;

/** Recursive-descent parser over the raw string; positions are 0-based, reported 1-based. */
class UnitParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseAll(): Unit {
    this.skipSpace();
    if (this.pos >= this.text.length) throw new UnitSyntaxError('empty unit (write "dimensionless" or "1")', 1);
    const u = this.parseProduct();
    this.skipSpace();
    if (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      const hint = ATOM_CHAR.test(c) ? 'write products with an explicit "*"' : 'expected "*", "/" or "^"';
      throw new UnitSyntaxError(`unexpected '${c}'`, this.pos + 1, hint);
    }
    return u;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private parseProduct(): Unit {
    let u = this.parseTerm();
    for (;;) {
      const c = this.peek();
      if (c !== '*' && c !== '/') return u;
      this.pos++;
      const rhs = this.parseTerm();
      u = c === '*' ? mulUnits(u, rhs) : divUnits(u, rhs);
    }
  }

  private parseTerm(): Unit {
    const base = this.parsePrimary();
    if (this.peek() !== '^') return base;
    this.pos++;
    return powUnit(base, this.parseExponent());
  }

  private parseExponent(): number {
    const paren = this.peek() === '(';
    if (paren) this.pos++;
    this.skipSpace();
    const m = /^-?\s*(\d+(\.\d+)?|\.\d+)/.exec(this.text.slice(this.pos));
    if (!m) throw new UnitSyntaxError('expected a number after "^" (e.g. h^-1, um^3)', this.pos + 1);
    const value = Number(m[0].replace(/\s+/g, ''));
    this.pos += m[0].length;
    if (paren) this.expectClose();
    return value;
  }

  private expectClose(): void {
    if (this.peek() !== ')') {
      throw new UnitSyntaxError(this.pos >= this.text.length ? "missing ')'" : `expected ')' but found '${this.text[this.pos]}'`, this.pos + 1);
    }
    this.pos++;
  }

  private parsePrimary(): Unit {
    const c = this.peek();
    const start = this.pos;
    if (c === undefined) throw new UnitSyntaxError('unit ends where a unit name was expected', start + 1);
    if (c === '(') {
      this.pos++;
      const inner = this.parseProduct();
      this.expectClose();
      return inner;
    }
    if (c === '1' && !/[\d.]/.test(this.text[this.pos + 1] ?? '')) {
      this.pos++;
      return ONE;
    }
    if (!ATOM_CHAR.test(c)) {
      throw new UnitSyntaxError(`unexpected '${c}' where a unit name was expected`, start + 1, `the only number allowed is 1 (as in 1/h); accepted names: ${UNIT_ATOMS.join(', ')}`);
    }
    let end = this.pos;
    while (end < this.text.length && ATOM_CHAR.test(this.text[end]!)) end++;
    const name = this.text.slice(this.pos, end);
    const unit = ATOMS.get(name);
    if (!unit) {
      throw new UnitSyntaxError(`unknown unit '${name}'`, start + 1, `accepted: ${UNIT_ATOMS.join(', ')}`);
    }
    this.pos = end;
    return unit;
  }
}
