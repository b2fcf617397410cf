/**
 * Finding people on the public site (issue 12): search filters in both languages, paging, the
 * letter index in both scripts, officials, the menu and the names on a list; team and confidential
 * records are never listed or counted. All people here are fictional.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimCreateSchema, createClaims, type ClaimValueInput } from "../claims/index.ts";
import { createEntity, type EntityCreateReq } from "../entities/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { createSiteFixture, type SiteFixture } from "../../test/site.ts";

const viewer = systemViewer("test-find");
type Vis = "public" | "team" | "confidential";
let f: SiteFixture;
const id: Record<string, string> = {};
const slug: Record<string, string> = {};

async function entity(key: string, type: EntityCreateReq["type"], label: string, visibility: Vis = "public"): Promise<string> {
  const e = await f.t.db.transaction().execute((trx) => createEntity(trx, viewer, { type, label, visibility, isFictional: true }));
  id[key] = e.id;
  slug[key] = e.slug;
  return e.id;
}

type C = [property: string, value: ClaimValueInput, opts?: { source?: string; visibility?: Vis }];
async function claims(key: string, cs: C[], source: string): Promise<void> {
  await f.t.db.transaction().execute((trx) =>
    createClaims(
      trx,
      viewer,
      cs.map(([property, value, o]) =>
        ClaimCreateSchema.parse({ entityId: id[key], property, value, sources: [{ sourceId: o?.source ?? source }], visibility: o?.visibility ?? "public" }),
      ),
    ),
  );
}

const text = (t: string, lang?: string): ClaimValueInput => ({ type: "text", text: t, ...(lang ? { lang } : {}) });
const name = (t: string): ClaimValueInput => ({ type: "name", text: t, kind: "full" });
const ref = (key: string): ClaimValueInput => ({ type: "entity", id: id[key]! });
const date = (t: string, calendar: "jalali" | "gregorian"): ClaimValueInput => ({ type: "date", text: t, calendar });

beforeAll(async () => {
  f = await createSiteFixture({ demo: false });
  await entity("report", "source", "Fictional Finding Report");
  const r = "report";
  await entity("evin", "place", "Fictional Evin Test");
  await claims("evin", [["name", text("اوین آزمایشی", "fa")], ["alias", name("Evin Test Prison")], ["place_type", text("prison")]], id[r]!);
  await entity("gohar", "place", "Fictional Gohar Test");
  await claims("gohar", [["place_type", text("prison")]], id[r]!);
  await entity("tehran", "place", "Fictional Tehran Test");
  await claims("tehran", [["place_type", text("city")]], id[r]!);
  await entity("tabriz", "place", "Fictional Tabriz Test");
  await claims("tabriz", [["place_type", text("city")], ["name", text("Tabriz", "en")]], id[r]!);
  await entity("list1", "list", "Fictional Finding List One");
  await entity("list2", "list", "Fictional Finding List Two");
  await entity("list2src", "source", "Fictional Finding List Two (source)");
  await claims("list2", [["source", ref("list2src")]], id[r]!);

  // Two namesakes told apart by their dates, city, prison and lists.
  await entity("a1", "person", "Fictional Zorab Namesake");
  await claims("a1", [
    ["name", name("Fictional Zorab Namesake")],
    ["gender", text("male")],
    ["birth_date", date("1340", "jalali")],
    ["death_date", date("1367/05/10", "jalali")],
    ["prison", ref("evin")],
    ["city", ref("tehran")],
  ], id.list1!);
  await entity("a2", "person", "Fictional Zorab Namesake");
  await claims("a2", [
    ["name", name("Fictional Zorab Namesake")],
    ["gender", text("male")],
    ["death_date", date("1989-06-01", "gregorian")],
    ["prison", text("Evin Test Prison")],
    ["city", text("Tabriz")],
  ], id.list2src!);
  await entity("m", "person", "Fictional Yasmin Kavehzad");
  await claims("m", [
    ["name", name("Fictional Yasmin Kavehzad")],
    ["name", name("یاسمین کاوه‌زاد")],
    ["gender", text("female")],
    ["death_date", date("1988-09-01", "gregorian")],
    ["prison", ref("gohar")],
    ["city", ref("tehran")],
  ], id.list1!);
  // A confidential person on list one, in Evin: never listed, never counted.
  await entity("secret", "person", "Fictional Secretperson Hidden", "confidential");
  await claims("secret", [["name", name("Fictional Secretperson Hidden"), { visibility: "confidential" }], ["prison", ref("evin"), { visibility: "confidential" }], ["gender", text("female"), { visibility: "confidential" }]], id.list1!);
  // A public person whose list and prison values are team-only: not on list one in public, not in Evin.
  await entity("teamvals", "person", "Fictional Teamvalue Person");
  await claims("teamvals", [["name", name("Fictional Teamvalue Person"), { visibility: "team" }], ["prison", ref("evin"), { visibility: "team" }], ["gender", text("female"), { visibility: "team" }]], id.list1!);
  await claims("teamvals", [["name", name("Fictional Teamvalue Person")]], id[r]!);
  // An official: holds a position, accused in a case.
  await entity("off", "person", "Fictional Officer Bardiaz");
  await claims("off", [["name", name("Fictional Officer Bardiaz")], ["gender", text("male")]], id[r]!);
  await entity("pos", "position", "Fictional Test Seat");
  await entity("occ", "occupancy", "Fictional occupancy");
  await claims("occ", [["holder", ref("off")], ["position", ref("pos")]], id[r]!);
  await entity("case", "legal_case", "Fictional Test Case");
  await claims("case", [["accused", ref("off")]], id[r]!);
  // A witness.
  await entity("wit", "person", "Fictional Witness Parvana");
  await entity("part", "participation", "Fictional participation");
  await claims("part", [["participant", ref("wit")], ["role", text("witness")]], id[r]!);
  // Enough people on list two to page its names (50 a page).
  for (let i = 0; i < 55; i++) {
    const k = `many${i}`;
    await entity(k, "person", `Fictional Manyname ${String(i).padStart(2, "0")}`);
    await claims(k, [["name", name(`Fictional Manyname ${String(i).padStart(2, "0")}`)], ["gender", text("female")]], id.list2!);
  }
}, 120_000);
afterAll(async () => f?.t.close());

async function page(path: string): Promise<string> {
  const res = await f.app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The person slugs linked from the results of a page (in order). */
