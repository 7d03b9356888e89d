// The seeded pseudo-random source for the demo dataset. Every draw comes from here, never from
// Math.random, so a seed and scale always give the same data.

/** 32-bit string hash (cyrb53 folded to 32 bits): turns a stream label into seed material. */
function hashLabel(label: string, salt: number): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < label.length; i++) {
    const ch = label.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * sfc32: small, fast and well distributed; plenty for synthetic data. Each domain draws from its
 * own forked stream, so adding a draw in one domain does not shift the data of the others.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(
    private readonly seed: number,
    private readonly label = "root",
  ) {
    this.a = hashLabel(label, seed >>> 0);
    this.b = hashLabel(label, (seed ^ 0x9e3779b9) >>> 0);
    this.c = hashLabel(label, (seed + 0x6d2b79f5) >>> 0);
    this.d = 1;
    // discard the first outputs: sfc32 needs a few rounds to mix a fresh state
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent stream for a named purpose, stable whatever the parent has drawn. */
  fork(label: string): Random {
    return new Random(this.seed, `${this.label}/${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** uniform integer in [min, max], both inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** uniform real in [min, max) */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** picks by relative weight; `weights[i]` belongs to `items[i]` */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** picks from `[value, weight]` pairs */
  choose<T>(table: readonly (readonly [T, number])[]): T {
    return this.weighted(
      table.map((e) => e[0]),
      table.map((e) => e[1]),
    );
  }

  /** standard normal (Box–Muller, keeping the second value for the next call) */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** log-normal with the given median and log-space spread, clamped to [min, max] */
  logNormal(median: number, sigma: number, min = 0, max = Infinity): number {
    const v = median * Math.exp(sigma * this.normal());
    return Math.min(max, Math.max(min, v));
  }

  /** k distinct items (partial Fisher–Yates on a copy) */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * Draws indexes in proportion to fixed weights in O(log n) per draw; used where thousands of
 * loans or guarantees pick among thousands of enterprises.
 */
export class WeightedIndex {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += Math.max(0, weights[i]!);
      this.cumulative[i] = total;
    }
    if (total <= 0) throw new Error("WeightedIndex needs a positive weight");
  }

  draw(rng: Random): number {
    const c = this.cumulative;
    const x = rng.next() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
