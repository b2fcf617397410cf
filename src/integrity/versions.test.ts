import { randomBytes } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { ingestFile, openBlobStore, recordCustodyEvent } from "../archive/index.ts";
import { createClaim, editClaim, listClaimRevisions, revertClaim, type Claim } from "../claims/index.ts";
import { addPrimaryKey, installKeyring } from "../crypto/index.ts";
import { migrateTo, migrateToLatest, type Db } from "../db/index.ts";
import { GENESIS_HASH, hashAuditEntry } from "../audit/index.ts";
import { createEntity, editEntity, listEntityRevisions, type Entity } from "../entities/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { resealAll } from "../key-rotation/index.ts";
import { commitExistingVersions } from "./backfill.ts";
import { verifyIntegrity, type IntegrityReport } from "./integrity.service.ts";

/**
 * Issue 13, "integrity without holes": every tamper case below must fail `verifyIntegrity`
 * naming the object, on a collection that passes while honest (imports and re-imports, edits,
 * reverts, confidentiality changes, a key rotation, custody events).
 */
let t: TestDatabase;
let claim: Claim;
let secretClaim: Claim;
let person: Entity;
let itemId: string;
const config = () => testConfig({ SABT_DATA_DIR: t.dataDir });
const canary = `Fictional Golnar CANARY${randomBytes(4).toString("hex")}`;

