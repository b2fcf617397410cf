import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { tempDir } from "../../test/template.ts";
import { createClaim, editClaim } from "../claims/index.ts";
import { exportAllJson } from "../exports/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { testConfig } from "../../test/config.ts";
import { addDerivedItem, blobKey, createFsBlobStore, ingestFile } from "../archive/index.ts";
import { activeKeyring } from "../crypto/index.ts";
import { verifyIntegrity } from "../integrity/index.ts";
import { inspectBackup, missingBackupKeys, missingKeysError, restoreBackup, writeBackup } from "./backup.ts";
import { orderSelfReferencing, orderTablesForRestore } from "./dump.service.ts";

let source: TestDatabase;
let target: TestDatabase;
let file: string;

async function exportLines(t: TestDatabase): Promise<string[]> {
  const lines: string[] = [];
  await exportAllJson(t.db, testActor, (l) => void lines.push(l));
  return lines;
}

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  file = path.join(tempDir(), "sabt.backup.gz");
  const p = await buildEntity(source.db, { label: "Fictional Restore Person" });
  const s = await buildSource(source.db);
  const c = await source.db.transaction().execute((trx) =>
    createClaim(trx, testActor, {
      entityId: p.id,
      property: "death_date",
      value: { type: "date", text: "۱۰ مرداد ۱۳۶۷" },
      sources: [{ sourceId: s.id, locator: { page: 3, quote: "«…»" } }],
      editorial: false,
      confidence: "high",
      visibility: "confidential",
      status: "asserted",
    }),
  );
  await source.db.transaction().execute((trx) => editClaim(trx, testActor, c.id, { version: 1, confidence: "low" }));
  await runPersonImport(source.db, testActor, "record_id,full_name,death_date\nr1,Fictional A,1367\nr2,Fictional B,1988-08-01", {
    listName: "Fictional restore list",
  });
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe("backup and restore", () => {
  it("restores into an empty database with identical exports: every claim, revision and audit entry", async () => {
    const counts = await writeBackup(source.db, file);
    expect(counts.claim).toBeGreaterThan(0);
    expect(counts.revision).toBeGreaterThan(0);
    expect(counts.audit_log).toBeGreaterThan(0);
    await restoreBackup(target.db, file);
    const a = await exportLines(source);
    const b = await exportLines(target);
    expect(b.length).toBe(a.length);
    expect(b).toEqual(a);
  });

  it("refuses to restore into a database that is not empty", async () => {
    await expect(restoreBackup(target.db, file)).rejects.toMatchObject({ id: "validation_failed", message: expect.stringMatching(/not empty/) });
  });

  it("refuses a damaged or truncated backup and keeps nothing", async () => {
    const empty = await createTestDatabase();
    try {
      const text = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8");
      const lines = text.trimEnd().split("\n");
      const truncated = path.join(tempDir(), "truncated.gz");
      fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, -1).join("\n") + "\n"));
      await expect(restoreBackup(empty.db, truncated)).rejects.toMatchObject({ id: "integrity_failed", message: expect.stringMatching(/truncated/) });
      const altered = path.join(tempDir(), "altered.gz");
      fs.writeFileSync(altered, zlib.gzipSync(text.replace("Fictional A", "Fictional Z")));
      await expect(restoreBackup(empty.db, altered)).rejects.toMatchObject({ id: "integrity_failed", message: expect.stringMatching(/checksum/) });
      const n = await empty.db.selectFrom("entity").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
    } finally {
      await empty.close();
    }
  });
});

/** Rewrites a backup's lines and its checksum, as someone crafting a file would. */
function rewriteBackup(from: string, to: string, edit: (lines: string[]) => string[]): void {
  const lines = edit(zlib.gunzipSync(fs.readFileSync(from)).toString("utf8").trimEnd().split("\n"));
  const body = lines.slice(0, -1).map((l) => l + "\n").join("");
  const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  trailer.sha256 = createHash("sha256").update(body).digest("hex");
  fs.writeFileSync(to, zlib.gzipSync(body + JSON.stringify(trailer) + "\n"));
}

