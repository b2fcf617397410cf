import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestArchive } from "../../test/archive.ts";
import { testJobContext } from "../../test/job-context.ts";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { getCustodyLog } from "./custody.service.ts";
import { REVERIFY_ACTOR, runReverifyJob } from "./reverify.job.ts";

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

describe("the re-verification job", () => {
  it("continues after the last page a killed attempt finished, recording each remaining item once", async () => {
    const items = [];
    for (const n of [1, 2, 3]) items.push(await ingestFile(db, store, { bytes: Buffer.from(`fictional statement ${n}\n`) }, { filename: `${n}.txt` }, "test:alice"));
    const ordered = [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
    // An earlier attempt finished the first item's page before its process died.
    const ctx = testJobContext("job-test", undefined, { after: ordered[0]!.id, checked: 1, problems: 0 });
    const result = await runReverifyJob(db, store, ctx);
    expect(result).toEqual({ ok: true, checked: 3, problems: 0 });
    const verified = async (id: string) => (await getCustodyLog(db, id)).filter((e) => e.action === "verified" && e.actor === REVERIFY_ACTOR).length;
    expect(await verified(ordered[0]!.id)).toBe(0);
    expect(await verified(ordered[1]!.id)).toBe(1);
    expect(await verified(ordered[2]!.id)).toBe(1);
    expect(ctx.saved.at(-1)).toEqual({ after: ordered[2]!.id, checked: 3, problems: 0 });
  });

  it("rejects when stopped, so the engine hands the job back instead of recording it as done", async () => {
    const stop = new AbortController();
    stop.abort(new Error("shutdown"));
    await expect(runReverifyJob(db, store, testJobContext("job-test", stop.signal))).rejects.toThrow("shutdown");
  });
});
