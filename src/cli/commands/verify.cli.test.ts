import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { openDatabase } from "../../db/index.ts";

const dataDir = testDataDirs();

/** Runs SQL on the CLI's data directory behind Sabt's back (the CLI is not running meanwhile). */
async function tamper(env: Record<string, string>, run: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<void>): Promise<void> {
  const h = await openDatabase({ dataDir: env.SABT_DATA_DIR!, databaseUrl: env.DATABASE_URL }, { migrate: false });
  try {
    await run(h.db);
  } finally {
    await h.close();
  }
}

describe("sabt verify on a data directory changed behind Sabt's back", () => {
  it("passes after an import and a re-import, then exits 3 naming the claim updated directly and the revision deleted", async () => {
    const d = await dataDir();
    const csv = path.join(d.dataDir, "list.csv");
    fs.writeFileSync(csv, "record_id,full_name@public,notes\nv1,Fictional Verify Person,fictional first note\n");
    expect((await runSabt(["import", "persons", csv, "--list", "Fictional verify list", "--json"], d.env)).code).toBe(0);
    fs.writeFileSync(csv, "record_id,full_name@public,notes\nv1,Fictional Verify Person,fictional second note\n");
    expect((await runSabt(["import", "persons", csv, "--list", "Fictional verify list", "--json"], d.env)).code).toBe(0);

    const honest = await runSabt(["verify"], d.env);
    expect(honest.stdout).toMatch(/^OK: /);
    expect(honest.code).toBe(0);

    let claimId = "";
    await tamper(d.env, async (db) => {
      claimId = (await db.selectFrom("claim").select("id").where("value_text", "=", "fictional second note").executeTakeFirstOrThrow()).id;
      await sql`UPDATE claim SET value_text = 'Forged note', value = '{"type":"text","text":"Forged note"}' WHERE id = ${claimId}`.execute(db);
    });
    const bad = await runSabt(["verify"], d.env);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(new RegExp(`PROBLEM claim ${claimId}: its current row \\(version 2\\) does not match`));
    expect(bad.stdout).toMatch(/^FAILED: 1 problem\(s\)/);

    await tamper(d.env, async (db) => {
      await sql`ALTER TABLE revision DISABLE TRIGGER USER`.execute(db);
      await sql`DELETE FROM revision WHERE object_type = 'claim' AND object_id = ${claimId} AND version = 1`.execute(db);
      await sql`ALTER TABLE revision ENABLE TRIGGER USER`.execute(db);
    });
    const json = await runSabt(["verify", "--json"], d.env);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: { where: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ where: `claim ${claimId}`, message: expect.stringMatching(/^revision 1 is missing from the history/) });
  }, 300_000);
});
