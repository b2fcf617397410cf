import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { tempDir } from "../../test/template.ts";
import { restoreBackup, writeBackup } from "../backup/index.ts";
import { createClaims, editClaim, getClaim, type ClaimCreateReq } from "../claims/index.ts";
import { addPrimaryKey, installKeyring, } from "../crypto/index.ts";
import { resealAll } from "../key-rotation/index.ts";
import { ANONYMOUS, type Viewer, type Visibility } from "../shared/viewer.ts";
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

  it("never finds a confidential name for anonymous visitors or team members without confidential access", async () => {
    const viewer: Viewer = { kind: "user", userId: "u-viewer", name: "Fictional Viewer", role: "viewer" };
    for (const who of [ANONYMOUS, viewer]) {
      for (const q of ["Zanganeh", "Fereydoun", "Fereydoun Zanganeh"]) expect((await search(t.db, who, q)).map((h) => h.id)).not.toContain(ids.secret);
    }
  });

  describe("confidential values, which are sealed at rest", () => {
    const researcher: Viewer = { kind: "user", userId: "u-researcher", name: "Fictional Researcher", role: "researcher" };
    const sealedTerms = async (entityId: string) =>
      (await t.db.selectFrom("claim_sealed_term").innerJoin("claim", "claim.id", "claim_sealed_term.claim_id").select("mac").where("claim.entity_id", "=", entityId).execute()).map((r) => r.mac);

    it.each(["Fereydoun Zanganeh", "Fereidoun Zanganeh", "zanganeh", "فریدون زنگنه"])(
      "are found by members who may read them through the blind index of whole terms: %s",
      async (q) => {
        const hits = await search(t.db, researcher, q);
        expect(hits.find((h) => h.id === ids.secret)).toMatchObject({ score: 1, label: "Fictional record 17" });
      },
    );

    it("keep only keyed MACs of their terms in the database, never the terms", async () => {
      const macs = await sealedTerms(ids.secret!);
      expect(macs.length).toBeGreaterThan(1);
      const stored = JSON.stringify(await t.db.selectFrom("claim_sealed_term").selectAll().execute()).toLowerCase();
      for (const word of ["zanganeh", "fereydoun", "zngnh"]) expect(stored).not.toContain(word);
    });

    it("follow a change of visibility: plain terms when no longer confidential, MACs again when confidential", async () => {
      const p = await buildEntity(t.db, { label: "Fictional record 19" });
      const [c] = await t.db.transaction().execute((trx) =>
        createClaims(trx, testActor, [claim(p.id, { type: "name", text: "Shahrokh Tirgaran", kind: "full" }, "confidential")]),
      );
      expect((await search(t.db, researcher, "Tirgaran")).map((h) => h.id)).toContain(p.id);
      await t.db.transaction().execute((trx) => editClaim(trx, testActor, c!.id, { version: 1, visibility: "team" }));
      expect(await sealedTerms(p.id)).toEqual([]);
      expect((await search(t.db, { ...researcher, role: "viewer" }, "Tirgaran")).map((h) => h.id)).toContain(p.id);
      await t.db.transaction().execute((trx) => editClaim(trx, testActor, c!.id, { version: 2, visibility: "confidential" }));
      expect((await sealedTerms(p.id)).length).toBeGreaterThan(0);
      expect((await search(t.db, { ...researcher, role: "viewer" }, "Tirgaran")).map((h) => h.id)).not.toContain(p.id);
      expect((await search(t.db, researcher, "Tirgaran")).map((h) => h.id)).toContain(p.id);
      expect((await getClaim(t.db, testActor, c!.id)).version).toBe(3);
    });

    it("are still found after the key is rotated, their MACs rewritten under the new key", async () => {
      const before = await sealedTerms(ids.secret!);
      installKeyring(addPrimaryKey({ dataDir: t.dataDir }).keyring);
      await resealAll(t.db, testActor);
      const after = await sealedTerms(ids.secret!);
      expect(after.length).toBe(before.length);
      expect(after.some((m) => before.includes(m))).toBe(false);
      expect((await search(t.db, researcher, "Fereydoun Zanganeh")).map((h) => h.id)).toContain(ids.secret);
    });
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
