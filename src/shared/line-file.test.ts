import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeChunks, writeLines } from "./line-file.ts";

const dir = mkdtempSync(join(tmpdir(), "sabt-line-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeLines", () => {
  it("writes the same text as joining every line, across many chunks and in Persian too", () => {
    const lines = Array.from({ length: 120_000 }, (_, k) => (k % 3 === 0 ? `r${k},حسن‌زاده,۱۳۶۷` : `r${k},c${k % 97},0.12345`));
    const file = join(dir, "many.csv");
    writeLines(file, lines.length, (k) => lines[k]!);
    expect(readFileSync(file, "utf8")).toBe(lines.join("\n") + "\n");
  });

  it("replaces an existing file, and writes nothing for no lines", () => {
    const file = join(dir, "old.csv");
    writeFileSync(file, "a much longer old content that must not survive\n");
    writeLines(file, 1, () => "new");
    expect(readFileSync(file, "utf8")).toBe("new\n");
    writeLines(file, 0, () => "never");
    expect(readFileSync(file, "utf8")).toBe("");
  });
});

describe("writeChunks", () => {
  it("writes the chunks one after another, replacing the file", () => {
    const file = join(dir, "chunks.bin");
    writeFileSync(file, "old content");
    const enc = new TextEncoder();
    writeChunks(file, [enc.encode("a,b\n"), new Uint8Array(0), enc.encode("حسن,1\n")]);
    expect(readFileSync(file, "utf8")).toBe("a,b\nحسن,1\n");
  });
});
