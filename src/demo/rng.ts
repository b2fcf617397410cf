/**
 * A small seeded PRNG (sfc32) with helpers. Math.random is banned here because the demo must be
 * reproducible: the same seed must give byte-identical lists, articles and archive files.
 */

/** A seeded random source with the few draws the generator needs. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element drawn with the given non-negative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A new shuffled copy of the array. */
  shuffle<T>(items: readonly T[]): T[];
}

// FNV-1a so that named sub-streams ("lists", "articles") are independent of each other: adding
// draws to one part of the generator must not change the output of another.
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates the random stream named `label` for `seed`. */
export function createRng(seed: number, label: string): Rng {
  // splitmix32 spreads the seed and label over all four state words; with a raw label hash in
  // one word, streams for similar labels stayed correlated and lists shared their shuffle order.
  let x = (seed ^ Math.imul(hashLabel(label), 0x9e3779b1)) >>> 0;
  const mix = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix();
  let b = mix() ^ hashLabel(label);
  let c = mix();
  let d = mix();
  const raw = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) raw();
  const rng: Rng = {
    next: raw,
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    chance: (p) => raw() < p,
    pick: (items) => {
      const item = items[Math.floor(raw() * items.length)];
      if (item === undefined) throw new Error("pick from an empty array");
      return item;
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = raw() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error("weighted pick from an empty array");
      return last[0];
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(raw() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
  };
  return rng;
}
