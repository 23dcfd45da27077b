/**
 * A small deterministic PRNG (mulberry32) and a string hash (FNV-1a) to seed it. Every random
 * choice of the simulator comes from `rngFor(seed, ...keys)`: one generator per decision, keyed by
 * what it decides (device, module, purpose), so a decision does not depend on the order in which
 * other decisions were made. Same seed, same keys: same numbers.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
};

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
  };
}

export const rngFor = (seed: number | string, ...keys: Array<string | number>): Rng =>
  mulberry32(hashString([String(seed), ...keys.map(String)].join("\u0000")));
