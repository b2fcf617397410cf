/**
 * A memorial page opens with what the sources agree on: one fictional person with claims from four
 * public lists (and one team source), some agreeing, some not, in both languages.
 */
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimCreateSchema, createClaims } from "../claims/index.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createSiteFixture, type SiteFixture } from "../../test/site.ts";

let f: SiteFixture;

beforeAll(async () => {
  f = await createSiteFixture({ demo: false });
  const db = f.t.db;
  const lists: string[] = [];
  for (const n of [1, 2, 3, 4]) lists.push((await buildSource(db, { label: `Fictional list L${n}`, slug: `fictional-list-l${n}` })).id);
  const secret = (await buildSource(db, { label: "Secret team register", visibility: "team" })).id;
  const [l1, l2, l3, l4] = lists as [string, string, string, string];
  const tehran = (await buildEntity(db, { type: "place", label: "Tehran", slug: "tehran" })).id;
  const karaj = (await buildEntity(db, { type: "place", label: "Karaj", slug: "karaj" })).id;
  const evin = (await buildEntity(db, { type: "place", label: "Evin Prison", slug: "evin" })).id;
  const person = (await buildEntity(db, { type: "person", label: "Golnar Azmouni", slug: "golnar-azmouni" })).id;
  const cite = (id: string, record: string) => [{ sourceId: id, locator: { record_id: record } }];
  const c = (entityId: string, property: string, value: unknown, sources: unknown[], extra: object = {}) =>
    ClaimCreateSchema.parse({ entityId, property, value, sources, editorial: sources.length === 0, visibility: "public", ...extra });
  // One transaction per claim, as lists are imported one after the other: stored order is time order.
  const claims = [
      ...lists.map((l) => c(l, "source_type", { type: "text", text: "list" }, [])),
      c(tehran, "title", { type: "text", text: "تهران", lang: "fa" }, []),
      c(karaj, "title", { type: "text", text: "کرج", lang: "fa" }, []),
      c(evin, "title", { type: "text", text: "اوین", lang: "fa" }, []),
      // Names: three lists in Persian script (one typed with the Arabic yeh), one in Latin script.
      c(person, "name", { type: "name", text: "گلنار آزمونی", kind: "full" }, cite(l1, "fa1-00042")),
      c(person, "name", { type: "name", text: "گلنار آزموني", kind: "full" }, cite(l2, "fa2-00499")),
      c(person, "name", { type: "name", text: "گلنار  آزمونی", kind: "full" }, cite(l3, "fa3-00007")),
      c(person, "name", { type: "name", text: "Golnar Azmouni", kind: "full" }, cite(l4, "en1-00123")),
      // Death: three lists agree (one of them in the Gregorian calendar), one differs.
      c(person, "death_date", { type: "date", text: "1367/05/10", calendar: "jalali" }, cite(l1, "fa1-00042")),
      c(person, "death_date", { type: "date", text: "۱۰ مرداد ۱۳۶۷", calendar: "jalali" }, cite(l2, "fa2-00499")),
      c(person, "death_date", { type: "date", text: "1988-08-01", calendar: "gregorian" }, cite(l3, "fa3-00007")),
      c(person, "death_date", { type: "date", text: "1988-09-05", calendar: "gregorian" }, cite(l4, "en1-00123")),
      c(person, "city", { type: "entity", id: tehran }, cite(l1, "fa1-00042")),
      c(person, "city", { type: "entity", id: tehran }, cite(l2, "fa2-00499")),
      c(person, "city", { type: "entity", id: tehran }, cite(l3, "fa3-00007")),
      c(person, "city", { type: "entity", id: karaj }, cite(l4, "en1-00123")),
      c(person, "gender", { type: "text", text: "female" }, cite(l1, "fa1-00042")),
      c(person, "gender", { type: "text", text: "female" }, cite(l4, "en1-00123")),
      // A prison known to one public list and to a team register: the register is never counted.
      c(person, "prison", { type: "entity", id: evin }, [...cite(l1, "fa1-00042"), { sourceId: secret }]),
  ];
  for (const claim of claims) await db.transaction().execute((trx) => createClaims(trx, testActor, [claim]));
});
afterAll(async () => f?.t.close());

/** The summary's rows as "term: value · value" lines of visible text. */
async function summaryOf(path: string): Promise<{ rows: Map<string, string[]>; html: string }> {
  const html = await (await f.app.request(path)).text();
  const { document } = parseHTML(html);
  const rows = new Map<string, string[]>();
  const dl = document.querySelector("section.memorial-summary dl");
  expect(dl, path).not.toBeNull();
  for (const dt of Array.from(dl!.querySelectorAll("dt"))) {
    const dd = dt.nextElementSibling!;
    rows.set(dt.textContent!.replace(/\s+/g, " ").trim(), Array.from(dd.querySelectorAll("li")).map((li) => li.textContent!.replace(/\s+/g, " ").trim()));
  }
  return { rows, html };
}

