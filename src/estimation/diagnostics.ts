/**
 * Posterior summaries and MCMC convergence diagnostics: R's type-7 quantiles, split-chain R-hat
 * (Gelman et al., BDA3 §11.4) and effective sample size with Geyer's initial monotone sequence.
 */

/** The p-quantile of sorted values, interpolated as R's quantile(type = 7) does. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}

/** Mean, median and central interval of draws. */
export function summarizeDraws(
  draws: ArrayLike<number>,
  level = 0.95,
): { mean: number; median: number; lower: number; upper: number; sd: number } {
  const sorted = Float64Array.from(draws).sort();
  const n = sorted.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i] as number;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((sorted[i] as number) - mean) ** 2;
  const tail = (1 - level) / 2;
  return {
    mean,
    median: quantileSorted(sorted, 0.5),
    lower: quantileSorted(sorted, tail),
    upper: quantileSorted(sorted, 1 - tail),
    sd: Math.sqrt(ss / Math.max(1, n - 1)),
  };
}

/**
 * Split-chain potential scale reduction R-hat: each chain is cut in half, so one chain that
 * drifts shows up too. Values above about 1.01–1.05 mean the chains have not mixed.
 */
export function splitRhat(chains: readonly ArrayLike<number>[]): number {
  const halves = splitHalves(chains);
  const m = halves.length;
  const n = Math.min(...halves.map((h) => h.length));
  if (m < 2 || n < 2) return Number.NaN;
  const means = halves.map((h) => mean(h, n));
  const vars = halves.map((h, i) => variance(h, n, means[i] as number));
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const between = (n / (m - 1)) * means.reduce((a, b) => a + (b - grand) ** 2, 0);
  const within = vars.reduce((a, b) => a + b, 0) / m;
  if (within === 0) return between === 0 ? 1 : Number.POSITIVE_INFINITY;
  const varPlus = ((n - 1) / n) * within + between / n;
  return Math.sqrt(varPlus / within);
}

/**
 * Effective sample size over all chains (BDA3 §11.5): autocorrelations combined across split
 * chains, summed over lag pairs while they stay positive and monotone (Geyer 1992).
 */
export function effectiveSampleSize(chains: readonly ArrayLike<number>[]): number {
  const halves = splitHalves(chains);
  const m = halves.length;
  const n = Math.min(...halves.map((h) => h.length));
  if (m < 1 || n < 4) return Number.NaN;
  const means = halves.map((h) => mean(h, n));
  const vars = halves.map((h, i) => variance(h, n, means[i] as number));
  const within = vars.reduce((a, b) => a + b, 0) / m;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const between = m > 1 ? (n / (m - 1)) * means.reduce((a, b) => a + (b - grand) ** 2, 0) : 0;
  const varPlus = ((n - 1) / n) * within + between / n;
  if (!(varPlus > 0)) return m * n;
  const rho = (t: number) => {
    let acov = 0;
    halves.forEach((h, c) => {
      const mu = means[c] as number;
      let s = 0;
      for (let i = 0; i + t < n; i++) s += ((h[i] as number) - mu) * ((h[i + t] as number) - mu);
      acov += s / n;
    });
    return 1 - (within - acov / m) / varPlus;
  };
  let sum = 0;
  let prevPair = Number.POSITIVE_INFINITY;
  for (let t = 0; t + 1 < n; t += 2) {
    let pair = rho(t) + rho(t + 1);
    if (pair < 0) break;
    pair = Math.min(pair, prevPair); // initial monotone sequence
    prevPair = pair;
    sum += pair;
  }
  const tau = Math.max(-1 + 2 * sum, 1 / Math.log10(m * n));
  return (m * n) / tau;
}

function splitHalves(chains: readonly ArrayLike<number>[]): ArrayLike<number>[] {
  const out: ArrayLike<number>[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    const arr = Array.from(c);
    out.push(arr.slice(0, half), arr.slice(c.length - half));
  }
  return out;
}

function mean(x: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] as number;
  return s / n;
}

function variance(x: ArrayLike<number>, n: number, mu: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += ((x[i] as number) - mu) ** 2;
  return s / (n - 1);
}
