/** Recording noise: keyboard variants, diacritics, typos and digit scripts, as lists show them. */
import type { Rng } from "../random.ts";
import { pick, randomInt } from "../random.ts";

const PERSIAN_LETTERS = [..."ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"];
const LATIN_LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];

/** One random edit: delete, substitute, insert or swap a letter. */
export function typo(rng: Rng, s: string): string {
  const chars = [...s];
  if (chars.length < 3) return s;
  const k = 1 + randomInt(rng, chars.length - 1);
  const alphabet = /[\u0600-\u06FF]/.test(s) ? PERSIAN_LETTERS : LATIN_LETTERS;
  const op = randomInt(rng, 4);
  if (op === 0) chars.splice(k, 1);
  else if (op === 1) chars[k] = pick(rng, alphabet);
  else if (op === 2) chars.splice(k, 0, pick(rng, alphabet));
  else if (k < chars.length - 1) [chars[k], chars[k + 1]] = [chars[k + 1]!, chars[k]!];
  return chars.join("");
}

/** Arabic-keyboard letters (ي ك) for a whole string, as some lists were typed. */
export function arabicKeyboard(s: string): string {
  return s.replace(/ی/g, "ي").replace(/ک/g, "ك");
}

/** Adds a stray haraka or tatweel after one letter. */
export function decorate(rng: Rng, s: string): string {
  const chars = [...s];
  const k = randomInt(rng, chars.length);
  chars.splice(k + 1, 0, pick(rng, ["\u064E", "\u0650", "\u064F", "\u0640"]));
  return chars.join("");
}

/** Writes ASCII digits as Persian (۰-۹) or Arabic-Indic (٠-٩) digits. */
export function localDigits(s: string, kind: "persian" | "arabic" | "ascii"): string {
  if (kind === "ascii") return s;
  const zero = kind === "persian" ? 0x06f0 : 0x0660;
  return s.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));
}
