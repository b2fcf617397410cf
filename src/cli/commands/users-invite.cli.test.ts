import { describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { hashToken } from "../../auth/index.ts";
import { openDatabase } from "../../db/index.ts";

const dataDir = testDataDirs();

describe("sabt user invite", () => {
  it("prints a one-time link whose token is stored only as a hash, and refuses a bad role", async () => {
    const d = await dataDir();
    const env: Record<string, string | undefined> = { ...d.env, SABT_PUBLIC_URL: "https://sabt.example.org" };
    const r = await runSabt(["user", "invite", "--email", "fictional.cli@example.org", "--name", "Fictional CLI Invitee", "--role", "editor", "--lang", "en"], env);
    expect(r.code, r.stderr).toBe(0);
    const token = /https:\/\/sabt\.example\.org\/team\/en\/invite\/(inv_[A-Za-z0-9_-]+)/.exec(r.stdout)![1]!;
    const bad = await runSabt(["user", "invite", "--email", "fictional.bad@example.org", "--name", "Fictional Bad", "--role", "emperor"], env);
    expect(bad.code).not.toBe(0);
    const h = await openDatabase({ dataDir: env.SABT_DATA_DIR!, databaseUrl: env.DATABASE_URL }, { migrate: false });
    try {
      const rows = await h.db.selectFrom("invitation").selectAll().execute();
      expect(rows.map((x) => [x.email, x.role, x.token_hash])).toEqual([["fictional.cli@example.org", "editor", hashToken(token)]]);
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      await h.close();
    }
  });
});
