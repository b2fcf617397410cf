import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAbortedTransactionError, Kysely, sql } from "kysely";
import type { PGlite } from "@electric-sql/pglite";
import { openPglite } from "./connect.ts";
import { PGliteDialect } from "./pglite-dialect.ts";

interface Db {
  t: { n: number };
}

let pglite: PGlite;
let db: Kysely<Db>;

beforeAll(async () => {
  pglite = await openPglite(undefined);
  db = new Kysely<Db>({ dialect: new PGliteDialect({ pglite }) });
  await sql`CREATE TABLE t (n integer PRIMARY KEY)`.execute(db);
});

afterAll(async () => {
  await db.destroy();
});

async function numbers(): Promise<number[]> {
  return (await db.selectFrom("t").select("n").orderBy("n").execute()).map((r) => r.n);
}

describe("the PGlite dialect", () => {
  it("commits a transaction, rolls back a failed one, and counts affected rows", async () => {
    await db.deleteFrom("t").execute();
    await db.transaction().execute((trx) => trx.insertInto("t").values({ n: 1 }).execute());
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t").values({ n: 2 }).execute();
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await numbers()).toEqual([1]);
    const [deleted] = await db.deleteFrom("t").execute();
    expect(deleted?.numDeletedRows).toBe(1n);
  });

  it("serialises queries that arrive while a transaction holds the one connection", async () => {
    await db.deleteFrom("t").execute();
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ n: 1 }).execute();
      inside();
      await new Promise((r) => setTimeout(r, 50));
      await trx.insertInto("t").values({ n: 2 }).execute();
    });
    await entered;
    // Waits for the transaction instead of running inside it or seeing half of it.
    const seen = await numbers();
    await tx;
    expect(seen).toEqual([1, 2]);
  });

  it("keeps a query made on the PGlite instance outside Kysely out of an open transaction", async () => {
    await db.deleteFrom("t").execute();
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ n: 1 }).execute();
      inside();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error("stop");
    });
    await entered;
    const outside = pglite.query("INSERT INTO t (n) VALUES (9)");
    await expect(tx).rejects.toThrow("stop");
    await outside;
    expect(await numbers()).toEqual([9]);
  });

  it("reports a commit that PostgreSQL turned into a rollback as an aborted transaction", async () => {
    await db.deleteFrom("t").execute();
    const error = await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("t").values({ n: 1 }).execute();
        // A failed statement whose error is swallowed leaves the transaction aborted.
        await trx
          .insertInto("t")
          .values({ n: 1 })
          .execute()
          .catch(() => {});
      })
      .catch((e: unknown) => e);
    expect(isAbortedTransactionError(error)).toBe(true);
    expect(await numbers()).toEqual([]);
    // The connection is usable afterwards.
    await db.insertInto("t").values({ n: 3 }).execute();
    expect(await numbers()).toEqual([3]);
  });

  it("rolls back to a savepoint inside a controlled transaction", async () => {
    await db.deleteFrom("t").execute();
    const trx = await db.startTransaction().execute();
    await trx.insertInto("t").values({ n: 1 }).execute();
    const sp = await trx.savepoint("before two").execute();
    await sp.insertInto("t").values({ n: 2 }).execute();
    const back = await sp.rollbackToSavepoint("before two").execute();
    await back.releaseSavepoint("before two").execute();
    await trx.commit().execute();
    expect(await numbers()).toEqual([1]);
  });
});
