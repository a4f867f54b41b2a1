import seedrandom from 'seedrandom';

/**
 * The one RNG interface of the project. Engines take an `Rng` argument; nothing calls Math.random.
 * Streams are derived by name from a root seed (`deriveSeed(root, 'well', 17)`), so results do not
 * depend on scheduling order or worker count.
 */
export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
}

/** A fast seeded generator (seedrandom's Alea: ~150 M draws/s, vs ~31 M/s for ARC4). */
export function makeRng(seed: string | number): Rng {
  const prng = seedrandom.alea(String(seed));
  return { next: () => prng() };
}

/** Derive a child seed string for a named stream; pure and order-independent. */
export function deriveSeed(root: string | number, ...path: (string | number)[]): string {
  return [String(root), ...path.map(String)].join(':');
}