describe("backup and restore of the evidence archive", () => {
  it("restores derived items that sort before their original, with every stored file, and the result verifies", async () => {
    const src = await createTestDatabase();
    const dst = await createTestDatabase();
    try {
      const srcStore = createFsBlobStore(path.join(src.dataDir, "blobs"));
      const original = await ingestFile(src.db, srcStore, { bytes: new TextEncoder().encode("Fictional report, page 1.\n") }, { filename: "r.txt" }, "system:test");
      // Restore inserts in key order unless it follows the foreign keys: make sure a derived item
      // has a smaller id than its original.
      for (let i = 0; i < 30; i++) {
        const d = await addDerivedItem(src.db, srcStore, original.id, { bytes: new TextEncoder().encode(`Fictional derived text ${i}\n`) },
          { filename: `d${i}.txt`, derivation: "text", tool: "test", toolVersion: "1" }, "system:test");
        if (d.id < original.id) break;
      }
      const backup = path.join(tempDir(), "archive.sabt.gz");
      await writeBackup(src.db, backup, { store: srcStore });
      const dstStore = createFsBlobStore(path.join(dst.dataDir, "blobs"));
      const r = await restoreBackup(dst.db, backup, { store: dstStore, dataDir: dst.dataDir });
      expect(r.missingBlobs).toBe(0);
      expect(r.blobs).toBeGreaterThanOrEqual(2);
      expect(await exportLines(dst)).toEqual(await exportLines(src));
      const report = await verifyIntegrity(dst.db, testConfig({ SABT_DATA_DIR: dst.dataDir }));
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.files.checked).toBeGreaterThanOrEqual(2);
    } finally {
      await src.close();
      await dst.close();
    }
  });

  it("refuses to write a backup while a stored file is damaged, naming it", async () => {
    const src = await createTestDatabase();
    try {
      const store = createFsBlobStore(path.join(src.dataDir, "blobs"));
      const item = await ingestFile(src.db, store, { bytes: new TextEncoder().encode("Fictional statement.\n") }, { filename: "s.txt" }, "system:test");
      const blob = path.join(src.dataDir, "blobs", blobKey(item.sha256));
      fs.chmodSync(blob, 0o644);
      fs.writeFileSync(blob, "Fictional statement, altered.\n");
      const out = path.join(tempDir(), "b.gz");
      await expect(writeBackup(src.db, out, { store })).rejects.toMatchObject({ id: "integrity_failed", message: expect.stringContaining(item.sha256) });
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await src.close();
    }
  });
});

