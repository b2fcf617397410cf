/**
 * Draws the posterior of N (a histogram of draws) or a profile likelihood (a curve) as a
 * self-contained SVG string: no scripts, no external fonts, every text escaped, so it can be
 * embedded in a public memorial page as is.
 */
import { quantileSorted } from "./diagnostics.ts";
import type { EstimateSummary } from "./types.ts";

/** What to plot: posterior draws, or relative log-likelihood points, plus the estimate to mark. */
export interface PosteriorPlotInput {
  readonly estimate: EstimateSummary;
  readonly observed: number;
  readonly draws?: ArrayLike<number>;
  /** Profile log-likelihood relative to its maximum, at increasing N. */
  readonly curve?: readonly { readonly n: number; readonly logLik: number }[];
  readonly title?: string;
  /** Interval coverage, for the caption (default 0.95). */
  readonly level?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Escapes text for use in SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "∞");

/**
 * Renders the plot; the interval is shaded, the median drawn as a line, the observed count dashed.
 * @example posteriorSvg({ estimate, observed: 4400, draws, title: "Kosovo 1999" })
 */
export function posteriorSvg(input: PosteriorPlotInput): string {
  const W = input.width ?? 640;
  const H = input.height ?? 360;
  const m = { left: 20, right: 20, top: 48, bottom: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const { estimate } = input;
  const sorted = input.draws ? Float64Array.from(input.draws).sort() : undefined;
  const curve = input.curve ?? [];
  let lo = Math.min(estimate.lower, sorted ? quantileSorted(sorted, 0.002) : (curve[0]?.n ?? estimate.lower));
  let hi = Number.isFinite(estimate.upper) ? estimate.upper : estimate.median * 2;
  hi = Math.max(hi, sorted ? quantileSorted(sorted, 0.998) : estimate.median);
  const pad = (hi - lo) * 0.05 || Math.max(1, hi * 0.05);
  lo = Math.max(0, lo - pad);
  hi += pad;
  const x = (v: number) => m.left + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * pw;
  const y = (f: number) => m.top + ph - f * ph;
  const parts: string[] = [];
  parts.push(
    `<rect x="${x(estimate.lower).toFixed(1)}" y="${m.top}" width="${Math.max(0, x(Number.isFinite(estimate.upper) ? estimate.upper : hi) - x(estimate.lower)).toFixed(1)}" height="${ph}" fill="#dbe7f3"/>`,
  );
  if (sorted && sorted.length > 0) {
    const bins = 50;
    const counts = new Array<number>(bins).fill(0);
    for (const v of sorted) {
      if (v >= lo && v <= hi) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]! += 1;
    }
    const max = Math.max(...counts, 1);
    const bw = pw / bins;
    counts.forEach((c, i) => {
      if (c === 0) return;
      const h = (c / max) * ph;
      parts.push(
        `<rect x="${(m.left + i * bw).toFixed(1)}" y="${(m.top + ph - h).toFixed(1)}" width="${Math.max(0.5, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a6f96"/>`,
      );
    });
  } else if (curve.length > 1) {
    const pts = curve
      .filter((p) => p.n >= lo && p.n <= hi)
      .map((p) => `${x(p.n).toFixed(1)},${y(Math.exp(p.logLik)).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="#4a6f96" stroke-width="2"/>`);
  }
  parts.push(
    `<line x1="${x(estimate.median).toFixed(1)}" x2="${x(estimate.median).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#b03a2e" stroke-width="2"/>`,
  );
  if (input.observed >= lo) {
    parts.push(
      `<line x1="${x(input.observed).toFixed(1)}" x2="${x(input.observed).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#555" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#333"/>`,
  );
  for (const t of niceTicks(lo, hi, 6)) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${m.top + ph}" y2="${m.top + ph + 5}" stroke="#333"/>`,
    );
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle">${escapeXml(fmt(t))}</text>`,
    );
  }
  const level = Math.round((input.level ?? 0.95) * 100);
  const caption = `median ${fmt(estimate.median)} · ${level}% interval ${fmt(estimate.lower)}–${fmt(estimate.upper)} · observed ${fmt(input.observed)} (dashed)`;
  const title =
    input.title ?? (sorted ? "Posterior distribution of the total" : "Profile likelihood of the total");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...parts,
    `<text x="${m.left}" y="${H - 14}">${escapeXml(caption)}</text>`,
    `</svg>`,
  ].join("\n");
}

/** Round tick positions (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
function niceTicks(lo: number, hi: number, target: number): number[] {
  const raw = (hi - lo) / target;
  if (!(raw > 0)) return [lo];
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) out.push(t);
  return out;
}
