/**
 * A small seeded random source for the demo generator: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, passes PractRand) seeded from a string hash, so the same seed
 * gives the same authority on every machine and Node version. No Math.random anywhere.
 */

/** A deterministic stream of draws. Each draw advances the stream. */
export interface Random {
  /** Uniform in [0, 1). */
  float(): number
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element, uniformly. The list must not be empty. */
  pick<T>(items: readonly T[]): T
  /** One value, with probability proportional to its weight. The table must have a positive total. */
  weighted<T>(table: WeightTable<T>): T
  /** Normal (Box-Muller). */
  normal(mean: number, sd: number): number
  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number
  /** Exponential with the given mean. */
  exponential(mean: number): number
  /** A 32-bit seed for an independent stream (e.g. one per child). */
  fork(): number
}

export type WeightTable<T> = readonly (readonly [value: T, weight: number])[]

/** cyrb128: four 32-bit words from a string, the seed material sfc32 wants. */
function cyrb128(s: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** A 32-bit hash of a string (the first word of cyrb128). */
export function hashString(s: string): number {
  return cyrb128(s)[0]
}

/**
 * sfc32 with the draws built on it. A class because a generator is state plus methods and thousands
 * are made per authority (one per child): prototype methods are shared, where closures would be
 * allocated per stream.
 */
class Sfc32 implements Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: readonly [number, number, number, number]) {
    ;[this.a, this.b, this.c, this.d] = seed
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed: discard them.
    for (let i = 0; i < 12; i++) this.float()
  }

  float(): number {
    this.d = (this.d + 1) | 0
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0
    return (t >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(this.float() * items.length)] as T
  }

  weighted<T>(table: WeightTable<T>): T {
    // Index loops: this runs millions of times per authority and must not allocate.
    let total = 0
    for (let i = 0; i < table.length; i++) total += (table[i] as (typeof table)[number])[1]
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight')
    let r = this.float() * total
    for (let i = 0; i < table.length; i++) {
      const entry = table[i] as (typeof table)[number]
      r -= entry[1]
      if (r < 0) return entry[0]
    }
    return (table[table.length - 1] as (typeof table)[number])[0]
  }

  normal(mean: number, sd: number): number {
    const u = 1 - this.float() // (0, 1]: log(0) never happens
    const v = this.float()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma))
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float())
  }

  fork(): number {
    return Math.floor(this.float() * 4294967296)
  }
}

/** The random stream for a seed; any list of strings and numbers makes a seed ('372', 7, 'child', 12). */
export function createRandom(...seed: (string | number)[]): Random {
  return new Sfc32(cyrb128(seed.join('\u0000')))
}
