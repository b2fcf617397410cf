/**
 * Special functions: log-gamma and log-factorial. Written here because JavaScript's Math has no
 * lgamma and the samplers call it in their inner loops.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The natural logarithm of the gamma function for x > 0 (Lanczos, about 15 significant digits). */
export function logGammaFn(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGammaFn(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

// A lazily grown table: the binomial and Poisson samplers look up log(k!) for k up to the
// population size on every draw, and a lookup is several times cheaper than Stirling's series.
const TABLE_LIMIT = 1 << 20;
let table = new Float64Array(1024);
let filled = 1; // table[0] = log(0!) = 0

function grow(k: number): void {
  if (k >= table.length) {
    const next = new Float64Array(Math.min(TABLE_LIMIT, Math.max(2 * table.length, k + 1)));
    next.set(table.subarray(0, filled));
    table = next;
  }
  for (let i = filled; i <= k; i++) table[i] = table[i - 1]! + Math.log(i);
  filled = k + 1;
}

/**
 * log(k!) for a non-negative integer k: a table up to 2^20, Stirling's series beyond; other
 * arguments fall back to log Γ(k + 1) and never touch the table.
 */
export function logFactorial(k: number): number {
  // A fractional k once advanced the table's fill mark to a fraction and left zeros behind,
  // silently corrupting every later sampler in the process: keep non-integers out.
  if (!Number.isInteger(k) || k < 0) return logGammaFn(k + 1);
  if (k < filled) return table[k]!;
  if (k < TABLE_LIMIT) {
    grow(k);
    return table[k]!;
  }
  // Stirling with three correction terms: error below 1e-15 this far out.
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}
