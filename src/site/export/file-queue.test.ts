import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/template.ts";
import { FileQueue } from "./file-queue.ts";

const root = tempDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the export's background file writes", () => {
  it("writes files into folders it creates once asked, the writes to one file in the order queued", async () => {
    const q = new FileQueue(4);
    const file = path.join(root, "a", "b", "index.html");
    const write = (f: string, text: string) => async () => {
      await q.folderOf(f);
      await fsp.writeFile(f, text);
    };
    q.run(file, write(file, "first"));
    q.run(file, () => fsp.rm(file));
    q.run(file, write(file, "last"));
    for (let i = 0; i < 20; i++) {
      const other = path.join(root, "a", `p${i}`, "index.html");
      await q.room();
      q.run(other, write(other, String(i)));
    }
    await q.settled();
    expect(fs.readFileSync(file, "utf8")).toBe("last");
    expect(fs.readFileSync(path.join(root, "a", "p19", "index.html"), "utf8")).toBe("19");
  });

  it("holds no more than its limit in flight", async () => {
    const q = new FileQueue(3);
    let inFlight = 0;
    let most = 0;
    for (let i = 0; i < 12; i++) {
      await q.room();
      q.run(path.join(root, "limit", `${i}.txt`), async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
      });
    }
    await q.settled();
    expect(most).toBe(3);
  });

  it("throws the first failure from the next wait, and drains without throwing before a clean-up", async () => {
    const q = new FileQueue(8);
    const blocker = path.join(root, "blocker");
    fs.writeFileSync(blocker, "a file where a folder is needed");
    const file = path.join(blocker, "index.html");
    q.run(file, async () => {
      await q.folderOf(file);
      await fsp.writeFile(file, "x");
    });
    await q.drained();
    await expect(q.room()).rejects.toThrow(/ENOTDIR|EEXIST/);
    await expect(q.settled()).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});
