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

  constructor(state: Int32Array) {
    this.s = state;
  }

  private next(): number {
    return this.nextSigned() >>> 0;
  }

  // The same 32 bits as a signed integer.
  private nextSigned(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
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

  // Marsaglia & Tsang's ziggurat (2000): a 32-bit draw and a table lookup almost always, a
  // logarithm or exponential about one call in fifty. The layer is taken from a second draw so
  // that it is independent of the value's bits (Doornik 2005's remark on the original). The fast
  // path is kept this small so that V8 inlines it into the samplers.
  normal(): number {
    const hz = this.nextSigned();
    const iz = this.next() >>> 25;
    if (Math.abs(hz) < ZIG_K[iz]!) return hz * ZIG_W[iz]!;
    return this.normalEdge(hz, iz);
  }

  // Outside a layer's inner rectangle: the wedge test, the base layer's tail, or a new draw.
  private normalEdge(hz: number, iz: number): number {
    for (;;) {
      const x = hz * ZIG_W[iz]!;
      if (Math.abs(hz) < ZIG_K[iz]!) return x;
      if (iz === 0) {
        // The base layer's tail beyond R: Marsaglia's exponential rejection.
        let t: number;
        let y: number;
        do {
          t = -Math.log(this.uniform()) / ZIG_R;
          y = -Math.log(this.uniform());
        } while (y + y < t * t);
        return hz > 0 ? ZIG_R + t : -ZIG_R - t;
      }
      if (ZIG_F[iz]! + this.uniform() * (ZIG_F[iz - 1]! - ZIG_F[iz]!) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextSigned();
      iz = this.next() >>> 25;
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

  // Small so that V8 inlines it: the common case goes straight to Marsaglia & Tsang.
  gamma(shape: number): number {
    return shape > 1 ? this.gammaAtLeastOne(shape) : this.gammaAtMostOne(shape);
  }

  private gammaAtMostOne(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape === 1) return -Math.log(this.uniform());
    // Boost small shapes: G(a) = G(a + 1) * U^(1/a). (exp and log: Math.pow costs as much as four logs.)
    return this.gammaAtLeastOne(shape + 1) * Math.exp(Math.log(this.uniform()) / shape);
  }

  logGamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape >= 1) return Math.log(this.gamma(shape));
    // In log space the boost never underflows, even for shapes like 1e-4 (a near-empty stick).
    return Math.log(this.gammaAtLeastOne(shape + 1)) + Math.log(this.uniform()) / shape;
  }

  beta(a: number, b: number): number {
    // Exact shortcuts for a unit shape, 1 − U^(1/b) and U^(1/a): the Gibbs sampler's classes
    // seen on no list (or on every list) draw Beta(1, 1 + m).
    if (a === 1) return b === 1 ? this.uniform() : -Math.expm1(Math.log(this.uniform()) / b);
    if (b === 1) return Math.exp(Math.log(this.uniform()) / a);
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

// The ziggurat's 128 layers for the normal density (Marsaglia & Tsang 2000, zigset): K are the
// integer thresholds below which a draw is accepted at once, W the scale of each layer, F the
// density at the layers' edges.
const ZIG_R = 3.442619855899;
const ZIG_K = new Float64Array(128);
const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
