import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { getCustodyLog } from "./custody.service.ts";
import { scheduleReverification } from "./reverify-schedule.ts";
import { openTestArchive } from "../../test/archive.ts";

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

describe("scheduled re-verification", () => {
  it("re-verifies on its interval and records 'verified' in each intact item's custody log", async () => {
    const item = await ingestFile(db, store, { bytes: Buffer.from("scheduled check\n") }, { filename: "s.txt" }, "test:alice");
    const schedule = scheduleReverification(db, store, 100, { recordAs: "system:reverify" });
    const deadline = Date.now() + 30_000;
    while (!schedule.last() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await schedule.stop();
    expect(schedule.last()).toMatchObject({ ok: true, checked: 1, problems: [] });
    const log = await getCustodyLog(db, item.id);
    expect(log[1]).toMatchObject({ action: "verified", actor: "system:reverify" });
  });
});
