/**
 * A seeded random source (mulberry32: 32-bit state, fast, good enough for picking crops), so that a mining run
 * is reproducible from its seed.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A uniform integer in [low, high) (numpy's randint); `low` when the range is empty. */
  int(low: number, high: number): number;
}

export function createRandom(seed = 1): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(low, high) {
      const lo = Math.ceil(low);
      const hi = Math.ceil(high);
      return hi <= lo ? lo : lo + Math.floor(next() * (hi - lo));
    },
  };
}