function people(html: string): string[] {
  return [...html.matchAll(/href="\/(?:fa|en)\/people\/([^"/]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

const LANGS = ["fa", "en"] as const;

describe("search filters", () => {
  for (const lang of LANGS) {
    it(`filters by prison, with places written as text matched by the place's names (${lang})`, async () => {
      const got = people(await page(`/${lang}/search?prison=${id.evin}`));
      expect(got.sort()).toEqual([slug.a1, slug.a2].sort());
    });

    it(`filters by city (${lang})`, async () => {
      expect(people(await page(`/${lang}/search?city=${id.tehran}`)).sort()).toEqual([slug.a1, slug.m].sort());
    });

    it(`filters by list, through the list itself or the source it publishes (${lang})`, async () => {
      const one = people(await page(`/${lang}/search?list=${id.list1}`));
      expect(one.sort()).toEqual([slug.a1, slug.m].sort());
      const two = people(await page(`/${lang}/search?list=${id.list2}&gender=male`));
      expect(two).toEqual([slug.a2]);
    });

    it(`filters by gender and role (${lang})`, async () => {
      expect(people(await page(`/${lang}/search?gender=female&prison=${id.gohar}`))).toEqual([slug.m]);
      expect(people(await page(`/${lang}/search?role=official`))).toEqual([slug.off]);
      expect(people(await page(`/${lang}/search?role=witness`))).toEqual([slug.wit]);
      const victims = people(await page(`/${lang}/search?role=victim&gender=male`));
      expect(victims.sort()).toEqual([slug.a1, slug.a2].sort());
    });

    it(`filters by year of death in either calendar (${lang})`, async () => {
      // 1367 SH is 21 March 1988 to 20 March 1989: both 1988 deaths, not the one in June 1989.
      expect(people(await page(`/${lang}/search?year=1367&cal=jalali`)).sort()).toEqual([slug.a1, slug.m].sort());
      expect(people(await page(`/${lang}/search?year=${encodeURIComponent("۱۳۶۸")}&cal=jalali`))).toEqual([slug.a2]);
      expect(people(await page(`/${lang}/search?year=1989&cal=gregorian`))).toEqual([slug.a2]);
      expect(people(await page(`/${lang}/search?year=1988&cal=gregorian`)).sort()).toEqual([slug.a1, slug.m].sort());
    });

    it(`combines a name with filters (${lang})`, async () => {
      expect(people(await page(`/${lang}/search?q=Zorab&city=${id.tabriz}`))).toEqual([slug.a2]);
      expect(people(await page(`/${lang}/search?q=Zorab&year=1367&cal=jalali`))).toEqual([slug.a1]);
    });
  }

  it("tells namesakes apart: dates in both calendars, city, prison and lists under each hit", async () => {
    const en = await page(`/en/search?q=${encodeURIComponent("Zorab Namesake")}`);
    expect(people(en).sort()).toEqual([slug.a1, slug.a2].sort());
    const hit = (s: string) => en.slice(en.indexOf(`/en/people/${s}"`)).split("</li>")[0]!;
    const one = hit(slug.a1!);
    expect(one).toContain("1988"); // Mordad 1367 in Gregorian
    expect(one).toContain("1367");
    expect(one).toContain("Fictional Tehran Test");
    expect(one).toContain("Fictional Evin Test");
    expect(one).toContain("Fictional Finding List One");
    const two = hit(slug.a2!);
    expect(two).toContain("Tabriz");
    expect(two).toContain("Evin Test Prison");
    expect(two).toContain("Fictional Finding List Two");
    expect(two).not.toContain("List One");
    const fa = await page(`/fa/search?q=${encodeURIComponent("Zorab Namesake")}`);
    expect(fa).toContain("۱۳۶۷");
    expect(fa).toContain("درگذشته");
  });

  it("reads the filter choices from public data and keeps the chosen ones selected", async () => {
    const html = await page(`/en/search?prison=${id.evin}&year=1367&cal=jalali`);
    expect(html).toContain(`<option value="${id.evin}" selected="">`);
    expect(html).toContain(`<option value="${id.gohar}">`);
    expect(html).toContain(`<option value="${id.list2}">`);
    expect(html).toContain(`<option value="jalali" selected="">`);
    expect(html).toContain('method="get"');
    expect(html).not.toContain("<script src");
  });

  it("ignores filter values that do not fit instead of failing", async () => {
    for (const q of ["year=abc", "gender=constructor", "role=__proto__", "page=-3", "prison=%00", "cal=lunar&year=1367", "list=x'%20OR%201=1"]) {
      const res = await f.app.request(`/en/search?${q}`);
      expect(res.status, q).toBe(200);
    }
  });

  it("pages filtered results in a stable order, keeping the filters in the pager's links", async () => {
    const one = await page(`/en/search?list=${id.list2}&gender=female`);
    const two = await page(`/en/search?list=${id.list2}&gender=female&page=2`);
    const three = await page(`/en/search?list=${id.list2}&gender=female&page=3`);
    const all = [...people(one), ...people(two), ...people(three)];
    expect(all).toHaveLength(55);
    expect(new Set(all).size).toBe(55);
    expect(people(one)[0]).toBe(slug.many0);
    expect(one).toContain(`/en/search?list=${id.list2}&amp;gender=female&amp;page=2`);
    expect(three).toContain(`/en/search?list=${id.list2}&amp;gender=female&amp;page=2`);
    expect(three).not.toContain('rel="next"');
  });

  it("never lists or counts confidential people or team-only values", async () => {
    for (const lang of LANGS) {
      for (const q of [`prison=${id.evin}`, `list=${id.list1}`, "gender=female", `q=Secretperson`, `q=Teamvalue&list=${id.list1}`]) {
        const html = await page(`/${lang}/search?${q}`);
        expect(html, q).not.toContain("Secretperson Hidden");
        expect(people(html), q).not.toContain(slug.secret);
        expect(people(html), q).not.toContain(slug.teamvals);
      }
    }
  });
});

describe("people index by first letter", () => {
  it("shows the letter bar in both scripts on the people index", async () => {
    for (const lang of LANGS) {
      const html = await page(`/${lang}/people`);
      expect(html).toContain(`href="/${lang}/people/letter/${encodeURIComponent("ی")}"`);
      expect(html).toContain(`href="/${lang}/people/letter/f"`);
    }
  });

  it("lists people by a Latin letter and by a Persian letter of their names, paged", async () => {
    for (const lang of LANGS) {
      const f1 = await page(`/${lang}/people/letter/f`);
      expect(people(f1)).toHaveLength(50);
      const f2 = await page(`/${lang}/people/letter/f/page/2`);
      expect(people(f2).length).toBeGreaterThan(0);
      expect(people(f1)).not.toContain(people(f2)[0]);
      const ya = await page(`/${lang}/people/letter/${encodeURIComponent("ی")}`);
      expect(people(ya)).toEqual([slug.m]);
      expect(ya).not.toContain("Secretperson");
      // Arabic yeh reads as the Persian letter.
      expect(people(await page(`/${lang}/people/letter/${encodeURIComponent("ي")}`))).toEqual([slug.m]);
    }
  });

  it("answers 404 past the last page and for what is not a letter", async () => {
    for (const p of ["/en/people/letter/f/page/99", "/en/people/letter/ab", "/en/people/letter/constructor", "/fa/people/letter/%25"]) {
      expect((await f.app.request(p)).status, p).toBe(404);
    }
  });
});

describe("menu, officials and lists", () => {
  it("has menu entries for positions, legal cases and officials in both languages", async () => {
    for (const lang of LANGS) {
      const html = await page(`/${lang}/`);
      const nav = html.slice(html.indexOf("<nav"), html.indexOf("</nav>"));
      expect(nav).toContain(`href="/${lang}/positions"`);
      expect(nav).toContain(`href="/${lang}/cases"`);
      expect(nav).toContain(`href="/${lang}/officials"`);
    }
  });

  it("lists officials: people holding a position or accused in a case", async () => {
    for (const lang of LANGS) {
      expect(people(await page(`/${lang}/officials`))).toEqual([slug.off]);
    }
  });

  it("shows a list's public names on its page, counted without confidential or team-only ones", async () => {
    for (const lang of LANGS) {
      const html = await page(`/${lang}/lists/${slug.list1}`);
      const section = html.slice(html.indexOf('id="list-names-h"'));
      expect(people(section).sort()).toEqual([slug.a1, slug.m].sort());
      expect(section).toContain(lang === "fa" ? "(۲)" : "(2)");
      expect(html).not.toContain("Secretperson");
    }
  });

  it("pages all the names of a list, linked from its page", async () => {
    for (const lang of LANGS) {
      const html = await page(`/${lang}/lists/${slug.list2}`);
      expect(html).toContain(`href="/${lang}/lists/${slug.list2}/names"`);
      const one = people(await page(`/${lang}/lists/${slug.list2}/names`));
      const two = people(await page(`/${lang}/lists/${slug.list2}/names/page/2`));
      expect(one).toHaveLength(50);
      expect([...one, ...two].sort()).toEqual([slug.a2, ...Array.from({ length: 55 }, (_, i) => slug[`many${i}`])].sort());
      expect((await f.app.request(`/${lang}/lists/${slug.list2}/names/page/3`)).status).toBe(404);
    }
  });
});