describe("the memorial summary", () => {
  it("groups equal values with all their notes, counts the lists that agree and marks where they differ (English)", async () => {
    const { rows, html } = await summaryOf("/en/people/golnar-azmouni");
    expect([...rows.keys()]).toEqual(["Name", "Gender", "Died sources differ", "City sources differ", "Prison"]);
    expect(rows.get("Name")).toEqual(["Golnar Azmouni 1 of 1 list1", "گلنار آزمونی 3 of 3 lists2,3,4"]);
    expect(rows.get("Gender")).toEqual(["female 2 of 2 lists1,2"]);
    expect(rows.get("Died sources differ")).toEqual(["1 August 1988 (10 Mordad 1367) 3 of 4 lists2,3,4", "5 September 1988 (14 Shahrivar 1367) 1 of 4 lists1"]);
    expect(rows.get("City sources differ")).toEqual(["Tehran 3 of 4 lists2,3,4", "Karaj 1 of 4 lists1"]);
    expect(rows.get("Prison")).toEqual(["Evin Prison 1 of 1 list2"]);
    expect(html).not.toContain("Secret team register");
    // Each value links to the notes naming its sources, and the notes keep record ids as written.
    expect(html).toContain('href="#fn-1"');
    expect(html).toMatch(/Fictional list L2<\/a>, record \u2066fa2-00499\u2069/);
  });

  it("says the same in Persian: Persian words and digits, Jalali first, record ids in Latin digits", async () => {
    const { rows, html } = await summaryOf("/fa/people/golnar-azmouni");
    expect([...rows.keys()]).toEqual(["نام", "جنسیت", "درگذشت منابع هم‌داستان نیستند", "شهر منابع هم‌داستان نیستند", "زندان"]);
    expect(rows.get("نام")).toEqual(["گلنار آزمونی ۳ از ۳ فهرست۱,۲,۳", "Golnar Azmouni ۱ از ۱ فهرست۴"]);
    expect(rows.get("جنسیت")).toEqual(["زن ۲ از ۲ فهرست۱,۴"]);
    expect(rows.get("درگذشت منابع هم‌داستان نیستند")).toEqual([
      "۱۰ مرداد ۱۳۶۷ (۱ اوت ۱۹۸۸) ۳ از ۴ فهرست۱,۲,۳",
      "۱۴ شهریور ۱۳۶۷ (۵ سپتامبر ۱۹۸۸) ۱ از ۴ فهرست۴",
    ]);
    expect(rows.get("شهر منابع هم‌داستان نیستند")).toEqual(["تهران ۳ از ۴ فهرست۱,۲,۳", "کرج ۱ از ۴ فهرست۴"]);
    expect(html).not.toMatch(/\bfemale\b/);
    expect(html).toContain("\u2066fa2-00499\u2069");
    expect(html).not.toContain("fa۲");
  });

  it("respects a value an editor marked as contested even when the lists agree", async () => {
    const person = (await buildEntity(f.t.db, { type: "person", label: "Bardia Nemouneh", slug: "bardia-nemouneh" })).id;
    const list = (await buildSource(f.t.db, { label: "Fictional list L9" })).id;
    await f.t.db.transaction().execute((trx) =>
      createClaims(trx, testActor, [
        ClaimCreateSchema.parse({ entityId: person, property: "birth_date", value: { type: "date", text: "1340", calendar: "jalali" }, sources: [{ sourceId: list }], visibility: "public", status: "contested" }),
      ]),
    );
    const { rows } = await summaryOf("/en/people/bardia-nemouneh");
    expect([...rows.keys()]).toEqual(["Born sources differ"]);
    expect(rows.get("Born sources differ")).toEqual(["1961–1962 (1340 SH) 1 of 1 source1"]);
  });

  it("names the place of burial from a burial the person took part in, with that role's source", async () => {
    const db = f.t.db;
    const person = (await buildEntity(db, { type: "person", label: "Shirin Namouneh", slug: "shirin-namouneh" })).id;
    const testimony = (await buildSource(db, { label: "Fictional testimony T1" })).id;
    const khavaran = (await buildEntity(db, { type: "place", label: "Khavaran", slug: "khavaran" })).id;
    const burial = (await buildEntity(db, { type: "event", label: "Fictional burials at Khavaran", slug: "burials-khavaran" })).id;
    const rel = (await buildEntity(db, { type: "participation", label: "Shirin Namouneh: buried" })).id;
    const t1 = [{ sourceId: testimony, locator: { minute: 12 } }];
    const c = (entityId: string, property: string, value: unknown) => ClaimCreateSchema.parse({ entityId, property, value, sources: t1, visibility: "public" });
    await db.transaction().execute((trx) =>
      createClaims(trx, testActor, [
        c(burial, "place", { type: "entity", id: khavaran }),
        c(rel, "participant", { type: "entity", id: person }),
        c(rel, "event", { type: "entity", id: burial }),
        c(rel, "role", { type: "text", text: "buried" }),
      ]),
    );
    const en = await summaryOf("/en/people/shirin-namouneh");
    expect(en.rows.get("Place of burial")).toEqual(["Khavaran 1 of 1 source1"]);
    expect(en.html).toMatch(/Fictional testimony T1<\/a>, min\. 12/);
    const fa = await summaryOf("/fa/people/shirin-namouneh");
    expect(fa.rows.get("محل خاک‌سپاری")).toEqual(["Khavaran ۱ از ۱ منبع۱"]);
    expect(fa.html).toContain("به خاک سپرده");
  });
});
