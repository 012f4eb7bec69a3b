/**
 * Seeded pseudo-random numbers, so every record can be generated on demand from (seed, index)
 * without generating the records before it.
 */

/** Mixes 32-bit integers into one well-spread 32-bit hash (the MurmurHash3 finalizer per step). */
export function hashIntegers(...values: number[]): number {
  let hash = 0x9e3779b9;

  for (const value of values) {
    hash = Math.imul(hash ^ (value >>> 0), 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;

    // Indexes above 2^32 (none today) would otherwise collide with their low 32 bits.
    hash ^= Math.floor(value / 0x100000000);
  }

  return hash >>> 0;
}

/** A small, fast generator (mulberry32) whose stream is fixed by its keys. */
export class Random {
  private state: number;

  constructor(...keys: number[]) {
    this.state = hashIntegers(...keys);
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** Returns an integer in [0, bound). */
  integer(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Returns an integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.integer(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.integer(items.length)];
  }

  /** Picks one key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;

    for (const [key, weight] of entries) {
      point -= weight;
      if (point < 0) {
        return key;
      }
    }

    return entries[entries.length - 1][0];
  }
}
