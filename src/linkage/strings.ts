/** String similarity measures used by the comparison levels. */

/**
 * Jaro-Winkler similarity in [0, 1], with the usual prefix scale 0.1 over up to 4 characters.
 * @example jaroWinkler("martha", "marhta") // ≈ 0.961
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // The textbook window is 0 for strings of ≤ 3 characters, which makes "mr" and "mir" share only
  // one character; name keys are that short, so the window is at least 1.
  const window = Math.max(1, Math.floor(Math.max(la, lb) / 2) - 1);
  // Bit masks keep this allocation-free for names (≤ 32 characters); longer strings fall back.
  if (la > 32 || lb > 32) return jaroWinklerLong(a, b, window);
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if ((matchedB & (1 << j)) === 0 && b.charCodeAt(j) === ca) {
        matchedA |= 1 << i;
        matchedB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if ((matchedA & (1 << i)) === 0) continue;
    while ((matchedB & (1 << j)) === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) t++;
    j++;
  }
  return winkler(a, b, (matches / la + matches / lb + (matches - t / 2) / matches) / 3);
}

function winkler(a: string, b: string, jaro: number): number {
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

function jaroWinklerLong(a: string, b: string, window: number): number {
  const usedB = new Uint8Array(b.length);
  const matchedA: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (usedB[j] === 0 && b[j] === a[i]) {
        usedB[j] = 1;
        matchedA.push(i);
        break;
      }
    }
  }
  const m = matchedA.length;
  if (m === 0) return 0;
  let t = 0;
  let j = 0;
  for (const i of matchedA) {
    while (usedB[j] === 0) j++;
    if (a[i] !== b[j]) t++;
    j++;
  }
  return winkler(a, b, (m / a.length + m / b.length + (m - t / 2) / m) / 3);
}

/**
 * Levenshtein distance, stopping early once it must exceed `max` (returns max + 1 then).
 * @example levenshtein("1234", "1243", 2) === 2
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two reused rows: pair comparison calls this millions of times, so it must not allocate.
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 2);
    rowB = new Int32Array(b.length * 2 + 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * True when a and b differ by at most one insertion, deletion or substitution; linear time and
 * allocation-free, for the hot path of pair comparison.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la < lb) return withinOneEdit(b, a);
  let i = 0;
  while (i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === lb) return true;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return a.slice(i + 1) === b.slice(i);
}
