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
import { restoreBackup, writeBackup } from "./backup.ts";

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
