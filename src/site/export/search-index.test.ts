import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_NAMES } from "../../../test/builtin-names.ts";
import { buildEntity, buildSource, testActor } from "../../../test/factories.ts";
import { createSiteFixture, type SiteFixture, TEST_BASE } from "../../../test/site.ts";
import { createClaims, type ClaimCreateReq } from "../../claims/index.ts";
import { exportSite, type ExportReport } from "./export-site.ts";
import { IndexBuilder, type IndexedRecord } from "./search-index.ts";
import { DOCS_PER_CHUNK, INDEX_DIR, INDEX_GLOBAL, docFile, matchQuery, queryAlternatives, shardsOf, splitTerms, termFile, type Shard } from "./search-shards.ts";

// Fictional people only, as in src/search/search.spellings.test.ts, whose queries the live search
// answers: the mirror must find the same person by each of them.
const PEOPLE: Record<string, string[]> = {
  mohammadreza: ["محمدرضا کمان‌آبادی"],
  mohammadRezaApart: ["Mohammad Reza Zarbafian"],
  abdollah: ["عبد الله تیرگرانی"],
  rouhollah: ["روح‌الله نیکوسرشتی"],
  jafar: ["سید جعفر دلاورنیا"],
  khadijeh: ["خدیجه قاسمی‌فرازنده"],
  zahra: ["زهرا ورقانیان", "Zahra Varghanian"],
  ghasem: ["قاسم شیرافکنیان"],
  pourmohammadi: ["حسین پورمحمدی‌زرین"],
  arabicLetters: ["علي كريمي‌ستاره"],
  gholamhossein: ["Gholamhossein Mirhosseini-Kavand"],
  hosseini: ["مریم حسینی‌کوهپایه"],
  alireza: ["علی رضا تلاونی"],
};

const QUERIES: [string, string][] = [
  ["Mohammad Reza", "mohammadreza"],
  ["Mohammad-Reza Kamanabadi", "mohammadreza"],
  ["Mohammadreza", "mohammadreza"],
  ["محمد رضا", "mohammadreza"],
  ["محمد\u200cرضا", "mohammadreza"],
  ["مُحَمَّدرِضا", "mohammadreza"],
  ["Mohammadreza Zarbafian", "mohammadRezaApart"],
  ["محمدرضا", "mohammadRezaApart"],
  ["Abdollah", "abdollah"],
  ["Abdullah Tirgarani", "abdollah"],
  ["عبدالله", "abdollah"],
  ["Ruhollah", "rouhollah"],
  ["Rouhollah Nikoosereshti", "rouhollah"],
  ["روح الله", "rouhollah"],
  ["Pour Mohammadi", "pourmohammadi"],
  ["Hussein Pourmohammadi", "pourmohammadi"],
  ["Gholam Hossein", "gholamhossein"],
  ["غلام حسین میرحسینی", "gholamhossein"],
  ["Gholam-Hossein Mir Hosseini", "gholamhossein"],
  ["Alireza Talavani", "alireza"],
  ["علیرضا", "alireza"],
  ["Ja'far", "jafar"],
  ["Jaʿfar Delavarnia", "jafar"],
  ["Seyyed Jafar", "jafar"],
  ["Sayyid Jaafar", "jafar"],
  ["Khadije", "khadijeh"],
  ["Khadijeh Ghasemi", "khadijeh"],
  ["Zehra", "zahra"],
  ["Qassem", "ghasem"],
  ["Qasim", "ghasem"],
  ["Hosseïni", "hosseini"],
  ["HOSSEINI", "hosseini"],
  ["علی کریمی", "arabicLetters"],
  ["Ali Karimi", "arabicLetters"],
  // Typed only in part: a stored term that starts with the query term.
  ["Varghan", "zahra"],
  ["ورقان", "zahra"],
  ["Zahra\u0000", "zahra"],
  [`Zahra ${"Varghanian ".repeat(1000)}`, "zahra"],
];

/** What a browser would hold after loading some index files: evaluated in a sandbox like the mirror's script does. */
class LoadedIndex {
  readonly shards = new Map<string, Shard>();
  readonly docs = new Map<string, readonly ([string, string, string] | null)[]>();
  readonly loaded: string[] = [];
  constructor(readonly dir: string) {}

