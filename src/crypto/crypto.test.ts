import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaim, editClaim, getClaim, listClaimRevisions, listClaims, revertClaim } from "../claims/index.ts";
import { createEntity, editEntity, getEntity, listEntityRevisions, resolveOldSlug } from "../entities/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { search } from "../search/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { openSealed, seal } from "./cipher.ts";
import { addPrimaryKey, keyFilePath, loadKeyring } from "./key-file.ts";
import { keyringFromEnv } from "./keyring.ts";
import { activeKeyring, installKeyring } from "./registry.ts";
import { resealAll } from "../key-rotation/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Every stored byte of the claim, entity and revision tables, as text. */
async function rawTables(): Promise<string> {
  const claims = await sql<{ j: string }>`SELECT to_jsonb(c)::text AS j FROM claim c`.execute(t.db);
  const revs = await sql<{ j: string }>`SELECT to_jsonb(r)::text AS j FROM revision r`.execute(t.db);
  const entities = await sql<{ j: string }>`SELECT to_jsonb(e)::text AS j FROM entity e`.execute(t.db);
  return [...claims.rows, ...revs.rows, ...entities.rows].map((r) => r.j).join("\n");
}

describe("cipher", () => {
  it("round-trips, and refuses a value moved to another row or altered", () => {
    const k = keyringFromEnv(`k1:${randomBytes(32).toString("base64")}`);
    const s = seal(k, "Fictional witness Parvin", "claim:a");
    expect(s).not.toContain("Parvin");
    expect(openSealed(k, s, "claim:a")).toBe("Fictional witness Parvin");
    expect(() => openSealed(k, s, "claim:b")).toThrow(/integrity/);
    const parts = s.split(":");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => openSealed(k, parts.join(":"), "claim:a")).toThrow(/integrity/);
  });

  it("keeps the key file outside pgdata, readable only by its owner", () => {
    const file = keyFilePath({ dataDir: t.dataDir });
    expect(file.startsWith(t.dataDir)).toBe(true);
    expect(file).not.toContain("pgdata");
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});

describe("confidential values at rest", () => {
  it("stores no plaintext of confidential claims (API path and CSV import), while authorized readers see them", async () => {
    const canary = `CANARY-${randomBytes(6).toString("hex")}`;
    const person = await buildEntity(t.db, { visibility: "team" });
    const src = await buildSource(t.db);
    const claim = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "witness_name",
        value: { type: "name", text: `${canary} Fictional`, kind: "full" },
        sources: [{ sourceId: src.id }],
        editorial: false,
        confidence: "medium",
        visibility: "confidential",
        status: "asserted",
      }),
    );
    const dateCanary = "1367-05-12";
    const csv = `record_id,full_name,notes@confidential,death_date@confidential\nr1,Fictional Person One,${canary}-csv,${dateCanary}\n`;
    const report = await runPersonImport(t.db, testActor, csv, { listName: `Fictional list ${randomBytes(4).toString("hex")}`, isFictional: true });
    expect(report.errors).toEqual([]);

    const raw = await rawTables();
    expect(raw).not.toContain(canary);
    expect(raw).not.toContain(dateCanary);
    expect(raw).toContain("sabt:1:");

    expect((await getClaim(t.db, testActor, claim.id)).valueText).toBe(`${canary} Fictional`);
    const editor = { kind: "user", userId: "u", name: "Fictional editor", role: "editor" } as const;
    expect((await listClaims(t.db, editor, person.id)).map((c) => c.valueText)).toContain(`${canary} Fictional`);
    const reviewer = { kind: "user", userId: "u", name: "Fictional reviewer", role: "reviewer" } as const;
    await expect(getClaim(t.db, reviewer, claim.id)).rejects.toThrow(/not found/);
    await expect(getClaim(t.db, ANONYMOUS, claim.id)).rejects.toThrow(/not found/);
  });

  it("unseals when a claim stops being confidential, re-seals when it becomes confidential again, and reverts through sealed history", async () => {
    const canary = `CANARY-${randomBytes(6).toString("hex")}`;
    const person = await buildEntity(t.db, { visibility: "team" });
    const src = await buildSource(t.db);
    const c1 = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "note",
        value: { type: "text", text: canary },
        sources: [{ sourceId: src.id }],
        editorial: false,
        confidence: "medium",
        visibility: "confidential",
        status: "asserted",
      }),
    );
    const c2 = await t.db.transaction().execute((trx) => editClaim(trx, testActor, c1.id, { version: c1.version, visibility: "team" }));
    const plainRow = await t.db.selectFrom("claim").select(["value_text"]).where("id", "=", c1.id).executeTakeFirstOrThrow();
    expect(plainRow.value_text).toBe(canary);
    const c3 = await t.db.transaction().execute((trx) => editClaim(trx, testActor, c1.id, { version: c2.version, visibility: "confidential", value: { type: "text", text: `${canary}-v3` } }));
    const row = await t.db.selectFrom("claim").select(["value_text", "value"]).where("id", "=", c1.id).executeTakeFirstOrThrow();
    expect(row.value_text).toBe("");
    expect(JSON.stringify(row.value)).not.toContain(canary);
    const { revisions: history } = await listClaimRevisions(t.db, testActor, c1.id);
    expect(history.map((h) => h.snapshot.value_text)).toEqual([canary, canary, `${canary}-v3`]);
    const reverted = await t.db.transaction().execute((trx) => revertClaim(trx, testActor, c1.id, { version: c3.version, toVersion: 1 }));
    expect(reverted.valueText).toBe(canary);
    expect(reverted.visibility).toBe("confidential");
    const after = await t.db.selectFrom("claim").select(["value_text"]).where("id", "=", c1.id).executeTakeFirstOrThrow();
    expect(after.value_text).toBe("");
  });

  it("seals a confidential entity's label in its row and history, keeps the name out of its slug, and opens it for permitted readers only", async () => {
    const name = `Fictional witness Shirin CANARY-label-${process.pid}`;
    const e = await t.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "person", label: name, visibility: "confidential", isFictional: true }));
    expect(e.label).toBe(name);
    expect(e.slug).not.toMatch(/shirin/i);
    const rawEntity = await sql<{ j: string }>`SELECT to_jsonb(e)::text AS j FROM entity e WHERE id = ${e.id}`.execute(t.db);
    expect(rawEntity.rows[0]!.j).not.toContain("Shirin");
    expect(await rawTables()).not.toContain("Shirin");
    expect((await getEntity(t.db, testActor, e.id)).label).toBe(name);
    await expect(getEntity(t.db, ANONYMOUS, e.id)).rejects.toThrow(/not found/i);
    // Made team-visible, the label is stored plain; made confidential again, sealed again, and
    // the history shows every version's label to those who may read it.
    const v2 = await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: 1, visibility: "team" }));
    expect((await t.db.selectFrom("entity").select("label").where("id", "=", e.id).executeTakeFirstOrThrow()).label).toBe(name);
    await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: v2.version, visibility: "confidential", label: `${name} v3` }));
    expect((await t.db.selectFrom("entity").select("label").where("id", "=", e.id).executeTakeFirstOrThrow()).label).toMatch(/^sabt:1:/);
    const history = await listEntityRevisions(t.db, testActor, e.id);
    expect(history.map((h) => h.snapshot.label)).toEqual([name, name, `${name} v3`]);
    // Found through a claim of its own, it is listed under its opened label, never the sealed text.
    const src = await buildSource(t.db);
    await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, { entityId: e.id, property: "note", value: { type: "text", text: "Zarrinkafsh orchard" }, sources: [{ sourceId: src.id }], editorial: false, confidence: "medium", visibility: "team", status: "asserted" }),
    );
    const hits = await search(t.db, testActor, "Zarrinkafsh");
    expect(hits.find((h) => h.id === e.id)?.label).toBe(`${name} v3`);
  });

  it("seals the earlier public versions of a value and of a name when they become confidential, and history still opens for readers", async () => {
    const canary = `CANARY-history-${randomBytes(6).toString("hex")}`;
    const person = await buildEntity(t.db);
    const src = await buildSource(t.db);
    const c1 = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, { entityId: person.id, property: "note", value: { type: "text", text: canary }, sources: [{ sourceId: src.id }], editorial: false, confidence: "medium", visibility: "public", status: "asserted" }),
    );
    const c2 = await t.db.transaction().execute((trx) => editClaim(trx, testActor, c1.id, { version: c1.version, value: { type: "text", text: `${canary}-v2` } }));
    expect(await rawTables()).toContain(canary);
    await t.db.transaction().execute((trx) => editClaim(trx, testActor, c1.id, { version: c2.version, visibility: "confidential" }));
    expect(await rawTables()).not.toContain(canary);
    const { revisions } = await listClaimRevisions(t.db, testActor, c1.id);
    expect(revisions.map((h) => h.snapshot.value_text)).toEqual([canary, `${canary}-v2`, `${canary}-v2`]);

    const name = `Fictional witness Golnar ${canary}`;
    const e = await t.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "person", label: name, visibility: "public", isFictional: true }));
    expect(e.slug).toMatch(/golnar/);
    await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: e.version, visibility: "confidential" }));
    const raw = await rawTables();
    expect(raw).not.toContain(canary);
    expect(raw).not.toMatch(/golnar/i);
    expect((await listEntityRevisions(t.db, testActor, e.id)).map((h) => h.snapshot.label)).toEqual([name, name]);
  });

  it("keeps revisions append-only: a plain UPDATE or DELETE of a revision is refused", async () => {
    await expect(sql`UPDATE revision SET reason = 'rewritten' WHERE object_type = 'claim'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM revision WHERE object_type = 'entity'`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("gives an entity that becomes confidential a slug without its name, and keeps no redirect from the old one", async () => {
    const e = await t.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "person", label: "Fictional Informant Darab", visibility: "team", isFictional: true }));
    expect(e.slug).toMatch(/darab/);
    const c = await t.db.transaction().execute((trx) => editEntity(trx, testActor, e.id, { version: 1, visibility: "confidential" }));
    expect(c.slug).not.toMatch(/darab/);
    expect(await resolveOldSlug(t.db, e.slug)).toBeUndefined();
  });

  it("rotates the key: every confidential value is re-sealed with the new key, and old history still opens", async () => {
    const before = activeKeyring().primaryId;
    const added = addPrimaryKey({ dataDir: t.dataDir });
    installKeyring(added.keyring);
    expect(added.newKeyId).not.toBe(before);
    const report = await resealAll(t.db, testActor);
    expect(report.claimsResealed).toBeGreaterThan(0);
    expect(report.entityLabelsResealed).toBeGreaterThan(0);
    const labels = await t.db.selectFrom("entity").select(["id", "label"]).where("visibility", "=", "confidential").execute();
    for (const r of labels) expect(r.label).toContain(`sabt:1:${added.newKeyId}:`);
    for (const r of labels) expect((await getEntity(t.db, testActor, r.id)).label).toMatch(/^Fictional/);
    const rows = await t.db.selectFrom("claim").select(["id", "value"]).where("visibility", "=", "confidential").execute();
    for (const r of rows) expect(JSON.stringify(r.value)).toContain(`sabt:1:${added.newKeyId}:`);
    for (const r of rows) expect((await getClaim(t.db, testActor, r.id)).valueText).not.toBe("");
    // A second pass has nothing left to do; the key file lists both keys.
    expect(await resealAll(t.db, testActor)).toMatchObject({ claimsResealed: 0, entityLabelsResealed: 0 });
    expect([...loadKeyring({ dataDir: t.dataDir }).keys.keys()]).toEqual([before, added.newKeyId]);
    const audit = await t.db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "keys.rotate").execute();
    expect(audit.length).toBe(2);
  });
});
