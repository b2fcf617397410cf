/**
 * Spelling noise that real victim lists show: Latin romanization variants (kh/x, gh/q, ou/u,
 * -eh/-e, joined or split "zadeh", Mohammad/Mohammed/Muhammad), Persian letter variants (Arabic
 * ي/ك, ZWNJ dropped or spaced) and plain typos. Linkage (issue 4) must see through all of them.
 */
import type { Rng } from "./rng.ts";

const MOHAMMAD = ["Mohammad", "Mohammed", "Muhammad", "Mohamad", "Mohammad"] as const;

// Each rule is applied with its own probability, so most names get zero or one change and a few
// get several, like lists typed by different volunteers over decades.
const LATIN_RULES: readonly (readonly [number, (s: string, rng: Rng) => string])[] = [
  [
    0.45,
    (s, rng) =>
      s.replace(/Moham+ad/gi, (m) => (m[0] === "m" ? rng.pick(MOHAMMAD).toLowerCase() : rng.pick(MOHAMMAD))),
  ],
  [0.25, (s) => s.replace(/gh/g, "q").replace(/Gh/g, "Q")],
  [0.06, (s) => s.replace(/kh/g, "x").replace(/Kh/g, "X")],
  [0.3, (s) => s.replace(/ou/g, "u")],
  [0.1, (s) => s.replace(/ou/g, "oo")],
  [0.35, (s) => s.replace(/eh\b/g, "e")],
  [0.3, (s, rng) => s.replace(/aei\b/g, () => rng.pick(["ai", "aee", "ayi", "ei"]))],
  [
    0.3,
    (s, rng) =>
      s.replace(
        /([a-z])zadeh\b/g,
        (_m, c: string) => `${c}${rng.pick([" Zadeh", "-zadeh", "zade", " zadeh"])}`,
      ),
  ],
  [0.25, (s) => s.replace(/ss/g, "s")],
  [0.2, (s) => s.replace(/ee/g, "i").replace(/Saeed/g, "Said")],
  [0.15, (s) => s.replace(/^E(?=[bs])/g, "I")],
  [0.15, (s) => s.replace(/ow\b/g, "o")],
  [0.1, (s) => s.replace(/ey/g, "ei")],
];

/** Returns a Latin spelling of `canonical` that a list might have used. */
export function latinVariant(canonical: string, rng: Rng): string {
  let s = canonical;
  for (const [p, rule] of LATIN_RULES) {
    if (rng.chance(p)) s = rule(s, rng);
  }
  return s;
}

/** Introduces one typo (deletion, doubling, transposition or substitution) into `s`. */
export function typo(s: string, rng: Rng): string {
  if (s.length < 4) return s;
  const i = rng.int(1, s.length - 2);
  const kind = rng.int(0, 3);
  const at = (k: number): string => s.charAt(k);
  switch (kind) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + at(i) + s.slice(i);
    case 2:
      return s.slice(0, i) + at(i + 1) + at(i) + s.slice(i + 2);
    default: {
      const latin = /[a-z]/i.test(s);
      const alphabet = latin ? "aeiounrst" : "ابتدرسمنوهی";
      return s.slice(0, i) + alphabet.charAt(rng.int(0, alphabet.length - 1)) + s.slice(i + 1);
    }
  }
}

const ZWNJ = "\u200c";

/** Returns a Persian spelling of `canonical` that a list might have used. */
export function persianVariant(canonical: string, rng: Rng): string {
  let s = canonical;
  // Arabic-keyboard yeh and kaf: common in lists typed on older systems.
  if (rng.chance(0.1)) s = s.replace(/ی/g, "ي").replace(/ک/g, "ك");
  if (s.includes(ZWNJ) && rng.chance(0.4)) s = s.replace(/\u200c/g, rng.chance(0.5) ? "" : " ");
  if (rng.chance(0.08)) s = s.replace(/ئی/g, "یی").replace(/رضایی/g, "رضائی");
  return s;
}
