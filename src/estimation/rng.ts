/**
 * A small, seedable pseudo-random generator (xoshiro128**, Blackman & Vigna 2018) with the
 * continuous samplers the Gibbs sampler needs. Hand-written rather than a dependency because the
 * estimators must be bit-for-bit reproducible from a seed on every platform Sabt runs on.
 */

/** A seeded random source: uniform doubles in (0, 1) plus normal, gamma and beta variates. */
export interface Rng {
  /** A uniform double in the open interval (0, 1). */
  uniform(): number;
  /** A standard normal variate. */
  normal(): number;
  /** A Gamma(shape, rate 1) variate. */
  gamma(shape: number): number;
  /** The logarithm of a Gamma(shape, 1) variate, accurate even when the variate underflows. */
  logGamma(shape: number): number;
  /** A Beta(a, b) variate. */
  beta(a: number, b: number): number;
}

// SplitMix32 expands one seed into the four state words, so that nearby seeds give unrelated streams.
function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a reproducible generator from an integer seed; `stream` gives independent generators
 * for parallel chains from one seed.
 * @example const rng = createRng(1); rng.gamma(2.5);
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  // Mix the high bits in too, so seeds above 2^32 still differ.
  const mix = splitMix32((seed ^ Math.floor(seed / 4294967296)) >>> 0);
  const streamMix = splitMix32(Math.imul(stream + 1, 0x632be5ab) >>> 0);
  const state = new Int32Array(4);
  for (let i = 0; i < 4; i++) state[i] = mix() ^ streamMix();
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1; // all-zero is a fixed point
  return new Xoshiro128(state);
}

// A class over an Int32Array rather than closures over `let`s: V8 boxes mutable numbers captured
// by closures (and 32-bit unsigned words are not small integers), which tripled the sampler's time.
class Xoshiro128 implements Rng {
  private readonly s: Int32Array;
  private spare = 0;
  private hasSpare = false;

  constructor(state: Int32Array) {
    this.s = state;
  }

  private next(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ t;
    s[3] = rotl(s3, 11);
    return result;
  }

  // 32 random bits, shifted by half a step so that 0 and 1 never occur (log(u) stays finite).
  // The same resolution as R's and GSL's Mersenne Twister uniforms, at half the cost of 53 bits.
  uniform(): number {
    return (this.next() + 0.5) * 2.3283064365386963e-10;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // Marsaglia's polar method: two normals per accepted pair, no trigonometry.
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        this.spare = v * f;
        this.hasSpare = true;
        return u * f;
      }
    }
  }

  // Marsaglia & Tsang (2000) for shape >= 1.
  private gammaAtLeastOne(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape === 1) return -Math.log(this.uniform());
    if (shape > 1) return this.gammaAtLeastOne(shape);
    // Boost small shapes: G(a) = G(a + 1) * U^(1/a).
    return this.gammaAtLeastOne(shape + 1) * Math.pow(this.uniform(), 1 / shape);
  }

  logGamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape >= 1) return Math.log(this.gamma(shape));
    // In log space the boost never underflows, even for shapes like 1e-4 (a near-empty stick).
    return Math.log(this.gammaAtLeastOne(shape + 1)) + Math.log(this.uniform()) / shape;
  }

  beta(a: number, b: number): number {
    // Exact shortcuts for a unit shape: the Gibbs sampler's empty classes draw Beta(1, 1 + m).
    if (a === 1) return b === 1 ? this.uniform() : 1 - Math.pow(this.uniform(), 1 / b);
    if (b === 1) return Math.pow(this.uniform(), 1 / a);
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
