/**
 * Names: script-aware normalization, titles, compounds, romanization and a phonetic key that makes
 * Persian-script and Latin spellings of one name compare. Pure functions, no I/O.
 */
export { normalizeText, normalizePersian, foldLatin, asciiDigits } from "./normalize.ts";
export { detectScript } from "./script.ts";
export type { Script } from "./script.ts";
export { phoneticKey } from "./phonetic.ts";
export { nameSearchKey, nameSearchKeyVariants, parseName, tokenizeName, tokenKey } from "./parse.ts";
export type { ParsedName } from "./parse.ts";
export { splitTitles, titleOf } from "./titles.ts";
export { attachSuffixKeys, compoundKeyVariants, joinCompoundKeys, isSuffixWord } from "./compounds.ts";
export { canonicalVariant } from "./variants.ts";
export { romanize, ROMANIZATION_SCHEMES } from "./romanize.ts";
export type { RomanizationScheme } from "./romanize.ts";
