/**
 * Seeded randomness for the simulator. Every case draws from its own generator, seeded from the run's seed and the
 * case's name, so a case's story does not depend on what other cases drew before it: the same seed gives the same
 * output, and a case keeps its story when the rates or the horizon of a run change around it.
 */

/** A 32-bit hash of the parts (FNV-1a over their text, then a murmur3 finaliser to spread the bits). */
export function hashOf(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small, fast generator (sfc32) with the draws the simulator needs. Deterministic on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from the parts (e.g. the run's seed, `ticket`, the case number). */
  constructor(...parts: readonly (string | number)[]) {
    this.a = hashOf(...parts, 'a');
    this.b = hashOf(...parts, 'b');
    this.c = hashOf(...parts, 'c');
    this.d = 1;
    // Warm up: the first outputs of sfc32 still show the seed.
    for (let i = 0; i < 12; i += 1) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of the items, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('Rng.pick: no items to pick from');
    return item;
  }

  /** A key of the weights, with probability proportional to its weight (keys in their written order). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    return this.weightedBy(entries, ([, weight]) => weight)[0];
  }

  /** One of the items, with probability proportional to `weightOf(item)`. */
  weightedBy<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += Math.max(0, weightOf(item));
    if (!(total > 0)) throw new RangeError('Rng.weightedBy: the weights add up to nothing');
    let target = this.next() * total;
    for (const item of items) {
      target -= Math.max(0, weightOf(item));
      if (target < 0) return item;
    }
    // Rounding left a sliver: the last item with a weight takes it.
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const item = items[i] as T;
      if (weightOf(item) > 0) return item;
    }
    throw new RangeError('Rng.weightedBy: the weights add up to nothing');
  }

  /** A Poisson-distributed count with mean `lambda` (Knuth below 30, a rounded normal above). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k += 1;
        p *= this.next();
      }
      return k;
    }
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
}
