import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempDir as newTempDir } from "../../../test/template.ts";
import { EXPORT_MARKER, EXPORT_META_DIR, ExportTarget, exportRunOf, PatchTarget, retiredDirOf, stagingDirOf } from "./export-target.ts";

const made: string[] = [];
/** A temporary directory removed after the file's tests. */
function tempDir(): string {
  const d = newTempDir();
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A committed export of the given files. */
async function exportOf(dir: string, files: Record<string, string>): Promise<void> {
  const t = ExportTarget.open(dir);
  for (const [rel, text] of Object.entries(files)) t.write(rel, text);
  await t.commit();
}

describe("ExportTarget", () => {
  it("keeps an unchanged file as the previous export's own, lists changed and deleted files", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "a/index.html": "same", "b.txt": "old", "gone.txt": "x" });
    const before = fs.statSync(path.join(dir, "a/index.html"));
    const t = ExportTarget.open(dir);
    t.write("a/index.html", "same");
    t.write("b.txt", "new");
    t.write("c.txt", "added");
    expect(await t.commit()).toEqual({ changed: ["b.txt", "c.txt"], deleted: ["gone.txt"] });
    const after = fs.statSync(path.join(dir, "a/index.html"));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("new");
    expect(fs.existsSync(path.join(dir, "gone.txt"))).toBe(false);
    expect(fs.existsSync(path.join(dir, EXPORT_MARKER))).toBe(true);
    expect(fs.existsSync(stagingDirOf(dir)) || fs.existsSync(retiredDirOf(dir))).toBe(false);
  });

  it("does not change the previous export's file when a kept file is written again", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "search/index.html": "page" });
    const t = ExportTarget.open(dir);
    t.write("search/index.html", "page");
    t.write("search/index.html", "page with script");
    expect((await t.read("search/index.html")).toString()).toBe("page with script");
    expect(fs.readFileSync(path.join(dir, "search/index.html"), "utf8")).toBe("page");
    await t.discard();
    expect(fs.readFileSync(path.join(dir, "search/index.html"), "utf8")).toBe("page");
    expect(() => t.write("late.png", "x")).toThrow();
    expect(fs.existsSync(stagingDirOf(dir))).toBe(false);
  });

  it("fails its commit when a file could not be written, and leaves the previous export as it was when discarded", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "a/index.html": "kept" });
    const t = ExportTarget.open(dir);
    t.write("a", "a file where the next write needs a folder");
    t.write("a/index.html", "new");
    await expect(t.commit("run-2")).rejects.toThrow(/EISDIR|ENOTDIR|EEXIST/);
    await t.discard();
    expect(fs.readFileSync(path.join(dir, "a/index.html"), "utf8")).toBe("kept");
    expect(fs.existsSync(stagingDirOf(dir))).toBe(false);
  });

  it("puts back a previous export left aside by a run killed between its two renames", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "index.html": "kept" });
    fs.renameSync(dir, retiredDirOf(dir));
    const t = ExportTarget.open(dir);
    expect(fs.readFileSync(path.join(dir, "index.html"), "utf8")).toBe("kept");
    await t.discard();
    expect(fs.existsSync(retiredDirOf(dir))).toBe(false);
  });
});

describe("PatchTarget", () => {
  it("moves in only the changed files, deletes what it is told, and records the run", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "a/index.html": "same", "b.txt": "old", "gone/x/index.html": "x" });
    const kept = fs.statSync(path.join(dir, "a/index.html"));
    const t = PatchTarget.open(dir);
    t.write("a/index.html", "same");
    t.write("b.txt", "new");
    expect((await t.read("b.txt")).toString()).toBe("new");
    // An unchanged file is not staged, nor its folder.
    expect(fs.existsSync(path.join(t.staging, "a"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("old");
    t.write("c/index.html", "added");
    expect(await t.commit("run-2", ["gone/x/index.html"], 3)).toEqual({ changed: ["b.txt", "c/index.html"], deleted: ["gone/x/index.html"] });
    const after = fs.statSync(path.join(dir, "a/index.html"));
    expect([after.ino, after.mtimeMs]).toEqual([kept.ino, kept.mtimeMs]);
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("new");
    expect(fs.readFileSync(path.join(dir, "c/index.html"), "utf8")).toBe("added");
    // Emptied folders go too, as a full export would not have them.
    expect(fs.existsSync(path.join(dir, "gone"))).toBe(false);
    expect(exportRunOf(dir)).toBe("run-2");
    expect(fs.readFileSync(path.join(dir, EXPORT_META_DIR, "changed.txt"), "utf8")).toBe("b.txt\nc/index.html\n");
    expect(fs.existsSync(stagingDirOf(dir))).toBe(false);
  });

  it("leaves the export as it was when discarded", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "b.txt": "old" });
    const t = PatchTarget.open(dir);
    t.write("b.txt", "new");
    await t.discard();
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("old");
    expect(fs.existsSync(stagingDirOf(dir))).toBe(false);
  });

  it("is finished by the next run when the one moving its files was killed half-way", async () => {
    const dir = path.join(tempDir(), "mirror");
    await exportOf(dir, { "a.txt": "a1", "b.txt": "b1", "c.txt": "c1" });
    const t = PatchTarget.open(dir);
    t.write("a.txt", "a2");
    t.write("b.txt", "b2");
    const real = fs.renameSync;
    let moves = 0;
    const spy = vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (++moves > 1) throw new Error("killed");
      real(from, to);
    });
    try {
      await expect(t.commit("run-2", ["c.txt"], 2)).rejects.toThrow("killed");
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("a2");
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("b1");
    // The next export, whichever kind, first completes the patch.
    await ExportTarget.open(dir).discard();
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("b2");
    expect(fs.existsSync(path.join(dir, "c.txt"))).toBe(false);
    expect(exportRunOf(dir)).toBe("run-2");
  });
});