describe("restore refuses what it cannot restore faithfully", () => {
  it("lists the keys that sealed the backup's confidential values and names each one a restore would lack", async () => {
    const info = await inspectBackup(file);
    expect(info.trailer.keyIds?.length).toBeGreaterThan(0);
    for (const k of info.trailer.keyIds!) expect(activeKeyring().keys.has(k)).toBe(true);
    expect(missingBackupKeys(info, ["kother"])).toEqual(info.trailer.keyIds);
    expect(missingBackupKeys(info, activeKeyring().keys.keys())).toEqual([]);
    expect(missingKeysError(info.trailer.keyIds!).message).toContain(info.trailer.keyIds![0]!);
  });

  it("refuses a backup written by a newer version of Sabt instead of dropping what it does not know", async () => {
    const newer = path.join(tempDir(), "newer.gz");
    rewriteBackup(file, newer, (lines) => {
      const h = JSON.parse(lines[0]!) as Record<string, unknown>;
      h.schema = "2099_01_01_0001_future";
      return [JSON.stringify(h), ...lines.slice(1)];
    });
    const empty = await createTestDatabase();
    try {
      await expect(restoreBackup(empty.db, newer)).rejects.toMatchObject({ id: "validation_failed", message: expect.stringMatching(/newer version of Sabt/) });
      const withColumn = path.join(tempDir(), "column.gz");
      rewriteBackup(file, withColumn, (lines) =>
        lines.map((l) => (l.startsWith('{"t":"entity"') ? l.replace('{"t":"entity","r":{', '{"t":"entity","r":{"future_column":1,') : l)),
      );
      await expect(restoreBackup(empty.db, withColumn)).rejects.toMatchObject({ id: "integrity_failed", message: expect.stringMatching(/entity\.future_column/) });
      const n = await empty.db.selectFrom("entity").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it("says clearly why a missing file, a folder, an empty file or a random file is not a backup", async () => {
    const dir = tempDir();
    const empty = path.join(dir, "empty.gz");
    fs.writeFileSync(empty, "");
    const random = path.join(dir, "random.bin");
    fs.writeFileSync(random, randomBytes(4096));
    const randomGz = path.join(dir, "random.gz");
    fs.writeFileSync(randomGz, zlib.gzipSync(randomBytes(4096)));
    const cut = path.join(dir, "cut.gz");
    const whole = fs.readFileSync(file);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const cases: [string, string, RegExp][] = [
      [path.join(dir, "missing.gz"), "validation_failed", /does not exist/],
      [dir, "validation_failed", /is a folder/],
      [empty, "validation_failed", /is empty/],
      [random, "validation_failed", /not a Sabt backup/],
      [randomGz, "validation_failed", /not a Sabt backup/],
      [cut, "integrity_failed", /damaged or truncated/],
    ];
    for (const [f, id, message] of cases) {
      await expect(inspectBackup(f), f).rejects.toMatchObject({ id, message: expect.stringMatching(message) });
    }
  });

  it("says clearly when the backup cannot be written where asked", async () => {
    const notADir = path.join(tempDir(), "plain-file");
    fs.writeFileSync(notADir, "x");
    await expect(writeBackup(source.db, path.join(notADir, "b.gz"))).rejects.toMatchObject({
      id: "validation_failed",
      message: expect.stringMatching(/cannot write .*is a file, not a folder/),
    });
    await expect(writeBackup(source.db, file)).rejects.toMatchObject({ id: "validation_failed", message: expect.stringMatching(/already exists/) });
  });
});

describe("backup consistency", () => {
  it("reads one snapshot: a change committed while the backup is being written is not half in it", async () => {
    const before = await source.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    let writer: Promise<unknown> | undefined;
    const out = path.join(tempDir(), "snapshot.gz");
    // Entities are dumped before the audit log: a new entity and its audit entry written in
    // between would otherwise leave the audit entry in the backup without its entity.
    const counts = await writeBackup(source.db, out, {
      onTable: (t) => {
        if (t === "entity") writer ??= buildEntity(source.db, { label: "Fictional Late Person" });
      },
    });
    await writer;
    expect(counts.audit_log).toBe(Number(before.n));
  });
});

describe("table order", () => {
  it("puts every table after the tables its foreign keys name", () => {
    const order = orderTablesForRestore(
      ["archive_custody", "archive_item", "b", "a"],
      [
        { table: "archive_custody", columns: ["item_id"], refTable: "archive_item", refColumns: ["id"] },
        { table: "archive_item", columns: ["original_id"], refTable: "archive_item", refColumns: ["id"] },
        { table: "a", columns: ["b_id"], refTable: "b", refColumns: ["id"] },
      ],
    );
    expect(order.indexOf("archive_item")).toBeLessThan(order.indexOf("archive_custody"));
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("a"));
  });

  it("puts the rows of a self-referencing table parents first", () => {
    const rows = [
      { id: "a", original_id: "c" },
      { id: "b", original_id: null },
      { id: "c", original_id: "b" },
    ];
    const sorted = orderSelfReferencing(rows, [{ table: "t", columns: ["original_id"], refTable: "t", refColumns: ["id"] }]);
    expect(sorted.map((r) => r.id)).toEqual(["b", "c", "a"]);
  });
});
