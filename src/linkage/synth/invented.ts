/**
 * Invented names built from Persian phonemes, rendered both in Persian script (short vowels
 * unwritten) and in Latin with per-record spelling choices. They stand in for the long tail of
 * rare names, which is where a romanization-based linker succeeds or fails.
 */
import type { Rng } from "../random.ts";
import { pick } from "../random.ts";

interface Phoneme {
  readonly fa: readonly string[];
  readonly latin: readonly string[];
  readonly vowel: "short" | "long" | false;
}

const C = (fa: string, latin: string): Phoneme => ({ fa: fa.split(" "), latin: latin.split(" "), vowel: false });
const CONSONANTS: readonly Phoneme[] = [
  C("ب", "b"), C("پ", "p"), C("ت ط", "t"), C("س ص ث", "s"), C("ج", "j"), C("چ", "ch"), C("ح ه", "h"),
  C("خ", "kh"), C("د", "d"), C("ز ذ ض ظ", "z"), C("ر", "r"), C("ش", "sh"), C("غ ق", "gh q"), C("ف", "f"),
  C("ک", "k"), C("گ", "g"), C("ل", "l"), C("م", "m"), C("ن", "n"), C("و", "v"), C("ی", "y"),
  C("ر", "r"), C("ن", "n"), C("م", "m"), C("د", "d"), C("ب", "b"), C("س", "s"), C("ز", "z"), C("ل", "l"),
];
const VOWELS: readonly Phoneme[] = [
  { fa: [""], latin: ["a"], vowel: "short" },
  { fa: [""], latin: ["e"], vowel: "short" },
  { fa: [""], latin: ["o", "u"], vowel: "short" },
  { fa: ["ا"], latin: ["a", "aa"], vowel: "long" },
  { fa: ["ی"], latin: ["i", "ee", "i"], vowel: "long" },
  { fa: ["و"], latin: ["ou", "u", "oo"], vowel: "long" },
];

/** An invented name: phonemes with the Persian letter fixed (one person's name has one spelling). */
export interface InventedName {
  readonly fa: string;
  /** Renders a Latin spelling; each call may choose different variants. */
  latin(rng: Rng): string;
}

/** Invents a name of 2–3 syllables. */
export function inventName(rng: Rng): InventedName {
  const syllables = rng() < 0.6 ? 2 : 3;
  const seq: { p: Phoneme; fa: string }[] = [];
  const add = (p: Phoneme) => seq.push({ p, fa: pick(rng, p.fa) });
  if (rng() < 0.2) add(pick(rng, VOWELS.slice(0, 3)));
  for (let s = 0; s < syllables; s++) {
    add(pick(rng, CONSONANTS));
    add(pick(rng, VOWELS));
  }
  if (rng() < 0.6) add(pick(rng, CONSONANTS));
  const fa = seq
    .map(({ p, fa: letter }, k) => {
      if (k === 0 && p.vowel === "short") return "ا";
      if (k === seq.length - 1 && p.vowel === "short") return p.latin[0] === "e" ? "ه" : "ا";
      if (k === 0 && p.vowel === "long") return letter === "ا" ? "آ" : "ا" + letter;
      return letter;
    })
    .join("");
  return {
    fa,
    latin(r: Rng) {
      const s = seq
        .map(({ p }, k) => {
          const spelled = pick(r, p.latin);
          if (k === seq.length - 1 && p.vowel === "short" && spelled === "e") return r() < 0.5 ? "eh" : "e";
          return spelled;
        })
        .join("");
      return s.charAt(0).toUpperCase() + s.slice(1);
    },
  };
}
