/**
 * Footnotes: every public claim on a page points to numbered notes naming its sources. Only
 * public sources are named; a citation of a source that is not public is left out entirely (its
 * title, locator and id never reach the page), and the claim says its source is not public.
 */
import type { PublicClaimRow } from "../../db/index.ts";
import { digits, type Lang } from "../../i18n/index.ts";
import type { SiteReader } from "../site.reader.ts";
import { loadNames } from "./names.ts";
import { first, groupByEntity } from "./values.ts";

/** One numbered note. */
export interface Footnote {
  n: number;
  sourceName: string;
  sourcePath: string | undefined;
  /** The source's own URL (shown as a plain link), when it has a public one. */
  url: string | undefined;
  locator: string | undefined;
}

/** The notes of a page and which notes each claim cites. */
export interface Footnotes {
  notes: Footnote[];
  /** Note numbers per claim id; empty when none of its sources is public. */
  of(claimId: string): number[];
}

// Locator keys are whatever a citation holds (any string): Maps, so that a key such as
// "constructor" is shown as written rather than as Object.prototype.constructor (issue 13).
const LOCATOR_WORDS: Record<Lang, ReadonlyMap<string, string>> = {
  en: new Map(Object.entries({ page: "p.", pages: "pp.", paragraph: "para.", minute: "min.", record_id: "record", record: "record", row: "row", quote: "" })),
  fa: new Map(Object.entries({ page: "ص", pages: "صص", paragraph: "بند", minute: "دقیقهٔ", record_id: "ردیف", record: "ردیف", row: "سطر", quote: "" })),
};

// Internal pointers a locator may hold: the archive item a quote was taken from is evidence in the
// team's archive (maybe not public at all), so the public page shows the page and the quote only.
const INTERNAL_KEYS = new Set(["archiveItemId"]);

// Locator values that identify a record rather than count pages: never converted to Persian digits.
const IDENTIFIER_KEYS = new Set(["record_id", "record"]);

/** Writes a locator like "p. 7, min. 13" (or `p. 2, “the quoted words”`) in the reader's language. */
export function formatLocator(lang: Lang, locator: Record<string, string | number> | undefined): string | undefined {
  if (!locator) return undefined;
  const parts = Object.entries(locator).filter(([k]) => !INTERNAL_KEYS.has(k)).map(([k, v]) => {
    const word = LOCATOR_WORDS[lang].get(k) ?? k.replace(/_/g, " ");
    // A record id (fa2-00499) is an identifier: its digits stay Latin, isolated left to right.
    const value = k === "quote" ? `“${String(v)}”` : IDENTIFIER_KEYS.has(k) ? `\u2066${String(v)}\u2069` : digits(lang, String(v));
    return word ? `${word} ${value}` : value;
  });
  return parts.length > 0 ? parts.join(lang === "fa" ? "، " : ", ") : undefined;
}

/** Numbers the public citations of the given claims in order of first use. */
export async function buildFootnotes(reader: SiteReader, claims: readonly PublicClaimRow[], lang: Lang): Promise<Footnotes> {
  const sourceIds = claims.flatMap((c) => c.sources.map((s) => s.sourceId));
  const names = await loadNames(reader, sourceIds);
  const urls = groupByEntity(await reader.claimsOf([...new Set(sourceIds)], ["url"]));
  const notes: Footnote[] = [];
  const index = new Map<string, number>();
  const perClaim = new Map<string, number[]>();
  for (const c of claims) {
    const ns: number[] = [];
    for (const s of c.sources) {
      if (!names.entity(s.sourceId)) continue; // not public: never named
      const locator = formatLocator(lang, s.locator);
      const key = `${s.sourceId}|${locator ?? ""}`;
      let n = index.get(key);
      if (n === undefined) {
        n = notes.length + 1;
        index.set(key, n);
        const url = first(urls.get(s.sourceId) ?? [], "url")?.value.url;
        notes.push({
          n,
          sourceName: names.name(s.sourceId, lang),
          sourcePath: names.path(s.sourceId, lang),
          url: typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined,
          locator,
        });
      }
      if (!ns.includes(n)) ns.push(n);
    }
    perClaim.set(c.id, ns);
  }
  return { notes, of: (id) => perClaim.get(id) ?? [] };
}
