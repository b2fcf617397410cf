import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaims } from "../claims/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { search } from "./search.service.ts";

let t: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const s = await buildSource(t.db);
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
      createClaims(trx, testActor, [
        {
          entityId: p.id,
          property: "name",
          value: { type: "name", text: name, kind: "full" },
          sources: [{ sourceId: s.id }],
          editorial: false,
          confidence: "medium",
          visibility,
          status: "asserted",
        },
      ]),
    );
  }
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

  it("rejects an empty query", async () => {
    await expect(search(t.db, testActor, "  ")).rejects.toMatchObject({ id: "validation_failed" });
  });
});
