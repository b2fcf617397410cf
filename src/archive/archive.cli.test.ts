import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDataDir } from "../../test/db.ts";
import { openDatabase } from "../db/index.ts";
import { validateBag } from "./bagit.validator.ts";
import { makeSimplePdf } from "../../test/simple-pdf.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../../bin/sabt.js");

let env: Record<string, string>;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await createTestDataDir();
  env = t.env;
  dataDir = t.dataDir;
  cleanup = () => t.cleanup();
}, 120_000);
afterAll(async () => cleanup());

async function sabt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, SABT_LOG_LEVEL: "silent" },
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Each `sabt` run starts Node and tsx; on a loaded machine that takes seconds.
describe("sabt archive / sabt bag", { timeout: 300_000 }, () => {
  it("adds a file, bags it, and names the item when its stored file is damaged", async () => {
    const file = path.join(dataDir, "..", `statement-${process.pid}.txt`);
    fs.writeFileSync(file, "Fictional witness statement: the bus left the prison at dawn.\n");
    const add = await sabt([
      "archive",
      "add",
      file,
      "--title",
      "Statement",
      "--source-url",
      "https://example.org/s",
      "--json",
    ]);
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const out = JSON.parse(add.stdout) as { id: string; sha256: string; size: number };
    expect(Object.keys(out).sort()).toEqual(["id", "sha256", "size"]);
    expect(out.sha256).toBe(execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0]);
    expect(out.size).toBe(fs.statSync(file).size);

    const bagDir = path.join(dataDir, "..", `bag-${process.pid}`);
    const bag = await sabt(["bag", out.id, "--out", bagDir]);
    expect(bag.code).toBe(0);
    expect(bag.stdout).toMatch(/bag validates/);
    expect((await validateBag(bagDir)).valid).toBe(true);

    expect((await sabt(["archive", "verify"])).code).toBe(0);
    const blob = path.join(
      dataDir,
      "blobs",
      "sha256",
      out.sha256.slice(0, 2),
      out.sha256.slice(2, 4),
      out.sha256,
    );
    fs.chmodSync(blob, 0o644);
    fs.appendFileSync(blob, "x");
    const verify = await sabt(["archive", "verify", "--json"]);
    expect(verify.code).toBe(1);
    const result = JSON.parse(verify.stdout) as { ok: boolean; problems: { itemId: string; kind: string }[] };
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ itemId: out.id, kind: "mismatch" })]);
    fs.rmSync(file);
    fs.rmSync(bagDir, { recursive: true });
  });

  it("extracts the text of every page of a PDF it adds, for search and citation", async () => {
    const file = path.join(dataDir, "..", `bulletin-${process.pid}.pdf`);
    fs.writeFileSync(file, makeSimplePdf([["Fictional bulletin, first page."], ["The Wrenmoor bridge was closed at noon."]]));
    const add = await sabt(["archive", "add", file, "--json"]);
    expect(add.stderr).toBe("");
    const { id } = JSON.parse(add.stdout) as { id: string };
    const h = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL }, { migrate: false });
    try {
      const pages = await h.db.selectFrom("archive_page_text").select(["page", "text"]).where("item_id", "=", id).orderBy("page").execute();
      expect(pages).toEqual([
        { page: 1, text: "Fictional bulletin, first page." },
        { page: 2, text: "The Wrenmoor bridge was closed at noon." },
      ]);
    } finally {
      await h.close();
    }
    fs.rmSync(file);
  });

  it("rejects a missing file with a validation error", async () => {
    const r = await sabt(["archive", "add", "/nonexistent/file.pdf", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/validation_failed/);
  });
});
