import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor } from "../../test/factories.ts";
import { batchContext, prepareBatch } from "./batch-prepare.ts";
import { BatchPreparer } from "./batch-prepare-thread.ts";
import { parsePersonsCsv } from "./persons.csv.ts";

// The database only installs the keyring the thread receives.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const CSV = ["record_id,full_name@public,notes@confidential,death_date", "p1,Fictional Prepared One,secret one,1367/05/10", "p2,Fictional Prepared Two,,1367"].join("\n");

/** A claim row without what differs from one build to the next (ids, times, the sealed text). */
function comparable(row: Record<string, unknown>) {
  const { id: _id, entity_id: _entity, created_at: _c, updated_at: _u, ...rest } = row;
  return rest;
}

describe("building batches in a thread", () => {
  it("builds the same claim rows as this thread, with a digest for each and the COPY text for all", async () => {
    const { rows } = parsePersonsCsv(CSV, { keepUnparsed: false });
    const ctx = batchContext(testActor, "list-prepared");
    const thread = new BatchPreparer();
    try {
      const there = await thread.prepare(ctx, rows);
      const here = await prepareBatch(ctx, rows);
      expect(there.ids).toHaveLength(2);
      expect(there.claims.rows.map((r) => comparable(r as unknown as Record<string, unknown>))).toEqual(
        here.claims.rows.map((r) => comparable(r as unknown as Record<string, unknown>)),
      );
      // Confidential values are digested once stored (read back); the rest from the rows.
      expect(there.claims.digests.commitments.length + there.claims.digests.readBack.length).toBe(there.claims.rows.length);
      expect(there.claims.digests.readBack).toHaveLength(1);
      const text = new TextDecoder().decode(there.claims.copy[0]);
      expect(text.split("\n").filter(Boolean)).toHaveLength(there.claims.rows.length);
      expect(text).not.toContain("secret one");
    } finally {
      await thread.close();
    }
  });

  it("rejects a batch, rather than waiting forever, when its thread cannot start", async () => {
    const thread = new BatchPreparer(new URL("./no-such-worker.ts", import.meta.url));
    try {
      const { rows } = parsePersonsCsv(CSV, { keepUnparsed: false });
      await expect(thread.prepare(batchContext(testActor, "list-prepared"), rows)).rejects.toThrow();
    } finally {
      await thread.close();
    }
  });
});
