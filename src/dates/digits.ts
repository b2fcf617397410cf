/**
 * Digit conversion between ASCII, Persian (Extended Arabic-Indic, ۰-۹) and Arabic-Indic (٠-٩).
 * Sources mix all three, often inside one list, so parsing always folds to ASCII first.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/**
 * Replaces every ASCII digit with its Persian (Extended Arabic-Indic) counterpart.
 * @param s any text
 * @returns the same text with 0-9 written as ۰-۹
 * @example toPersianDigits("1367/05/07") // "۱۳۶۷/۰۵/۰۷"
 */
export function toPersianDigits(s: string): string {
  return s.replace(/[0-9]/g, (c) => String.fromCharCode(PERSIAN_ZERO + c.charCodeAt(0) - 48));
}

/**
 * Replaces every Persian (۰-۹) and Arabic-Indic (٠-٩) digit with its ASCII counterpart.
 * @param s any text
 * @returns the same text with only ASCII digits
 * @example toAsciiDigits("۱۳۶۷/٠٥/07") // "1367/05/07"
 */
export function toAsciiDigits(s: string): string {
  // Hand-rolled: this runs on every imported date, and a replace() callback per digit is several times slower.
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const zero =
      code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9
        ? PERSIAN_ZERO
        : code >= ARABIC_ZERO && code <= ARABIC_ZERO + 9
          ? ARABIC_ZERO
          : -1;
    if (zero < 0) continue;
    out += s.slice(last, i) + String.fromCharCode(48 + code - zero);
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}
