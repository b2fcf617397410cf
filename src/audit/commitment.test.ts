import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { commitVersions, verifyCommitmentBindings } from "./commitment.service.ts";
import { recordAuditAs } from "./audit.service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // Twelve audit entries, two versions each: more entries than one digit and more commitments
  // than one page, so paging crosses entry 9 → 10 the way a real collection does.
  for (let i = 1; i <= 12; i++) {
    await t.db.transaction().execute(async (trx) => {
      await commitVersions(trx, [
        { objectType: "claim", objectId: `c${i}`, version: 1, digest: `k:a${i}` },
        { objectType: "claim", objectId: `c${i}`, version: 2, digest: `k:b${i}` },
      ]);
      await recordAuditAs(trx, "system:test", { action: "claim.update", objectType: "claim", objectId: `c${i}` });
    });
  }
});
afterAll(async () => {
  await t.close();
});

describe("the commitments bound into the audit chain", () => {
  it("check out page by page across audit entries 9 and 10 (entries in number order, not text order)", async () => {
    for (const pageSize of [3, 5000]) {
      const r = await verifyCommitmentBindings(t.db, pageSize);
      expect(r.problems).toEqual([]);
      expect(r.checked).toBe(24);
    }
  });

  it("name the audit entry whose committed digest was changed behind Sabt's back", async () => {
    const seq = (await t.db.selectFrom("version_commitment").select("audit_seq").where("object_id", "=", "c10").executeTakeFirstOrThrow()).audit_seq;
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sql`ALTER TABLE version_commitment DISABLE TRIGGER USER`.execute(trx);
        await sql`UPDATE version_commitment SET digest = 'k:forged' WHERE object_id = 'c10' AND version = 2`.execute(trx);
        const r = await verifyCommitmentBindings(trx, 3);
        expect(r.problems.map((p) => p.where)).toEqual([`audit entry ${seq}`]);
        throw new Error("rollback");
      })
      .catch((e: unknown) => {
        if ((e as Error).message !== "rollback") throw e;
      });
  });
});
