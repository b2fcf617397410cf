import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity } from "../../test/factories.ts";
import { blobKey, ingestFile, openBlobStore } from "../archive/index.ts";
import { verifyIntegrity } from "./integrity.service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("sabt verify's integrity check", () => {
  it("passes on an intact store and fails naming the item whose stored file had a byte flipped", async () => {
    const config = testConfig({ SABT_DATA_DIR: t.dataDir });
    const store = openBlobStore(config.blobStore);
    await buildEntity(t.db);
    const item = await ingestFile(t.db, store, { bytes: new TextEncoder().encode("Fictional testimony, page 1.\n") }, { filename: "t.txt" }, "system:test");
    const ok = await verifyIntegrity(t.db, config);
    expect(ok).toMatchObject({ ok: true, problems: [] });
    expect(ok.files.checked).toBeGreaterThanOrEqual(1);

    const file = path.join(t.dataDir, "blobs", blobKey(item.sha256));
    fs.chmodSync(file, 0o644);
    const bytes = fs.readFileSync(file);
    bytes[3] = bytes[3]! ^ 0xff;
    fs.writeFileSync(file, bytes);

    const bad = await verifyIntegrity(t.db, config);
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.where)).toContain(`archive item ${item.id}`);
  });
});
