import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicView } from "../db/index.ts";
import { VOCABULARIES } from "./i18n/vocabulary.ts";
import { findPublicEntitiesOfType } from "./public.repository.ts";
import { createSiteFixture, type SiteFixture } from "../../test/site.ts";

let f: SiteFixture;
const paths: string[] = [];

// Entities of each type with a page: a few of each, so that every page type (and every kind of
// event, role and source among the first ones) is walked.
const PAGED = ["article", "tag", "person", "place", "event", "organization", "source", "list", "position", "legal_case"];
const SECTION: Record<string, string> = {
  article: "articles", tag: "tags", person: "people", place: "places", event: "events", organization: "organizations",
  source: "sources", list: "lists", position: "positions", legal_case: "cases",
};

beforeAll(async () => {
  f = await createSiteFixture({ victims: 120 });
  const pdb = publicView(f.t.db);
  paths.push("/fa/", "/fa/statistics", "/fa/corrections", "/fa/search?q=evin", "/fa/search?q=%D8%A7%D9%88%DB%8C%D9%86");
  for (const type of PAGED) {
    const section = SECTION[type]!;
    paths.push(`/fa/${section}`);
    const many = type === "person" || type === "event" ? 400 : 6;
    for (const e of await findPublicEntitiesOfType(pdb, type, { limit: many, offset: 0 })) paths.push(`/fa/${section}/${encodeURIComponent(e.slug)}`);
  }
  // The pages of finding people and of the public form.
  paths.push(
    "/fa/officials",
    `/fa/people/letter/${encodeURIComponent("م")}`,
    "/fa/people/letter/m",
    "/fa/search?gender=male",
    "/fa/search?gender=female&role=victim",
    "/fa/search?role=official",
    "/fa/submit",
    "/fa/submit/status",
  );
  for (const l of await findPublicEntitiesOfType(pdb, "list", { limit: 6, offset: 0 })) paths.push(`/fa/lists/${encodeURIComponent(l.slug)}/names`);
});
afterAll(async () => f?.t.close());

/**
 * The text a Persian reader sees: the body without elements marked as written in another language
 * (a Latin-script name, an English-language source's title) and without the URLs of cited sources.
 */
function visibleFaText(html: string): string {
  // A space before every tag, so that a footnote number does not join the word before it.
  const { document } = parseHTML(html.replace(/</g, " <"));
  for (const el of Array.from(document.querySelectorAll('head, script, style, [lang]:not([lang="fa"]), a.cite-url, a.share-link'))) el.remove();
  return document.body?.textContent ?? "";
}

/** Whole-word occurrences of the English vocabulary (codes and labels) in a text. */
function englishWords(text: string, vocabulary: readonly string[]): string[] {
  const found = new Set<string>();
  const flat = ` ${text.replace(/\s+/g, " ")} `;
  for (const word of vocabulary) {
    const re = new RegExp(`(?<![A-Za-z_])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z_])`, "i");
    if (re.test(flat)) found.add(word);
  }
  return [...found];
}

describe("Persian pages", () => {
  it("show no English enumerated value and no Persian digits inside record ids, on every page type", async () => {
    const vocabulary = [...new Set(VOCABULARIES.flatMap((v) => [...v].flatMap(([code, [en]]) => [code, en])))];
    expect(vocabulary).toEqual(expect.arrayContaining(["male", "female", "defendant", "commission_sitting", "state_body"]));
    const problems: string[] = [];
    for (const p of paths) {
      const res = await f.app.request(p);
      expect(res.status, p).toBe(200);
      const text = visibleFaText(await res.text());
      for (const w of englishWords(text, vocabulary)) problems.push(`${p}: "${w}"`);
      // A record id such as fa2-00499 mixing Latin letters with Persian digits (en۲-۰۰۴۹۹).
      for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*[۰-۹][۰-۹A-Za-z0-9-]*/g)) problems.push(`${p}: record id "${m[0]}"`);
    }
    expect(problems.slice(0, 40)).toEqual([]);
  });
});
