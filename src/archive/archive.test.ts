import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import type { BlobStore } from "./blob-store.ts";
import { addDerivedItem, ingestFile } from "./archive.service.ts";
import { getCustodyLog, recordCustodyEvent, verifyCustody } from "./custody.service.ts";
import { openTestArchive } from "../../test/archive.ts";
import { verifyArchive } from "./verify.ts";

let db: Db;
let store: BlobStore;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, store, dir, close } = await openTestArchive());
}, 60_000);
afterAll(async () => close());

function writeTemp(name: string, content: Uint8Array | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe("intake and fixity", () => {
  it("records the same SHA-256 as sha256sum and stores the file at its content address", async () => {
    const content = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(300_000, 7)]);
    const file = writeTemp("report.pdf", content);
    const item = await ingestFile(
      db,
      store,
      { path: file },
      { title: "A report", provenance: { sourceUrl: "https://example.org/r" } },
      "test:alice",
    );
    const expected = execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];
    expect(item.sha256).toBe(expected);
    expect(item.size).toBe(content.length);
    expect(item.mediaType).toBe("application/pdf");
    expect(item.provenance).toMatchObject({
      ingestedBy: "test:alice",
      tool: "sabt",
      sourceUrl: "https://example.org/r",
    });
    const blob = path.join(dir, "blobs", "sha256", expected!.slice(0, 2), expected!.slice(2, 4), expected!);
    expect(fs.readFileSync(blob).equals(content)).toBe(true);
    expect(fs.statSync(blob).mode & 0o222).toBe(0);
  });

  it("stores identical content once and never overwrites it", async () => {
    const a = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("same bytes\n") },
      { filename: "a.txt" },
      "test:alice",
    );
    const b = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("same bytes\n") },
      { filename: "b.txt" },
      "test:bob",
    );
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    const all: string[] = [];
    for await (const h of store.list()) all.push(h);
    expect(all.filter((h) => h === a.sha256)).toHaveLength(1);
  });

  it("refuses a file above the size limit and leaves nothing behind", async () => {
    await expect(
      ingestFile(db, store, { bytes: Buffer.alloc(2048) }, { filename: "big.bin" }, "test:alice", {
        maxBytes: 1024,
      }),
    ).rejects.toMatchObject({ id: "payload_too_large" });
    expect(fs.readdirSync(path.join(dir, "blobs", "tmp"))).toEqual([]);
  });

  it("fails verification naming the item when one byte of its stored file flips", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("evidence that must not change ".repeat(100)) },
      { filename: "e.txt" },
      "test:alice",
    );
    expect((await verifyArchive(db, store)).ok).toBe(true);
    const blob = path.join(
      dir,
      "blobs",
      "sha256",
      item.sha256.slice(0, 2),
      item.sha256.slice(2, 4),
      item.sha256,
    );
    fs.chmodSync(blob, 0o644);
    const bytes = fs.readFileSync(blob);
    bytes[10] = bytes[10]! ^ 0x01;
    fs.writeFileSync(blob, bytes);
    const result = await verifyArchive(db, store);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ itemId: item.id, kind: "mismatch" })]);
    bytes[10] = bytes[10]! ^ 0x01;
    fs.writeFileSync(blob, bytes);
    fs.rmSync(blob);
    const missing = await verifyArchive(db, store);
    expect(missing.problems).toEqual([expect.objectContaining({ itemId: item.id, kind: "missing" })]);
    fs.writeFileSync(blob, bytes);
    expect((await verifyArchive(db, store)).ok).toBe(true);
  });
});

describe("chain of custody", () => {
  it("chains ingest, view and derivation events and verifies them", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("testimony transcript\n") },
      { filename: "t.txt" },
      "test:alice",
    );
    await recordCustodyEvent(db, item.id, "test:bob", "viewed", { via: "test" });
    const derived = await addDerivedItem(
      db,
      store,
      item.id,
      { bytes: Buffer.from("redacted transcript\n") },
      { derivation: "redacted", filename: "t.redacted.txt", tool: "test", toolVersion: "1" },
      "test:bob",
    );
    expect(derived.originalId).toBe(item.id);
    const log = await getCustodyLog(db, item.id);
    expect(log.map((e) => e.action)).toEqual(["ingested", "viewed", "derived"]);
    expect(log[1]!.prevHash).toBe(log[0]!.hash);
    expect(log[2]!.details).toMatchObject({ derivedItemId: derived.id });
    expect((await verifyCustody(db, item.id)).ok).toBe(true);
    expect((await getCustodyLog(db, derived.id))[0]!.details).toMatchObject({ derivedFrom: item.id });
  });

  it("refuses updates to the log, and detects an altered or removed event", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("photo of a document\n") },
      { filename: "p.txt" },
      "test:alice",
    );
    await recordCustodyEvent(db, item.id, "test:bob", "viewed");
    await recordCustodyEvent(db, item.id, "test:carol", "viewed");
    await expect(
      sql`UPDATE archive_custody SET actor = 'x' WHERE item_id = ${item.id}`.execute(db),
    ).rejects.toThrow(/append-only/);

    // Someone with superuser rights bypasses the trigger: the hash chain still exposes it.
    await sql`ALTER TABLE archive_custody DISABLE TRIGGER archive_custody_append_only`.execute(db);
    try {
      await sql`UPDATE archive_custody SET actor = 'test:nobody' WHERE item_id = ${item.id} AND seq = 2`.execute(
        db,
      );
      const altered = await verifyCustody(db, item.id);
      expect(altered.ok).toBe(false);
      expect(altered.problems.join("\n")).toMatch(/event 2 \(viewed\) was altered/);
      const result = await verifyArchive(db, store);
      expect(result.problems).toContainEqual(
        expect.objectContaining({ itemId: item.id, kind: "custody_chain" }),
      );

      await sql`UPDATE archive_custody SET actor = 'test:bob' WHERE item_id = ${item.id} AND seq = 2`.execute(
        db,
      );
      expect((await verifyCustody(db, item.id)).ok).toBe(true);
      await sql`DELETE FROM archive_custody WHERE item_id = ${item.id} AND seq = 3`.execute(db);
      const cut = await verifyCustody(db, item.id);
      expect(cut.ok).toBe(false);
      expect(cut.problems.join("\n")).toMatch(/records 3/);
    } finally {
      await sql`ALTER TABLE archive_custody ENABLE TRIGGER archive_custody_append_only`.execute(db);
    }
  });

  it("refuses changes to an item's fixity and refuses deleting items", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("immutable\n") },
      { filename: "i.txt" },
      "test:alice",
    );
    await expect(
      sql`UPDATE archive_item SET sha256 = ${"0".repeat(64)} WHERE id = ${item.id}`.execute(db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM archive_item WHERE id = ${item.id}`.execute(db)).rejects.toThrow(
      /never deleted/,
    );
  });
});
