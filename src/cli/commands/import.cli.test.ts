import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../db/index.ts";
import { runSabt, startSabt, waitForOutput } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";

const freshDir = testDataDirs();
type Dir = Awaited<ReturnType<typeof freshDir>>;

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function countListRecords(d: Dir): Promise<number> {
  const h = await openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
  try {
    const r = await h.db
      .selectFrom("list_record")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await h.close();
  }
}

// Each case starts `sabt` processes (module loading plus opening the database).
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

describe("sabt import persons: files it cannot read", () => {
  it.each([
    [
      "UTF-16",
      () =>
        writeFile(
          "u16.csv",
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("record_id,full_name\n1,رضا\n", "utf16le")]),
        ),
      /UTF-16/,
    ],
    [
      "Windows-1256",
      () =>
        writeFile(
          "cp1256.csv",
          Buffer.concat([Buffer.from("record_id,full_name\n1,"), Buffer.from([0xd1, 0xd6, 0xc7, 0x0a])]),
        ),
      /not UTF-8 \(line 2/,
    ],
    ["a directory", () => tempDir(), /is not a file/],
    ["a missing file", () => path.join(tempDir(), "missing.csv"), /does not exist/],
  ])("refuses %s with a --json report and exit code 1, writing nothing", async (_what, make, message) => {
    const d = await freshDir();
    const r = await runSabt(
      ["import", "persons", make(), "--list", "Fictional unreadable list", "--json"],
      d.env,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      rows: 0,
      imported: 0,
      unchanged: 0,
      errors: [{ row: 0, column: "", message: expect.stringMatching(message) }],
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await countListRecords(d)).toBe(0);
  });
});

describe("sabt import persons: Ctrl-C", () => {
  it("stops after the batch in progress, exits 130, and a re-run completes the list", async () => {
    const d = await freshDir();
    const N = 3000;
    const rows = ["record_id,full_name,death_date"];
    for (let i = 1; i <= N; i++) rows.push(`c${i},Fictional Person ${i},1367/05/${(i % 28) + 1}`);
    const file = writeFile("ctrl-c.csv", rows.join("\n") + "\n");
    const child = startSabt(
      ["import", "persons", file, "--list", "Fictional Ctrl-C list", "--batch", "50"],
      d.env,
    );
    await waitForOutput(child, "stderr", /importing Fictional Ctrl-C list: \d+\/3000/);
    const closed = new Promise<number | null>((r) => child.on("close", r));
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    const done = await countListRecords(d);
    expect(done).toBeLessThan(N);
    expect(done % 50).toBe(0);

    const rerun = await runSabt(
      ["import", "persons", file, "--list", "Fictional Ctrl-C list", "--json"],
      d.env,
    );
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toEqual({ rows: N, imported: N - done, unchanged: done, errors: [], conflicts: [] });
  });
});
