/**
 * `sabt lists …` from the command line: link two small fictional lists, read the review queue as
 * JSON, and decide a pair of it; bad input gets one clear line and a non-zero exit.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { createTestDataDir } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";

let dir: Awaited<ReturnType<typeof createTestDataDir>>;

function writeCsv(name: string, rows: string[]): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

beforeAll(async () => {
  dir = await createTestDataDir();
  // Fictional people on two lists, with spellings and dates that leave the model unsure.
  const a = writeCsv("fa.csv", [
    "record_id,full_name,father_name,birth,death_date,prison",
    "a1,Fereydoun Zanganeh,Abbas,1960,1367-05-10,Evin",
    "a2,Shahrokh Tirgaran,Mahmoud,1958,1367-05-12,Gohardasht",
    "a3,Parvaneh Kajvand,Karim,1962,1367-06-01,Evin",
  ]);
  const b = writeCsv("en.csv", [
    "record_id,full_name,father_name,birth,death_date,prison",
    "b1,Fereidoun Zanganeh,,1961,1988-08,Evin",
    "b2,Shahrokh Tirgaran,Mahmud,1958,1988-08-03,Gohardasht",
    "b3,Manijeh Sarabi,Hassan,1955,1988,Evin",
  ]);
  for (const [file, list] of [[a, "Fictional list A"], [b, "Fictional list B"]] as const) {
    expect((await runSabt(["import", "persons", file, "--list", list], dir.env)).code).toBe(0);
  }
  expect((await runSabt(["lists", "link", "--band-low", "0.01", "--band-high", "0.999"], dir.env)).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await dir.cleanup();
});

describe("sabt lists decide", () => {
  it("records a reviewer's decision on a queued pair, which the next linkage run keeps", async () => {
    const queue = JSON.parse((await runSabt(["lists", "review", "--json"], dir.env)).stdout) as { pending: number; pairs: { left: string; right: string }[] };
    expect(queue.pairs.length).toBeGreaterThan(0);
    const pair = queue.pairs[0]!;
    const decided = await runSabt(["lists", "decide", pair.left, pair.right, "--non-match", "--note", "different fathers", "--json"], dir.env);
    expect(decided.code, decided.stderr).toBe(0);
    expect(JSON.parse(decided.stdout)).toMatchObject({ decisions: 1 });
    const link = JSON.parse((await runSabt(["lists", "link", "--band-low", "0.01", "--band-high", "0.999", "--json"], dir.env)).stdout) as { decisions: number };
    expect(link.decisions).toBe(1);
    const after = JSON.parse((await runSabt(["lists", "review", "--json"], dir.env)).stdout) as { pairs: { left: string; right: string }[] };
    expect(after.pairs.some((p) => p.left === pair.left && p.right === pair.right)).toBe(false);
  });

  it.each([
    [["x:1", "y:2"], /exactly one of --match or --non-match/],
    [["no-colon", "y:2", "--match"], /left: a record as LIST_ID:RECORD_ID/],
    [["00000000-0000-4000-8000-000000000000:1", "00000000-0000-4000-8000-000000000000:2", "--match"], /not found/],
  ])("refuses %j with one clear line", async (args, message) => {
    const r = await runSabt(["lists", "decide", ...args], dir.env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
