import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { tempDir } from "../../../test/template.ts";

describe("sabt verify and sabt restore on the wrong input", () => {
  // The embedded database lives in the data directory; a server's database is named by DATABASE_URL.
  it.skipIf(Boolean(process.env.DATABASE_URL))("verify refuses a data directory with no database instead of reporting it intact, and creates nothing", async () => {
    const dir = path.join(tempDir(), "typo");
    const r = await runSabt(["verify"], { SABT_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error \[validation_failed\]: SABT_DATA_DIR: there is no Sabt database in .*typo/);
    expect(fs.existsSync(dir)).toBe(false);
    const j = await runSabt(["verify", "--json"], { SABT_DATA_DIR: dir });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { id: "validation_failed" } });
  });

  it("restore says in one line why a folder is not a backup, before touching the data directory", async () => {
    const dir = path.join(tempDir(), "new");
    const r = await runSabt(["restore", tempDir()], { SABT_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[validation_failed\]: file: .* is a folder, not a Sabt backup$/)]);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
