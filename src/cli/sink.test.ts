import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openLineSink } from "./sink.ts";

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "sabt-sink-"));

describe("the --out line sink", () => {
  it("creates the folder, writes under a temporary name and renames the file into place on close", async () => {
    const out = path.join(tmpDir(), "new", "export.jsonl");
    const sink = openLineSink(out);
    await sink.write('{"a":1}');
    expect(fs.existsSync(out)).toBe(false);
    await sink.close();
    expect(fs.readFileSync(out, "utf8")).toBe('{"a":1}\n');
  });

  it("waits for the disk on large exports without piling up listeners", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const out = path.join(tmpDir(), "big.jsonl");
      const sink = openLineSink(out);
      const line = "x".repeat(200);
      for (let i = 0; i < 50_000; i++) await sink.write(line);
      await sink.close();
      await new Promise((r) => setImmediate(r));
      expect(fs.statSync(out).size).toBe(50_000 * 201);
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("refuses a path whose folder cannot exist with a validation error", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "plain-file"), "x");
    expect(() => openLineSink(path.join(dir, "plain-file", "export.jsonl"))).toThrow(
      expect.objectContaining({ id: "validation_failed", message: expect.stringContaining("--out") }),
    );
  });

  it("turns a file that cannot be opened into a rejected write instead of an unhandled stream error", async () => {
    const dir = tmpDir();
    const out = path.join(dir, "export.jsonl");
    // A folder where the temporary file goes: opening it fails after the sink is made.
    fs.mkdirSync(path.join(dir, `.export.jsonl.${process.pid}.tmp`));
    const sink = openLineSink(out);
    await new Promise((r) => setTimeout(r, 50));
    await expect(sink.write("line")).rejects.toMatchObject({ id: "validation_failed" });
    sink.abort();
    expect(fs.existsSync(out)).toBe(false);
  });
});
