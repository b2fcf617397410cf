/**
 * The submissions core: receipt codes typed back in other forms, the proof-of-work check, content
 * sealed at rest, and re-sealing under a new key after `sabt keys rotate`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor } from "../../test/factories.ts";
import { openBlobStore } from "../archive/index.ts";
import { activeKeyring, addPrimaryKey, installKeyring } from "../crypto/index.ts";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { createEntity } from "../entities/index.ts";
import { checkAnswer, makeSourceFromSubmission, newReceiptCode, normalizeReceiptCode, readSubmission, resealSubmissions, submissionStatus, submit } from "./index.ts";
import { solveChallenge } from "../../test/pow.ts";
import { issueChallenge } from "./pow.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("receipt codes", () => {
  it("are 100 random bits in Latin letters and digits, read back whatever the case, digits or separators", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newReceiptCode()));
    expect(codes.size).toBe(200);
    const code = [...codes][0]!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    const canonical = code.replace(/-/g, "");
    const persian = code.toLowerCase().replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]!).replace(/-/g, " ");
    expect(normalizeReceiptCode(persian)).toBe(canonical);
    expect(normalizeReceiptCode("not a code")).toBeUndefined();
    expect(normalizeReceiptCode("constructor")).toBeUndefined();
  });
});

describe("the proof-of-work", () => {
  it("accepts a solved challenge and refuses a forged, weakened, expired or unsolved one", () => {
    const now = new Date();
    const ch = issueChallenge(8, now);
    const nonce = solveChallenge(ch);
    expect(checkAnswer(ch, nonce, 8, now)).toBeDefined();
    expect(checkAnswer(ch.replace(".8.", ".2."), nonce, 8, now)).toBeUndefined();
    expect(checkAnswer(ch, nonce, 12, now)).toBeUndefined();
    expect(checkAnswer(ch, nonce, 8, new Date(now.getTime() + 31 * 60_000))).toBeUndefined();
    const wrong = Array.from({ length: 50 }, (_v, i) => String(i)).find((n) => checkAnswer(ch, n, 8, now) === undefined)!;
    expect(checkAnswer(ch, wrong, 8, now)).toBeUndefined();
  });
});

describe("a submission at rest", () => {
  it("is sealed, opens for the team, and is re-sealed with a new primary key", async () => {
    const store = openBlobStore({ backend: "fs", dataDir: t.dataDir });
    const { id, receipt } = await submit(t.db, store, { lang: "en", fields: { kind: "missing", text: "QZXREST Fictional Kaveh is on no list", contact: "QZXCONTACT" }, files: [] });
    const raw = await t.db.selectFrom("submission").select("sealed").where("id", "=", id).executeTakeFirstOrThrow();
    expect(raw.sealed).not.toContain("QZX");
    expect(raw.sealed).toContain(`:${activeKeyring().primaryId}:`);
    expect((await submissionStatus(t.db, receipt))?.state).toBe("received");

    const added = addPrimaryKey({ dataDir: t.dataDir });
    installKeyring(added.keyring);
    expect(await resealSubmissions(t.db, testActor)).toBe(1);
    const after = await t.db.selectFrom("submission").select("sealed").where("id", "=", id).executeTakeFirstOrThrow();
    expect(after.sealed).toContain(`:${added.newKeyId}:`);
    expect((await readSubmission(t.db, testActor, id)).content).toMatchObject({ text: "QZXREST Fictional Kaveh is on no list", contact: "QZXCONTACT" });
    expect(await resealSubmissions(t.db, testActor)).toBe(0);
    // In the audit log like the rotation of claims: which key, how many (never what they say).
    const audit = await t.db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "=", "submissions.reseal").execute();
    expect(audit).toEqual([{ action: "submissions.reseal", object_id: added.newKeyId, details: { submissionsResealed: 1 } }]);
  });
});

describe("making a source from a submission", () => {
  const sources = async () => Number((await t.db.selectFrom("entity").select((eb) => eb.fn.countAll<string>().as("n")).where("type", "=", "source").executeTakeFirstOrThrow()).n);
  const store = () => openBlobStore({ backend: "fs", dataDir: t.dataDir });

  it("makes one source when two editors click at once", async () => {
    const { id } = await submit(t.db, store(), { lang: "en", fields: { kind: "testimony", text: "Fictional testimony clicked twice" }, files: [] });
    const before = await sources();
    // Concurrent on PostgreSQL; PGlite runs one transaction after the other.
    const made = await Promise.allSettled([1, 2].map(() => t.db.transaction().execute((trx) => makeSourceFromSubmission(trx, testActor, id))));
    const ids = made.flatMap((m) => (m.status === "fulfilled" ? [m.value] : []));
    expect(new Set(ids).size).toBe(1);
    for (const m of made) if (m.status === "rejected") expect(m.reason).toMatchObject({ id: "conflict" });
    expect(await sources()).toBe(before + 1);
    expect((await t.db.selectFrom("submission").select("source_id").where("id", "=", id).executeTakeFirstOrThrow()).source_id).toBe(ids[0]);
  });

  it("never overwrites a source another editor recorded between its read and its update, and leaves no second source", async () => {
    const { id } = await submit(t.db, store(), { lang: "en", fields: { kind: "testimony", text: "Fictional testimony raced" }, files: [] });
    const theirs = await t.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "source", label: "Fictional source of the other editor", visibility: "confidential", isFictional: true }));
    const before = await sources();
    // The other editor, standing in as a trigger: their source is recorded as soon as ours is created.
    await sql.raw(`CREATE FUNCTION test_other_editor() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      UPDATE submission SET source_id = '${theirs.id}' WHERE id = '${id}' AND source_id IS NULL; RETURN NULL; END $$`).execute(t.db);
    await sql.raw(`CREATE TRIGGER test_other_editor AFTER INSERT ON entity FOR EACH ROW WHEN (NEW.type = 'source') EXECUTE FUNCTION test_other_editor()`).execute(t.db);
    try {
      await expect(t.db.transaction().execute((trx) => makeSourceFromSubmission(trx, testActor, id))).rejects.toMatchObject({ id: "conflict" });
    } finally {
      await sql.raw("DROP TRIGGER test_other_editor ON entity").execute(t.db);
      await sql.raw("DROP FUNCTION test_other_editor()").execute(t.db);
    }
    expect(await sources()).toBe(before);
    // Rolled back with ours: the other editor's source is recorded by their own transaction.
    expect((await t.db.selectFrom("submission").select("source_id").where("id", "=", id).executeTakeFirstOrThrow()).source_id).toBeNull();
  });
});

describe("a submission that fails after its files were received", () => {
  it("leaves no file in the store and no row behind", async () => {
    const store = openBlobStore({ backend: "fs", dataDir: t.dataDir });
    const bytes = new TextEncoder().encode(`a fictional letter that is never stored ${randomUUID()}`);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const count = async (table: "submission" | "archive_item" | "archive_custody") => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    const before = { s: await count("submission"), a: await count("archive_item"), c: await count("archive_custody") };
    // The person the sender came from is gone by the time the submission is written.
    const req = { lang: "en" as const, fields: { kind: "testimony", text: "Fictional testimony about a record that is gone" }, files: [{ name: "letter.txt", type: "text/plain", bytes }], entityId: randomUUID() };
    await expect(submit(t.db, store, req)).rejects.toThrow();
    expect({ s: await count("submission"), a: await count("archive_item"), c: await count("archive_custody") }).toEqual(before);
    expect(await store.stat(sha256)).toBeNull();
    // Nor a staged copy.
    const staging = join(t.dataDir, "blobs", "tmp");
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
  });
});
