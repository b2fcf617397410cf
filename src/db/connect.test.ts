import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t.close();
});

describe("the database connection", () => {
  // Only a server can cut a connection; PGlite runs in this process.
  it.skipIf(!process.env.DATABASE_URL)("survives the server ending an idle connection and answers the next query", async () => {
    await t.db.connection().execute(async (held) => {
      // While this connection is held, a query on the pool runs on another one, which then
      // sits idle in the pool; end it from the held session.
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(t.db)).rows[0]!.pid;
      await sql`SELECT pg_terminate_backend(${pid})`.execute(held);
    });
    await new Promise((r) => setTimeout(r, 300));
    const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(t.db);
    expect(again.rows[0]!.one).toBe(1);
  });
});