  load(rel: string): void {
    const file = path.join(this.dir, rel);
    if (!fs.existsSync(file)) return;
    this.loaded.push(rel);
    const registry = {
      t: (key: string, pairs: [string, number[]][]) => this.shards.set(key, new Map(pairs)),
      d: (lang: string, chunk: number, list: ([string, string, string] | null)[]) => this.docs.set(`${lang}/${chunk}`, list),
    };
    vm.runInNewContext(fs.readFileSync(file, "utf8"), { [INDEX_GLOBAL]: registry });
  }

  /** The titles and files a query finds in a language, as the mirror's search page lists them. */
  search(q: string, lang: "fa" | "en"): { title: string; file: string }[] {
    const alternatives = queryAlternatives(q);
    for (const k of shardsOf(alternatives)) this.load(termFile(k));
    const matches = matchQuery(alternatives, this.shards);
    for (const c of new Set(matches.map((m) => Math.floor(m.doc / DOCS_PER_CHUNK)))) this.load(docFile(lang, c));
    return matches.flatMap((m) => {
      const d = this.docs.get(`${lang}/${Math.floor(m.doc / DOCS_PER_CHUNK)}`)?.[m.doc % DOCS_PER_CHUNK];
      return d ? [{ file: d[0], title: d[1] }] : [];
    });
  }
}

