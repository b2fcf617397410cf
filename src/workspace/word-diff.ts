/**
 * A word-level difference of two texts, for the side-by-side comparison of versions. Pure and
 * small (no diff package is installed): a longest-common-subsequence over words, with a cap so
 * a very long text costs a bounded amount of work (past it, the texts count as replaced whole).
 */

/** One run of words: in both texts, only in the old one, or only in the new one. */
export interface DiffPart {
  readonly kind: "same" | "removed" | "added";
  readonly text: string;
}

/** Above this many cells (words of A × words of B) the texts are shown as replaced whole. */
const MAX_CELLS = 250_000;

/** Words with the spaces after them kept, so joining the parts gives back each text exactly. */
function words(s: string): string[] {
  return s.match(/\S+\s*|\s+/gu) ?? [];
}

function push(out: DiffPart[], kind: DiffPart["kind"], text: string): void {
  const last = out[out.length - 1];
  if (last?.kind === kind) out[out.length - 1] = { kind, text: last.text + text };
  else out.push({ kind, text });
}

/**
 * The difference from `a` to `b`, word by word: joining the "same" and "removed" parts gives `a`,
 * joining the "same" and "added" parts gives `b`.
 * @example wordDiff("died in 1988", "died in 1367") → same "died in ", removed "1988", added "1367"
 */
export function wordDiff(a: string, b: string): DiffPart[] {
  if (a === b) return a ? [{ kind: "same", text: a }] : [];
  const x = words(a);
  const y = words(b);
  if (x.length * y.length > MAX_CELLS) {
    return [...(a ? [{ kind: "removed" as const, text: a }] : []), ...(b ? [{ kind: "added" as const, text: b }] : [])];
  }
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      push(out, "same", x[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      push(out, "removed", x[i++]!);
    } else {
      push(out, "added", y[j++]!);
    }
  }
  while (i < x.length) push(out, "removed", x[i++]!);
  while (j < y.length) push(out, "added", y[j++]!);
  return out;
}
