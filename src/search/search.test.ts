import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { tempDir } from "../../test/template.ts";
import { restoreBackup, writeBackup } from "../backup/index.ts";
import { createClaims, type ClaimCreateReq } from "../claims/index.ts";
import { ANONYMOUS, type Visibility } from "../shared/viewer.ts";
import { findSimilarTerms } from "./search.repository.ts";
import { search } from "./search.service.ts";

let t: TestDatabase;
const ids: Record<string, string> = {};
let sourceId = "";

function claim(entityId: string, value: ClaimCreateReq["value"], visibility: Visibility, property = "name"): ClaimCreateReq {
  return { entityId, property, value, sources: [{ sourceId }], editorial: false, confidence: "medium", visibility, status: "asserted" };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const s = await buildSource(t.db);
  sourceId = s.id;
  // Fictional people: one known only by a Persian-script name, one only by a Latin spelling,
  // one whose name is confidential.
  const people: [string, string, "public" | "confidential"][] = [
    ["persian", "حسین محمدی", "public"],
    ["latin", "Gholamreza Khosravi", "public"],
    ["secret", "Fereydoun Zanganeh", "confidential"],
  ];
  for (const [key, name, visibility] of people) {
    const p = await buildEntity(t.db, { label: key === "secret" ? "Fictional record 17" : name });
    ids[key] = p.id;
    await t.db.transaction().execute((trx) =>
      createClaims(trx, testActor, [claim(p.id, { type: "name", text: name, kind: "full" }, visibility)]),
    );
  }
  // One person known by a team-only name and a word of a team-only note.
  const team = await buildEntity(t.db, { label: "Fictional record 18", visibility: "team" });
  ids.team = team.id;
  await t.db.transaction().execute((trx) =>
    createClaims(trx, testActor, [
      claim(team.id, { type: "name", text: "Zarnegarzadeh Tavakkoli", kind: "full" }, "team"),
      claim(team.id, { type: "text", text: "Last seen in Qasr-Fictionalabad, 1988." }, "team", "note"),
    ]),
  );
});
afterAll(async () => {
  await t.close();
});

describe("search", () => {
  it.each([
    ["Hossein Mohammadi", "persian"],
    ["Hosein Mohamadi", "persian"],
    ["Husayn Muhammadi", "persian"],
    ["hossein mohammadi", "persian"],
    ["محمدی", "persian"],
    ["غلامرضا خسروی", "latin"],
    ["Gholam-Reza Khosravi", "latin"],
    ["Qolamreza Xosravi", "latin"],
    ["khosravi", "latin"],
  ])("finds %s → the %s person", async (q, key) => {
    const hits = await search(t.db, testActor, q);
    expect(hits.map((h) => h.id)).toContain(ids[key]);
  });

  it("never finds a confidential name for anonymous visitors", async () => {
    // Confidential values are encrypted at rest (src/crypto), so they are not in the search index
    // at all; the team finds such people through their non-confidential values.
    expect((await search(t.db, ANONYMOUS, "Zanganeh")).map((h) => h.id)).not.toContain(ids.secret);
    expect((await search(t.db, ANONYMOUS, "Fereydoun")).map((h) => h.id)).not.toContain(ids.secret);
  });

  it.each([
    ["Khosrav", "latin"],
    ["Ghulamriza Khusrawi", "latin"],
    ["Kosravi", "latin"],
    ["Mohammad", "persian"],
  ])("finds a misspelt or partial name %s → the %s person through similar stored terms", async (q, key) => {
    const hits = await search(t.db, testActor, q);
    expect(hits.map((h) => h.id)).toContain(ids[key]);
    expect(hits.find((h) => h.id === ids[key])!.score).toBeLessThan(1);
  });

  it("finds a person by a word of a text value, for the team only", async () => {
    expect((await search(t.db, testActor, "qasr fictionalabad")).map((h) => h.id)).toContain(ids.team);
    expect((await search(t.db, ANONYMOUS, "qasr fictionalabad")).map((h) => h.id)).not.toContain(ids.team);
  });

  it("widens anonymous queries only with terms that have appeared in public claims", async () => {
    const team = await findSimilarTerms(t.db, ["zarnegarzade"], { perTerm: 10, publicOnly: false });
    expect(team.get("zarnegarzade")).toContain("zarnegarzadeh");
    const open = await findSimilarTerms(t.db, ["zarnegarzade"], { perTerm: 10, publicOnly: true });
    expect(open.get("zarnegarzade")).toEqual(["zarnegarzade"]);
    expect((await search(t.db, ANONYMOUS, "Zarnegarzadeh")).map((h) => h.id)).not.toContain(ids.team);
  });

  it("answers a very common name with a full page of perfect matches", async () => {
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => buildEntity(t.db, { label: `Fictional Commonname ${i}` })));
    // Twelve name claims each: more matching claims than one search scores.
    const claims = people.flatMap((p) =>
      Array.from({ length: 12 }, (_, k) => claim(p.id, { type: "name", text: `Commonname Fictional${k}`, kind: "full" }, "public")),
    );
    await t.db.transaction().execute((trx) => createClaims(trx, testActor, claims));
    for (const viewer of [testActor, ANONYMOUS]) {
      const hits = await search(t.db, viewer, "Commonname", { limit: 20 });
      expect(hits).toHaveLength(20);
      expect(hits.every((h) => h.score === 1)).toBe(true);
    }
  });

  it("rebuilds its vocabulary when a backup is restored", async () => {
    const file = path.join(tempDir(), "search.backup.gz");
    await writeBackup(t.db, file);
    const empty = await createTestDatabase();
    try {
      await restoreBackup(empty.db, file);
      expect((await search(empty.db, testActor, "Khosrav")).map((h) => h.id)).toContain(ids.latin);
    } finally {
      await empty.close();
    }
  });

  it("rejects an empty query", async () => {
    await expect(search(t.db, testActor, "  ")).rejects.toMatchObject({ id: "validation_failed" });
  });
});