/** The index of the records as `IndexBuilder` writes it, in a new directory, loaded as the mirror loads it. */
function writtenIndex(records: readonly IndexedRecord[]): LoadedIndex {
  const index = new LoadedIndex(fs.mkdtempSync(path.join(os.tmpdir(), "sabt-index-")));
  const builder = new IndexBuilder();
  const write = ([rel, text]: [string, string]) => {
    fs.mkdirSync(path.dirname(path.join(index.dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(index.dir, rel), text);
  };
  for (const r of records) builder.add(r).forEach(write);
  builder.finish().forEach(write);
  return index;
}

let f: SiteFixture;
let dir: string;
let report: ExportReport;
const ids: Record<string, string> = {};
const slugs: Record<string, string> = {};

beforeAll(async () => {
  f = await createSiteFixture({ demo: false });
  const source = await buildSource(f.t.db);
  const named = async (label: string, names: string[], visibility: "public" | "team" | "confidential" = "public") => {
    const p = await buildEntity(f.t.db, { label, visibility: visibility === "confidential" ? "team" : visibility });
    const claims: ClaimCreateReq[] = names.map((text) => ({
      entityId: p.id,
      property: "name",
      value: { type: "name", text, kind: "full" },
      sources: [{ sourceId: source.id }],
      editorial: false,
      confidence: "medium",
      visibility,
      status: "asserted",
    }));
    await f.t.db.transaction().execute((trx) => createClaims(trx, testActor, claims));
    return p;
  };
  for (const [key, names] of Object.entries(PEOPLE)) {
    const p = await named(`Fictional ${key}`, names);
    ids[key] = p.id;
    slugs[key] = p.slug;
  }
  // Not public: neither may reach the index.
  await named("Fictional Team Only Qzxteam", ["Qzxteamname Nadernia"], "team");
  const zahra = ids.zahra!;
  await f.t.db.transaction().execute((trx) =>
    createClaims(trx, testActor, [
      { entityId: zahra, property: "name", value: { type: "name", text: "Qzxsealed Hidden", kind: "alias" }, sources: [{ sourceId: source.id }], editorial: false, confidence: "medium", visibility: "confidential", status: "asserted" },
    ]),
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-mirror-search-"));
  report = await exportSite(f.app, dir, TEST_BASE, { shareImages: false, db: f.t.db });
}, 120_000);

afterAll(async () => {
  await f?.t.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the static mirror's search index", () => {
  it("splits terms exactly as the database's sabt_search_terms does", async () => {
    const samples = ["Zahra Varghanian", "a-b_c.d,e;f:g(h)i/j\\k", "  حسین\tمحمدی\nزاده  ", "Ja'far «x» ‹y› 1367/05/10", "@#$%^&*!?~`|{}[]<>=+\"", ...BUILTIN_NAMES.slice(0, 20)];
    for (const s of samples) {
      const r = await sql<{ t: string[] }>`SELECT sabt_search_terms(${s}) AS t`.execute(f.t.db);
      expect(splitTerms(s), s).toEqual(r.rows[0]!.t);
    }
  });

  it.each(QUERIES)("finds %s → %s, in both languages, linking to the exported page", (q, key) => {
    for (const lang of ["fa", "en"] as const) {
      const hits = new LoadedIndex(dir).search(q, lang);
      const file = `${lang}/people/${encodeURIComponent(slugs[key]!)}/index.html`;
      expect(hits.map((h) => h.file)).toContain(file);
      expect(fs.existsSync(path.join(dir, decodeURIComponent(file)))).toBe(true);
    }
  });

  it("shows a Persian name on Persian pages and a Latin one on English pages", () => {
    const index = new LoadedIndex(dir);
    expect(index.search("Zahra", "fa").map((h) => h.title)).toContain("زهرا ورقانیان");
    expect(index.search("زهرا", "en").map((h) => h.title)).toContain("Zahra Varghanian");
  });

  it("loads only the shards of the query's terms and the records of its hits", () => {
    const index = new LoadedIndex(dir);
    index.search("Zahra Varghanian", "fa");
    const shardFiles = fs.readdirSync(path.join(dir, INDEX_DIR, "t")).length;
    expect(shardFiles).toBeGreaterThan(20);
    expect(index.loaded.length).toBeLessThanOrEqual(6);
    expect(index.loaded.every((f) => f.startsWith(`${INDEX_DIR}/t/`) || f === docFile("fa", 0))).toBe(true);
  });

  it("holds no team or confidential value, and no record without a public page", () => {
    const text = fs
      .readdirSync(path.join(dir, INDEX_DIR), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), "utf8"))
      .join("\n")
      .toLowerCase();
    expect(text).not.toContain("qzx");
    expect(text).not.toContain("nadernia");
    expect(new LoadedIndex(dir).search("Qzxsealed", "en")).toEqual([]);
    expect(report.search?.records).toBe(Object.keys(PEOPLE).length);
  });

  it("answers built-in property names as terms, not as the index's own properties", () => {
    const index = writtenIndex([{ terms: [...BUILTIN_NAMES, "zahra"], pages: { en: { file: "en/people/x/index.html", title: "X", type: "person" } } }]);
    for (const name of BUILTIN_NAMES) expect(index.search(name, "en").length, name).toBeLessThanOrEqual(1);
    expect(index.search("constructor", "en")).toEqual([{ file: "en/people/x/index.html", title: "X" }]);
    expect(index.search("nothingstored", "en")).toEqual([]);
    fs.rmSync(index.dir, { recursive: true, force: true });
  });

  it("numbers records across the record files it writes as each fills, the last one part full", () => {
    const records: IndexedRecord[] = Array.from({ length: DOCS_PER_CHUNK * 2 + 7 }, (_, i) => ({
      terms: [`fictionalterm${i}`],
      pages: i % 3 === 0 ? { fa: { file: `fa/people/p${i}/index.html`, title: `P${i}`, type: "person" } } : { en: { file: `en/people/p${i}/index.html`, title: `P${i}`, type: "person" } },
    }));
    const index = writtenIndex(records);
    for (const i of [0, DOCS_PER_CHUNK - 1, DOCS_PER_CHUNK, DOCS_PER_CHUNK * 2 + 6]) {
      const lang = i % 3 === 0 ? "fa" : "en";
      expect(index.search(`fictionalterm${i}`, lang), String(i)).toEqual([{ file: `${lang}/people/p${i}/index.html`, title: `P${i}` }]);
    }
    fs.rmSync(index.dir, { recursive: true, force: true });
  });

  it("gives both search pages the mirror's script, as a file (no inline script)", () => {
    for (const lang of ["fa", "en"]) {
      const html = fs.readFileSync(path.join(dir, lang, "search", "index.html"), "utf8");
      expect(html).toMatch(new RegExp(`<script src="\\.\\./\\.\\./${INDEX_DIR}/search\\.js" data-lang="${lang}"`));
      expect(html.match(/<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>/g)).toBeNull();
    }
    expect(fs.statSync(path.join(dir, INDEX_DIR, "search.js")).size).toBeGreaterThan(1000);
    expect(report.missing).toEqual([]);
  });
});