/** Runs `tamper` and `verifyIntegrity` in a transaction that is rolled back, so each case starts honest. */
async function verifyTampered(tamper: RawBuilder<unknown>[]): Promise<IntegrityReport> {
  let report: IntegrityReport | undefined;
  const rollback = new Error("rollback");
  await t.db
    .transaction()
    .execute(async (trx) => {
      for (const s of tamper) await s.execute(trx);
      report = await verifyIntegrity(trx as Db, config());
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return report!;
}
const off = (table: string) => sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`;

beforeAll(async () => {
  t = await createTestDatabase();
  const src = await buildSource(t.db);
  const base = { sources: [{ sourceId: src.id }], editorial: false, confidence: "medium" as const, status: "asserted" as const };
  person = await buildEntity(t.db, { visibility: "team" });
  claim = await t.db.transaction().execute((trx) =>
    createClaim(trx, testActor, { ...base, entityId: person.id, property: "note", value: { type: "text", text: "Fictional first note" }, visibility: "team" }),
  );
  const v2 = await t.db.transaction().execute((trx) => editClaim(trx, testActor, claim.id, { version: 1, value: { type: "text", text: "Fictional second note" } }));
  claim = await t.db.transaction().execute((trx) => revertClaim(trx, testActor, claim.id, { version: v2.version, toVersion: 1 }));
  // A public name that becomes confidential, as a claim and as an entity label.
  secretClaim = await t.db.transaction().execute((trx) =>
    createClaim(trx, testActor, { ...base, entityId: person.id, property: "name", value: { type: "name", text: canary, kind: "full" }, visibility: "public" }),
  );
  secretClaim = await t.db.transaction().execute((trx) => editClaim(trx, testActor, secretClaim.id, { version: 1, visibility: "confidential" }));
  const witness = await t.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "person", label: canary, visibility: "public", isFictional: true }));
  await t.db.transaction().execute((trx) => editEntity(trx, testActor, witness.id, { version: 1, visibility: "confidential" }));
  // An import, then a re-import that changes a value and makes a name confidential.
  const list = `Fictional list ${randomBytes(3).toString("hex")}`;
  const first = "record_id,full_name@public,death_date\nr1,Fictional Bahram Azadi,1367-05-12\nr2,Fictional Nasrin Kaveh,1367-05-13\n";
  expect((await runPersonImport(t.db, testActor, first, { listName: list, isFictional: true })).errors).toEqual([]);
  const second = "record_id,full_name@confidential,death_date\nr1,Fictional Bahram Azadi,1367-05-14\nr2,Fictional Nasrin Kaveh,1367-05-13\n";
  expect((await runPersonImport(t.db, testActor, second, { listName: list, isFictional: true })).errors).toEqual([]);
  // Evidence with a custody log of more than one event.
  const item = await ingestFile(t.db, openBlobStore(config().blobStore), { bytes: new TextEncoder().encode("Fictional testimony.\n") }, { filename: "t.txt" }, "system:test");
  itemId = item.id;
  await recordCustodyEvent(t.db, itemId, "system:test", "viewed");
  // A key rotation re-seals every confidential value: the commitments must still hold.
  installKeyring(addPrimaryKey({ dataDir: t.dataDir }).keyring);
  await resealAll(t.db, testActor);
});
afterAll(async () => {
  await t.close();
});

describe("sabt verify on an honest collection", () => {
  it("passes after imports, edits, reverts, confidentiality changes and a key rotation", async () => {
    const r = await verifyIntegrity(t.db, config());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.versions.claims).toBeGreaterThanOrEqual(6);
    expect(r.versions.commitments).toBeGreaterThan(10);
  });

  it("seals the earlier revisions of a value that became confidential, while its readers still see them", async () => {
    const raw = await sql<{ j: string }>`SELECT string_agg(snapshot::text, ' ') AS j FROM revision`.execute(t.db);
    expect(raw.rows[0]!.j).not.toContain(canary);
    expect(raw.rows[0]!.j).not.toContain("Fictional Bahram Azadi");
    expect(raw.rows[0]!.j).not.toContain("fictional-golnar");
    const { revisions } = await listClaimRevisions(t.db, testActor, secretClaim.id);
    expect(revisions.map((r) => r.snapshot.value_text)).toEqual([canary, canary]);
    const witness = await t.db.selectFrom("revision").select("object_id").where("object_type", "=", "entity").where("version", "=", 2).execute();
    const labels = await Promise.all(witness.map(async (w) => (await listEntityRevisions(t.db, testActor, w.object_id)).map((r) => r.snapshot.label)));
    expect(labels).toContainEqual([canary, canary]);
  });
});

describe("sabt verify against tampering", () => {
  const where = (r: IntegrityReport) => r.problems.map((p) => `${p.where}: ${p.message}`).join("\n");

  it("names a claim whose value was updated directly", async () => {
    const r = await verifyTampered([sql`UPDATE claim SET value_text = 'Forged', value = '{"type":"text","text":"Forged"}' WHERE id = ${claim.id}`]);
    expect(r.ok).toBe(false);
    expect(where(r)).toMatch(new RegExp(`claim ${claim.id}: its current row \\(version ${claim.version}\\) does not match`));
  });

  it("names a claim whose sealed value was replaced", async () => {
    const r = await verifyTampered([sql`UPDATE claim SET value = jsonb_set(value, '{sealed}', '"sabt:1:x:AAAA:BBBB:CCCC"') WHERE id = ${secretClaim.id}`]);
    expect(where(r)).toMatch(new RegExp(`claim ${secretClaim.id}: its current row .* cannot be opened`));
  });

  it("names an entity whose label was updated directly", async () => {
    const r = await verifyTampered([sql`UPDATE entity SET label = 'Forged label' WHERE id = ${person.id}`]);
    expect(where(r)).toMatch(new RegExp(`entity ${person.id}: its current row`));
  });

  it("names the claim whose revision was altered", async () => {
    const r = await verifyTampered([
      off("revision"),
      sql`UPDATE revision SET snapshot = jsonb_set(snapshot, '{value_text}', '"Forged"') WHERE object_type = 'claim' AND object_id = ${claim.id} AND version = 2`,
    ]);
    expect(where(r)).toMatch(new RegExp(`claim ${claim.id}: revision 2 does not match`));
  });

  it("names the claim whose revision was deleted", async () => {
    const r = await verifyTampered([off("revision"), sql`DELETE FROM revision WHERE object_type = 'claim' AND object_id = ${claim.id} AND version = 1`]);
    expect(where(r)).toMatch(new RegExp(`claim ${claim.id}: revision 1 is missing`));
  });

  it("names the claim deleted together with its revisions, its commitments and its history", async () => {
    const r = await verifyTampered([
      off("revision"),
      off("version_commitment"),
      sql`DELETE FROM revision WHERE object_id = ${claim.id}`,
      sql`DELETE FROM claim_sealed_term WHERE claim_id = ${claim.id}`,
      sql`DELETE FROM claim WHERE id = ${claim.id}`,
      sql`DELETE FROM version_commitment WHERE object_id = ${claim.id}`,
    ]);
    expect(r.ok).toBe(false);
    expect(where(r)).toMatch(new RegExp(`audit entry \\d+: the \\d+ version\\(s\\) it committed \\(claim ${claim.id}\\) are gone`));
  });

  it("names the item whose last custody event was deleted and whose head was rewritten to match", async () => {
    const r = await verifyTampered([
      off("archive_custody"),
      sql`DELETE FROM archive_custody WHERE item_id = ${itemId} AND seq = (SELECT max(seq) FROM archive_custody WHERE item_id = ${itemId})`,
      sql`UPDATE archive_item SET custody_count = custody_count - 1,
            custody_head = (SELECT hash FROM archive_custody WHERE item_id = ${itemId} ORDER BY seq DESC LIMIT 1) WHERE id = ${itemId}`,
    ]);
    expect(r.ok).toBe(false);
    expect(where(r)).toMatch(new RegExp(`archive item ${itemId}: custody event \\d+, committed in the audit log, is missing`));
  });
});

describe("sabt verify on a database from before the commitments", () => {
  it("commits its rows once at the first start after the upgrade, so that it passes, and then finds tampering", async () => {
    const u = await createTestDatabase();
    try {
      await migrateTo(u.db, "2026_11_26_0008_sealed_terms");
      // An honest old database, written as Sabt wrote it then: an imported person (no revision
      // of version 1) whose label was later edited (revision 2 only), a claim edited once.
      const at = new Date("2026-11-20T10:00:00.000Z");
      await sql`INSERT INTO entity (id, type, slug, label, visibility, is_fictional, version, created_by, created_at, updated_at)
        VALUES ('p1', 'person', 'fictional-roya', 'Fictional Roya Two', 'public', true, 2, 'system:old', ${at}, ${at})`.execute(u.db);
      await sql`INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
        SELECT 'entity', e.id, 2, 'update', to_jsonb(e), 'system:old', NULL, ${at} FROM entity e`.execute(u.db);
      await sql`INSERT INTO claim (id, entity_id, property, value_type, value, value_text, search_key, sources, editorial, confidence, visibility, status, preferred, author, version, created_at, updated_at)
        VALUES ('c1', 'p1', 'note', 'text', '{"type":"text","text":"Fictional old note"}', 'Fictional old note', 'fictional old note', '[]', true, 'medium', 'team', 'asserted', false, 'system:old', 1, ${at}, ${at})`.execute(u.db);
      await sql`INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
        SELECT 'claim', c.id, 1, 'create', to_jsonb(c) - 'tsv', 'system:old', NULL, ${at} FROM claim c`.execute(u.db);
      await sql`UPDATE claim SET value = '{"type":"text","text":"Fictional newer note"}', value_text = 'Fictional newer note', version = 2`.execute(u.db);
      let prev = GENESIS_HASH;
      for (const [seq, objectType, objectId] of [["1", "entity", "p1"], ["2", "claim", "c1"]] as const) {
        const entry = { seq, at, actor: "system:old", action: `${objectType}.create`, objectType, objectId, details: {}, prevHash: prev };
        prev = hashAuditEntry(entry);
        await sql`INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, details, prev_hash, hash)
          VALUES (${seq}, ${at}, 'system:old', ${entry.action}, ${objectType}, ${objectId}, '{}', ${entry.prevHash}, ${prev})`.execute(u.db);
      }
      await migrateToLatest(u.db);
      const cfg = testConfig({ SABT_DATA_DIR: u.dataDir });
      expect((await verifyIntegrity(u.db, cfg)).ok).toBe(false);
      expect(await commitExistingVersions(u.db)).toBe(4);
      expect(await commitExistingVersions(u.db)).toBe(0);
      expect((await verifyIntegrity(u.db, cfg)).problems).toEqual([]);
      await sql`UPDATE claim SET value_text = 'Forged'`.execute(u.db);
      expect((await verifyIntegrity(u.db, cfg)).problems.map((p) => p.where)).toEqual(["claim c1"]);
    } finally {
      await u.close();
    }
  });
});
