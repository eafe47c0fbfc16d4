// A small seeded generator (sfc32) whose whole state is four 32-bit words, so a checkpoint can store it and a
// resumed run draws the same numbers as an uninterrupted one. Math.random cannot be seeded.

export type RandomState = [number, number, number, number];

export class Random {
  private s: Uint32Array;

  constructor(seedOrState: number | RandomState) {
    if (typeof seedOrState === 'number') {
      // splitmix32 spreads a small integer seed over the four words.
      let x = seedOrState >>> 0;
      const next = (): number => {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
      };
      this.s = Uint32Array.of(next(), next(), next(), next());
      for (let i = 0; i < 12; i++) this.uint32();
    } else {
      this.s = Uint32Array.from(seedOrState);
    }
  }

  get state(): RandomState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }

  uint32(): number {
    const s = this.s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * A uniform integer: in [0, n) for `int(n)`; in [low, high) for `int(low, high)` (numpy's randint, both ends
   * rounded up; `low` when the range is empty).
   */
  int(low: number, high?: number): number {
    if (high === undefined) return Math.floor(this.next() * low);
    const lo = Math.ceil(low);
    const hi = Math.ceil(high);
    return hi <= lo ? lo : lo + Math.floor(this.next() * (hi - lo));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates, in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

/** A generator seeded with `seed` (mining's reproducible crops). */
export function createRandom(seed = 1): Random {
  return new Random(seed);
}
