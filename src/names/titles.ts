/**
 * Honorifics that lists add or omit at will (Seyyed, Haj, Mirza…). They are split off into their own
 * field so that "Sayed Jawad Rahimi" and "Javad Rahimi" compare on the name itself.
 */

/**
 * Normalized title spellings (Latin and Persian) mapped to one canonical title. A Map: every
 * token of a name is looked up here, and a plain object would take "constructor" for a title.
 */
const TITLES: ReadonlyMap<string, string> = new Map(Object.entries({
  seyyed: "seyyed", seyed: "seyyed", sayyed: "seyyed", sayed: "seyyed", sayyid: "seyyed",
  seyyid: "seyyed", sayid: "seyyed", syed: "seyyed", sied: "seyyed", "سید": "seyyed",
  seyyedeh: "seyyedeh", seyedeh: "seyyedeh", sayyedeh: "seyyedeh", "سیده": "seyyedeh",
  haj: "haj", hajj: "haj", haji: "haj", hajji: "haj", hadj: "haj", hadji: "haj", "حاج": "haj", "حاجی": "haj",
  hajieh: "hajieh", hajiyeh: "hajieh", "حاجیه": "hajieh",
  mirza: "mirza", "میرزا": "mirza",
  sheikh: "sheikh", shaikh: "sheikh", sheykh: "sheikh", shaykh: "sheikh", shaik: "sheikh", "شیخ": "sheikh",
  mulla: "mulla", mullah: "mulla", molla: "mulla", mollah: "mulla", mulah: "mulla", "ملا": "mulla",
  agha: "agha", aqa: "agha", "آقا": "agha",
  mashhadi: "mashhadi", mashti: "mashhadi", "مشهدی": "mashhadi", "مشتی": "mashhadi",
  karbalaei: "karbalaei", karbalai: "karbalaei", "کربلایی": "karbalaei",
  dr: "dr", doctor: "dr", "دکتر": "dr",
}));

/** Returns the canonical title for a normalized token, or undefined when it is not a title. */
export function titleOf(token: string): string | undefined {
  return TITLES.get(token.replace(/\.$/, ""));
}

/**
 * Splits leading titles off a token list. A title is only stripped while a name token remains
 * after it, because "Mirza" or "Sheikh" alone can be the whole recorded name.
 */
export function splitTitles(tokens: readonly string[]): { titles: string[]; rest: string[] } {
  const titles: string[] = [];
  let i = 0;
  while (i < tokens.length - 1) {
    const t = titleOf(tokens[i]!);
    if (t === undefined) break;
    titles.push(t);
    i++;
  }
  return { titles, rest: tokens.slice(i) };
}
